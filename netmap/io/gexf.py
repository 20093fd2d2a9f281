"""GEXF 1.3 in dynamic mode: one file per situation, each assessment a time interval, for Gephi's timeline.

The nodes and edges are those of :mod:`netmap.io.network_graph`, over every assessment
of the situation: an actor is present (``<spells>``) during the assessments that list
it, and each of its attributes takes, per interval, the value of that assessment
(``<attvalue start end>``). Assessment *i* is the interval from its date to the day
before assessment *i+1*; the last one ends on the ``closed`` date, or stays open.
GEXF has no graph attributes, so the situation's fields (the ego data) and the needs
are attributes of the person node: static for the situation, dynamic for the needs.

Written by hand with the standard library's ElementTree: networkx's GEXF writer
declares version 1.3 with a wrong XML-Schema-instance namespace and cannot write
``timerepresentation``. The output is checked in the tests against networkx's
``read_gexf`` and, where the schema files are present, against the GEXF 1.3 XSD.
See docs/gexf.md for the mapping table.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..model import PERSON, Assessment, Situation
from .graphml import atomic_write_bytes, output_paths
from .network_graph import actor_attributes, need_attributes, situation_attributes

__all__ = ["GEXF_NS", "gexf_text", "write_gexf"]

GEXF_NS = "http://gexf.net/1.3"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"

Interval = tuple[dt.date, dt.date | None]


def _intervals(situation: Situation) -> list[Interval]:
    dates = [a.date for a in situation.assessments]
    out: list[Interval] = []
    for i, d in enumerate(dates):
        if i + 1 < len(dates):
            out.append((d, dates[i + 1] - dt.timedelta(days=1)))
        else:
            out.append((d, situation.closed if situation.closed and situation.closed >= d else None))
    return out


def _type(v: Any) -> str:
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    return "string"


def _text(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


class _Timeline:
    """Per node or edge: the intervals it is present in and each attribute's values over them."""

    def __init__(self) -> None:
        self.spells: list[Interval] = []
        self.values: dict[str, list[tuple[Any, Interval]]] = {}

    def add(self, when: Interval, attrs: dict[str, Any]) -> None:
        self.spells.append(when)
        for k, v in attrs.items():
            self.values.setdefault(k, []).append((v, when))


def _merge(items: list[tuple[Any, Interval]]) -> list[tuple[Any, Interval]]:
    """Join runs of one value over consecutive intervals (assessment i ends the day before i+1 starts)."""
    out: list[tuple[Any, Interval]] = []
    for v, (start, end) in items:
        if out:
            pv, (ps, pe) = out[-1]
            if pv == v and type(pv) is type(v) and pe is not None and pe + dt.timedelta(days=1) == start:
                out[-1] = (v, (ps, end))
                continue
        out.append((v, (start, end)))
    return out


def _merge_spells(spells: list[Interval]) -> list[Interval]:
    return [w for _, w in _merge([(True, s) for s in spells])]


def _span(el: ET.Element, when: Interval) -> None:
    el.set("start", when[0].isoformat())
    if when[1] is not None:
        el.set("end", when[1].isoformat())


