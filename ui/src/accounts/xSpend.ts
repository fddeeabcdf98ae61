// X's pay-per-use amounts: stored as millionths of a US dollar (whole numbers, so sums never
// drift), shown and typed as dollars.

/** Millionths of a dollar as dollars, to `digits` decimals, in the window's language. */
export function usd(micros: number | bigint, language: string, digits = 3): string {
  return new Intl.NumberFormat(language, { style: "currency", currency: "USD", minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    Number(micros) / 1_000_000,
  );
}

/**
 * A cap typed in dollars ("10", "12.50", "１０" in full width): millionths, `null` for an empty
 * field (no cap), or `"invalid"` for anything else.
 */
export function parseCap(text: string): number | null | "invalid" {
  const plain = text.normalize("NFKC").replace(/[$,\s]/g, "");
  if (plain === "") return null;
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(plain)) return "invalid";
  return Math.round(Number(plain) * 1_000_000);
}
