"""One assessment as an attributed graph: what GraphML, GEXF and egor exports share.

The person is a node (id ``person``), every actor is a node carrying each of its fields
as a typed attribute, each actor–actor tie is an edge with ``kind`` and ``strength``,
and the eco-map line between the person and an actor is an edge of kind
``tie_to_person``. Needs are attributes a reader can use without netmap: ``covers``
(the ids of the needs an actor covers, ``;``-separated) and ``covers_domains`` on each
actor, and ``need.<id>.<field>`` on the graph. The situation's fields (the Network
Canvas convention puts ego data on the graph) are graph attributes too.

A missing value (``null`` in netmap's JSON) is left out rather than written as an empty
string, so a reader sees "not assessed" and never a made-up value.

Unlike :func:`netmap.measures.actor_graph` (the measures' graph G: active actors only,
no conflict ties), this graph holds everything, inactive actors and conflicts included.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from typing import TYPE_CHECKING, Any

from ..model import PERSON, Actor, Assessment, Need, Situation, Tie

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "ACTOR_FIELDS",
    "NEED_FIELDS",
    "actor_attributes",
    "assessment_from_graph",
    "list_text",
    "need_attributes",
    "situation_attributes",
    "situation_graph",
]

# the actor fields of the model, in its order (`support`, `reciprocity`, `contact` of
# format revision 2 appear here as soon as the model has them)
ACTOR_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Actor) if f.name != "id")
NEED_FIELDS: tuple[str, ...] = ("domain", "severity", "status", "covered_by", "priority", "goal")
LIST_SEPARATOR = ";"


def list_text(values: tuple[str, ...] | list[str]) -> str:
    """A list as one ``;``-separated text (ids and codes never hold ``;``)."""
    return LIST_SEPARATOR.join(values)


def _value(v: Any) -> Any:
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, tuple | list):
        return list_text([str(x) for x in v])
    return v


def actor_attributes(actor: Actor, assessment: Assessment) -> dict[str, Any]:
    """The typed attributes of an actor's node: its fields (nulls left out) and the needs it covers."""
    out: dict[str, Any] = {"kind": "actor"}
    for name in ACTOR_FIELDS:
        v = getattr(actor, name)
        if v is not None:
            out[name] = _value(v)
    covered = [n for n in assessment.needs if actor.id in n.covered_by]
    out["covers"] = list_text([n.id for n in covered])
    out["covers_domains"] = list_text([n.domain for n in covered])
    out["covers_active"] = sum(1 for n in covered if n.status == "active")
    return out


def need_attributes(assessment: Assessment) -> dict[str, Any]:
    """``needs`` (the ids, ``;``-separated) and ``need.<id>.<field>`` for every field of every need (nulls left out)."""
    out: dict[str, Any] = {"needs": list_text([n.id for n in assessment.needs])}
    for n in assessment.needs:
        for name in NEED_FIELDS:
            v = getattr(n, name)
            if v is not None:
                out[f"need.{n.id}.{name}"] = _value(v)
    return out


def situation_attributes(situation: Situation) -> dict[str, Any]:
    """The situation's own fields and the person's (the ego data), nulls left out.

    Requesters, meetings, funding and the action plan are not graph data and stay in
    netmap's own formats.
    """
    s, p = situation, situation.person
    raw = {
        "situation": s.id, "service": s.service, "requested": s.requested, "opened": s.opened,
        "closed": s.closed, "outcome": s.outcome, "age": p.age, "gender": p.gender, "region": p.region,
        "housing": p.housing, "insured": p.insured, "languages": p.languages, "demand": p.demand,
        "consent": p.consent,
    }
    return {k: _value(v) for k, v in raw.items() if v is not None}


