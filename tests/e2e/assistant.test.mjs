// End-to-end: the writing assistant (issue 23) against a fake OpenAI-compatible endpoint on
// 127.0.0.1 that streams its answer slowly. Set in Settings (this computer: nothing leaves
// it), the assistant drafts from material in the inbox while the window shows the answer
// growing with 「中止」; the draft opens in the editor with the guideline's findings, is
// submitted, and the review shows what the assistant wrote. A second request is stopped half
// way and writes nothing.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CLI, session, shot, sleep, startDriver, stopDriver } from "./harness.mjs";

const PORT = Number(process.env.TSUNAGU_E2E_PORT_ASSISTANT ?? 4488);
const EXPLAINED = "「絶対」と言い切ると、保証しているように読まれるおそれがあります。\n---\n工場の朝は、段取り替えの確認から始まります。測定ヘッドを手入れする手元に、ものづくりへの誠実さが表れています。";
const ANSWER = "工場の朝は、段取り替えの確認から始まります。測定ヘッドを手入れする手元に、ものづくりへの誠実さが表れています。素材をくれた山田さん、ありがとうございました。 #ものづくり";
let driver;
let workdir;
let server;
let endpoint;
const received = [];
const byLabel = (tag, label) => `//${tag}[@id=//label[normalize-space()='${label}']/@for]`;
const cli = (...args) => execFileSync(CLI, args, { encoding: "utf8" });

before(async () => {
  workdir = mkdtempSync(join(tmpdir(), "tsunagu-e2e-assistant-"));
  driver = await startDriver(PORT, { HOME: workdir });
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", async () => {
      const json = JSON.parse(body || "{}");
      received.push(json);
      if (req.url !== "/v1/chat/completions" || json.model !== "qwen2.5:7b" || json.stream !== true) {
        res.writeHead(404, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ error: { message: "not found" } }));
        return;
      }
      res.writeHead(200, { "Content-Type": "text/event-stream" });
      const explain = JSON.stringify(json.messages).includes("指摘が出ました");
      for (const piece of (explain ? EXPLAINED : ANSWER).match(/.{1,6}/gsu)) {
        if (res.destroyed) return;
        res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: piece } }] })}\n\n`);
        await sleep(120);
      }
      res.end("data: [DONE]\n\n");
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  endpoint = `http://127.0.0.1:${server.address().port}/v1`;
});

after(() => {
  stopDriver(driver);
  server?.close();
  if (workdir) rmSync(workdir, { recursive: true, force: true, maxRetries: 3 });
});

