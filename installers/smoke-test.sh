#!/usr/bin/env bash
# Smoke test of the Linux .deb, run by hand after installers/build-linux.sh (too slow for every CI run):
#   installers/smoke-test.sh [path/to/magi-studio_<version>-1_amd64.deb]
# Unpacks the package into a temporary folder (dpkg -x: nothing is installed on the system), then, with an empty
# home and cache folder and without network (unshare -n, where allowed), starts the studio under Xvfb and times it
# to a visible window, and renders one chunk with the installed command line. Prints PASS/FAIL/SKIP lines and the
# figures; exits 1 if anything failed. The screenshot and logs are kept in target/installer/smoke/.
# Needs: dpkg, Xvfb, xdotool, xprop, ImageMagick (import), ffprobe.
set -euo pipefail
repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
deb="${1:-$(ls "$repo"/target/installer/magi-studio_*.deb 2>/dev/null | head -1)}"
[ -f "$deb" ] || { echo "smoke-test: no .deb found; build one with installers/build-linux.sh or name it" >&2; exit 1; }
for tool in dpkg-deb Xvfb xdotool xprop import ffprobe; do
  command -v "$tool" >/dev/null || { echo "smoke-test: $tool is needed (Debian: apt-get install xvfb xdotool x11-utils imagemagick ffmpeg)" >&2; exit 1; }
done

