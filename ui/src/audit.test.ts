import { describe, expect, it } from "vitest";
import i18next from "i18next";
import { auditComment, heldBack } from "./audit";
import { ja } from "./locales/ja";
import { en } from "./locales/en";

describe("the exit check's audit entries", () => {
  it("are read from the core's codes, not its words", () => {
    expect(heldBack('{"code":"changed_after_approval","changed":["text","variant:x"]}')).toEqual({
      code: "changed_after_approval",
      changed: ["text", "variant:x"],
    });
    expect(heldBack('{"code":"something_else"}')).toBeNull();
    expect(heldBack("本文を変更しました")).toBeNull();
    expect(heldBack("{not json")).toBeNull();
  });

  it("say what changed in Japanese and English", async () => {
    const i = i18next.createInstance();
    await i.init({ lng: "ja", resources: { ja: { translation: ja }, en: { translation: en } } });
    const jaText = auditComment('{"code":"changed_after_approval","changed":["text","variant:x","image:2"]}', i.t);
    expect(jaText).toContain("承認後に内容が変わりました");
    expect(jaText).toContain("本文");
    expect(jaText).toContain("X向けの文");
    expect(jaText).toContain("画像2");
    expect(jaText).not.toMatch(/[a-z]{4,}/);
    expect(auditComment('{"code":"not_approved","changed":[]}', i.t)).toContain("承認");
    await i.changeLanguage("en");
    expect(auditComment('{"code":"changed_after_approval","changed":["platforms"]}', i.t)).toContain("changed after it was approved");
    expect(auditComment("ふつうのコメント", i.t)).toBe("ふつうのコメント");
    await i.changeLanguage("ja");
    expect(auditComment('{"code":"text_changed"}', i.t)).toBe("レビュー後に本文が変わりました。");
  });
});
