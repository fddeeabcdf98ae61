#!/usr/bin/env bash
# The UI's size budget: the JavaScript a window loads before its first paint (the entry chunk
# named in dist/index.html, plus the chunks it imports statically) must stay at or under
# 400 KB; screens, the editor and the calendar grid load on demand. Reads ui/dist (build it
# first with `cd ui && npm run build`); prints every chunk and exits non-zero over budget.
set -euo pipefail
cd "$(dirname "$0")/../ui/dist"
budget=$((400 * 1024))
entry="$(grep -o 'src="/assets/[^"]*\.js"' index.html | head -1 | sed 's|src="/||; s|"$||')"
[ -n "$entry" ] || { echo "no entry script in ui/dist/index.html: build the UI first" >&2; exit 2; }
preloads="$(grep -o 'href="/assets/[^"]*\.js"' index.html | sed 's|href="/||; s|"$||' || true)"
initial=0
for f in $entry $preloads; do initial=$((initial + $(stat -c %s "$f"))); done
total=0
for f in assets/*.js; do total=$((total + $(stat -c %s "$f"))); done
printf 'initial JavaScript: %d KB (budget %d KB); all chunks: %d KB in %d files\n' \
  $((initial / 1024)) $((budget / 1024)) $((total / 1024)) "$(ls assets/*.js | wc -l)"
ls -S assets/*.js | head -5 | while read -r f; do printf '  %-40s %6d KB\n' "$f" $(($(stat -c %s "$f") / 1024)); done
[ "$initial" -le "$budget" ] || { echo "over the 400 KB budget: load the new code on demand (React.lazy)" >&2; exit 1; }
