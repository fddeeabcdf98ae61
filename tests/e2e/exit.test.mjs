// End-to-end: the approval guarantee where content leaves. An ambassador's post is approved by
// the lead from the command line, then its text is changed in the database file behind the
// app's back; the publishing pass sends nothing and the Review screen's audit log says, in
// Japanese, that the content changed after approval and which part. The workspace's backup
// folder is broken, so the app opens with a backup warning instead of refusing to open.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CLI, session, shot, startDriver, stopDriver } from "./harness.mjs";

const PORT = Number(process.env.TSUNAGU_E2E_PORT_EXIT ?? 4454);
let driver;
let workdir;
const cli = (...args) => execFileSync(CLI, args, { encoding: "utf8" });

before(async () => {
  workdir = mkdtempSync(join(tmpdir(), "tsunagu-e2e-exit-"));
  driver = await startDriver(PORT, { HOME: workdir });
});

after(() => {
  stopDriver(driver);
  if (workdir) rmSync(workdir, { recursive: true, force: true, maxRetries: 3 });
});

describe("the exit check", () => {
  it("holds back content changed after approval and says why in the audit log", async () => {
    const ws = join(workdir, "ws");
    cli("demo", ws, "--seed", "46", "--fixture");
    const text = join(workdir, "post.txt");
    writeFileSync(text, "倉庫の朝礼を紹介します。\n");
    const at = new Date(Date.now() - 60_000).toISOString();
    const id = cli("--workspace", ws, "post", "create", "--platform", "bluesky", "--at", at, "--text-file", text, "--title", "朝礼の紹介").trim();
    cli("--workspace", ws, "whoami", "--hand-over", "山田 健一");
    cli("--workspace", ws, "review", "submit", id);
    cli("--workspace", ws, "whoami", "--hand-over", "前田 遥");
    cli("--workspace", ws, "review", "approve", id, "--confirm-checklist");
    // The database file edited directly: no editor, no voiding.
    execFileSync("python3", [
      "-c",
      "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"UPDATE posts SET body='承認されていない文章' WHERE id=?\", (sys.argv[2],)); c.commit()",
      join(ws, "tsunagu.db"),
      id,
    ]);
    const pass = JSON.parse(cli("--workspace", ws, "publish-due", "--json"));
    assert.equal(pass.published, 0);
    assert.equal(pass.held_back, 1);
    // Tomorrow's automatic backup cannot be written: the backups folder is a file now.
    rmSync(join(ws, "backups"), { recursive: true, force: true });
    writeFileSync(join(ws, "backups"), "not a folder");

    const wd = await session(PORT, ws);
    try {
      await wd.waitFor(".fc .event[data-id]");
      // The app opened anyway, with the warning and its technical detail folded away.
      const banner = await wd.waitForX("//div[@role='alert' and @aria-label='バックアップの警告']");
      assert.match(await wd.text(banner), /自動バックアップを保存できませんでした/);
      await shot(wd, "90-backup-warning");
      await wd.click(await wd.find('button[aria-label="レビュー"]'));
      // Back in the queue, waiting for a new review.
      await wd.waitForX("//ul[@aria-label='レビュー待ちの投稿']//button[strong[normalize-space()='朝礼の紹介']]");
      await wd.click(await wd.findX("//button[@role='tab' and normalize-space()='監査ログ']"));
      const row = await wd.waitForX("//table[@aria-label='監査ログ']//tr[td[normalize-space()='朝礼の紹介']][1]");
      const shown = await wd.text(row);
      assert.match(shown, /承認後に内容が変わりました（本文）/);
      assert.doesNotMatch(shown, /changed_after_approval|\{/);
      await shot(wd, "91-exit-check-audit");
    } finally {
      await wd.quit();
    }
  });

  it("shows whose computer this is and hands it over only on purpose", async () => {
    const ws = join(workdir, "owner");
    cli("demo", ws, "--seed", "47", "--fixture");
    // Picking another name from the command line is refused: the computer is the lead's.
    assert.throws(() => execFileSync(CLI, ["--workspace", ws, "whoami", "--set", "山田 健一"], { stdio: "pipe" }));
    const wd = await session(PORT, ws);
    try {
      await wd.click(await wd.waitFor('button[aria-label="設定"]'));
      const owner = await wd.waitFor('output[aria-label="この端末を使う人"]');
      assert.equal(await wd.text(owner), "前田 遥（SNS担当）");
      await shot(wd, "92-settings-owner");
      await wd.click(await wd.findX("//button[normalize-space()='ほかの人に引き継ぐ…']"));
      await wd.waitFor('select[aria-label="この端末を使う人"]');
      const help = await wd.waitForX("//p[contains(., '引き継ぎは変更履歴に記録され')]");
      assert.ok(help);
      await shot(wd, "93-settings-hand-over");
      await wd.click(await wd.findX("//button[normalize-space()='やめる']"));
      await wd.waitFor('output[aria-label="この端末を使う人"]');
    } finally {
      await wd.quit();
    }
  });
});
