// Where a team's files are: a shared folder, S3-compatible storage or a WebDAV folder, chosen
// in the Team screen's forms. The S3 secret key or the WebDAV password is typed into a
// password field and sent once with the form; the app keeps it in the keychain only. An
// http:// address to another computer is refused by the app (the reason is worded by its rule).
import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { PlaceInput } from "../bindings";

export type PlaceKind = PlaceInput["kind"];

/** An empty place of `kind`. */
export function emptyPlace(kind: PlaceKind): PlaceInput {
  switch (kind) {
    case "folder":
      return { kind, path: "", secret: null };
    case "s3":
      return { kind, endpoint: "", bucket: "", region: "", access_key_id: "", prefix: "", secret: "" };
    case "web_dav":
      return { kind, url: "", user: "", secret: "" };
  }
}

/** Whether every field the place needs is filled. */
export function placeComplete(p: PlaceInput): boolean {
  const filled = (...v: Array<string | null>) => v.every((x) => (x ?? "").trim() !== "");
  switch (p.kind) {
    case "folder":
      return filled(p.path);
    case "s3":
      return filled(p.endpoint, p.bucket, p.access_key_id, p.secret);
    case "web_dav":
      return filled(p.url, p.user, p.secret);
  }
}

export function PlaceFields(props: { value: PlaceInput; onChange: (p: PlaceInput) => void; folderLabel: string; name: string }) {
  const { t } = useTranslation();
  const id = useId();
  const p = props.value;
  const field = (key: string, label: string, value: string, set: (v: string) => void, opts: { secret?: boolean; hint?: string; placeholder?: string } = {}) => (
    <>
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        type={opts.secret ? "password" : "text"}
        autoComplete={opts.secret ? "new-password" : "off"}
        value={value}
        placeholder={opts.placeholder}
        onChange={(e) => set(e.target.value)}
        required
      />
      {opts.hint && <p className="help">{opts.hint}</p>}
    </>
  );
  return (
    <div className="place-fields">
      <fieldset className="place-kind">
        <legend>{t("team.place.kind")}</legend>
        {(["folder", "s3", "web_dav"] as const).map((k) => (
          <label key={k} className="inline">
            <input type="radio" name={`${props.name}-kind`} checked={p.kind === k} onChange={() => props.onChange(emptyPlace(k))} />
            {t(`team.place.kinds.${k}`)}
          </label>
        ))}
      </fieldset>
      {p.kind === "folder" && field("path", props.folderLabel, p.path, (v) => props.onChange({ ...p, path: v }), { hint: t("team.folderHint"), placeholder: "/Volumes/SNS-Team" })}
      {p.kind === "s3" && (
        <>
          {field("endpoint", t("team.place.endpoint"), p.endpoint, (v) => props.onChange({ ...p, endpoint: v }), { placeholder: "https://s3.ap-northeast-1.amazonaws.com" })}
          {field("bucket", t("team.place.bucket"), p.bucket, (v) => props.onChange({ ...p, bucket: v }))}
          <label htmlFor={`${id}-region`}>{t("team.place.region")}</label>
          <input id={`${id}-region`} value={p.region} placeholder="ap-northeast-1" onChange={(e) => props.onChange({ ...p, region: e.target.value })} />
          <label htmlFor={`${id}-prefix`}>{t("team.place.prefix")}</label>
          <input id={`${id}-prefix`} value={p.prefix} onChange={(e) => props.onChange({ ...p, prefix: e.target.value })} />
          {field("key", t("team.place.accessKey"), p.access_key_id, (v) => props.onChange({ ...p, access_key_id: v }))}
          {field("secret", t("team.place.secretKey"), p.secret ?? "", (v) => props.onChange({ ...p, secret: v }), { secret: true, hint: t("team.place.secretHint") })}
        </>
      )}
      {p.kind === "web_dav" && (
        <>
          {field("url", t("team.place.url"), p.url, (v) => props.onChange({ ...p, url: v }), { placeholder: "https://dav.example.co.jp/sns-team", hint: t("team.place.httpsHint") })}
          {field("user", t("team.place.user"), p.user, (v) => props.onChange({ ...p, user: v }))}
          {field("password", t("team.place.password"), p.secret ?? "", (v) => props.onChange({ ...p, secret: v }), { secret: true, hint: t("team.place.secretHint") })}
        </>
      )}
    </div>
  );
}
