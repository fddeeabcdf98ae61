// End-to-end: the calendar and the draft editor on the real app. Creates a post on a day,
// types Japanese text with a URL and emoji, reads each platform's counter, overrides the X
// version, attaches a photo carrying a GPS position, drags the post to another day, restarts
// the app and finds everything as it was left, and exports the calendar as iCalendar.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CLI, session, shot, sleep, startDriver, stopDriver, nextMonthInJapan } from "./harness.mjs";
import { ELEMENT } from "./webdriver.mjs";

const PORT = Number(process.env.TSUNAGU_E2E_PORT ?? 4445);

let driver;
let workdir;
const cli = (...args) => execFileSync(CLI, args, { encoding: "utf8" });

/** A JPEG whose EXIF holds a camera make and a GPS position. */
function photoWithGps(dir) {
  const plain = join(dir, "plain.jpg");
  execFileSync("convert", ["-size", "96x64", "gradient:orange-navy", plain]);
  const jpeg = readFileSync(plain);
  const be16 = (n) => Buffer.from([(n >> 8) & 255, n & 255]);
  const be32 = (n) => Buffer.from([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
  const entry = (tag, type, count, value) => Buffer.concat([be16(tag), be16(type), be32(count), value]);
  const gpsAt = 8 + 2 + 2 * 12 + 4;
  const tiff = Buffer.concat([
    Buffer.from("MM\0*\0\0\0\x08", "binary"),
    be16(2),
    entry(0x010f, 2, 4, Buffer.from("Cam\0", "binary")),
    entry(0x8825, 4, 1, be32(gpsAt)),
    be32(0),
    be16(1),
    entry(0x0001, 2, 2, Buffer.from("N\0\0\0", "binary")),
    be32(0),
  ]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1]), be16(2 + 6 + tiff.length), Buffer.from("Exif\0\0", "binary"), tiff]);
  const out = join(dir, "IMG_gps.jpg");
  writeFileSync(out, Buffer.concat([jpeg.subarray(0, 2), app1, jpeg.subarray(2)]));
  return out;
}

before(async () => {
  workdir = mkdtempSync(join(tmpdir(), "tsunagu-e2e-editor-"));
  // The ICS export goes to the Downloads folder: point it into the work folder.
  mkdirSync(join(workdir, "downloads"));
  driver = await startDriver(PORT, { XDG_DOWNLOAD_DIR: join(workdir, "downloads") });
});

after(() => {
  stopDriver(driver);
  if (workdir) rmSync(workdir, { recursive: true, force: true, maxRetries: 3 });
});

