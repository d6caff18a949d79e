#!/usr/bin/env bash
# Builds the macOS installer of MAGI Studio on a Mac with Apple Silicon (also `./magi package` there):
#   target/installer/image/MAGI Studio.app
#   target/installer/MAGI Studio-<version>.dmg
# Written for macOS and not run on it yet: the tested installers are Linux's (installers/README.md).
# Needs a JDK 17+ for arm64 (jlink, jpackage), Maven, Xcode's command line tools (sips, iconutil), and the
# built-in model in ckpt/nano (or MAGI_MODEL_DIR). DJL publishes libtorch 2.7.1 for Apple Silicon only, so there is
# no Intel build. To sign, set MAGI_MAC_SIGNING_NAME to the team or user name of a "Developer ID Application"
# identity in the keychain; an unsigned app opens with right-click > Open the first time.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

[ "$(uname -s)" = Darwin ] || fail "build-macos.sh builds on macOS; see installers/README.md"
[ "$(uname -m)" = arm64 ] || fail "libtorch 2.7.1 for DJL exists for Apple Silicon (arm64) only; build on an arm64 Mac"
require_tools mvn java javac jar jdeps jlink jpackage sips iconutil
model="$(builtin_model)"

build_app natives-macos-arm64
stage_app 'mac-aarch64|macosx-arm64(-gpl)?|osx-aarch64' "$model"
make_runtime "$(runtime_modules)"

# macOS wants an .icns; it is made here from the committed PNG.
iconset="$out/MAGI Studio.iconset"
rm -rf "$iconset" && mkdir -p "$iconset"
for size in 16 32 128 256 512; do
  sips -z "$size" "$size" "$installers/icons/magi-studio.png" --out "$iconset/icon_${size}x${size}.png" >/dev/null
  double=$((size * 2))
  [ "$double" -gt 512 ] || sips -z "$double" "$double" "$installers/icons/magi-studio.png" --out "$iconset/icon_${size}x${size}@2x.png" >/dev/null
done
iconutil -c icns "$iconset" -o "$out/magi-studio.icns"

name="MAGI Studio"
signing=()
[ -z "${MAGI_MAC_SIGNING_NAME:-}" ] || signing=(--mac-sign --mac-signing-key-user-name "$MAGI_MAC_SIGNING_NAME")
rm -rf "$out/image"
say "app image"
jpackage --type app-image --dest "$out/image" --name "$name" --app-version "$app_version" \
  --vendor "MAGI Studio" --description "Video authoring with a chunk-wise autoregressive model" \
  --input "$out/input" --main-jar magi-studio-launcher.jar --main-class "$main_class" \
  --runtime-image "$out/runtime" --icon "$out/magi-studio.icns" "${java_options[@]}" \
  --mac-package-identifier studio.magi.MagiStudio --mac-package-name "$name" --mac-app-category video \
  ${signing[@]+"${signing[@]}"}

rm -f "$out"/*.dmg
say "dmg"
jpackage --type dmg --dest "$out" --app-image "$out/image/$name.app" --name "$name" --app-version "$app_version" \
  --vendor "MAGI Studio" ${signing[@]+"${signing[@]}"}

say "done"
say "app: $out/image/$name.app ($(human_size "$out/image/$name.app"))"
say "dmg: $(ls "$out"/*.dmg)"
say "command line: \"/Applications/$name.app/Contents/MacOS/$name\" generate ..."
