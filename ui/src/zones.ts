// Time zones as people know them: the common ones by country and city in the screen's
// language (日本（東京）), the rest by their IANA name. The named ones come first.
export const NAMED_ZONES = [
  "Asia/Tokyo", "Asia/Seoul", "Asia/Shanghai", "Asia/Taipei", "Asia/Singapore", "Asia/Bangkok", "Asia/Ho_Chi_Minh",
  "America/Los_Angeles", "America/New_York", "Europe/London", "Europe/Berlin", "UTC",
] as const;

/** `zone` as the screen names it. */
export function zoneLabel(zone: string, t: (k: string, o?: Record<string, unknown>) => string): string {
  return t(`zones.${zone.replaceAll("/", "_")}`, { defaultValue: zone });
}

/** The zones to offer: the named ones first, then the rest (and `current`, if neither has it). */
export function zoneChoices(all: string[], current: string): string[] {
  const named: string[] = NAMED_ZONES.filter((z) => z === "UTC" || all.includes(z));
  const rest = all.filter((z) => !named.includes(z));
  const out = [...named, ...rest];
  return out.includes(current) ? out : [current, ...out];
}
