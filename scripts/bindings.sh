#!/usr/bin/env bash
# Regenerates ui/src/bindings.ts from the Rust IPC types and commands.
set -euo pipefail
cd "$(dirname "$0")/.."
TSUNAGU_WRITE_BINDINGS=1 cargo test -q -p tsunagu-app --lib bindings
echo "ui/src/bindings.ts regenerated"
