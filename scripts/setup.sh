#!/usr/bin/env bash
# Installs what Tsunagu needs to build, run and test, skipping whatever is already there.
# Sourced by scripts/run.sh and scripts/test.sh; safe to run on its own:
#   scripts/setup.sh            build + run prerequisites
#   scripts/setup.sh --test     also the end-to-end test prerequisites
set -euo pipefail

TSUNAGU_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Builds share one target folder outside the clone, so a fresh clone on the same machine
# (CI, a second checkout) reuses compiled dependencies. Override by setting CARGO_TARGET_DIR.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tsunagu/target}"

BUILD_PACKAGES=(libwebkit2gtk-4.1-dev libsoup-3.0-dev librsvg2-dev libayatana-appindicator3-dev
  libxdo-dev libssl-dev libdbus-1-dev build-essential pkg-config curl file)
TEST_PACKAGES=(xvfb webkit2gtk-driver gnome-keyring libsecret-tools dbus-x11 fonts-noto-cjk fonts-noto-color-emoji imagemagick poppler-utils python3 python3-venv chromium chromium-driver)

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

ensure_system_packages() {
  local want=("$@") missing=()
  case "$(uname -s)" in
    Linux) ;;
    Darwin)
      say "macOS: Xcode command line tools provide what Tauri needs (xcode-select --install)."
      return 0 ;;
    MINGW*|MSYS*|CYGWIN*)
      say "Windows: install the Visual Studio C++ build tools and WebView2 (preinstalled on Windows 11)."
      return 0 ;;
  esac
  if ! command -v dpkg >/dev/null 2>&1; then
    say "Not a Debian/Ubuntu system: install the equivalents of: ${want[*]}"
    return 0
  fi
  for p in "${want[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "Installing system packages: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "need root or sudo to install: ${missing[*]}"
    sudo="sudo"
  fi
  $sudo apt-get update -qq
  # A package this release does not carry (Ubuntu ships Chromium as a snap) is named, not
  # fatal: the rest still installs.
  local available=()
  for p in "${missing[@]}"; do
    # The policy is read whole before it is searched: `grep -q` stopping early would end
    # apt-cache with SIGPIPE, which pipefail turns into "not available".
    local policy
    policy="$(apt-cache policy "$p" 2>/dev/null || true)"
    if [[ "$policy" == *"Candidate: "[!\(]* ]]; then
      available+=("$p")
    else
      say "Not in this system's package lists: $p; install it another way (Chromium on Ubuntu: sudo snap install chromium)"
    fi
  done
  [ ${#available[@]} -eq 0 ] && return 0
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${available[@]}" >/dev/null
}

ensure_toolchains() {
  command -v cargo >/dev/null 2>&1 || die "Rust is missing: install it from https://rustup.rs (stable, 1.90 or newer)."
  command -v node >/dev/null 2>&1 || die "Node.js is missing: install Node.js 20 or newer (with npm)."
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  [ "$major" -ge 20 ] || die "Node.js $major is too old: install Node.js 20 or newer."
}

ensure_ui_deps() {
  cd "$TSUNAGU_ROOT/ui"
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "Installing UI packages (npm)"
    # `npm install` keeps the versions pinned in package-lock.json. Some npm 11 releases write
    # lock files without other platforms' optional packages, which `npm ci` then rejects.
    npm install --no-audit --no-fund --loglevel=error
  fi
  cd "$TSUNAGU_ROOT"
}

# A real Bluesky PDS for the publishing tests (@atproto/pds 0.4.x runs on Node 20), installed
# once per machine outside the clone. better-sqlite3 is compiled from source (its prebuilt
# download is unreachable here); g++, make and python3 come with build-essential.
ensure_test_pds() {
  export TSUNAGU_TEST_PDS="${TSUNAGU_TEST_PDS:-$HOME/.cache/tsunagu/pds}"
  if [ ! -f "$TSUNAGU_TEST_PDS/node_modules/@atproto/pds/package.json" ] ||
     [ ! -f "$TSUNAGU_TEST_PDS/node_modules/better-sqlite3/build/Release/better_sqlite3.node" ]; then
    say "Installing a local Bluesky PDS for the publishing tests (once, about 2 minutes)"
    mkdir -p "$TSUNAGU_TEST_PDS"
    cp "$TSUNAGU_ROOT/tests/pds/package.json" "$TSUNAGU_TEST_PDS/package.json"
    (cd "$TSUNAGU_TEST_PDS" && npm_config_build_from_source=true npm install --no-audit --no-fund --loglevel=error)
  fi
}

# WebDAV (wsgidav) and S3 (moto) servers for the sync tests, from PyPI into a virtual
# environment outside the clone; reinstalled only when the pinned list changes.
ensure_test_servers() {
  export TSUNAGU_PYENV="${TSUNAGU_PYENV:-$HOME/.cache/tsunagu/pyenv}"
  local req="$TSUNAGU_ROOT/tests/servers/requirements.txt"
  if [ ! -x "$TSUNAGU_PYENV/bin/wsgidav" ] || [ ! -x "$TSUNAGU_PYENV/bin/moto_server" ] ||
     ! cmp -s "$req" "$TSUNAGU_PYENV/requirements.txt"; then
    say "Installing the WebDAV and S3 test servers (once, about a minute)"
    rm -rf "$TSUNAGU_PYENV"
    python3 -m venv "$TSUNAGU_PYENV"
    "$TSUNAGU_PYENV/bin/pip" install --quiet --disable-pip-version-check -r "$req"
    cp "$req" "$TSUNAGU_PYENV/requirements.txt"
  fi
}

ensure_tauri_driver() {
  if ! command -v tauri-driver >/dev/null 2>&1; then
    say "Installing tauri-driver (cargo install)"
    cargo install tauri-driver --locked --version '^2' --quiet
  fi
}

build_ui() {
  say "Building the UI"
  (cd "$TSUNAGU_ROOT/ui" && npm run --silent build)
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  ensure_toolchains
  ensure_system_packages "${BUILD_PACKAGES[@]}"
  if [ "${1:-}" = "--test" ]; then
    ensure_system_packages "${TEST_PACKAGES[@]}"
    ensure_tauri_driver
  fi
  ensure_ui_deps
  say "Ready."
fi
