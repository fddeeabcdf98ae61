// The 公開キット: everything a person needs to post one approved post by hand on a channel
// Tsunagu cannot post to (LINE VOOM, note, TikTok, or an account marked so): the approved text
// to copy as it is, the images made for the channel (saved with our own button), the steps,
// and the field for the post's address, which is taken back once and only for the content the
// person was shown.
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import "../liveWords";
import { toIpcError } from "../api";
import { handoffKit, recordHandoff, saveKitImage, type IpcError, type KitAnswer } from "../bindings";
import { FormError } from "../components/FormError";

export function KitDialog(props: { job: string; onClose: (recorded: boolean) => void }) {
  const { t } = useTranslation();
  const ids = { text: useId(), url: useId() };
  const [answer, setAnswer] = useState<KitAnswer | null>(null);
  const [done, setDone] = useState<string[]>([]);
  const [url, setUrl] = useState("");
  const [note, setNote] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    handoffKit(props.job)
      .then(setAnswer)
      .catch((e: unknown) => setError(toIpcError(e)));
  }, [props.job]);
  const kit = answer?.kit ?? null;
  const platform = kit ? t(`platform.${kit.platform}`) : "";

  const copy = async () => {
    if (!kit) return;
    try {
      await navigator.clipboard.writeText(kit.text);
      setNote(t("kit.copied"));
    } catch {
      // A webview without clipboard access: the text is selected for Ctrl+C.
      const area = document.getElementById(ids.text) as HTMLTextAreaElement | null;
      area?.select();
      setNote(t("kit.selectToCopy"));
    }
  };
  const save = (n: number) =>
    void saveKitImage(props.job, n)
      .then((path) => setNote(t("kit.saved", { path })))
      .catch((e: unknown) => setError(toIpcError(e)));
  const record = async () => {
    if (!kit) return;
    setBusy(true);
    setProblem(null);
    try {
      const p = await recordHandoff(props.job, kit.hash, url.trim());
      if (p === null) props.onClose(true);
      else setProblem(t(`kit.problem.${p}`, { platform }));
    } catch (e) {
      setError(toIpcError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="modal-backdrop">
      <div
        className="modal wide kit-dialog"
        role="dialog"
        aria-modal="true"
        aria-label={kit ? t("kit.titleFor", { title: kit.title }) : t("kit.title")}
        onKeyDown={(e) => e.key === "Escape" && props.onClose(false)}
      >
        <h2>{kit ? t("kit.titleFor", { title: kit.title }) : t("kit.title")}</h2>
        <FormError error={error} />
        {answer?.problem && <p role="alert">{t(`kit.problem.${answer.problem}`, { platform })}</p>}
        {kit && (
          <>
            <p className="muted small">{t("kit.lead", { platform })}</p>
            <div className="field">
              <label htmlFor={ids.text}>{t("kit.text")}</label>
              <textarea id={ids.text} readOnly rows={Math.min(10, kit.text.split("\n").length + 1)} value={kit.text} />
              <div className="actions">
                <button type="button" onClick={() => void copy()}>
                  {t("kit.copy")}
                </button>
              </div>
            </div>
            {kit.images.length > 0 && (
              <ul className="kit-images" aria-label={t("kit.images")}>
                {kit.images.map((im, n) => (
                  <li key={`${n}-${im.file_name}`}>
                    <span>
                      {n + 1}. {im.file_name}
                      {im.alt_text && <span className="muted small">（{t("kit.alt", { alt: im.alt_text })}）</span>}
                    </span>
                    <button type="button" aria-label={t("kit.saveImageN", { n: n + 1 })} onClick={() => save(n)}>
                      {t("kit.saveImage")}
                    </button>
                  </li>
                ))}
              </ul>
            )}
            <fieldset className="kit-steps">
              <legend>{t("kit.steps")}</legend>
              {kit.steps.map((s) => (
                <label key={s} className="check">
                  <input type="checkbox" checked={done.includes(s)} onChange={(e) => setDone((d) => (e.target.checked ? [...d, s] : d.filter((x) => x !== s)))} />
                  {t(`kit.step.${s}`, { platform })}
                </label>
              ))}
            </fieldset>
            <div className="field">
              <label htmlFor={ids.url}>{t("kit.url", { platform })}</label>
              <input id={ids.url} type="url" inputMode="url" value={url} placeholder="https://" onChange={(e) => setUrl(e.target.value)} />
            </div>
            {problem && (
              <p className="field-error" role="alert">
                {problem}
              </p>
            )}
          </>
        )}
        {note && (
          <p className="muted small" role="status">
            {note}
          </p>
        )}
        <div className="actions">
          {kit && (
            <button type="button" className="primary" disabled={busy || url.trim() === ""} onClick={() => void record()}>
              {t("kit.record")}
            </button>
          )}
          <button type="button" onClick={() => props.onClose(false)}>
            {t("kit.close")}
          </button>
        </div>
      </div>
    </div>
  );
}
