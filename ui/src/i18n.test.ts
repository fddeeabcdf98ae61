import { describe, expect, it } from "vitest";
import { resolveLanguage } from "./i18n";
import { en } from "./locales/en";
import { ja } from "./locales/ja";
import { ERROR_CODES, RULES } from "./bindings";
import { ERROR_CODES_FOR_TEST, POST_STATUSES, PLATFORMS, RULES_FOR_TEST } from "./testLists";

function keys(o: object, prefix = ""): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    typeof v === "object" && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe("translations", () => {
  it("have the same keys in Japanese and English", () => {
    expect(keys(en).sort()).toEqual(keys(ja).sort());
  });

  it("have no empty strings", () => {
    for (const dict of [ja, en]) {
      for (const k of keys(dict)) {
        const value = k.split(".").reduce<unknown>((o, part) => (o as Record<string, unknown>)[part], dict);
        expect(value, k).not.toBe("");
      }
    }
  });

  it("name every status, platform and error code", () => {
    for (const s of POST_STATUSES) expect(ja.status[s]).toBeTruthy();
    for (const p of PLATFORMS) expect(en.platform[p]).toBeTruthy();
    for (const c of ERROR_CODES_FOR_TEST) {
      expect(ja.error.codes[c]).toBeTruthy();
      expect(en.error.codes[c]).toBeTruthy();
    }
  });

  it("say every refusal's rule in both languages, and know every code and rule the core has", () => {
    // The generated lists come from the Rust enums: a new code or rule fails here until it
    // is translated.
    expect([...ERROR_CODES].sort()).toEqual([...ERROR_CODES_FOR_TEST].sort());
    expect([...RULES].sort()).toEqual([...RULES_FOR_TEST].sort());
    for (const r of RULES) {
      expect(ja.error.rules[r], r).toBeTruthy();
      expect(en.error.rules[r], r).toBeTruthy();
      expect(ja.error.rules[r], r).not.toMatch(/[A-Za-z]{4,}/);
    }
  });
});

describe("resolveLanguage", () => {
  it("prefers the setting", () => {
    expect(resolveLanguage("en", "ja", "ja-JP")).toBe("en");
    expect(resolveLanguage("ja", "en", "en-US")).toBe("ja");
  });
  it("follows the system when set to system", () => {
    expect(resolveLanguage("system", "ja", "en-US")).toBe("ja");
    expect(resolveLanguage("system", "en", "ja-JP")).toBe("en");
    expect(resolveLanguage("system", null, "ja-JP")).toBe("ja");
    expect(resolveLanguage("system", null, "de-DE")).toBe("en");
    expect(resolveLanguage(undefined, null, undefined)).toBe("ja");
  });
});
