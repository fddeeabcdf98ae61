// Alt text for one image from the assistant's vision model: offered beside the image's own
// field, taken only with 「使う」. A photo is never sent to a cloud endpoint (the shell refuses).
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { toIpcError } from "../api";
import { assistantAlt, assistantSettings, type AssistantSettings, type IpcError } from "../bindings";
import { FormError } from "../components/FormError";
import { AssistantOffNote, AssistantPanel } from "./AssistantPanel";
import { useAssistantRun } from "./stream";

export function AltSuggest(props: { postId: string; mediaId: string; name: string; onUse: (text: string) => void }) {
  const { t } = useTranslation();
  const run = useAssistantRun();
  const [assistant, setAssistant] = useState<AssistantSettings | null | undefined>(undefined);
  const [off, setOff] = useState(false);
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  useEffect(() => {
    assistantSettings()
      .then(setAssistant)
      .catch(() => setAssistant(null));
  }, []);
  const suggest = () => {
    if (!assistant) {
      setOff(true);
      return;
    }
    setError(null);
    void run
      .run(t("assistant.operation"), (op) => assistantAlt(props.postId, props.mediaId, op))
      .then(setText)
      .catch((e: unknown) => setError(toIpcError(e)));
  };
  return (
    <div className="alt-suggest">
      <button type="button" disabled={run.running} aria-label={t("assistant.altFor", { name: props.name })} onClick={suggest}>
        {t("assistant.alt")}
      </button>
      {off && !assistant && <AssistantOffNote />}
      <AssistantPanel run={run} />
      <FormError error={error} />
      {text && (
        <p className="small">
          <span className="review-text">{text}</span>{" "}
          <button
            type="button"
            onClick={() => {
              props.onUse(text);
              setText(null);
            }}
          >
            {t("assistant.use")}
          </button>
        </p>
      )}
    </div>
  );
}
