// The content calendar: month, week and list views of the posts in the workspace zone;
// click a day to create a post, drag to reschedule (with undo), filter and colour, and the
// planning panel with cadence shortfalls and open recurring slots.
import "../liveWords";
import type { DateClickArg } from "@fullcalendar/interaction";
import type { DatesSetArg, EventClickArg, EventContentArg, EventDropArg, EventInput } from "@fullcalendar/core";
import jaLocale from "@fullcalendar/core/locales/ja";
import dayGridPlugin from "@fullcalendar/daygrid";
import interactionPlugin from "@fullcalendar/interaction";
import listPlugin from "@fullcalendar/list";
import FullCalendar from "@fullcalendar/react";
import timeGridPlugin from "@fullcalendar/timegrid";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { onChanged, toIpcError, touches } from "../api";
import {
  restorePost,
  exportIcs,
  listPeople,
  monthPlanning,
  monthView,
  calendarPosts,
  benchPainted,
  PLATFORMS,
  POST_STATUSES,
  reschedulePost,
  type CalendarPost,
  type IpcError,
  type MonthPlanning,
  type MonthView,
  type OpenSlot,
  type RequestDue,
  type PersonSummary,
  type Platform,
  type PostStatus,
} from "../bindings";
import { accountLabel, endedBefore, postColour } from "../accounts";
import { CalendarLegend, useAccounts } from "../components/CalendarLegend";
import { UndoToast, type Toast } from "../components/UndoToast";
import { PlanSheet } from "../components/PlanSheet";
import { PostSearch } from "../components/PostSearch";
import { useCalendarKeys } from "../components/calendarKeys";
import { zoneLabel } from "../zones";
import { dateInZone, firstMonths, monthOf, monthsBetween, timeOf, toEvents, toLocalTime } from "../calendarEvents";
import { changedSince, takePrefetched, takeReady } from "../prefetch";
import { ErrorPanel } from "../components/ErrorPanel";
import { NewPostDialog } from "../components/NewPostDialog";
import { PlanningPanel } from "../components/PlanningPanel";
import { PostEditor } from "../editor/PostEditor";
import { STATUS_COLORS } from "../status";

type ViewName = "dayGridMonth" | "timeGridWeek" | "listMonth";
type NewPostAt = { date: string; time: string; title?: string; platform?: Platform };

