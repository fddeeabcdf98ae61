// The content calendar: a month of posts coloured by status, with the month's themes.
import type { DatesSetArg, EventContentArg } from "@fullcalendar/core";
import jaLocale from "@fullcalendar/core/locales/ja";
import dayGridPlugin from "@fullcalendar/daygrid";
import FullCalendar from "@fullcalendar/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { onChanged, toIpcError } from "../api";
import { monthView, POST_STATUSES, type CalendarPost, type IpcError, type MonthView } from "../bindings";
import { dateInZone, monthOf, timeOf, toEvents } from "../calendarEvents";
import { ErrorPanel } from "../components/ErrorPanel";
import { STATUS_COLORS } from "../status";

export function CalendarScreen(props: { timeZone: string }) {
  const { t, i18n } = useTranslation();
  const ref = useRef<FullCalendar>(null);
  const [month, setMonth] = useState<string | null>(null);
  const [title, setTitle] = useState("");
  const [view, setView] = useState<MonthView | null>(null);
  const [error, setError] = useState<IpcError | null>(null);

  const load = useCallback(async (m: string) => {
    try {
      setView(await monthView(m));
      setError(null);
    } catch (e) {
      setError(toIpcError(e));
    }
  }, []);

  useEffect(() => {
    if (month) void load(month);
  }, [month, load, props.timeZone]);

  useEffect(() => {
    const off = onChanged(() => {
      if (month) void load(month);
    });
    return () => {
      void off.then((f) => f());
    };
  }, [month, load]);

  const onDates = (arg: DatesSetArg) => {
    setMonth(monthOf(arg.view.currentStart));
    setTitle(arg.view.title);
  };

  const renderEvent = (arg: EventContentArg) => {
    const post = arg.event.extendedProps.post as CalendarPost;
    const platforms = post.platforms.map((p) => t(`platform.${p}`)).join(", ");
    const label = t("calendar.eventLabel", {
      title: post.title,
      status: t(`status.${post.status}`),
      time: timeOf(post),
      platforms,
    });
    return (
      <div className="event" aria-label={label} title={label} data-status={post.status}>
        <span className="event-time">{timeOf(post)}</span>
        <span className="event-title">{post.title}</span>
      </div>
    );
  };

  const api = () => ref.current?.getApi();
  const posts = view && month === view.month ? view.posts : [];

  return (
    <section className="calendar-screen" aria-labelledby="calendar-title">
      <header className="screen-header">
        <div className="title-row">
          <h1 id="calendar-title">{t("calendar.title")}</h1>
          <div className="month-nav" role="group" aria-label={t("calendar.title")}>
            <button type="button" aria-label={t("calendar.prev")} title={t("calendar.prev")} onClick={() => api()?.prev()}>
              ‹
            </button>
            <span className="month-title" aria-live="polite" aria-label={month ?? ""}>
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
        <div className="month-meta">
          <div className="themes" aria-label={t("calendar.themes")}>
            <span className="meta-label">{t("calendar.themes")}</span>
            {view && view.themes.length > 0 ? (
              view.themes.map((th) => (
                <span key={th.id} className="theme-chip" style={{ borderColor: th.color, color: th.color }} title={th.description}>
                  {th.title}
                </span>
              ))
            ) : (
              <span className="muted">{t("calendar.noThemes")}</span>
            )}
          </div>
          <div className="muted">
            {t("calendar.postCount", { count: posts.length })} · {t("calendar.timeZone", { zone: props.timeZone })}
          </div>
        </div>
      </header>
      {error && <ErrorPanel error={error} onRecovered={() => month && void load(month)} />}
      <div className="calendar-wrap">
        <FullCalendar
          ref={ref}
          plugins={[dayGridPlugin]}
          initialView="dayGridMonth"
          headerToolbar={false}
          timeZone="UTC"
          now={todayInZone(props.timeZone)}
          locale={i18n.language === "ja" ? jaLocale : "en"}
          firstDay={1}
          height="100%"
          dayMaxEvents={4}
          fixedWeekCount={false}
          events={toEvents(posts)}
          eventContent={renderEvent}
          datesSet={onDates}
          eventDisplay="block"
        />
      </div>
      <footer className="legend" aria-label={t("calendar.legend")}>
        {POST_STATUSES.map((s) => (
          <span key={s} className="legend-item">
            <span className="swatch" style={{ background: STATUS_COLORS[s] }} aria-hidden="true" />
            {t(`status.${s}`)}
          </span>
        ))}
      </footer>
    </section>
  );
}

/** Today's date in the workspace zone, as the "UTC" date the calendar runs on. */
function todayInZone(zone: string): string {
  return dateInZone(new Date(), zone);
}
