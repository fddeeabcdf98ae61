// End-to-end: a company's first day (issue 17). A fresh install chooses 「自社のワークスペースを
// 始める」, walks the setup guide (a preset's purpose and KPIs, departments, the roster from an
// .xlsx with Japanese headers, the review rule, the preset 型, two X accounts named 公式X and
// 採用X with their colours, against a fake X on 127.0.0.1), writes a first post for 採用X,
// submits it, has it approved by the roster's reviewer, and sees it on the calendar in 採用X's
// colour. Every step is photographed, and every Japanese screen is checked for English words.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { CLI, englishOn, session, shot, startDriver, stopDriver } from "./harness.mjs";

const PORT = Number(process.env.TSUNAGU_E2E_PORT_DAYONE ?? 4460);
const CLIENT_ID = "x-e2e-dayone-client";
const USERS = [
  { id: "1700000000000000101", username: "minato_pr" },
  { id: "1700000000000000102", username: "minato_recruit" },
];
let driver;
let workdir;
let server;
let base;
const codes = new Map();
const tokens = new Map();
const byLabel = (tag, label) => `//${tag}[@id=//label[normalize-space()='${label}']/@for]`;
const cli = (ws, ...args) => execFileSync(CLI, ["--workspace", ws, ...args], { encoding: "utf8" });

async function step(wd, name) {
  assert.deepEqual(await englishOn(wd), [], `no English on ${name}`);
  await shot(wd, name);
}

/** A fake X whose every sign-in is a different account of the company. */
function startServer() {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const url = new URL(req.url, "http://127.0.0.1");
      const send = (status, json) => {
        res.writeHead(status, { "Content-Type": "application/json" });
        res.end(JSON.stringify(json));
      };
      if (url.pathname === "/i/oauth2/authorize") {
        const q = url.searchParams;
        if (q.get("client_id") !== CLIENT_ID || q.get("code_challenge_method") !== "S256") return send(400, { error: "invalid_request" });
        const code = `code-${codes.size + 1}`;
        codes.set(code, { challenge: q.get("code_challenge"), redirect: q.get("redirect_uri"), user: USERS[codes.size % USERS.length] });
        res.writeHead(302, { Location: `${q.get("redirect_uri")}?state=${q.get("state")}&code=${code}` });
        return res.end();
      }
      if (url.pathname === "/2/oauth2/token") {
        const p = new URLSearchParams(body);
        const c = codes.get(p.get("code"));
        const challenge = createHash("sha256").update(p.get("code_verifier") ?? "").digest("base64url");
        if (!c || c.challenge !== challenge || c.redirect !== p.get("redirect_uri")) return send(400, { error: "invalid_grant" });
        const access = `x-dayone-${c.user.username}-${Date.now()}`;
        tokens.set(access, c.user);
        return send(200, { token_type: "bearer", expires_in: 7200, access_token: access, refresh_token: `r-${c.user.username}`, scope: "tweet.read tweet.write users.read media.write offline.access" });
      }
      const user = tokens.get((req.headers.authorization ?? "").replace(/^Bearer /, ""));
      if (!user) return send(401, { title: "Unauthorized", status: 401, detail: "Unauthorized", type: "about:blank" });
      if (url.pathname === "/2/users/me") return send(200, { data: user });
      return send(404, { title: "Not Found Error", status: 404, detail: "Could not find the resource.", type: "about:blank" });
    });
  });
  return new Promise((r) => server.listen(0, "127.0.0.1", () => r(`http://127.0.0.1:${server.address().port}`)));
}

const freePort = () =>
  new Promise((r) => {
    const probe = createServer();
    probe.listen(0, "127.0.0.1", () => {
      const port = probe.address().port;
      probe.close(() => r(port));
    });
  });

before(async () => {
  workdir = mkdtempSync(join(tmpdir(), "tsunagu-e2e-dayone-"));
  base = await startServer();
  driver = await startDriver(PORT, {
    HOME: workdir,
    TSUNAGU_KEYRING_SERVICE: `jp.tsunagu.e2e.dayone.${process.pid}`,
    TSUNAGU_BROWSER: resolve("tests/e2e/follow.mjs"),
  });
});

after(() => {
  stopDriver(driver);
  server?.close();
  if (workdir) rmSync(workdir, { recursive: true, force: true, maxRetries: 3 });
});

