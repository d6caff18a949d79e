#!/usr/bin/env bash
# Makes sure what a command needs is installed: scripts/prerequisites.sh studio|tests
# The packages and how each is checked are in prerequisites.txt; "tests" needs the studio's too. What is missing is
# installed with apt-get, named in one line, as root or with sudo where it asks no password; otherwise the command
# that installs it is printed and the exit code is 2. Silent when nothing is missing.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
case "${1:-}" in
  studio) needs=" studio " who="./magi" ;;
  tests) needs=" studio tests " who="./run-tests" ;;
  *) echo "usage: scripts/prerequisites.sh studio|tests" >&2; exit 2 ;;
esac

# The major version `java -version` or `javac -version` reports ("1" for Java 8), 0 without the command.
major() {
  command -v "$1" >/dev/null || { echo 0; return; }
  "$1" -version 2>&1 | sed -n -E 's/^(.* version "|javac )([0-9]+).*/\2/p' | head -n 1 | grep . || echo 0
}

present() { # package check [argument]
  case "$2" in
    java) [ "$(major java)" -ge 17 ] && [ "$(major javac)" -ge 17 ] ;;
    command) command -v "$3" >/dev/null ;;
    # /usr/bin/python3, not the PATH's python3: that may be another interpreter without the system's packages.
    python) /usr/bin/python3 -c "import $3" >/dev/null 2>&1 ;;
    # Without dpkg the system is not Debian: its libraries go by other names, and are left to it.
    dpkg) ! command -v dpkg-query >/dev/null \
      || [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ] ;;
    *) echo "prerequisites.txt: unknown check '$2' for $1" >&2; exit 2 ;;
  esac
}

missing_packages() {
  local need package check argument
  while read -r need package check argument; do
    case "$need" in ''|'#'*) continue ;; esac
    case "$needs" in *" $need "*) present "$package" "$check" "$argument" || printf '%s ' "$package" ;; esac
  done <"$root/prerequisites.txt"
}

missing="$(missing_packages)"
[ -n "$missing" ] || exit 0
missing="${missing% }"
if ! command -v apt-get >/dev/null; then
  echo "$who needs these Debian packages or their equivalents on this system: $missing" >&2
  exit 2
fi
if [ "$(id -u)" = 0 ]; then
  sudo=""
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo="sudo"
else
  echo "$who needs $missing; run: sudo apt-get install -y $missing" >&2
  exit 2
fi

echo "$who: installing $missing (apt-get)" >&2
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
apt() { $sudo env DEBIAN_FRONTEND=noninteractive apt-get -y -q "$@" >>"$log" 2>&1; }
# $missing is a list of words on purpose. A fresh system has no package lists and an old one stale ones: read them
# again when the install fails.
# shellcheck disable=SC2086
if ! apt install $missing && ! { apt update && apt install $missing; }; then
  grep '^E:' "$log" | tail -n 3 >&2
  echo "$who: apt-get could not install them; run: sudo apt-get update && sudo apt-get install -y $missing" >&2
  exit 2
fi
missing="$(missing_packages)"
if [ -n "$missing" ]; then
  echo "$who: installed, but still not found: ${missing% } (for Java: is java 17 or newer first on the PATH?)" >&2
  exit 2
fi
