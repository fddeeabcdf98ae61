// End-to-end: the real Tsunagu binary, driven through tauri-driver and WebKitWebDriver.
//
// Needs: TSUNAGU_APP (the app binary), TSUNAGU_CLI (the tsunagu binary), a DISPLAY (Xvfb),
// and tauri-driver on PATH. scripts/test.sh provides all of them.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { APP, CLI, session, shot, startDriver, stopDriver } from "./harness.mjs";

const PORT = Number(process.env.TSUNAGU_E2E_PORT ?? 4444);

let driver;
let workdir;

function cli(...args) {
  return execFileSync(CLI, args, { encoding: "utf8" });
}

/** Label of a form control by its visible <label>, as an XPath. */
function byLabel(tag, label) {
  return `//${tag}[@id=//label[normalize-space()='${label}']/@for]`;
}

function currentMonth() {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tokyo", year: "numeric", month: "2-digit" })
    .formatToParts(new Date())
    .filter((p) => p.type === "year" || p.type === "month")
    .map((p) => p.value)
    .join("-");
}

function nextMonth(month) {
  const [y, m] = month.split("-").map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
}

async function eventLabels(wd) {
  const els = await wd.findAll(".fc .event[aria-label]");
  return Promise.all(els.map((e) => wd.attr(e, "aria-label")));
}

before(async () => {
  assert.ok(APP && CLI, "TSUNAGU_APP and TSUNAGU_CLI must point at the built binaries");
  workdir = mkdtempSync(join(tmpdir(), "tsunagu-e2e-"));
  driver = await startDriver(PORT);
});

after(() => {
  stopDriver(driver);
  if (workdir) rmSync(workdir, { recursive: true, force: true, maxRetries: 3 });
});

