// End-to-end: signed updates against a local HTTPS server and a file share. The company's
// update.json names the address and the key. A manifest whose signature is not the company's,
// a package altered after signing and an older version are refused in Japanese and the
// running version keeps working; a correctly signed newer version is offered with its notes,
// waits while a publishing pass holds the workspace, and is then installed: the app's file is
// replaced by the signed package.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:https";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { APP, CLI, shot, sleep, startDriver, stopDriver } from "./harness.mjs";
import { WebDriver } from "./webdriver.mjs";

const PORT = Number(process.env.TSUNAGU_E2E_PORT_UPDATE ?? 4479);
const TAURI = resolve("ui/node_modules/.bin/tauri");
let driver;
let workdir;
let server;
/** What the HTTPS server answers, by path. */
const served = new Map();

const cli = (...args) => execFileSync(CLI, args, { encoding: "utf8" });

/** A signing key pair made for this run; returns [private key file, public key]. */
function keyPair(name) {
  const file = join(workdir, name);
  execFileSync(TAURI, ["signer", "generate", "--ci", "-p", "", "-w", file, "-f"], { stdio: "ignore" });
  return [file, readFileSync(`${file}.pub`, "utf8").trim()];
}

/** The signature of `bytes` for `version` with the key in `keyFile`. */
function sign(keyFile, version, bytes) {
  const file = join(workdir, `pkg-${version}-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, bytes);
  execFileSync(TAURI, ["signer", "sign", "-f", keyFile, "--app-version", version, file], {
    stdio: "ignore",
    env: { ...process.env, TAURI_SIGNING_PRIVATE_KEY_PASSWORD: "" },
  });
  return readFileSync(`${file}.sig`, "utf8").trim();
}

function manifest(version, url, signature, notes) {
  return JSON.stringify({ version, notes, pub_date: "2026-12-01T00:00:00Z", platforms: { "linux-x86_64": { url, signature } } });
}

/** A CA and a certificate for 127.0.0.1 signed by it (rustls refuses a CA as the server's own). */
function certificates() {
  const o = (...args) => execFileSync("openssl", args, { cwd: workdir, stdio: "ignore" });
  o("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Tsunagu test CA");
  o("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "srv.key", "-out", "srv.csr", "-subj", "/CN=127.0.0.1");
  writeFileSync(join(workdir, "srv.ext"), "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n");
  o("x509", "-req", "-in", "srv.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "srv.pem", "-days", "2", "-extfile", "srv.ext");
}

function writeConfig(endpoint, pubkey) {
  const dir = join(workdir, ".config", "tsunagu-dev");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "update.json"), JSON.stringify({ endpoint, pubkey }));
}

/** Holds the workspace's publishing lock (as a pass does) until the returned function is called. */
function holdPublishing(ws) {
  const child = spawn("python3", ["-c", "import fcntl,sys;f=open(sys.argv[1],'a');fcntl.flock(f,fcntl.LOCK_EX);print('held',flush=True);sys.stdin.read()", join(ws, "publish.lock")], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const held = new Promise((r) => child.stdout.once("data", r));
  return { held, release: () => child.stdin.end() };
}

before(async () => {
  workdir = mkdtempSync(join(tmpdir(), "tsunagu-e2e-update-"));
  certificates();
  server = createServer({ key: readFileSync(join(workdir, "srv.key")), cert: readFileSync(join(workdir, "srv.pem")) }, (req, res) => {
    const body = served.get(req.url);
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": req.url.endsWith(".json") ? "application/json" : "application/octet-stream" }).end(body);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  driver = await startDriver(PORT, {
    HOME: workdir,
    XDG_CONFIG_HOME: join(workdir, ".config"),
    SSL_CERT_FILE: join(workdir, "ca.pem"),
    TSUNAGU_KEYRING_SERVICE: `jp.tsunagu.e2e.update.${process.pid}`,
  });
});

after(() => {
  stopDriver(driver);
  server?.close();
  if (workdir) rmSync(workdir, { recursive: true, force: true, maxRetries: 3 });
});

describe("Signed updates", () => {
  it("refuses what is not the company's, installs what is, and never during a pass", async () => {
    const base = `https://127.0.0.1:${server.address().port}`;
    const [companyKey, companyPub] = keyPair("company.key");
    const [strangerKey] = keyPair("stranger.key");
    // The installed app is a copy the update may replace; the new version is the same program
    // with a marker, so it stays a runnable ELF file.
    mkdirSync(join(workdir, "opt"));
    const installed = join(workdir, "opt", "tsunagu-app");
    copyFileSync(APP, installed);
    const original = readFileSync(installed);
    const next = Buffer.concat([original, Buffer.from("\ntsunagu-e2e 0.2.0\n")]);
    const notes = "0.2.0 の変更点：カレンダーの表示を速くしました。";

    served.set("/stranger.json", manifest("0.2.0", `${base}/next.bin`, sign(strangerKey, "0.2.0", next), notes));
    served.set("/altered.json", manifest("0.2.0", `${base}/altered.bin`, sign(companyKey, "0.2.0", next), notes));
    served.set("/older.json", manifest("0.0.9", `${base}/next.bin`, sign(companyKey, "0.0.9", next), "古い版"));
    served.set("/latest.json", manifest("0.2.0", `${base}/next.bin`, sign(companyKey, "0.2.0", next), notes));
    served.set("/next.bin", next);
    served.set("/altered.bin", Buffer.concat([next, Buffer.from("x")]));
    // The same release on a file share: the package is found beside the manifest by its name.
    const share = join(workdir, "share");
    mkdirSync(share);
    writeFileSync(join(share, "Tsunagu_0.2.0_amd64.AppImage"), next);
    writeFileSync(join(share, "latest.json"), manifest("0.2.0", "file:///elsewhere/Tsunagu_0.2.0_amd64.AppImage", sign(companyKey, "0.2.0", next), notes));

    const ws = join(workdir, "ws");
    cli("demo", ws, "--seed", "47", "--fixture");
    // The check at start meets a manifest signed with someone else's key.
    writeConfig(`${base}/stranger.json`, companyPub);
    const wd = new WebDriver(`http://127.0.0.1:${PORT}`);
    await wd.start({ "tauri:options": { application: installed, args: ["--workspace", ws] } });
    try {
      await wd.waitFor(".fc .event[data-id]", 60000);
      await wd.click(await wd.find('button[aria-label="設定"]'));
      const card = await wd.waitFor('section[aria-label="更新"]');
      const alert = async () => wd.text(await wd.waitFor('section[aria-label="更新"] [role="alert"]'));
      const check = async () => {
        await wd.click(await wd.findX("//section[@aria-label='更新']//button[normalize-space()='今すぐ確かめる']"));
        await wd.waitForX("//section[@aria-label='更新']//button[normalize-space()='今すぐ確かめる' and not(@disabled)]", 60000);
      };
      await wd.waitUntil("the check at start", async () => /署名を確かめられない/.test(await wd.text(card)), 60000);
      assert.match(await alert(), /版 0\.2\.0 は入れません/);
      assert.match(await wd.text(card), new RegExp(`${base}/stranger.json`.replace(/[./]/g, "\\$&")));
      // In Japanese; the updater's own English is folded under 「詳細」 (closed, so not shown).
      const shown = await wd.exec(
        `const a = document.querySelector('section[aria-label="更新"] [role="alert"]').cloneNode(true);
         a.querySelectorAll('details > :not(summary)').forEach((e) => e.remove());
         return a.textContent;`,
      );
      assert.match(shown, /詳細/);
      assert.deepEqual(shown.match(/[A-Za-z]{2,}/g) ?? [], [], "the refusal is in Japanese");
      await wd.exec("arguments[0].scrollIntoView({ block: 'center' });", [{ "element-6066-11e4-a52e-4f735466cecf": card }]);
      await shot(wd, "80-update-bad-signature");

      // A package altered after it was signed.
      writeConfig(`${base}/altered.json`, companyPub);
      await check();
      assert.match(await alert(), /署名を確かめられない/);
      // An older version, correctly signed.
      writeConfig(`${base}/older.json`, companyPub);
      await check();
      assert.match(await alert(), /版 0\.0\.9 は今の版より古いため/);
      assert.equal((await wd.findAll('aside section[aria-label="つなぐの更新"]')).length, 0, "nothing refused is offered");
      assert.ok(readFileSync(installed).equals(original), "the running version is untouched");

      // The file share: offered with the company's notes.
      writeConfig(join(share, "latest.json"), companyPub);
      await check();
      const notice = await wd.waitFor('aside section[aria-label="つなぐの更新"]');
      assert.match(await wd.text(notice), /つなぐの新しい版 0\.2\.0 があります/);
      assert.match(await wd.text(notice), /カレンダーの表示を速くしました/);

      // Over HTTPS; installing waits while a publishing pass holds the workspace.
      writeConfig(`${base}/latest.json`, companyPub);
      await check();
      await shot(wd, "81-update-offered");
      const pass = holdPublishing(ws);
      await pass.held;
      await wd.click(await wd.findX("//aside//section[@aria-label='つなぐの更新']//button[normalize-space()='更新する']"));
      await wd.waitUntil("the busy refusal", async () => /公開かチームの同期の最中です/.test(await wd.text(await wd.find('aside section[aria-label="つなぐの更新"]'))));
      assert.ok(readFileSync(installed).equals(original), "nothing is installed during a pass");
      pass.release();
      await sleep(300);
      await wd.click(await wd.findX("//aside//section[@aria-label='つなぐの更新']//button[normalize-space()='更新する' and not(@disabled)]"));
      await wd.waitForX("//aside//section[@aria-label='つなぐの更新']//button[normalize-space()='今すぐ再起動']", 60000);
      assert.match(await wd.text(await wd.find('aside section[aria-label="つなぐの更新"]')), /新しい版 0\.2\.0 を入れました/);
      assert.ok(readFileSync(installed).equals(next), "the app's file is now the signed package");
      assert.match(await wd.text(card), /再起動すると新しい版で開きます/, "Settings says a restart is due, not that this is the newest");
      await shot(wd, "82-update-installed");
      // The running version keeps working until the restart.
      await wd.click(await wd.find('button[aria-label="カレンダー"]'));
      await wd.waitFor(".fc .event[data-id]");
    } finally {
      await wd.quit();
    }
  });
});
