#!/usr/bin/env bash
# Sets everything up, builds the app and opens it. With no workspace yet, the app's first
# screen offers the company's own workspace or the demo (a fictional manufacturer).
#   scripts/run.sh                       the default workspace (OS app-data folder)
#   scripts/run.sh --workspace DIR       another folder
set -euo pipefail
source "$(dirname "$0")/setup.sh"
cd "$TSUNAGU_ROOT"
ensure_toolchains
ensure_system_packages "${BUILD_PACKAGES[@]}"
ensure_ui_deps
build_ui
say "Building the app (the first build takes several minutes)"
cargo build -p tsunagu-app -p tsunagu
say "Starting Tsunagu"
exec "$CARGO_TARGET_DIR/debug/tsunagu-app" "$@"
