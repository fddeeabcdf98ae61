// End-to-end: connect a Bluesky account through the UI (the app password goes to the OS
// keychain of the test's private D-Bus session), approve a post in Review, run the publishing
// pass and find the post on the server; the password never reaches the workspace files.
// The server is a small Bluesky stand-in on 127.0.0.1 started by this test.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CLI, session, shot, startDriver, stopDriver } from "./harness.mjs";
import { ELEMENT } from "./webdriver.mjs";

const PORT = Number(process.env.TSUNAGU_E2E_PORT_PUBLISH ?? 4449);
const PASSWORD = "canary-e2e-pass-8d1q";
let driver;
let workdir;
let server;
let base;
const records = new Map();
let deleted = 0;
const cli = (...args) => execFileSync(CLI, args, { encoding: "utf8" });
const byLabel = (tag, label) => `//${tag}[@id=//label[normalize-space()='${label}']/@for]`;

/** Whether a process whose command line mentions `needle` is alive (read from /proc). */
function running(needle) {
  return readdirSync("/proc").some((pid) => {
    if (!/^\d+$/.test(pid)) return false;
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(needle);
    } catch {
      return false;
    }
  });
}

function startServer() {
  let access = "";
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const send = (status, json, headers = {}) => {
        res.writeHead(status, { "Content-Type": "application/json", ...headers });
        res.end(JSON.stringify(json));
      };
      const url = new URL(req.url, "http://127.0.0.1");
      const nsid = url.pathname.replace("/xrpc/", "");
      const input = body && String(req.headers["content-type"]).includes("json") ? JSON.parse(body) : {};
      const authed = req.headers.authorization === `Bearer ${access}`;
      if (nsid === "com.atproto.server.createSession") {
        if (input.password !== PASSWORD) return send(401, { error: "AuthenticationRequired", message: "Invalid identifier or password" });
        access = `access-${Date.now()}`;
        return send(200, { accessJwt: access, refreshJwt: `refresh-${Date.now()}`, did: "did:plc:e2eminato", handle: "minato.test" });
      }
      if (!authed) return send(401, { error: "AuthenticationRequired", message: "Invalid token" });
      if (nsid === "com.atproto.repo.putRecord") {
        records.set(input.rkey, input.record);
        // Bluesky's write limit, as the real PDS reports it: points left and the reset.
        const limits = { "RateLimit-Limit": "5000", "RateLimit-Remaining": String(5000 - 3 * records.size), "RateLimit-Reset": String(Math.floor(Date.now() / 1000) + 3600) };
        return send(200, { uri: `at://did:plc:e2eminato/app.bsky.feed.post/${input.rkey}`, cid: `bafy${input.rkey}` }, limits);
      }
      if (nsid === "app.bsky.feed.getPosts") {
        // The AppView behind the PDS: counters for the posts that exist.
        const posts = url.searchParams
          .getAll("uris")
          .filter((u) => records.has(u.split("/").pop()))
          .map((u) => ({ uri: u, likeCount: 12, repostCount: 3, replyCount: 2, quoteCount: 1, bookmarkCount: 0 }));
        return send(200, { posts });
      }
      if (nsid === "com.atproto.repo.uploadBlob") {
        return send(200, { blob: { $type: "blob", ref: { $link: `bafkblob${records.size}` }, mimeType: req.headers["content-type"], size: body.length } });
      }
      if (nsid === "com.atproto.repo.deleteRecord") {
        if (records.delete(input.rkey)) deleted += 1;
        return send(200, {});
      }
      if (nsid === "com.atproto.repo.getRecord") return send(400, { error: "RecordNotFound", message: "Could not locate record" });
      return send(404, { error: "MethodNotImplemented" });
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${server.address().port}`)));
}

before(async () => {
  workdir = mkdtempSync(join(tmpdir(), "tsunagu-e2e-publish-"));
  base = await startServer();
  // A pass every 2 seconds instead of 30, so that publishing with the window closed is quick
  // to see.
  driver = await startDriver(PORT, { TSUNAGU_KEYRING_SERVICE: `jp.tsunagu.e2e.${process.pid}`, TSUNAGU_PUBLISH_INTERVAL_SECS: "2" });
});

after(() => {
  stopDriver(driver);
  server?.close();
  if (workdir) rmSync(workdir, { recursive: true, force: true, maxRetries: 3 });
});

describe("accounts and publishing", () => {
  it("connects Bluesky in the UI, approves, publishes, and keeps the password out of the files", async () => {
    const ws = join(workdir, "ws");
    cli("demo", ws, "--seed", "41", "--fixture");
    // A post due a minute ago, submitted from the command line.
    const text = join(workdir, "post.txt");
    writeFileSync(text, "工場見学会を開きます https://minato-seiko.co.jp/tour #ものづくり\n");
    const at = new Date(Date.now() - 60_000).toISOString();
    // With a photo of someone on the roster, so that withdrawing their consent lists it.
    const photo = join(workdir, "jig.jpg");
    execFileSync("convert", ["-size", "64x48", "gradient:tan-brown", photo]);
    const id = cli("--workspace", ws, "post", "create", "--platform", "bluesky", "--at", at, "--text-file", text, "--title", "見学会のお知らせ", "--image", photo, "--alt", "新しい治具を手に取る様子", "--person", "山田 健一").trim();
    // Written and sent for review by an ambassador: the lead may not approve her own post
    // while another reviewer exists.
    cli("--workspace", ws, "whoami", "--hand-over", "山田 健一");
    cli("--workspace", ws, "review", "submit", id);
    cli("--workspace", ws, "whoami", "--hand-over", "前田 遥");
    // Another, approved, whose time passed an hour ago while nothing was running.
    const late = cli("--workspace", ws, "post", "create", "--platform", "bluesky", "--at", new Date(Date.now() - 3_600_000).toISOString(), "--text-file", text, "--title", "一時間前の投稿").trim();
    // Written and sent for review by an ambassador: the lead may not approve her own post
    // while another reviewer exists.
    cli("--workspace", ws, "whoami", "--hand-over", "山田 健一");
    cli("--workspace", ws, "review", "submit", late);
    cli("--workspace", ws, "whoami", "--hand-over", "前田 遥");
    cli("--workspace", ws, "review", "approve", late, "--confirm-checklist");

    const wd = await session(PORT, ws);
    try {
      await wd.waitFor(".fc .event[data-id]");
      // Never published late by surprise: it waits for a decision on every screen.
      const missed = await wd.waitFor('.missed-banner[aria-label="Tsunaguが起動していない間に予定時刻を過ぎた投稿があります"]');
      assert.match(await wd.text(missed), /一時間前の投稿/);
      await shot(wd, "52-missed-posts");
      await wd.click(await wd.findX("//div[contains(@class,'missed-banner')]//button[normalize-space()='公開しない（承認済みに戻す）']"));
      await wd.waitUntil("the decision is taken", async () => (await wd.findAll(".missed-banner")).length === 0);
      await wd.click(await wd.find('button[aria-label="アカウント"]'));
      await wd.waitForX("//h1[normalize-space()='アカウントと公開']");
      const service = await wd.findX(byLabel("input", "Blueskyのサーバー"));
      await wd.clear(service);
      await wd.type(service, base);
      await wd.type(await wd.findX(byLabel("input", "ハンドル")), "minato.test");
      await wd.type(await wd.findX(byLabel("input", "アプリパスワード")), "wrong-password");
      await wd.click(await wd.findX("//button[normalize-space()='連携する']"));
      const refused = await wd.waitFor('.accounts-screen [role="alert"]');
      assert.match(await wd.text(refused), /Bluesky/);
      const pw = await wd.findX(byLabel("input", "アプリパスワード"));
      await wd.clear(pw);
      await wd.type(pw, PASSWORD);
      await wd.click(await wd.findX("//button[normalize-space()='連携する']"));
      await wd.waitForX("//p[@role='status' and normalize-space()='@minato.test を連携しました。']");
      await wd.waitForX("//li[contains(@class,'account-connected')]//strong[normalize-space()='@minato.test']");
      await shot(wd, "50-accounts");

      // Approve in Review, then publish.
      await wd.click(await wd.find('button[aria-label="レビュー"]'));
      await wd.click(await wd.waitForX("//ul[@aria-label='レビュー待ちの投稿']//button[strong[normalize-space()='見学会のお知らせ']]"));
      const boxes = await wd.waitUntil("the checklist", async () => {
        const b = await wd.findAll(".checklist input[type=checkbox]");
        return b.length > 0 ? b : null;
      });
      for (const box of boxes) await wd.exec("arguments[0].click();", [{ [ELEMENT]: box }]);
      // A box the panel drew again after the click (the review queue reloads on change events)
      // is ticked again, so the test waits for the state, not for one click.
      const approve = await wd.waitUntil("approve enabled", async () => {
        for (const box of await wd.findAll(".checklist input[type=checkbox]")) {
          if ((await wd.prop(box, "checked")) !== true) await wd.exec("arguments[0].click();", [{ [ELEMENT]: box }]);
        }
        const b = await wd.findX("//button[normalize-space()='承認する']");
        return (await wd.prop(b, "disabled")) === false ? b : null;
      });
      await wd.click(approve);
      await wd.waitForX("//p[@role='status' and normalize-space()='「見学会のお知らせ」を承認しました。']");
      await wd.click(await wd.find('button[aria-label="アカウント"]'));
      await wd.click(await wd.waitForX("//button[normalize-space()='今すぐ公開処理を実行']"));
      // The background pass (every 2 s here) may have published it first.
      await wd.waitForX("//p[@role='status' and (normalize-space()='公開処理を実行しました。' or normalize-space()='公開する投稿はありませんでした。')]");
      await wd.waitUntil("published on the server", async () => records.size === 1);
      // The account shows what the platform's rate limit leaves (the screen refetches on the
      // change event of the pass).
      await wd.waitForX("//li[contains(@class,'account-connected')]//span[contains(@class,'account-rate') and starts-with(normalize-space(),'残り4997回')]");
      await shot(wd, "51-published");
      const record = [...records.values()][0];
      assert.match(record.text, /工場見学会を開きます/);

      // The numbers come back: on the calendar and on the post.
      await wd.click(await wd.find('button[aria-label="カレンダー"]'));
      const badge = await wd.waitFor(`.fc .event[data-id="${id}"] .event-reactions`, 30000);
      assert.equal(await wd.text(badge), "♥18");
      await wd.click(await wd.find(`.fc .event[data-id="${id}"]`));
      const reactions = await wd.waitFor('[role="dialog"] [aria-label="Blueskyでの反応"]');
      assert.match(await wd.text(reactions), /いいね 12.*リポスト 3.*返信 2.*引用 1/s);
      assert.ok(!(await wd.text(reactions)).includes("表示"), "Bluesky counts no views: not shown as 0");
      await wd.exec("arguments[0].scrollIntoView({ block: 'center' });", [{ [ELEMENT]: reactions }]);
      await shot(wd, "56-metrics-on-the-post");
      await wd.click(await wd.find('button[aria-label="閉じる"]'));
      await wd.click(await wd.find('button[aria-label="アカウント"]'));

      // A post for a platform with no account fails loudly, explained in Japanese with the
      // original text beside it.
      const orphan = cli("--workspace", ws, "post", "create", "--platform", "mastodon", "--at", new Date(Date.now() - 30_000).toISOString(), "--text-file", text, "--title", "マストドン向けのお知らせ").trim();
      // Written and sent for review by an ambassador: the lead may not approve her own post
      // while another reviewer exists.
      cli("--workspace", ws, "whoami", "--hand-over", "山田 健一");
      cli("--workspace", ws, "review", "submit", orphan);
      cli("--workspace", ws, "whoami", "--hand-over", "前田 遥");
      cli("--workspace", ws, "review", "approve", orphan, "--confirm-checklist");
      await wd.waitForX(
        "//section[@aria-label='公開できなかった投稿']//li[contains(., 'マストドン向けのお知らせ')]//span[contains(@class,'failure-reason') and starts-with(normalize-space(), 'この媒体のアカウントが連携されていません') and contains(., 'No mastodon account is connected')]",
        30000,
      );
      await shot(wd, "55-failure-explained");
      assert.equal(record.embed.images[0].alt, "新しい治具を手に取る様子");

      // 山田 withdraws consent: the published post is listed and deleted from Bluesky.
      await wd.click(await wd.find('button[aria-label="名簿"]'));
      await wd.click(await wd.waitForX("//button[span[normalize-space()='山田 健一']]"));
      await wd.click(await wd.waitForX("(//button[normalize-space()='撤回'])[1]"));
      await wd.click(await wd.waitForX("//button[@aria-label='「見学会のお知らせ」を媒体から削除する']"));
      await wd.waitForX("//span[@role='group' and @aria-label='「見学会のお知らせ」の削除の確認']");
      await shot(wd, "53-take-down-confirm");
      await wd.click(await wd.findX("//span[@role='group']//button[normalize-space()='削除する']"));
      await wd.waitForX("//span[@role='status' and normalize-space()='Blueskyから削除しました。']");
      assert.equal(deleted, 1);
      assert.equal(records.size, 0);
      await shot(wd, "54-taken-down");

      // Closing the window hides it; the scheduler goes on publishing from the tray.
      const later = cli("--workspace", ws, "post", "create", "--platform", "bluesky", "--at", new Date(Date.now() + 4_000).toISOString(), "--text-file", text, "--title", "閉じた後の投稿").trim();
      // Written and sent for review by an ambassador: the lead may not approve her own post
      // while another reviewer exists.
      cli("--workspace", ws, "whoami", "--hand-over", "山田 健一");
      cli("--workspace", ws, "review", "submit", later);
      cli("--workspace", ws, "whoami", "--hand-over", "前田 遥");
      cli("--workspace", ws, "review", "approve", later, "--confirm-checklist");
      // As the title bar's close button does (WebDriver's own "close window" ends the session
      // and with it the app, so it cannot show this).
      await wd.exec("window.__TAURI_INTERNALS__.invoke('plugin:window|close', { label: 'main' });");
      await wd.waitUntil("published with the window closed", async () => records.size === 1, 30000);
      assert.ok(running(ws), "the app is still running");
      assert.equal(JSON.parse(cli("--workspace", ws, "post", "show", later, "--json")).status, "published");
    } finally {
      await wd.quit();
    }
    // Each once on the server; the first was published with the platform's id, then deleted.
    assert.equal(records.size, 1);
    const shown = JSON.parse(cli("--workspace", ws, "post", "show", id, "--json"));
    assert.equal(shown.status, "published");
    assert.equal(shown.jobs[0].state, "deleted");
    assert.equal(JSON.parse(cli("--workspace", ws, "post", "show", late, "--json")).status, "approved", "skipped, not published");
    assert.match(shown.jobs[0].remote_id, /^at:\/\/did:plc:e2eminato\//);
    // The app password and tokens are nowhere in the workspace folder.
    for (const name of readdirSync(ws)) {
      if (!name.startsWith("tsunagu.db")) continue;
      const bytes = readFileSync(join(ws, name)).toString("latin1");
      assert.ok(!bytes.includes(PASSWORD), `the password leaked into ${name}`);
    }
  });
});
