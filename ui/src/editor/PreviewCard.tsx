// A quiet approximation of the post in the platform's feed.
import { useTranslation } from "react-i18next";
import type { Platform } from "../bindings";
import { cut, pieces } from "./preview";

export function PreviewCard(props: { platform: Platform; text: string; title: string }) {
  const { t } = useTranslation();
  const { shown, more } = cut(props.text, props.platform);
  return (
    <figure className={`preview preview-${props.platform}`} aria-label={t("editor.preview", { platform: t(`platform.${props.platform}`) })}>
      <figcaption>{t("editor.preview", { platform: t(`platform.${props.platform}`) })}</figcaption>
      <div className="preview-body">
        {pieces(shown).map((p, i) =>
          p.kind === "text" ? (
            <span key={i}>{p.text}</span>
          ) : (
            <span key={i} className={`preview-${p.kind}`}>
              {p.text}
            </span>
          ),
        )}
        {more && <span className="preview-more">… {t("editor.more")}</span>}
      </div>
    </figure>
  );
}
