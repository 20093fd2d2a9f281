"""The eco-map as a list of drawing primitives in pixels, shared by the SVG, plotly and vis-network renderers.

:func:`ecomap_scene` reads a situation, its measures (``netmap.measures.evaluate``) and
the layout, and returns a :class:`Scene`: nodes, lines, badges, texts and the legend,
each with plain-text hover lines. Renderers only translate primitives; none of them
decides anything about what to show, so the three outputs cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import UsageError
from ..layout import (
    ACTOR_SIZE,
    FONT_SIZE,
    GHOST_RING,
    GHOST_SIZE,
    LINE_HEIGHT,
    PERSON_KEY,
    PERSON_SIZE,
    RING,
    EcoLayout,
    NodeSpec,
    actor_spec,
    compute_layout,
    wrap_label,
)
from ..measures.graph import need_cover
from ..model import Assessment, Need, Situation
from ..taxonomy import Taxonomy, default_taxonomy
from . import conventions as cv

__all__ = ["LegendEntry", "Line", "Node", "Scene", "badge_anchor", "ecomap_scene", "ghost_key"]

MARGIN = 24.0
TITLE_HEIGHT = 62.0
LEGEND_WIDTH = 330.0
LEGEND_ROW = 21.0
LEGEND_FONT = 12.0


@dataclass(frozen=True, slots=True)
class Node:
    """A node to draw: the person, an actor or a ghost (uncovered need)."""

    key: str
    kind: str  # person | actor | ghost
    x: float
    y: float
    size: float
    shape: str  # circle | square
    fill: str
    stroke: str
    stroke_width: float
    dashed: bool
    opacity: float
    label: tuple[str, ...]
    hover: tuple[str, ...]
    exhaustion: int | None = None
    badges: tuple[str, ...] = ()  # cm, referent, sole, cut
    glyph: str | None = None  # a character drawn inside (ghost: "?")
    sector: str | None = None


@dataclass(frozen=True, slots=True)
class Line:
    """A line between two nodes; ``points`` already holds the zig-zag of a conflict."""

    a: str
    b: str
    kind: str  # person | actor | ghost
    points: tuple[tuple[float, float], ...]
    width: float
    colour: str
    dash: str | None  # None | dash | dot
    opacity: float
    hover: tuple[str, ...] = ()
    conflict: bool = False


@dataclass(frozen=True, slots=True)
class LegendEntry:
    """One row of the legend: a section header, or a sample (line, node, badge, ring, swatch) and its text."""

    kind: str  # title | header | line | node | badge | exhaustion | swatch
    text: str
    x: float
    y: float
    style: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Scene:
    """Everything to draw, in pixels (origin top-left, y down)."""

    width: float
    height: float
    title: str
    subtitle: str
    nodes: tuple[Node, ...]
    lines: tuple[Line, ...]
    legend: tuple[LegendEntry, ...]
    legend_box: tuple[float, float, float, float]
    lang: str
    font_size: float = FONT_SIZE
    evaluation: Mapping[str, Any] = field(default_factory=dict)
    rings: tuple[float, ...] = ()  # radii (px) of the guide circles around the person

    def person(self) -> Node:
        return self.nodes[0]

    def node(self, key: str) -> Node | None:
        for n in self.nodes:
            if n.key == key:
                return n
        return None


def badge_anchor(node: Node, badge: str) -> tuple[float, float]:
    """Where a badge sits on a node: CM top-left, referent top-left (left-middle with CM),
    sole provider (warning triangle) top-right, key link (diamond) right-middle."""
    s = node.size
    if badge == "cm":
        return (node.x - s + 2, node.y - s - 1)
    if badge == "referent":
        return (node.x - s + 2, node.y + 6) if "cm" in node.badges else (node.x - s + 2, node.y - s - 1)
    if badge == "sole":
        return (node.x + s, node.y - s)
    return (node.x + s + 4, node.y + 5)  # cut


def ghost_key(need_id: str) -> str:
    """The node key of an uncovered need (actor ids cannot contain ':')."""
    return f"need:{need_id}"


def _ghost_label(tax: Taxonomy, domain: str, sector: str, missing: bool, lang: str) -> tuple[str, ...]:
    lines = list(wrap_label(tax.domain_label(domain, lang), 20, 2))
    tail = cv.text(lang, "ghost_missing", sector=tax.sector_label(sector, lang)) if missing else cv.text(lang, "ghost_uncovered")
    lines.extend(wrap_label(tail, 22, 2))
    return tuple(lines)


def _ghost_spec(need: Need, tax: Taxonomy, lang: str, missing_sectors: set[str] | None) -> NodeSpec:
    """The node of a need drawn as a gap; with ``missing_sectors`` None, the widest of its two wordings
    (to plan room for a gap that may open in another assessment or a what-if)."""
    dom = tax.domains.get(need.domain)
    sector = dom.primary_sector if dom else "other"
    if missing_sectors is None:
        label = max((_ghost_label(tax, need.domain, sector, m, lang) for m in (True, False)),
                    key=lambda lines: (len(lines), max(map(len, lines))))
    else:
        label = _ghost_label(tax, need.domain, sector, sector in missing_sectors, lang)
    return NodeSpec(ghost_key(need.id), sector, False, GHOST_RING, label, size=GHOST_SIZE, ghost=True)


def _ghost_specs(evaluation: Mapping[str, Any], asmt: Assessment, tax: Taxonomy, lang: str) -> list[NodeSpec]:
    """The uncovered needs of an assessment, as measured."""
    m = evaluation["measures"]
    missing = set(m["missing_sectors"])
    return [_ghost_spec(need, tax, lang, missing) for nid in m["uncovered_needs"] if (need := asmt.need(nid))]


def _evaluate(situation: Situation, asmt: Assessment, *, sentences: bool = True) -> dict[str, Any]:
    from ..measures import evaluate

    result = evaluate(situation, assessment=asmt, sentences=sentences)
    assert result is not None  # asmt is one of the situation's assessments
    return result


def _room(situation: Situation, tax: Taxonomy, lang: str) -> list[list[NodeSpec]]:
    """What the layout must make room for: each assessment's actors, and every active need as a
    potential gap. The layout then does not move when a gap opens or closes, in a later
    assessment or in a what-if."""
    return [[actor_spec(a) for a in asmt.actors] + [_ghost_spec(n, tax, lang, None) for n in asmt.active_needs]
            for asmt in situation.assessments]


def _drawn(situation: Situation, shown: tuple[Assessment, dict[str, Any]], tax: Taxonomy, lang: str
           ) -> list[list[NodeSpec]]:
    """What is actually drawn in each assessment, and in the picture shown: the picture's extent."""
    confs = []
    for asmt in situation.assessments:
        ev = _evaluate(situation, asmt, sentences=False)
        confs.append([actor_spec(a) for a in asmt.actors] + _ghost_specs(ev, asmt, tax, lang))
    asmt, ev = shown
    confs.append([actor_spec(a) for a in asmt.actors] + _ghost_specs(ev, asmt, tax, lang))
    return confs


