#!/usr/bin/env bash
# Builds the Linux installers of MAGI Studio from a checkout (also `./magi package`):
#   target/installer/image/magi-studio/    the app image: runtime, app, model, launcher (runs from where it lies)
#   target/installer/magi-studio_<version>-1_amd64.deb
# Needs a JDK 17+ (jlink, jpackage), Maven, dpkg-deb and fakeroot, and the built-in model in ckpt/nano
# (MAGI_MODEL_DIR=<folder> builds with another one). The .deb is gzip-compressed: xz makes it ~5 % smaller and
# takes 20 times as long (DPKG_DEB_COMPRESSOR_TYPE=xz picks it).
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/common.sh"

[ "$(uname -s)" = Linux ] && [ "$(uname -m)" = x86_64 ] || fail "build-linux.sh builds on Linux x86_64; see installers/README.md for the other systems"
require_tools mvn java javac jar jdeps jlink jpackage dpkg-deb fakeroot
model="$(builtin_model)"

build_app ""
stage_app 'linux|linux-x86_64(-gpl)?' "$model"
make_runtime "$(runtime_modules)"

description="Video authoring with a chunk-wise autoregressive model"
image="$out/image/$app_name"
rm -rf "$out/image"
say "app image"
jpackage --type app-image --dest "$out/image" --name "$app_name" --app-version "$app_version" \
  --vendor "MAGI Studio" --description "$description" \
  --input "$out/input" --main-jar magi-studio-launcher.jar --main-class "$main_class" \
  --runtime-image "$out/runtime" --icon "$installers/icons/magi-studio.png" "${java_options[@]}"

# Double-clicking a project.json opens the studio on its folder through `magi-studio open FOLDER`; a build whose
# command line has no `open` gets no file association.
resources="$out/deb-resources"
rm -rf "$resources" && mkdir -p "$resources"
cp "$installers/linux/magi-studio.desktop" "$installers/linux/postinst" "$installers/linux/prerm" \
  "$installers/icons/magi-studio.png" "$resources/"
commands="$("$image/bin/$app_name" --help 2>&1 || true)"
if grep -qE '^ +open( |$)' <<<"$commands"; then
  say "file association: a double-clicked project.json opens in MAGI Studio"
  cp "$installers/linux/magi-studio-project.xml" "$installers/linux/magi-studio-open" "$image/lib/"
  sed -i -e 's|^Exec=APPLICATION_LAUNCHER$|Exec=/opt/magi-studio/lib/magi-studio-open %f|' \
    -e '$a MimeType=application/x-magi-studio-project;' "$resources/magi-studio.desktop"
else
  say "file association left out: this build's command line has no open command"
fi

rm -f "$out"/*.deb
say "deb package"
DPKG_DEB_COMPRESSOR_TYPE="${DPKG_DEB_COMPRESSOR_TYPE:-gzip}" \
jpackage --type deb --dest "$out" --app-image "$image" --name "$app_name" --app-version "$app_version" \
  --vendor "MAGI Studio" --description "$description" --resource-dir "$resources" \
  ${MAGI_DEB_MAINTAINER:+--linux-deb-maintainer "$MAGI_DEB_MAINTAINER"} \
  --linux-package-name "$app_name" --linux-app-category video \
  --linux-shortcut --linux-package-deps libgtk-3-0

deb="$(ls "$out"/*.deb)"
say "done"
say "app image: $image ($(human_size "$image"))"
say "deb:       $deb ($(human_size "$deb"))"
say "install it with: sudo apt install $deb   (then: magi-studio, or MAGI Studio in the menu)"
