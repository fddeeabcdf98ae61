// End-to-end: two app instances on two workspaces and one shared folder. The lead makes the
// team and an invite code on the Team screen; the ambassador's laptop joins with it (its Team
// screen, replacing its demo) and shows its fingerprint; the lead admits that fingerprint. The ambassador's window
// shows ambassador mode (no lead tools); a draft written there while the folder is away syncs
// once it is back; the lead approves; the ambassador's calendar shows the approval.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CLI, session, shot, startDriver, stopDriver } from "./harness.mjs";

const LEAD_PORT = Number(process.env.TSUNAGU_E2E_PORT_TEAM ?? 4453);
const AMB_PORT = LEAD_PORT + 1;
let drivers = [];
let workdir;
const cli = (...args) => execFileSync(CLI, args, { encoding: "utf8" });
const byLabel = (tag, label) => `//${tag}[@id=//label[normalize-space()='${label}']/@for]`;
const env = { TSUNAGU_PUBLISH_INTERVAL_SECS: "2" };

before(async () => {
  workdir = mkdtempSync(join(tmpdir(), "tsunagu-e2e-team-"));
  drivers = [await startDriver(LEAD_PORT, env), await startDriver(AMB_PORT, env)];
});

after(() => {
  for (const d of drivers) stopDriver(d);
  if (workdir) rmSync(workdir, { recursive: true, force: true, maxRetries: 3 });
});

