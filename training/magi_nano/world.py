"""The playground world in Python: the mirror of the Java `studio.magi.playground` package.

A scene spec (plain JSON) is simulated deterministically at 24 fps and rendered to RGB frames.
The simulation uses only IEEE double arithmetic (+, -, *, /, sqrt, abs) in a fixed order, so the
Java side produces the same states bit for bit; rendering tests pixel centres, so both sides agree
up to ties on an edge. docs/PLAYGROUND.md is the specification both follow.
"""
import copy
import json
import math
import os
import random

import numpy as np

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WORLD_DIR = os.path.join(REPO, "src", "main", "resources", "studio", "magi", "playground")


def _load(name):
    with open(os.path.join(WORLD_DIR, name), encoding="utf-8") as f:
        return json.load(f)


WORLD = _load("world.json")
HELDOUT = _load("heldout-v1.json")
FPS = WORLD["fps"]
CHUNK = WORLD["chunk_frames"]
DT = 1.0 / FPS
GRAVITY = WORLD["physics"]["gravity"]
MOTION_PHRASE = {
    "bouncing": "bouncing",
    "falling": "falling",
    "sliding left": "sliding left",
    "sliding right": "sliding right",
    "rising": "rising",
    "still": "standing still",
}
EVENT_VERB = {
    "still": "stops",
    "sliding left": "slides left",
    "sliding right": "slides right",
    "rising": "rises",
    "falling": "falls",
    "bouncing": "bounces",
}


# ----------------------------------------------------------------------------------------------
# Simulation
# ----------------------------------------------------------------------------------------------
class Body:
    __slots__ = ("shape", "color", "size", "r", "x", "y", "vx", "vy", "motion", "e")

    def __init__(self, o):
        self.shape = o["shape"]
        self.color = o["color"]
        self.size = o["size"]
        self.r = float(o["radius"])
        self.x = float(o["x"])
        self.y = float(o["y"])
        self.vx = float(o["vx"])
        self.vy = float(o["vy"])
        self.motion = o["motion"]
        self.e = float(o.get("restitution", 1.0))

    def label(self):
        """The motion as a caption names it: sliding takes its side from the velocity."""
        if self.motion in ("sliding left", "sliding right"):
            if self.vx < 0:
                return "sliding left"
            if self.vx > 0:
                return "sliding right"
            return "still"
        return self.motion


def _set_motion(b, motion, speed):
    if motion == "still":
        b.vx, b.vy = 0.0, 0.0
    elif motion == "sliding left":
        b.vx, b.vy = -speed, 0.0
    elif motion == "sliding right":
        b.vx, b.vy = speed, 0.0
    elif motion == "rising":
        b.vx, b.vy = 0.0, -speed
    elif motion == "falling":
        b.vx, b.vy = 0.0, 0.0
    elif motion != "bouncing":
        raise ValueError("unknown motion: " + motion)
    b.motion = motion


def _step_body(b, contacts):
    """One frame for one body; appends 'wall'/'floor'/'ceiling' to contacts when it touches one."""
    m = b.motion
    if m == "still":
        return
    if m in ("bouncing", "falling"):
        b.vy = b.vy + GRAVITY * DT
    b.x = b.x + b.vx * DT
    b.y = b.y + b.vy * DT
    r = b.r
    lo, hi = r, 1.0 - r
    if b.x < lo:
        b.x = lo + (lo - b.x)
        b.vx = abs(b.vx)
        contacts.append("wall")
    elif b.x > hi:
        b.x = hi - (b.x - hi)
        b.vx = -abs(b.vx)
        contacts.append("wall")
    if b.y < lo:
        contacts.append("ceiling")
        if m == "rising":
            b.y, b.vx, b.vy, b.motion = lo, 0.0, 0.0, "still"
        else:
            b.y = lo + (lo - b.y)
            b.vy = abs(b.vy)
    elif b.y > hi:
        contacts.append("floor")
        if m == "falling":
            b.y, b.vx, b.vy, b.motion = hi, 0.0, 0.0, "still"
        elif m == "bouncing":
            b.y = hi - (b.y - hi) * b.e
            b.vy = -abs(b.vy) * b.e
        else:
            b.y = hi - (b.y - hi)
            b.vy = -abs(b.vy)


