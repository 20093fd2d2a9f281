"""Grey zones: which directory services a person fits, and who fits none.

The service directory (netmap/data/taxonomy/services.json) gives each service's criteria as a
conjunction of conditions (``condition_keys`` in that file). Conditions on needs use the
active needs of the latest assessment dated on or before the period's end; a situation
with no such assessment (e.g. a request refused before any assessment) has no recorded
need, so it fits no service that asks for one.

Examples
--------
>>> from netmap.model import Person, Situation
>>> s = Situation("x", "kirikou-cm", Person(region="namur", housing="own_home", demand="expressed",
...               consent="given", age=15), dt.date(2019, 1, 1), "pending")
>>> eligible_services(s, default_taxonomy())
[]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from ..measures.fragility import is_exhausted
from ..model import Assessment, Situation
from ..taxonomy import Taxonomy, default_taxonomy
from .disclosure import RawTable
from .filters import AGE_BANDS, Filters, age_band

__all__ = ["eligible_services", "fits", "fits_facts", "greyzones_detail", "greyzones_from", "greyzones_raw",
           "network_exhausted"]

GREYZONE_COLUMNS = ["age_band", "region", "housing", "situations", "of_total"]
UNKNOWN_BAND = "unknown"


def network_exhausted(a: Assessment | None, taxonomy: Taxonomy | None) -> bool:
    """Whether the informal network of ``a`` is exhausted: no active informal actor, or one of them exhausted."""
    informal = [x for x in (a.active_actors if a else ()) if not x.formal]
    return not informal or any(is_exhausted(x.exhaustion, taxonomy) for x in informal)


def fits(criteria: Mapping[str, Any], situation: Situation, assessment: Assessment | None,
         taxonomy: Taxonomy | None = None) -> bool:
    """Whether the person and network fit every condition of ``criteria`` (see services.json).

    "Exhausted" reads the taxonomy's exhaustion scale (:func:`netmap.measures.is_exhausted`).
    """
    domains = {n.domain for n in assessment.active_needs} if assessment else set()
    return fits_facts(criteria, situation.person, domains, lambda: network_exhausted(assessment, taxonomy))


def fits_facts(criteria: Mapping[str, Any], p: Any, domains: set[str] | frozenset[str],
               exhausted: Callable[[], bool]) -> bool:
    """:func:`fits` on facts: a person ``p`` (age, region, housing, demand), the active need domains of the
    assessment judged, and whether its informal network is exhausted (asked only when a criterion needs it)."""
    for key, value in criteria.items():
        if key == "age_min" and (p.age is None or p.age < value):
            return False
        if key == "age_max" and (p.age is None or p.age > value):
            return False
        if key == "regions" and p.region not in value:
            return False
        if key == "housing" and p.housing not in value:
            return False
        if key == "demand" and p.demand not in value:
            return False
        if key == "needs_any" and not domains.intersection(value):
            return False
        if key == "network_exhausted" and exhausted() != bool(value):
            return False
        if key == "any_of" and not any(fits_facts(c, p, domains, exhausted) for c in value):
            return False
    return True


def eligible_services(situation: Situation, taxonomy: Taxonomy | None = None, *,
                      at: dt.date | None = None) -> list[str]:
    """Sorted ids of the directory services whose criteria the situation fits.

    Needs are the active needs of the latest assessment dated on or before ``at``
    (default: the latest assessment).
    """
    tax = taxonomy or default_taxonomy()
    a = situation.assessment_at(at)
    return sorted(sid for sid, svc in tax.services.items() if fits(svc.criteria, situation, a, tax))


def greyzones_raw(situations: list[Situation], filters: Filters, taxonomy: Taxonomy, k: int = 5) -> RawTable:
    """Persons fitting no directory service, by age band × region × housing.

    ``age_band`` is ``"unknown"`` when the age is not recorded. ``situations`` counts the
    persons in a grey zone; ``of_total`` is their share of all situations aggregated (4
    decimals), hidden with ``situations``. Only groups with at least one such person are
    listed, sorted by age band, region and housing.
    """
    end = filters.period_end
    grey = [s for s in situations if not eligible_services(s, taxonomy, at=end)]
    return greyzones_from(pd.DataFrame({
        "age_band": [age_band(s.person.age) or UNKNOWN_BAND for s in grey],
        "region": [s.person.region for s in grey],
        "housing": [s.person.housing for s in grey],
        "situation": [s.id for s in grey],
    }), frozenset(s.id for s in situations))


def greyzones_from(df: pd.DataFrame, population: frozenset[str]) -> RawTable:
    """The grey-zones table from one row per person in a grey zone (``age_band``, ``region``, ``housing``,
    ``situation``) and the ids of all situations aggregated."""
    total = len(population)
    order = {b: i for i, b in enumerate((*AGE_BANDS, UNKNOWN_BAND))}
    g = df.groupby(["age_band", "region", "housing"]).agg(situations=("situation", "size"),
                                                          ids=("situation", frozenset)).reset_index()
    g["of_total"] = (g["situations"] / total).round(4) if total else None
    g = g.sort_values(["age_band", "region", "housing"], key=lambda c: c.map(order) if c.name == "age_band" else c)
    g = g.reset_index(drop=True)
    data = g[GREYZONE_COLUMNS].astype({"situations": int})
    return RawTable(data, ids={"situations": list(g["ids"])}, kinds={"situations": "count"},
                    shares={"of_total": ("situations", None)}, population=population,
                    links={"situations": ("of_total",)})


def greyzones_detail(situations: list[Situation], filters: Filters, taxonomy: Taxonomy) -> pd.DataFrame:
    """One row per situation: ``situation``, ``eligible`` (sorted service ids that fit; empty = grey zone).

    Internal use only (k = 0): it lists situation ids.
    """
    end = filters.period_end
    return pd.DataFrame({
        "situation": [s.id for s in situations],
        "eligible": [eligible_services(s, taxonomy, at=end) for s in situations],
    }, columns=["situation", "eligible"])
