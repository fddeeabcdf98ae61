// The dashboard's read-only panels: reach and engagement per platform, the top posts (with
// marking one as a success story), results per theme and purpose, the temperature map and the
// success stories. Numbers a platform does not count are shown as "—", never as 0.
import { useId, useMemo, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { toIpcError } from "../api";
import { QrCode } from "../components/QrCode";
import { markSuccess, unmarkSuccess, type GroupResult, type IpcError, type PlatformTrend, type SuccessStory, type TemperatureMap, type TopPost } from "../bindings";
import { Chart } from "./Chart";
import { monthLabel, platformModel } from "./chartData";
import { PostReactions } from "./Charts";
import { bars, warmth } from "./shape";

export function PlatformsPanel(props: { platforms: PlatformTrend[]; months: string[] }) {
  const { t, i18n } = useTranslation();
  const fmt = (v: number) => v.toLocaleString(i18n.language);
  const shown = props.platforms.filter((p) => p.planned !== null || p.months.some((m) => m.posts > 0));
  const model = useMemo(() => platformModel(props.platforms, props.months, i18n.language, (p) => t(`platform.${p}`)), [props.platforms, props.months, i18n.language, t]);
  return (
    <section className="panel-card" aria-label={t("dashboard.platforms")}>
      <h2>{t("dashboard.platforms")}</h2>
      {model.series.length > 0 && <Chart title={t("dashboard.reactionsByPlatform")} model={model} />}
      {shown.length === 0 ? (
        <p className="muted small">{t("dashboard.noPosts")}</p>
      ) : (
        <table className="dash-table">
          <thead>
            <tr>
              <th>{t("dashboard.platform")}</th>
              <th>{t("dashboard.postsByMonth")}</th>
              <th className="n">{t("dashboard.posts")}</th>
              <th className="n">{t("dashboard.planned")}</th>
              <th className="n">{t("dashboard.reactions")}</th>
              <th className="n">{t("dashboard.impressions")}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((p) => {
              const posts = p.months.reduce((a, m) => a + m.posts, 0);
              const reactions = p.months.reduce((a, m) => a + m.reactions, 0);
              const counted = p.months.filter((m) => m.impressions !== null);
              const views = counted.length ? counted.reduce((a, m) => a + (m.impressions ?? 0), 0) : null;
              const heights = bars(p.months.map((m) => m.posts), 22);
              const short = p.planned !== null && posts < p.planned;
              return (
                <tr key={p.platform} className={short ? "short" : undefined}>
                  <td>{t(`platform.${p.platform}`)}</td>
                  <td>
                    <svg className="spark" viewBox={`0 0 ${heights.length * 10} 24`} role="img" aria-label={t("dashboard.postsTrend", { platform: t(`platform.${p.platform}`) })}>
                      {heights.map((h, i) => (
                        <rect key={props.months[i] ?? i} x={i * 10 + 1} y={23 - h} width={8} height={h} />
                      ))}
                    </svg>
                  </td>
                  <td className="n">{fmt(posts)}</td>
                  <td className="n">{p.planned === null ? "—" : fmt(p.planned)}</td>
                  <td className="n">{fmt(reactions)}</td>
                  <td className="n">{views === null ? "—" : fmt(views)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function TopPosts(props: { posts: TopPost[]; successes: SuccessStory[]; onChanged: (notice: string) => void; onError: (e: IpcError | null) => void }) {
  const { t, i18n } = useTranslation();
  const noteId = useId();
  const [marking, setMarking] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!marking) return;
    try {
      await markSuccess(marking, note);
      setMarking(null);
      setNote("");
      props.onError(null);
      props.onChanged(t("dashboard.marked"));
    } catch (err) {
      props.onError(toIpcError(err));
    }
  };
  return (
    <section className="panel-card" aria-label={t("dashboard.top")}>
      <h2>{t("dashboard.top")}</h2>
      {props.posts.length === 0 && <p className="muted small">{t("dashboard.noPosts")}</p>}
      <ol className="top-posts">
        {props.posts.map((p) => {
          const success = props.successes.some((s) => s.post === p.post);
          return (
            <li key={p.post}>
              <strong>{p.title}</strong>{" "}
              <span className="muted small">
                {p.platforms.map((x) => t(`platform.${x}`)).join("・")} · ♥{p.reactions.toLocaleString(i18n.language)}
                {p.impressions !== null && ` · ${t("dashboard.impressions")} ${p.impressions.toLocaleString(i18n.language)}`}
              </span>{" "}
              <button
                type="button"
                className="link"
                aria-expanded={open === p.post}
                aria-label={`${t(open === p.post ? "dashboard.hideReactions" : "dashboard.showReactions")}: ${p.title}`}
                onClick={() => setOpen(open === p.post ? null : p.post)}
              >
                {t(open === p.post ? "dashboard.hideReactions" : "dashboard.showReactions")}
              </button>{" "}
              {success ? (
                <span className="badge success">{t("dashboard.successBadge")}</span>
              ) : (
                <button type="button" className="link" aria-label={t("dashboard.markLabel", { title: p.title })} onClick={() => setMarking(p.post)}>
                  {t("dashboard.mark")}
                </button>
              )}
              {marking === p.post && (
                <form className="inline-form" onSubmit={(e) => void save(e)}>
                  <label htmlFor={noteId}>{t("dashboard.whatHappened")}</label>
                  <input id={noteId} value={note} placeholder={t("dashboard.whatHappenedExample")} onChange={(e) => setNote(e.target.value)} />
                  <button type="submit" disabled={!note.trim()}>
                    {t("dashboard.saveSuccess")}
                  </button>
                  <button type="button" className="link" onClick={() => setMarking(null)}>
                    {t("dashboard.cancel")}
                  </button>
                </form>
              )}
              {p.url && <QrCode url={p.url} title={p.title} />}
              {open === p.post && <PostReactions post={p.post} title={p.title} onError={props.onError} />}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

export function Groups(props: { title: string; groups: GroupResult[] }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="panel-card" aria-label={props.title}>
      <h2>{props.title}</h2>
      {props.groups.length === 0 && <p className="muted small">{t("dashboard.noPosts")}</p>}
      <table className="dash-table">
        <tbody>
          {props.groups.map((g) => (
            <tr key={g.name ?? "—"}>
              <td>{g.name ?? t("dashboard.none")}</td>
              <td className="n">{t("dashboard.postCount", { count: g.posts })}</td>
              <td className="n">♥{g.reactions.toLocaleString(i18n.language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function Temperature(props: { map: TemperatureMap }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="panel-card" aria-label={t("dashboard.temperature")}>
      <h2>{t("dashboard.temperature")}</h2>
      <p className="muted small">{t("dashboard.temperatureHelp")}</p>
      {props.map.rows.length === 0 ? (
        <p className="muted small">{t("dashboard.noPeople")}</p>
      ) : (
        <table className="dash-table temperature">
          <thead>
            <tr>
              <th>{t("dashboard.department")}</th>
              {props.map.months.map((m) => (
                <th key={m}>{monthLabel(m, i18n.language)}</th>
              ))}
              <th className="n">{t("dashboard.change")}</th>
            </tr>
          </thead>
          <tbody>
            {props.map.rows.map((r) =>
              r.group === "too_small" ? (
                // No figure at all for a group below the minimum size, not even its headcount.
                <tr key="too-small">
                  <td>{t("dashboard.tooSmall")}</td>
                  <td colSpan={props.map.months.length + 1} className="muted small">
                    {t("dashboard.tooSmallHelp")}
                  </td>
                </tr>
              ) : (
              <tr key={r.group === "others" ? "others" : (r.department ?? "—")}>
                <td>
                  {r.group === "others" ? t("dashboard.others") : (r.department ?? t("dashboard.noDepartment"))} <span className="muted small">{t("dashboard.people", { count: r.headcount })}</span>
                </td>
                {r.cells.map((c) => (
                  <td key={c.month} style={{ background: warmth(c.rate) }} title={t("dashboard.cellTitle", { count: c.participants, total: r.headcount })}>
                    {Math.round(c.rate * 100)}%
                  </td>
                ))}
                <td className="n">{r.change === null ? "" : `${r.change >= 0 ? "+" : ""}${Math.round(r.change * 100)}pt`}</td>
              </tr>
              ),
            )}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function Successes(props: { stories: SuccessStory[]; onChanged: (notice: string) => void; onError: (e: IpcError | null) => void }) {
  const { t } = useTranslation();
  return (
    <section className="panel-card successes" aria-label={t("dashboard.successes")}>
      <h2>{t("dashboard.successes")}</h2>
      {props.stories.length === 0 && <p className="muted small">{t("dashboard.noSuccesses")}</p>}
      <ul>
        {props.stories.map((s) => (
          <li key={s.post} className="story">
            <strong>{s.title}</strong>
            <p>{s.note}</p>
            <button
              type="button"
              className="link"
              onClick={() =>
                void unmarkSuccess(s.post)
                  .then(() => props.onChanged(t("dashboard.unmarked")))
                  .catch((e: unknown) => props.onError(toIpcError(e)))
              }
            >
              {t("dashboard.unmark")}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