describe("The writing assistant", () => {
  it("drafts from material while the answer streams, and the review shows what it wrote", async () => {
    const ws = join(workdir, "ws");
    cli("demo", ws, "--seed", "31");
    const wd = await session(PORT, ws);
    try {
      // Off by default: the inbox's button says how to turn it on.
      await wd.click(await wd.waitFor('button[aria-label="依頼と素材"]'));
      await wd.waitForX("//h1[normalize-space()='依頼と素材']");
      await wd.click(await wd.waitForX("//button[@role='tab' and contains(., '素材')]"));
      const card = "(//li[contains(@class,'material-card')][.//button[contains(@aria-label,'アシスタントで下書き')]])[1]";
      await wd.click(await wd.waitForX(`${card}//button[contains(@aria-label,'アシスタントで下書き')]`));
      await wd.waitForX(`${card}//p[@role='note' and contains(., '「設定」→「文章アシスタント」')]`);

      // Settings: a model on this computer.
      await wd.click(await wd.find('button[aria-label="設定"]'));
      const form = "//form[@aria-label='文章アシスタント']";
      await wd.waitForX(`${form}//p[@role='status' and contains(., '使っていません')]`);
      const address = await wd.findX(byLabel("input", "アシスタントのアドレス"));
      await wd.clear(address);
      await wd.type(address, endpoint);
      await wd.type(await wd.findX(byLabel("input", "モデル名")), "qwen2.5:7b");
      await wd.click(await wd.findX(`${form}//button[@type='submit']`));
      await wd.waitForX(`${form}//p[@role='status' and contains(., 'このパソコンの中で動きます（qwen2.5:7b）')]`);
      await wd.exec("arguments[0].scrollIntoView({block: 'center'})", [{ "element-6066-11e4-a52e-4f735466cecf": await wd.findX(form) }]);
      await shot(wd, "90-settings-assistant");

      // The inbox: the assistant drafts, the answer grows on the card.
      await wd.click(await wd.find('button[aria-label="依頼と素材"]'));
      await wd.click(await wd.waitForX("//button[@role='tab' and contains(., '素材')]"));
      const button = await wd.waitForX(`${card}//button[contains(@aria-label,'アシスタントで下書き')]`);
      const giver = (await wd.attr(button, "aria-label")).replace(/さんの素材.*/, "").split(" ")[0];
      await wd.click(button);
      const panel = await wd.waitForX("//*[@role='region' and @aria-label='アシスタントが書いている文章']", 20000);
      await wd.waitUntil("the answer is growing", async () => (await wd.text(panel)).includes("段取り替え"));
      await wd.exec("arguments[0].scrollIntoView({block: 'center'})", [{ "element-6066-11e4-a52e-4f735466cecf": panel }]);
      await shot(wd, "91-assistant-streaming");
      assert.match(await wd.text(panel), /中止/);

      // The draft opens in the editor with the assistant's text, checked by the guideline.
      const editor = await wd.waitFor('[role="dialog"] .cm-content', 30000);
      await wd.waitUntil("the draft holds the answer", async () => (await wd.text(editor)).includes("測定ヘッドを手入れする手元"));
      await shot(wd, "92-assistant-draft-in-editor");
      // A word the guideline asks care for: the assistant explains the finding and offers a
      // rewrite, which goes into the editor only when accepted.
      await wd.click(editor);
      await wd.chord("\uE009", "\uE010");
      await wd.type(editor, "品質は絶対です。");
      const tools = "//section[@aria-label='文章アシスタント']";
      await wd.waitForX(`${tools}//select[@aria-label='説明してほしい指摘']/option[contains(., '絶対')]`, 20000);
      // The only finding is the one chosen.
      const explainButton = await wd.findX(`${tools}//button[normalize-space()='この指摘をやさしく説明']`);
      await wd.exec("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'})", [{ "element-6066-11e4-a52e-4f735466cecf": explainButton }]);
      await wd.click(explainButton);
      const explained = await wd.waitForX("//*[@role='region' and @aria-label='指摘の説明と書き直し案']", 30000);
      assert.match(await wd.text(explained), /言い切ると/);
      await wd.exec("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'})", [{ "element-6066-11e4-a52e-4f735466cecf": explained }]);
      await shot(wd, "92b-assistant-explains-a-finding");
      const use = await wd.findX("//*[@role='region' and @aria-label='指摘の説明と書き直し案']//button[normalize-space()='この文に置き換える']");
      await wd.exec("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'})", [{ "element-6066-11e4-a52e-4f735466cecf": use }]);
      await wd.click(use);
      await wd.waitUntil("the rewrite is in the editor", async () => !(await wd.text(editor)).includes("絶対"));
      // What the model on this computer was sent: the material as written, with the giver.
      assert.ok(received.some((r) => JSON.stringify(r).includes(giver)), "a model on this computer reads the name as written");
      // Buttons in the editor's own scrolling column are brought into view before a click.
      const submit = await wd.findX("//button[normalize-space()='レビューに提出']");
      await wd.waitUntil("the rewrite passes the check", async () => (await wd.prop(submit, "disabled")) === false);
      await wd.exec("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'})", [{ "element-6066-11e4-a52e-4f735466cecf": submit }]);
      await wd.click(submit);
      await wd.waitForX("//*[contains(., 'レビュー待ちです。')]", 20000);
      await wd.click(await wd.find('button[aria-label="閉じる"]'));

      // The review shows what the assistant wrote.
      await wd.click(await wd.find('button[aria-label="レビュー"]'));
      await wd.click(await wd.waitForX("(//*[contains(@class,'review-queue')]//li)[last()]"));
      const notes = await wd.waitForX("//section[@aria-label='アシスタントが書いた内容']", 20000);
      assert.match(await wd.text(notes), /素材から下書き/);
      assert.match(await wd.text(notes), /このパソコン/);
      await wd.exec("arguments[0].scrollIntoView({block: 'center'})", [{ "element-6066-11e4-a52e-4f735466cecf": notes }]);
      await shot(wd, "93-review-assistant-notes");

      // A second request, stopped half way, writes nothing.
      await wd.click(await wd.find('button[aria-label="依頼と素材"]'));
      await wd.click(await wd.waitForX("//button[@role='tab' and contains(., '素材')]"));
      const before = JSON.parse(cli("--workspace", ws, "material", "list", "--json")).filter((m) => m.post).length;
      await wd.click(await wd.waitForX(`${card}//button[contains(@aria-label,'アシスタントで下書き')]`));
      const second = await wd.waitForX("//*[@role='region' and @aria-label='アシスタントが書いている文章']", 20000);
      await wd.waitUntil("it started", async () => (await wd.text(second)).includes("書いています"));
      await wd.click(await wd.findX("//*[@role='region' and @aria-label='アシスタントが書いている文章']//button[normalize-space()='中止']"));
      await wd.waitForX("//*[contains(., '中止しました')]", 20000);
      const after = JSON.parse(cli("--workspace", ws, "material", "list", "--json")).filter((m) => m.post).length;
      assert.equal(after, before, "no draft was made");
      await shot(wd, "94-assistant-stopped");
    } finally {
      await wd.quit();
    }
  });
});
