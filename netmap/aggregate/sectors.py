"""Sectors across situations: presence and absence, partner organisations, ties between sectors.

Organisation names are free text typed by case managers; two spellings that differ only
by case or spacing are one organisation (shown with its most frequent spelling). The
case-management function itself (actors with ``case_manager``) is not a partner.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import pandas as pd

from ..model import Situation
from ..taxonomy import Taxonomy
from .disclosure import RawTable
from .filters import Filters, pick_measures
from .needs import assessment_of, ordered

__all__ = ["intersectoral_raw", "organisation_key", "partners_raw", "sectors_raw"]

SECTORS_COLUMNS = ["sector", "present", "missing", "organisations"]
PARTNERS_COLUMNS = ["sector", "organisation", "situations"]
INTERSECTORAL_COLUMNS = ["sector_a", "sector_b", "ties", "situations"]


def organisation_key(name: str) -> str:
    """The key under which spellings of one organisation are counted together.

    >>> organisation_key("  CPAS  de Namur ") == organisation_key("cpas de namur")
    True
    """
    return " ".join(name.split()).casefold()


def _partners(situations: list[Situation], latest: pd.DataFrame) -> tuple[dict, dict]:
    """(sector, org key) → situation ids, and org key → spelling counts, over the judged assessments."""
    by_id = {s.id: s for s in situations}
    where: dict[tuple[str, str], set[str]] = defaultdict(set)
    spellings: dict[str, Counter] = defaultdict(Counter)
    for sid, date in zip(latest["situation"], latest["assessment"], strict=True):
        a = assessment_of(by_id[sid], date)
        for actor in a.active_actors if a else ():
            if actor.case_manager or not actor.organisation or not actor.organisation.strip():
                continue
            key = organisation_key(actor.organisation)
            where[(actor.sector, key)].add(sid)
            spellings[key][" ".join(actor.organisation.split())] += 1
    return where, spellings


def _count_lists(series: pd.Series) -> Counter:
    """How many rows hold each item of a column of lists (an item counted once per row)."""
    exploded = series.map(lambda v: sorted(set(v)) if v is not None and not isinstance(v, float) else []).explode()
    return Counter(exploded.dropna().value_counts().to_dict())


def sectors_raw(situations: list[Situation], measures: pd.DataFrame, filters: Filters, taxonomy: Taxonomy,
                k: int = 5) -> RawTable:
    """One row per sector (taxonomy order; sectors present or missing somewhere).

    ``present``: situations with an active actor of that sector (measure ``sectors``);
    ``missing``: situations where it is in ``missing_sectors``; ``organisations``: distinct
    organisation names of active non-case-manager actors of that sector, hidden with
    ``present``.
    """
    latest = pick_measures(measures, filters, {s.id for s in situations})
    present = _count_lists(latest["sectors"]) if len(latest) else Counter()
    missing = _count_lists(latest["missing_sectors"]) if len(latest) else Counter()
    where, _ = _partners(situations, latest)
    orgs = Counter(sector for sector, _key in where)
    sectors = ordered(set(present) | set(missing), taxonomy.sectors)
    data = pd.DataFrame({
        "sector": sectors,
        "present": [present[s] for s in sectors],
        "missing": [missing[s] for s in sectors],
        "organisations": [orgs[s] for s in sectors],
    }, columns=SECTORS_COLUMNS).astype({"present": int, "missing": int, "organisations": int})
    return RawTable(data, support={"present": data["present"], "missing": data["missing"],
                                   "organisations": data["present"]},
                    counts=("present", "missing"), links={"present": ("organisations",)})


def partners_raw(situations: list[Situation], measures: pd.DataFrame, filters: Filters, taxonomy: Taxonomy,
                 k: int = 5, *, generalise: bool = False) -> RawTable:
    """One row per sector × organisation: situations where an active actor of it takes part.

    Sorted by sector (taxonomy order), then by decreasing ``situations``, then organisation.
    With ``generalise`` (de-identified output: organisation names are free text) there is
    one row per sector, ``organisation`` null, counting situations with any named
    organisation of that sector.
    """
    latest = pick_measures(measures, filters, {s.id for s in situations})
    where, spellings = _partners(situations, latest)
    if generalise:
        merged: dict[tuple[str, str], set[str]] = defaultdict(set)
        for (sec, _key), ids in where.items():
            merged[(sec, "")] |= ids
        where, spellings = merged, defaultdict(Counter, {"": Counter({None: 1})})
    order = {s: i for i, s in enumerate(ordered({sec for sec, _ in where}, taxonomy.sectors))}
    rows = [(sec, spellings[key].most_common(1)[0][0], len(ids)) for (sec, key), ids in where.items()]
    rows.sort(key=lambda r: (order[r[0]], -r[2], (r[1] or "").casefold()))
    data = pd.DataFrame(rows, columns=PARTNERS_COLUMNS).astype({"situations": int})
    return RawTable(data, support={"situations": data["situations"]}, counts=("situations",))


def intersectoral_raw(situations: list[Situation], measures: pd.DataFrame, filters: Filters, taxonomy: Taxonomy,
                      k: int = 5) -> RawTable:
    """One row per unordered sector pair with at least one tie (``sector_a`` ≤ ``sector_b`` as in ``sector_ties``).

    ``ties``: summed ``sector_ties``; ``situations``: situations with at least one such
    tie. ``ties`` is hidden with ``situations``. Sorted by sector_a, sector_b in taxonomy order.
    """
    latest = pick_measures(measures, filters, {s.id for s in situations})
    pairs = [(sid, key, int(n)) for sid, st in zip(latest["situation"], latest["sector_ties"], strict=True)
             for key, n in (st or {}).items() if n]
    pt = pd.DataFrame(pairs, columns=["situation", "pair", "ties"])
    g = pt.groupby("pair").agg(ties=("ties", "sum"), situations=("situation", "nunique")).reset_index()
    split = g["pair"].str.split("|", n=1, expand=True) if len(g) else pd.DataFrame({0: [], 1: []})
    g["sector_a"], g["sector_b"] = split[0], split[1]
    rank = {s: i for i, s in enumerate(taxonomy.sectors)}
    g["ka"] = g["sector_a"].map(lambda s: (rank.get(s, len(rank)), s))
    g["kb"] = g["sector_b"].map(lambda s: (rank.get(s, len(rank)), s))
    g = g.sort_values(["ka", "kb"]) if len(g) else g
    data = g.reindex(columns=INTERSECTORAL_COLUMNS).reset_index(drop=True)
    data = data.astype({"ties": int, "situations": int})
    return RawTable(data, support={"ties": data["situations"], "situations": data["situations"]},
                    counts=("situations",), links={"situations": ("ties",)})
