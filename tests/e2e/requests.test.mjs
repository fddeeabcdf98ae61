// End-to-end: requests and material. A request's due date on the calendar leads to the
// requests screen; the lead sends a request, records the material the person sent in answer
// (with a photo), turns it into a draft with one action and thanks them. On the People screen a
// person who has not read the current guideline is flagged until it is recorded.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CLI, session, shot, startDriver, stopDriver } from "./harness.mjs";
import { ELEMENT } from "./webdriver.mjs";

const PORT = Number(process.env.TSUNAGU_E2E_PORT_REQUESTS ?? 4447);
let driver;
let workdir;
const cli = (...args) => execFileSync(CLI, args, { encoding: "utf8" });
const byLabel = (tag, label) => `//${tag}[@id=//label[normalize-space()='${label}']/@for]`;

before(async () => {
  workdir = mkdtempSync(join(tmpdir(), "tsunagu-e2e-requests-"));
  driver = await startDriver(PORT);
});

after(() => {
  stopDriver(driver);
  if (workdir) rmSync(workdir, { recursive: true, force: true, maxRetries: 3 });
});

describe("requests and material", () => {
  it("sends a request, records the answer with a photo, turns it into a draft and says thanks", async () => {
    const ws = join(workdir, "ws");
    cli("demo", ws, "--seed", "21");
    const wd = await session(PORT, ws);
    try {
      // The demo's requests are due around today: one shows on this month's calendar.
      const due = await wd.waitFor(".fc .event.request");
      assert.match(await wd.attr(due, "aria-label"), /^依頼「.+」の期限（\d+人中\d+人が回答）$/);
      await wd.click(due);
      await wd.waitForX("//h1[normalize-space()='依頼と素材']");

      // Send a request to one person.
      await wd.click(await wd.findX("//header//button[normalize-space()='依頼を送る']"));
      await wd.type(await wd.waitForX(byLabel("input", "お願いしたいこと")), "新しい検査機の写真を1枚");
      await wd.type(await wd.findX(byLabel("textarea", "詳しく")), "画面が写らない角度でお願いします");
      const box = await wd.find('.people-choice input[aria-label="山田 健一"]');
      await wd.exec("arguments[0].scrollIntoView({ block: 'center' }); arguments[0].click();", [{ [ELEMENT]: box }]);
      await shot(wd, "30-request-form");
      await wd.click(await wd.findX("//form[@aria-label='依頼を送る']//button[@type='submit']"));
      await wd.waitForX("//p[@role='status' and normalize-space()='依頼を送りました']");
      const card = "//li[contains(@class,'request-card') and @aria-label='新しい検査機の写真を1枚']";
      await wd.waitForX(`${card}//li[contains(@class,'state-open') and span[normalize-space()='山田']]`);
      await shot(wd, "31-request-board");

      // Yamada answers with a comment and a photo; the lead records it from his chip.
      await wd.click(await wd.findX(`${card}//button[@aria-label='山田さんの素材を記録（新しい検査機の写真を1枚）']`));
      const form = await wd.waitFor('form[aria-label="素材を記録"]');
      assert.equal(await wd.prop(await wd.findX(byLabel("select", "どの依頼への回答か")), "value").then(Boolean), true);
      await wd.type(await wd.findX(byLabel("textarea", "ひとこと・コメント")), "検査機の測定ヘッドです。\n手元だけ写っています。");
      const photo = join(workdir, "machine.jpg");
      execFileSync("convert", ["-size", "80x60", "gradient:steelblue-white", photo]);
      await wd.type(await wd.find('input[type="file"][aria-label="写真を選ぶ"]'), photo);
      assert.ok(form);
      await wd.click(await wd.findX("//button[normalize-space()='素材を受け取る']"));
      await wd.waitForX("//p[@role='status' and normalize-space()='素材を受け取りました']");

      // The inbox holds it, photo and all; one action makes the draft and opens it.
      const item = "//li[contains(@class,'material-card') and @aria-label='山田 健一さんの素材']";
      await wd.waitForX(`${item}[.//p[contains(., '測定ヘッド')]]//img`);
      await shot(wd, "32-material-inbox");
      await wd.click(await wd.findX(`${item}[.//p[contains(., '測定ヘッド')]]//button[@aria-label='山田 健一さんの素材を下書きにする']`));
      const editor = await wd.waitFor('[role="dialog"] .cm-content');
      await wd.waitUntil("the draft holds the comment", async () => (await wd.text(editor)).includes("手元だけ写っています"));
      await wd.waitFor('[role="dialog"] .images img');
      await wd.waitForX(`${item}[.//p[contains(., '測定ヘッド')]]//button[normalize-space()='下書きを開く']`);
      await shot(wd, "33-material-draft");
      await wd.click(await wd.find('button[aria-label="閉じる"]'));

      // On the board Yamada's part is answered.
      await wd.click(await wd.findX("//button[@role='tab' and normalize-space()='依頼']"));
      await wd.waitForX(`${card}//li[contains(@class,'state-answered') and span[normalize-space()='山田']]`);

      // Thanks: contributors by name; the note is kept for the month.
      await wd.click(await wd.findX("//button[@role='tab' and normalize-space()='感謝とハイライト']"));
      await wd.click(await wd.waitForX("//button[@aria-label='山田 健一さんに感謝を伝える']"));
      await wd.type(await wd.waitForX(byLabel("textarea", "メッセージ")), "検査機の写真、ありがとうございました。");
      await wd.click(await wd.findX("//form[@aria-label='山田 健一さんに感謝を伝える']//button[@type='submit']"));
      await wd.waitForX("//ul[@class='recognitions']/li[contains(., '検査機の写真、ありがとうございました。')]");
      const ranking = await wd.findAll('[aria-label="協力の多い順"]');
      assert.equal(ranking.length, 0, "no ranking unless the workspace allows it");
      await shot(wd, "34-recognition");

      // People: someone who has not read the guideline is flagged until it is recorded.
      await wd.click(await wd.find('button[aria-label="名簿"]'));
      const flagged = await wd.waitForX("//nav[@aria-label='人']//button[span[@class='flag']]");
      const name = await wd.text(await wd.findX("//nav[@aria-label='人']//button[span[@class='flag']]/span[1]"));
      await wd.click(flagged);
      await wd.click(await wd.waitForX("//button[normalize-space()='確認済みにする']"));
      await wd.waitForX("//section[@aria-label='ガイドラインの確認']//span[starts-with(normalize-space(), '第1版を')]");
      await wd.waitUntil("the flag is gone", async () => {
        const left = await wd.findAll(`nav[aria-label="人"] button[aria-pressed="true"] .flag`);
        return left.length === 0;
      });
      await wd.waitForX("//section[@aria-label='この人への依頼']");
      await shot(wd, "35-person-activity");
      assert.ok(name.length > 0);
    } finally {
      await wd.quit();
    }
    // The draft is on disk, linked to who gave the material.
    const drafts = JSON.parse(cli("--workspace", ws, "info", "--json"));
    assert.ok(drafts.posts > 0);
  });
});
