// End-to-end: the demo is turned into the company's own workspace only explicitly, and none of
// the fictional company's people or posts comes along: the new workspace is empty, opens on
// the setup guide, and carries no デモ band.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CLI, session, shot, startDriver, stopDriver } from "./harness.mjs";

const PORT = Number(process.env.TSUNAGU_E2E_PORT_CONVERT ?? 4470);
let driver;
let workdir;
const byLabel = (tag, label) => `//${tag}[@id=//label[normalize-space()='${label}']/@for]`;

before(async () => {
  workdir = mkdtempSync(join(tmpdir(), "tsunagu-e2e-convert-"));
  driver = await startDriver(PORT, { HOME: workdir });
});

after(() => {
  stopDriver(driver);
  if (workdir) rmSync(workdir, { recursive: true, force: true, maxRetries: 3 });
});

describe("Converting the demo", () => {
  it("starts an empty company workspace, asking first, with no demo person or post", async () => {
    const own = join(workdir, "tsunagu", "workspace");
    const wd = await session(PORT, own);
    try {
      await wd.waitForX("//h1[normalize-space()='つなぐへようこそ']");
      await wd.click(await wd.findX("//button[normalize-space()='デモを開く']"));
      await wd.waitFor('[role="note"][aria-label="デモ"]', 60000);
      await wd.click(await wd.findX("//div[@role='note']//button[normalize-space()='このデモを自社用に切り替える']"));
      const dialog = "//div[@role='dialog' and @aria-label='デモを自社のワークスペースに切り替える']";
      await wd.waitForX(dialog);
      await wd.type(await wd.findX(`${dialog}${byLabel("input", "会社名")}`), "株式会社テスト精機");
      const go = await wd.findX(`${dialog}//button[normalize-space()='切り替える']`);
      assert.equal(await wd.prop(go, "disabled"), true, "it asks for the confirmation first");
      await wd.click(await wd.findX(`${dialog}//input[@type='checkbox']`));
      await shot(wd, "06-convert-demo");
      await wd.click(go);
      await wd.waitForX("//h1[normalize-space()='はじめの設定']", 30000);
      await wd.click(await wd.findX("//button[normalize-space()='あとで設定する']"));
      await wd.waitForX("//*[contains(@class,'sidebar')]//*[normalize-space()='株式会社テスト精機']");
      assert.equal((await wd.findAll('[role="note"][aria-label="デモ"]')).length, 0, "not the demo");
    } finally {
      await wd.quit();
    }
    const info = JSON.parse(execFileSync(CLI, ["--workspace", own, "info", "--json"], { encoding: "utf8" }));
    assert.deepEqual([info.people, info.posts, info.demo], [0, 0, false]);
    const demo = JSON.parse(execFileSync(CLI, ["--workspace", join(workdir, "tsunagu", "demo"), "info", "--json"], { encoding: "utf8" }));
    assert.ok(demo.demo && demo.people > 0, "the demo stays as it was");
  });
});
