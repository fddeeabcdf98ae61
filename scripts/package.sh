#!/usr/bin/env bash
# Builds Tsunagu's installers with the Tauri bundler, into target/installers/.
#
#   scripts/package.sh                    release installers for this system
#   scripts/package.sh --debug            the same from the debug build (minutes faster; what
#                                         the packaging test installs; not for people)
#   scripts/package.sh --bundles deb      only some of them (comma-separated)
#   scripts/package.sh --base-url URL     where the files will be published (for latest.json)
#   scripts/package.sh --notes FILE       what is new, in the company's words (for latest.json)
#
# What each system builds (run the script on that system; a hosted CI workflow does all three,
# see .github/workflows/installers.yml):
#   Linux    .deb, .rpm and .AppImage. The AppImage step downloads linuxdeploy from GitHub; where
#            GitHub is unreachable it is reported and skipped, the other two still build.
#   macOS    Tsunagu.app and a .dmg (Xcode command line tools; Apple signing and notarising
#            come from the usual APPLE_* variables of the Tauri bundler when set).
#   Windows  an .msi (WiX, fetched by the bundler) and an NSIS setup .exe, both Japanese and
#            English (Visual Studio C++ build tools and WebView2).
#
# Signed updates: with TAURI_SIGNING_PRIVATE_KEY (and TAURI_SIGNING_PRIVATE_KEY_PASSWORD) in
# the environment, each installer also gets its updater signature (.sig) and the script writes
# latest.json, the manifest the apps check (docs/INSTALL.md). The key never enters the
# repository; keep it in the CI service's secrets or on the release manager's machine.
set -euo pipefail
source "$(dirname "$0")/setup.sh"
cd "$TSUNAGU_ROOT"

profile=release
bundles=""
base_url=""
notes_file=""
while [ $# -gt 0 ]; do
  case "$1" in
    --debug) profile=debug ;;
    --bundles) bundles="$2"; shift ;;
    --base-url) base_url="${2%/}"; shift ;;
    --notes) notes_file="$2"; shift ;;
    *) die "unknown option $1 (see the top of scripts/package.sh)" ;;
  esac
  shift
done

case "$(uname -s)" in
  Linux) os=linux; default_bundles="deb,rpm,appimage" ;;
  Darwin) os=darwin; default_bundles="app,dmg" ;;
  MINGW*|MSYS*|CYGWIN*) os=windows; default_bundles="msi,nsis" ;;
  *) die "no installers for $(uname -s)" ;;
esac
bundles="${bundles:-$default_bundles}"

ensure_toolchains
ensure_system_packages "${BUILD_PACKAGES[@]}"
ensure_ui_deps
build_ui

tauri="$TSUNAGU_ROOT/ui/node_modules/.bin/tauri"
[ -x "$tauri" ] || die "the Tauri CLI is missing from ui/node_modules; run: (cd ui && npm install)"
flags=(--ci)
# The debug build is the one the end-to-end tests run: it is not patched with a bundle type,
# so the updater in those tests still treats it as a plain program.
[ "$profile" = debug ] && flags+=(--debug --no-binary-patching)
sign=false
if [ -n "${TAURI_SIGNING_PRIVATE_KEY:-}" ]; then
  sign=true
  say "Update signatures: on (the key comes from TAURI_SIGNING_PRIVATE_KEY)"
else
  say "Update signatures: off (set TAURI_SIGNING_PRIVATE_KEY to sign the installers for the updater)"
fi

