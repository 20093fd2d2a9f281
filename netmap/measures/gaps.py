"""Gaps: needs nobody covers, needs resting on one provider or on informal carers only.

Definitions in shared/spec/measures.md, table *Gaps*. The case manager never counts as
covering a need: cov(n) keeps only providers.

Examples
--------
>>> from netmap.model import Actor, Assessment, Need
>>> import datetime as dt
>>> a = Assessment(date=dt.date(2024, 1, 1),
...                actors=(Actor("cm", "CM", True, "social_work", case_manager=True),
...                        Actor("son", "Son", False, "informal")),
...                needs=(Need("n1", "housing", covered_by=("cm",)), Need("n2", "basic_adl", covered_by=("son",))))
>>> g = gaps(a)
>>> g["uncovered_needs"], g["informal_only_needs"], g["missing_sectors"], g["coverage"]
(['n1'], ['n2'], ['housing'], 0.5)
"""

from __future__ import annotations

from typing import Any

from ..model import Assessment
from ..taxonomy import Taxonomy, default_taxonomy
from .graph import Network, network

__all__ = ["GAPS_KEYS", "gaps"]

GAPS_KEYS = ("uncovered_needs", "thin_needs", "informal_only_needs", "missing_sectors", "coverage")


def gaps(data: Assessment | Network, *, taxonomy: Taxonomy | None = None) -> dict[str, Any]:
    """The *Gaps* measures of one assessment.

    Parameters
    ----------
    data : Assessment or Network
    taxonomy : Taxonomy, optional
        Gives the primary sector of each need domain (default: :func:`default_taxonomy`).

    Returns
    -------
    dict
        ``uncovered_needs``, ``thin_needs``, ``informal_only_needs``, ``missing_sectors``
        (sorted lists of ids or codes) and ``coverage`` (a float in [0, 1], or None when
        there is no active need), in that order.
    """
    net = network(data)
    tax = taxonomy or default_taxonomy()
    uncovered, thin, informal_only = [], [], []
    for n in net.needs:
        cov = net.cover[n.id]
        if not cov:
            uncovered.append(n.id)
            continue
        if len(cov) == 1:
            thin.append(n.id)
        if all(net.actors[x].sector == "informal" for x in cov):
            informal_only.append(n.id)
    provider_sectors = {net.actors[p].sector for p in net.providers}
    missing = set()
    uncovered_set = set(uncovered)
    for n in net.needs:
        if n.id in uncovered_set:
            dom = tax.domains.get(n.domain)
            if dom is not None and dom.primary_sector not in provider_sectors:
                missing.add(dom.primary_sector)
    total = len(net.needs)
    return {
        "uncovered_needs": sorted(uncovered),
        "thin_needs": sorted(thin),
        "informal_only_needs": sorted(informal_only),
        "missing_sectors": sorted(missing),
        "coverage": (total - len(uncovered)) / total if total else None,
    }
