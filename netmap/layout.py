"""Deterministic eco-map positions: the person at the centre, rings by tie, wedges by sector.

The geometry is computed once for a whole situation, over the union of the nodes of all
its assessments (and any what-if), so that an actor keeps its angle from one assessment
to the next and a change reads as a change on the map:

- **rings**: the distance from the person says how close the tie is (Hartman's
  eco-map): ``strong`` on the inner ring, ``normal`` in the middle, ``tenuous`` outside.
  A ``conflict`` tie sits on the *normal* ring: a conflict is a live, present
  relationship, not a distant one, and putting it on the outer ring would say "far"
  when the truth is "fraught"; the conflict itself is drawn on the line.
  Uncovered needs ("ghosts") sit on a fourth, outermost ring.
- **wedges**: one wedge per sector, actors of a sector together; the informal
  network (family, friends) is always centred on the left, the formal sectors fill the
  rest in the taxonomy's order, each wedge as wide as its busiest kind of node.
- **scale**: labels keep a fixed font size, so the rings are spread (smallest scale
  found by bisection) until no label box or node overlaps another in any
  configuration. With more than 12 nodes, every other slot is shifted a little in or out
  of its ring so that neighbours' labels are staggered.

Nothing depends on dict or set order or on randomness: slots are sorted by sector order
then id. Coordinates are in pixels, centre (0, 0), y pointing down (screen, SVG).

Examples
--------
>>> a = NodeSpec("a", "informal", True, RING["strong"], ("Mère",))
>>> b = NodeSpec("b", "cpas", False, RING["normal"], ("CPAS",))
>>> lay = compute_layout([[a, b]])
>>> x, y = lay.xy(a)
>>> x < 0   # the informal network is on the left
True
>>> lay.xy(b)[0] > 0
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .model import Actor, Situation

__all__ = [
    "FONT_SIZE",
    "GHOST_RING",
    "PERSON_KEY",
    "RING",
    "Box",
    "EcoLayout",
    "NodeSpec",
    "actor_spec",
    "boxes_overlap",
    "compute_layout",
    "label_box",
    "label_top",
    "overlaps",
    "text_width",
    "wrap_label",
]

PERSON_KEY = "person"
# equally spaced, the inner ring away from the person so that its arc has room for labels
RING: Mapping[str, float] = {"strong": 1.4, "normal": 2.2, "conflict": 2.2, "tenuous": 3.0}
GHOST_RING = 3.8
FONT_SIZE = 12.0
LINE_HEIGHT = 1.25  # in font sizes
CHAR_WIDTH = 0.6  # average advance of a sans-serif character, in font sizes (generous for capitals)
ACTOR_SIZE = 13.0  # node half-size in px
GHOST_SIZE = 14.0
PERSON_SIZE = 22.0
BADGE_MARGIN = 12.0  # badges (warning, CM, referent) stick out of the node by this much
LABEL_GAP = 3.0 + 9.5  # px between a node and its label: room for the thickest exhaustion ring
WEDGE_GAP = 0.6  # empty slots between two sector wedges
STAGGER = 0.22  # ring units in and out of the ring, when there are many nodes
STAGGER_TRACKS = 3  # neighbours go in, on, out of the ring in turn
STAGGER_FROM = 13  # actors in the union
_MIN_SCALE = 60.0
_MAX_SCALE = 4000.0


@dataclass(frozen=True, slots=True)
class NodeSpec:
    """One node to place: an actor or a ghost need (not the person, always at the centre).

    ``key`` is unique across the situation (actor id, or ``need:<id>`` for a ghost);
    ``ring`` a radius in ring units (see :data:`RING`, :data:`GHOST_RING`); ``label`` the
    wrapped label lines; ``size`` the node's half-size in pixels.
    """

    key: str
    sector: str
    informal: bool
    ring: float
    label: tuple[str, ...]
    size: float = ACTOR_SIZE
    ghost: bool = False


@dataclass(frozen=True, slots=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def shifted(self, dx: float, dy: float) -> Box:
        return Box(self.x0 + dx, self.y0 + dy, self.x1 + dx, self.y1 + dy)


@dataclass(frozen=True)
class EcoLayout:
    """Angles and scale of a situation's eco-map; positions of any node spec follow from them."""

    angles: Mapping[str, float]  # radians, 0 = right, pi/2 = top
    stagger: Mapping[str, float]  # ring units added to the ring
    scale: float  # px per ring unit
    font_size: float
    person_label: tuple[str, ...] = ()
    wedges: Mapping[str, tuple[float, float]] = field(default_factory=dict)  # sector -> (start, end) radians

    def radius(self, spec: NodeSpec) -> float:
        return (spec.ring + self.stagger.get(spec.key, 0.0)) * self.scale

    def xy(self, spec: NodeSpec) -> tuple[float, float]:
        """Pixel position of a node (centre at 0, 0; y down)."""
        r = self.radius(spec)
        th = self.angles[spec.key]
        return (round(r * math.cos(th), 2), round(-r * math.sin(th), 2))

    def label_box(self, spec: NodeSpec) -> Box:
        x, y = self.xy(spec)
        return label_box(x, y, spec.size, spec.label, self.font_size)

    def node_box(self, spec: NodeSpec) -> Box:
        x, y = self.xy(spec)
        m = spec.size + BADGE_MARGIN
        return Box(x - m, y - m, x + m, y + m)

    def person_boxes(self) -> list[Box]:
        m = PERSON_SIZE
        return [Box(-m, -m, m, m), label_box(0.0, 0.0, PERSON_SIZE, self.person_label, self.font_size + 2)]

    def extent(self, specs: Iterable[NodeSpec]) -> Box:
        """The bounding box of everything drawn for these nodes and the person."""
        boxes = self.person_boxes()
        for s in specs:
            boxes.append(self.node_box(s))
            boxes.append(self.label_box(s))
        return Box(min(b.x0 for b in boxes), min(b.y0 for b in boxes),
                   max(b.x1 for b in boxes), max(b.y1 for b in boxes))


