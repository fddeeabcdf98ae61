// Our own file button, instead of the browser's 「Choose File / no file selected」, which
// WebKit writes in the system's language whatever the screen's is. The native input stays in
// the page (labelled, so assistive technology and the tests can reach it) but is hidden
// behind the button; beside it, the chosen file's name or 「選ばれていません」.
import { useState } from "react";
import { useTranslation } from "react-i18next";

export function FileButton(props: { label: string; accept: string; onFile: (file: File) => void; keepName?: boolean }) {
  const { t } = useTranslation();
  const [name, setName] = useState<string | null>(null);
  return (
    <span className="file-picker">
      <label className="file-button">
        {props.label}
        <input
          type="file"
          accept={props.accept}
          aria-label={props.label}
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) {
              setName(props.keepName ? f.name : null);
              props.onFile(f);
            }
            e.target.value = "";
          }}
        />
      </label>
      {props.keepName && <span className="muted small file-name">{name ?? t("files.none")}</span>}
    </span>
  );
}
