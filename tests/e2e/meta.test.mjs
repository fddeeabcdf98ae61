// End-to-end: set the media host in Settings (checked live against a fake S3 bucket), connect
// a Facebook Page with a token in the Accounts screen (against a fake Graph API that trades
// the user token for the Page's), then approve a post two hours ahead and see the scheduler
// hand it to Facebook: the post says "scheduled on Facebook" and Facebook holds it.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CLI, session, shot, startDriver, stopDriver } from "./harness.mjs";

const PORT = Number(process.env.TSUNAGU_E2E_PORT_META ?? 4451);
const PAGE = "104857600";
const USER_TOKEN = "fb-e2e-user-token";
const PAGE_TOKEN = "fb-e2e-page-token";
let driver;
let workdir;
let graph;
let bucket;
const posts = [];
const objects = new Map();
const cli = (...args) => execFileSync(CLI, args, { encoding: "utf8" });
const byLabel = (tag, label) => `//${tag}[@id=//label[normalize-space()='${label}']/@for]`;

function listen(handler) {
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => handler(req, res, Buffer.concat(chunks)));
  });
  return new Promise((r) => server.listen(0, "127.0.0.1", () => r([server, `http://127.0.0.1:${server.address().port}`])));
}

const json = (res, status, body) => {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
};