def text_width(text: str, font_size: float = FONT_SIZE) -> float:
    """Estimated width in pixels of one line of text (generous, so that boxes never under-estimate)."""
    return len(text) * CHAR_WIDTH * font_size


def wrap_label(text: str, width: int = 20, max_lines: int = 2) -> tuple[str, ...]:
    """Split a label into at most ``max_lines`` lines of at most ``width`` characters, at spaces.

    A word longer than a line is cut; text beyond the last line ends with an ellipsis.

    >>> wrap_label("École (enseignement spécialisé)")
    ('École (enseignement', 'spécialisé)')
    >>> wrap_label("Centre public d'action sociale de Schaerbeek", 16)
    ('Centre public', "d'action social…")
    >>> wrap_label("Mère")
    ('Mère',)
    """
    words = " ".join(str(text).split()).split(" ")
    lines: list[str] = []
    cur = ""
    for w in words:
        while len(w) > width:
            if cur:
                lines.append(cur)
                cur = ""
            lines.append(w[:width])
            w = w[width:]
        if not cur:
            cur = w
        elif len(cur) + 1 + len(w) <= width:
            cur = f"{cur} {w}"
        else:
            lines.append(cur)
            cur = w
    if cur:
        lines.append(cur)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        lines = lines[: max_lines - 1] + [(last[: width - 1] if len(last) >= width else last) + "…"]
    return tuple(lines) or ("",)


def label_top(y: float, size: float) -> float:
    """The top of the label of a node of half-size ``size`` centred at height ``y``."""
    return y + size + LABEL_GAP


