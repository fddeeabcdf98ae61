#!/usr/bin/env bash
# What an installed release costs: the installers' sizes, the installed size, the start of the
# release build (the first start on a fresh home folder, then the median of RUNS more) and its
# idle memory, on the demo workspace's calendar.
#
#   bash scripts/bench-release.sh          # builds the release .deb and .rpm first (many minutes)
#   RUNS=11 bash scripts/bench-release.sh
#
# Start: from starting the process to its first painted calendar (the app quits at that mark,
# TSUNAGU_BENCH_EXIT). Memory: the resident memory of the app and every process it started
# (WebKit's web and network processes), five seconds after the first paint. See
# docs/BENCHMARKS.md for the recorded numbers.
set -euo pipefail
source "$(dirname "$0")/setup.sh"
cd "$TSUNAGU_ROOT"
RUNS="${RUNS:-7}"

bash scripts/package.sh --bundles deb,rpm
app="$CARGO_TARGET_DIR/release/tsunagu-app"
cli="$CARGO_TARGET_DIR/release/tsunagu"

work="$(mktemp -d)"
ensure_system_packages xvfb dbus-x11
source "$TSUNAGU_ROOT/scripts/bench-lib.sh"
bench_display

say "Sizes"
for f in target/installers/*; do
  printf '%-40s %8.1f MB\n' "$(basename "$f")" "$(awk -v b="$(stat -c %s "$f")" 'BEGIN { print b / 1e6 }')"
done
deb="$(ls target/installers/*.deb | head -1)"
mkdir -p "$work/root"
dpkg-deb -x "$deb" "$work/root"
printf 'installed size (the .deb unpacked): %s\n' "$(du -sh --apparent-size "$work/root" | cut -f1)"
printf 'app binary: %s, command line: %s\n' "$(du -h --apparent-size "$app" | cut -f1)" "$(du -h --apparent-size "$cli" | cut -f1)"

"$cli" demo "$work/ws" --seed 1 >/dev/null
export HOME="$work"
say "Start to first paint (release)"
first=$(start_ms "$app" --workspace "$work/ws")
runs=()
for _ in $(seq "$RUNS"); do runs+=("$(start_ms "$app" --workspace "$work/ws")"); done
say "Idle memory (release)"
kib=$(idle_kib "$app" --workspace "$work/ws")

printf '\nfirst start on a fresh home folder: %s ms\n' "$first"
printf 'start to first paint, median of %s: %s ms (runs: %s)\n' "$RUNS" "$(printf '%s\n' "${runs[@]}" | median)" "${runs[*]}"
printf 'idle memory five seconds after the first paint (app and its WebKit processes): %s MB\n' "$(awk -v k="$kib" 'BEGIN { printf "%.0f", k / 1024 }')"
