// End-to-end: 「社内に届ける」 on the dashboard (issue 22). On the demo: a department manager's
// weekly digest and the briefing kit are written and read back from the files, and the month's
// highlights are previewed (the demo never sends, and says so in Settings). On a company's own
// workspace: Slack is set in Settings (the address to the keychain, only its host shown) and the
// previewed highlights reach a fake Slack incoming webhook on 127.0.0.1 in Block Kit. Every
// Japanese screen is checked for English words.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CLI, session, shot, startDriver, stopDriver } from "./harness.mjs";

const PORT = Number(process.env.TSUNAGU_E2E_PORT_SHARE ?? 4486);
let driver;
let workdir;
let server;
let slack;
const received = [];
const byLabel = (tag, label) => `//${tag}[@id=//label[normalize-space()='${label}']/@for]`;
const savedPath = (text) => text.slice(text.indexOf("：") + 1).trim();

before(async () => {
  workdir = mkdtempSync(join(tmpdir(), "tsunagu-e2e-share-"));
  mkdirSync(join(workdir, "Downloads"));
  driver = await startDriver(PORT, { HOME: workdir, XDG_DOWNLOAD_DIR: join(workdir, "Downloads") });
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const json = (() => {
        try {
          return JSON.parse(body);
        } catch {
          return null;
        }
      })();
      const ok = req.method === "POST" && req.url.startsWith("/services/") && json && typeof json.text === "string" && Array.isArray(json.blocks);
      if (ok) received.push(json);
      res.writeHead(ok ? 200 : 400, { "Content-Type": "text/plain" });
      res.end(ok ? "ok" : "invalid_payload");
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  slack = `http://127.0.0.1:${server.address().port}/services/T0001/B0002/e2eSECRETpath`;
});

after(() => {
  stopDriver(driver);
  server?.close();
  if (workdir) rmSync(workdir, { recursive: true, force: true, maxRetries: 3 });
});

/** Latin words in `xpath` (the share panel by default), outside the names of products,
 *  their features and formats. */
async function englishInPanel(wd, xpath = "//section[@aria-label='社内に届ける']") {
  const panel = await wd.findX(xpath);
  const allowed = new Set(["PDF", "HTML", "QR", "SNS", "KPI", "Wi", "Fi", "Microsoft", "Teams", "Slack", "Chatwork", "API", "Webhook", "Incoming", "Webhooks"]);
  // Option labels run together in an element's text ("TeamsSlack"): split words at capitals.
  // A saved file's path is shown as it is (the system's words, to be found in the file manager).
  const text = (await wd.text(panel)).replace(/\/[^\s）]+/g, "");
  const words = text.match(/[A-Z]{2,}(?![a-z])|[A-Z]?[a-z]+/g) ?? [];
  return words.filter((w) => w.length > 1 && !allowed.has(w));
}

async function openShare(wd) {
  await wd.click(await wd.waitFor('button[aria-label="ダッシュボード"]'));
  await wd.waitForX("//h1[normalize-space()='ダッシュボード']");
  return wd.waitForX("//section[@aria-label='社内に届ける']", 20000);
}

