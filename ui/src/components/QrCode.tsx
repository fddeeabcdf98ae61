// A QR code of an address (a published post), behind a button: shown on the screen so a phone
// can open the post, or to print. The SVG is made by the core (`print::qr`), from the address
// and a label we pass, never from markup the platform sent.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { qrCode } from "../bindings";

export function QrCode(props: { url: string; title: string }) {
  const { t } = useTranslation();
  const [svg, setSvg] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const label = t("qr.label", { title: props.title });
  const toggle = () => {
    if (svg !== null) {
      setSvg(null);
      return;
    }
    qrCode(props.url, label)
      .then((s) => {
        setFailed(false);
        setSvg(s);
      })
      .catch(() => setFailed(true));
  };
  return (
    <span className="qr">
      <button type="button" className="link" aria-expanded={svg !== null} aria-label={`${t("qr.show")}: ${props.title}`} onClick={toggle}>
        {t(svg === null ? "qr.show" : "qr.hide")}
      </button>
      {failed && <span className="field-error small"> {t("qr.failed")}</span>}
      {svg !== null && (
        <figure className="qr-figure">
          <span className="qr-image" dangerouslySetInnerHTML={{ __html: svg }} />
          <figcaption className="muted small">{t("qr.help")}</figcaption>
        </figure>
      )}
    </span>
  );
}
