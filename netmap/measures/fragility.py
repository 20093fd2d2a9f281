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
>>> f["exhausted_sole_providers"], f["at_risk_providers"], f["components_without_cm"], f["provider_groups"]
(['son'], ['son'], 2, 2)
>>> f["cm_holds_network"]
True
"""

from __future__ import annotations

from typing import Any

from ..model import PERSON, Assessment
from ..taxonomy import Taxonomy, default_taxonomy
from .algorithms import articulation_points
from .graph import Network, network

__all__ = ["FRAGILITY_KEYS", "fragility", "is_at_risk", "is_exhausted"]

FRAGILITY_KEYS = (
    "exhausted_actors",
    "at_risk_providers",
    "sole_providers",
    "exhausted_sole_providers",
    "cut_actors",
    "components",
    "isolated_providers",
    "components_without_cm",
    "cm_holds_network",
    "provider_groups",
    "conflicts",
)


def is_exhausted(level: int | None, taxonomy: Taxonomy | None = None) -> bool:
    """Whether an exhaustion level counts as *exhausted*: at least the scale's ``exhausted_from`` (2 by default).

    The one exhaustion rule of netmap (shared/spec/measures.md, ``exhausted_actors``): null,
    not assessed, is not exhausted. Reports, the dashboard and the grey-zone criteria read it.

    >>> is_exhausted(2), is_exhausted(1), is_exhausted(None)
    (True, False, False)
    """
    tax = taxonomy or default_taxonomy()
    return level is not None and level >= tax.exhausted_from


def is_at_risk(level: int | None, taxonomy: Taxonomy | None = None) -> bool:
    """Whether an exhaustion level is the top of the scale: "at risk of dropping out" (3 by default).

    >>> is_at_risk(3), is_at_risk(2)
    (True, False)
    """
    tax = taxonomy or default_taxonomy()
    return level is not None and level >= tax.at_risk_level


def fragility(data: Assessment | Network, *, taxonomy: Taxonomy | None = None) -> dict[str, Any]:
    """The *Fragility* measures of one assessment.

    Parameters
    ----------
    data : Assessment or Network
    taxonomy : Taxonomy, optional
        Gives the exhaustion scale: ``exhausted_from`` and its top level (default: :func:`default_taxonomy`).

    Returns
    -------
    dict
        In the spec's order: ``exhausted_actors`` (sorted ids), ``at_risk_providers``
        (sorted ids), ``sole_providers`` (provider id → sorted need ids, keys sorted),
        ``exhausted_sole_providers``, ``cut_actors``, ``components`` (int),
        ``isolated_providers``, ``components_without_cm`` (int), ``cm_holds_network`` (bool),
        ``provider_groups`` (int), ``conflicts`` (sorted list of ``[x, y]`` pairs).
    """
    net = network(data)
    tax = taxonomy or default_taxonomy()
    adj = net.adjacency
    exhausted = sorted(i for i, a in net.actors.items() if is_exhausted(a.exhaustion, tax))
    covering = net.covering_providers
    at_risk = sorted(p for p in covering if is_at_risk(net.actors[p].exhaustion, tax))
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
    cm_holds = (bool(covering) and net.in_one_component(covering)
                and not net.in_one_component(covering, without_cm=True))
    groups = sum(1 for c in net.components_without_cm if not c.isdisjoint(covering))
    pairs = set()
    for t in net.assessment.ties:
        if t.kind == "conflict" and t.a in net.actors and t.b in net.actors:
            pairs.add((min(t.a, t.b), max(t.a, t.b)))
    for i, a in net.actors.items():
        if a.tie_to_person == "conflict":
            pairs.add((PERSON, i))
    return {
        "exhausted_actors": exhausted,
        "at_risk_providers": at_risk,
        "sole_providers": sole_providers,
        "exhausted_sole_providers": exhausted_sole,
        "cut_actors": cut,
        "components": len(net.components),
        "isolated_providers": isolated,
        "components_without_cm": len(net.components_without_cm),
        "cm_holds_network": cm_holds,
        "provider_groups": groups,
        "conflicts": [list(p) for p in sorted(pairs)],
    }
