#!/usr/bin/env bash
# Start-up and idle memory of the app against a bare Tauri window built the same way (the
# same Tauri version and features, debug builds, the same display and session bus).
#
# Time: from starting the process to its first painted screen (the app's calendar of the demo
# workspace; the bare window's one page), measured as the whole process with the app told to
# quit at that mark (TSUNAGU_BENCH_EXIT). The two run in turn, RUNS times each; the script
# prints each one's median and the median of the pairwise ratios. A third program in each
# round is the bare window showing a static copy of the app's painted calendar (HTML and CSS
# only, benches/bare-window/dist/calendar.html): what painting that first screen costs with
# no script, no IPC and no data, which is the least any version of the app can take.
# Memory: the resident memory of the process and every process it started (WebKit's web and
# network processes), five seconds after the first paint, summed. The app also prints its own
# marks (first IPC call, painted) so a reader sees where the difference lies.
#
#   bash scripts/bench-start.sh            # RUNS=7 by default
#   RUNS=11 bash scripts/bench-start.sh
set -euo pipefail
source "$(dirname "$0")/setup.sh"
cd "$TSUNAGU_ROOT"
RUNS="${RUNS:-7}"

ensure_toolchains
ensure_system_packages "${BUILD_PACKAGES[@]}"
ensure_system_packages xvfb dbus-x11
ensure_ui_deps
build_ui
say "Building the app and the bare window (debug, as the tests use them)"
cargo build -p tsunagu-app -p tsunagu --quiet
# The bare window resolves the same versions as the app.
[ -f benches/bare-window/Cargo.lock ] || cp Cargo.lock benches/bare-window/Cargo.lock
cargo build --quiet --manifest-path benches/bare-window/Cargo.toml
app="$CARGO_TARGET_DIR/debug/tsunagu-app"
bare="$CARGO_TARGET_DIR/debug/tsunagu-bare-window"

work="$(mktemp -d)"
source "$TSUNAGU_ROOT/scripts/bench-lib.sh"
bench_display
"$CARGO_TARGET_DIR/debug/tsunagu" demo "$work/ws" --seed 1 >/dev/null
export HOME="$work"

say "Warming up (one start of each, not counted)"
start_ms "$app" --workspace "$work/ws" >/dev/null
start_ms "$bare" >/dev/null
TSUNAGU_BARE_PAGE=calendar start_ms "$bare" >/dev/null

say "Timing $RUNS starts of each, in turn"
app_ms=() bare_ms=() static_ms=() ratios=() static_ratios=()
for _ in $(seq "$RUNS"); do
  a=$(start_ms "$app" --workspace "$work/ws")
  b=$(start_ms "$bare")
  s=$(TSUNAGU_BARE_PAGE=calendar start_ms "$bare")
  app_ms+=("$a") bare_ms+=("$b") static_ms+=("$s")
  ratios+=("$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", a / b }')")
  static_ratios+=("$(awk -v a="$s" -v b="$b" 'BEGIN { printf "%.3f", a / b }')")
done
say "Where the app's time goes (one more start)"
app_phases=$(phases "$app" --workspace "$work/ws")
say "Idle memory"
app_kib=$(idle_kib "$app" --workspace "$work/ws")
bare_kib=$(idle_kib "$bare")

am=$(printf '%s\n' "${app_ms[@]}" | median)
bm=$(printf '%s\n' "${bare_ms[@]}" | median)
rm_=$(printf '%s\n' "${ratios[@]}" | median)
sm=$(printf '%s\n' "${static_ms[@]}" | median)
srm=$(printf '%s\n' "${static_ratios[@]}" | median)
printf '\nstart to first paint (ms), median of %s: app %s, bare window %s; ratio (median of pairs) %s (target <= 1.3)\n' "$RUNS" "$am" "$bm" "$rm_"
printf 'the calendar as static HTML in the bare window (no script, no IPC, no data): %s ms; ratio to the bare window %s\n' "$sm" "$srm"
printf 'app runs:  %s\nbare runs: %s\nstatic calendar runs: %s\n' "${app_ms[*]}" "${bare_ms[*]}" "${static_ms[*]}"
printf 'app marks: %s(first IPC = the window and the UI code are up; painted = the calendar is on screen)\n' "$app_phases"
awk -v a="$app_kib" -v b="$bare_kib" 'BEGIN { printf "idle memory (MiB), process tree 5 s after the first paint: app %.1f, bare window %.1f; ratio %.2f (target <= 1.5)\n", a / 1024, b / 1024, a / b }'
