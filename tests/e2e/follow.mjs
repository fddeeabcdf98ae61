#!/usr/bin/env node
// The end-to-end tests' "system browser" (TSUNAGU_BROWSER): opens the approval page it is
// given, which approves at once and redirects, and follows that redirect to the app's loopback
// listener, as a person clicking "Authorize" would.
const [url] = process.argv.slice(2);
const page = await fetch(url, { redirect: "manual" });
const next = page.headers.get("location");
if (!next) {
  process.stderr.write(`the approval page did not redirect (HTTP ${page.status})\n`);
  process.exit(1);
}
await (await fetch(next)).text();