def _zigzag(x0: float, y0: float, x1: float, y1: float, *, step: float = 9.0, amp: float = 4.5,
            trim: float = 0.0) -> tuple[tuple[float, float], ...]:
    """Points of a zig-zag from (x0, y0) to (x1, y1), straight for ``trim`` px at each end."""
    dx, dy = x1 - x0, y1 - y0
    length = math.hypot(dx, dy)
    if length < 1e-6:
        return ((x0, y0), (x1, y1))
    ux, uy = dx / length, dy / length
    nx, ny = -uy, ux
    pts = [(x0, y0)]
    start, end = trim, length - trim
    n = max(2, int((end - start) / step))
    for i in range(n + 1):
        t = start + (end - start) * i / n
        off = 0.0 if i in (0, n) else (amp if i % 2 else -amp)
        pts.append((x0 + ux * t + nx * off, y0 + uy * t + ny * off))
    pts.append((x1, y1))
    return tuple((round(x, 2), round(y, 2)) for x, y in pts)


def _join(items: Iterable[str]) -> str:
    return ", ".join(items)


def ecomap_scene(situation: Situation, at: dt.date | None = None, *, without: Sequence[str] = (),
                 lang: str = "fr", taxonomy: Taxonomy | None = None) -> Scene:
    """The eco-map of a situation's assessment in force at ``at`` (default: the latest).

    Parameters
    ----------
    situation : Situation
    at : date, optional
        The latest assessment dated on or before this day is drawn.
    without : sequence of str
        Actor ids to draw as gone (what-if); the measures are those of the what-if.
    lang : {"fr", "en"}
    taxonomy : Taxonomy, optional

    Returns
    -------
    Scene
    """
    if lang not in cv.LANGS:
        raise UsageError("expected a language among fr, en")
    tax = taxonomy or default_taxonomy()
    base = situation.assessment_at(at)
    if base is None:
        raise UsageError("this situation has no assessment dated on or before the requested day")
    gone = tuple(sorted({a for a in without if base.actor(a) is not None}))
    asmt = base.without(gone) if gone else base
    ev = _evaluate(situation, asmt)
    m = ev["measures"]
    person_label = (cv.text(lang, "person"),)
    lay = compute_layout(_room(situation, tax, lang), sector_order=tuple(tax.sectors), font_size=FONT_SIZE,
                         person_label=person_label)

    specs = [actor_spec(a) for a in asmt.actors] + _ghost_specs(ev, asmt, tax, lang)
    # the picture has the same size for every assessment of the situation: the union's extent
    all_specs = {s.key: s for conf in _drawn(situation, (asmt, ev), tax, lang) for s in conf}
    ext = lay.extent(all_specs.values())
    ox = MARGIN - ext.x0
    oy = TITLE_HEIGHT + MARGIN - ext.y0
    map_w = ext.x1 - ext.x0 + 2 * MARGIN
    map_h = ext.y1 - ext.y0 + 2 * MARGIN + TITLE_HEIGHT

    nodes, lines = _nodes_and_lines(situation, asmt, ev, lay, specs, ox, oy, tax, lang)
    legend, legend_h = _legend(asmt, specs, map_w, TITLE_HEIGHT, tax, lang)
    width = map_w + LEGEND_WIDTH + MARGIN
    height = max(map_h, TITLE_HEIGHT + legend_h + 2 * MARGIN)

    title = f"{situation.id} — {cv.fmt_date(asmt.date, lang)}" + (f" — {asmt.label}" if asmt.label else "")
    words = [cv.text(lang, "subtitle", needs=len(asmt.active_needs), uncovered=len(m["uncovered_needs"]),
                     fragility=cv.text(lang, f"fragility_{ev['fragility']}"),
                     ready=cv.text(lang, "yes" if ev["readiness"]["ready"] else "no"),
                     holds=cv.text(lang, "yes" if ev["readiness"]["criteria"]["holds_without_cm"] == "pass" else "no"))]
    if gone:
        words.append(cv.text(lang, "title_whatif", actors=_join(a.label for g in gone if (a := base.actor(g)))))
    return Scene(
        width=round(width, 1), height=round(height, 1), title=title, subtitle=" · ".join(words),
        nodes=tuple(nodes), lines=tuple(lines), legend=tuple(legend),
        legend_box=(map_w, TITLE_HEIGHT, map_w + LEGEND_WIDTH, TITLE_HEIGHT + legend_h),
        lang=lang, evaluation=ev, rings=tuple(round(RING[t] * lay.scale, 2) for t in ("strong", "normal", "tenuous")),
    )


