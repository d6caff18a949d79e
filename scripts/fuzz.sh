#!/usr/bin/env bash
# ./magi fuzz [--seconds S]: the fuzz properties (every *PropertyTest: the readers of project.json and of safetensors
# checkpoints) for S seconds each (default 30; six properties, three minutes), from random seeds. The test run runs
# each for 200 tries from a fixed seed instead (studio.magi.fuzz.Fuzzing). Prints one line a property: the inputs it
# tried, and what it found, as jqwik shrank it; exit code 1 when it found something. Maven's log: target/fuzz.log.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
seconds=30
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="${2:-}"; shift $(($# > 1 ? 2 : 1)) ;;
    -h|--help) sed -n '2,5p' "$0" | sed 's/^# //'; exit 0 ;;
    *) echo "magi fuzz: unknown argument '$1' (see: ./magi fuzz --help)" >&2; exit 2 ;;
  esac
done
if ! [[ "$seconds" =~ ^[0-9]{1,5}$ ]] || [ "$seconds" -lt 1 ] || [ "$seconds" -gt 86400 ]; then
  echo "magi fuzz: --seconds must be from 1 to 86400, got '$seconds'" >&2
  exit 2
fi
mkdir -p "$root/target"
log="$root/target/fuzz.log"
run() {
  (cd "$root" && mvn -B "$@" test -Dtest='*PropertyTest' -Dfuzz.seconds="$seconds" >"$log" 2>&1)
}
status=0
run -o || status=$?
if [ "$status" -ne 0 ] && ! grep -aq '^fuzz: ' "$log"; then
  status=0
  run || status=$? # offline first, as ./magi builds; online where jqwik is not in the local repository yet
fi
grep -a '^fuzz: ' "$log" || true
if [ "$status" -ne 0 ] && ! grep -aq '^fuzz: .*FAILED' "$log"; then
  echo "magi fuzz: the build failed; the log is $log" >&2
fi
exit "$status"