def label_box(x: float, y: float, size: float, lines: Sequence[str], font_size: float = FONT_SIZE) -> Box:
    """The box of a label centred under a node of half-size ``size`` at (x, y)."""
    w = max((text_width(t, font_size) for t in lines), default=0.0)
    top = label_top(y, size)
    return Box(x - w / 2, top, x + w / 2, top + len(lines) * LINE_HEIGHT * font_size)


def boxes_overlap(a: Box, b: Box) -> bool:
    """True when two boxes share some area (touching edges do not overlap)."""
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def overlaps(boxes: Sequence[tuple[str, Box]]) -> list[tuple[str, str]]:
    """Pairs of names whose boxes overlap (boxes sharing a name are one node's and may touch)."""
    items = sorted(boxes, key=lambda nb: nb[1].x0)
    found: list[tuple[str, str]] = []
    for i, (na, a) in enumerate(items):
        for nb, b in items[i + 1:]:
            if b.x0 >= a.x1:
                break
            if na != nb and boxes_overlap(a, b):
                found.append((na, nb) if na < nb else (nb, na))
    return sorted(found)


def actor_spec(actor: Actor, *, label_width: int = 16) -> NodeSpec:
    """The node spec of an actor: ring from its tie to the person, label wrapped."""
    return NodeSpec(
        key=actor.id,
        sector=actor.sector,
        informal=not actor.formal,
        ring=RING.get(actor.tie_to_person, RING["normal"]),
        label=wrap_label(actor.label, label_width, 3),
    )


def situation_configurations(situation: Situation) -> list[list[NodeSpec]]:
    """The actors of each assessment as node specs (ghost needs are added by the caller)."""
    return [[actor_spec(a) for a in asmt.actors] for asmt in situation.assessments]


def _sector_rank(sector_order: Sequence[str]) -> dict[str, int]:
    return {s: i for i, s in enumerate(sector_order)}


def _angles(union: Sequence[NodeSpec], sector_order: Sequence[str]) -> tuple[dict[str, float], dict[str, tuple[float, float]]]:
    """Angle of every key: informal wedge centred on the left, formal wedges after it.

    A node's share of angle is the inverse of its ring (the innermost it is drawn on):
    a node near the person has a shorter arc for its label, so it gets a wider angle.
    Actors and ghosts (on their own, outer ring) share a wedge side by side.
    """
    rank = _sector_rank(sector_order)
    by_sector: dict[str, tuple[list[NodeSpec], list[NodeSpec]]] = {}
    informal_sectors: set[str] = set()
    for s in union:
        nodes, ghosts = by_sector.setdefault(s.sector, ([], []))
        (ghosts if s.ghost else nodes).append(s)
        if s.informal and not s.ghost:
            informal_sectors.add(s.sector)
    # informal sector(s) first (centred left), then formal sectors in taxonomy order, unknown by code
    order = sorted(by_sector, key=lambda sec: (sec not in informal_sectors, rank.get(sec, len(rank)), sec))

    def share(s: NodeSpec) -> float:
        return 1.0 / max(s.ring, 1.0)

    weights = {sec: max(sum(map(share, by_sector[sec][0])), sum(map(share, by_sector[sec][1])), 0.5) for sec in order}
    n_wedges = len(order)
    gap = WEDGE_GAP / RING["normal"]  # a gap as wide as most of a normal-ring node's share
    total = sum(weights.values()) + (gap * n_wedges if n_wedges > 1 else 0.0)
    per = 2 * math.pi / total if total else 0.0
    angles: dict[str, float] = {}
    wedges: dict[str, tuple[float, float]] = {}
    # the first wedge (informal when there is one) is centred on pi (left); the others follow
    # clockwise on screen: over the top, down the right side, back along the bottom
    first_w = weights[order[0]] if order else 0
    start = math.pi + first_w * per / 2
    for sec in order:
        span = weights[sec] * per
        wedges[sec] = (start - span, start)
        for specs in by_sector[sec]:
            used = sum(map(share, specs))
            done = 0.0
            for s in sorted(specs, key=lambda s: s.key):
                # first key nearest the wedge's start, going clockwise; each in the middle of its share
                angles[s.key] = start - (done + share(s) / 2) / used * span
                done += share(s)
        start -= span + (gap * per if n_wedges > 1 else 0.0)
    return angles, wedges


