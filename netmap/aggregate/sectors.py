"""Sectors across situations: presence and absence, partner organisations, ties between sectors.

Organisation names are free text typed by case managers; two spellings that differ only
by case or spacing are one organisation (shown with its most frequent spelling). The
case-management function itself (actors with ``case_manager``) is not a partner.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

import pandas as pd

from ..model import Situation
from ..taxonomy import Taxonomy
from .disclosure import RawTable
from .filters import Filters, pick_measures, situation_ids
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


def _partners(situations: Sequence[Situation | str], latest: pd.DataFrame) -> tuple[dict, dict]:
    """(sector, org key) → situation ids, and org key → spelling counts, over the judged assessments.

    A measure frame from the store's compact tables carries each assessment's partners in column ``partners``.
    """
    if "partners" in latest.columns:
        return partner_sets(zip(latest["situation"], latest["partners"], strict=True))
    by_id = {s.id: s for s in situations if isinstance(s, Situation)}
    pairs = []
    for sid, date in zip(latest["situation"], latest["assessment"], strict=True):
        a = assessment_of(by_id[sid], date)
        pairs.append((sid, [(actor.sector, actor.organisation) for actor in (a.active_actors if a else ())
                            if not actor.case_manager and actor.organisation and actor.organisation.strip()]))
    return partner_sets(pairs)


def partner_sets(pairs: Iterable[tuple[str, Iterable[tuple[str, str]]]]) -> tuple[dict, dict]:
    """(sector, org key) → situation ids, and org key → spelling counts, from each situation's (sector,
    organisation) of its active partners (case-management actors and blank names left out)."""
    where: dict[tuple[str, str], set[str]] = defaultdict(set)
    spellings: dict[str, Counter] = defaultdict(Counter)
    for sid, found in pairs:
        for sector, organisation in found:
            key = organisation_key(organisation)
            where[(sector, key)].add(sid)
            spellings[key][" ".join(organisation.split())] += 1
    return where, spellings


def _where_lists(latest: pd.DataFrame, column: str) -> dict[str, set[str]]:
    """Item → the situations whose measure ``column`` (a list) holds it."""
    out: dict[str, set[str]] = defaultdict(set)
    if not len(latest):
        return out
    for sid, items in zip(latest["situation"], latest[column], strict=True):
        if items is None or isinstance(items, float):
            continue
        for item in set(items):
            out[item].add(sid)
    return out


def sectors_raw(situations: list[Situation], measures: pd.DataFrame, filters: Filters, taxonomy: Taxonomy,
                k: int = 5) -> RawTable:
    """One row per sector (taxonomy order; sectors present or missing somewhere).

    ``present``: situations with an active actor of that sector (measure ``sectors``);
    ``missing``: situations where it is in ``missing_sectors``; ``organisations``: distinct
    organisation names of active non-case-manager actors of that sector, hidden with
    ``present``.
    """
    latest = pick_measures(measures, filters, situation_ids(situations))
    present = _where_lists(latest, "sectors")
    missing = _where_lists(latest, "missing_sectors")
    where, _ = _partners(situations, latest)
    orgs = Counter(sector for sector, _key in where)
    org_ids: dict[str, set[str]] = defaultdict(set)
    for (sector, _key), sids in where.items():
        org_ids[sector] |= sids
    sectors = ordered(set(present) | set(missing), taxonomy.sectors)
    data = pd.DataFrame({
        "sector": sectors,
        "present": [len(present.get(s, ())) for s in sectors],
        "missing": [len(missing.get(s, ())) for s in sectors],
        "organisations": [orgs[s] for s in sectors],
    }, columns=SECTORS_COLUMNS).astype({"present": int, "missing": int, "organisations": int})
    return RawTable(data, ids={"present": [frozenset(present.get(s, ())) for s in sectors],
                               "missing": [frozenset(missing.get(s, ())) for s in sectors],
                               "organisations": [frozenset(org_ids.get(s, ())) for s in sectors]},
                    kinds={"present": "count", "missing": "count", "organisations": "events"},
                    links={"present": ("organisations",)})


def partners_raw(situations: list[Situation], measures: pd.DataFrame, filters: Filters, taxonomy: Taxonomy,
                 k: int = 5, *, generalise: bool = False) -> RawTable:
    """One row per sector × organisation: situations where an active actor of it takes part.

    Sorted by sector (taxonomy order), then by decreasing ``situations``, then organisation.
    With ``generalise`` (de-identified output: organisation names are free text) there is
    one row per sector, ``organisation`` null, counting situations with any named
    organisation of that sector.
    """
    latest = pick_measures(measures, filters, situation_ids(situations))
    where, spellings = _partners(situations, latest)
    if generalise:
        merged: dict[tuple[str, str], set[str]] = defaultdict(set)
        for (sec, _key), ids in where.items():
            merged[(sec, "")] |= ids
        where, spellings = merged, defaultdict(Counter, {"": Counter({None: 1})})
    order = {s: i for i, s in enumerate(ordered({sec for sec, _ in where}, taxonomy.sectors))}
    rows = [(sec, spellings[key].most_common(1)[0][0], len(ids), frozenset(ids)) for (sec, key), ids in where.items()]
    rows.sort(key=lambda r: (order[r[0]], -r[2], (r[1] or "").casefold()))
    data = pd.DataFrame([r[:3] for r in rows], columns=PARTNERS_COLUMNS).astype({"situations": int})
    return RawTable(data, ids={"situations": [r[3] for r in rows]}, kinds={"situations": "count"})


def intersectoral_raw(situations: list[Situation], measures: pd.DataFrame, filters: Filters, taxonomy: Taxonomy,
                      k: int = 5) -> RawTable:
    """One row per unordered sector pair with at least one tie (``sector_a`` ≤ ``sector_b`` as in ``sector_ties``).

    ``ties``: summed ``sector_ties``; ``situations``: situations with at least one such
    tie. ``ties`` is perturbed by the cell key of those situations and hidden with ``situations``. Sorted by sector_a, sector_b in taxonomy order.
    """
    latest = pick_measures(measures, filters, situation_ids(situations))
    pairs = [(sid, key, int(n)) for sid, st in zip(latest["situation"], latest["sector_ties"], strict=True)
             for key, n in (st or {}).items() if n]
    pt = pd.DataFrame(pairs, columns=["situation", "pair", "ties"])
    g = pt.groupby("pair").agg(ties=("ties", "sum"), situations=("situation", "nunique"),
                               ids=("situation", frozenset)).reset_index()
    split = g["pair"].str.split("|", n=1, expand=True) if len(g) else pd.DataFrame({0: [], 1: []})
    g["sector_a"], g["sector_b"] = split[0], split[1]
    rank = {s: i for i, s in enumerate(taxonomy.sectors)}
    g["ka"] = g["sector_a"].map(lambda s: (rank.get(s, len(rank)), s))
    g["kb"] = g["sector_b"].map(lambda s: (rank.get(s, len(rank)), s))
    g = g.sort_values(["ka", "kb"]).reset_index(drop=True) if len(g) else g
    data = g.reindex(columns=INTERSECTORAL_COLUMNS).reset_index(drop=True)
    data = data.astype({"ties": int, "situations": int})
    ids = list(g["ids"]) if len(g) else []
    return RawTable(data, ids={"ties": ids, "situations": ids}, kinds={"ties": "events", "situations": "count"},
                    links={"situations": ("ties",)})


SILOED_COLUMNS = ["sector", "present", "siloed", "share"]
LANGUAGE_TIES_COLUMNS = ["situations", "ties"]


def siloed_raw(situations: list[Situation], measures: pd.DataFrame, filters: Filters, taxonomy: Taxonomy,
               k: int = 5) -> RawTable:
    """One row per sector siloed somewhere: ``present`` (situations with an active actor of it), ``siloed``
    (situations where it is in ``siloed_sectors``) and ``share`` = siloed / present.

    Sorted by decreasing ``siloed``, then sector. Published, the share is the ratio of the
    two perturbed counts.
    """
    latest = pick_measures(measures, filters, situation_ids(situations))
    present = _where_lists(latest, "sectors")
    siloed = _where_lists(latest, "siloed_sectors")
    keys = sorted(siloed, key=lambda s: (-len(siloed[s]), s))
    data = pd.DataFrame({
        "sector": keys,
        "present": [len(present.get(s, ())) for s in keys],
        "siloed": [len(siloed[s]) for s in keys],
        "share": [round(len(siloed[s]) / len(present[s]), 4) if present.get(s) else None for s in keys],
    }, columns=SILOED_COLUMNS).astype({"present": int, "siloed": int})
    return RawTable(data, ids={"present": [frozenset(present.get(s, ())) for s in keys],
                               "siloed": [frozenset(siloed[s]) for s in keys]},
                    kinds={"present": "count", "siloed": "count"}, shares={"share": ("siloed", "present")},
                    links={"siloed": ("share",)})


def language_ties_raw(situations: list[Situation], measures: pd.DataFrame, filters: Filters, taxonomy: Taxonomy,
                      k: int = 5) -> RawTable:
    """One row: ``situations`` with a tie between actors of different working languages, and those ``ties``."""
    latest = pick_measures(measures, filters, situation_ids(situations))
    pairs = [(sid, int(v or 0)) for sid, v in zip(latest["situation"], latest["language_ties"], strict=True)] \
        if len(latest) else []
    ids = frozenset(sid for sid, v in pairs if v > 0)
    data = pd.DataFrame([{"situations": len(ids), "ties": sum(v for _, v in pairs)}], columns=LANGUAGE_TIES_COLUMNS)
    return RawTable(data, ids={"situations": [ids], "ties": [ids]}, kinds={"situations": "count", "ties": "events"},
                    links={"situations": ("ties",)})
