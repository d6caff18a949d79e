#!/usr/bin/env bash
# Builds the Windows installer of MAGI Studio, from Git Bash on Windows x64 (also `./magi package` there):
#   target/installer/image/MAGI Studio/             the app image
#   target/installer/MAGI Studio-<version>.msi      (installers/build-windows.sh exe: an .exe installer instead)
# Written for Windows and not run on it yet: the tested installers are Linux's (installers/README.md).
# Needs a JDK 17+ (jlink, jpackage), Maven, the WiX Toolset 3 (candle.exe and light.exe on the PATH; jpackage 17
# builds .msi and .exe with it), and the built-in model in ckpt/nano (or MAGI_MODEL_DIR).
# Two launchers: "MAGI Studio.exe" opens the studio (Start menu and desktop shortcut); magi-studio.exe is the
# console one for the command line: "C:\Program Files\MAGI Studio\magi-studio.exe" generate ...
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

case "$(uname -s)" in
  MINGW*|MSYS*|CYGWIN*) ;;
  *) fail "build-windows.sh builds on Windows (from Git Bash); see installers/README.md" ;;
esac
type="${1:-msi}"
[ "$type" = msi ] || [ "$type" = exe ] || fail "usage: build-windows.sh [msi|exe]"
require_tools mvn java javac jar jdeps jlink jpackage candle light
model="$(builtin_model)"

build_app natives-windows-x86_64
stage_app 'win|win-x86_64|windows-x86_64(-gpl)?' "$model"
make_runtime "$(runtime_modules)"

name="MAGI Studio"
console="$out/console-launcher.properties"
printf 'win-console=true\n' >"$console"
rm -rf "$out/image"
say "app image"
jpackage --type app-image --dest "$out/image" --name "$name" --app-version "$app_version" \
  --vendor "MAGI Studio" --description "Video authoring with a chunk-wise autoregressive model" \
  --input "$out/input" --main-jar magi-studio-launcher.jar --main-class "$main_class" \
  --runtime-image "$out/runtime" --icon "$installers/icons/magi-studio.ico" "${java_options[@]}" \
  --add-launcher "magi-studio=$console"

rm -f "$out"/*.msi "$out"/*.exe
say "$type installer"
# The upgrade code stays the same across versions, so a newer installer replaces an older one.
jpackage --type "$type" --dest "$out" --app-image "$out/image/$name" --name "$name" --app-version "$app_version" \
  --vendor "MAGI Studio" --description "Video authoring with a chunk-wise autoregressive model" \
  --win-menu --win-menu-group "$name" --win-shortcut --win-dir-chooser \
  --win-upgrade-uuid 9c035677-15d0-474f-90d6-cdd095206dcb

say "done"
say "app image: $out/image/$name ($(human_size "$out/image/$name"))"
say "installer: $(ls "$out"/*."$type")"
