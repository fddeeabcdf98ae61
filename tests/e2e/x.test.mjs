// End-to-end: connect an X account through the UI against a fake X on 127.0.0.1 (OAuth 2.0
// with PKCE: the app opens the approval page, the "browser" follows the redirect to the app's
// fixed loopback port), approve an X post, watch the scheduler publish it, and see the numbers
// read back on the calendar and on the post (X counts views; they are shown).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { CLI, session, shot, startDriver, stopDriver } from "./harness.mjs";

const PORT = Number(process.env.TSUNAGU_E2E_PORT_X ?? 4450);
const CLIENT_ID = "x-e2e-native-client";
let driver;
let workdir;
let server;
let base;
const codes = new Map();
const posts = [];
let access = "";
// The callback registered with the fake X app (set once the test knows its port).
let registered = "";
const cli = (...args) => execFileSync(CLI, args, { encoding: "utf8" });
const byLabel = (tag, label) => `//${tag}[@id=//label[normalize-space()='${label}']/@for]`;

function startServer() {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const url = new URL(req.url, "http://127.0.0.1");
      const send = (status, json, headers = {}) => {
        res.writeHead(status, { "Content-Type": "application/json", ...headers });
        res.end(JSON.stringify(json));
      };
      if (url.pathname === "/i/oauth2/authorize") {
        const q = url.searchParams;
        if (q.get("client_id") !== CLIENT_ID || q.get("code_challenge_method") !== "S256") return send(400, { error: "invalid_request", error_description: "unknown client" });
        if (registered && q.get("redirect_uri") !== registered) return send(400, { error: "invalid_request", error_description: "redirect_uri does not match the callback URL registered for the app" });
        const code = `code-${codes.size + 1}`;
        codes.set(code, { challenge: q.get("code_challenge"), redirect: q.get("redirect_uri") });
        res.writeHead(302, { Location: `${q.get("redirect_uri")}?state=${q.get("state")}&code=${code}` });
        return res.end();
      }
      if (url.pathname === "/2/oauth2/token") {
        const p = new URLSearchParams(body);
        const c = codes.get(p.get("code"));
        const challenge = createHash("sha256").update(p.get("code_verifier") ?? "").digest("base64url");
        if (!c || c.challenge !== challenge || c.redirect !== p.get("redirect_uri") || p.get("client_id") !== CLIENT_ID) return send(400, { error: "invalid_grant" });
        access = `x-e2e-access-${Date.now()}`;
        return send(200, { token_type: "bearer", expires_in: 7200, access_token: access, refresh_token: "x-e2e-refresh", scope: "tweet.read tweet.write users.read media.write offline.access" });
      }
      if (req.headers.authorization !== `Bearer ${access}`) return send(401, { title: "Unauthorized", status: 401, detail: "Unauthorized", type: "about:blank" });
      if (url.pathname === "/2/users/me") return send(200, { data: { id: "1700000000000000009", username: "minato_e2e" } });
      if (req.method === "POST" && url.pathname === "/2/tweets") {
        const id = `18000000000000000${posts.length + 1}`;
        posts.push({ id, text: JSON.parse(body).text });
        return send(201, { data: { id, text: JSON.parse(body).text } }, { "x-rate-limit-limit": "100", "x-rate-limit-remaining": "99", "x-rate-limit-reset": String(Math.floor(Date.now() / 1000) + 900) });
      }
      if (req.method === "GET" && url.pathname === "/2/tweets") {
        const ids = (url.searchParams.get("ids") ?? "").split(",");
        const data = posts.filter((p) => ids.includes(p.id)).map((p) => ({ id: p.id, text: p.text, public_metrics: { retweet_count: 2, reply_count: 1, like_count: 5, quote_count: 0, bookmark_count: 0, impression_count: 200 } }));
        return send(200, { data });
      }
      return send(404, { title: "Not Found Error", status: 404, detail: "Could not find the resource.", type: "https://api.x.com/2/problems/resource-not-found" });
    });
  });
  return new Promise((r) => server.listen(0, "127.0.0.1", () => r(`http://127.0.0.1:${server.address().port}`)));
}