describe("team sync between two apps", () => {
  it("an ambassador drafts offline, syncs, the lead approves, the ambassador sees the approval", async () => {
    const leadWs = join(workdir, "lead");
    const ambWs = join(workdir, "amb");
    const shared = join(workdir, "shared");
    mkdirSync(shared);
    cli("demo", leadWs, "--seed", "21", "--fixture");
    const lead = await session(LEAD_PORT, leadWs);
    let amb;
    try {
      await lead.waitFor(".fc .event[data-id]");
      await lead.click(await lead.find('button[aria-label="チーム"]'));
      const folderInput = await lead.waitForX(byLabel("input", "共有フォルダー"));
      await shot(lead, "69-team-not-yet");
      await lead.type(folderInput, shared);
      await lead.click(await lead.findX("//form[@aria-label='チームを作る']//button[@type='submit']"));
      await lead.waitForX("//p[@role='status' and contains(., 'チームを作りました')]", 30000);
      await lead.waitForX("//dd[normalize-space()='リーダー']");

      // An invite for an ambassador on the roster (the first person listed).
      const select = await lead.waitForX(byLabel("select", "人"));
      // The roster fills the list after the screen is drawn: wait for it.
      const option = await lead.waitForX(`${byLabel("select", "人")}/option[2]`);
      const personName = await lead.text(option);
      await lead.click(select);
      await lead.click(option);
      await lead.waitForX("//p[@role='note' and contains(., '「アンバサダー」として参加します')]");
      await lead.click(await lead.findX("//button[normalize-space()='招待コードを作る']"));
      const codeBox = await lead.waitForX(byLabel("textarea", "招待コード"));
      const code = (await lead.exec("return arguments[0].value;", [{ "element-6066-11e4-a52e-4f735466cecf": codeBox }])).trim();
      assert.match(code, /^TSU1-/);
      await shot(lead, "70-team-lead-invite");

      // The ambassador's laptop: a fresh install (the demo), joined from its Team screen. It
      // shows its fingerprint; the lead sees the same one and admits it.
      cli("demo", ambWs, "--seed", "22", "--fixture");
      amb = await session(AMB_PORT, ambWs);
      await amb.waitFor(".fc .event[data-id]");
      await amb.click(await amb.find('button[aria-label="チーム"]'));
      await amb.type(await amb.waitForX(byLabel("textarea", "招待コード")), code.slice(0, 40));
      await amb.type(await amb.findX(byLabel("input", "チームの共有フォルダー")), shared);
      await amb.click(await amb.findX(byLabel("input", "この端末のワークスペースをチームのものに置き換えます（いまのデータは同じフォルダーに名前を変えて残します）。")));
      await amb.click(await amb.findX("//form[@aria-label='チームに参加する']//button[@type='submit']"));
      await amb.waitForX("//div[@role='alert' and contains(., 'TSU1-')]", 30000);
      assert.equal((await amb.findAll('button[aria-label="アカウント"]')).length, 1, "a cut code changed nothing");
      const box = await amb.findX(byLabel("textarea", "招待コード"));
      await amb.clear(box);
      await amb.type(box, code);
      await amb.click(await amb.findX("//form[@aria-label='チームに参加する']//button[@type='submit']"));
      // The window reopens on the joined workspace; read the fingerprint once it has settled.
      await amb.waitForX("//dd[normalize-space()='アンバサダー']", 60000);
      const fingerprint = await amb.waitUntil("the fingerprint", async () => {
        const text = await amb.text(await amb.findX("//dd[@aria-label='フィンガープリント']"));
        return /^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/.test(text.trim()) ? text.trim() : null;
      });
      await shot(amb, "72-team-ambassador-joined");
      const admit = await lead.waitForX(`//button[@aria-label='${fingerprint} を承認']`, 30000);
      await shot(lead, "71-team-lead-request");
      await lead.click(admit);
      await lead.waitForX(`//td[@class='fingerprint' and normalize-space()='${fingerprint}']`, 30000);
      // Everything in the shared folder is sealed: the lead sees which devices can read it.
      await lead.waitForX(`//td[@aria-label='読める範囲 ${fingerprint}' and contains(., 'すべて（鍵 1）')]`, 30000);
      assert.match(await lead.text(await lead.findX("//dd[@aria-label='暗号化']")), /暗号化されています（鍵の世代 1）/);
      await lead.exec("arguments[0].scrollIntoView({ block: 'center' });", [{ "element-6066-11e4-a52e-4f735466cecf": await lead.findX(`//td[@aria-label='読める範囲 ${fingerprint}']`) }]);
      await shot(lead, "71-team-lead-sealed");

      // Admitted: the sealed team's data reaches the laptop in its next round.
      await amb.click(await amb.findX("//button[normalize-space()='今すぐ同期']"));
      await amb.waitUntil("the team's data arrived", async () => (await amb.findAllX("//p[@role='status' and contains(., '承認待ち')]")).length === 0, 60000);
      await amb.waitForX("//dd[@aria-label='暗号化' and contains(., '鍵の世代 1')]", 30000);
      // Only what it needs: the screen says what this laptop receives, and what it never does.
      await amb.waitForX("//dd[@aria-label='この端末が受け取るもの' and contains(., '同僚の下書き・同意の記録・SNSアカウント・レビュー履歴は届きません')]");
      assert.equal((await amb.findAllX("//h2[contains(., '受け付けなかった変更') and not(contains(., '(0)'))]")).length, 0, "nothing refused on joining");

      // Ambassador mode: no lead tools.
      assert.equal((await amb.findAll('button[aria-label="アカウント"]')).length, 0, "no lead tools in ambassador mode");
      assert.equal((await amb.findAll('button[aria-label="レビュー"]')).length, 0);
      assert.equal((await amb.findAll('button[aria-label="ダッシュボード"]')).length, 0);
      await amb.click(await amb.find('button[aria-label="依頼と素材"]'));
      await amb.waitForX("//button[normalize-space()='素材を記録']");
      assert.equal((await amb.findAllX("//button[normalize-space()='依頼を送る']")).length, 0, "requests are the lead's to send");
      await amb.click(await amb.find('button[aria-label="チーム"]'));
      await amb.waitForX("//p[@role='status' and contains(., '承認待ち')] | //dd[normalize-space()='アンバサダー']");

      // Offline: the shared folder is away (a laptop on a train). The draft stays on the laptop.
      renameSync(shared, `${shared}-away`);
      const text = join(workdir, "draft.txt");
      writeFileSync(text, "毎朝8時、倉庫では全員で朝礼をしています。\n");
      const post = cli("--workspace", ambWs, "post", "create", "--platform", "x", "--at", "2026-12-21T03:00:00Z", "--text-file", text, "--title", "倉庫の朝礼").trim();
      cli("--workspace", ambWs, "review", "submit", post);
      // A round the app started on its own may be running (the button then waits): ask again
      // until this device's own round reports the folder away.
      await amb.waitUntil("the folder is reported away", async () => {
        if ((await amb.findAllX("//div[@role='alert' and contains(., '共有フォルダーに届きません')]")).length > 0) return true;
        const button = await amb.findAllX("//button[normalize-space()='今すぐ同期' and not(@disabled)]");
        if (button.length > 0) await amb.click(button[0]);
        await new Promise((r) => setTimeout(r, 2000));
        return false;
      }, 60000);
      await shot(amb, "73-team-ambassador-offline");

      // Back in the office: the app syncs on its own.
      renameSync(`${shared}-away`, shared);
      await lead.waitUntil("the lead received the draft", async () => {
        try {
          return JSON.parse(cli("--workspace", leadWs, "post", "show", post, "--json")).status === "in_review";
        } catch {
          return false;
        }
      }, 60000);
      cli("--workspace", leadWs, "review", "approve", post, "--confirm-checklist");

      // The approval reaches the ambassador's calendar.
      await amb.click(await amb.find('button[aria-label="カレンダー"]'));
      await amb.waitFor(`.fc .event[data-id="${post}"][data-status="scheduled"]`, 60000);
      // Ambassador mode opens the calendar on their own posts.
      const me = JSON.parse(cli("--workspace", ambWs, "team", "status", "--json")).person_id;
      const month = JSON.parse(cli("--workspace", ambWs, "calendar", "--month", "2026-12", "--json"));
      const mine = month.posts.filter((p) => p.author_id === me).length;
      assert.ok(mine >= 1);
      assert.equal((await amb.findAll(".fc .event[data-id]")).length, mine, "only their own posts, by default");
      assert.equal((await amb.findAllX("//button[normalize-space()='テーマ・目標・定期枠を編集']")).length, 0, "the plan is the lead's");
      // Weeks short of target and open slots would be counted without colleagues' drafts here.
      assert.equal((await amb.findAllX("//h2[normalize-space()='空いている定期枠']")).length, 0);
      assert.equal((await amb.findAll(".fc .event.slot")).length, 0, "no open-slot placeholders either");
      await amb.waitForX("//p[@role='note' and contains(., 'リーダーの画面で確認できます')]");
      await shot(amb, "74-team-ambassador-calendar");
      await amb.click(await amb.find('button[aria-label="チーム"]'));
      const last = await amb.waitForX("//dd[@aria-label='最終同期' and not(normalize-space()='まだ同期していません')]");
      assert.match(await amb.text(last), /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}$/);
      await shot(amb, "74-team-ambassador-synced-status");

      // Both edit the text while the folder is away: neither sees the other's edit. Both keep
      // both texts side by side; the lead picks one on the Team screen and it settles everywhere.
      renameSync(shared, `${shared}-away`);
      writeFileSync(text, "佐藤さんが直した文章です。\n");
      cli("--workspace", ambWs, "post", "edit", post, "--text-file", text);
      writeFileSync(text, "リーダーが直した文章です。\n");
      cli("--workspace", leadWs, "post", "edit", post, "--text-file", text);
      renameSync(`${shared}-away`, shared);
      await lead.click(await lead.find('button[aria-label="チーム"]'));
      const conflict = await lead.waitForX("//div[@class='conflict' and contains(., '佐藤さんが直した文章です。') and contains(., 'リーダーが直した文章です。')]", 60000);
      await lead.exec("arguments[0].scrollIntoView({ block: 'center' });", [{ "element-6066-11e4-a52e-4f735466cecf": conflict }]);
      await shot(lead, "75-team-conflict");
      const choose = await lead.findX("//div[@class='conflict-version' and contains(., '佐藤さんが直した文章です。')]//button");
      await lead.click(choose);
      await lead.waitForX("//p[@role='status' and contains(., '次の同期で全員に届きます')]");
      await amb.waitUntil("the choice reached the ambassador", async () => {
        const shown = JSON.parse(cli("--workspace", ambWs, "team", "conflicts", "--json"));
        return shown.length === 0;
      }, 60000);
      await amb.click(await amb.find('button[aria-label="チーム"]'));
      await amb.waitForX("//h2[normalize-space()='同時に変更された項目 (0)']", 30000);
      assert.ok(personName.length > 0);

      // The laptop is lost: the lead removes it. The team switches to a new key the removed
      // laptop does not hold, and the lead can let it back in.
      await lead.click(await lead.findX(`//button[@aria-label='${fingerprint} をチームから外す']`));
      await lead.click(await lead.findX("//span[@class='revoke-confirm']//button[normalize-space()='外す']"));
      await lead.waitForX(`//td[@aria-label='読める範囲 ${fingerprint}' and contains(., '鍵 1 まで')]`, 30000);
      await lead.waitForX("//dd[@aria-label='暗号化' and contains(., '鍵の世代 2')]");
      const back = await lead.findX(`//button[@aria-label='${fingerprint} をもう一度参加させる']`);
      await lead.exec("arguments[0].scrollIntoView({ block: 'center' });", [{ "element-6066-11e4-a52e-4f735466cecf": back }]);
      await shot(lead, "76-team-device-removed");
      await amb.click(await amb.findX("//button[normalize-space()='今すぐ同期']"));
      await amb.waitForX("//p[@role='status' and contains(., '承認待ち')]", 30000);
      await lead.click(back);
      await lead.waitForX(`//td[@aria-label='読める範囲 ${fingerprint}' and contains(., 'すべて（鍵 1〜2）')]`, 30000);
      await amb.click(await amb.findX("//button[normalize-space()='今すぐ同期']"));
      await amb.waitUntil("admitted again", async () => (await amb.findAllX("//p[@role='status' and contains(., '承認待ち')]")).length === 0, 60000);
    } finally {
      await lead.quit();
      await amb?.quit();
    }
  });
});