describe("Tsunagu on the demo workspace", () => {
  let ws;
  const month = currentMonth();

  before(() => {
    ws = join(workdir, "demo");
    cli("demo", ws, "--seed", "7");
  });

  it("opens in Japanese on a month calendar full of the demo's posts, coloured by status", async () => {
    const wd = await session(PORT, ws);
    try {
      await wd.waitFor('button[aria-label="カレンダー"][aria-current="page"]');
      await wd.waitFor(".fc .event[aria-label]");
      const expected = JSON.parse(cli("--workspace", ws, "calendar", "--month", month, "--json"));
      assert.ok(expected.posts.length > 10, "the demo has posts this month");
      const labels = await wd.waitUntil("all posts on the calendar", async () => {
        const l = await eventLabels(wd);
        return l.length >= expected.posts.length ? l : null;
      });
      for (const p of expected.posts) {
        assert.ok(labels.some((l) => l.startsWith(p.title)), `${p.title} is on the calendar`);
      }
      const statuses = new Set();
      for (const el of await wd.findAll(".fc .event[data-status]")) statuses.add(await wd.attr(el, "data-status"));
      assert.ok(statuses.size >= 3, `several statuses shown: ${[...statuses]}`);
      const published = await wd.find('.fc .event[data-status="published"]');
      const colour = await wd.exec("return getComputedStyle(arguments[0].closest('.fc-event')).backgroundColor", [
        { "element-6066-11e4-a52e-4f735466cecf": published },
      ]);
      assert.equal(colour, "rgb(61, 79, 124)", "published posts use the published colour");
      const theme = await wd.find(".theme-chip");
      assert.ok((await wd.text(theme)).length > 0, "this month's theme is shown");
      await shot(wd, "01-calendar-ja");

      await wd.click(await wd.find('button[aria-label="次の月"]'));
      await wd.waitFor(`.month-title[aria-label="${nextMonth(month)}"]`);
      const next = JSON.parse(cli("--workspace", ws, "calendar", "--month", nextMonth(month), "--json"));
      const nextLabels = await wd.waitUntil("next month's posts", async () => {
        const l = await eventLabels(wd);
        return l.some((x) => x.startsWith(next.posts[0].title)) ? l : null;
      });
      assert.ok(nextLabels.some((l) => l.includes("アイデア") || l.includes("下書き")));
      await shot(wd, "02-calendar-next-month");
    } finally {
      await wd.quit();
    }
  });

  it("changes settings, switches the language, and keeps them after a restart", async () => {
    let wd = await session(PORT, ws);
    try {
      await wd.click(await wd.waitFor('button[aria-label="設定"]'));
      const name = await wd.waitForX(byLabel("input", "ワークスペース名"));
      await wd.clear(name);
      await wd.type(name, "E2E テスト工業");
      await wd.click(await wd.findX(`${byLabel("select", "タイムゾーン")}/option[@value='Europe/Berlin']`));
      await wd.click(await wd.findX(`${byLabel("select", "表示言語")}/option[@value='en']`));
      await wd.click(await wd.findX("//label[normalize-space()='協力の多い順の表示を許可する']/input"));
      // The smallest group the temperature map and the report show figures for.
      const group = await wd.findX(byLabel("input", "数字を出す最小の人数"));
      await wd.clear(group);
      await wd.type(group, "4");
      await shot(wd, "03-settings-ja-edited");
      await wd.click(await wd.findX("//button[@type='submit' and normalize-space()='保存']"));
      // The UI switches to English once saved.
      await wd.waitFor('button[aria-label="Settings"][aria-current="page"]');
      const status = await wd.waitForX("//*[@role='status' and normalize-space()='Saved']");
      assert.ok(status);
      const sidebarName = await wd.find(".workspace-name");
      assert.equal(await wd.text(sidebarName), "E2E テスト工業");
      await shot(wd, "04-settings-en-saved");

      // Bad input is refused with a clear message and nothing is lost.
      const input = await wd.findX(byLabel("input", "Workspace name"));
      await wd.clear(input);
      await wd.type(input, "   ");
      await wd.click(await wd.findX("//button[@type='submit' and normalize-space()='Save']"));
      const alert = await wd.waitFor('.settings-form [role="alert"]');
      assert.match(await wd.text(alert), /cannot be empty/);
      await shot(wd, "05-settings-error");
    } finally {
      await wd.quit();
    }

    // The CLI sees what the app saved.
    const saved = JSON.parse(cli("--workspace", ws, "settings", "--json"));
    assert.deepEqual(saved, { name: "E2E テスト工業", time_zone: "Europe/Berlin", language: "en", public_ranking: true, second_reviewer: false, min_group_size: 4, assistant_cloud: false });

    wd = await session(PORT, ws);
    try {
      await wd.waitFor('button[aria-label="Calendar"][aria-current="page"]');
      await wd.waitForX("//*[contains(normalize-space(), 'Time zone: Germany (Berlin)')]");
      await wd.waitFor(".fc .event[aria-label]");
      await wd.click(await wd.find('button[aria-label="Settings"]'));
      const zone = await wd.waitForX(byLabel("select", "Time zone"));
      assert.equal(await wd.prop(zone, "value"), "Europe/Berlin");
      const name = await wd.findX(byLabel("input", "Workspace name"));
      assert.equal(await wd.prop(name, "value"), "E2E テスト工業");
      await shot(wd, "06-after-restart-en");
    } finally {
      await wd.quit();
    }
  });
});

describe("A damaged workspace", () => {
  it("explains the problem and restores the newest backup", async () => {
    const ws = join(workdir, "damaged");
    cli("demo", ws, "--seed", "8");
    cli("--workspace", ws, "backup");
    for (const f of ["tsunagu.db-wal", "tsunagu.db-shm"]) rmSync(join(ws, f), { force: true });
    writeFileSync(join(ws, "tsunagu.db"), Buffer.alloc(8192, 7));
    const wd = await session(PORT, ws);
    try {
      const alert = await wd.waitFor('[role="alert"]');
      assert.match(await wd.text(alert), /壊れています/);
      await shot(wd, "07-damaged-workspace");
      await wd.click(await wd.findX("//button[normalize-space()='最新のバックアップから復元']"));
      await wd.waitFor(".fc .event[aria-label]");
      await shot(wd, "08-restored");
    } finally {
      await wd.quit();
    }
  });
});