def _collide(a, b, e, contacts_a, contacts_b):
    """Appends 'collision' to both objects' contacts when they exchange an impulse."""
    dx = b.x - a.x
    dy = b.y - a.y
    dist = math.sqrt(dx * dx + dy * dy)
    reach = a.r + b.r
    if dist >= reach:
        return
    if dist > 0.0:
        nx, ny = dx / dist, dy / dist
    else:
        nx, ny = 1.0, 0.0
    ma, mb = a.r * a.r, b.r * b.r
    ia, ib = 1.0 / ma, 1.0 / mb
    overlap = reach - dist
    a.x = a.x - nx * overlap * (ia / (ia + ib))
    a.y = a.y - ny * overlap * (ia / (ia + ib))
    b.x = b.x + nx * overlap * (ib / (ia + ib))
    b.y = b.y + ny * overlap * (ib / (ia + ib))
    vn = (b.vx - a.vx) * nx + (b.vy - a.vy) * ny
    if vn >= 0.0:
        return
    j = -(1.0 + e) * vn / (ia + ib)
    a.vx = a.vx - j * nx * ia
    a.vy = a.vy - j * ny * ia
    b.vx = b.vx + j * nx * ib
    b.vy = b.vy + j * ny * ib
    for o in (a, b):
        if o.motion == "still":
            o.motion = "sliding right" if o.vx >= 0.0 else "sliding left"
    contacts_a.append("collision")
    contacts_b.append("collision")


def _apply_event(state, ev):
    kind = ev["type"]
    if kind == "background":
        state["background"] = ev["background"]
    elif kind == "color":
        state["bodies"][ev["object"]].color = ev["color"]
    elif kind == "motion":
        _set_motion(state["bodies"][ev["object"]], ev["motion"], float(ev.get("speed", 0.0)))
    else:
        raise ValueError("unknown event type: " + kind)


def simulate(spec):
    """Returns per frame: background name and a list of (shape, color, r, x, y) per object; plus per
    chunk the start-of-chunk labels and the contacts seen during the chunk."""
    bodies = [Body(o) for o in spec["objects"]]
    state = {"background": spec["background"], "bodies": bodies}
    e_coll = float(spec.get("collision_restitution", 1.0))
    events = {}
    for ev in spec.get("events", []):
        events.setdefault(int(ev["chunk"]), []).append(ev)
    frames, chunks = [], []
    n = int(spec["chunks"]) * CHUNK
    contacts = []
    for f in range(n):
        if f % CHUNK == 0:
            k = f // CHUNK
            for ev in events.get(k, []):
                _apply_event(state, ev)
            contacts = []
            chunks.append({
                "background": state["background"],
                "objects": [(b.shape, b.color, b.label()) for b in bodies],
                "modes": [b.motion for b in bodies],
                "contacts": contacts,
            })
        frames.append((state["background"], [(b.shape, b.color, b.r, b.x, b.y) for b in bodies]))
        per = [[] for _ in bodies]
        for i, b in enumerate(bodies):
            _step_body(b, per[i])
        for i in range(len(bodies)):
            for j in range(i + 1, len(bodies)):
                _collide(bodies[i], bodies[j], e_coll, per[i], per[j])
        contacts.extend(c for p in per for c in p)
        for i, b in enumerate(bodies):
            chunks[-1].setdefault("end_modes", [None] * len(bodies))
            chunks[-1]["end_modes"][i] = b.motion
        chunks[-1].setdefault("per_object_contacts", [set() for _ in bodies])
        for i, p in enumerate(per):
            chunks[-1]["per_object_contacts"][i].update(p)
    return frames, chunks


# ----------------------------------------------------------------------------------------------
# Rendering
# ----------------------------------------------------------------------------------------------
def _inside(shape, px, py, r, x, y):
    dx = px - x
    dy = py - y
    if shape == "circle":
        return dx * dx + dy * dy <= r * r
    if shape == "square":
        return (np.abs(dx) <= r) & (np.abs(dy) <= r)
    if shape == "triangle":
        d = py - (y - r)
        return (d >= 0.0) & (py <= y + r) & (2.0 * np.abs(dx) <= d)
    raise ValueError("unknown shape: " + shape)


