// Guideline findings in the UI's language, and their CodeMirror shape.
import type { Finding, Severity } from "./bindings";

/** The finding's message in the UI language (Japanese or English). */
export function findingMessage(f: Finding, language: string): string {
  return language.startsWith("ja") ? f.message_ja : f.message;
}

/** The finding's suggestion in the UI language, if it has one. */
export function findingSuggestion(f: Finding, language: string): string | null {
  return (language.startsWith("ja") ? f.suggestion_ja : f.suggestion) ?? null;
}

/** CodeMirror's severity names. */
export function cmSeverity(s: Severity): "error" | "warning" | "info" {
  return s === "block" ? "error" : s === "warn" ? "warning" : "info";
}

/** Findings that point at a place in the text (not about the post as a whole). */
export function inText(findings: Finding[]): Finding[] {
  return findings.filter((f) => f.end16 > f.start16);
}

/** Blocking first, then warnings, then information; by position within each. */
export function bySeverity(findings: Finding[]): Finding[] {
  const rank: Record<Severity, number> = { block: 0, warn: 1, info: 2 };
  return [...findings].sort((a, b) => rank[a.severity] - rank[b.severity] || a.start16 - b.start16);
}
