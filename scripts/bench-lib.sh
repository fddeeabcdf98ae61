# Measuring helpers shared by scripts/bench-start.sh and scripts/bench-release.sh (sourced;
# they expect $work to be a scratch folder).

# Starts Xvfb on a free display and exports DISPLAY; on exit, stops it and removes $work.
bench_display() {
  local dfile
  dfile="$(mktemp)"
  Xvfb -displayfd 9 -screen 0 1400x900x24 -nolisten tcp 9>"$dfile" >/dev/null 2>&1 &
  BENCH_XVFB=$!
  trap 'kill $BENCH_XVFB 2>/dev/null || true; rm -rf "$work"' EXIT
  for _ in $(seq 200); do [ -s "$dfile" ] && break; sleep 0.1; done
  [ -s "$dfile" ] || die "Xvfb did not start"
  export DISPLAY=":$(tr -d '[:space:]' < "$dfile")"
  rm -f "$dfile"
}

# Milliseconds from start to the painted mark (the process quits there).
start_ms() {
  local t0 t1
  t0=$(date +%s%N)
  TSUNAGU_BENCH_EXIT=1 timeout 120 dbus-run-session -- "$@" >/dev/null 2>&1 || true
  t1=$(date +%s%N)
  echo $(((t1 - t0) / 1000000))
}

# Resident memory (KiB) of a process and all its descendants.
tree_rss() {
  local pids=("$1") i=0 total=0
  while [ $i -lt ${#pids[@]} ]; do
    while read -r child; do pids+=("$child"); done < <(pgrep -P "${pids[$i]}" || true)
    i=$((i + 1))
  done
  for p in "${pids[@]}"; do
    total=$((total + $(ps -o rss= -p "$p" 2>/dev/null | tr -d ' ' || echo 0)))
  done
  echo "$total"
}

# Where the app's start-up goes, from its own marks (milliseconds since the process started).
phases() {
  TSUNAGU_BENCH_REPORT=1 TSUNAGU_BENCH_EXIT=1 timeout 120 dbus-run-session -- "$@" 2>/dev/null |
    awk '$1 == "first-ipc" || $1 == "painted" { printf "%s %s ms  ", $1, $2 } END { print "" }'
}

# Resident memory five seconds after the first paint.
idle_kib() {
  local out="$work/out.$$" pid kib
  TSUNAGU_BENCH_REPORT=1 dbus-run-session -- "$@" >"$out" 2>/dev/null &
  pid=$!
  for _ in $(seq 600); do grep -q painted "$out" 2>/dev/null && break; sleep 0.1; done
  sleep 5
  kib=$(tree_rss "$pid")
  pkill -P "$pid" 2>/dev/null || true
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -f "$out"
  echo "$kib"
}

median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

