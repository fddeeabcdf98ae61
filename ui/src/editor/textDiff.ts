// A line diff for the revision view: longest common subsequence over lines, laid out side by
// side. Posts are short, so the quadratic table is small.

export type DiffRow =
  | { kind: "same"; left: string; right: string }
  | { kind: "removed"; left: string; right: null }
  | { kind: "added"; left: null; right: string }
  | { kind: "changed"; left: string; right: string };

export function diffLines(before: string, after: string): DiffRow[] {
  const a = before.split("\n");
  const b = after.split("\n");
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const rows: DiffRow[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      rows.push({ kind: "same", left: a[i]!, right: b[j]! });
      i++;
      j++;
    } else if (i < n && (j >= m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      rows.push({ kind: "removed", left: a[i]!, right: null });
      i++;
    } else {
      rows.push({ kind: "added", left: null, right: b[j]! });
      j++;
    }
  }
  // Pair a removal directly followed by an addition as one changed line.
  const out: DiffRow[] = [];
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k]!;
    const next = rows[k + 1];
    if (r.kind === "removed" && next?.kind === "added") {
      out.push({ kind: "changed", left: r.left, right: next.right });
      k++;
    } else {
      out.push(r);
    }
  }
  return out;
}

/** Replaces lone UTF-16 surrogates (broken clipboard data) with U+FFFD; says if it did. */
export function wellFormed(text: string): { text: string; repaired: boolean } {
  let repaired = false;
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += text[i]! + text[i + 1]!;
        i++;
        continue;
      }
      out += "\ufffd";
      repaired = true;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      out += "\ufffd";
      repaired = true;
    } else {
      out += text[i]!;
    }
  }
  return { text: out, repaired };
}
