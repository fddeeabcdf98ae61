// CodeMirror 6 as a controlled text field, with the part past a platform's limit marked and
// the guideline's findings underlined (CodeMirror lint diagnostics, UTF-16 positions).
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { EditorState, StateEffect, StateField, type Extension } from "@codemirror/state";
import { Decoration, EditorView, keymap, placeholder as placeholderExt, type DecorationSet } from "@codemirror/view";
import { setDiagnostics, type Diagnostic } from "@codemirror/lint";
import { useEffect, useRef } from "react";

const setOverflow = StateEffect.define<number | null>();

/** Marks everything from the given UTF-16 offset on (CodeMirror positions are UTF-16). */
const overflowField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    let next = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (e.is(setOverflow)) {
        const from = e.value;
        const len = tr.state.doc.length;
        next =
          from === null || from >= len
            ? Decoration.none
            : Decoration.set([Decoration.mark({ class: "cm-over-limit" }).range(Math.max(0, from), len)]);
      }
    }
    return next;
  },
  provide: (f) => EditorView.decorations.from(f),
});

export function CodeEditor(props: {
  value: string;
  onChange: (text: string) => void;
  label: string;
  placeholder?: string;
  overflowFrom: number | null;
  readOnly?: boolean;
  /** Findings for exactly `value` (ignored while the text has moved on). */
  diagnostics?: { text: string; items: Diagnostic[] };
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;

  useEffect(() => {
    if (!host.current) return;
    const extensions: Extension[] = [
      history(),
      keymap.of([...defaultKeymap, ...historyKeymap]),
      EditorView.lineWrapping,
      overflowField,
      EditorView.contentAttributes.of({ "aria-label": props.label, "aria-multiline": "true" }),
      EditorView.editable.of(!props.readOnly),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) onChange.current(u.state.doc.toString());
      }),
    ];
    if (props.placeholder) extensions.push(placeholderExt(props.placeholder));
    view.current = new EditorView({
      state: EditorState.create({ doc: props.value, extensions }),
      parent: host.current,
    });
    return () => {
      view.current?.destroy();
      view.current = null;
    };
    // The editor is created once per mount; value changes are synced below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.label, props.readOnly]);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== props.value) {
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: props.value } });
    }
  }, [props.value]);

  useEffect(() => {
    view.current?.dispatch({ effects: setOverflow.of(props.overflowFrom) });
  }, [props.overflowFrom, props.value]);

  useEffect(() => {
    const v = view.current;
    const d = props.diagnostics;
    if (!v || !d || v.state.doc.toString() !== d.text) return;
    const len = v.state.doc.length;
    const items = d.items.filter((x) => x.from < x.to && x.to <= len);
    v.dispatch(setDiagnostics(v.state, items));
  }, [props.diagnostics]);

  return <div className="code-editor" ref={host} />;
}
