// Images of a post: add by picker or by dropping files on the window, with alt text, the
// "faces visible" flag and the people who appear. Location data is stripped on import.
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { toIpcError } from "../api";
import { toBase64 } from "../files";
import {
  attachImageData,
  attachImageFile,
  detachMedia,
  listPeople,
  mediaThumbnail,
  postMedia,
  updateMedia,
  type IpcError,
  type MediaInfo,
  type PersonSummary,
} from "../bindings";
import { FormError } from "../components/FormError";
import { AltSuggest } from "../assistant/AltSuggest";

export function ImagesPanel(props: { postId: string }) {
  const { t } = useTranslation();
  const [media, setMedia] = useState<MediaInfo[]>([]);
  const [thumbs, setThumbs] = useState<Record<string, string>>({});
  const [people, setPeople] = useState<PersonSummary[]>([]);
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState(false);
  const [dropping, setDropping] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const reload = useCallback(async () => {
    const list = await postMedia(props.postId);
    setMedia(list);
    const entries = await Promise.all(list.map(async (m) => [m.id, await mediaThumbnail(m.id)] as const));
    setThumbs(Object.fromEntries(entries));
  }, [props.postId]);

  useEffect(() => {
    reload().catch((e: unknown) => setError(toIpcError(e)));
    listPeople()
      .then(setPeople)
      .catch((e: unknown) => setError(toIpcError(e)));
  }, [reload]);

  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      await reload();
    } catch (e) {
      setError(toIpcError(e));
    } finally {
      setBusy(false);
    }
  };

  // Files dropped anywhere on the window while this editor is open.
  useEffect(() => {
    let off: (() => void) | undefined;
    getCurrentWebview()
      .onDragDropEvent((event) => {
        if (event.payload.type === "over" || event.payload.type === "enter") setDropping(true);
        else if (event.payload.type === "leave") setDropping(false);
        else if (event.payload.type === "drop") {
          setDropping(false);
          const paths = event.payload.paths;
          void run(async () => {
            for (const p of paths) await attachImageFile(props.postId, p);
          });
        }
      })
      .then((f) => {
        off = f;
      })
      .catch(() => undefined);
    return () => off?.();
    // run is stable enough for this subscription; it only closes over props.postId.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.postId]);

  const onPick = (files: FileList | null) => {
    if (!files) return;
    const list = Array.from(files);
    void run(async () => {
      for (const f of list) await attachImageData(props.postId, f.name, await toBase64(f));
    });
    if (input.current) input.current.value = "";
  };

  const patch = (m: MediaInfo, p: Parameters<typeof updateMedia>[1]) =>
    void run(() => updateMedia(m.id, p));

  return (
    <section className={dropping ? "images dropping" : "images"} aria-label={t("images.title")} aria-busy={busy}>
      <div className="images-head">
        <h3>{t("images.title")}</h3>
        <label className="file-button">
          {t("images.add")}
          <input
            ref={input}
            type="file"
            accept="image/jpeg,image/png"
            multiple
            aria-label={t("images.add")}
            onChange={(e) => onPick(e.target.files)}
          />
        </label>
      </div>
      <p className="help">{t("images.help")}</p>
      <FormError error={error} />
      <ul className="image-list">
        {media.map((m) => (
          <li key={m.id} className="image-item">
            {thumbs[m.id] && <img src={thumbs[m.id]} alt={m.alt_text || m.file_name} />}
            <div className="image-fields">
              <div className="muted">
                {m.file_name} · {m.width}×{m.height}
              </div>
              <textarea
                key={`${m.id}-${m.alt_text}`}
                aria-label={t("images.alt", { name: m.file_name })}
                placeholder={t("images.altPlaceholder")}
                defaultValue={m.alt_text}
                onBlur={(e) => e.target.value !== m.alt_text && patch(m, { alt_text: e.target.value })}
              />
              {!m.alt_text && <span className="warn">{t("images.noAlt")}</span>}
              <AltSuggest postId={props.postId} mediaId={m.id} name={m.file_name} onUse={(text) => patch(m, { alt_text: text })} />
              <label className="inline">
                <input type="checkbox" checked={m.faces_visible} onChange={(e) => patch(m, { faces_visible: e.target.checked })} />
                {t("images.faces")}
              </label>
              <details>
                <summary>
                  {t("images.people")} ({m.people.length})
                </summary>
                <ul className="people-pick">
                  {people
                    .filter((p) => p.active)
                    .map((p) => (
                      <li key={p.id}>
                        <label className="inline">
                          <input
                            type="checkbox"
                            checked={m.people.includes(p.id)}
                            onChange={(e) =>
                              patch(m, {
                                people: e.target.checked ? [...m.people, p.id] : m.people.filter((x) => x !== p.id),
                              })
                            }
                          />
                          {p.name}
                          <span className="muted">
                            {" "}
                            {p.department ?? ""} · {p.participation.map((x) => t(`participation.${x}`)).join("・")}
                          </span>
                        </label>
                      </li>
                    ))}
                </ul>
              </details>
              <button type="button" className="link" onClick={() => void run(() => detachMedia(props.postId, m.id))}>
                {t("images.remove")}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
