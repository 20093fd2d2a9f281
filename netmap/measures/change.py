"""Change between two assessments of a situation: who came and went, which needs moved, every measure side by side.

Examples
--------
>>> from netmap.model import Actor, Assessment, Need
>>> import datetime as dt
>>> before = Assessment(date=dt.date(2024, 1, 1), needs=(Need("n1", "housing"),))
>>> after = Assessment(date=dt.date(2024, 6, 1), actors=(Actor("ais", "AIS", True, "housing"),),
...                    needs=(Need("n1", "housing", covered_by=("ais",)),))
>>> c = compare(before, after, consent="given")
>>> c["actors"]["added"], c["needs"]["newly_covered"], c["measures"]["coverage"]
(['ais'], ['n1'], {'earlier': 0.0, 'later': 1.0})
>>> [f["code"] for f in c["findings"]["gone"]], [f["code"] for f in c["findings"]["new"]]
(['UNCOVERED_NEED'], ['ISOLATED_PROVIDER', 'SOLE_PROVIDER'])
"""

from __future__ import annotations

from typing import Any

from ..model import Assessment
from ..taxonomy import Taxonomy, default_taxonomy
from .evaluate import MEASURE_KEYS, measure_assessment
from .flags import finding_changes
from .graph import network

__all__ = ["compare"]


def _tie_kinds(a: Assessment) -> dict[tuple[str, str], list[str]]:
    """Each unordered pair of actors (a < b) → the sorted kinds of its ties."""
    kinds: dict[tuple[str, str], set[str]] = {}
    for t in a.ties:
        kinds.setdefault((min(t.a, t.b), max(t.a, t.b)), set()).add(t.kind)
    return {pair: sorted(k) for pair, k in kinds.items()}


def compare(earlier: Assessment, later: Assessment, *, consent: str,
            taxonomy: Taxonomy | None = None) -> dict[str, Any]:
    """What changed from ``earlier`` to ``later`` (two assessments of the same situation).

    Parameters
    ----------
    earlier, later : Assessment
    consent : str
        The person's consent (the situation's: there is no default), for the readiness criteria of both.
    taxonomy : Taxonomy, optional

    Returns
    -------
    dict
        ``earlier`` and ``later`` (ISO dates); ``actors``: ``added`` and ``removed`` (active
        in one and not in the other), ``exhaustion_changed`` (``{"id", "earlier", "later"}``
        for actors active in both); ``needs``: ``added`` (active later, not earlier),
        ``met`` (active earlier, ``met`` later), ``newly_covered`` and ``newly_uncovered``
        (active in both, coverage by a provider gained or lost); ``ties``, where a tie is its
        unordered pair ``a < b``: ``added`` and ``removed`` as ``[a, b, kinds]``, ``changed``
        (a pair in both whose set of kinds changed, e.g. conflict → coordination) as
        ``[a, b, kinds_before, kinds_after]``, kinds sorted; ``measures``: every measure key →
        ``{"earlier", "later"}``; ``readiness``, ``fragility`` and ``flags`` the same way;
        ``findings``: ``new`` and ``gone`` flags, matched by (code, ids) as in a what-if.
        Every list is sorted.
    """
    tax = taxonomy or default_taxonomy()
    e_net, l_net = network(earlier), network(later)
    e_out = measure_assessment(e_net, consent=consent, taxonomy=tax, sentences=False)
    l_out = measure_assessment(l_net, consent=consent, taxonomy=tax, sentences=False)
    e_act, l_act = e_net.actors, l_net.actors
    exhaustion = [
        {"id": i, "earlier": e_act[i].exhaustion, "later": l_act[i].exhaustion}
        for i in sorted(set(e_act) & set(l_act)) if e_act[i].exhaustion != l_act[i].exhaustion
    ]
    e_needs = {n.id for n in e_net.needs}
    l_needs = {n.id for n in l_net.needs}
    later_status = {n.id: n.status for n in later.needs}
    both = e_needs & l_needs
    e_ties, l_ties = _tie_kinds(earlier), _tie_kinds(later)
    return {
        "earlier": earlier.date.isoformat(),
        "later": later.date.isoformat(),
        "actors": {
            "added": sorted(set(l_act) - set(e_act)),
            "removed": sorted(set(e_act) - set(l_act)),
            "exhaustion_changed": exhaustion,
        },
        "needs": {
            "added": sorted(l_needs - e_needs),
            "met": sorted(i for i in e_needs if later_status.get(i) == "met"),
            "newly_covered": sorted(i for i in both if not e_net.cover[i] and l_net.cover[i]),
            "newly_uncovered": sorted(i for i in both if e_net.cover[i] and not l_net.cover[i]),
        },
        "ties": {
            "added": [[a, b, l_ties[a, b]] for a, b in sorted(l_ties.keys() - e_ties.keys())],
            "removed": [[a, b, e_ties[a, b]] for a, b in sorted(e_ties.keys() - l_ties.keys())],
            "changed": [[a, b, e_ties[a, b], l_ties[a, b]] for a, b in sorted(e_ties.keys() & l_ties.keys())
                        if e_ties[a, b] != l_ties[a, b]],
        },
        "measures": {k: {"earlier": e_out["measures"][k], "later": l_out["measures"][k]} for k in MEASURE_KEYS},
        "readiness": {"earlier": e_out["readiness"], "later": l_out["readiness"]},
        "fragility": {"earlier": e_out["fragility"], "later": l_out["fragility"]},
        "flags": {"earlier": e_out["flags"], "later": l_out["flags"]},
        "findings": finding_changes(e_out["flags"], l_out["flags"]),
    }
