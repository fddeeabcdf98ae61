// Shared by the end-to-end files: starting and stopping tauri-driver, sessions on a
// workspace, and screenshots.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { WebDriver } from "./webdriver.mjs";

export const APP = process.env.TSUNAGU_APP;
export const CLI = process.env.TSUNAGU_CLI;
const SHOTS = resolve(process.env.TSUNAGU_E2E_SHOTS ?? "target/e2e");

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts tauri-driver on `port` in its own process group, so the driver, WebKitWebDriver and
 * any app they started can be stopped together even if a session did not close cleanly.
 * The system language is Japanese; GTK's complaint that the machine has no ja_JP locale
 * compiled is filtered out (the app reads LANG itself).
 */
export async function startDriver(port, env = {}) {
  const driver = spawn("tauri-driver", ["--port", String(port), "--native-port", String(port + 100)], {
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
    env: { ...process.env, LANG: "ja_JP.UTF-8", LC_ALL: "", LC_MESSAGES: "", TSUNAGU_WORKSPACE: "", ...env },
  });
  for (const stream of [driver.stdout, driver.stderr]) {
    stream.setEncoding("utf8");
    stream.on("data", (chunk) => {
      const lines = chunk.split("\n").filter((l) => l.trim() && !/Gtk-WARNING|fallback 'C' locale/.test(l));
      if (lines.length) process.stderr.write(`${lines.join("\n")}\n`);
    });
  }
  const until = Date.now() + 30000;
  while (Date.now() < until) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/status`)).ok) return driver;
    } catch {
      // not up yet
    }
    await sleep(250);
  }
  stopDriver(driver);
  throw new Error("tauri-driver did not start");
}

export function stopDriver(driver) {
  if (driver?.pid) {
    try {
      process.kill(-driver.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  driver?.stdout?.destroy();
  driver?.stderr?.destroy();
}

/** A new app window on `workspace`. */
export async function session(port, workspace) {
  const wd = new WebDriver(`http://127.0.0.1:${port}`);
  await wd.start({ "tauri:options": { application: APP, args: ["--workspace", workspace] } });
  return wd;
}

/** Saves what the window shows as `target/e2e/NAME.png`. */
export async function shot(wd, name) {
  mkdirSync(SHOTS, { recursive: true });
  // Let the webview paint what the DOM already holds before capturing it.
  await sleep(500);
  writeFileSync(join(SHOTS, `${name}.png`), await wd.screenshot());
}

/** English words on the screen, outside product names, handles and the time zone's list. */
export async function englishOn(wd) {
  // Every text node on the page, each apart (so two words in neighbouring elements never run
  // together), outside lists the system draws, the folded 「詳細」 and the names of the
  // company's own files.
  const text = await wd.exec(
    `const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
     const out = [];
     while (w.nextNode()) {
       const n = w.currentNode;
       if (n.parentElement && !n.parentElement.closest('select, option, details, script, style, .file-name')) out.push(n.textContent);
     }
     return out.join(' ');`,
    [],
  );
  const allowed = new Set(["Tsunagu", "X", "Bluesky", "Mastodon", "LinkedIn", "Facebook", "Meta", "Instagram", "Threads", "SNS", "KPI", "CSV", "PDF", "JPEG", "PNG", "QR", "Excel", "xlsx", "BtoB", "OK", "Ctrl", "OAuth", "ID", "API", "IT", "LINE", "WORKS", "URL", "VOOM", "note", "TikTok", "WebDAV", "USB", "HTML", "Microsoft", "Teams", "Slack", "Chatwork", "Webhook", "Wi", "Fi"]);
  const handles = /@[A-Za-z0-9_.]+/g;
  // Addresses (a phone page's, a post's) are shown as they are, to be typed or copied.
  const addresses = /https?:\/\/\S+/g;
  return (text.replace(addresses, "").replace(handles, "").match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !allowed.has(w));
}

/** The month after this one in Japan's time (the demo's calendar is in Asia/Tokyo), as YYYY-MM. */
export function nextMonthInJapan() {
  const now = new Date(new Date().toLocaleString("en-US", { timeZone: "Asia/Tokyo" }));
  const y = now.getMonth() === 11 ? now.getFullYear() + 1 : now.getFullYear();
  const m = ((now.getMonth() + 1) % 12) + 1;
  return `${y}-${String(m).padStart(2, "0")}`;
}

/** On the calendar, goes to next month (`month`, YYYY-MM), makes a new post on `day`
 * (YYYY-MM-DD) titled `title` for the platforms labelled `platforms`, and returns the editor's
 * text element once it is open. */
export async function newPostOnDay(wd, month, day, title, platforms = ["Bluesky"]) {
  await wd.waitFor(".fc .event[data-id]");
  await wd.click(await wd.find('button[aria-label="次の月"]'));
  await wd.waitFor(`.month-title[aria-label="${month}"]`);
  // The month may still be drawing after the switch, and a click on a day drawn anew opens
  // nothing: click the day (its element as drawn now) until the dialog is open.
  const dialog = `[role="dialog"][aria-label="${day} に新しい投稿"]`;
  await wd.waitUntil("the new post dialog", async () => {
    if ((await wd.findAll(dialog)).length > 0) return true;
    const top = await wd.waitFor(`.fc-daygrid-day[data-date="${day}"] .fc-daygrid-day-top`, 5000);
    await wd.click(top);
    await sleep(300);
    return (await wd.findAll(dialog)).length > 0;
  });
  await wd.type(await wd.findX("//label[normalize-space()='タイトル']/following-sibling::input"), title);
  for (const p of platforms) await wd.click(await wd.find(`.modal input[aria-label="${p}"]`));
  await wd.click(await wd.findX("//button[normalize-space()='作成']"));
  return wd.waitFor('[role="dialog"][aria-label="投稿を編集"] .cm-content');
}
