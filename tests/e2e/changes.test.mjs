// End-to-end: what an autosave makes the window fetch. The window counts its own IPC calls by
// command (`callCounts` in the generated bindings); after the editor's autosave, the only
// calls are the save itself, the editor's checks of the text on screen, and the calendar's
// reload of the one post that changed: no month, no plan, no settings, no team status, no
// panel of the editor refetches.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CLI, session, shot, sleep, startDriver, stopDriver } from "./harness.mjs";

const PORT = Number(process.env.TSUNAGU_E2E_PORT ?? 4447);

let driver;
let workdir;

before(async () => {
  workdir = mkdtempSync(join(tmpdir(), "tsunagu-e2e-changes-"));
  driver = await startDriver(PORT);
});

after(() => {
  stopDriver(driver);
  if (workdir) rmSync(workdir, { recursive: true, force: true, maxRetries: 3 });
});

/** The window's IPC calls so far, by command. */
async function counts(wd) {
  return (await wd.exec("return Object.assign({}, window.tsunaguCallCounts);")) ?? {};
}

/** What was called between two snapshots. */
function diff(before, after) {
  const out = {};
  for (const [k, n] of Object.entries(after)) {
    const d = n - (before[k] ?? 0);
    if (d > 0) out[k] = d;
  }
  return out;
}

/** Waits until the window has made no IPC call for `quiet` ms. */
async function settle(wd, quiet = 1200) {
  let last = JSON.stringify(await counts(wd));
  for (let i = 0; i < 40; i++) {
    await sleep(quiet);
    const now = JSON.stringify(await counts(wd));
    if (now === last) return;
    last = now;
  }
  throw new Error("the window never stopped calling the shell");
}

describe("change events", () => {
  it("an autosave refetches nothing beyond the post that changed", async () => {
    const ws = join(workdir, "ws");
    execFileSync(CLI, ["demo", ws, "--seed", "5"], { encoding: "utf8" });
    const wd = await session(PORT, ws);
    try {
      await wd.waitFor(".fc .event[data-id]");
      const day = await wd.attr(await wd.find(".fc-daygrid-day:not(.fc-day-other)[data-date]"), "data-date");
      await wd.click(await wd.find(`.fc-daygrid-day[data-date="${day}"] .fc-daygrid-day-top`));
      await wd.waitFor(`[role="dialog"][aria-label="${day} に新しい投稿"]`);
      await wd.type(await wd.findX("//label[normalize-space()='タイトル']/following-sibling::input"), "自動保存の確認");
      await wd.click(await wd.findX("//button[normalize-space()='作成']"));
      const editor = await wd.waitFor('[role="dialog"][aria-label="投稿を編集"] .cm-content');
      await wd.click(editor);
      await settle(wd);

      const before = await counts(wd);
      await wd.type(editor, "工場見学の様子です");
      await wd.waitUntil("the autosave", async () => ((await counts(wd)).save_draft ?? 0) > (before.save_draft ?? 0));
      await settle(wd);
      const called = diff(before, await counts(wd));
      await shot(wd, "60-autosave-calls");
      console.log(`calls after an autosave: ${JSON.stringify(called)}`);

      // The save, the editor's own checks of the text it shows (an X post's cost among them: a
      // link in the text changes it), and the calendar's one post.
      const allowed = new Set(["save_draft", "lint_text", "count_text", "check_post", "calendar_posts", "post_x_cost"]);
      const unexpected = Object.keys(called).filter((k) => !allowed.has(k));
      assert.deepEqual(unexpected, [], `calls after an autosave: ${JSON.stringify(called)}`);
      assert.ok(called.save_draft >= 1, JSON.stringify(called));
      assert.ok((called.calendar_posts ?? 0) <= called.save_draft, `the calendar reloads the post once per save: ${JSON.stringify(called)}`);

      // A new title reaches the calendar the same way: the one post, not its months.
      const beforeTitle = await counts(wd);
      const title = await wd.find(".editor-title");
      await wd.type(title, "（改）");
      await wd.waitFor('.fc .event[aria-label^="自動保存の確認（改）"]');
      await settle(wd);
      const titled = diff(beforeTitle, await counts(wd));
      assert.equal(titled.month_view ?? 0, 0, JSON.stringify(titled));
      assert.equal(titled.month_planning ?? 0, 0, JSON.stringify(titled));
      assert.ok(titled.calendar_posts >= 1, JSON.stringify(titled));
    } finally {
      await wd.quit();
    }
  });
});
