// Review: the queue of submitted posts, a post with its findings and the manual checklist to
// approve or send back with a comment, and the audit log of who did what under which
// guideline version (exportable as CSV).
import "../liveWords";
import { AssistantNotes } from "../assistant/AssistantNotes";
import { XCostLine } from "../editor/XCostLine";
import { LineQuotaLine } from "../editor/LineQuotaLine";
import { auditComment } from "../audit";
import { useCallback, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useReload } from "../useReload";
import { toIpcError, touches } from "../api";
import {
  approvePost,
  auditLog,
  checkPost,
  currentGuideline,
  exportAuditCsv,
  getPost,
  guidelineRules,
  mediaThumbnail,
  postMedia,
  requestChanges,
  reviewQueue,
  type ChecklistItem,
  type IpcError,
  type MediaInfo,
  type PostCheck,
  type PostDetail,
  type QueuedPost,
  type ReviewEntry,
} from "../bindings";
import { FormError } from "../components/FormError";
import { Notice } from "../components/Notice";
import { bySeverity, findingMessage } from "../guideline";

export function ReviewScreen() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<"queue" | "log">("queue");
  const [queue, setQueue] = useState<QueuedPost[]>([]);
  const [log, setLog] = useState<ReviewEntry[]>([]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<IpcError | null>(null);

  const load = useCallback(() => {
    Promise.all([reviewQueue(), auditLog(null)])
      .then(([q, l]) => {
        setQueue(q);
        setLog(l);
      })
      .catch((e: unknown) => setError(toIpcError(e)));
  }, []);
  useReload(load, (c) => touches(c, "posts", "people", "guideline", "team"));

  return (
    <section className="review-screen" aria-labelledby="review-title">
      <header className="screen-header title-row">
        <h1 id="review-title">{t("review.title")}</h1>
        <div className="actions">
          <button
            type="button"
            onClick={() =>
              void exportAuditCsv()
                .then((path) => setNotice(t("review.exported", { path })))
                .catch((e: unknown) => setError(toIpcError(e)))
            }
          >
            {t("review.exportLog")}
          </button>
        </div>
      </header>
      <Notice text={notice} />
      <FormError error={error} />
      <div role="tablist" className="tabs screen-tabs" aria-label={t("review.title")}>
        <button type="button" role="tab" aria-selected={tab === "queue"} onClick={() => setTab("queue")}>
          {t("review.queue", { count: queue.length })}
        </button>
        <button type="button" role="tab" aria-selected={tab === "log"} onClick={() => setTab("log")}>
          {t("review.log")}
        </button>
      </div>
      {tab === "queue" ? (
        <div className="review-grid">
          <ul className="review-queue" aria-label={t("review.queueLabel")}>
            {queue.length === 0 && <li className="muted">{t("review.empty")}</li>}
            {queue.map((q) => (
              <li key={q.post}>
                <button type="button" aria-pressed={chosen === q.post} onClick={() => setChosen(q.post)}>
                  <strong>{q.title}</strong>
                  <span className="muted small">
                    {q.author_name ?? "—"} · {q.local_time?.replace("T", " ") ?? t("editor.unscheduled")} ·{" "}
                    {t("review.approvals", { have: q.approvals, need: q.needed })}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {chosen && queue.some((q) => q.post === chosen) && (
            <ReviewPanel key={chosen} postId={chosen} onDone={(text) => setNotice(text)} />
          )}
        </div>
      ) : (
        <AuditTable log={log} />
      )}
    </section>
  );
}

function ReviewPanel(props: { postId: string; onDone: (notice: string) => void }) {
  const { t, i18n } = useTranslation();
  const commentId = useId();
  const [post, setPost] = useState<PostDetail | null>(null);
  const [check, setCheck] = useState<PostCheck | null>(null);
  const [checklist, setChecklist] = useState<ChecklistItem[]>([]);
  const [images, setImages] = useState<{ info: MediaInfo; src: string }[]>([]);
  const [ticked, setTicked] = useState<string[]>([]);
  const [comment, setComment] = useState("");
  const [error, setError] = useState<IpcError | null>(null);

  useEffect(() => {
    Promise.all([getPost(props.postId), checkPost(props.postId), currentGuideline()])
      .then(async ([p, c, g]) => {
        // The checklist arrives with the post, never after it: an empty list for a moment would
        // let "approve" look ready before there is anything to tick.
        const items = g ? (await guidelineRules(g.version)).checklist : [];
        setChecklist(items);
        setPost(p);
        setCheck(c);
        const media = await postMedia(props.postId);
        setImages(await Promise.all(media.map(async (info) => ({ info, src: await mediaThumbnail(info.id) }))));
      })
      .catch((e: unknown) => setError(toIpcError(e)));
  }, [props.postId]);

  if (!post || !check) return <div className="panel-card">{t("app.loading")}</div>;
  const all = [...check.findings, ...check.variants.flatMap((v) => v.findings)];
  const act = (run: () => Promise<null>, notice: string) =>
    void run()
      .then(() => props.onDone(notice))
      .catch((e: unknown) => setError(toIpcError(e)));

  return (
    <div className="panel-card review-panel" aria-label={t("review.reviewing", { title: post.title })} role="region">
      <h2>{post.title}</h2>
      <p className="review-text">{post.body}</p>
      {post.variants
        .filter((v) => v.body !== null)
        .map((v) => (
          <p key={v.platform} className="review-text variant">
            <span className="muted small">{t(`platform.${v.platform}`)}: </span>
            {v.body}
          </p>
        ))}
      {images.length > 0 && (
        <ul className="review-images">
          {images.map(({ info, src }) => (
            <li key={info.id}>
              <img src={src} alt={info.alt_text || info.file_name} />
              <span className="muted small">
                {info.file_name}
                {info.faces_visible && ` · ${t("images.faces")}`}
                {info.people.length > 0 && ` · ${t("images.people")} ${info.people.length}`}
              </span>
            </li>
          ))}
        </ul>
      )}
      <AssistantNotes postId={props.postId} />
      {post.variants.some((v) => v.platform === "x") && <XCostLine postId={props.postId} />}
      {post.variants.some((v) => v.platform === "line") && <LineQuotaLine postId={props.postId} />}
      <div>
        <h3>{t("guideline.findings")}</h3>
        {all.length === 0 ? (
          <p className="muted small">{t("guideline.clean")}</p>
        ) : (
          <ul className="findings">
            {bySeverity(all).map((f, i) => (
              <li key={i} className={`finding finding-${f.severity}`}>
                <span className="finding-severity">{t(`guideline.severity.${f.severity}`)}</span>
                <span>{findingMessage(f, i18n.language)}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <fieldset className="checklist">
        <legend>{t("review.checklist", { version: check.guideline_version })}</legend>
        {checklist.map((c) => (
          <label key={c.id} className="inline">
            <input
              type="checkbox"
              checked={ticked.includes(c.id)}
              onChange={(e) => setTicked((x) => (e.target.checked ? [...x, c.id] : x.filter((y) => y !== c.id)))}
            />
            {c.text}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={commentId}>{t("review.comment")}</label>
        <textarea id={commentId} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
      </div>
      <FormError error={error} />
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={ticked.length < checklist.length || check.blocking}
          onClick={() => act(() => approvePost(props.postId, ticked, comment), t("review.approvedNotice", { title: post.title }))}
        >
          {t("review.approve")}
        </button>
        <button type="button" onClick={() => act(() => requestChanges(props.postId, comment), t("review.sentBack", { title: post.title }))}>
          {t("review.requestChanges")}
        </button>
        {ticked.length < checklist.length && <span className="muted small">{t("review.tickAll")}</span>}
      </div>
    </div>
  );
}

function AuditTable(props: { log: ReviewEntry[] }) {
  const { t, i18n } = useTranslation();
  if (props.log.length === 0) return <p className="muted">{t("review.logEmpty")}</p>;
  return (
    <table className="audit" aria-label={t("review.log")}>
      <thead>
        <tr>
          <th scope="col">{t("review.when")}</th>
          <th scope="col">{t("review.post")}</th>
          <th scope="col">{t("review.action")}</th>
          <th scope="col">{t("review.who")}</th>
          <th scope="col">{t("review.contentVersion")}</th>
          <th scope="col">{t("review.guidelineVersion")}</th>
          <th scope="col">{t("review.comment")}</th>
        </tr>
      </thead>
      <tbody>
        {props.log.map((e) => (
          <tr key={e.id}>
            <td>{new Date(e.at).toLocaleString(i18n.language, { dateStyle: "short", timeStyle: "short" })}</td>
            <td>{e.post_title}</td>
            <td>
              <span className={`audit-action action-${e.action}`}>{t(`review.actions.${e.action}`)}</span>
            </td>
            <td>
              {e.actor_name ?? "—"}
              {e.self_approved && (
                <span className="badge self-approved" title={t("review.selfApprovedHelp")}>
                  {" "}
                  {t("review.selfApproved")}
                </span>
              )}
            </td>
            <td>
              <code>{e.content}</code>
            </td>
            <td>{e.guideline_version ?? "—"}</td>
            <td>{auditComment(e.comment, t)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