def _stagger(union: Sequence[NodeSpec], angles: Mapping[str, float]) -> dict[str, float]:
    """Move nodes in, onto and out of their ring in turn, by angular order, so that neighbours'
    labels do not sit side by side (ghosts stay on their ring)."""
    nodes = [s for s in union if not s.ghost]
    if len(nodes) < STAGGER_FROM:
        return {}
    tracks = STAGGER_TRACKS
    order = sorted(nodes, key=lambda s: (-angles[s.key], s.key))
    return {s.key: round(STAGGER * (2 * (i % tracks) / (tracks - 1) - 1), 4) for i, s in enumerate(order)}


def _has_overlap(lay: EcoLayout, configurations: Sequence[Sequence[NodeSpec]]) -> bool:
    """True when some box overlaps another in some configuration (the boxes of EcoLayout.node_box
    and EcoLayout.label_box, computed here from unit positions for speed)."""
    person = [(PERSON_KEY, b) for b in lay.person_boxes()]
    for specs in configurations:
        boxes = list(person)
        for s in specs:
            r = (s.ring + lay.stagger.get(s.key, 0.0)) * lay.scale
            th = lay.angles[s.key]
            x, y = round(r * math.cos(th), 2), round(-r * math.sin(th), 2)
            m = s.size + BADGE_MARGIN
            boxes.append((s.key, Box(x - m, y - m, x + m, y + m)))
            boxes.append((s.key, label_box(x, y, s.size, s.label, lay.font_size)))
        if overlaps(boxes):
            return True
    return False


def compute_layout(
    configurations: Sequence[Sequence[NodeSpec]],
    *,
    sector_order: Sequence[str] = (),
    font_size: float = FONT_SIZE,
    person_label: tuple[str, ...] = (),
) -> EcoLayout:
    """Angles over the union of all configurations, and the smallest scale free of overlaps.

    Parameters
    ----------
    configurations
        The node specs of each picture that will be drawn with this layout (one per
        assessment, plus any what-if). A key keeps one angle in all of them.
    sector_order
        Sector codes in display order (the taxonomy's); others follow by code.
    font_size
        Label font size in pixels.
    person_label
        Lines of the label under the person.

    Returns
    -------
    EcoLayout
    """
    union_by_key: dict[str, NodeSpec] = {}
    for specs in configurations:
        for s in specs:
            # a node keeps the innermost ring it is ever drawn on: its share of angle
            if s.key not in union_by_key or s.ring < union_by_key[s.key].ring:
                union_by_key[s.key] = s
    union = [union_by_key[k] for k in sorted(union_by_key)]
    angles, wedges = _angles(union, sector_order)
    stagger = _stagger(union, angles)

    def at(scale: float) -> EcoLayout:
        return EcoLayout(angles, stagger, scale, font_size, person_label, wedges)

    lo, hi = _MIN_SCALE, _MIN_SCALE
    if not _has_overlap(at(lo), configurations):
        return at(lo)
    while hi < _MAX_SCALE and _has_overlap(at(hi), configurations):
        lo, hi = hi, hi * 1.5
    if hi >= _MAX_SCALE:
        return at(_MAX_SCALE)
    for _ in range(12):  # bisection to ~0.1 % of the scale
        mid = (lo + hi) / 2
        if _has_overlap(at(mid), configurations):
            lo = mid
        else:
            hi = mid
    # overlap is not strictly monotone in the scale: make sure the chosen one is free
    scale = math.ceil(hi)
    while _has_overlap(at(scale), configurations) and scale < _MAX_SCALE:
        scale = math.ceil(scale * 1.02)
    return at(float(scale))
