// End-to-end: material from the factory floor. The lead opens the phone page from the desktop
// app; a real phone browser (Chromium in mobile emulation, through chromedriver) opens a
// person's address, sends a photo that carries a location with 「手元だけ」 and a comment; the
// material appears in the desktop inbox at once, the stored file has no location, and
// 「下書きにする」 turns it into a draft crediting the person.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { CLI, englishOn, session, shot, sleep, startDriver, stopDriver } from "./harness.mjs";
import { WebDriver } from "./webdriver.mjs";

const PORT = Number(process.env.TSUNAGU_E2E_PORT_INTAKE ?? 4475);
const PHONE_PORT = PORT + 5;
const INTAKE_PORT = 18000 + (process.pid % 1000);
const SHOTS = resolve(process.env.TSUNAGU_E2E_SHOTS ?? "target/e2e");
let driver;
let chromedriver;
let workdir;
const cli = (...args) => execFileSync(CLI, args, { encoding: "utf8" });

/** A JPEG whose EXIF carries a camera make and a GPS position, as a phone's photo does. */
function photoWithGps(path) {
  const plain = join(workdir, "plain.jpg");
  execFileSync("convert", ["-size", "320x240", "gradient:orange-steelblue", "-quality", "90", plain]);
  const jpeg = readFileSync(plain);
  const entry = (tag, type, count, value) => {
    const b = Buffer.alloc(12);
    b.writeUInt16BE(tag, 0);
    b.writeUInt16BE(type, 2);
    b.writeUInt32BE(count, 4);
    value.copy(b, 8);
    return b;
  };
  const ifd0Len = 2 + 3 * 12 + 4;
  const gpsAt = Buffer.alloc(4);
  gpsAt.writeUInt32BE(8 + ifd0Len);
  const tiff = Buffer.concat([
    Buffer.from("MM\0*\0\0\0\x08", "latin1"),
    Buffer.from([0, 3]),
    entry(0x010f, 2, 4, Buffer.from("Cam\0", "latin1")),
    entry(0x0112, 3, 1, Buffer.from([0, 1, 0, 0])),
    entry(0x8825, 4, 1, gpsAt),
    Buffer.alloc(4),
    Buffer.from([0, 2]),
    entry(0x0000, 1, 4, Buffer.from([2, 3, 0, 0])),
    entry(0x0001, 2, 2, Buffer.from("N\0\0\0", "latin1")),
    Buffer.alloc(4),
  ]);
  const len = Buffer.alloc(2);
  len.writeUInt16BE(2 + 6 + tiff.length);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1]), len, Buffer.from("Exif\0\0", "latin1"), tiff]);
  writeFileSync(path, Buffer.concat([jpeg.subarray(0, 2), app1, jpeg.subarray(2)]));
}

/** The phone's browser and its driver: Debian's packages, or Ubuntu's snap. */
const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/snap/bin/chromium"].find((p) => existsSync(p)) ?? "chromium";
const CHROMEDRIVER = existsSync("/usr/bin/chromedriver") ? "chromedriver" : existsSync("/snap/bin/chromium.chromedriver") ? "/snap/bin/chromium.chromedriver" : "chromedriver";

async function startChromedriver() {
  const proc = spawn(CHROMEDRIVER, [`--port=${PHONE_PORT}`], { stdio: "ignore", detached: true });
  proc.on("error", () => {});
  const until = Date.now() + 20000;
  while (Date.now() < until) {
    try {
      if ((await fetch(`http://127.0.0.1:${PHONE_PORT}/status`)).ok) return proc;
    } catch {
      // not up yet
    }
    await sleep(200);
  }
  throw new Error(`chromedriver did not start (${CHROMEDRIVER}); the test command installs Debian's chromium and chromium-driver, Ubuntu needs: sudo snap install chromium`);
}

before(async () => {
  workdir = mkdtempSync(join(tmpdir(), "tsunagu-e2e-intake-"));
  // The watched folder is looked at every second here (every five in use).
  driver = await startDriver(PORT, { TSUNAGU_WATCH_INTERVAL_SECS: "1" });
  chromedriver = await startChromedriver();
});

