// Ideas for the month shown, from the assistant: five post ideas from the purposes, the KPIs
// and the posts that worked last month, added to the calendar as ideas, never scheduled.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { toIpcError } from "../api";
import { assistantPlan, assistantSettings, type AssistantSettings, type IpcError } from "../bindings";
import { FormError } from "../components/FormError";
import { Notice } from "../components/Notice";
import { AssistantOffNote, AssistantPanel } from "./AssistantPanel";
import { useAssistantRun } from "./stream";

export function PlanIdeas(props: { month: string; label: string }) {
  const { t } = useTranslation();
  const run = useAssistantRun();
  const [assistant, setAssistant] = useState<AssistantSettings | null | undefined>(undefined);
  const [off, setOff] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  useEffect(() => {
    assistantSettings()
      .then(setAssistant)
      .catch(() => setAssistant(null));
  }, []);
  const ask = () => {
    if (!assistant) {
      setOff(true);
      return;
    }
    setError(null);
    setNotice(null);
    void run
      .run(t("assistant.operation"), (op) => assistantPlan(props.month, op))
      .then((ideas) => setNotice(t("assistant.ideasAdded", { count: ideas.length })))
      .catch((e: unknown) => setError(toIpcError(e)));
  };
  return (
    <div className="plan-ideas">
      <button type="button" disabled={run.running} onClick={ask}>
        {t("assistant.ideas", { month: props.label })}
      </button>
      {off && !assistant && <AssistantOffNote />}
      <AssistantPanel run={run} />
      <Notice text={notice} />
      <FormError error={error} />
    </div>
  );
}
