// Which purpose the post serves (採用, 資料請求, 認知 …), so the dashboard and the KPIs can read
// results per purpose. Planning metadata: changing it never voids an approval.
import { useCallback, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { postMoved, toIpcError, touches } from "../api";
import { listPurposes, postPurpose, setPostPurpose, type IpcError, type Purpose } from "../bindings";
import { FormError } from "../components/FormError";
import { useReload } from "../useReload";

export function PurposePicker(props: { postId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [purposes, setPurposes] = useState<Purpose[]>([]);
  const [chosen, setChosen] = useState("");
  const [error, setError] = useState<IpcError | null>(null);
  const load = useCallback(() => {
    Promise.all([listPurposes(), postPurpose(props.postId)])
      .then(([list, p]) => {
        setPurposes(list);
        setChosen(p ?? "");
      })
      .catch((e: unknown) => setError(toIpcError(e)));
  }, [props.postId]);
  useReload(load, (c) => touches(c, "plan") || postMoved(c, props.postId));
  if (purposes.length === 0) return null;
  return (
    <div className="field purpose-picker">
      <label htmlFor={id}>{t("editor.purpose")}</label>
      <select
        id={id}
        value={chosen}
        onChange={(e) => {
          const next = e.target.value;
          setChosen(next);
          void setPostPurpose(props.postId, next || null)
            .then(() => setError(null))
            .catch((err: unknown) => setError(toIpcError(err)));
        }}
      >
        <option value="">{t("editor.noPurpose")}</option>
        {purposes.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      <FormError error={error} />
    </div>
  );
}
