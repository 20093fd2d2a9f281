"""Intersectoral links: which sectors work together around the person, who brokers between them.

Definitions in shared/spec/measures.md, table *Intersectoral links*.

References
----------
Krackhardt, D. & Stern, R. N. (1988). Informal networks and organizational crises: an
experimental simulation. *Social Psychology Quarterly*, 51(2), 123–140 (the E-I index).

Examples
--------
>>> from netmap.model import Actor, Assessment, Tie
>>> import datetime as dt
>>> a = Assessment(date=dt.date(2024, 1, 1),
...                actors=(Actor("gp", "GP", True, "primary_care"), Actor("nurse", "Nurse", True, "home_care"),
...                        Actor("son", "Son", False, "informal")),
...                ties=(Tie("gp", "nurse", "coordination"), Tie("gp", "son", "information")))
>>> m = intersectoral(a)
>>> m["ei_index"], m["brokers"]
(1.0, {'gp': 1.0})
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..model import Assessment
from .algorithms import betweenness
from .graph import Network, network

__all__ = ["INTERSECTORAL_KEYS", "intersectoral"]

INTERSECTORAL_KEYS = (
    "sectors",
    "sector_count",
    "sector_ties",
    "ei_index",
    "cross_sector_ties",
    "siloed_sectors",
    "brokers",
    "language_ties",
)


def intersectoral(data: Assessment | Network) -> dict[str, Any]:
    """The *Intersectoral links* measures of one assessment.

    Parameters
    ----------
    data : Assessment or Network

    Returns
    -------
    dict
        In the spec's order: ``sectors`` (sorted codes), ``sector_count``, ``sector_ties``
        (``"s1|s2"`` → edge count, keys sorted), ``ei_index`` (float in [-1, 1] or None
        without edges), ``cross_sector_ties``, ``siloed_sectors``, ``brokers`` (id →
        normalised betweenness rounded to 4 decimals, ordered by value then id),
        ``language_ties``.
    """
    net = network(data)
    sector = {i: a.sector for i, a in net.actors.items()}
    language = {i: a.language for i, a in net.actors.items()}
    sectors = sorted(set(sector.values()))
    ties: dict[str, int] = {}
    external = 0
    internal = 0
    lang_ties = 0
    outward: set[str] = set()  # sectors with an edge to another sector
    for x, y in net.edges:
        sx, sy = sector[x], sector[y]
        key = f"{sx}|{sy}" if sx <= sy else f"{sy}|{sx}"
        ties[key] = ties.get(key, 0) + 1
        if sx == sy:
            internal += 1
        else:
            external += 1
            outward.add(sx)
            outward.add(sy)
        lx, ly = language[x], language[y]
        if lx and ly and lx != ly:
            lang_ties += 1
    total = external + internal
    siloed = [s for s in sectors if s not in outward] if len(sectors) >= 2 else []
    brokers: dict[str, float] = {}
    if total and _may_broker(net.adjacency):
        bc = betweenness(net.adjacency, normalized=True)
        values = [(round(v, 4), i) for i, v in bc.items() if v > 0]
        brokers = {i: v for v, i in sorted(values)}
    return {
        "sectors": sectors,
        "sector_count": len(sectors),
        "sector_ties": {k: ties[k] for k in sorted(ties)},
        "ei_index": (external - internal) / total if total else None,
        "cross_sector_ties": external,
        "siloed_sectors": siloed,
        "brokers": brokers,
        "language_ties": lang_ties,
    }


def _may_broker(adj: Mapping[str, Mapping[str, object]]) -> bool:
    """True when some node has two neighbours not tied to each other.

    Only such a node can lie inside a shortest path, so without one every betweenness
    is 0 (e.g. a graph of pairs and cliques) and computing it can be skipped.
    """
    for nbrs in adj.values():
        if len(nbrs) >= 2:
            others = list(nbrs)
            for i, u in enumerate(others):
                tied = adj[u]
                for w in others[i + 1:]:
                    if w not in tied:
                        return True
    return False