describe("the draft editor", () => {
  it("creates, writes, counts, overrides, attaches, drags, survives a restart and exports", async () => {
    const ws = join(workdir, "ws");
    cli("demo", ws, "--seed", "11");
    const month = nextMonthInJapan();
    const day = `${month}-15`;
    const target = `${month}-22`;
    const text = "新しい治具を試作しました🔧 詳しくは https://example.com/jig を見てください #ものづくり";
    const [beforeEmoji, afterEmoji] = text.split("🔧");
    let wd = await session(PORT, ws);
    let postId;
    try {
      await wd.waitFor(".fc .event[data-id]");
      await wd.click(await wd.find('button[aria-label="次の月"]'));
      await wd.waitFor(`.month-title[aria-label="${month}"]`);
      await wd.click(await wd.waitFor(`.fc-daygrid-day[data-date="${day}"] .fc-daygrid-day-top`));
      const dialog = await wd.waitFor(`[role="dialog"][aria-label="${day} に新しい投稿"]`);
      assert.ok(dialog);
      await wd.type(await wd.findX("//label[normalize-space()='タイトル']/following-sibling::input"), "治具の試作");
      await wd.click(await wd.find('.modal input[aria-label="Bluesky"]'));
      await wd.click(await wd.find('.modal input[aria-label="Mastodon"]'));
      await wd.click(await wd.findX("//button[normalize-space()='作成']"));

      const editor = await wd.waitFor('[role="dialog"][aria-label="投稿を編集"] .cm-content');
      await wd.click(editor);
      // WebKitWebDriver cannot type characters outside the BMP: the emoji goes in the way a
      // paste or an input method delivers it.
      await wd.type(editor, beforeEmoji);
      await wd.exec("document.execCommand('insertText', false, arguments[0])", ["🔧"]);
      await wd.type(editor, afterEmoji);
      // Each platform's counter, in its own unit, agrees with the CLI's count.
      for (const p of ["x", "bluesky", "mastodon", "instagram"]) {
        const expected = JSON.parse(execFileSync(CLI, ["count", "--platform", p, "--json"], { input: text, encoding: "utf8" }));
        const label = await wd.waitUntil(`${p} counter`, async () => {
          const li = await wd.find(`.counters li[data-platform="${p}"]`);
          const l = await wd.attr(li, "aria-label");
          return l.includes(`${expected.length} / ${expected.limit}`) ? l : null;
        });
        assert.ok(label);
      }
      await wd.waitForX("//*[@role='status' and contains(., '自動保存')]");
      await shot(wd, "11-editor-counters");

      // The X version differs from the main text.
      await wd.click(await wd.findX("//button[@role='tab' and normalize-space()='X']"));
      await wd.click(await wd.findX("//button[normalize-space()='X用に書き換える']"));
      const xEditor = await wd.waitFor('.cm-content[aria-label="X用の文面"]');
      // Caret to the end of the X text with the keyboard (Ctrl+End goes through the editor's
      // own key handling, unlike a DOM selection it may not have seen yet), then type there.
      await wd.exec("arguments[0].focus();", [{ [ELEMENT]: xEditor }]);
      await wd.chord("\uE009", "\uE010");
      await sleep(100);
      await wd.exec("document.execCommand('insertText', false, arguments[0])", [" #X限定"]);
      await wd.waitForX("//button[@role='tab' and contains(., 'X')]/span[@class='differs']");

      // A photo with a GPS position: attached, shown, stored without it.
      const photo = photoWithGps(workdir);
      await wd.type(await wd.find('input[type="file"][aria-label="画像を追加"]'), photo);
      await wd.waitFor(".image-list img");
      const stored = readdirSync(join(ws, "media"), { recursive: true })
        .map((f) => join(ws, "media", String(f)))
        .filter((f) => f.endsWith(".jpg") && !f.includes("thumbs") && statSync(f).isFile());
      assert.equal(stored.length, 1);
      assert.ok(!readFileSync(stored[0]).includes(Buffer.from("Cam\0", "binary")), "camera data stripped");
      assert.ok(!readFileSync(stored[0]).includes(Buffer.from("\x88\x25", "binary")), "no GPS pointer");
      await wd.type(await wd.find('textarea[aria-label="IMG_gps.jpg の代替テキスト"]'), "試作した治具の全体");
      await wd.click(await wd.find(".editor-title"));
      await wd.waitForX("//*[@role='status' and contains(., '自動保存')]");
      await shot(wd, "12-editor-variant-image");

      postId = await wd.attr(await wd.find(`.fc .event[data-status="draft"][aria-label^="治具の試作"]`), "data-id");
      await wd.click(await wd.find('button[aria-label="閉じる"]'));

      // Drag it a week later.
      const ev = await wd.find(`.fc .event[data-id="${postId}"]`);
      const cell = await wd.find(`.fc-daygrid-day[data-date="${target}"] .fc-daygrid-day-events`);
      await wd.drag(ev, cell);
      await wd.waitForX("//*[contains(@class,'toast')]//button[normalize-space()='元に戻す']");
      const moved = JSON.parse(cli("--workspace", ws, "calendar", "--month", month, "--json")).posts.find((p) => p.id === postId);
      assert.ok(moved.local_time.startsWith(target), `moved to ${moved.local_time}`);
      await shot(wd, "13-dragged");

      // Export iCalendar from the app.
      await wd.click(await wd.findX("//button[normalize-space()='予定表アプリ用に書き出す']"));
      const toast = await wd.waitForX("//*[contains(@class,'toast') and contains(., '書き出しました')]");
      const path = (await wd.text(toast)).split("書き出しました: ")[1].trim();
      assert.ok(existsSync(path), path);
      assert.ok(path.startsWith(join(workdir, "downloads")), `written to Downloads: ${path}`);
      const ics = readFileSync(path, "utf8");
      assert.ok(ics.includes("SUMMARY:治具の試作"));
      assert.ok(ics.includes(`UID:${postId}@tsunagu`));
    } finally {
      await wd.quit();
    }

    // Restart: everything is as it was left.
    wd = await session(PORT, ws);
    try {
      await wd.waitFor(".fc .event[data-id]");
      await wd.click(await wd.find('button[aria-label="次の月"]'));
      // The month may still be drawing when the post first shows, and a click then lands on
      // another post's event drawn over it: open this post's event, scrolled into the middle
      // of the view, until the editor shows this post (closing any other one it opened).
      const editor = await wd.waitUntil("this post's editor opens", async () => {
        const open = await wd.findAll(".editor-title");
        if (open.length > 0) {
          if ((await wd.prop(open[0], "value")) === "治具の試作") return wd.find('.cm-content[aria-label="共通の本文"]');
          await wd.click(await wd.find('button[aria-label="閉じる"]'));
          return null;
        }
        const ev = await wd.waitFor(`.fc-daygrid-day[data-date="${target}"] .event[data-id="${postId}"]`, 5000);
        await wd.exec("arguments[0].scrollIntoView({ block: 'center' }); arguments[0].click();", [{ [ELEMENT]: ev }]);
        return null;
      });
      assert.equal((await wd.text(editor)).trim(), text);
      await wd.click(await wd.findX("//button[@role='tab' and contains(., 'X')]"));
      const xEditor = await wd.waitFor('.cm-content[aria-label="X用の文面"]');
      assert.equal((await wd.text(xEditor)).trim(), `${text} #X限定`);
      const alt = await wd.waitFor('textarea[aria-label="IMG_gps.jpg の代替テキスト"]');
      assert.equal(await wd.prop(alt, "value"), "試作した治具の全体");
      await shot(wd, "14-after-restart-editor");
    } finally {
      await wd.quit();
    }
  });
});
