// The draft editor: one main text with per-platform variants, live counters that count the
// way each platform does, guideline findings as you type, a preview, autosave, submission for
// review, and the revision history.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { onChanged, postMoved, toIpcError, touches } from "../api";
import {
  addToNextFreeSlot,
  checkPost,
  countText,
  getPost,
  listAccounts,
  type Account,
  type DeletedPost,
  lintText,
  PLATFORMS,
  saveDraft,
  type Count,
  type Finding,
  type IpcError,
  type Platform,
  type PostDetail,
} from "../bindings";
import { ErrorPanel } from "../components/ErrorPanel";
import { CodeEditor } from "./CodeEditor";
import { Counters } from "./Counters";
import { PreviewCard } from "./PreviewCard";
import { ImagesPanel } from "./ImagesPanel";
import { RevisionPanel } from "./RevisionPanel";
import { TemplatePicker } from "./TemplatePicker";
import { wellFormed } from "./textDiff";
import { FormError } from "../components/FormError";
import { Notice } from "../components/Notice";
import { GuidelinePanel } from "./GuidelinePanel";
import { AssistantTools } from "../assistant/AssistantTools";
import { XCostLine } from "./XCostLine";
import { LineQuotaLine } from "./LineQuotaLine";
import { PublishingPanel } from "./PublishingPanel";
import { PurposePicker } from "./PurposePicker";
import { AccountPicker } from "./AccountPicker";
import { DeleteDialog } from "./DeleteDialog";
import { cmSeverity, findingMessage, inText } from "../guideline";

/** Autosave runs this long after the last keystroke… */
const AUTOSAVE_MS = 600;
/** …and at least this often while typing goes on, so a crash loses at most a second. */
const AUTOSAVE_MAX_WAIT_MS = 1000;

type Draft = { title: string; body: string; variants: Partial<Record<Platform, string | null>>; accounts: string[] };

function fromPost(p: PostDetail): Draft {
  const variants: Partial<Record<Platform, string | null>> = {};
  for (const v of p.variants) variants[v.platform] = v.body;
  return { title: p.title, body: p.body, variants, accounts: p.accounts };
}

function selected(d: Draft): Platform[] {
  return PLATFORMS.filter((p) => p in d.variants);
}