describe("Sharing inside the company", () => {
  it("writes a department's digest and the briefing kit, and previews the chat message on the demo", async () => {
    const ws = join(workdir, "demo");
    execFileSync(CLI, ["demo", ws, "--seed", "22"], { encoding: "utf8" });
    const wd = await session(PORT, ws);
    try {
      await openShare(wd);
      // The digest of 製造部 for this week, as a PDF.
      const dept = await wd.waitForX("//select[@aria-label='部署']//option[normalize-space()='製造部']");
      await wd.click(await wd.findX("//select[@aria-label='部署']"));
      await wd.click(dept);
      await wd.click(await wd.findX("//button[normalize-space()='ダイジェスト（PDF）']"));
      const notice = await wd.waitForX("//p[@role='status' and contains(., 'ダイジェストを書き出しました')]", 30000);
      const digest = savedPath(await wd.text(notice));
      assert.ok(existsSync(digest), digest);
      const text = execFileSync("pdftotext", [digest, "-"], { encoding: "utf8" });
      assert.match(text, /今週のSNSダイジェスト/);
      assert.match(text, /製造部/);
      assert.match(text, /チームへの頼み方/);
      assert.match(execFileSync("pdfinfo", [digest], { encoding: "utf8" }), /Pages:\s+1\n/);
      await shot(wd, "81-share-digest");

      // The briefing kit as slides.
      await wd.waitForX("//p[contains(., '素材受付のQRコードを載せるには')]");
      await wd.click(await wd.findX("//button[normalize-space()='スライド（16:9・PDF）']"));
      const kitNotice = await wd.waitForX("//p[@role='status' and contains(., '説明会のキットを書き出しました')]", 30000);
      const slides = savedPath(await wd.text(kitNotice));
      const info = execFileSync("pdfinfo", [slides], { encoding: "utf8" });
      assert.match(info, /720 x 405 pts/);
      assert.match(execFileSync("pdftotext", [slides, "-"], { encoding: "utf8" }), /写真を送るだけ/);

      // The chat message, previewed; the demo has nowhere to send it.
      await wd.click(await wd.findX("//button[normalize-space()='送る内容を確認']"));
      const preview = await wd.waitForX("//*[@role='region' and @aria-label='送る内容']");
      assert.match(await wd.text(preview), /ハイライト/);
      const send = await wd.findX("//*[@role='region' and @aria-label='送る内容']//button");
      assert.equal(await wd.prop(send, "disabled"), true);
      await wd.exec("arguments[0].scrollIntoView({block: 'center'})", [{ "element-6066-11e4-a52e-4f735466cecf": preview }]);
      await shot(wd, "82-share-chat-preview-demo");
      assert.deepEqual(await englishInPanel(wd), []);

      // Settings: the demo keeps no company chat.
      await wd.click(await wd.find('button[aria-label="設定"]'));
      const form = await wd.waitForX("//form[@aria-label='社内チャット']");
      await wd.click(await wd.findX("//form[@aria-label='社内チャット']//option[@value='slack']"));
      await wd.type(await wd.findX(byLabel("input", "Webhookのアドレス")), slack);
      await wd.click(await wd.findX("//form[@aria-label='社内チャット']//button[@type='submit']"));
      await wd.waitForX("//form[@aria-label='社内チャット']//*[contains(., 'これはデモのワークスペースです')]");
      await wd.exec("arguments[0].scrollIntoView({block: 'center'})", [{ "element-6066-11e4-a52e-4f735466cecf": form }]);
      await shot(wd, "83-settings-chat-demo");
    } finally {
      await wd.quit();
    }
    assert.deepEqual(readdirSync(join(workdir, "Downloads")).filter((f) => f.endsWith(".pdf")).length, 2);
  });

  it("sends the previewed highlights to Slack from the company's own workspace", async () => {
    const ws = join(workdir, "own");
    execFileSync(CLI, ["demo", ws, "--seed", "23"], { encoding: "utf8" });
    // The demo's people and thanks, in a workspace that is not the demo (test set-up only).
    execFileSync("python3", ["-c", `import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("UPDATE workspace SET demo = 0"); c.commit()`, join(ws, "tsunagu.db")]);
    const wd = await session(PORT, ws);
    try {
      await wd.click(await wd.waitFor('button[aria-label="設定"]'));
      await wd.waitForX("//form[@aria-label='社内チャット']");
      await wd.click(await wd.findX("//form[@aria-label='社内チャット']//option[@value='slack']"));
      await wd.type(await wd.findX(byLabel("input", "Webhookのアドレス")), slack);
      await wd.click(await wd.findX("//form[@aria-label='社内チャット']//button[@type='submit']"));
      await wd.waitForX("//form[@aria-label='社内チャット']//p[@role='status' and contains(., '送り先：Slack（127.0.0.1）')]");
      const form = await wd.findX("//form[@aria-label='社内チャット']");
      assert.doesNotMatch(await wd.text(form), /e2eSECRETpath/);
      await wd.exec("arguments[0].scrollIntoView({block: 'center'})", [{ "element-6066-11e4-a52e-4f735466cecf": form }]);
      await shot(wd, "84-settings-chat-slack");
      assert.deepEqual(await englishInPanel(wd, "//form[@aria-label='社内チャット']"), []);

      await openShare(wd);
      await wd.waitForX("//p[contains(., '送り先：Slack（127.0.0.1）')]");
      await wd.click(await wd.findX("//button[normalize-space()='送る内容を確認']"));
      const preview = await wd.waitForX("//*[@role='region' and @aria-label='送る内容']");
      const title = await wd.text(await wd.findX("//*[@role='region' and @aria-label='送る内容']//p[contains(@class,'chat-title')]"));
      await wd.exec("arguments[0].scrollIntoView({block: 'center'})", [{ "element-6066-11e4-a52e-4f735466cecf": preview }]);
      await shot(wd, "85-share-chat-preview");
      await wd.click(await wd.findX("//button[normalize-space()='Slackに送る']"));
      await wd.waitForX("//p[@role='status' and contains(., 'Slackに送りました')]", 30000);
      assert.equal(received.length, 1);
      assert.equal(received[0].blocks[0].type, "header");
      assert.equal(received[0].blocks[0].text.text, title);
      await shot(wd, "86-share-chat-sent");
    } finally {
      await wd.quit();
    }
    // The address is in the keychain, never in the workspace's files.
    for (const f of ["tsunagu.db", "tsunagu.db-wal"]) {
      const p = join(ws, f);
      if (existsSync(p)) assert.doesNotMatch(execFileSync("strings", [p], { encoding: "utf8", maxBuffer: 1 << 28 }), /e2eSECRETpath/);
    }
  });
});
