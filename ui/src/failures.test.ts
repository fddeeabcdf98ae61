import { describe, expect, it } from "vitest";
import { FAILURE_KEYS, failureKey } from "./failures";
import { en } from "./locales/en";
import { ja } from "./locales/ja";

const lookup = (dict: object, key: string): unknown =>
  key.split(".").reduce<unknown>((o, part) => (o as Record<string, unknown> | undefined)?.[part], dict);

describe("failure kinds", () => {
  it("have a sentence in Japanese and in English for every kind the core stores", () => {
    // FAILURE_KEYS is typed by the generated FailureKind union: a kind added in Rust without a
    // key here fails the type check; a key without both translations fails here.
    for (const [kind, key] of Object.entries(FAILURE_KEYS)) {
      const jaText = lookup(ja, key);
      const enText = lookup(en, key);
      expect(typeof jaText === "string" && jaText.length > 0, `${kind} ja`).toBe(true);
      expect(typeof enText === "string" && enText.length > 0, `${kind} en`).toBe(true);
      // The Japanese sentence is Japanese: no run of English words.
      expect(jaText as string, kind).not.toMatch(/[A-Za-z]{3,} [A-Za-z]{3,}/);
    }
  });

  it("read a row from before kinds were stored as the general sentence", () => {
    expect(failureKey(null)).toBe("failure.other");
    expect(failureKey(undefined)).toBe("failure.other");
    expect(failureKey("server_error")).toBe("failure.serverError");
  });
});
