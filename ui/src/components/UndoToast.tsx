// The short message after an action (a move, a deletion, an export), with 「元に戻す」 when the
// action can be undone; it goes away by itself after eight seconds.
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";

export type Toast = { text: string; undo?: () => void };

export function UndoToast(props: { toast: Toast | null; onDone: () => void }) {
  const { t } = useTranslation();
  const { toast, onDone } = props;
  // The latest callback, so a re-render does not restart the eight seconds.
  const done = useRef(onDone);
  done.current = onDone;
  useEffect(() => {
    if (!toast) return;
    const h = window.setTimeout(() => done.current(), 8000);
    return () => window.clearTimeout(h);
  }, [toast]);
  if (!toast) return null;
  return (
    <div className="toast" role="status">
      <span>{toast.text}</span>
      {toast.undo && (
        <button
          type="button"
          onClick={() => {
            toast.undo?.();
            onDone();
          }}
        >
          {t("calendar.undo")}
        </button>
      )}
    </div>
  );
}
