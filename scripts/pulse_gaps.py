"""The longest gaps between JavaFX pulses in a flight recording made with scripts/pulse-phases.jfc, and what filled
them: each pulse's phases over 1 ms (FX thread and renderer), the collector's pauses, the FX thread's lock waits, and
the stack samples of the FX and renderer threads.

    python3 scripts/pulse_gaps.py RECORDING.jfr [HOW_MANY]
"""
import datetime
import json
import os
import shutil
import subprocess
import sys
from collections import defaultdict

EVENTS = "javafx.PulsePhase,jdk.ExecutionSample,jdk.GarbageCollection,jdk.JavaMonitorEnter,jdk.ThreadPark"
UI_THREADS = ("JavaFX Application Thread", "GtkNativeMainLoopThread", "QuantumRenderer-0")


def jfr_tool():
    java = shutil.which("java")
    if java is None:
        sys.exit("pulse_gaps: no java on the PATH (the JDK's jfr tool sits beside it)")
    tool = os.path.join(os.path.dirname(os.path.realpath(java)), "jfr")
    if not os.path.exists(tool):
        sys.exit("pulse_gaps: %s is missing: a JDK (not a JRE) has it" % tool)
    return tool


def when(s):
    return datetime.datetime.fromisoformat(s[:26].rstrip("Z"))


def millis(iso_duration):
    return float(iso_duration[2:-1]) * 1000 if iso_duration.endswith("S") else 0.0


def frames(stack, n=7):
    names = []
    for f in (stack or {}).get("frames") or []:
        cls = f["method"]["type"]["name"].replace("/", ".")
        if cls.startswith(("studio.", "javafx.", "com.sun.")):
            names.append("%s.%s:%s" % (cls.rsplit(".", 1)[-1], f["method"]["name"], f.get("lineNumber")))
    return " < ".join(names[:n])


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = subprocess.run([jfr_tool(), "print", "--json", "--stack-depth", "40", "--events", EVENTS, sys.argv[1]],
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("pulse_gaps: jfr could not read %s: %s" % (sys.argv[1], out.stderr.strip()))
    pulses, notes = defaultdict(list), []
    for e in json.loads(out.stdout)["recording"]["events"]:
        v = e["values"]
        thread = (v.get("sampledThread") or v.get("eventThread") or {}).get("javaName") or ""
        if e["type"] == "javafx.PulsePhase":
            pulses[v["pulseId"]].append((when(v["startTime"]), millis(v["duration"]), v["phaseName"], thread))
        elif e["type"] == "jdk.GarbageCollection":
            notes.append((when(v["startTime"]), "GC %s %.1f ms" % (v["name"], millis(v["duration"]))))
        elif thread in UI_THREADS:
            what = "sample" if e["type"] == "jdk.ExecutionSample" else "%s %.1f ms" % (e["type"][4:], millis(v["duration"]))
            notes.append((when(v["startTime"]), "%s %s: %s" % (what, thread[:8], frames(v.get("stackTrace")))))
    if not pulses:
        sys.exit("pulse_gaps: no javafx.PulsePhase events: record with -XX:StartFlightRecording=...,"
                 "settings=scripts/pulse-phases.jfc")
    starts = sorted((min(p[0] for p in phases), pid) for pid, phases in pulses.items())
    gaps = sorted((((b - a).total_seconds() * 1000, pa, pb) for (a, pa), (b, pb) in zip(starts, starts[1:])),
                  reverse=True)
    for gap, pa, pb in gaps[:int(sys.argv[2]) if len(sys.argv) > 2 else 3]:
        t0 = min(p[0] for p in pulses[pa])
        t1 = min(p[0] for p in pulses[pb])
        print("gap %.1f ms between pulses %s and %s" % (gap, pa, pb))
        for pid in (pa, pb):
            for t, ms, phase, thread in sorted(pulses[pid]):
                if ms > 1:
                    print("  pulse %s +%.1f ms: %s %.1f ms [%s]" % (pid, (t - t0).total_seconds() * 1000, phase, ms, thread))
        for t, note in sorted(notes):
            if t0 <= t <= t1:
                print("  +%.1f ms: %s" % ((t - t0).total_seconds() * 1000, note))


if __name__ == "__main__":
    main()