def render_frames(frames, width=64, height=64, palette=None):
    """frames from simulate() -> uint8 array [N, H, W, 3]. A pixel belongs to a shape when its
    centre ((j + 0.5) / W, (i + 0.5) / H) is inside; later objects cover earlier ones. `palette` (name -> RGB)
    overrides colours and backgrounds by name."""
    colors = {**WORLD["colors"], **WORLD["backgrounds"], **(palette or {})}
    px = ((np.arange(width, dtype=np.float64) + 0.5) / width)[None, :]
    py = ((np.arange(height, dtype=np.float64) + 0.5) / height)[:, None]
    out = np.empty((len(frames), height, width, 3), dtype=np.uint8)
    for n, (bg, objs) in enumerate(frames):
        img = out[n]
        img[:] = colors[bg]
        for shape, color, r, x, y in objs:
            img[_inside(shape, px, py, r, x, y)] = colors[color]
    return out


def object_masks(frames, width, height):
    """Boolean [N, H, W]: pixels covered by any object (for loss weighting)."""
    px = ((np.arange(width, dtype=np.float64) + 0.5) / width)[None, :]
    py = ((np.arange(height, dtype=np.float64) + 0.5) / height)[:, None]
    out = np.zeros((len(frames), height, width), dtype=bool)
    for n, (_, objs) in enumerate(frames):
        for shape, _, r, x, y in objs:
            out[n] |= _inside(shape, px, py, r, x, y)
    return out


def render(spec, width=64, height=64):
    frames, _ = simulate(spec)
    return render_frames(frames, width, height)


# ----------------------------------------------------------------------------------------------
# Captions
# ----------------------------------------------------------------------------------------------
def _noun(o, with_size, unnamed=()):
    words = ([o["size"]] if with_size else []) + ([] if o["color"] in unnamed else [o["color"]]) + [o["shape"]]
    return " ".join(words)


def state_caption(background, objects, with_size=True, unnamed=()):
    """objects: list of dicts with shape, color, size, label. Colours in `unnamed` are left out of the words."""
    parts = []
    same_motion = len(objects) > 1 and len({o["label"] for o in objects}) == 1
    for i, o in enumerate(objects):
        s = "a " + _noun(o, with_size, unnamed)
        if not same_motion:
            s += " " + MOTION_PHRASE[o["label"]]
        parts.append(s)
    text = " and ".join(parts)
    if same_motion:
        text += " " + MOTION_PHRASE[objects[0]["label"]]
    return text + " on a %s background" % background


def event_caption(ev, objects_before, n_objects, unnamed=()):
    if ev["type"] == "background":
        return "the background turns " + ev["background"]
    o = objects_before[ev["object"]]
    who = o["shape"] if n_objects == 1 or o["color"] in unnamed else "%s %s" % (o["color"], o["shape"])
    if ev["type"] == "color":
        return "the %s turns %s" % (who, ev["color"])
    return "the %s %s" % (who, EVENT_VERB[ev["motion"]])


def captions(spec, with_size=True, chunks_info=None, unnamed=()):
    """The per-chunk prompts: a chunk with an event gets the event's phrase, the others describe
    the state at the chunk's start. Colours in `unnamed` are drawn but not named."""
    if chunks_info is None:
        _, chunks_info = simulate(spec)
    events = {int(ev["chunk"]): ev for ev in spec.get("events", [])}
    sizes = [o["size"] for o in spec["objects"]]
    out = []
    prev = None
    for k, c in enumerate(chunks_info):
        objs = [{"shape": s, "color": col, "label": lab, "size": sizes[i]} for i, (s, col, lab) in enumerate(c["objects"])]
        if k in events and prev is not None:
            out.append(event_caption(events[k], prev, len(objs), unnamed))
        else:
            out.append(state_caption(c["background"], objs, with_size, unnamed))
        prev = objs
    return out


