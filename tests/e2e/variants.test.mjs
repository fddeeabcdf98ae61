// End-to-end: a listed term broken by a zero-width character is still found, and the editor
// underlines exactly the characters as typed (the invisible one included, nothing around it);
// the finding says it is the listed term written another way. A street address without a
// postal code is underlined as well.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CLI, session, shot, startDriver, stopDriver, nextMonthInJapan, newPostOnDay } from "./harness.mjs";
import { ELEMENT } from "./webdriver.mjs";

const PORT = Number(process.env.TSUNAGU_E2E_PORT_VARIANTS ?? 4490);
let driver;
let workdir;
const cli = (...args) => execFileSync(CLI, args, { encoding: "utf8" });

/** What the underlines of one severity cover, read from the editor's DOM: the text before
 * them on the line, the characters they span (a zero-width character as itself, whether the
 * editor draws it as a placeholder or not), and the text after. */
const UNDERLINED = `
  const marks = [...document.querySelectorAll(arguments[0])];
  if (marks.length === 0) return null;
  const line = marks[0].closest(".cm-line");
  const range = document.createRange();
  range.setStartBefore(marks[0]);
  range.setEndAfter(marks[marks.length - 1]);
  const inside = range.cloneContents();
  for (const w of inside.querySelectorAll(".cm-specialChar")) w.replaceWith(String.fromCodePoint(parseInt((w.title || "").replace(/^\\\\u/, ""), 16) || 0x200b));
  const before = document.createRange();
  before.setStart(line, 0);
  before.setEndBefore(marks[0]);
  const afterR = document.createRange();
  afterR.setStartAfter(marks[marks.length - 1]);
  afterR.setEnd(line, line.childNodes.length);
  return { before: before.toString(), inside: inside.textContent, after: afterR.toString() };
`;

before(async () => {
  workdir = mkdtempSync(join(tmpdir(), "tsunagu-e2e-variants-"));
  driver = await startDriver(PORT);
});

after(() => {
  stopDriver(driver);
  if (workdir) rmSync(workdir, { recursive: true, force: true, maxRetries: 3 });
});

describe("guideline variants in the editor", () => {
  it("underlines a term broken by a zero-width character over the characters as typed", async () => {
    const ws = join(workdir, "ws");
    cli("demo", ws, "--seed", "7");
    const month = nextMonthInJapan();
    const day = `${month}-18`;
    const wd = await session(PORT, ws);
    try {
      const editor = await newPostOnDay(wd, month, day, "見学会のお知らせ");

      // 社外秘 (a blocking term of the pack) with a zero-width space typed inside it.
      await wd.click(editor);
      await wd.exec("document.execCommand('insertText', false, arguments[0]);", ["資料は社外\u200b秘のため見せられません"]);
      const finding = await wd.waitFor('.findings li[data-rule="term.confidential"]');
      assert.match(await wd.text(finding), /「社外秘」と同じ/);
      const covered = await wd.waitUntil("the underline", async () => wd.exec(UNDERLINED, [".cm-lintRange-error"]));
      assert.deepEqual(covered, { before: "資料は", inside: "社外\u200b秘", after: "のため見せられません" });
      // And the underline is drawn (a wavy line in the danger colour, not just a class).
      const style = await wd.exec("const s = getComputedStyle(document.querySelector('.cm-lintRange-error')); return [s.textDecorationLine, s.textDecorationStyle];", []);
      assert.deepEqual(style, ["underline", "wavy"]);
      const submit = await wd.findX("//button[normalize-space()='レビューに提出']");
      assert.equal(await wd.prop(submit, "disabled"), true, "a blocking variant stops submission");
      await shot(wd, "97-variant-underline");
      await wd.exec("arguments[0].scrollIntoView({ block: 'center' });", [{ [ELEMENT]: finding }]);
      await shot(wd, "97b-variant-finding");

      // A street address without a postal code, down to its lot, is underlined as a warning.
      await wd.exec("document.execCommand('selectAll', false); document.execCommand('insertText', false, arguments[0]);", ["集合は浜松市中央区中央三丁目5番7号です"]);
      await wd.waitFor('.findings li[data-rule="pii.address"]');
      const address = await wd.waitUntil("the address underline", async () => wd.exec(UNDERLINED, [".cm-lintRange-warning"]));
      assert.deepEqual(address, { before: "集合は", inside: "浜松市中央区中央三丁目5番7号", after: "です" });
      await shot(wd, "98-address-underline");
      await wd.click(await wd.find('button[aria-label="閉じる"]'));

      // The Guideline screen offers the new detector's severity and says what the term lists
      // find.
      await wd.click(await wd.find('button[aria-label="ガイドライン"]'));
      await wd.waitForX("//h1[normalize-space()='ガイドライン']");
      await wd.waitForX("//p[contains(., '旧字体（國）も同じ言葉として見つけます')]");
      const detectors = await wd.waitForX("//section[@aria-label='自動チェック']");
      await wd.exec("arguments[0].scrollIntoView({ block: 'start' });", [{ [ELEMENT]: detectors }]);
      const street = await wd.findX("//section[@aria-label='自動チェック']//label[span[normalize-space()='番地までの住所']]/select");
      assert.equal(await wd.prop(street, "value"), "warn");
      await shot(wd, "99-guideline-detectors");
    } finally {
      await wd.quit();
    }
  });
});
