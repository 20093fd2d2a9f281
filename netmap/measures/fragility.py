"""Fragility: exhausted actors, single points of failure, components, conflicts.

Definitions in shared/spec/measures.md, table *Fragility*. Functional single points of
failure are sole providers of a need; structural ones are the articulation points of
the actor graph once the case manager has gone.

Examples
--------
>>> from netmap.model import Actor, Assessment, Need, Tie
>>> import datetime as dt
>>> a = Assessment(date=dt.date(2024, 1, 1),
...                actors=(Actor("cm", "CM", True, "social_work", case_manager=True),
...                        Actor("gp", "GP", True, "primary_care"),
...                        Actor("son", "Son", False, "informal", exhaustion=3)),
...                ties=(Tie("cm", "gp", "coordination"), Tie("cm", "son", "support")),
...                needs=(Need("n1", "basic_adl", covered_by=("son",)), Need("n2", "physical_health",
...                                                                       covered_by=("gp",))))
>>> f = fragility(a)
>>> f["exhausted_sole_providers"], f["components"], f["components_without_cm"], f["cm_holds_network"]
(['son'], 1, 2, True)
"""

from __future__ import annotations

from typing import Any

from ..model import PERSON, Assessment
from .algorithms import articulation_points
from .graph import Network, network

__all__ = ["EXHAUSTED_FROM", "FRAGILITY_KEYS", "fragility"]

# exhaustion level from which an actor counts as exhausted (shared/spec/taxonomy.md: ">= 2")
EXHAUSTED_FROM = 2

FRAGILITY_KEYS = (
    "exhausted_actors",
    "sole_providers",
    "exhausted_sole_providers",
    "cut_actors",
    "components",
    "isolated_providers",
    "components_without_cm",
    "cm_holds_network",
    "conflicts",
)


def fragility(data: Assessment | Network) -> dict[str, Any]:
    """The *Fragility* measures of one assessment.

    Parameters
    ----------
    data : Assessment or Network

    Returns
    -------
    dict
        In the spec's order: ``exhausted_actors`` (sorted ids), ``sole_providers`` (provider
        id → sorted need ids, keys sorted), ``exhausted_sole_providers``, ``cut_actors``,
        ``components`` (int), ``isolated_providers``, ``components_without_cm`` (int),
        ``cm_holds_network`` (bool), ``conflicts`` (sorted list of ``[x, y]`` pairs).
    """
    net = network(data)
    adj = net.adjacency
    exhausted = sorted(i for i, a in net.actors.items() if a.exhaustion is not None and a.exhaustion >= EXHAUSTED_FROM)
    sole: dict[str, list[str]] = {}
    for n in net.needs:
        cov = net.cover[n.id]
        if len(cov) == 1:
            (p,) = cov
            sole.setdefault(p, []).append(n.id)
    sole_providers = {p: sorted(sole[p]) for p in sorted(sole)}
    exhausted_sole = [i for i in exhausted if i in sole_providers]
    cut = sorted(articulation_points(net.adjacency_without_cm))
    isolated = sorted(p for p in net.providers if not adj[p])
    covering = net.covering_providers
    cm_holds = (bool(covering) and net.in_one_component(covering)
                and not net.in_one_component(covering, without_cm=True))
    pairs = set()
    for t in net.assessment.ties:
        if t.kind == "conflict" and t.a in net.actors and t.b in net.actors:
            pairs.add((min(t.a, t.b), max(t.a, t.b)))
    for i, a in net.actors.items():
        if a.tie_to_person == "conflict":
            pairs.add((PERSON, i))
    return {
        "exhausted_actors": exhausted,
        "sole_providers": sole_providers,
        "exhausted_sole_providers": exhausted_sole,
        "cut_actors": cut,
        "components": len(net.components),
        "isolated_providers": isolated,
        "components_without_cm": len(net.components_without_cm),
        "cm_holds_network": cm_holds,
        "conflicts": [list(p) for p in sorted(pairs)],
    }