before(async () => {
  workdir = mkdtempSync(join(tmpdir(), "tsunagu-e2e-x-"));
  base = await startServer();
  driver = await startDriver(PORT, {
    TSUNAGU_KEYRING_SERVICE: `jp.tsunagu.e2e.x.${process.pid}`,
    TSUNAGU_PUBLISH_INTERVAL_SECS: "2",
    TSUNAGU_BROWSER: resolve("tests/e2e/follow.mjs"),
  });
});

after(() => {
  stopDriver(driver);
  server?.close();
  if (workdir) rmSync(workdir, { recursive: true, force: true, maxRetries: 3 });
});

describe("X", () => {
  it("connects through the browser, publishes, and shows the numbers read back", async () => {
    const ws = join(workdir, "ws");
    cli("demo", ws, "--seed", "43", "--fixture");
    const loopback = await new Promise((r) => {
      const probe = createServer();
      probe.listen(0, "127.0.0.1", () => {
        const port = probe.address().port;
        probe.close(() => r(port));
      });
    });
    registered = `http://127.0.0.1:${loopback}/callback`;
    let id = "";
    const wd = await session(PORT, ws);
    try {
      await wd.waitFor(".fc .event[data-id]");
      await wd.click(await wd.find('button[aria-label="アカウント"]'));
      // The app guide: what to register, then the client id and callback checked with X.
      const guide = "//section[@aria-label='自社アプリの登録ガイド']";
      await wd.waitForX(`${guide}//code[@aria-label='コールバック（リダイレクト先）のアドレス' and normalize-space()='http://127.0.0.1:47863/callback']`);
      await wd.type(await wd.findX(byLabel("input", "XアプリのクライアントID")), CLIENT_ID);
      const guidePort = await wd.findX(byLabel("input", "登録したコールバックのポート番号"));
      await wd.clear(guidePort);
      await wd.type(guidePort, String(loopback === 65535 ? loopback - 1 : loopback + 1));
      await wd.click(await wd.findX(`${guide}//details[summary[normalize-space()='詳細']]/summary`));
      await wd.type(await wd.findX(byLabel("input", "認証ページのアドレス（通常は空欄）")), base);
      await wd.click(await wd.findX(`${guide}//button[normalize-space()='確かめる']`));
      await wd.waitForX(`${guide}//div[@role='alert']//p[contains(., 'コールバックのアドレスがアプリに登録されていません')]`, 30000);
      await shot(wd, "59-x-guide-wrong-redirect");
      await wd.clear(guidePort);
      await wd.type(guidePort, String(loopback));
      await wd.click(await wd.findX(`${guide}//button[normalize-space()='確かめる']`));
      await wd.waitForX(`${guide}//div[@role='status']//p[contains(., 'このクライアントIDとコールバックのアドレスを受け付けました')]`, 30000);
      await shot(wd, "59a-x-guide-ok");
      await wd.type(await wd.waitForX(byLabel("input", "XアプリのクライアントID（OAuth 2.0）")), CLIENT_ID);
      const port = await wd.findX(byLabel("input", "コールバックのポート番号"));
      await wd.clear(port);
      await wd.type(port, "80");
      await wd.waitForX("//span[@class='field-error' and contains(., '1024〜65535')]");
      await wd.clear(port);
      await wd.type(port, String(loopback));
      await wd.click(await wd.findX("//form[@aria-label='Xのアカウントを連携']//summary"));
      const api = await wd.findX(byLabel("input", "APIのアドレス（通常は変更不要）"));
      await wd.clear(api);
      await wd.type(api, base);
      await wd.click(await wd.findX("//form[@aria-label='Xのアカウントを連携']//button[@type='submit']"));
      await wd.waitForX("//p[@role='status' and normalize-space()='@minato_e2e を連携しました。']", 30000);
      await wd.waitForX("//li[contains(@class,'account-connected')]//strong[normalize-space()='@minato_e2e']");
      await shot(wd, "60-x-connected");
      // A monthly cap for X's pay-per-use API: a wrong amount is refused in Japanese, a right
      // one kept.
      const cap = await wd.findX(byLabel("input", "月の上限（ドル）"));
      await wd.type(cap, "十ドル");
      await wd.chord("\uE007");
      await wd.waitForX("//span[@class='field-error' and contains(., '金額をドルで入力してください')]");
      await wd.clear(cap);
      await wd.type(cap, "10");
      await wd.chord("\uE007");
      await wd.waitForX("//div[@class='x-spend']//span[contains(., '今月の利用額') and contains(., '上限')]", 30000);

      // An X post approved now goes out on the next pass.
      const text = join(workdir, "x.txt");
      writeFileSync(text, "工場見学会を開きます。ご参加をお待ちしています。\n");
      id = cli("--workspace", ws, "post", "create", "--platform", "x", "--at", new Date(Date.now() - 30_000).toISOString(), "--text-file", text, "--title", "Xのお知らせ").trim();
      // Written and sent for review by an ambassador: the lead may not approve her own post
      // while another reviewer exists.
      cli("--workspace", ws, "whoami", "--hand-over", "山田 健一");
      cli("--workspace", ws, "review", "submit", id);
      cli("--workspace", ws, "whoami", "--hand-over", "前田 遥");
      cli("--workspace", ws, "review", "approve", id, "--confirm-checklist");
      await wd.waitUntil("published on X", async () => posts.length === 1, 30000);
      assert.match(posts[0].text, /工場見学会を開きます/);

      // The numbers come back, views included.
      await wd.click(await wd.find('button[aria-label="カレンダー"]'));
      const badge = await wd.waitFor(`.fc .event[data-id="${id}"] .event-reactions`, 30000);
      assert.equal(await wd.text(badge), "♥8");
      await wd.click(await wd.find(`.fc .event[data-id="${id}"]`));
      const reactions = await wd.waitFor('[role="dialog"] [aria-label="Xでの反応"]');
      assert.match(await wd.text(reactions), /いいね 5.*リポスト 2.*返信 1.*引用 0.*表示 200/s);
      // Read back from X by its id: proven live; what it cost is on the job, and the editor
      // showed the cost before approval.
      await wd.waitForX("//*[@role='dialog']//span[contains(@class,'proof-verified') and contains(., '公開を確認')]", 30000);
      assert.match(await wd.text(await wd.findX("//*[@role='dialog']//span[contains(@class,'job-cost')]")), /Xの利用額 \$0\.020/);
      assert.match(await wd.text(await wd.findX("//*[@role='dialog']//p[@aria-label='Xの利用額の見込み']")), /約\$0\.020.*上限\$10\.00/s);
      await wd.exec("arguments[0].scrollIntoView({ block: 'center' });", [{ "element-6066-11e4-a52e-4f735466cecf": reactions }]);
      await shot(wd, "61-x-metrics");
      // The published post's address as a QR code, for a phone to open.
      await wd.click(await wd.find('[role="dialog"] button[aria-label^="QRコード:"]'));
      const qr = await wd.waitFor('[role="dialog"] .qr-image svg[role="img"]');
      assert.match(await wd.attr(qr, "aria-label"), /を開くQRコード$/);
      const modules = await wd.exec("return arguments[0].querySelector('path').getAttribute('d').split('M').length", [{ "element-6066-11e4-a52e-4f735466cecf": qr }]);
      assert.ok(modules > 100, `a code of many modules: ${modules}`);
      await wd.exec("arguments[0].scrollIntoView({ block: 'center' });", [{ "element-6066-11e4-a52e-4f735466cecf": qr }]);
      await shot(wd, "62-x-qr");
      // The account's month adds up.
      await wd.click(await wd.findX("//*[@role='dialog']//button[@aria-label='閉じる']"));
      await wd.click(await wd.find('button[aria-label="アカウント"]'));
      await wd.waitForX("//div[@class='x-spend']//span[contains(., '今月の利用額 $0.020') and contains(., '上限 $10.00')]", 30000);
      await shot(wd, "62a-x-spend");
    } finally {
      await wd.quit();
    }
    const shown = JSON.parse(cli("--workspace", ws, "post", "show", id, "--json"));
    assert.equal(shown.status, "published");
    assert.equal(shown.jobs[0].remote_url, `https://x.com/i/web/status/${posts[0].id}`);
    assert.equal(shown.metrics[0].counts.impressions, 200);
  });
});
