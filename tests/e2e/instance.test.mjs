// End-to-end: one window per workspace. The app starts hidden in the tray (as the login start
// does); a second launch on the same workspace hands over to it, which shows its window, and
// exits. A launch on another workspace runs beside it.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { APP, shot, sleep, startDriver, stopDriver } from "./harness.mjs";
import { WebDriver } from "./webdriver.mjs";

const PORT = Number(process.env.TSUNAGU_E2E_PORT_INSTANCE ?? 4477);
let driver;
let workdir;

/** The X server's word for whether the window titled Tsunagu is on the screen. */
function mapState() {
  try {
    const out = execFileSync("xwininfo", ["-name", "Tsunagu"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    return /Map State:\s*(\w+)/.exec(out)?.[1] ?? "none";
  } catch {
    return "none";
  }
}

/** Starts the app binary as a person would, and resolves with its exit code (null: still running after `ms`). */
function launch(args, ms) {
  const child = spawn(APP, args, { stdio: "ignore", env: { ...process.env, LANG: "ja_JP.UTF-8", TSUNAGU_WORKSPACE: "" } });
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ code: null, child }), ms);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, child });
    });
  });
}

before(async () => {
  workdir = mkdtempSync(join(tmpdir(), "tsunagu-e2e-instance-"));
  driver = await startDriver(PORT, { HOME: workdir });
});

after(() => {
  stopDriver(driver);
  if (workdir) rmSync(workdir, { recursive: true, force: true, maxRetries: 3 });
});

describe("One instance per workspace", () => {
  it("a second launch shows the hidden window and exits; another workspace runs beside it", async () => {
    const ws = join(workdir, "ws");
    const wd = new WebDriver(`http://127.0.0.1:${PORT}`);
    await wd.start({ "tauri:options": { application: APP, args: ["--workspace", ws, "--hidden"] } });
    try {
      await wd.waitForX("//h1[normalize-space()='つなぐへようこそ']", 60000);
      assert.equal(mapState(), "IsUnMapped", "started at login: the window waits in the tray");

      // The person clicks the menu entry again: the second process hands over and exits.
      const second = await launch(["--workspace", ws], 30000);
      assert.equal(second.code, 0, "the second launch exits once the first has its arguments");
      const until = Date.now() + 10000;
      while (mapState() !== "IsViewable" && Date.now() < until) await sleep(200);
      assert.equal(mapState(), "IsViewable", "the first window is back on the screen");
      assert.equal(await wd.exec("return document.hasFocus();"), true, "and has the focus");
      await shot(wd, "70-second-launch-front");

      // A login start while the app runs changes nothing on the screen.
      const login = await launch(["--workspace", ws, "--hidden"], 30000);
      assert.equal(login.code, 0);
      assert.equal(mapState(), "IsViewable");

      // Another workspace is another instance: it starts and keeps running.
      const other = await launch(["--workspace", join(workdir, "other")], 4000);
      assert.equal(other.code, null, "a launch on another workspace is not folded into this one");
      other.child.kill("SIGTERM");
    } finally {
      await wd.quit();
    }
  });
});