def gexf_text(situation: Situation) -> str:
    """The dynamic GEXF 1.3 document of a situation (every assessment, in date order)."""
    intervals = _intervals(situation)
    person = _Timeline()
    static = situation_attributes(situation)
    nodes: dict[str, _Timeline] = {}
    labels: dict[str, str] = {}
    edges: dict[tuple[str, str, str], _Timeline] = {}
    for a, when in zip(situation.assessments, intervals, strict=True):
        dyn = need_attributes(a)
        if a.label is not None:
            dyn["assessment_label"] = a.label
        dyn["assessment"] = a.date.isoformat()
        person.add(when, dyn)
        _add_assessment(a, when, nodes, labels, edges)

    attr_types: dict[tuple[str, str], dict[str, str]] = {("node", "static"): {}, ("node", "dynamic"): {},
                                                          ("edge", "static"): {}, ("edge", "dynamic"): {}}
    for k, v in {"kind": "person", **static}.items():
        attr_types["node", "static"].setdefault(k, _type(v))
    for tl in (person, *nodes.values()):
        for k, vals in tl.values.items():
            attr_types["node", "dynamic"].setdefault(k, _type(vals[0][0]))
    attr_types["edge", "static"]["kind"] = "string"
    attr_types["edge", "dynamic"]["strength"] = "string"
    # an attribute title is static or dynamic, never both: a static one wins the title
    for k in attr_types["node", "static"]:
        attr_types["node", "dynamic"].pop(k, None)

    ET.register_namespace("", GEXF_NS)
    ET.register_namespace("xsi", _XSI)
    q = f"{{{GEXF_NS}}}"
    root = ET.Element(q + "gexf", {"version": "1.3", f"{{{_XSI}}}schemaLocation": f"{GEXF_NS} {GEXF_NS}/gexf.xsd"})
    meta = ET.SubElement(root, q + "meta")
    ET.SubElement(meta, q + "creator").text = "netmap"
    ET.SubElement(meta, q + "description").text = (
        f"netmap situation {situation.id}: {len(situation.assessments)} assessment(s), one time interval each")
    graph = ET.SubElement(root, q + "graph", {"defaultedgetype": "undirected", "mode": "dynamic",
                                              "timeformat": "date", "timerepresentation": "interval"})
    if intervals:
        _span(graph, (intervals[0][0], intervals[-1][1]))
    for (cls, mode), types in attr_types.items():
        if not types:
            continue
        block = ET.SubElement(graph, q + "attributes", {"class": cls, "mode": mode})
        for title, typ in types.items():
            ET.SubElement(block, q + "attribute", {"id": f"{cls}:{title}", "title": title, "type": typ})

    nodes_el = ET.SubElement(graph, q + "nodes")
    p_el = ET.SubElement(nodes_el, q + "node", {"id": PERSON, "label": PERSON})
    _attvalues(p_el, q, "node", {"kind": "person", **static}, person, attr_types)
    for node_id, tl in nodes.items():
        n_el = ET.SubElement(nodes_el, q + "node", {"id": node_id, "label": labels[node_id]})
        _attvalues(n_el, q, "node", {}, tl, attr_types)
    edges_el = ET.SubElement(graph, q + "edges")
    for (u, v, kind), tl in edges.items():
        e_el = ET.SubElement(edges_el, q + "edge", {"id": f"{u}--{v}--{kind}", "source": u, "target": v,
                                                     "label": kind})
        _attvalues(e_el, q, "edge", {"kind": kind}, tl, attr_types)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _add_assessment(a: Assessment, when: Interval, nodes: dict[str, _Timeline], labels: dict[str, str],
                    edges: dict[tuple[str, str, str], _Timeline]) -> None:
    for actor in a.actors:
        attrs = actor_attributes(actor, a)
        nodes.setdefault(actor.id, _Timeline()).add(when, attrs)
        labels[actor.id] = actor.label  # the latest label is the node's label
        edges.setdefault((PERSON, actor.id, "tie_to_person"), _Timeline()).add(
            when, {"strength": actor.tie_to_person})
    for t in a.ties:
        key = next((k for k in ((t.a, t.b, t.kind), (t.b, t.a, t.kind)) if k in edges), (t.a, t.b, t.kind))
        edges.setdefault(key, _Timeline()).add(when, {"strength": t.strength})


def _attvalues(el: ET.Element, q: str, cls: str, static: dict[str, Any], tl: _Timeline,
               types: dict[tuple[str, str], dict[str, str]]) -> None:
    values = ET.SubElement(el, q + "attvalues")
    for k, v in static.items():
        ET.SubElement(values, q + "attvalue", {"for": f"{cls}:{k}", "value": _text(v)})
    for k, items in tl.values.items():
        if k not in types[cls, "dynamic"]:
            continue
        for v, when in _merge(items):
            av = ET.SubElement(values, q + "attvalue", {"for": f"{cls}:{k}", "value": _text(v)})
            _span(av, when)
    if tl.spells:
        spells = ET.SubElement(el, q + "spells")
        for when in _merge_spells(tl.spells):
            _span(ET.SubElement(spells, q + "spell"), when)


def write_gexf(situations: Iterable[Situation], path: str | Path) -> list[Path]:
    """Write one dynamic GEXF file per situation (a single ``.gexf`` file when ``path`` names one and there is one situation)."""
    sits = list(situations)
    out = output_paths(sits, path, ".gexf")
    for s, p in zip(sits, out, strict=True):
        atomic_write_bytes(p, gexf_text(s).encode("utf-8"))
    return out