# ----------------------------------------------------------------------------------------------
# Held-out split
# ----------------------------------------------------------------------------------------------
HELD_TRIPLES = {tuple(t) for t in HELDOUT["color_shape_motion"]}
HELD_PAIRS = {tuple(p) for p in HELDOUT["background_color"]}


def heldout_hits(chunks_info):
    """How many held-out combinations the clip shows, and whether chunk 0 shows one."""
    hits, first = 0, False
    for k, c in enumerate(chunks_info):
        for shape, color, label in c["objects"]:
            h = (color, shape, label) in HELD_TRIPLES or (c["background"], color) in HELD_PAIRS
            hits += h
            first = first or (h and k == 0)
    return hits, first


# ----------------------------------------------------------------------------------------------
# Scene sampling (training data; the Java side has its own sampler for evaluation scenes)
# ----------------------------------------------------------------------------------------------
def _clean_chunk(chunk):
    """A chunk is clean when every object keeps its motion throughout and sliding/rising/falling
    objects touch nothing (so the chunk's caption holds for all of its frames)."""
    for i, mode in enumerate(chunk["modes"]):
        if chunk["end_modes"][i] != mode:
            return False
        if mode in ("sliding left", "sliding right", "rising", "falling") and chunk["per_object_contacts"][i]:
            return False
    return True


def _place(rng, motion, r, phys):
    """Initial position and velocity that keep `motion` clean for at least one second."""
    g = GRAVITY
    lo, hi = r, 1.0 - r
    if motion == "still":
        return rng.uniform(lo, hi), rng.uniform(lo, hi), 0.0, 0.0
    if motion in ("sliding left", "sliding right"):
        s = rng.uniform(*phys["slide_speed"])
        if motion == "sliding right":
            return rng.uniform(lo, hi - s - 0.02), rng.uniform(lo, hi), s, 0.0
        return rng.uniform(lo + s + 0.02, hi), rng.uniform(lo, hi), -s, 0.0
    if motion == "rising":
        s = rng.uniform(*phys["rise_speed"])
        return rng.uniform(lo, hi), rng.uniform(lo + s + 0.02, hi), 0.0, -s
    if motion == "falling":
        return rng.uniform(lo, hi), rng.uniform(lo, hi - 0.5 * g - 0.02), 0.0, 0.0
    vx = rng.uniform(*phys["bounce_vx"]) * rng.choice((-1.0, 1.0))
    return rng.uniform(lo, hi), rng.uniform(lo, 0.6), vx, rng.uniform(*phys["bounce_vy"])


def _room_motions(b):
    """Motions an event may switch a body to at its current place and stay clean for a second."""
    g = GRAVITY
    out = ["still", "bouncing"]
    if b.x + b.r + 0.36 < 1.0:
        out.append("sliding right")
    if b.x - b.r - 0.36 > 0.0:
        out.append("sliding left")
    if b.y - b.r - 0.31 > 0.0:
        out.append("rising")
    if b.y + b.r + 0.5 * g + 0.02 < 1.0:
        out.append("falling")
    return out