def _nodes_and_lines(situation: Situation, asmt: Assessment, ev: Mapping[str, Any], lay: EcoLayout,
                     specs: list[NodeSpec], ox: float, oy: float, tax: Taxonomy, lang: str
                     ) -> tuple[list[Node], list[Line]]:
    m = ev["measures"]
    sole: Mapping[str, list[str]] = m["sole_providers"]
    cut = set(m["cut_actors"])
    missing = set(m["missing_sectors"])
    pos = {PERSON_KEY: (round(ox, 2), round(oy, 2))}
    for s in specs:
        x, y = lay.xy(s)
        pos[s.key] = (round(x + ox, 2), round(y + oy, 2))
    by_key = {s.key: s for s in specs}
    active_needs = asmt.active_needs
    cms = {a.id for a in asmt.actors if a.case_manager and a.active}
    label_of = {a.id: a.label for a in asmt.actors}

    def dom(code: str) -> str:
        return tax.domain_label(code, lang)

    nodes: list[Node] = []
    lines: list[Line] = []
    # the person: hover gives every active need and who covers it
    hover = [cv.text(lang, "person"), cv.text(lang, "h_needs")]
    cover = need_cover(asmt)
    for n in active_needs:
        cov = [label_of[i] for i in cover[n.id]]
        who = _join(cov) + (cv.text(lang, "h_alone") if len(cov) == 1 else "") if cov else cv.text(lang, "h_uncovered")
        hover.append("• " + cv.text(lang, "h_need_line", domain=dom(n.domain), severity=n.severity,
                                     priority=cv.text(lang, "h_priority") if n.priority else "", cover=who))
    px, py = pos[PERSON_KEY]
    nodes.append(Node(PERSON_KEY, "person", px, py, PERSON_SIZE, "circle", cv.PERSON_FILL, "#FFFFFF", 2.0,
                      False, 1.0, lay.person_label, tuple(hover)))

    for a in asmt.actors:
        s = by_key[a.id]
        x, y = pos[a.id]
        op = 1.0 if a.active else cv.INACTIVE_OPACITY
        covers = [dom(n.domain) for n in active_needs if a.id in cover[n.id]]
        hv = [a.label, cv.text(lang, "h_sector", v=tax.sector_label(a.sector, lang))]
        if a.organisation:
            hv.append(cv.text(lang, "h_organisation", v=a.organisation))
        if a.role:
            hv.append(cv.text(lang, "h_role", v=a.role))
        hv.append(cv.text(lang, "h_formal" if a.formal else "h_informal"))
        hv.append(cv.text(lang, "h_tie", v=cv.text(lang, a.tie_to_person)))
        hv.append(cv.text(lang, "h_covers", v=_join(covers)) if covers else cv.text(lang, "h_covers_none"))
        hv.append(cv.text(lang, "h_exhaustion", v=tax.exhaustion_label(a.exhaustion, lang)))
        if a.mandate:
            hv.append(cv.text(lang, "h_mandate", v=cv.text(lang, a.mandate)))
        if a.language:
            hv.append(cv.text(lang, "h_language", v=a.language))
        badges = []
        if a.case_manager:
            badges.append("cm")
            hv.append(cv.text(lang, "h_cm"))
        if a.referent:
            badges.append("referent")
            hv.append(cv.text(lang, "h_referent"))
        if a.id in sole:
            badges.append("sole")
            hv.append(cv.text(lang, "h_sole", v=_join(dom(nd.domain) for n in sole[a.id] if (nd := asmt.need(n)))))
        if a.id in cut:
            badges.append("cut")
            hv.append(cv.text(lang, "h_cut"))
        if not a.active:
            hv.append(cv.text(lang, "h_inactive"))
        exh = a.exhaustion if a.active and a.exhaustion else None
        nodes.append(Node(a.id, "actor", x, y, ACTOR_SIZE, "square" if a.formal else "circle",
                          cv.sector_colour(a.sector), "#FFFFFF", 1.5, False, op, s.label, tuple(hv),
                          exhaustion=exh, badges=tuple(badges), sector=a.sector))
        width, colour, dash = cv.EDGE[("person", a.tie_to_person)]
        conflict = a.tie_to_person == "conflict"
        pts = (_zigzag(px, py, x, y, trim=PERSON_SIZE + 4) if conflict else ((px, py), (x, y)))
        lines.append(Line(PERSON_KEY, a.id, "person", pts, width, colour, dash, op,
                          (f"{cv.text(lang, 'person')} – {a.label}: {cv.text(lang, a.tie_to_person)}",), conflict))

    for s in specs:
        if not s.ghost:
            continue
        nid = s.key.split(":", 1)[1]
        need = asmt.need(nid)
        assert need is not None  # ghosts are made from the assessment's needs
        x, y = pos[s.key]
        hv = [cv.text(lang, "h_ghost", v=dom(need.domain)), cv.text(lang, "h_severity", v=need.severity)]
        if need.goal:
            hv.append(cv.text(lang, "h_goal", v=need.goal))
        hv.append(cv.text(lang, "h_missing" if s.sector in missing else "h_expected", v=tax.sector_label(s.sector, lang)))
        if any(i in cms for i in need.covered_by):
            hv.append(cv.text(lang, "h_cm_only"))
        nodes.append(Node(s.key, "ghost", x, y, GHOST_SIZE, "circle", cv.ghost_fill(s.sector), cv.GHOST_STROKE, 2.2,
                          True, 1.0, s.label, tuple(hv), glyph="?", sector=s.sector))
        lines.append(Line(PERSON_KEY, s.key, "ghost", ((px, py), (x, y)), cv.GHOST_EDGE["width"],
                          cv.GHOST_EDGE["colour"], cv.GHOST_EDGE["dash"], 1.0, (hv[0],)))

    present = {a.id: a for a in asmt.actors}
    for t in sorted(asmt.ties, key=lambda t: (min(t.a, t.b), max(t.a, t.b), t.kind)):
        if t.a not in present or t.b not in present:
            continue
        (x0, y0), (x1, y1) = pos[t.a], pos[t.b]
        conflict = t.kind == "conflict"
        width, colour, dash = cv.EDGE[("actor", "conflict" if conflict else t.strength)]
        if conflict and t.strength == "strong":
            width += 1.0
        op = 1.0 if present[t.a].active and present[t.b].active else cv.INACTIVE_OPACITY
        pts = _zigzag(x0, y0, x1, y1, step=8, amp=3.5, trim=ACTOR_SIZE + 2) if conflict else ((x0, y0), (x1, y1))
        tie_hover = cv.text(lang, "h_tie_kind", a=present[t.a].label, b=present[t.b].label,
                            kind=cv.text(lang, t.kind), strength=cv.text(lang, t.strength))
        # actor-actor ties are drawn under the person's ties
        lines.insert(0, Line(t.a, t.b, "actor", pts, width, colour, dash, op, (tie_hover,), conflict))
    # draw order: actor ties, then ghost lines, then person ties (most important on top)
    order = {"actor": 0, "ghost": 1, "person": 2}
    lines.sort(key=lambda ln: order[ln.kind])
    return nodes, lines