describe("Day one", () => {
  it("starts a company's own workspace, walks the guide, and approves a first post for 採用X", async () => {
    const own = join(workdir, "tsunagu", "workspace");
    const wd = await session(PORT, own);
    try {
      // The first screen: the company's own workspace.
      await wd.waitForX("//h1[normalize-space()='つなぐへようこそ']");
      await wd.type(await wd.findX(byLabel("input", "会社名")), "株式会社みなと製作所");
      await wd.click(await wd.findX("//button[normalize-space()='始める']"));

      // 1. The company and its time zone.
      await wd.waitForX("//h1[normalize-space()='はじめの設定']");
      await wd.waitForX("//section[@aria-label='会社とタイムゾーン']");
      await wd.click(await wd.waitFor('select option[value="Asia/Tokyo"]'));
      await step(wd, "70-setup-company");
      await wd.click(await wd.findX("//button[normalize-space()='保存して次へ']"));

      // 2. Purposes and KPIs from the 採用強化 preset, the target adjusted.
      await wd.waitForX("//section[@aria-label='目的とKPI']");
      await wd.click(await wd.findX("//button[contains(@class,'preset-card')][.//strong[normalize-space()='採用強化']]"));
      const target = await wd.waitForX("//input[@aria-label='採用エントリー数の月の目標']");
      await wd.clear(target);
      await wd.type(target, "40");
      await step(wd, "71-setup-purpose");
      await wd.click(await wd.findX("//button[normalize-space()='保存して次へ']"));

      // 3. Departments and sites.
      await wd.waitForX("//section[@aria-label='部署と拠点']");
      await wd.type(await wd.findX(byLabel("textarea", "部署")), "製造部\n総務部");
      await wd.type(await wd.findX(byLabel("textarea", "拠点")), "本社工場");
      await step(wd, "72-setup-places");
      await wd.click(await wd.findX("//button[normalize-space()='保存して次へ']"));

      // 4. The roster from an .xlsx with Japanese headers, checked, then imported.
      await wd.waitForX("//section[@aria-label='名簿']");
      await wd.type(await wd.find('input[type="file"][aria-label="名簿のファイルを選ぶ"]'), resolve("tests/fixtures/roster_ja.xlsx"));
      await wd.waitForX("//*[@role='region' and @aria-label='名簿の確認']//p[contains(., '3人を追加')]");
      await step(wd, "73-setup-roster-check");
      await wd.click(await wd.findX("//*[@role='region' and @aria-label='名簿の確認']//button"));
      await wd.waitForX("//p[@role='status' and contains(., '3人追加')]");
      await wd.click(await wd.findX("//button[normalize-space()='次へ']"));

      // 5. The guideline and the review rule.
      await wd.waitForX("//section[@aria-label='ガイドラインとレビュー']");
      await wd.waitForX("//p[contains(., '確認する人: 中村 拓也')]");
      // The products are asked for: without them (or saying there are none) the step stays.
      await wd.click(await wd.findX("//button[normalize-space()='保存して次へ']"));
      await wd.waitForX("//p[@role='alert' and contains(., '製品・サービス名を1つ以上')]");
      await wd.type(await wd.findX(byLabel("textarea", "自社の製品・サービス名（1行に1つ）")), "精密シャフト二〇型\uE007港の小型モーター");
      await step(wd, "74-setup-rules");
      await wd.click(await wd.findX("//button[normalize-space()='保存して次へ']"));

      // 6. The 型: the preset chosen with the purpose, as it is.
      await wd.waitForX("//section[@aria-label='投稿の型']");
      const rules = execFileSync("python3", ["-c", "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT rules FROM guideline_sets WHERE published_at IS NOT NULL ORDER BY version DESC LIMIT 1').fetchone()[0])", join(own, "tsunagu.db")], { encoding: "utf8" });
      assert.deepEqual(JSON.parse(rules).products, ["精密シャフト二〇型", "港の小型モーター"]);
      await wd.waitForX("//input[@aria-label='テーマ 1']");
      await step(wd, "75-setup-kata");
      await wd.click(await wd.findX("//button[normalize-space()='この型で始める']"));

      // 7. Two X accounts, named and coloured.
      await wd.waitForX("//section[@aria-label='アカウント']");
      const loopback = await freePort();
      await wd.type(await wd.waitForX(byLabel("input", "XアプリのクライアントID（OAuth 2.0）")), CLIENT_ID);
      const port = await wd.findX(byLabel("input", "コールバックのポート番号"));
      await wd.clear(port);
      await wd.type(port, String(loopback));
      await wd.click(await wd.findX("//form[@aria-label='Xのアカウントを連携']//summary"));
      const api = await wd.findX(byLabel("input", "APIのアドレス（通常は変更不要）"));
      await wd.clear(api);
      await wd.type(api, base);
      const connect = async (handle) => {
        await wd.click(await wd.findX("//form[@aria-label='Xのアカウントを連携']//button[@type='submit']"));
        await wd.waitForX(`//li[contains(@class,'account')]//input[@aria-label='@${handle}の呼び名']`, 30000);
      };
      await connect("minato_pr");
      await connect("minato_recruit");
      const name = async (handle, text, colour) => {
        const input = await wd.findX(`//input[@aria-label='@${handle}の呼び名']`);
        await wd.type(input, text);
        await wd.click(await wd.findX(`//*[@role='radiogroup' and @aria-label='@${handle}のカレンダーの色']//button[@aria-label='${colour}']`));
        await wd.waitForX(`//*[@role='radiogroup' and @aria-label='@${handle}のカレンダーの色']//button[@aria-checked='true']`);
      };
      await name("minato_pr", "公式X", "色1");
      await name("minato_recruit", "採用X", "色2");
      await wd.waitForX("//li[contains(@class,'account')]//strong[normalize-space()='採用X']");
      await step(wd, "76-setup-accounts");
      await wd.click(await wd.findX("//button[normalize-space()='設定を終えてカレンダーへ']"));

      // The calendar shows the plan: the month's themes and its open slots.
      await wd.waitForX("//*[contains(@class,'sidebar')]//*[normalize-space()='株式会社みなと製作所']");
      await wd.waitForX("//*[contains(@class,'theme-chip') and normalize-space()='社員の一日']");
      await wd.waitFor(".fc .event.slot");
      await step(wd, "77-calendar-with-plan");

      // The person at this computer is 山田 健一 (an ambassador on the roster).
      cli(own, "whoami", "--set", "山田 健一");

      // A first post for 採用X, in the month's last 社員紹介 slot (an X slot of the 型).
      const slots = await wd.findAllX("//*[contains(@class,'fc')]//div[contains(@class,'event') and contains(@class,'slot')][contains(., '社員紹介')]");
      await wd.click(slots[slots.length - 1]);
      await wd.waitFor('form[role="dialog"][aria-label$="に新しい投稿"]');
      const title = await wd.findX(byLabel("input", "タイトル"));
      await wd.clear(title);
      await wd.type(title, "先輩社員インタビュー");
      await wd.click(await wd.findX("//form[@role='dialog']//button[@type='submit']"));
      await wd.waitForX("//input[@aria-label='投稿タイトル']", 20000);
      const hiring = await wd.waitForX("//fieldset[contains(@class,'account-picker')]//input[@aria-label='採用X']");
      await wd.click(hiring);
      const editor = await wd.waitFor('.cm-content[aria-label="共通の本文"]');
      await wd.click(editor);
      await wd.type(editor, "入社3年目の先輩に、仕事のやりがいを聞きました。");
      await wd.waitForX("//*[@role='status' and contains(., '自動保存')]", 20000);
      await step(wd, "78-first-post");
      // Ctrl+Enter submits it for review.
      await wd.chord("\uE009", "\uE007");
      await wd.waitForX("//*[contains(., 'レビュー待ちです。')]");

      // The reviewer approves it on the Review screen.
      cli(own, "whoami", "--hand-over", "中村 拓也");
      await wd.click(await wd.find('button[aria-label="レビュー"]'));
      await wd.click(await wd.waitForX("//*[contains(@class,'review-queue')]//*[contains(., '先輩社員インタビュー')]"));
      await wd.waitFor(".checklist input[type=checkbox]");
      for (const box of await wd.findAll(".checklist input[type=checkbox]")) await wd.click(box);
      await wd.click(await wd.findX("//button[normalize-space()='承認する']"));
      await wd.waitForX("//*[contains(., '「先輩社員インタビュー」を承認しました。')]");
      await step(wd, "79-approved");

      // On the calendar, in 採用X's colour (its edge; all of it when coloured by account).
      await wd.click(await wd.find('button[aria-label="カレンダー"]'));
      await wd.click(await wd.waitFor('select[aria-label="色分け"] option[value="account"]'));
      const event = await wd.waitForX("//*[contains(@class,'fc')]//div[contains(@class,'event') and @data-account-colour][.//span[normalize-space()='先輩社員インタビュー']]");
      assert.equal(await wd.attr(event, "data-account-colour"), "#b91c1c");
      assert.match(await wd.attr(event, "aria-label"), /X（採用X）/);
      await step(wd, "80-calendar-in-account-colour");

      // A weekly target for 採用X alone: the weeks without its posts say so by its name.
      await wd.click(await wd.findX("//button[normalize-space()='テーマ・目標・定期枠を編集']"));
      const perWeek = await wd.waitForX("//input[@aria-label='X（採用X） の週あたり目標']");
      await wd.clear(perWeek);
      await wd.type(perWeek, "2");
      await wd.exec("arguments[0].blur()", [{ "element-6066-11e4-a52e-4f735466cecf": perWeek }]);
      await wd.waitForX("//*[contains(., 'X（採用X） あと2件')]");
      await shot(wd, "80b-cadence-per-account");

      // Ctrl+K finds it by its words, and Enter opens it.
      await wd.exec("document.activeElement && document.activeElement.blur()", []);
      await wd.chord("\uE009", "k");
      const search = await wd.waitFor('[role="dialog"][aria-label="投稿を探す"] input[type="search"]');
      await wd.type(search, "先輩 インタビュー");
      await wd.waitForX("//ul[@aria-label='見つかった投稿']//button[contains(., '先輩社員インタビュー')]");
      await shot(wd, "81-search");
      await wd.chord("\uE007");
      await wd.waitForX("//input[@aria-label='投稿タイトル']");
    } finally {
      await wd.quit();
    }
    const accounts = JSON.parse(cli(own, "account", "list", "--json"));
    assert.deepEqual(accounts.map((a) => a.display_name).sort(), ["公式X", "採用X"]);
  });
});