after(() => {
  stopDriver(driver);
  if (chromedriver?.pid) {
    try {
      process.kill(-chromedriver.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  if (workdir) rmSync(workdir, { recursive: true, force: true, maxRetries: 3 });
});

describe("material from a phone", () => {
  it("arrives from a phone browser in the inbox, without its location, and becomes a draft", async () => {
    const ws = join(workdir, "ws");
    cli("demo", ws, "--seed", "18");
    const photo = join(workdir, "IMG_0412.jpg");
    photoWithGps(photo);
    assert.ok(readFileSync(photo).includes(Buffer.from("Cam\0", "latin1")), "the test photo names its camera");

    const wd = await session(PORT, ws);
    let phone;
    try {
      // The lead opens the phone page on this computer's loopback for the test.
      await wd.click(await wd.waitFor('button[aria-label="依頼と素材"]'));
      await wd.click(await wd.waitForX("//button[@role='tab' and normalize-space()='スマホ・フォルダから']"));
      const form = await wd.waitFor('form[aria-label="スマホから素材を受け付ける"]');
      assert.ok(form);
      await wd.exec(
        "const s = arguments[0]; s.value = '127.0.0.1'; s.dispatchEvent(new Event('change', { bubbles: true }));",
        [{ "element-6066-11e4-a52e-4f735466cecf": await wd.findX("//label[contains(., '受け付けるアドレス')]/select") }],
      );
      const port = await wd.findX("//label[contains(., 'ポート')]/input");
      await wd.clear(port);
      await wd.type(port, String(INTAKE_PORT));
      assert.deepEqual(await englishOn(wd), [], "no English on the intake panel");
      await shot(wd, "80-intake-form");
      await wd.click(await wd.findX("//button[normalize-space()='スマホ受付を開く']"));
      await wd.waitForX("//p[@role='status' and contains(., '受付中')]");
      await wd.waitForX("//button[contains(@class,'intake-badge') and contains(., 'スマホ受付中')]");
      const address = await wd.waitFor('input[aria-label="渡辺さん用のアドレス"]');
      const url = await wd.prop(address, "value");
      assert.match(url, new RegExp(`^http://127\\.0\\.0\\.1:${INTAKE_PORT}/p/[0-9a-f]{48}$`));
      await wd.click(await wd.findX("//li[contains(@class,'intake-code')][.//strong[normalize-space()='渡辺さん用']]//button[contains(., 'QRコード')]"));
      await wd.waitFor(".qr-figure svg");
      assert.deepEqual(await englishOn(wd), [], "no English on the open intake");
      await shot(wd, "81-intake-open");

      // A phone on the office network opens the address.
      phone = new WebDriver(`http://127.0.0.1:${PHONE_PORT}`);
      await phone.start({
        browserName: "chrome",
        "goog:chromeOptions": {
          binary: CHROMIUM,
          args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--lang=ja", `--user-data-dir=${join(workdir, "phone")}`],
          prefs: { "intl.accept_languages": "ja,en" },
          mobileEmulation: {
            deviceMetrics: { width: 390, height: 844, pixelRatio: 2, touch: true },
            userAgent: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36",
          },
        },
      });
      await phone.request("POST", phone.s("/url"), { url });
      await phone.waitForX("//h1[normalize-space()='素材を送る']");
      // An iPhone's photo arrives as HEIC; the page turns it into a JPEG on the phone (this
      // browser decodes the picture in it as a phone's would).
      const heic = join(workdir, "IMG_0413.HEIC");
      execFileSync("convert", ["-size", "200x150", "gradient:seagreen-white", `png:${heic}`]);
      const file = await phone.find("input#photos");
      await phone.type(file, `${photo}\n${heic}`);
      await phone.waitForX("//p[@id='picked' and normalize-space()='2枚を選びました']");
      await phone.click(await phone.find('input[name="appearance"][value="hands"]'));
      await phone.type(await phone.find("textarea#comment"), "新しい検査台で測っているところです");
      assert.deepEqual(await englishOn(phone), [], "no English on the phone page");
      mkdirSync(SHOTS, { recursive: true });
      writeFileSync(join(SHOTS, "82-phone-form.png"), await phone.screenshot());
      // 顔が写っている is offered only within the person's consent: hands only here.
      assert.equal(await phone.prop(await phone.find('input[name="appearance"][value="face"]'), "disabled"), true);
      await phone.click(await phone.find("button#go"));
      await phone.waitForX("//h1[normalize-space()='ありがとうございます！']");
      writeFileSync(join(SHOTS, "83-phone-thanks.png"), await phone.screenshot());

      // On the desktop it is in the inbox at once, linked to her, 手元だけ, from a phone.
      await wd.click(await wd.findX("//button[@role='tab' and starts-with(normalize-space(), '素材の受け箱')]"));
      const item = "//li[contains(@class,'material-card') and @aria-label='渡辺 彩香さんの素材']";
      await wd.waitForX(`${item}[.//p[contains(., '新しい検査台')]]//img`);
      await wd.waitForX(`${item}[.//span[@class='chip' and normalize-space()='スマホから'] and .//span[@class='chip' and normalize-space()='手元だけ']]`);
      await shot(wd, "84-intake-inbox");

      // The stored file lost its location and camera.
      const listed = JSON.parse(cli("--workspace", ws, "material", "list", "--json"));
      const mine = listed.find((m) => m.comment.includes("新しい検査台"));
      assert.equal(mine.origin, "phone");
      assert.equal(mine.appearance, "hands");
      assert.equal(mine.photos.length, 2);
      const converted = readFileSync(join(ws, "media", mine.photos[1].sha256.slice(0, 2), `${mine.photos[1].sha256}.jpg`));
      assert.deepEqual([...converted.subarray(0, 3)], [0xff, 0xd8, 0xff], "the HEIC arrived as a JPEG");
      const sha = mine.photos[0].sha256;
      const stored = readFileSync(join(ws, "media", sha.slice(0, 2), `${sha}.jpg`));
      assert.equal(stored.includes(Buffer.from([0x88, 0x25, 0x00, 0x04])), false, "no GPS pointer");
      assert.equal(stored.includes(Buffer.from("Cam\0", "latin1")), false, "no camera make");

      // One action makes the draft, crediting her.
      await wd.click(await wd.findX(`${item}[.//p[contains(., '新しい検査台')]]//button[@aria-label='渡辺 彩香さんの素材を下書きにする']`));
      const editor = await wd.waitFor('[role="dialog"] .cm-content');
      await wd.waitUntil("the draft holds the comment", async () => (await wd.text(editor)).includes("新しい検査台"));
      await wd.waitFor('[role="dialog"] .images img');
      await shot(wd, "85-intake-draft");
      const after = JSON.parse(cli("--workspace", ws, "material", "list", "--json")).find((m) => m.id === mine.id);
      assert.ok(after.post, "the material links to its draft");
      await wd.click(await wd.find('button[aria-label="閉じる"]'));

      // Closing the page ends the address: the phone now gets the expired page.
      await wd.click(await wd.findX("//button[@role='tab' and normalize-space()='スマホ・フォルダから']"));
      await wd.click(await wd.waitForX("//button[normalize-space()='受付を閉じる']"));
      await wd.waitForX("//button[normalize-space()='スマホ受付を開く']");
      await assert.rejects(fetch(url), "nothing listens once closed");
    } finally {
      await phone?.quit();
      await wd.quit();
    }
  });

  it("hands an approved post to a phone, which posts it by hand and sends its address back", async () => {
    const ws = join(workdir, "ws-handoff");
    cli("demo", ws, "--seed", "41", "--fixture");
    const text = join(workdir, "handoff.txt");
    writeFileSync(text, "冬の工場見学会、参加者を募集しています #ものづくり\n");
    const photo = join(workdir, "tour.jpg");
    execFileSync("convert", ["-size", "120x90", "gradient:tan-brown", photo]);
    const at = new Date(Date.now() + 3 * 3_600_000).toISOString();
    const id = cli("--workspace", ws, "post", "create", "--platform", "instagram", "--at", at, "--text-file", text, "--title", "冬の見学会", "--image", photo, "--alt", "見学コースの入口").trim();
    cli("--workspace", ws, "whoami", "--hand-over", "山田 健一");
    cli("--workspace", ws, "review", "submit", id);
    cli("--workspace", ws, "whoami", "--hand-over", "前田 遥");
    cli("--workspace", ws, "review", "approve", id, "--confirm-checklist");

    const wd = await session(PORT, ws);
    let phone;
    try {
      await wd.click(await wd.waitFor('button[aria-label="依頼と素材"]'));
      await wd.click(await wd.waitForX("//button[@role='tab' and normalize-space()='スマホ・フォルダから']"));
      await wd.waitFor('form[aria-label="スマホから素材を受け付ける"]');
      await wd.exec(
        "const s = arguments[0]; s.value = '127.0.0.1'; s.dispatchEvent(new Event('change', { bubbles: true }));",
        [{ "element-6066-11e4-a52e-4f735466cecf": await wd.findX("//label[contains(., '受け付けるアドレス')]/select") }],
      );
      const port = await wd.findX("//label[contains(., 'ポート')]/input");
      await wd.clear(port);
      await wd.type(port, String(INTAKE_PORT + 1));
      await wd.click(await wd.findX("//button[normalize-space()='スマホ受付を開く']"));
      await wd.waitForX("//p[@role='status' and contains(., '受付中')]");
      await wd.click(await wd.waitFor('button[aria-label="「冬の見学会」（Instagram）をスマホで手動投稿にする"]'));
      const address = await wd.waitFor('input[aria-label="手動投稿「冬の見学会」（Instagram）のアドレス"]');
      const url = await wd.prop(address, "value");
      assert.match(url, /\/h\/[0-9a-f]{48}$/);
      await wd.waitFor('button[aria-label="「冬の見学会」（Instagram）の手動投稿をやめる"]');
      await shot(wd, "86-handoff-desktop");

      phone = new WebDriver(`http://127.0.0.1:${PHONE_PORT}`);
      await phone.start({
        browserName: "chrome",
        "goog:chromeOptions": {
          binary: CHROMIUM,
          args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--lang=ja", `--user-data-dir=${join(workdir, "phone2")}`],
          prefs: { "intl.accept_languages": "ja,en" },
          mobileEmulation: { deviceMetrics: { width: 390, height: 844, pixelRatio: 2, touch: true } },
        },
      });
      await phone.request("POST", phone.s("/url"), { url });
      await phone.waitForX("//h1[normalize-space()='手動で投稿する']");
      assert.equal(await phone.prop(await phone.find("textarea#text"), "value"), "冬の工場見学会、参加者を募集しています #ものづくり");
      await phone.waitFor('img[alt="見学コースの入口"]');
      await phone.click(await phone.find("button.copy"));
      await phone.waitForX("//button[normalize-space()='コピーしました']");
      assert.deepEqual(await englishOn(phone), [], "no English on the handoff page");
      writeFileSync(join(SHOTS, "87-phone-handoff.png"), await phone.screenshot());
      for (const box of await phone.findAll('input[type="checkbox"]')) await phone.click(box);
      await phone.type(await phone.find("input#url"), "https://www.instagram.com/p/C0tsunagu/");
      await phone.click(await phone.find('button[type="submit"]'));
      await phone.waitForX("//h1[normalize-space()='記録しました']");
      writeFileSync(join(SHOTS, "88-phone-handoff-done.png"), await phone.screenshot());

      const shown = JSON.parse(cli("--workspace", ws, "post", "show", id, "--json"));
      assert.equal(shown.status, "published");
      assert.equal(shown.jobs[0].remote_url, "https://www.instagram.com/p/C0tsunagu/");
    } finally {
      await phone?.quit();
      await wd.quit();
    }
  });

  it("takes photos from a watched folder into the inbox, to be assigned to their sender", async () => {
    const ws = join(workdir, "ws-folder");
    cli("demo", ws, "--seed", "18");
    const line = join(workdir, "LINE");
    mkdirSync(line);
    // Arrived while Tsunagu was closed.
    execFileSync("convert", ["-size", "160x120", "gradient:gold-navy", join(line, "渡辺彩香_朝礼.jpg")]);
    const before = readFileSync(join(line, "渡辺彩香_朝礼.jpg"));
    const wd = await session(PORT, ws);
    try {
      await wd.click(await wd.waitFor('button[aria-label="依頼と素材"]'));
      await wd.click(await wd.waitForX("//button[@role='tab' and normalize-space()='スマホ・フォルダから']"));
      const path = await wd.waitForX("//label[contains(., 'フォルダの場所')]/input");
      await wd.type(path, line);
      await wd.click(await wd.findX("//button[normalize-space()='このフォルダを見守る']"));
      await wd.waitForX("//p[@role='status' and contains(., '受け箱に入れました')]");
      // Arrives while it is open.
      execFileSync("convert", ["-size", "160x120", "gradient:pink-gray", join(line, "S__4711.png")]);
      await wd.click(await wd.findX("//button[@role='tab' and starts-with(normalize-space(), '素材の受け箱')]"));
      await wd.waitForX("//li[contains(@class,'folder-card') and @aria-label='S__4711.png']//img");
      const card = "//li[contains(@class,'folder-card') and @aria-label='渡辺彩香_朝礼.jpg']";
      await wd.waitForX(`${card}//img`);
      // Her name in the file name chose her already; hands, then assign.
      const who = await wd.findX(`${card}//label[contains(., '送ってくれた人')]/select`);
      assert.equal(await wd.prop(who, "value") !== "", true);
      await wd.exec(
        "const s = arguments[0]; s.value = 'hands'; s.dispatchEvent(new Event('change', { bubbles: true }));",
        [{ "element-6066-11e4-a52e-4f735466cecf": await wd.findX(`${card}//label[contains(., '写り方')]/select`) }],
      );
      assert.deepEqual(await englishOn(wd), [], "no English on the inbox");
      await shot(wd, "89-folder-inbox");
      await wd.click(await wd.findX(`${card}//button[normalize-space()='割り当てる']`));
      const item = "//li[contains(@class,'material-card') and @aria-label='渡辺 彩香さんの素材']";
      await wd.waitForX(`${item}[.//span[@class='chip' and normalize-space()='フォルダから']]`);
      assert.deepEqual(readFileSync(join(line, "渡辺彩香_朝礼.jpg")), before, "the folder's file is untouched");
      const listed = JSON.parse(cli("--workspace", ws, "material", "list", "--json"));
      assert.ok(listed.some((m) => m.origin === "folder" && m.appearance === "hands"));
    } finally {
      await wd.quit();
    }
  });
});
