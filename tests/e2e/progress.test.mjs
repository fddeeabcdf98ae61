// End-to-end: a long operation shows its progress in the window and can be cancelled where
// that is safe. A posting plan of 60,000 rows is checked: after a second the operations bar
// shows how far it is; 「中止」 stops it before anything is written.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CLI, session, shot, startDriver, stopDriver } from "./harness.mjs";

const PORT = Number(process.env.TSUNAGU_E2E_PORT_PROGRESS ?? 4465);
let driver;
let workdir;

before(async () => {
  workdir = mkdtempSync(join(tmpdir(), "tsunagu-e2e-progress-"));
  // Each reported step waits 5 ms, so the 1,200 steps of the check last long enough to see.
  driver = await startDriver(PORT, { TSUNAGU_STEP_DELAY_MS: "5" });
});

after(() => {
  stopDriver(driver);
  if (workdir) rmSync(workdir, { recursive: true, force: true, maxRetries: 3 });
});

describe("Progress", () => {
  it("shows a long import's progress and stops it on 中止 with nothing written", async () => {
    const ws = join(workdir, "ws");
    execFileSync(CLI, ["demo", ws, "--posts", "10", "--fixture"]);
    const rows = ["日付,時刻,アカウント,タイトル,本文"];
    for (let i = 0; i < 60000; i++) rows.push(`2027-${String((i % 12) + 1).padStart(2, "0")}-${String((i % 28) + 1).padStart(2, "0")},${(i % 10) + 8}:00,X,計画 ${i},本文 ${i}`);
    const file = join(workdir, "plan.csv");
    writeFileSync(file, `${rows.join("\n")}\n`);
    const before = JSON.parse(execFileSync(CLI, ["--workspace", ws, "info", "--json"], { encoding: "utf8" })).posts;
    const wd = await session(PORT, ws);
    try {
      await wd.waitFor(".fc .event[data-id]");
      await wd.type(await wd.find('input[type="file"][aria-label="表計算から取り込む"]'), file);
      const bar = await wd.waitFor('[role="status"][aria-label="実行中の処理"]', 30000);
      assert.match(await wd.text(bar), /投稿の計画を読み込んでいます/);
      await wd.waitForX("//*[@aria-label='実行中の処理']//progress[@value]", 30000);
      await shot(wd, "90-progress");
      await wd.click(await wd.findX("//*[@aria-label='実行中の処理']//button[normalize-space()='中止']"));
      await wd.waitForX("//*[@role='status']//*[normalize-space()='中止しました。何も書き込んでいません。']", 30000);
      await wd.waitUntil("the bar goes", async () => (await wd.findAll('[role="status"][aria-label="実行中の処理"]')).length === 0);
      assert.equal((await wd.findAll('[role="dialog"][aria-label="取り込む前の確認"]')).length, 0, "no check to import");
      await shot(wd, "91-cancelled");
    } finally {
      await wd.quit();
    }
    const afterCount = JSON.parse(execFileSync(CLI, ["--workspace", ws, "info", "--json"], { encoding: "utf8" })).posts;
    assert.equal(afterCount, before, "nothing was written");
  });
});
