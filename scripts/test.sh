#!/usr/bin/env bash
# Sets everything up and runs every test: formatting and lints, UI type checks and unit
# tests, the Rust unit and integration tests (including the generated-bindings check), and
# the end-to-end suite against the real app under Xvfb.
set -euo pipefail
source "$(dirname "$0")/setup.sh"
cd "$TSUNAGU_ROOT"
ensure_toolchains
ensure_system_packages "${BUILD_PACKAGES[@]}"
ensure_system_packages "${TEST_PACKAGES[@]}"
ensure_ui_deps
ensure_tauri_driver
ensure_test_pds
ensure_test_servers

# Runs a command in its own D-Bus session with a fresh, unlocked gnome-keyring (in a temporary
# folder, with a throwaway password), so tests use a real Secret Service without touching the
# user's keyring. The bus itself runs without DISPLAY so the keyring never tries to show a
# prompt; the command gets DISPLAY back.
with_test_keyring() {
  local keyrings
  keyrings="$(mktemp -d)"
  KEYRINGS="$keyrings" RUN_DISPLAY="${DISPLAY:-}" env -u DISPLAY dbus-run-session -- bash -c '
    printf tsunagu-test | XDG_DATA_HOME="$KEYRINGS" gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
    if [ -n "$RUN_DISPLAY" ]; then export DISPLAY="$RUN_DISPLAY"; fi
    exec "$@"
  ' bash "$@"
  local status=$?
  rm -rf "$keyrings"
  return $status
}

# Every suite's output is also kept in a log so the run can end with one total.
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

say "Rust formatting"
cargo fmt --all -- --check

say "UI: type check and unit tests"
(cd ui && npm run --silent typecheck && npx vitest run) 2>&1 | tee -a "$log"
build_ui
bash scripts/bench-ui.sh

say "Rust lints (clippy, warnings are errors)"
cargo clippy --workspace --all-targets --quiet -- -D warnings

say "Rust unit and integration tests (in a private D-Bus session with an unlocked keyring)"
# The keychain tests use a real Secret Service: gnome-keyring in its own session bus, unlocked
# with a throwaway password, so nothing touches the user's own keyring.
with_test_keyring bash -c 'TSUNAGU_KEYCHAIN_TESTS=1 TSUNAGU_SERVER_TESTS=1 cargo test --workspace --quiet' 2>&1 |
  grep -v "Failed to set fd limit" | tee -a "$log"

say "Building the app for the end-to-end tests"
cargo build -p tsunagu-app -p tsunagu --quiet

if [ "$(uname -s)" != "Linux" ]; then
  say "End-to-end tests need Linux (tauri-driver drives WebKitWebDriver); skipped on $(uname -s)."
else
  say "End-to-end tests (real app, tauri-driver, WebKitWebDriver, Xvfb)"
  # Xvfb picks a free display itself and reports its number on fd 9.
  dfile="$(mktemp)"
  xlog="$(mktemp)"
  Xvfb -displayfd 9 -screen 0 1400x900x24 -nolisten tcp 9>"$dfile" >"$xlog" 2>&1 &
  xvfb_pid=$!
  trap 'kill $xvfb_pid 2>/dev/null || true; rm -f "$log" "$dfile"' EXIT
  for _ in $(seq 200); do [ -s "$dfile" ] && break; sleep 0.1; done
  [ -s "$dfile" ] || { tail -5 "$xlog" >&2; die "Xvfb did not start (its last words are above)"; }
  display=":$(tr -d '[:space:]' < "$dfile")"
  mkdir -p target/e2e
  # In a private D-Bus session with an unlocked keyring: the app keeps account secrets there.
  DISPLAY="$display" \
    TSUNAGU_APP="$CARGO_TARGET_DIR/debug/tsunagu-app" \
    TSUNAGU_CLI="$CARGO_TARGET_DIR/debug/tsunagu" \
    TSUNAGU_E2E_SHOTS="$TSUNAGU_ROOT/target/e2e" \
    with_test_keyring node --test --test-concurrency=1 tests/e2e/ \
    2> >(grep -v -e 'Gtk-WARNING' -e 'fallback .C. locale' -e 'Failed to set fd limit' -e '^$' >&2) | tee -a "$log"
  # The installer as an IT department meets it. The package is made from the debug build the
  # end-to-end tests just ran (the release build would add many minutes to every run; the
  # bundler, the package's contents and its installation are the same).
  say "Packaging: the .deb built, installed with dpkg, started on a fresh home folder, removed"
  if command -v dpkg >/dev/null 2>&1 && { [ "$(id -u)" -eq 0 ] || sudo -n true 2>/dev/null; }; then
    bash scripts/package.sh --debug --bundles deb
    DISPLAY="$display" \
      TSUNAGU_DEB="$(ls "$TSUNAGU_ROOT"/target/installers/*.deb | head -1)" \
      TSUNAGU_E2E_SHOTS="$TSUNAGU_ROOT/target/e2e" \
      with_test_keyring node --test --test-concurrency=1 tests/packaging/ \
      2> >(grep -v -e 'Gtk-WARNING' -e 'fallback .C. locale' -e 'Failed to set fd limit' -e '^$' >&2) | tee -a "$log"
  else
    say "Packaging test skipped: installing the package needs dpkg and root (or sudo without a password)."
  fi
  say "Screenshots: target/e2e/"
fi

# One closing line over every suite: cargo's "test result", vitest's "Tests" and node's "# pass".
awk '
  /^test result:/ { for (i = 1; i <= NF; i++) { if ($(i) ~ /^passed/) p += $(i-1); if ($(i) ~ /^failed/) f += $(i-1) } }
  /^ *Tests +[0-9]+ passed/ { p += $2; if ($0 ~ /failed/) { for (i = 1; i <= NF; i++) if ($(i) ~ /^failed/) f += $(i-1) } }
  /^# pass / { p += $3 }
  /^# fail / { f += $3 }
  END { printf "total: %d passed, %d failed\n", p, f }
' < <(sed 's/\x1b\[[0-9;]*m//g' "$log")