kept="$repo/target/installer/smoke"
rm -rf "$kept" && mkdir -p "$kept"
work="$(mktemp -d)"
xvfb_pid="" app_pid=""
cleanup() {
  [ -z "$app_pid" ] || { pkill -P "$app_pid" 2>/dev/null; kill "$app_pid" 2>/dev/null; } || true
  [ -z "$xvfb_pid" ] || kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

failures=0
pass() { echo "PASS  $*"; }
fail() { echo "FAIL  $*"; failures=$((failures + 1)); }
skip() { echo "SKIP  $*"; }
figure() { echo "      $*"; }
now() { date +%s%N; }
seconds_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'; }

echo "smoke-test: $deb"
dpkg-deb -x "$deb" "$work/root"
app="$work/root/opt/magi-studio"
launcher="$app/bin/magi-studio"
[ -x "$launcher" ] || { echo "FAIL  the package has no launcher at /opt/magi-studio/bin/magi-studio"; exit 1; }
figure ".deb $(stat -c %s "$deb") bytes; installed $(du -sb "$app" | cut -f1) bytes"

# What is inside
if [ -f "$app/lib/app/ckpt/nano/config.json" ] && ls "$app"/lib/app/ckpt/nano/*.safetensors >/dev/null 2>&1; then
  pass "the built-in model is inside ($(du -sh "$app/lib/app/ckpt/nano" | cut -f1), lib/app/ckpt/nano)"
else
  fail "the built-in model ckpt/nano is not inside the package"
fi
foreign="$(ls "$app/lib/app" | grep -E -- '-(win|windows|mac|macosx|osx)(-[a-z0-9_-]+)?\.jar$|-linux-(arm64|aarch64|armhf|ppc64le)' || true)"
[ -z "$foreign" ] && pass "only linux-x86_64 natives" || fail "natives of other platforms: $foreign"
figure "runtime modules: $("$app/lib/runtime/bin/java" --list-modules | sed 's/@.*//' | paste -sd, -)"
dpkg-deb -f "$deb" Depends | grep -q 'libgtk-3-0' && pass "depends on libgtk-3-0" || fail "the package does not depend on libgtk-3-0"
desktop="$(ls "$app"/lib/*.desktop 2>/dev/null | head -1)"
if [ -z "$desktop" ]; then
  fail "no desktop entry"
else
  [ -x "$work/root$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$desktop")" ] && [ -f "$work/root$(sed -n 's/^Icon=//p' "$desktop")" ] \
    && pass "desktop entry: $(sed -n 's/^Name=//p' "$desktop"), $(sed -n 's/^Exec=//p' "$desktop")" \
    || fail "the desktop entry's Exec or Icon points nowhere: $desktop"
  dpkg-deb -e "$deb" "$work/control"
  grep -q "xdg-desktop-menu install /opt/magi-studio/lib/$(basename "$desktop")" "$work/control/postinst" \
    && grep -q "ln -s /opt/magi-studio/bin/magi-studio /usr/bin/magi-studio" "$work/control/postinst" \
    && pass "postinst adds the menu entry and the magi-studio command" \
    || fail "postinst does not install the desktop entry $(basename "$desktop") or the magi-studio command"
  if grep -q '^MimeType=' "$desktop"; then
    grep -q '^Exec=/opt/magi-studio/lib/magi-studio-open %f$' "$desktop" && [ -x "$app/lib/magi-studio-open" ] \
      && [ -f "$app/lib/magi-studio-project.xml" ] \
      && pass "file association: project.json (MIME type, desktop entry, lib/magi-studio-open)" \
      || fail "the desktop entry names a MIME type but its Exec, lib/magi-studio-open or the type's definition is missing"
  else
    skip "file association: this build's command line has no open command (see installers/README.md)"
  fi
fi

# A clean user: empty home and caches; the app must not need the network.
export HOME="$work/home" XDG_CACHE_HOME="$work/home/.cache" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share"
mkdir -p "$HOME"
offline=()
if unshare -n true 2>/dev/null; then
  offline=(unshare -n)
  pass "runs without network (unshare -n)"
else
  skip "cutting the network (unshare -n is not allowed here): the app runs with network"
fi
touch "$work/before-start"

exec 3>"$work/display"
Xvfb -displayfd 3 -screen 0 1600x1000x24 -nolisten tcp >"$kept/xvfb.log" 2>&1 &
xvfb_pid=$!
exec 3>&-
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
[ -s "$work/display" ] || { echo "FAIL  Xvfb did not start: $(cat "$kept/xvfb.log")"; exit 1; }
export DISPLAY=":$(head -1 "$work/display")"

# Starts the studio; sets window and took (seconds to a visible window), or returns 1 after a minute without one.
start_studio() {
  local log="$1" t0
  window=""
  t0="$(now)"
  "${offline[@]}" "$launcher" >"$log" 2>&1 &
  app_pid=$!
  for _ in $(seq 1200); do
    window="$(xdotool search --onlyvisible --pid "$app_pid" 2>/dev/null | head -1 || true)"
    [ -n "$window" ] && break
    kill -0 "$app_pid" 2>/dev/null || break
    sleep 0.05
  done
  took="$(seconds_since "$t0")"
  [ -n "$window" ]
}
stop_studio() {
  kill "$app_pid" 2>/dev/null || true
  wait "$app_pid" 2>/dev/null || true
  app_pid=""
}

if start_studio "$kept/studio-first.log"; then
  pass "studio window visible ($(xdotool getwindowname "$window"))"
  figure "first start to a visible window (empty caches): $took s"
  sleep 1
  import -window root "$kept/studio.png" && figure "screenshot: $kept/studio.png"
  wm_class="$(xprop -id "$window" WM_CLASS | sed -n 's/.*= "\([^"]*\)".*/\1/p')"
  wanted="$(sed -n 's/^StartupWMClass=//p' "$desktop")"
  [ "$wm_class" = "$wanted" ] && pass "desktop entry StartupWMClass matches the window ($wm_class)" \
    || fail "desktop entry StartupWMClass=$wanted, the window's WM_CLASS is $wm_class: edit installers/linux/magi-studio.desktop"
  stop_studio
  if start_studio "$kept/studio-second.log"; then
    figure "second start to a visible window: $took s"
  else
    fail "the second start showed no window (log: $kept/studio-second.log)"
  fi
  stop_studio
else
  stop_studio
  fail "no studio window within a minute; the log ends with:"
  tail -20 "$kept/studio-first.log"
fi
# A double-click on a project.json: the desktop entry's command with the file's path.
if grep -q '^MimeType=' "$desktop"; then
  mkdir -p "$work/films/Smoke Test"
  echo '{"schemaVersion": 1, "name": "Smoke Test", "shots": []}' >"$work/films/Smoke Test/project.json"
  "${offline[@]}" "$app/lib/magi-studio-open" "$work/films/Smoke Test/project.json" >"$kept/double-click.log" 2>&1 &
  app_pid=$!
  window=""
  for _ in $(seq 1200); do
    window="$(xdotool search --onlyvisible --name '^Smoke Test' 2>/dev/null | head -1 || true)"
    [ -n "$window" ] && break
    kill -0 "$app_pid" 2>/dev/null || break
    sleep 0.05
  done
  [ -n "$window" ] && pass "a double-clicked project.json opens its project ($(xdotool getwindowname "$window"))" \
    || fail "a double-clicked project.json showed no window titled with its project (log: $kept/double-click.log)"
  pkill -P "$app_pid" 2>/dev/null || true
  stop_studio
fi
[ -d "$XDG_CACHE_HOME/magi-studio/javafx" ] && pass "JavaFX natives cached under the user's cache folder" \
  || fail "no JavaFX cache under $XDG_CACHE_HOME/magi-studio"

# The installed command line
if help="$("$launcher" --help 2>&1)"; then
  pass "command line: magi-studio --help"
else
  fail "magi-studio --help failed: $help"
fi
video="$work/one-chunk.mp4"
t0="$(now)"
if "${offline[@]}" "$launcher" generate --prompt "a red circle bouncing on a black background" --chunks 1 \
    --output "$video" >"$kept/generate.log" 2>&1; then
  took="$(seconds_since "$t0")"
  probed="$(ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames,r_frame_rate,codec_name \
    -of csv=p=0 "$video" 2>&1 || true)"
  [ "$probed" = "h264,24/1,24" ] && pass "generate rendered one chunk offline: an H.264 MP4 of 24 frames at 24 fps" \
    || fail "generate wrote an MP4 that ffprobe reads as '${probed:-nothing}' instead of h264,24/1,24 (log: $kept/generate.log)"
  figure "generate --chunks 1, first run (unpacks libtorch): $took s wall; its own report: $(tail -1 "$kept/generate.log")"
  cp "$video" "$kept/"
  [ -d "$XDG_CACHE_HOME/magi-studio/djl" ] && pass "libtorch cached under the user's cache folder" \
    || fail "no DJL cache under $XDG_CACHE_HOME/magi-studio"
else
  fail "generate failed; the log ends with:"
  tail -20 "$kept/generate.log"
fi

figure "the app wrote in the (empty) home folder: $(cd "$HOME" && find . -maxdepth 3 -mindepth 1 -type d | sed 's|^\./||' | sort | paste -sd' ' -)"
written="$(find "$work/root" -newer "$work/before-start" | head -5)"
[ -z "$written" ] && pass "nothing written under the install folder" || fail "written under the install folder: $written"

if [ "$failures" -eq 0 ]; then
  echo "smoke-test: passed"
else
  echo "smoke-test: $failures failed"
  exit 1
fi