def situation_graph(situation: Situation, assessment: Assessment | None) -> nx.MultiGraph:
    """The attributed graph of one assessment of a situation (see the module's docstring).

    ``assessment`` None (a request never opened has no network) gives the person alone.

    A ``networkx.MultiGraph``: two ties on one pair (of different kinds) stay two edges,
    keyed ``a--b--kind`` (``person--<actor>--tie_to_person``), which writers use as edge ids.
    """
    import networkx as nx

    g = nx.MultiGraph()
    g.graph.update(situation_attributes(situation))
    if assessment is None:
        g.add_node(PERSON, kind="person", label=PERSON, needs="")
        return g
    g.graph["assessment"] = assessment.date.isoformat()
    if assessment.label is not None:
        g.graph["assessment_label"] = assessment.label
    g.graph.update(need_attributes(assessment))
    g.add_node(PERSON, kind="person", label=PERSON,
               needs=list_text([n.id for n in assessment.needs]))
    for a in assessment.actors:
        g.add_node(a.id, **actor_attributes(a, assessment))
    for a in assessment.actors:
        g.add_edge(PERSON, a.id, key=f"{PERSON}--{a.id}--tie_to_person", kind="tie_to_person",
                   strength=a.tie_to_person)
    for t in assessment.ties:
        g.add_edge(t.a, t.b, key=f"{t.a}--{t.b}--{t.kind}", kind=t.kind, strength=t.strength)
    return g


_BOOL_TEXT = {"true": True, "false": False, "1": True, "0": False}


def _as_bool(v: Any) -> bool:
    if isinstance(v, bool):
        return v
    if isinstance(v, int | float):
        return bool(v)
    return _BOOL_TEXT[str(v).strip().lower()]


def _as_int(v: Any) -> int | None:
    if v is None or v == "" or (isinstance(v, float) and v != v):  # NaN: igraph's missing number
        return None
    return int(v)


def _split(v: Any) -> tuple[str, ...]:
    return tuple(x for x in str(v).split(LIST_SEPARATOR) if x) if v not in (None, "") else ()


def assessment_from_graph(g: nx.Graph, date: dt.date | None = None) -> Assessment:
    """The assessment a :func:`situation_graph` holds, rebuilt from its attributes (e.g. after a GraphML round trip).

    Trusts the graph as netmap wrote it: validate the result through
    :func:`netmap.io.canonical.situation_from_dict` before using data from elsewhere.
    """
    actor_defaults = {f.name: f.default for f in fields(Actor)}
    actors = []
    for node, data in g.nodes(data=True):
        if node == PERSON or data.get("kind") == "person":
            continue
        kw: dict[str, Any] = {}
        for name in ACTOR_FIELDS:
            v = data.get(name)
            if v is None or (isinstance(v, float) and v != v):
                continue
            default = actor_defaults[name]
            if isinstance(default, bool) or name == "formal":
                kw[name] = _as_bool(v)
            elif name == "exhaustion":
                kw[name] = _as_int(v)
            elif isinstance(default, tuple):
                kw[name] = _split(v)
            else:
                kw[name] = str(v)
        actors.append(Actor(id=str(node), **kw))
    ties = []
    for u, v, data in g.edges(data=True):
        if data.get("kind") == "tie_to_person":
            continue
        ties.append(Tie(str(u), str(v), str(data["kind"]), str(data.get("strength", "normal"))))
    needs = []
    for nid in _split(g.graph.get("needs")):
        def get(name: str, nid: str = nid) -> Any:
            return g.graph.get(f"need.{nid}.{name}")
        needs.append(Need(id=nid, domain=str(get("domain")), severity=_as_int(get("severity")) or 2,
                          status=str(get("status") or "active"), covered_by=_split(get("covered_by")),
                          priority=_as_bool(get("priority") or False),
                          goal=None if get("goal") is None else str(get("goal"))))
    when = date or dt.date.fromisoformat(str(g.graph["assessment"]))
    return Assessment(date=when, actors=tuple(actors), ties=tuple(ties), needs=tuple(needs),
                      label=g.graph.get("assessment_label"))
