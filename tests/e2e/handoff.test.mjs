// End-to-end: a TikTok post (a channel without an API Tsunagu may use) is handed to a person at
// its time; the Accounts screen lists it with its 公開キット (the approved text to copy, the
// steps), a wrong address is refused in Japanese, the right one recorded, and the post then
// counts on the calendar (marked as posted by hand) and in the dashboard.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CLI, englishOn, session, shot, startDriver, stopDriver } from "./harness.mjs";

const PORT = Number(process.env.TSUNAGU_E2E_PORT_HANDOFF ?? 4459);
let driver;
let workdir;
const cli = (...args) => execFileSync(CLI, args, { encoding: "utf8" });
const byLabel = (tag, label) => `//${tag}[@id=//label[normalize-space()='${label}']/@for]`;

before(async () => {
  workdir = mkdtempSync(join(tmpdir(), "tsunagu-e2e-handoff-"));
  mkdirSync(join(workdir, "Downloads"));
  driver = await startDriver(PORT, {
    HOME: workdir,
    XDG_CONFIG_HOME: join(workdir, ".config"),
    XDG_DOWNLOAD_DIR: join(workdir, "Downloads"),
    TSUNAGU_KEYRING_SERVICE: `jp.tsunagu.e2e.handoff.${process.pid}`,
    TSUNAGU_PUBLISH_INTERVAL_SECS: "2",
  });
});

after(() => {
  stopDriver(driver);
  if (workdir) rmSync(workdir, { recursive: true, force: true, maxRetries: 3 });
});

describe("Posting by hand", () => {
  it("hands a TikTok post over with its kit, records its address, and counts it", async () => {
    const ws = join(workdir, "ws");
    cli("demo", ws, "--seed", "46", "--fixture");
    const text = join(workdir, "tiktok.txt");
    writeFileSync(text, "工場の一日を30秒で。#PR #ミナト精工\n");
    const id = cli("--workspace", ws, "post", "create", "--platform", "tiktok", "--at", new Date(Date.now() - 30_000).toISOString(), "--text-file", text, "--title", "工場の一日").trim();
    cli("--workspace", ws, "whoami", "--hand-over", "山田 健一");
    cli("--workspace", ws, "review", "submit", id);
    cli("--workspace", ws, "whoami", "--hand-over", "前田 遥");
    cli("--workspace", ws, "review", "approve", id, "--confirm-checklist");
    const wd = await session(PORT, ws);
    try {
      await wd.waitFor(".fc .event[data-id]");
      await wd.click(await wd.find('button[aria-label="アカウント"]'));
      // At its time the scheduler hands it over: it waits for a person on the Accounts screen.
      const open = await wd.waitForX("//section[@aria-label='手動で投稿する投稿']//button[@aria-label='「工場の一日」（TikTok）の公開キットを開く']", 30000);
      await shot(wd, "90-by-hand-waiting");
      // The LINE official account's form, further down the same screen, in Japanese.
      const lineForm = await wd.findX("//form[@aria-label='LINE公式アカウントを連携']");
      await wd.exec("arguments[0].scrollIntoView({ block: 'center' });", [{ "element-6066-11e4-a52e-4f735466cecf": lineForm }]);
      assert.deepEqual(await englishOn(wd), [], "no English on the Accounts screen");
      await shot(wd, "90a-line-connect");
      await wd.click(open);
      const dialog = "//*[@role='dialog' and @aria-label='公開キット：工場の一日']";
      await wd.waitForX(dialog);
      const body = await wd.findX(`${dialog}//textarea[@id=${dialog}//label[normalize-space()='承認された本文（変えずに貼り付けます）']/@for]`);
      assert.equal(await wd.prop(body, "value"), "工場の一日を30秒で。#PR #ミナト精工");
      assert.match(await wd.text(await wd.findX(`${dialog}//fieldset`)), /TikTokのアプリかサイトを、会社のアカウントで開く.*本文をそのまま貼り付ける.*投稿のURLをコピーして/s);
      const url = await wd.findX(byLabel("input", "TikTokの投稿のURL"));
      await wd.type(url, "https://example.com/not-tiktok");
      await wd.click(await wd.findX(`${dialog}//button[normalize-space()='投稿したことを記録する']`));
      await wd.waitForX(`${dialog}//p[@role='alert' and contains(., 'TikTokの投稿のURLではありません')]`);
      await shot(wd, "91-kit");
      await wd.clear(url);
      await wd.type(url, "https://www.tiktok.com/@minato_seiko/photo/7440000000000000001");
      await wd.click(await wd.findX(`${dialog}//button[normalize-space()='投稿したことを記録する']`));
      await wd.waitForX("//p[@role='status' and contains(., '「工場の一日」を手動で投稿したことを記録しました。')]", 30000);

      // The calendar marks it as posted by hand.
      await wd.click(await wd.find('button[aria-label="カレンダー"]'));
      const event = await wd.waitFor(`.fc .event[data-id="${id}"]`, 30000);
      await wd.waitUntil("marked as posted by hand", async () => /手動で投稿/.test(await wd.attr(await wd.find(`.fc .event[data-id="${id}"]`), "aria-label")), 30000);
      assert.match(await wd.text(event), /✋/);

      // The dashboard counts it under TikTok.
      await wd.click(await wd.find('button[aria-label="ダッシュボード"]'));
      await wd.waitForX("//h1[normalize-space()='ダッシュボード']");
      const row = await wd.waitForX("//*[contains(normalize-space(), 'TikTok')]", 30000);
      assert.ok(row);
      await shot(wd, "92-dashboard-by-hand");

      // 「ログイン時に起動」: the login starts Tsunagu with its window hidden; off removes it.
      await wd.click(await wd.find('button[aria-label="設定"]'));
      const section = "//section[@aria-label='このパソコンでの起動']";
      const box = await wd.waitForX(`${section}//input[@type='checkbox' and not(@disabled)]`, 30000);
      await wd.click(box);
      const autostart = join(workdir, ".config", "autostart");
      const entry = await wd.waitUntil("the login entry is written", async () => existsSync(autostart) && readdirSync(autostart).find((f) => f.endsWith(".desktop")), 30000);
      assert.match(readFileSync(join(autostart, entry), "utf8"), /--hidden/);
      await wd.exec("arguments[0].scrollIntoView({ block: 'center' });", [{ "element-6066-11e4-a52e-4f735466cecf": box }]);
      await shot(wd, "93-start-at-login");
      await wd.click(box);
      await wd.waitUntil("the login entry is removed", async () => !existsSync(join(autostart, entry)), 30000);
    } finally {
      await wd.quit();
    }
    const shown = JSON.parse(cli("--workspace", ws, "post", "show", id, "--json"));
    assert.equal(shown.status, "published");
    assert.equal(shown.proof, "by_hand");
    assert.equal(shown.jobs[0].remote_url, "https://www.tiktok.com/@minato_seiko/photo/7440000000000000001");
  });
});