export function CalendarScreen(props: { timeZone: string; onOpenRequests: () => void; defaultPerson?: string; ambassador?: boolean; partialView?: boolean }) {
  const { t, i18n } = useTranslation();
  const ref = useRef<FullCalendar>(null);
  // The months on screen: known before FullCalendar has loaded (see `firstMonths`), then
  // whatever it shows after navigation. The title comes from FullCalendar.
  const [first] = useState(() => {
    const range = firstMonths(dateInZone(new Date(), props.timeZone));
    return { range, ready: takeReady(range.months, range.month) };
  });
  const [range, setRange] = useState<{ months: string[]; month: string } | null>(first.range);
  const [title, setTitle] = useState("");
  // With the first months already here, the grid's first drawing has its posts.
  const [views, setViews] = useState<MonthView[]>(first.ready?.views ?? []);
  const [planning, setPlanning] = useState<MonthPlanning | null>(first.ready?.planning ?? null);
  const [error, setError] = useState<IpcError | null>(null);
  const [view, setView] = useState<ViewName>("dayGridMonth");
  const [platform, setPlatform] = useState<Platform | "">("");
  const [status, setStatus] = useState<PostStatus | "">("");
  const [theme, setTheme] = useState("");
  // On an ambassador's device the calendar opens on their own posts (the filter shows all).
  const [person, setPerson] = useState(props.defaultPerson ?? "");
  const [people, setPeople] = useState<PersonSummary[]>([]);
  const [colourBy, setColourBy] = useState<"status" | "theme" | "account">("status");
  // The laptop's accounts, for each post's account colour and name (none on an ambassador's).
  const accounts = useAccounts();
  const [toast, setToast] = useState<Toast | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [creating, setCreating] = useState<NewPostAt | null>(null);
  const [searching, setSearching] = useState(false);

  const painted = useRef(false);
  const usedFirst = useRef(false);
  const load = useCallback(async (months: string[], month: string) => {
    try {
      const [loaded, plan] = await (takePrefetched(months, month) ??
        Promise.all([Promise.all(months.map((m) => monthView(m))), monthPlanning(month)]));
      setViews(loaded);
      setPlanning(plan);
      setError(null);
    } catch (e) {
      setError(toIpcError(e));
    }
  }, []);

  useEffect(() => {
    if (painted.current || views.length === 0) return;
    // The first calendar is on screen after the next frame: the start-up benchmark's mark.
    painted.current = true;
    requestAnimationFrame(() => requestAnimationFrame(() => void benchPainted()));
  }, [views]);

  useEffect(() => {
    let live = true;
    const off = onChanged((c) => {
      if (!range || !touches(c, "posts", "plan", "requests", "settings")) return;
      if (c.words_only && c.posts.length > 0) {
        // An autosave: only those posts' titles can have changed; reload just them.
        void calendarPosts(c.posts)
          .then((fresh) => {
            const byId = new Map(fresh.map((p) => [p.id, p]));
            setViews((views) => views.map((v) => ({ ...v, posts: v.posts.map((p) => byId.get(p.id) ?? p) })));
          })
          .catch((e: unknown) => setError(toIpcError(e)));
        return;
      }
      void load(range.months, range.month);
    });
    // The months load once the listener is in place, so no change can slip in between; the
    // first months, already here, load again only if something changed since they came.
    void off.then(() => {
      if (!live || !range) return;
      const ready = first.ready;
      if (ready && range === first.range && !usedFirst.current) {
        usedFirst.current = true;
        if (!changedSince(ready.at)) return;
      }
      void load(range.months, range.month);
    });
    return () => {
      live = false;
      void off.then((f) => f());
    };
  }, [range, load, props.timeZone]);

  useEffect(() => {
    listPeople()
      .then(setPeople)
      .catch(() => setPeople([]));
  }, []);

  const onDates = (arg: DatesSetArg) => {
    const month = monthOf(arg.view.currentStart);
    const months = monthsBetween(arg.start, arg.end);
    setTitle(arg.view.title);
    // The first screen's months were already known: the same months do not load again.
    setRange((prev) => (prev && prev.month === month && prev.months.join() === months.join() ? prev : { months, month }));
  };

  const themes = useMemo(() => views.flatMap((v) => v.themes), [views]);
  const themeColour = (id: string | null) => themes.find((th) => th.id === id)?.color ?? "#6b7280";
  const posts = useMemo(
    () =>
      views
        .flatMap((v) => v.posts)
        .filter((p) => !platform || p.platforms.includes(platform))
        .filter((p) => !status || p.status === status)
        .filter((p) => !theme || p.theme_id === theme)
        .filter((p) => !person || p.author_id === person || p.people.includes(person)),
    [views, platform, status, theme, person],
  );

  const events: EventInput[] = useMemo(() => {
    const postEvents = toEvents(posts).map((e) => {
      const post = e.extendedProps?.post as CalendarPost;
      const own = postColour(post, accounts);
      const colour = colourBy === "theme" ? themeColour(post.theme_id) : colourBy === "account" ? (own ?? STATUS_COLORS[post.status]) : STATUS_COLORS[post.status];
      // The account's colour always shows, as the event's edge when another colouring is on.
      return {
        ...e,
        backgroundColor: colour,
        borderColor: own ?? colour,
        classNames: own ? ["with-account"] : [],
        editable: post.status !== "published",
      };
    });
    // An ambassador's laptop holds no colleague's drafts: a slot they filled would show as open.
    const slotEvents: EventInput[] = (props.partialView ? [] : (planning?.open_slots ?? [])).map((s) => ({
      id: `slot-${s.slot_id}-${s.local_time}`,
      title: s.title,
      start: `${s.local_time}:00Z`,
      allDay: false,
      editable: false,
      classNames: ["open-slot"],
      extendedProps: { slot: s },
    }));
    const requestEvents: EventInput[] = views
      .flatMap((v) => v.requests)
      .map((r) => ({
        id: `request-${r.id}-${r.due_on}`,
        title: r.title,
        start: r.due_on,
        allDay: true,
        editable: false,
        classNames: ["request-due"],
        extendedProps: { request: r },
      }));
    return [...postEvents, ...slotEvents, ...requestEvents];
    // themeColour reads `themes`, listed here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [posts, planning, colourBy, themes, views, accounts, props.partialView]);

  // Reactions read back from the platforms, by post.
  const reactions = useMemo(() => new Map(views.flatMap((v) => v.reactions).map((r) => [r.post, r.total])), [views]);

  const renderEvent = (arg: EventContentArg) => {
    const request = arg.event.extendedProps.request as RequestDue | undefined;
    if (request) {
      const label = t("calendar.requestDue", { title: request.title, answered: request.answered, asked: request.asked });
      return (
        <div className="event request" aria-label={label} title={label} data-request-id={request.id}>
          <span className="event-title">
            ✉ {request.title} {request.answered}/{request.asked}
          </span>
        </div>
      );
    }
    const slot = arg.event.extendedProps.slot as OpenSlot | undefined;
    if (slot) {
      const label = t("calendar.openSlot", { title: slot.title, platform: t(`platform.${slot.platform}`) });
      return (
        <div className="event slot" aria-label={label} title={label}>
          <span className="event-time">{slot.local_time.slice(11, 16)}</span>
          <span className="event-title">＋ {slot.title}</span>
        </div>
      );
    }
    const post = arg.event.extendedProps.post as CalendarPost;
    // Where it goes: each platform, with the accounts it names (「X（採用X）」).
    const platforms = post.platforms
      .map((p) => {
        const names = post.accounts.map((id) => accounts.find((a) => a.id === id)).filter((a) => a?.platform === p).map((a) => accountLabel(a!));
        return names.length > 0 ? `${t(`platform.${p}`)}（${names.join("・")}）` : t(`platform.${p}`);
      })
      .join(", ");
    const own = postColour(post, accounts);
    const total = reactions.get(post.id);
    const proof = post.proof ? t(`publishing.proof.${post.proof}`) : null;
    // A connection that will have ended by the post's time: said on the post itself.
    const ended = endedBefore(post, accounts);
    const label =
      t("calendar.eventLabel", { title: post.title, status: proof ?? t(`status.${post.status}`), time: timeOf(post), platforms }) +
      (total === undefined ? "" : t("calendar.reactions", { count: total })) +
      ended.map((a) => t("calendar.connectionEnded", { account: `${accountLabel(a)}（${t(`platform.${a.platform}`)}）` })).join("");
    return (
      <div className="event" aria-label={label} title={label} data-status={post.status} data-id={post.id} data-account-colour={own ?? undefined}>
        <span className="event-time">{timeOf(post)}</span>
        <span className="event-title">{post.title}</span>
        {ended.length > 0 && <span className="event-warning" aria-hidden="true">⚠</span>}
        {post.proof === "verified" && <span className="event-proof" aria-hidden="true">✓</span>}
        {post.proof === "unverified" && <span className="event-proof" aria-hidden="true">…</span>}
        {post.proof === "by_hand" && <span className="event-proof" aria-hidden="true">✋</span>}
        {total !== undefined && <span className="event-reactions">♥{total}</span>}
      </div>
    );
  };

  const move = async (id: string, title: string, to: string, revert?: () => void) => {
    try {
      const moved = await reschedulePost(id, to);
      const previous = moved.previous_local_time;
      setToast({
        text: t("calendar.moved", { title, time: to.replace("T", " ") }),
        undo: previous
          ? () => {
              void reschedulePost(id, previous)
                .then(() => setToast({ text: t("calendar.undone") }))
                .catch((e: unknown) => setError(toIpcError(e)));
            }
          : undefined,
      });
    } catch (e) {
      revert?.();
      setError(toIpcError(e));
    }
  };

  const onDrop = (arg: EventDropArg) => {
    const post = arg.event.extendedProps.post as CalendarPost | undefined;
    if (!post || !arg.event.start) return arg.revert();
    void move(post.id, post.title, toLocalTime(arg.event.start), arg.revert);
  };

  const onDateClick = (arg: DateClickArg) => {
    const iso = arg.date.toISOString();
    setCreating({ date: iso.slice(0, 10), time: arg.allDay ? "12:00" : iso.slice(11, 16) });
  };

  const onEventClick = (arg: EventClickArg) => {
    if (arg.event.extendedProps.request) {
      props.onOpenRequests();
      return;
    }
    const slot = arg.event.extendedProps.slot as OpenSlot | undefined;
    if (slot) {
      setCreating({ date: slot.local_time.slice(0, 10), time: slot.local_time.slice(11, 16), title: slot.title, platform: slot.platform });
      return;
    }
    setEditing(arg.event.id);
  };

  const doExport = async () => {
    try {
      setToast({ text: t("calendar.exported", { path: await exportIcs() }) });
    } catch (e) {
      setError(toIpcError(e));
    }
  };

  const api = () => ref.current?.getApi();
  useCalendarKeys(editing !== null || creating !== null || searching, {
    prev: () => ref.current?.getApi()?.prev(),
    next: () => ref.current?.getApi()?.next(),
    newPost: (day) => setCreating({ date: day, time: "12:00" }),
    search: () => setSearching(true),
  });
  const switchView = (v: ViewName) => {
    setView(v);
    api()?.changeView(v);
  };

  return (
    <div className={editing ? "calendar-layout with-editor" : "calendar-layout"}>
      <section className="calendar-screen" aria-labelledby="calendar-title">
        <header className="screen-header">
          <div className="title-row">
            <h1 id="calendar-title">{t("calendar.title")}</h1>
            <div className="month-nav" role="group" aria-label={t("calendar.title")}>
              <button type="button" aria-label={t("calendar.prev")} title={t("calendar.prev")} onClick={() => api()?.prev()}>
                ‹
              </button>
              <span className="month-title" aria-live="polite" aria-label={range?.month ?? ""}>
                {title}
              </span>
              <button type="button" aria-label={t("calendar.next")} title={t("calendar.next")} onClick={() => api()?.next()}>
                ›
              </button>
              <button type="button" className="today" onClick={() => api()?.today()}>
                {t("calendar.today")}
              </button>
            </div>
          </div>
          <div className="toolbar">
            <div className="segmented" role="group" aria-label={t("calendar.views")}>
              {(
                [
                  ["dayGridMonth", "month"],
                  ["timeGridWeek", "week"],
                  ["listMonth", "list"],
                ] as const
              ).map(([v, key]) => (
                <button key={v} type="button" aria-pressed={view === v} onClick={() => switchView(v)}>
                  {t(`calendar.${key}`)}
                </button>
              ))}
            </div>
            <div className="filters" role="group" aria-label={t("calendar.filters")}>
              <select aria-label={t("calendar.allPlatforms")} value={platform} onChange={(e) => setPlatform(e.target.value as Platform | "")}>
                <option value="">{t("calendar.allPlatforms")}</option>
                {PLATFORMS.map((p) => (
                  <option key={p} value={p}>
                    {t(`platform.${p}`)}
                  </option>
                ))}
              </select>
              <select aria-label={t("calendar.allStatuses")} value={status} onChange={(e) => setStatus(e.target.value as PostStatus | "")}>
                <option value="">{t("calendar.allStatuses")}</option>
                {POST_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`status.${s}`)}
                  </option>
                ))}
              </select>
              <select aria-label={t("calendar.allThemes")} value={theme} onChange={(e) => setTheme(e.target.value)}>
                <option value="">{t("calendar.allThemes")}</option>
                {themes.map((th) => (
                  <option key={th.id} value={th.id}>
                    {th.title}
                  </option>
                ))}
              </select>
              <select aria-label={t("calendar.allPeople")} value={person} onChange={(e) => setPerson(e.target.value)}>
                <option value="">{t("calendar.allPeople")}</option>
                {people.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
              <select aria-label={t("calendar.colourBy")} value={colourBy} onChange={(e) => setColourBy(e.target.value as "status" | "theme" | "account")}>
                <option value="status">
                  {t("calendar.colourBy")}: {t("calendar.byStatus")}
                </option>
                <option value="theme">
                  {t("calendar.colourBy")}: {t("calendar.byTheme")}
                </option>
                <option value="account">
                  {t("calendar.colourBy")}: {t("calendar.byAccount")}
                </option>
              </select>
            </div>
            <button type="button" onClick={() => void doExport()}>
              {t("calendar.exportIcs")}
            </button>
            {!props.ambassador && <PlanSheet month={range?.month ?? null} onNotice={(text) => setToast({ text })} onError={setError} />}
          </div>
          <div className="month-meta">
            <div className="themes" aria-label={t("calendar.themes")}>
              <span className="meta-label">{t("calendar.themes")}</span>
              {views.length > 0 && themes.filter((th) => th.month === range?.month).length > 0 ? (
                themes
                  .filter((th) => th.month === range?.month)
                  .map((th) => (
                    <span key={th.id} className="theme-chip" style={{ borderColor: th.color, color: th.color }} title={th.description}>
                      {th.title}
                    </span>
                  ))
              ) : (
                <span className="muted">{t("calendar.noThemes")}</span>
              )}
            </div>
            <div className="muted">
              {t("calendar.postCount", { count: posts.filter((p) => p.local_time.startsWith(range?.month ?? "-")).length })} ·{" "}
              {t("calendar.timeZone", { zone: zoneLabel(props.timeZone, t) })}
            </div>
          </div>
        </header>
        {error && <ErrorPanel error={error} onRecovered={() => range && void load(range.months, range.month)} />}
        <div className="calendar-wrap">
          <FullCalendar
            ref={ref}
            plugins={[dayGridPlugin, timeGridPlugin, listPlugin, interactionPlugin]}
            initialView="dayGridMonth"
            headerToolbar={false}
            timeZone="UTC"
            now={dateInZone(new Date(), props.timeZone)}
            locale={i18n.language === "ja" ? jaLocale : "en"}
            firstDay={1}
            height="100%"
            dayMaxEvents={4}
            fixedWeekCount={false}
            events={events}
            eventContent={renderEvent}
            datesSet={onDates}
            eventDisplay="block"
            editable
            eventDurationEditable={false}
            eventDrop={onDrop}
            dateClick={onDateClick}
            eventClick={onEventClick}
            slotMinTime="06:00:00"
            slotMaxTime="23:00:00"
            nowIndicator
          />
        </div>
        <CalendarLegend colourBy={colourBy} accounts={accounts} themes={themes} />
        {planning && !props.partialView && <PlanningPanel planning={planning} themes={themes.filter((th) => th.month === planning.month)} readOnly={props.ambassador} accounts={accounts} />}
        {/* An ambassador's laptop holds no colleague's drafts: weeks short of target and open slots would be counted wrong there. */}
        {props.partialView && <p className="muted" role="note">{t("calendar.planningElsewhere")}</p>}
      </section>
      {editing && (
        <PostEditor
          key={editing}
          postId={editing}
          onClose={() => setEditing(null)}
          onDeleted={(d) => {
            setEditing(null);
            setToast({
              text: t("calendar.deleted", { title: d.title }),
              undo: () =>
                void restorePost(d.post)
                  .then(() => setToast({ text: t("calendar.undone") }))
                  .catch((e: unknown) => setError(toIpcError(e))),
            });
          }}
        />
      )}
      {creating && (
        <NewPostDialog
          at={creating}
          onCancel={() => setCreating(null)}
          onCreated={(id) => {
            setCreating(null);
            setEditing(id);
          }}
        />
      )}
      <UndoToast toast={toast} onDone={() => setToast(null)} />
      {searching && (
        <PostSearch
          onClose={() => setSearching(false)}
          onOpen={(id) => {
            setSearching(false);
            setEditing(id);
          }}
        />
      )}
    </div>
  );
}
