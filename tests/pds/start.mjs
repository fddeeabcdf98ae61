// Starts a real Bluesky PDS (@atproto/pds) with an in-memory PLC directory, both on 127.0.0.1,
// for the publishing integration tests. Copied next to its node_modules and run by the test,
// which reads "READY <url>" from stdout and stops it with SIGTERM. Every start uses a fresh
// data folder (the in-memory PLC forgets its DIDs). See shared/platforms/bluesky.md §11–12.
import http from "node:http";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Both servers listen on all interfaces by default: keep them on loopback.
const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function (...args) {
  if (typeof args[0] === "number") return listen.call(this, args[0], "127.0.0.1", ...args.slice(1));
  return listen.apply(this, args);
};

const plc = await import("@did-plc/server");
const { Secp256k1Keypair } = await import("@atproto/crypto");
const ui8 = await import("uint8arrays");

const plcPort = Number(process.env.PLC_PORT ?? 0) || 2582 + Math.floor(Math.random() * 1000);
const pdsPort = Number(process.env.PDS_PORT ?? 0) || plcPort + 1000;
const data = mkdtempSync(join(tmpdir(), "tsunagu-pds-"));
mkdirSync(join(data, "blobs"), { recursive: true });

const plcServer = plc.PlcServer.create({ db: plc.Database.mock(), port: plcPort });
await plcServer.start();
const key = await Secp256k1Keypair.create({ exportable: true });
Object.assign(process.env, {
  PDS_HOSTNAME: "localhost",
  PDS_PORT: String(pdsPort),
  PDS_DATA_DIRECTORY: data,
  PDS_BLOBSTORE_DISK_LOCATION: join(data, "blobs"),
  PDS_JWT_SECRET: "tsunagu-test-jwt",
  PDS_ADMIN_PASSWORD: "tsunagu-test-admin",
  PDS_DPOP_SECRET: "00".repeat(32),
  PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX: ui8.toString(await key.export(), "hex"),
  PDS_DID_PLC_URL: `http://127.0.0.1:${plcPort}`,
  PDS_DEV_MODE: "true",
  PDS_INVITE_REQUIRED: "false",
  PDS_DISABLE_SSRF_PROTECTION: "true",
  LOG_ENABLED: "false",
  // A fake AppView for app.bsky.* reads (metrics), when the test runs one.
  ...(process.env.APPVIEW_URL ? { PDS_BSKY_APP_VIEW_URL: process.env.APPVIEW_URL, PDS_BSKY_APP_VIEW_DID: "did:web:appview.test" } : {}),
});
const { PDS, envToCfg, envToSecrets, readEnv } = await import("@atproto/pds");
const env = readEnv();
const pds = await PDS.create(envToCfg(env), envToSecrets(env));
await pds.start();
process.stdout.write(`READY http://127.0.0.1:${pdsPort}\n`);

const stop = async () => {
  await pds.destroy().catch(() => {});
  await plcServer.destroy().catch(() => {});
  rmSync(data, { recursive: true, force: true });
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