# On Linux the packages also carry the command line (`tsunagu`, for cron and the systemd
# timer), the timer's user units pointing at it, and the licences.
extra="{}"
if [ "$os" = linux ]; then
  cargo_profile=()
  [ "$profile" = release ] && cargo_profile=(--release)
  say "Building the command line (tsunagu, $profile)"
  cargo build -p tsunagu --bin tsunagu "${cargo_profile[@]}" --quiet
  stage="$TSUNAGU_ROOT/target/package-files"
  rm -rf "$stage" && mkdir -p "$stage"
  sed 's|^ExecStart=%h/.local/bin/tsunagu |ExecStart=/usr/bin/tsunagu |' scripts/systemd/tsunagu-publish.service > "$stage/tsunagu-publish.service"
  cp scripts/systemd/tsunagu-publish.timer "$stage/"
  extra="$(CLI="$CARGO_TARGET_DIR/$profile/tsunagu" STAGE="$stage" ROOT="$TSUNAGU_ROOT" node -p '
    const e = process.env;
    const files = {
      "/usr/bin/tsunagu": e.CLI,
      "/usr/lib/systemd/user/tsunagu-publish.service": `${e.STAGE}/tsunagu-publish.service`,
      "/usr/lib/systemd/user/tsunagu-publish.timer": `${e.STAGE}/tsunagu-publish.timer`,
      "/usr/share/mime/packages/tsunagu.xml": `${e.ROOT}/src-tauri/packaging/tsunagu-mime.xml`,
      "/usr/share/doc/tsunagu/copyright": `${e.ROOT}/LICENSE`,
      "/usr/share/doc/tsunagu/IPA_Font_License.txt": `${e.ROOT}/assets/fonts/IPA_Font_License.txt`,
    };
    JSON.stringify({ linux: { deb: { files }, rpm: { files } } })')"
fi
config="$(EXTRA="$extra" SIGN="$sign" node -p '
  const bundle = JSON.parse(process.env.EXTRA);
  if (process.env.SIGN === "true") bundle.createUpdaterArtifacts = true;
  JSON.stringify({ bundle })')"
flags+=(--config "$config")

out="$TSUNAGU_ROOT/target/installers"
rm -rf "$out"
mkdir -p "$out"
bundle_dir="$CARGO_TARGET_DIR/$profile/bundle"
rm -rf "$bundle_dir"

# One bundle at a time, so one that cannot be made here (an AppImage without GitHub) does not
# take the others with it. Cargo builds once; later bundles reuse the binary.
failed=()
IFS=',' read -r -a wanted <<< "$bundles"
for b in "${wanted[@]}"; do
  say "Building the $b installer ($profile)"
  if ! (cd "$TSUNAGU_ROOT/src-tauri" && "$tauri" build "${flags[@]}" --bundles "$b"); then
    if [ "$b" = appimage ]; then
      say "The AppImage could not be made here (the bundler downloads linuxdeploy from GitHub); the others are fine."
      failed+=("$b")
      continue
    fi
    die "the $b installer failed (the bundler's words are above)"
  fi
done

find "$bundle_dir" -maxdepth 2 -type f \
  \( -name '*.deb' -o -name '*.rpm' -o -name '*.AppImage' -o -name '*.dmg' -o -name '*.msi' \
     -o -name '*.exe' -o -name '*.sig' -o -name '*.app.tar.gz' \) -exec cp {} "$out/" \;

if [ -n "${TAURI_SIGNING_PRIVATE_KEY:-}" ]; then
  version="$(node -p "require('$TSUNAGU_ROOT/src-tauri/tauri.conf.json').version")"
  notes=""
  [ -n "$notes_file" ] && notes="$(cat "$notes_file")"
  OUT="$out" VERSION="$version" NOTES="$notes" BASE="${base_url:-.}" OS="$os" node -e '
    const fs = require("fs"), path = require("path");
    const out = process.env.OUT, platforms = {};
    const arch = process.arch === "arm64" ? "aarch64" : "x86_64";
    const kinds = { ".deb": "deb", ".rpm": "rpm", ".AppImage": "appimage", ".msi": "msi", ".exe": "nsis", ".app.tar.gz": "app" };
    for (const f of fs.readdirSync(out)) {
      if (!f.endsWith(".sig")) continue;
      const pkg = f.slice(0, -4);
      const ext = Object.keys(kinds).find((e) => pkg.endsWith(e));
      if (!ext) continue;
      const entry = { url: `${process.env.BASE}/${encodeURIComponent(pkg)}`, signature: fs.readFileSync(path.join(out, f), "utf8").trim() };
      platforms[`${process.env.OS}-${arch}-${kinds[ext]}`] = entry;
      platforms[`${process.env.OS}-${arch}`] ??= entry;
    }
    const manifest = { version: process.env.VERSION, notes: process.env.NOTES, pub_date: new Date().toISOString(), platforms };
    fs.writeFileSync(path.join(out, "latest.json"), JSON.stringify(manifest, null, 2) + "\n");
  '
  say "Wrote latest.json; publish it with the installers at ${base_url:-the address in update.json}"
fi

say "Installers in target/installers/:"
ls -l "$out"
[ ${#failed[@]} -eq 0 ] || say "Not built here: ${failed[*]}"