export function PostEditor(props: { postId: string; onClose: () => void; onDeleted?: (d: DeletedPost) => void }) {
  const { t, i18n } = useTranslation();
  const [post, setPost] = useState<PostDetail | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [tab, setTab] = useState<"main" | Platform>("main");
  const [counts, setCounts] = useState<Count[]>([]);
  const [save, setSave] = useState<"saved" | "dirty" | "saving">("saved");
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [history, setHistory] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const root = useRef<HTMLElement>(null);
  const submitButton = () => root.current?.querySelector<HTMLButtonElement>("button[data-submit]:not([disabled])") ?? null;
  const [lint, setLint] = useState<{ text: string; version: number; findings: Finding[] } | null>(null);
  const [blocking, setBlocking] = useState(false);
  const [revision, setRevision] = useState(0);
  const [accountList, setAccountList] = useState<Account[]>([]);
  const pending = useRef<Draft | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const dirtySince = useRef<number | null>(null);

  useEffect(() => {
    // Accounts live on this laptop only; an ambassador's has none, and the picker stays away.
    listAccounts()
      .then(setAccountList)
      .catch(() => setAccountList([]));
  }, []);

  useEffect(() => {
    getPost(props.postId)
      .then((p) => {
        setPost(p);
        setDraft(fromPost(p));
      })
      .catch((e: unknown) => setError(toIpcError(e)));
  }, [props.postId]);

  const flush = useCallback(async () => {
    window.clearTimeout(timer.current);
    const d = pending.current;
    if (!d) return;
    pending.current = null;
    dirtySince.current = null;
    setSave("saving");
    try {
      const p = await saveDraft(props.postId, {
        title: d.title,
        body: d.body,
        variants: selected(d).map((platform) => ({ platform, body: d.variants[platform] ?? null })),
        theme_id: post?.theme_id ?? null,
        accounts: d.accounts,
      });
      setPost(p);
      setSavedAt(new Date().toLocaleTimeString(i18n.language));
      setError(null);
      setSave(pending.current ? "dirty" : "saved");
    } catch (e) {
      setError(toIpcError(e));
      setSave("dirty");
      pending.current = pending.current ?? d;
    }
  }, [props.postId, post?.theme_id, i18n.language]);

  // Save what is pending when the editor closes.
  useEffect(() => () => void flush(), [flush]);

  const change = (next: Draft) => {
    setDraft(next);
    pending.current = next;
    setSave("dirty");
    window.clearTimeout(timer.current);
    const now = Date.now();
    dirtySince.current ??= now;
    const waited = now - dirtySince.current;
    timer.current = window.setTimeout(() => void flush(), Math.max(0, Math.min(AUTOSAVE_MS, AUTOSAVE_MAX_WAIT_MS - waited)));
  };

  const setText = (text: string) => {
    if (!draft) return;
    const { text: clean, repaired } = wellFormed(text);
    if (repaired) setNotice(t("editor.repaired"));
    if (tab === "main") change({ ...draft, body: clean });
    else change({ ...draft, variants: { ...draft.variants, [tab]: clean } });
  };

  // Live counters: each platform counts the text it will actually send.
  const effective = useMemo(() => {
    if (!draft) return [] as [Platform, string][];
    return selected(draft).map((p) => [p, draft.variants[p] ?? draft.body] as [Platform, string]);
  }, [draft]);
  useEffect(() => {
    if (effective.length === 0) {
      setCounts([]);
      return;
    }
    const handle = window.setTimeout(async () => {
      try {
        const byText = new Map<string, Platform[]>();
        for (const [p, text] of effective) byText.set(text, [...(byText.get(text) ?? []), p]);
        const results = await Promise.all([...byText].map(([text, ps]) => countText(text, ps)));
        const all = results.flat();
        setCounts(PLATFORMS.flatMap((p) => all.filter((c) => c.platform === p)));
      } catch (e) {
        setError(toIpcError(e));
      }
    }, 80);
    return () => window.clearTimeout(handle);
  }, [effective]);

  // Guideline findings for the text on screen, as you type (the post's images and people come
  // from what is saved, so changes there re-check too).
  const lintTab = tab;
  const lintBody = draft ? (tab === "main" ? draft.body : (draft.variants[tab] ?? draft.body)) : null;
  useEffect(() => {
    if (lintBody === null) return;
    const handle = window.setTimeout(() => {
      lintText(props.postId, lintBody, lintTab === "main" ? null : lintTab)
        .then((r) => setLint({ text: lintBody, version: Number(r.guideline_version), findings: r.findings }))
        .catch((e: unknown) => setError(toIpcError(e)));
    }, 120);
    return () => window.clearTimeout(handle);
  }, [props.postId, lintBody, lintTab, revision]);
  // Whether the saved post can be submitted: every platform's version, people and images.
  useEffect(() => {
    checkPost(props.postId)
      .then((c) => setBlocking(c.blocking))
      .catch((e: unknown) => setError(toIpcError(e)));
  }, [props.postId, post, revision]);
  useEffect(() => {
    // The echo of this editor's own autosave (only the words of this post changed) brings
    // nothing new: the text is already here and checked as it was typed.
    const off = onChanged((c) => {
      if (touches(c, "guideline", "people") || postMoved(c, props.postId)) setRevision((r) => r + 1);
    });
    return () => void off.then((f) => f());
  }, [props.postId]);

  if (error && !draft) return <ErrorPanel error={error} onRecovered={props.onClose} />;
  if (!draft || !post) return <div className="editor loading">{t("app.loading")}</div>;

  const platforms = selected(draft);
  const tabText = tab === "main" ? draft.body : (draft.variants[tab] ?? draft.body);
  const inherits = tab !== "main" && (draft.variants[tab] ?? null) === null;
  const overflow = (() => {
    const relevant = counts.filter((c) =>
      tab === "main" ? (draft.variants[c.platform] ?? null) === null : c.platform === tab,
    );
    const offsets = relevant.map((c) => c.over_from?.utf16).filter((x): x is number => x !== undefined);
    return offsets.length ? Math.min(...offsets) : null;
  })();

  const togglePlatform = (p: Platform) => {
    const variants = { ...draft.variants };
    let accounts = draft.accounts;
    if (p in variants) {
      delete variants[p];
      if (tab === p) setTab("main");
      // The accounts of a platform it no longer goes to go with it.
      accounts = accounts.filter((id) => accountList.find((a) => a.id === id)?.platform !== p);
    } else variants[p] = null;
    change({ ...draft, variants, accounts });
  };

  const nextSlot = async () => {
    await flush();
    try {
      const slot = await addToNextFreeSlot(props.postId);
      setNotice(t("editor.slotUsed", { time: slot.local_time.replace("T", " "), title: slot.title }));
      const p = await getPost(props.postId);
      setPost(p);
      setDraft(fromPost(p));
    } catch (e) {
      setError(toIpcError(e));
    }
  };

  return (
    <section ref={root} className="editor" role="dialog" aria-label={t("editor.title")} onKeyDown={(e) => {
        if (e.key === "Escape") props.onClose();
        else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") {
          // Save now (it also saves by itself a moment after typing stops).
          e.preventDefault();
          void flush();
        } else if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
          // Submit for review: the panel's own button, so its checks and messages apply.
          e.preventDefault();
          void flush().then(() => submitButton()?.click());
        }
      }}>
      <header className="editor-head">
        <input
          className="editor-title"
          aria-label={t("editor.postTitle")}
          value={draft.title}
          onChange={(e) => change({ ...draft, title: e.target.value })}
        />
        <button type="button" className="icon" aria-label={t("editor.close")} title={t("editor.close")} onClick={props.onClose}>
          ×
        </button>
      </header>
      <div className="editor-meta">
        <span className={`status-pill status-${post.status}`}>{t(`status.${post.status}`)}</span>
        <span>{post.local_time ? post.local_time.replace("T", " ") : t("editor.unscheduled")}</span>
        <span role="status" className="save-state" aria-label={t("editor.saveState")}>
          {save === "saved" ? (savedAt ? t("editor.savedAt", { time: savedAt }) : t("editor.saved")) : save === "saving" ? t("editor.saving") : t("editor.unsavedChanges")}
        </span>
      </div>
      <fieldset className="platform-picker">
        <legend>{t("editor.platforms")}</legend>
        {PLATFORMS.map((p) => (
          <label key={p} className="chip-check">
            <input type="checkbox" checked={platforms.includes(p)} onChange={() => togglePlatform(p)} aria-label={t(`platform.${p}`)} />
            {t(`platform.${p}`)}
          </label>
        ))}
      </fieldset>
      <AccountPicker accounts={accountList} platforms={platforms} chosen={draft.accounts} onChange={(accounts) => change({ ...draft, accounts })} />
      <div className="tabs" role="tablist" aria-label={t("editor.variants")}>
        <button type="button" role="tab" aria-selected={tab === "main"} onClick={() => setTab("main")}>
          {t("editor.mainText")}
        </button>
        {platforms.map((p) => (
          <button key={p} type="button" role="tab" aria-selected={tab === p} onClick={() => setTab(p)}>
            {t(`platform.${p}`)}
            {(draft.variants[p] ?? null) !== null && <span className="differs" title={t("editor.differs")}>●</span>}
          </button>
        ))}
      </div>
      {tab !== "main" && (
        <div className="variant-bar">
          {inherits ? (
            <>
              <span className="muted">{t("editor.inherits")}</span>
              <button type="button" onClick={() => change({ ...draft, variants: { ...draft.variants, [tab]: draft.body } })}>
                {t("editor.override", { platform: t(`platform.${tab}`) })}
              </button>
            </>
          ) : (
            <>
              <span className="differs-label">{t("editor.differs")}</span>
              <button type="button" onClick={() => change({ ...draft, variants: { ...draft.variants, [tab]: null } })}>
                {t("editor.useMain")}
              </button>
            </>
          )}
        </div>
      )}
      {tab === "main" && (
        <TemplatePicker
          onTemplate={(body) => change({ ...draft, body: draft.body.trim() ? `${draft.body}\n\n${body}` : body })}
          onTags={(tags) => change({ ...draft, body: `${draft.body.trimEnd()}${draft.body.trim() ? "\n" : ""}${tags.join(" ")}` })}
        />
      )}
      <CodeEditor
        key={tab}
        value={tabText}
        onChange={setText}
        label={tab === "main" ? t("editor.mainText") : t("editor.variantText", { platform: t(`platform.${tab}`) })}
        placeholder={t("editor.placeholder")}
        overflowFrom={overflow}
        readOnly={inherits}
        diagnostics={
          lint
            ? {
                text: lint.text,
                items: inText(lint.findings).map((f) => ({
                  from: f.start16,
                  to: f.end16,
                  severity: cmSeverity(f.severity),
                  message: findingMessage(f, i18n.language),
                  source: f.rule,
                })),
              }
            : undefined
        }
      />
      <Notice text={notice} />
      <FormError error={error} />
      <Counters counts={counts} />
      {platforms.includes("x") && <XCostLine postId={props.postId} />}
      {platforms.includes("line") && <LineQuotaLine postId={props.postId} />}
      {platforms.length > 0 && <PreviewCard platform={tab === "main" ? platforms[0]! : tab} text={tabText} title={draft.title} />}
      <GuidelinePanel
        postId={props.postId}
        status={post.status}
        version={lint?.version ?? null}
        findings={lint?.findings ?? []}
        blocking={blocking || (lint?.text === tabText && lint.findings.some((f) => f.severity === "block"))}
        beforeSubmit={flush}
        onSubmitted={() => void getPost(props.postId).then(setPost)}
      />
      {["idea", "draft", "changes_requested"].includes(post.status) && (
        <AssistantTools
          postId={props.postId}
          findings={lint?.findings ?? []}
          flush={flush}
          onUseVariant={(platform, text) => change({ ...draft, variants: { ...draft.variants, [platform]: text } })}
          onUseBody={(text) => change({ ...draft, body: text })}
        />
      )}
      <PublishingPanel postId={props.postId} title={draft.title} />
      <PurposePicker postId={props.postId} />
      <ImagesPanel postId={props.postId} />
      <div className="actions">
        <button type="button" onClick={() => void nextSlot()}>
          {t("editor.nextSlot")}
        </button>
        <button type="button" onClick={() => setHistory((h) => !h)} aria-expanded={history}>
          {t("editor.history")}
        </button>
        <button type="button" className="danger-link" onClick={() => void flush().then(() => setDeleting(true))}>
          {t("editor.delete")}
        </button>
      </div>
      {deleting && (
        <DeleteDialog
          post={post}
          onCancel={() => setDeleting(false)}
          onDeleted={(d) => {
            // Nothing of it is left to save: the editor closes without a last autosave.
            pending.current = null;
            setDeleting(false);
            (props.onDeleted ?? (() => props.onClose()))(d);
          }}
        />
      )}
      {history && (
        <RevisionPanel
          postId={props.postId}
          current={draft.body}
          onRestored={(p) => {
            setPost(p);
            setDraft(fromPost(p));
          }}
        />
      )}
    </section>
  );
}