function graphApi(req, res, body) {
  const url = new URL(req.url, "http://127.0.0.1");
  const path = url.pathname.replace(/^\/v25\.0\//, "");
  const token = (req.headers.authorization ?? "").replace(/^Bearer /, "");
  if (token !== USER_TOKEN && token !== PAGE_TOKEN) return json(res, 400, { error: { message: "Invalid OAuth access token", type: "OAuthException", code: 190 } });
  if (path === "me") return json(res, 200, token === PAGE_TOKEN ? { id: PAGE, name: "ミナト精工" } : { id: "55500001", name: "港 花子" });
  if (path === "me/accounts") return json(res, 200, { data: [{ id: PAGE, name: "ミナト精工", access_token: PAGE_TOKEN }] });
  // Meta's token debugging: the Page token itself never expires, but its data access ends in
  // three days (and a little): the account is three days from expiry.
  if (path === "debug_token") {
    const input = url.searchParams.get("input_token");
    return json(res, 200, { data: { is_valid: input === PAGE_TOKEN || input === USER_TOKEN, expires_at: 0, data_access_expires_at: Math.floor(Date.now() / 1000) + 3 * 86400 + 3600, scopes: ["pages_manage_posts"] } });
  }
  if (req.method === "POST" && path === `${PAGE}/feed`) {
    const form = new URLSearchParams(body.toString());
    const id = `${PAGE}_${posts.length + 1}`;
    posts.push({ id, message: form.get("message"), scheduled: Number(form.get("scheduled_publish_time") ?? 0), published: form.get("published") !== "false", token });
    return json(res, 200, { id });
  }
  if (req.method === "GET" && path.endsWith("/feed")) return json(res, 200, { data: posts.filter((p) => p.published).map((p) => ({ id: p.id, message: p.message })) });
  if (req.method === "GET" && path.endsWith("/scheduled_posts")) return json(res, 200, { data: posts.filter((p) => !p.published).map((p) => ({ id: p.id, message: p.message, scheduled_publish_time: p.scheduled })) });
  const post = posts.find((p) => p.id === path);
  if (post && req.method === "GET") return json(res, 200, { id: post.id, is_published: post.published });
  if (post && req.method === "DELETE") {
    posts.splice(posts.indexOf(post), 1);
    return json(res, 200, { success: true });
  }
  return json(res, 400, { error: { message: "Unsupported request", type: "GraphMethodException", code: 100, error_subcode: 33 } });
}

function s3(req, res, body) {
  const url = new URL(req.url, "http://127.0.0.1");
  if (!url.searchParams.get("X-Amz-Signature") || !(url.searchParams.get("X-Amz-Credential") ?? "").startsWith("AKIAE2E/")) {
    res.writeHead(403, { "Content-Type": "application/xml" });
    return res.end("<Error><Code>AccessDenied</Code></Error>");
  }
  if (req.method === "PUT") objects.set(url.pathname, body);
  if (req.method === "DELETE") objects.delete(url.pathname);
  if (req.method === "GET" && !objects.has(url.pathname)) {
    res.writeHead(404);
    return res.end();
  }
  res.writeHead(req.method === "DELETE" ? 204 : 200);
  res.end(req.method === "GET" ? objects.get(url.pathname) : undefined);
}

before(async () => {
  workdir = mkdtempSync(join(tmpdir(), "tsunagu-e2e-meta-"));
  graph = await listen(graphApi);
  bucket = await listen(s3);
  driver = await startDriver(PORT, {
    TSUNAGU_KEYRING_SERVICE: `jp.tsunagu.e2e.meta.${process.pid}`,
    TSUNAGU_PUBLISH_INTERVAL_SECS: "2",
  });
});

after(() => {
  stopDriver(driver);
  graph?.[0].close();
  bucket?.[0].close();
  if (workdir) rmSync(workdir, { recursive: true, force: true, maxRetries: 3 });
});

describe("Facebook and the media host", () => {
  it("sets the media host, connects a Page with a token and hands a later post to Facebook", async () => {
    const ws = join(workdir, "ws");
    cli("demo", ws, "--seed", "44", "--fixture");
    let id = "";
    const wd = await session(PORT, ws);
    try {
      await wd.waitFor(".fc .event[data-id]");
      // The demo's Instagram posts have no photo: the Accounts screen says they cannot go out,
      // and opens one to fix it.
      await wd.click(await wd.find('button[aria-label="アカウント"]'));
      const blocked = await wd.waitForX("//section[@aria-label='このままでは公開できない投稿']");
      assert.match(await wd.text(blocked), /Instagramの投稿には画像が1枚以上必要です/);
      await wd.click(await wd.findX("//section[@aria-label='このままでは公開できない投稿']//button[normalize-space()='投稿を開く']"));
      await wd.waitForX("//div[@class='side-editor']//*[@role='dialog']");
      await shot(wd, "69-blocked-posts");
      await wd.click(await wd.findX("//div[@class='side-editor']//button[@aria-label='閉じる']"));
      await wd.waitUntil("the editor closed", async () => (await wd.findAll(".side-editor")).length === 0);
      // Settings → Media host, checked at once.
      await wd.click(await wd.find('button[aria-label="設定"]'));
      const host = "//form[@aria-label='メディアホスト（InstagramとThreadsの画像）']";
      await wd.waitForX(`${host}//p[contains(., '未設定')]`);
      await wd.type(await wd.findX(byLabel("input", "エンドポイント")), bucket[1]);
      await wd.type(await wd.findX(byLabel("input", "バケット名")), "tsunagu-e2e");
      await wd.type(await wd.findX(byLabel("input", "アクセスキーID")), "AKIAE2E");
      await wd.click(await wd.findX(`${host}//button[@type='submit']`));
      await wd.waitForX(`${host}//div[@role='alert']//div[contains(., 'secret access key')]`);
      await wd.type(await wd.findX(byLabel("input", "シークレットアクセスキー（パソコンのキーチェーンにだけ保存）")), "e2e-bucket-secret");
      await wd.click(await wd.findX(`${host}//button[@type='submit']`));
      await wd.waitForX(`${host}//p[@role='status' and normalize-space()='メディアホストを保存しました。']`);
      await wd.click(await wd.findX(`${host}//button[normalize-space()='接続を確認']`));
      await wd.waitForX(`${host}//p[@role='status' and contains(., '読み戻し')]`, 30000);
      await shot(wd, "70-media-host");

      // Accounts → a Facebook Page with a user token: the Page's own token is kept.
      await wd.click(await wd.find('button[aria-label="アカウント"]'));
      const form = "//form[@aria-label='LinkedIn・Facebook・Instagram・Threadsを連携']";
      const platform = await wd.waitForX(byLabel("select", "媒体"));
      await wd.click(platform);
      await wd.click(await wd.findX(`${form}//option[@value='facebook']`));
      await wd.waitForX(`${form}//p[contains(., 'Facebookページとして投稿します')]`);
      await wd.type(await wd.findX(byLabel("input", "アクセストークン")), USER_TOKEN);
      await wd.click(await wd.findX(`${form}//summary`));
      await wd.type(await wd.findX(`${form}//input[@id=${form}//label[normalize-space()='APIのアドレス（通常は変更不要）']/@for]`), graph[1]);
      await wd.click(await wd.findX(`${form}//button[@type='submit']`));
      await wd.waitForX("//p[@role='status' and normalize-space()='@ミナト精工 を連携しました。']", 30000);
      await wd.waitForX("//li[contains(@class,'account-connected')]//strong[normalize-space()='@ミナト精工']");
      await shot(wd, "71-facebook-connected");
      // Its expiry was read from Meta: three days, said where it is shown and in the sidebar.
      const expiry = await wd.waitForX("//li[contains(@class,'account-connected')]//span[contains(@class,'account-expiry-date')]", 30000);
      assert.match(await wd.text(expiry), /媒体に確認済み/);
      const badge = await wd.waitForX("//button[@aria-label='接続の期限']", 30000);
      assert.match(await wd.text(badge), /ミナト精工（Facebook）の接続があと3日で切れます/);

      // A draft for Facebook five days ahead: the calendar says on the post that the
      // connection will have ended by then.
      const later = join(workdir, "later.txt");
      writeFileSync(later, "来週の工場見学会のお知らせです。\n");
      const when = new Date(Date.now() + 5 * 86400_000);
      const lateId = cli("--workspace", ws, "post", "create", "--platform", "facebook", "--at", when.toISOString(), "--text-file", later, "--title", "期限の後").trim();
      await wd.click(await wd.find('button[aria-label="カレンダー"]'));
      await wd.waitFor(".fc .event[data-id]");
      if (when.getMonth() !== new Date().getMonth()) await wd.click(await wd.find('button[aria-label="次の月"]'));
      const warned = await wd.waitFor(`.fc .event[data-id="${lateId}"]`, 30000);
      await wd.waitUntil("the post says the connection ends", async () => /この投稿の予定日には@ミナト精工（Facebook）の接続が切れています/.test(await wd.attr(warned, "aria-label")), 30000);
      assert.match(await wd.text(warned), /⚠/);
      await shot(wd, "72a-connection-ends-before-post");
      await wd.click(await wd.find('button[aria-label="アカウント"]'));

      // A post two hours ahead goes to Facebook now, to be published there at its time.
      const text = join(workdir, "fb.txt");
      writeFileSync(text, "午後の工場見学会のお知らせです。\n");
      const at = new Date(Date.now() + 2 * 3600_000);
      id = cli("--workspace", ws, "post", "create", "--platform", "facebook", "--at", at.toISOString(), "--text-file", text, "--title", "Facebookの予約").trim();
      // Written and sent for review by an ambassador: the lead may not approve her own post
      // while another reviewer exists.
      cli("--workspace", ws, "whoami", "--hand-over", "山田 健一");
      cli("--workspace", ws, "review", "submit", id);
      cli("--workspace", ws, "whoami", "--hand-over", "前田 遥");
      cli("--workspace", ws, "review", "approve", id, "--confirm-checklist");
      // The demo's approved Facebook posts of the coming weeks are handed over too, now that
      // there is an account; ours is among them.
      const ours = await wd.waitUntil("handed to Facebook", async () => posts.find((p) => p.message.startsWith("午後の工場見学会")), 30000);
      assert.equal(ours.published, false);
      assert.equal(ours.scheduled, Math.floor(at.getTime() / 60_000) * 60);
      assert.equal(ours.token, PAGE_TOKEN);
      assert.ok(posts.every((p) => !p.published && p.scheduled > Date.now() / 1000), "nothing went out early");
      await wd.click(await wd.find('button[aria-label="カレンダー"]'));
      await wd.click(await wd.waitFor(`.fc .event[data-id="${id}"]`, 30000));
      const held = await wd.waitForX("//*[@role='dialog']//li[contains(@class,'job-scheduled_remote')]//span[normalize-space()='Facebookで予約済み']", 30000);
      await wd.exec("arguments[0].scrollIntoView({ block: 'center' });", [{ "element-6066-11e4-a52e-4f735466cecf": held }]);
      await shot(wd, "72-scheduled-on-facebook");
      // The sidebar says when the next post goes out and whether this PC must be on for it.
      const next = await wd.waitForX("//p[@aria-label='次の公開']", 30000);
      assert.match(await wd.text(next), /^次の公開：/);
    } finally {
      await wd.quit();
    }
    const shown = JSON.parse(cli("--workspace", ws, "post", "show", id, "--json"));
    assert.equal(shown.status, "scheduled");
    assert.equal(shown.jobs[0].state, "scheduled_remote");
    assert.equal(objects.size, 0, "the check's test file was deleted");
  });
});
