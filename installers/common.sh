# Steps shared by the installer builds (sourced by build-linux.sh, build-macos.sh, build-windows.sh):
# the Maven build, the built-in model, the app's jars for one platform, the launcher, and the jlink runtime.
# Everything is written under target/installer/, which `mvn clean` removes.

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
installers="$repo/installers"
out="$repo/target/installer"
app_name="magi-studio"
main_class="studio.magi.installed.InstalledApp"
# Found by service lookup or reflection, so jdeps cannot see them: the ZIP file system (ControlsFX reads its
# translations through it).
extra_modules="jdk.zipfs"

build_started=$(date +%s)
say() { echo "installers: [$(($(date +%s) - build_started)) s] $*" >&2; }
fail() { echo "installers: $*" >&2; exit 1; }

require_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || fail "$tool is needed to build the installers and was not found on the PATH (a JDK 17+ brings java, javac, jar, jdeps, jlink and jpackage)"
  done
  local major
  major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  [ "${major%%.*}" -ge 17 ] 2>/dev/null || fail "Java 17 or newer is needed (found: ${major:-unknown})"
}

# The built-in model: ckpt/nano of the repository, or the folder MAGI_MODEL_DIR names (for trying the build with
# another checkpoint). An installer without it could not render, so the build stops.
builtin_model() {
  local dir="${MAGI_MODEL_DIR:-$repo/ckpt/nano}"
  local why=""
  if [ ! -d "$dir" ]; then
    why="the folder $dir does not exist"
  elif [ ! -f "$dir/config.json" ]; then
    why="$dir has no config.json"
  elif [ -z "$(find "$dir" -maxdepth 1 -name '*.safetensors' -print -quit)" ]; then
    why="$dir has no .safetensors weights"
  fi
  [ -z "$why" ] || fail "the built-in model ckpt/nano is missing: $why. Train and export it (see training/), or set MAGI_MODEL_DIR to a model folder (config.json + *.safetensors)."
  (cd "$dir" && pwd)
}

# mvn package (tests are ./run-tests' job), offline first as ./magi does; writes the runtime classpath, one jar a line.
build_app() {
  local profiles="${1:-}"
  mkdir -p "$out"
  local log="$out/maven.log"
  local args=(-B -DskipTests ${profiles:+-P "$profiles"} package dependency:build-classpath
    -DincludeScope=runtime "-Dmdep.outputFile=$out/classpath.txt" "-Dmdep.pathSeparator=|" "-Dmdep.fileSeparator=/")
  say "building the app with Maven (log: $log)"
  if ! (cd "$repo" && { mvn -o "${args[@]}" >"$log" 2>&1 || mvn "${args[@]}" >"$log" 2>&1; }); then
    grep -E "ERROR|BUILD FAILURE" "$log" | head -40 >&2
    fail "the Maven build failed; the whole log is in $log"
  fi
  { tr '|' '\n' <"$out/classpath.txt"; echo; } | sed '/^$/d' >"$out/runtime-jars.txt"
  app_version="$(sed -n 's/^version=//p' "$repo/target/maven-archiver/pom.properties")"
  app_jar="$repo/target/magi-studio-$app_version.jar"
  [ -f "$app_jar" ] || fail "the Maven build did not make $app_jar"
}

# True when a jar holds natives of another platform than the one whose classifiers match $2 (an extended regex).
foreign_natives() {
  local name="$1" ours="$2"
  if [[ $name =~ -(linux|linux-[a-z0-9_-]+|win|win-[a-z0-9_-]+|windows-[a-z0-9_-]+|mac|mac-[a-z0-9_-]+|macosx-[a-z0-9_-]+|osx-[a-z0-9_-]+)\.jar$ ]]; then
    [[ ! ${BASH_REMATCH[1]} =~ ^($ours)$ ]]
  else
    return 1
  fi
}

# The folder jpackage packs as the app ($APPDIR): the app's jar and its runtime jars with only this platform's
# natives, the launcher, and the model under ckpt/nano (of its test fixtures only the VAE's, which the engine's
# load-time self-check decodes).
stage_app() {
  local ours="$1" model="$2"
  local input="$out/input"
  say "app folder with this platform's jars, the launcher and the model"
  rm -rf "$input" && mkdir -p "$input/ckpt"
  cp "$app_jar" "$input/"
  local jar dropped=()
  while IFS= read -r jar; do
    if foreign_natives "$(basename "$jar")" "$ours"; then
      dropped+=("$(basename "$jar")")
    else
      cp "$jar" "$input/"
    fi
  done <"$out/runtime-jars.txt"
  [ ${#dropped[@]} -eq 0 ] || say "left out other platforms' natives: ${dropped[*]}"

  local classes="$out/launcher-classes"
  rm -rf "$classes" && mkdir -p "$classes"
  javac --release 17 -d "$classes" -cp "$repo/target/classes" \
    "$installers/launcher/studio/magi/installed/InstalledApp.java"
  jar --create --file "$input/magi-studio-launcher.jar" -C "$classes" .

  cp -R "$model" "$input/ckpt/nano"
  find "$input/ckpt/nano/fixtures" -type f ! -name index.json ! -name vae.safetensors -delete
}

# The Java modules the app needs: what jdeps finds in every class of the app and its jars (not only the classes
# reachable from main: libraries load much by reflection and service lookup), plus extra_modules. The jars are
# unpacked first because jdeps refuses modular jars whose requirements are not all present.
runtime_modules() {
  local classes="$out/jdeps-classes" jar
  say "finding the modules with jdeps"
  rm -rf "$classes" && mkdir -p "$classes"
  for jar in "$out/input"/*.jar; do
    if jar --list --file "$jar" | grep -q '\.class$'; then
      (cd "$classes" && jar --extract --file "$jar")
    fi
  done
  find "$classes" -name module-info.class -delete
  local found
  found="$(jdeps --ignore-missing-deps --print-module-deps -q "$classes" | tail -1)"
  rm -rf "$classes"
  [ -n "$found" ] || fail "jdeps found no modules in $out/input"
  echo "$found,$extra_modules"
}

make_runtime() {
  local modules="$1"
  rm -rf "$out/runtime"
  say "jlink runtime with $modules"
  jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
    --generate-cds-archive --output "$out/runtime"
  # The second CDS archive serves only heaps over 32 GB; such a JVM starts without CDS instead.
  find "$out/runtime" -name classes_nocoops.jsa -delete
}

# Options of the app's launcher: the model inside the app, DJL offline without tracking. The caches are set by
# InstalledApp, since a launcher option cannot name the user's folders.
java_options=(--java-options '-Dmagi.home=$APPDIR' --java-options -Dai.djl.offline=true --java-options -DOPT_OUT_TRACKING=true)

human_size() { du -sh "$1" | cut -f1; }
