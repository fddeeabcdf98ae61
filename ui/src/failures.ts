// The core words a publishing failure in English, with the platform's own message inside (the
// platforms answer in English too). For the Japanese window this turns each known kind of
// failure into a sentence that says what happened and what to do; the original stays beside it
// for whoever has to ask the platform. Unknown texts are shown as they are.

export type Explained = { key: string; params: Record<string, string> };

const RULES: [RegExp, (m: RegExpMatchArray) => Explained][] = [
  [/system keychain is locked/i, () => ({ key: "failure.keychain", params: {} })],
  [/could not be taken back/i, () => ({ key: "failure.takeBack", params: {} })],
  [/refused the account's (credentials|access)|not in the keychain|could not be renewed|expired or was revoked|refused the renewed token|did not renew the session/i, () => ({ key: "failure.reconnect", params: {} })],
  [/no media host is set/i, () => ({ key: "failure.mediaHost", params: {} })],
  [/The media host refused/i, () => ({ key: "failure.mediaHostRefused", params: {} })],
  [/need at least one image/i, () => ({ key: "failure.needsImage", params: {} })],
  [/takes images from 4:5/i, () => ({ key: "failure.aspect", params: {} })],
  [/(no longer accepts|did not accept) API version/i, () => ({ key: "failure.apiVersion", params: {} })],
  [/daily limit|daily publishing limit/i, () => ({ key: "failure.dailyLimit", params: {} })],
  [/asked to (slow down|space)/i, () => ({ key: "failure.slowDown", params: {} })],
  [/still processing/i, () => ({ key: "failure.processing", params: {} })],
  [/rate limit was reached/i, () => ({ key: "failure.rateLimited", params: {} })],
  [/had (?:a server error|an error) (\d{3})/i, (m) => ({ key: "failure.serverError", params: { status: m[1] ?? "" } })],
  [/could not be reached|connection ended before/i, () => ({ key: "failure.unreachable", params: {} })],
  [/^No (\w+) account is connected/, (m) => ({ key: "failure.noAccount", params: { platform: m[1] ?? "" } })],
  [/not available in this version/i, () => ({ key: "failure.notAvailable", params: {} })],
  [/image/i, () => ({ key: "failure.image", params: {} })],
  [/refused the (post|request)|does not know/i, () => ({ key: "failure.refused", params: {} })],
  [/answered without|did not return/i, () => ({ key: "failure.strangeAnswer", params: {} })],
];

/** The kind of failure `reason` describes, and how many attempts were given up after. */
export function explainFailure(reason: string): { explained: Explained | null; gaveUpAfter: string | null } {
  const gaveUp = /^Gave up after (\d+) attempts: ([\s\S]*)$/.exec(reason);
  const inner = gaveUp?.[2] ?? reason;
  for (const [pattern, make] of RULES) {
    const m = inner.match(pattern);
    if (m) return { explained: make(m), gaveUpAfter: gaveUp?.[1] ?? null };
  }
  return { explained: null, gaveUpAfter: gaveUp?.[1] ?? null };
}
