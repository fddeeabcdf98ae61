// End-to-end: the People screen. Add a person who takes part "hands only" with a consent
// record, show them in a scheduled post's photo, withdraw the consent and find that post
// listed; then a roster CSV with a bad row is checked before anything is imported.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CLI, session, shot, sleep, startDriver, stopDriver } from "./harness.mjs";
import { ELEMENT } from "./webdriver.mjs";

const PORT = Number(process.env.TSUNAGU_E2E_PORT ?? 4446);
let driver;
let workdir;
const cli = (...args) => execFileSync(CLI, args, { encoding: "utf8" });
const byLabel = (tag, label) => `//${tag}[@id=//label[normalize-space()='${label}']/@for]`;

before(async () => {
  workdir = mkdtempSync(join(tmpdir(), "tsunagu-e2e-roster-"));
  driver = await startDriver(PORT);
});

after(() => {
  stopDriver(driver);
  if (workdir) rmSync(workdir, { recursive: true, force: true, maxRetries: 3 });
});

describe("the People screen", () => {
  it("records consent, shows its withdrawal's impact, and checks a CSV before importing", async () => {
    const ws = join(workdir, "ws");
    cli("demo", ws, "--seed", "12");
    const wd = await session(PORT, ws);
    try {
      await wd.waitFor(".fc .event[data-id]");
      // A new person who takes part with their hands only.
      await wd.click(await wd.find('button[aria-label="名簿"]'));
      await wd.click(await wd.waitForX("//button[normalize-space()='人を追加']"));
      await wd.type(await wd.waitForX(byLabel("input", "氏名")), "木下 遥");
      await wd.type(await wd.findX(byLabel("input", "部署")), "製造部");
      await wd.click(await wd.find('input[aria-label="手元のみ"]'));
      await wd.click(await wd.findX("//button[@type='submit' and normalize-space()='保存']"));
      await wd.waitForX("//h3[normalize-space()='同意の記録']");
      await wd.click(await wd.find('input[aria-label="同意: 手元のみ"]'));
      await wd.type(await wd.findX(byLabel("input", "証跡（同意書の番号など）")), "同意書-0099");
      await wd.click(await wd.findX("//button[normalize-space()='同意を記録']"));
      await wd.waitForX("//li[contains(@class,'consent') and contains(., '同意書-0099')]/span[normalize-space()='有効']");

      // Show them in the photo of a scheduled post.
      await wd.click(await wd.find('button[aria-label="カレンダー"]'));
      const post = await wd.waitFor('.fc .event[data-status="scheduled"]');
      const title = (await wd.attr(post, "aria-label")).split("（")[0];
      await wd.click(post);
      await wd.waitFor('[role="dialog"] .cm-content');
      const photo = join(workdir, "hands.jpg");
      execFileSync("convert", ["-size", "64x48", "gradient:tan-brown", photo]);
      await wd.type(await wd.find('input[type="file"][aria-label="画像を追加"]'), photo);
      await wd.click(await wd.waitForX("//details/summary[starts-with(normalize-space(), '写っている人')]"));
      // The checkbox sits in a small scrolled list inside the editor pane, which WebKitWebDriver
      // reports as not interactable; a DOM click is what a user's click delivers.
      const box = await wd.waitForX("//label[contains(., '木下 遥')]/input");
      await wd.exec("arguments[0].scrollIntoView({ block: 'center' }); arguments[0].click();", [{ [ELEMENT]: box }]);
      await wd.waitForX("//details/summary[normalize-space()='写っている人 (1)']");
      await wd.click(await wd.find('button[aria-label="閉じる"]'));

      // Withdraw: the post is listed.
      await wd.click(await wd.find('button[aria-label="名簿"]'));
      await wd.click(await wd.waitForX("//button[span[normalize-space()='木下 遥']]"));
      await wd.click(await wd.waitForX("//button[normalize-space()='撤回']"));
      const impact = await wd.waitFor('.impact');
      const text = await wd.text(impact);
      assert.ok(text.includes(title), `${title} listed in: ${text}`);
      assert.ok(text.includes("画像"), "shown through the image");
      await wd.waitForX("//span[normalize-space()='撤回済み']");
      // Hold the post back so it cannot go out with them in it.
      await wd.click(await wd.findX(`//button[@aria-label='「${title}」の予約を止める']`));
      await wd.waitForX("//li[contains(., '一時停止しました')]");
      await shot(wd, "21-roster-withdrawal");
      // Or open it beside the roster to take them out of it.
      await wd.click(await wd.findX(`//button[@aria-label='「${title}」を編集する']`));
      const heading = await wd.waitFor('[role="dialog"] input.editor-title');
      await wd.waitUntil("the post opens", async () => (await wd.prop(heading, "value")) === title);
      await wd.click(await wd.find('button[aria-label="閉じる"]'));

      // A CSV with a bad row: checked, nothing imported.
      const csv = join(workdir, "people.csv");
      writeFileSync(csv, "name,role,participation\n新人 太郎,ambassador,hands_only\n新人 花子,boss,face_shown\n");
      await wd.type(await wd.find('input[type="file"][aria-label="名簿を読み込む（Excel・CSV）"]'), csv);
      const check = await wd.waitFor('[role="region"][aria-label="読み込む前の確認"]');
      assert.match(await wd.text(check), /3行目・役割：この値は読み取れません/);
      const importButton = await wd.findX("//button[normalize-space()='読み込む']");
      assert.equal(await wd.prop(importButton, "disabled"), true);
      await shot(wd, "22-roster-csv-check");
      await sleep(100);
    } finally {
      await wd.quit();
    }
    const tokyoMonth = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tokyo", year: "numeric", month: "2-digit" })
      .formatToParts(new Date())
      .filter((p) => p.type === "year" || p.type === "month")
      .map((p) => p.value)
      .join("-");
    const month = JSON.parse(cli("--workspace", ws, "calendar", "--month", tokyoMonth, "--json"));
    assert.ok(month.posts.some((p) => p.status === "paused"), "the held-back post is paused");
    const info = JSON.parse(cli("--workspace", ws, "info", "--json"));
    assert.equal(info.people, 28, "the new person, and nobody from the bad CSV");
  });
});
