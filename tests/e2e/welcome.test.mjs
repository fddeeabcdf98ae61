// End-to-end: a new install's first screen. Two doors: the demo (in a folder of its own,
// marked デモ on every screen) and the company's own workspace (empty, named, in Japanese).
// The window shows no English words outside product names and the time zone's id.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CLI, session, shot, startDriver, stopDriver } from "./harness.mjs";

const PORT = Number(process.env.TSUNAGU_E2E_PORT_WELCOME ?? 4455);
let driver;
let workdir;
const byLabel = (tag, label) => `//${tag}[@id=//label[normalize-space()='${label}']/@for]`;

/** English words on the screen, outside the names that stay as they are. */
async function englishOn(wd) {
  const text = await wd.exec(
    "const c = document.body.cloneNode(true); c.querySelectorAll('select, option').forEach((e) => e.remove()); return c.innerText;",
    [],
  );
  const allowed = new Set(["Tsunagu", "X", "Bluesky", "Mastodon", "LinkedIn", "Facebook", "Instagram", "Threads", "SNS", "English", "PR", "KPI", "CSV", "PDF", "HTML", "QR"]);
  return (text.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !allowed.has(w));
}

before(async () => {
  workdir = mkdtempSync(join(tmpdir(), "tsunagu-e2e-welcome-"));
  driver = await startDriver(PORT, { HOME: workdir });
});

after(() => {
  stopDriver(driver);
  if (workdir) rmSync(workdir, { recursive: true, force: true, maxRetries: 3 });
});

describe("First start", () => {
  it("offers the demo and the company's own workspace, and starts either", async () => {
    const own = join(workdir, "tsunagu", "workspace");
    const wd = await session(PORT, own);
    try {
      await wd.waitForX("//h1[normalize-space()='つなぐへようこそ']");
      await wd.findX("//section//h2[normalize-space()='自社のワークスペースを始める']");
      await wd.findX("//section//h2[normalize-space()='デモを見る']");
      assert.deepEqual(await englishOn(wd), []);
      assert.ok(!existsSync(own), "nothing is made before a door is chosen");
      await shot(wd, "01-welcome");

      // The demo, in its own folder, says so on every screen.
      await wd.click(await wd.findX("//button[normalize-space()='デモを開く']"));
      await wd.waitFor(".fc .event[data-id]", 60000);
      const banner = await wd.waitFor('[role="note"][aria-label="デモ"]');
      assert.match(await wd.text(banner), /架空の会社のデモです/);
      assert.ok(existsSync(join(workdir, "tsunagu", "demo", "tsunagu.db")), "the demo lives beside the company's folder");
      assert.ok(!existsSync(join(own, "tsunagu.db")));
      await wd.click(await wd.find('button[aria-label="ダッシュボード"]'));
      await wd.waitFor('[role="note"][aria-label="デモ"]');
      await shot(wd, "02-demo-banner");

      // From the demo to the company's own workspace: the two doors again, then a name.
      await wd.click(await wd.findX("//div[@role='note']//button[normalize-space()='自社のワークスペースを始める']"));
      await wd.waitForX("//h1[normalize-space()='つなぐへようこそ']");
      const start = await wd.findX("//button[normalize-space()='始める']");
      assert.equal(await wd.prop(start, "disabled"), true, "a name is needed");
      await wd.type(await wd.findX(byLabel("input", "会社名")), "株式会社テスト工業");
      await wd.click(start);
      // A company's new workspace opens on the setup guide; 「あとで設定する」 leaves it for later.
      await wd.waitForX("//h1[normalize-space()='はじめの設定']");
      await wd.click(await wd.findX("//button[normalize-space()='あとで設定する']"));
      await wd.waitForX("//*[contains(@class,'sidebar')]//*[normalize-space()='株式会社テスト工業']");
      assert.equal((await wd.findAll('[role="note"][aria-label="デモ"]')).length, 0, "not the demo");
      await shot(wd, "03-own-workspace");
      await wd.waitForX("//*[contains(normalize-space(), '0件の投稿')]");

      // The keyboard: 「?」 lists the shortcuts; PageDown is the next month; Ctrl+N a new post.
      await wd.exec("document.activeElement && document.activeElement.blur()", []);
      await wd.chord("?");
      const help = await wd.waitFor('[role="dialog"][aria-label="キーボードショートカット"]');
      assert.match(await wd.text(help), /Ctrl\+N/);
      await shot(wd, "04-shortcuts");
      await wd.chord("\uE00C"); // Escape
      await wd.waitUntil("the list closes", async () => (await wd.findAll('[role="dialog"][aria-label="キーボードショートカット"]')).length === 0);
      const month = async () => wd.attr(await wd.find(".month-title"), "aria-label");
      const before = await month();
      await wd.chord("\uE00F"); // PageDown
      await wd.waitUntil("the next month", async () => (await month()) !== before);
      await wd.chord("\uE009", "n"); // Ctrl+N
      await wd.waitFor('form[role="dialog"][aria-label$="に新しい投稿"]');
    } finally {
      await wd.quit();
    }
    const info = JSON.parse(execFileSync(CLI, ["--workspace", own, "info", "--json"], { encoding: "utf8" }));
    assert.equal(info.name, "株式会社テスト工業");
    assert.equal(info.people, 0);
    assert.equal(info.posts, 0);
    assert.equal(info.demo, false);

    // The next start opens the company's workspace directly.
    const again = await session(PORT, own);
    try {
      await again.waitForX("//*[contains(@class,'sidebar')]//*[normalize-space()='株式会社テスト工業']");
      // The switcher lists both workspaces this computer opened; the demo is one click away,
      // and so is the way back.
      await again.click(await again.find('button[aria-label="設定"]'));
      const switcher = "//section[@aria-label='ワークスペース']";
      await again.waitForX(`${switcher}//li[.//strong[normalize-space()='株式会社テスト工業']]//span[normalize-space()='開いています']`);
      await again.exec("document.querySelector('section[aria-label=\"ワークスペース\"]').scrollIntoView({ block: 'start' });", []);
      await shot(again, "05-workspace-switcher");
      await again.click(await again.findX(`${switcher}//li[.//span[normalize-space()='デモ']]//button`));
      await again.waitFor('[role="note"][aria-label="デモ"]', 60000);
      // A folder without a workspace is refused, and the demo stays open.
      await again.click(await again.find('button[aria-label="設定"]'));
      await again.type(await again.waitForX(byLabel("input", "フォルダから開く")), join(workdir, "nothing-here"));
      await again.click(await again.findX("//button[normalize-space()='このフォルダを開く']"));
      await again.waitForX(`${switcher}//*[@role='alert']`);
      await again.findX("//*[@role='note' and @aria-label='デモ']");
      await again.click(await again.findX(`${switcher}//li[.//strong[normalize-space()='株式会社テスト工業']]//button`));
      await again.waitUntil("the company's workspace again", async () => (await again.findAll('[role="note"][aria-label="デモ"]')).length === 0, 30000);
      await again.waitForX("//*[contains(@class,'sidebar')]//*[normalize-space()='株式会社テスト工業']");
    } finally {
      await again.quit();
    }
  });
});
