// Requests and material: the lead asks people for concrete things, records what they send, turns
// material into drafts, and thanks them. Built around people taking part in the way they are
// willing to, not only by writing posts.
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { useReload } from "../useReload";
import { postsMoved, toIpcError, touches } from "../api";
import {
  listDepartments,
  listMaterials,
  listPeople,
  requestBoard,
  type Department,
  type IpcError,
  type Material,
  type PersonSummary,
  type RequestSummary,
} from "../bindings";
import { dateInZone } from "../calendarEvents";
import { FormError } from "../components/FormError";
import { Notice } from "../components/Notice";
import { PostEditor } from "../editor/PostEditor";
import { MaterialForm, type MaterialPreset } from "../requests/MaterialForm";
import { MaterialInbox } from "../requests/MaterialInbox";
import { Recognition } from "../requests/Recognition";
import { RequestBoard } from "../requests/RequestBoard";
import { RequestForm } from "../requests/RequestForm";
import { FolderInbox } from "../requests/FolderInbox";
import { PhoneIntake } from "../requests/PhoneIntake";
import { i18n } from "../i18n";
import { jaIntake } from "../locales/ja.intake";
import { enIntake } from "../locales/en.intake";

// The intake's words load with this screen, not with the first one.
i18n.addResourceBundle("ja", "translation", jaIntake, true, true);
i18n.addResourceBundle("en", "translation", enIntake, true, true);

type Tab = "board" | "inbox" | "phone" | "thanks";

export function RequestsScreen(props: { timeZone: string; ranking: boolean; ambassador?: boolean }) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>("board");
  const [people, setPeople] = useState<PersonSummary[]>([]);
  const [departments, setDepartments] = useState<Department[]>([]);
  const [requests, setRequests] = useState<RequestSummary[]>([]);
  const [materials, setMaterials] = useState<Material[]>([]);
  const [composing, setComposing] = useState(false);
  const [recording, setRecording] = useState<MaterialPreset | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [month, setMonth] = useState(() => dateInZone(new Date(), props.timeZone).slice(0, 7));
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<IpcError | null>(null);

  const load = useCallback(() => {
    Promise.all([listPeople(), listDepartments(), requestBoard(), listMaterials()])
      .then(([p, d, r, m]) => {
        setPeople(p);
        setDepartments(d);
        setRequests(r);
        setMaterials(m);
        setError(null);
      })
      .catch((e: unknown) => setError(toIpcError(e)));
  }, []);
  useReload(load, (c) => touches(c, "people", "requests") || postsMoved(c));

  const waiting = materials.filter((m) => !m.post).length;
  const tabs: { id: Tab; label: string }[] = [
    { id: "board", label: t("requests.tabs.board") },
    { id: "inbox", label: waiting > 0 ? t("requests.tabs.inboxCount", { count: waiting }) : t("requests.tabs.inbox") },
    ...(props.ambassador ? [] : [{ id: "phone" as Tab, label: t("intake.tab") }]),
    { id: "thanks", label: t("requests.tabs.thanks") },
  ];

  return (
    <div className={editing ? "requests-layout with-editor" : "requests-layout"}>
      <section className="requests-screen" aria-labelledby="requests-title">
        <header className="screen-header title-row">
          <h1 id="requests-title">{t("requests.title")}</h1>
          <div className="actions">
            {/* Requests are the lead's to send; an ambassador answers them with material. */}
            {!props.ambassador && (
              <button
                type="button"
                onClick={() => {
                  setComposing(true);
                  setRecording(null);
                  setTab("board");
                }}
              >
                {t("requests.new")}
              </button>
            )}
            <button
              type="button"
              onClick={() => {
                setRecording({ person: null, request: null });
                setComposing(false);
              }}
            >
              {t("material.record")}
            </button>
          </div>
        </header>
        <Notice text={notice} />
        <FormError error={error} />
        {composing && (
          <RequestForm
            people={people}
            departments={departments}
            onCancel={() => setComposing(false)}
            onSent={() => {
              setComposing(false);
              setNotice(t("requests.sent"));
            }}
          />
        )}
        {recording && (
          <MaterialForm
            key={`${recording.person ?? ""}-${recording.request ?? ""}`}
            people={people}
            requests={requests}
            preset={recording}
            onCancel={() => setRecording(null)}
            onSent={() => {
              setRecording(null);
              setNotice(t("material.received"));
              setTab("inbox");
            }}
          />
        )}
        <div role="tablist" className="tabs screen-tabs" aria-label={t("requests.title")}>
          {tabs.map((x) => (
            <button key={x.id} type="button" role="tab" aria-selected={tab === x.id} onClick={() => setTab(x.id)}>
              {x.label}
            </button>
          ))}
        </div>
        <div role="tabpanel">
          {tab === "board" && (
            <RequestBoard
              requests={requests}
              onAnswer={(r, person) => {
                setComposing(false);
                setRecording({ person, request: r.id });
              }}
            />
          )}
          {tab === "inbox" && (
            <>
              {!props.ambassador && <FolderInbox people={people} requests={requests} timeZone={props.timeZone} onAssigned={() => setNotice(t("intake.assigned"))} />}
              <MaterialInbox materials={materials} people={people} requests={requests} timeZone={props.timeZone} onOpenDraft={setEditing} />
            </>
          )}
          {tab === "phone" && <PhoneIntake requests={requests} timeZone={props.timeZone} />}
          {tab === "thanks" && <Recognition people={people} month={month} ranking={props.ranking} onMonth={setMonth} />}
        </div>
      </section>
      {editing && <PostEditor key={editing} postId={editing} onClose={() => setEditing(null)} />}
    </div>
  );
}
