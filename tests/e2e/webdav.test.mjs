// End-to-end: a team on a WebDAV server, set up entirely in the app. The lead picks WebDAV in
// the Team screen: a plain http:// address to another machine is refused in Japanese and
// nothing is kept; the local server's address with the password makes the team (the password
// goes to the keychain, never into the workspace). An ambassador's laptop joins from its own
// Team screen with the same server, and the lead admits it by its fingerprint.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CLI, englishOn, session, shot, sleep, startDriver, stopDriver } from "./harness.mjs";

const LEAD_PORT = Number(process.env.TSUNAGU_E2E_PORT_WEBDAV ?? 4483);
const AMB_PORT = LEAD_PORT + 1;
const PASSWORD = "pw-dav-e2e-5831";
let drivers = [];
let workdir;
let dav;
const cli = (...args) => execFileSync(CLI, args, { encoding: "utf8" });
const inForm = (form, tag, label) => `//form[@aria-label='${form}']//${tag}[@id=//form[@aria-label='${form}']//label[normalize-space()='${label}']/@for]`;

async function freePort() {
  const srv = createServer();
  await new Promise((r) => srv.listen(0, "127.0.0.1", r));
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return port;
}

/** wsgidav on loopback with one user, from the test servers' environment (scripts/setup.sh). */
async function startWebDav(root) {
  const env = process.env.TSUNAGU_PYENV ?? join(homedir(), ".cache", "tsunagu", "pyenv");
  const port = await freePort();
  mkdirSync(join(root, "share"), { recursive: true });
  const config = join(root, "wsgidav.yaml");
  writeFileSync(
    config,
    `host: 127.0.0.1\nport: ${port}\nverbose: 0\nprovider_mapping:\n  "/dav": "${join(root, "share")}"\nhttp_authenticator:\n  accept_basic: true\n  accept_digest: false\n  default_to_digest: false\nsimple_dc:\n  user_mapping:\n    "*":\n      "sato":\n        password: "${PASSWORD}"\n`,
  );
  const child = spawn(join(env, "bin", "wsgidav"), ["--config", config], { stdio: "ignore" });
  for (let i = 0; i < 300; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/dav/`, { method: "OPTIONS" });
      if (r.status) break;
    } catch {
      await sleep(200);
    }
  }
  return { child, url: `http://127.0.0.1:${port}/dav/team`, share: join(root, "share") };
}

async function chooseWebDav(wd, form, url) {
  await wd.click(await wd.findX(`//form[@aria-label='${form}']//label[normalize-space()='WebDAVサーバー']/input`));
  const address = await wd.waitForX(inForm(form, "input", "WebDAVフォルダーのアドレス"));
  await wd.clear(address);
  await wd.type(address, url);
  const user = await wd.findX(inForm(form, "input", "ユーザー名"));
  await wd.clear(user);
  await wd.type(user, "sato");
  const password = await wd.findX(inForm(form, "input", "パスワード"));
  assert.equal(await wd.attr(password, "type"), "password");
  await wd.clear(password);
  await wd.type(password, PASSWORD);
}

before(async () => {
  workdir = mkdtempSync(join(tmpdir(), "tsunagu-e2e-webdav-"));
  dav = await startWebDav(workdir);
  const env = { TSUNAGU_KEYRING_SERVICE: `jp.tsunagu.e2e.webdav.${process.pid}` };
  drivers = [await startDriver(LEAD_PORT, env), await startDriver(AMB_PORT, env)];
});

after(() => {
  for (const d of drivers) stopDriver(d);
  dav?.child.kill();
  if (workdir) rmSync(workdir, { recursive: true, force: true, maxRetries: 3 });
});

describe("A team on a WebDAV server, set up in the app", () => {
  it("refuses plain http to another machine, makes the team on the server, and an ambassador joins", async () => {
    const leadWs = join(workdir, "lead");
    const ambWs = join(workdir, "amb");
    cli("demo", leadWs, "--seed", "31", "--fixture");
    const lead = await session(LEAD_PORT, leadWs);
    let amb;
    try {
      await lead.waitFor(".fc .event[data-id]");
      await lead.click(await lead.find('button[aria-label="チーム"]'));
      await lead.waitForX("//form[@aria-label='チームを作る']");

      // Plain http:// to another machine: refused, in Japanese, before anything is kept.
      await chooseWebDav(lead, "チームを作る", "http://192.0.2.10/dav/team");
      await lead.click(await lead.findX("//form[@aria-label='チームを作る']//button[@type='submit']"));
      const refusal = await lead.waitForX("//*[@role='alert' and contains(., '暗号化されない通信のアドレスは使えません')]", 30000);
      assert.ok(refusal);
      assert.deepEqual(await englishOn(lead), [], "the Team screen and its refusal are in Japanese");
      await lead.exec("arguments[0].scrollIntoView({ block: 'center' });", [{ "element-6066-11e4-a52e-4f735466cecf": refusal }]);
      await shot(lead, "75-webdav-http-refused");

      // The local server (http is allowed on this computer only).
      await chooseWebDav(lead, "チームを作る", dav.url);
      await lead.click(await lead.findX("//form[@aria-label='チームを作る']//button[@type='submit']"));
      await lead.waitForX("//p[@role='status' and contains(., 'チームを作りました')]", 30000);
      await lead.waitForX("//dd[normalize-space()='リーダー']");
      assert.ok(existsSync(join(dav.share, "team")), "the team's files are on the WebDAV server");
      for (const f of readdirSync(leadWs).filter((n) => n.startsWith("tsunagu.db"))) {
        assert.ok(!readFileSync(join(leadWs, f)).includes(Buffer.from(PASSWORD)), `the password is not in ${f}`);
      }
      await shot(lead, "76-webdav-team-made");

      // An invite for the first person listed.
      const select = await lead.waitForX("//select[@id=//label[normalize-space()='人']/@for]");
      const option = await lead.findX("//select[@id=//label[normalize-space()='人']/@for]/option[2]");
      await lead.click(select);
      await lead.click(option);
      await lead.click(await lead.waitForX("//button[normalize-space()='招待コードを作る']"));
      const codeBox = await lead.waitForX("//textarea[@id=//label[normalize-space()='招待コード']/@for]");
      const code = (await lead.exec("return arguments[0].value;", [{ "element-6066-11e4-a52e-4f735466cecf": codeBox }])).trim();
      assert.match(code, /^TSU1-/);

      // The ambassador's laptop joins the same server from its Team screen.
      cli("demo", ambWs, "--seed", "32", "--fixture");
      amb = await session(AMB_PORT, ambWs);
      await amb.waitFor(".fc .event[data-id]");
      await amb.click(await amb.find('button[aria-label="チーム"]'));
      await amb.type(await amb.waitForX(inForm("チームに参加する", "textarea", "招待コード")), code);
      await chooseWebDav(amb, "チームに参加する", dav.url);
      await amb.click(await amb.findX("//form[@aria-label='チームに参加する']//input[@type='checkbox']"));
      await amb.click(await amb.findX("//form[@aria-label='チームに参加する']//button[@type='submit']"));
      await amb.waitForX("//dd[normalize-space()='アンバサダー']", 60000);
      const fingerprint = await amb.waitUntil("the fingerprint", async () => {
        const text = await amb.text(await amb.findX("//dd[@aria-label='フィンガープリント']"));
        return /^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/.test(text.trim()) ? text.trim() : null;
      });
      const admit = await lead.waitForX(`//button[@aria-label='${fingerprint} を承認']`, 60000);
      await lead.click(admit);
      await lead.waitForX(`//td[@class='fingerprint' and normalize-space()='${fingerprint}']`, 30000);
      await shot(lead, "77-webdav-ambassador-admitted");

      // Admitted, the laptop receives the sealed team's data; the server holds nothing readable.
      await amb.click(await amb.findX("//button[normalize-space()='今すぐ同期']"));
      await amb.waitUntil("the team's data arrived", async () => (await amb.findAllX("//p[@role='status' and contains(., '承認待ち')]")).length === 0, 60000);
      await amb.waitForX("//dd[@aria-label='暗号化' and contains(., '鍵の世代 1')]", 30000);
      assert.equal((await amb.findAllX("//h2[contains(., '受け付けなかった変更') and not(contains(., '(0)'))]")).length, 0, "nothing refused on joining");
      await shot(amb, "78-webdav-ambassador-sealed");
      const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
      const files = walk(join(dav.share, "team")).filter((f) => !f.endsWith("keys.json") && !f.includes(`${join("team", "heads")}`));
      assert.ok(files.length >= 3 && files.some((f) => f.includes(`${join("team", "log")}`)), `the team's files: ${files.join(", ")}`);
      for (const f of files) {
        assert.equal(readFileSync(f).subarray(0, 8).toString("latin1"), "TSGSEAL1", `${f} is sealed`);
      }
    } finally {
      await amb?.quit();
      await lead.quit();
    }
  });
});
