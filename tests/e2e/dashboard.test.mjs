// End-to-end: the dashboard on a demo workspace — add an outside KPI with its target and
// enter the month's value, change the period, mark a top post as a success story, and export
// the monthly report (HTML and CSV) and find the numbers in the files.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CLI, session, shot, startDriver, stopDriver } from "./harness.mjs";

const PORT = Number(process.env.TSUNAGU_E2E_PORT_DASHBOARD ?? 4452);
let driver;
let workdir;
const cli = (...args) => execFileSync(CLI, args, { encoding: "utf8" });
const byLabel = (tag, label) => `//${tag}[@id=//label[normalize-space()='${label}']/@for]`;

before(async () => {
  workdir = mkdtempSync(join(tmpdir(), "tsunagu-e2e-dash-"));
  driver = await startDriver(PORT, { HOME: workdir, XDG_DOWNLOAD_DIR: join(workdir, "Downloads") });
});

after(() => {
  stopDriver(driver);
  if (workdir) rmSync(workdir, { recursive: true, force: true, maxRetries: 3 });
});

describe("Dashboard", () => {
  it("shows KPIs, the period's numbers and the temperature map, and exports the report", async () => {
    const ws = join(workdir, "ws");
    cli("demo", ws, "--seed", "45");
    const wd = await session(PORT, ws);
    try {
      // A post is linked to a purpose in the editor, and stays linked.
      const event = await wd.waitFor(".fc .event[data-id]");
      const postId = await wd.attr(event, "data-id");
      await wd.click(event);
      const picker = await wd.waitForX(byLabel("select", "この投稿の目的"));
      await wd.click(picker);
      await wd.click(await wd.waitForX("//div[contains(@class,'purpose-picker')]//option[normalize-space()='社名の認知を広げる']"));
      const brand = JSON.parse(cli("--workspace", ws, "purpose", "list", "--json")).find((p) => p.name === "社名の認知を広げる");
      await wd.waitUntil("the purpose is chosen", async () => (await wd.prop(picker, "value")) === brand.id);
      await wd.click(await wd.find('button[aria-label="閉じる"]'));
      // Opened again, the editor reads the link back from the workspace.
      await wd.click(await wd.waitFor(`.fc .event[data-id="${postId}"]`));
      await wd.waitUntil("the purpose is kept", async () => (await wd.prop(await wd.findX(byLabel("select", "この投稿の目的")), "value")) === brand.id);
      await wd.click(await wd.find('button[aria-label="閉じる"]'));
      await wd.click(await wd.find('button[aria-label="ダッシュボード"]'));
      await wd.waitForX("//h1[normalize-space()='ダッシュボード']");
      await wd.waitForX("//section[@aria-label='KPIと目標']//p[contains(., 'KPIはまだありません')]");
      // An outside KPI with a target, and this month's value.
      await wd.click(await wd.findX("//section[@aria-label='KPIと目標']//summary"));
      await wd.type(await wd.findX(byLabel("input", "KPIの名前")), "採用エントリー数");
      await wd.type(await wd.findX(byLabel("input", "月の目標（空欄なら目標なし）")), "20");
      await wd.click(await wd.findX("//section[@aria-label='KPIと目標']//button[normalize-space()='追加する']"));
      await wd.waitForX("//p[@role='status' and contains(., '採用エントリー数')]");
      await wd.type(await wd.waitForX(byLabel("input", "値")), "14");
      await wd.click(await wd.findX("//form[@aria-label='SNSの外のKPIを入力']//button[@type='submit']"));
      const card = await wd.waitForX("//li[@aria-label='採用エントリー数']//div[@role='meter' and @aria-valuenow='70']");
      assert.ok(card);
      // The period: three months back; the temperature map has one column a month.
      // Our own month fields, in Japanese (the browser's would say "Oct 2026").
      const toYear = await wd.find('select[aria-label="期間の終わりの年"]');
      const toMonth = await wd.find('select[aria-label="期間の終わりの月"]');
      const [y, m] = [Number(await wd.prop(toYear, "value")), Number(await wd.prop(toMonth, "value"))];
      assert.match(await wd.prop(toMonth, "textContent"), /12月/);
      const back = new Date(y, m - 1 - 3, 1);
      const toValue = `${y}-${String(m).padStart(2, "0")}`;
      const pick = async (label, value) => {
        const sel = await wd.find(`select[aria-label="${label}"]`);
        await wd.exec("const s = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set; s.call(arguments[0], arguments[1]); arguments[0].dispatchEvent(new Event('change', { bubbles: true }));", [{ "element-6066-11e4-a52e-4f735466cecf": sel }, String(value)]);
      };
      await pick("期間の始めの年", back.getFullYear());
      await pick("期間の始めの月", back.getMonth() + 1);
      await wd.waitUntil("four months on the map", async () => (await wd.findAll("section[aria-label='参加の温度マップ'] thead th")).length === 4 + 2);
      // A top post becomes a success story, which leads.
      const mark = await wd.waitForX("//section[@aria-label='反応の多かった投稿']//button[normalize-space()='成功事例にする']");
      await wd.click(mark);
      await wd.type(await wd.waitForX(byLabel("input", "何が起きたか")), "応募者3人がこの投稿に触れていました");
      await wd.click(await wd.findX("//section[@aria-label='反応の多かった投稿']//button[normalize-space()='登録する']"));
      await wd.waitForX("//section[@aria-label='成功事例']//p[normalize-space()='応募者3人がこの投稿に触れていました']");
      await shot(wd, "80-dashboard");
      // The monthly report, as HTML and CSV.
      await wd.click(await wd.findX("//button[normalize-space()='月次レポート（HTML）']"));
      const done = await wd.waitForX("//p[@role='status' and starts-with(normalize-space(), '月次レポートを書き出しました')]");
      const path = (await wd.text(done)).replace(/^月次レポートを書き出しました：/, "").trim();
      const html = readFileSync(path, "utf8");
      assert.match(html, /月次SNSレポート/);
      assert.match(html, /採用エントリー数/);
      await wd.click(await wd.findX("//button[normalize-space()='月次レポート（PDF）']"));
      const pdfDone = await wd.waitForX("//p[@role='status' and contains(., '.pdf')]", 30000);
      const pdf = readFileSync((await wd.text(pdfDone)).replace(/^月次レポートを書き出しました：/, "").trim());
      assert.equal(pdf.subarray(0, 8).toString("latin1"), "%PDF-1.7");
      const pdfText = execFileSync("pdftotext", ["-", "-"], { input: pdf, encoding: "utf8" });
      assert.match(pdfText, /月次SNSレポート/);
      assert.match(pdfText, /応募者3人がこの投稿に触れていました/);
      await wd.click(await wd.findX("//button[normalize-space()='月次レポート（CSV）']"));
      const csvDone = await wd.waitForX("//p[@role='status' and contains(., '.csv')]");
      const csv = readFileSync((await wd.text(csvDone)).replace(/^月次レポートを書き出しました：/, "").trim(), "utf8");
      assert.match(csv, new RegExp(`kpi,採用エントリー数,${toValue},14,20`));
      assert.match(csv, /success,.*応募者3人がこの投稿に触れていました/);
      await wd.click(await wd.findX("//section[@aria-label='参加の温度マップ']"));
      await wd.exec("arguments[0].scrollIntoView({ block: 'start' });", [{ "element-6066-11e4-a52e-4f735466cecf": await wd.findX("//section[@aria-label='参加の温度マップ']") }]);
      // Departments below the minimum group size (3) are merged; none is shown on its own.
      await wd.findX("//section[@aria-label='参加の温度マップ']//td[starts-with(normalize-space(), 'その他（少人数の部署）')]");
      await shot(wd, "81-temperature-map");
    } finally {
      await wd.quit();
    }
  });

  it("draws charts a keyboard can read: a KPI against its target, platforms, accounts, a post's reactions", async () => {
    const ws = join(workdir, "charts");
    cli("demo", ws, "--seed", "46");
    const month = (back) => {
      const d = new Date();
      const x = new Date(d.getFullYear(), d.getMonth() - back, 1);
      return `${x.getFullYear()}-${String(x.getMonth() + 1).padStart(2, "0")}`;
    };
    cli("--workspace", ws, "kpi", "add", "--name", "工場見学の申込", "--metric", "external", "--target", "30");
    cli("--workspace", ws, "kpi", "set", "工場見学の申込", "--month", month(2), "--value", "12");
    cli("--workspace", ws, "kpi", "set", "工場見学の申込", "--month", month(0), "--value", "31");
    const wd = await session(PORT, ws);
    try {
      await wd.click(await wd.waitFor('button[aria-label="ダッシュボード"]'));
      const plot = await wd.waitForX("//figure[figcaption[normalize-space()='工場見学の申込：実績と目標']]//div[@role='group']");
      assert.ok(await wd.exec("return arguments[0].querySelector('canvas') !== null", [{ "element-6066-11e4-a52e-4f735466cecf": plot }]), "uPlot drew a canvas");
      // The keyboard walks the months; the live region reads each in Japanese.
      await wd.exec("arguments[0].focus()", [{ "element-6066-11e4-a52e-4f735466cecf": plot }]);
      await wd.chord("\uE014"); // ArrowRight: the first month
      const live = await wd.findX("//figure[figcaption[normalize-space()='工場見学の申込：実績と目標']]//p[@aria-live='polite']");
      const [y, m] = month(2).split("-").map(Number);
      await wd.waitUntil("the first month is read", async () => {
        const said = await wd.prop(live, "textContent");
        if (said !== `${y}年${m}月: 実績 12、目標 30`) throw new Error(`heard: ${said}`);
        return true;
      });
      await wd.chord("\uE010"); // End: the last month
      await wd.waitUntil("the last month is read", async () => /: 実績 31、目標 30$/.test(await wd.prop(live, "textContent")));
      // The numbers as a table, months written in Japanese.
      const rows = await wd.findAllX("//figure[figcaption[normalize-space()='工場見学の申込：実績と目標']]//table//th[@scope='row']");
      const labels = await Promise.all(rows.map((r) => wd.prop(r, "textContent")));
      assert.equal(labels.length, 3);
      for (const l of labels) assert.match(l, /^\d{4}年\d{1,2}月$/);
      // Platforms and accounts are charts too, each with its canvas.
      for (const section of ["媒体ごとの投稿と反応", "アカウント別の投稿と反応"]) {
        await wd.waitUntil(`${section} has a chart`, async () => (await wd.findAll(`section[aria-label='${section}'] canvas`)).length > 0);
      }
      // A top post's reactions over time open under it.
      const open = await wd.waitForX("//section[@aria-label='反応の多かった投稿']//button[starts-with(@aria-label, '反応の推移')]");
      await wd.click(open);
      await wd.waitForX("//section[@aria-label='反応の多かった投稿']//p[contains(., 'まだ反応の数を読み取っていません')]");
      assert.equal(await wd.attr(open, "aria-expanded"), "true");
      const english = await wd.exec("return [...document.querySelectorAll('.chart-figure')].map(f => f.innerText).join(' ').match(/\\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\\b/)", []);
      assert.equal(english, null, "no English month names on a Japanese screen");
      // Nor from the browser's own fields: our month and file fields say it in Japanese.
      const native = await wd.exec(
        "return [...document.querySelectorAll('input[type=month], input[type=date], input[type=file]')].filter((e) => !e.closest('label.file-button')).length",
        [],
      );
      assert.equal(native, 0, "no browser date, month or file field (they speak the system's language)");
      await wd.exec("arguments[0].scrollIntoView({ block: 'start' });", [{ "element-6066-11e4-a52e-4f735466cecf": plot }]);
      await shot(wd, "82-dashboard-charts");
    } finally {
      await wd.quit();
    }
  });
});
