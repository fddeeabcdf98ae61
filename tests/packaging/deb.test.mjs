// The Debian package as an IT department meets it: install it with dpkg, find the app, its
// command line, its Japanese name, icons, the workspace file type and the licences where the
// system looks for them; start the installed app on a fresh home folder (its first screen, a
// screenshot) and see it keep its workspace in the OS data folder; remove it and find nothing
// of it left but the person's own data.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { shot, startDriver, stopDriver } from "../e2e/harness.mjs";
import { WebDriver } from "../e2e/webdriver.mjs";

const DEB = process.env.TSUNAGU_DEB;
const PORT = Number(process.env.TSUNAGU_E2E_PORT_PACKAGE ?? 4481);
const root = process.getuid?.() === 0;
const sudo = (cmd, args, opts = {}) => execFileSync(root ? cmd : "sudo", root ? args : ["-n", cmd, ...args], { encoding: "utf8", ...opts });
const installedBefore = (() => {
  try {
    return /Status: install ok installed/.test(execFileSync("dpkg", ["-s", "tsunagu"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
  } catch {
    return false;
  }
})();
const skip = !DEB ? "TSUNAGU_DEB is not set" : installedBefore ? "a Tsunagu package is already installed on this machine; the test will not replace it" : false;

let workdir;
let driver;

before(() => {
  workdir = mkdtempSync(join(tmpdir(), "tsunagu-package-"));
});

after(() => {
  stopDriver(driver);
  if (workdir) rmSync(workdir, { recursive: true, force: true, maxRetries: 3 });
});

describe("The .deb package", { skip }, () => {
  it("installs, starts on a fresh home folder, and uninstalls cleanly", async () => {
    sudo("dpkg", ["-i", DEB], { stdio: ["ignore", "pipe", "pipe"] });
    const files = execFileSync("dpkg", ["-L", "tsunagu"], { encoding: "utf8" })
      .split("\n")
      .filter((f) => f && existsSync(f) && statSync(f).isFile());
    try {
      // Where the system looks for each part.
      for (const f of [
        "/usr/bin/tsunagu-app",
        "/usr/bin/tsunagu",
        "/usr/share/applications/Tsunagu.desktop",
        "/usr/share/icons/hicolor/32x32/apps/tsunagu-app.png",
        "/usr/share/icons/hicolor/128x128/apps/tsunagu-app.png",
        "/usr/share/icons/hicolor/256x256/apps/tsunagu-app.png",
        "/usr/share/icons/hicolor/512x512/apps/tsunagu-app.png",
        "/usr/share/mime/packages/tsunagu.xml",
        "/usr/share/doc/tsunagu/copyright",
        "/usr/lib/systemd/user/tsunagu-publish.timer",
      ]) {
        assert.ok(files.includes(f), `${f} is installed`);
      }
      const desktop = readFileSync("/usr/share/applications/Tsunagu.desktop", "utf8");
      assert.match(desktop, /^Name\[ja\]=つなぐ$/m);
      assert.match(desktop, /^Exec=tsunagu-app %f$/m);
      assert.match(desktop, /^MimeType=application\/x-tsunagu-workspace;$/m);
      assert.match(readFileSync("/usr/share/doc/tsunagu/copyright", "utf8"), /MIT License/);
      assert.match(readFileSync("/usr/lib/systemd/user/tsunagu-publish.service", "utf8"), /^ExecStart=\/usr\/bin\/tsunagu tick$/m);
      if (existsSync("/usr/bin/update-mime-database")) {
        // dpkg's trigger registered the file type: a workspace.tsunagu opens with Tsunagu.
        assert.ok(existsSync("/usr/share/mime/application/x-tsunagu-workspace.xml"), "the workspace file type is known to the system");
      }
      assert.match(execFileSync("/usr/bin/tsunagu", ["--help"], { encoding: "utf8" }), /publish-due/);

      // The installed app on a fresh home folder: the first screen, then the demo lands in
      // the OS data folder, with the file that opens it from a file manager.
      driver = await startDriver(PORT, { HOME: workdir, XDG_DATA_HOME: "", XDG_CONFIG_HOME: "" });
      const wd = new WebDriver(`http://127.0.0.1:${PORT}`);
      await wd.start({ "tauri:options": { application: "/usr/bin/tsunagu-app" } });
      try {
        await wd.waitForX("//h1[normalize-space()='つなぐへようこそ']", 60000);
        await shot(wd, "90-installed-first-screen");
        await wd.click(await wd.findX("//button[normalize-space()='デモを開く']"));
        await wd.waitFor(".fc .event[data-id]", 60000);
      } finally {
        await wd.quit();
      }
      // A debug package keeps its data apart from a real installation's (tsunagu-dev).
      const data = ["tsunagu", "tsunagu-dev"].map((d) => join(workdir, ".local", "share", d, "demo")).find((d) => existsSync(join(d, "tsunagu.db")));
      assert.ok(data, "the workspace is in the OS data folder");
      assert.ok(existsSync(join(data, "workspace.tsunagu")), "with the file that opens it");
    } finally {
      sudo("dpkg", ["-r", "tsunagu"], { stdio: ["ignore", "pipe", "pipe"] });
    }
    assert.throws(() => execFileSync("dpkg", ["-s", "tsunagu"], { stdio: "ignore" }), "the package is gone");
    const left = files.filter((f) => existsSync(f));
    assert.deepEqual(left, [], "nothing the package installed is left behind");
    assert.ok(existsSync(join(workdir, ".local", "share")), "the person's own data stays");
  });
});
