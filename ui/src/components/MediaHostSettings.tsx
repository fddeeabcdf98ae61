// The media host: the company's S3-compatible bucket that Instagram and Threads fetch a
// post's images from. The access key id and addresses are settings; the secret key goes to
// the OS keychain only and is never shown again ("leave empty to keep the stored key").
import { useCallback, useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { toIpcError, touches } from "../api";
import { checkMediaHost, mediaHost, setMediaHost, type IpcError, type MediaHostConfig } from "../bindings";
import { useReload } from "../useReload";
import { FormError } from "./FormError";
import { Notice } from "./Notice";

const EMPTY: MediaHostConfig = { endpoint: "", bucket: "", region: "ap-northeast-1", access_key_id: "", virtual_hosted: false };

export function MediaHostSettings() {
  const { t } = useTranslation();
  const ids = { endpoint: useId(), bucket: useId(), region: useId(), key: useId(), secret: useId() };
  const [saved, setSaved] = useState<MediaHostConfig | null>(null);
  const [form, setForm] = useState<MediaHostConfig>(EMPTY);
  const [secret, setSecret] = useState("");
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const load = useCallback(() => {
    mediaHost()
      .then((c) => {
        setSaved(c);
        setForm(c ?? EMPTY);
      })
      .catch((e: unknown) => setError(toIpcError(e)));
  }, []);
  useReload(load, (c) => touches(c, "settings", "accounts"));
  const field = (k: keyof MediaHostConfig) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });

  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      setNotice(await work());
    } catch (err) {
      setError(toIpcError(err));
    } finally {
      setBusy(false);
    }
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const c = await setMediaHost(form, secret);
      setSecret("");
      setSaved(c);
      return t("mediaHost.saved");
    });
  };

  return (
    <form className="panel-card" aria-label={t("mediaHost.title")} onSubmit={save}>
      <h2>{t("mediaHost.title")}</h2>
      <p className="muted small">{t("mediaHost.help")}</p>
      {!saved && <p className="small">{t("mediaHost.none")}</p>}
      <Notice text={notice} />
      <FormError error={error} />
      <div className="field">
        <label htmlFor={ids.endpoint}>{t("mediaHost.endpoint")}</label>
        <input id={ids.endpoint} value={form.endpoint} placeholder="https://s3.ap-northeast-1.amazonaws.com" onChange={field("endpoint")} />
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={ids.bucket}>{t("mediaHost.bucket")}</label>
          <input id={ids.bucket} value={form.bucket} onChange={field("bucket")} />
        </div>
        <div className="field">
          <label htmlFor={ids.region}>{t("mediaHost.region")}</label>
          <input id={ids.region} value={form.region} onChange={field("region")} />
        </div>
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={ids.key}>{t("mediaHost.accessKeyId")}</label>
          <input id={ids.key} value={form.access_key_id} autoComplete="off" onChange={field("access_key_id")} />
        </div>
        <div className="field">
          <label htmlFor={ids.secret}>{t("mediaHost.secretKey")}</label>
          <input id={ids.secret} type="password" autoComplete="off" value={secret} placeholder={saved ? t("mediaHost.secretKept") : ""} onChange={(e) => setSecret(e.target.value)} />
        </div>
      </div>
      <label className="check">
        <input type="checkbox" checked={form.virtual_hosted} onChange={(e) => setForm({ ...form, virtual_hosted: e.target.checked })} /> {t("mediaHost.virtualHosted")}
      </label>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t("mediaHost.save")}
        </button>
        <button type="button" disabled={busy || !saved} onClick={() => void run(async () => (await checkMediaHost(), t("mediaHost.checked")))}>
          {t("mediaHost.check")}
        </button>
        <button
          type="button"
          className="link"
          disabled={busy || !saved}
          onClick={() =>
            void run(async () => {
              await setMediaHost(null, "");
              setSaved(null);
              setForm(EMPTY);
              return t("mediaHost.removed");
            })
          }
        >
          {t("mediaHost.remove")}
        </button>
      </div>
    </form>
  );
}