def sample_spec(rng, chunks, split="train", two_object_p=0.2, event_p=0.35, max_tries=200, objects=None):
    """A random scene whose chunks are all clean, respecting the held-out split.

    Two objects collide and leave the frame more often, so far fewer two-object scenes come out clean than
    two_object_p asks for; objects=1 or 2 fixes the count instead (and retries at that count)."""
    phys = WORLD["physics"]
    colors = list(WORLD["colors"])
    for _ in range(max_tries):
        bg = rng.choice(list(WORLD["backgrounds"]))
        n = objects or (2 if rng.random() < two_object_p else 1)
        objs = []
        used = set()
        for i in range(n):
            color = rng.choice([c for c in colors if c not in used])
            used.add(color)
            size = rng.choice(list(WORLD["sizes"]))
            r = WORLD["sizes"][size]
            if n == 1:
                motion = rng.choice(WORLD["motions"])
            else:
                motion = rng.choice(["bouncing", "sliding left", "sliding right", "still"])
            x, y, vx, vy = _place(rng, motion, r, phys)
            objs.append({"shape": rng.choice(WORLD["shapes"]), "color": color, "size": size, "radius": r,
                         "x": x, "y": y, "vx": vx, "vy": vy, "motion": motion,
                         "restitution": rng.uniform(*phys["restitution"])})
        # Overlapping objects would be pushed apart by the first step: a jump in frame 1.
        if any(math.hypot(a["x"] - b["x"], a["y"] - b["y"]) < a["radius"] + b["radius"]
               for i, a in enumerate(objs) for b in objs[i + 1:]):
            continue
        spec = {"version": 1, "chunks": chunks, "background": bg, "objects": objs,
                "collision_restitution": 1.0, "events": []}
        # Decide events chunk by chunk from the simulated state at each boundary.
        ok = True
        for k in range(1, chunks):
            probe = copy.deepcopy(spec)
            probe["chunks"] = k + 1
            _, info = simulate(probe)
            state_bodies = _bodies_at(probe, k)
            want_event = rng.random() < event_p
            if not want_event and _clean_chunk(info[k]):
                continue
            culprit = None if want_event else _unclean_object(info[k])
            ev = _random_event(rng, state_bodies, info[k], k, phys, culprit)
            if ev is None:
                ok = False
                break
            spec["events"].append(ev)
        if not ok:
            continue
        _, info = simulate(spec)
        if not all(_clean_chunk(c) for c in info):
            continue
        hits, first = heldout_hits(info)
        if split == "train" and hits:
            continue
        if split == "heldout" and not first:
            continue
        spec["captions"] = captions(spec, chunks_info=info)
        return spec
    raise RuntimeError("could not sample a clean %s scene in %d tries" % (split, max_tries))


def _bodies_at(spec, k):
    """Bodies as they stand at the start of chunk k, before that chunk's events."""
    bodies = [Body(o) for o in spec["objects"]]
    state = {"background": spec["background"], "bodies": bodies}
    e_coll = float(spec.get("collision_restitution", 1.0))
    events = {}
    for ev in spec.get("events", []):
        events.setdefault(int(ev["chunk"]), []).append(ev)
    for f in range(k * CHUNK):
        if f % CHUNK == 0:
            for ev in events.get(f // CHUNK, []):
                _apply_event(state, ev)
        for b in bodies:
            _step_body(b, [])
        for i in range(len(bodies)):
            for j in range(i + 1, len(bodies)):
                _collide(bodies[i], bodies[j], e_coll, [], [])
    return bodies


def _unclean_object(chunk):
    for i, mode in enumerate(chunk["modes"]):
        if chunk["end_modes"][i] != mode or (
                mode in ("sliding left", "sliding right", "rising", "falling") and chunk["per_object_contacts"][i]):
            return i
    return 0


def _random_event(rng, bodies, chunk_info, k, phys, culprit):
    """An event at the start of chunk k; with a culprit, a motion change for that object."""
    kind = "motion" if culprit is not None else rng.choice(["color", "color", "motion", "motion", "background"])
    if kind == "background":
        bg_now = chunk_info["background"]
        return {"chunk": k, "type": "background",
                "background": rng.choice([b for b in WORLD["backgrounds"] if b != bg_now])}
    i = culprit if culprit is not None else rng.randrange(len(bodies))
    b = bodies[i]
    if kind == "color":
        others = {bb.color for bb in bodies}
        return {"chunk": k, "type": "color", "object": i,
                "color": rng.choice([c for c in WORLD["colors"] if c not in others])}
    choices = [m for m in _room_motions(b) if m != b.label()]
    if len(bodies) > 1:
        choices = [m for m in choices if m in ("bouncing", "sliding left", "sliding right", "still")]
    if not choices:
        return None
    motion = rng.choice(choices)
    speed = 0.0
    if motion.startswith("sliding"):
        speed = rng.uniform(*phys["slide_speed"])
    elif motion == "rising":
        speed = rng.uniform(*phys["rise_speed"])
    return {"chunk": k, "type": "motion", "object": i, "motion": motion, "speed": speed}


if __name__ == "__main__":
    rng = random.Random(0)
    s = sample_spec(rng, 4)
    print(json.dumps(s, indent=1))
    fr = render(s, 32, 32)
    print(fr.shape, fr.dtype)