def _legend(asmt: Assessment, specs: list[NodeSpec], x0: float, y0: float, tax: Taxonomy, lang: str
            ) -> tuple[list[LegendEntry], float]:
    """Legend rows in a column right of the map; returns rows and height."""
    t = lambda key, **kw: cv.text(lang, key, **kw)  # noqa: E731
    rows: list[tuple[str, str, dict[str, Any]]] = [("title", t("legend"), {}), ("header", t("sec_person_ties"), {})]
    for strength in ("strong", "normal", "tenuous", "conflict"):
        w, c, d = cv.EDGE[("person", strength)]
        rows.append(("line", t(f"tie_{strength}"), {"width": w, "colour": c, "dash": d, "zigzag": strength == "conflict"}))
    rows.append(("header", t("sec_actor_ties"), {}))
    w, c, d = cv.EDGE[("actor", "normal")]
    rows.append(("line", t("actor_tie"), {"width": w, "colour": c, "dash": d, "zigzag": False}))
    w, c, d = cv.EDGE[("actor", "conflict")]
    rows.append(("line", t("actor_conflict"), {"width": w, "colour": c, "dash": d, "zigzag": True}))
    rows.append(("header", t("sec_nodes"), {}))
    rows.append(("node", t("formal"), {"shape": "square", "fill": "#9AA5B1"}))
    rows.append(("node", t("informal"), {"shape": "circle", "fill": "#9AA5B1"}))
    rows.append(("node", t("ghost"), {"shape": "ghost", "fill": "#FFFFFF"}))
    rows.append(("node", t("inactive"), {"shape": "square", "fill": "#9AA5B1", "opacity": cv.INACTIVE_OPACITY}))
    rows.append(("header", t("sec_marks"), {}))
    rows.append(("badge", t("cm"), {"badge": "cm"}))
    rows.append(("badge", t("referent"), {"badge": "referent"}))
    rows.append(("badge", t("sole"), {"badge": "sole"}))
    rows.append(("badge", t("cut"), {"badge": "cut"}))
    rows.append(("header", t("sec_exhaustion"), {}))
    for level in (1, 2, 3):
        rows.append(("exhaustion", tax.exhaustion_label(level, lang), {"level": level}))
    rows.append(("header", t("sec_sectors"), {}))
    shown = {s.sector for s in specs}
    for code in [c for c in tax.sectors if c in shown] + sorted(shown - set(tax.sectors)):
        rows.append(("swatch", tax.sector_label(code, lang), {"colour": cv.sector_colour(code)}))
    out: list[LegendEntry] = []
    y = y0 + 8
    lx = x0 + 12
    for kind, txt, style in rows:
        lines = wrap_label(txt, 40, 2)
        if kind == "header":
            y += 6
        elif kind == "title":
            y += 2
        out.append(LegendEntry(kind, "\n".join(lines), lx, round(y + LEGEND_ROW / 2, 2), style))
        y += LEGEND_ROW + (len(lines) - 1) * LEGEND_FONT * LINE_HEIGHT
    return out, y - y0 + 8

