"""Needs across situations: which life domains go uncovered, at opening and now.

The measure table gives need *ids*; their domains are read from the assessments the
rows stand for (:func:`domains_of`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

import pandas as pd

from ..model import Assessment, Situation
from ..taxonomy import Taxonomy
from .disclosure import RawTable
from .filters import Filters, one_row_each, pick_measures, situation_ids
from .indicators import domains_of_needs as _domains
from .indicators import has_indicators, ids_where, indicator_names

__all__ = ["assessment_of", "domains_of", "first_rows", "needs_raw", "ordered"]

NEEDS_COLUMNS = ["domain", "situations", "uncovered_first", "uncovered_latest", "informal_only_latest"]


def assessment_of(situation: Situation, date: object) -> Assessment | None:
    """The assessment of ``situation`` dated ``date`` (a date, a Timestamp or an ISO string)."""
    if isinstance(date, dt.datetime):
        day = date.date()
    elif isinstance(date, dt.date):
        day = date
    else:
        day = pd.Timestamp(date).date()
    return situation.assessment_on(day)


def domains_of(assessment: Assessment | None, need_ids: Iterable[str] | None) -> set[str]:
    """The domains of the needs ``need_ids`` in ``assessment``."""
    if assessment is None or need_ids is None:
        return set()
    by_id = {n.id: n.domain for n in assessment.needs}
    return {by_id[i] for i in need_ids if i in by_id}


def first_rows(measures: pd.DataFrame, ids: Iterable[str]) -> pd.DataFrame:
    """The measure row of each situation's first assessment."""
    keep = set(ids)
    if "_sit" in measures.columns:  # a compact frame: by row numbers
        return one_row_each(measures, measures["situation"].isin(keep).to_numpy(), last=False)
    m = measures[measures["situation"].isin(keep)]
    if m.empty:
        return m.reset_index(drop=True)
    dates = pd.to_datetime(m["assessment"])
    return m[dates == dates.groupby(m["situation"]).transform("min")].drop_duplicates("situation").reset_index(drop=True)


def ordered(codes: Iterable[str], order: Iterable[str]) -> list[str]:
    """``codes`` in the order of ``order`` (taxonomy order), unknown codes last, sorted."""
    present = set(codes)
    known = [c for c in order if c in present]
    return known + sorted(present - set(known))


def needs_raw(situations: list[Situation] | list[str], measures: pd.DataFrame, filters: Filters, taxonomy: Taxonomy,
              k: int = 5) -> RawTable:
    """One row per need domain (taxonomy order; domains with any non-zero count).

    ``situations``: situations with an active need of that domain at the assessment the
    table judges (the latest on or before the period's end); ``uncovered_latest`` /
    ``informal_only_latest``: situations where a need of that domain is in
    ``uncovered_needs`` / ``informal_only_needs`` there; ``uncovered_first``: situations
    where it is in ``uncovered_needs`` at their first assessment. A situation counts once
    per domain, however many needs of that domain it has.
    """
    compact = "need_domains" in measures.columns  # a measure frame from the store's compact tables
    by_id = {s.id: s for s in situations if isinstance(s, Situation)} if not compact else {}
    latest = pick_measures(measures, filters, situation_ids(situations))
    first = first_rows(measures, latest["situation"])
    where: dict[str, dict[str, set[str]]] = {c: defaultdict(set) for c in NEEDS_COLUMNS[1:]}

    def judged(frame: pd.DataFrame) -> Iterable[tuple[str, set[str], dict[str, str]] | None]:
        """Per row: (situation, domains of its active needs, need id → domain), or None without the assessment."""
        if compact:
            yield from zip(frame["situation"], frame["active_domains"], frame["need_domains"], strict=True)
            return
        for sid, date in zip(frame["situation"], frame["assessment"], strict=True):
            a = assessment_of(by_id[sid], date)
            yield None if a is None else (sid, {n.domain for n in a.active_needs}, {n.id: n.domain for n in a.needs})

    if compact and has_indicators(latest):  # a mask per domain (netmap.aggregate.indicators), not a loop per row
        for column, prefix, frame in (("situations", "_d:active:", latest), ("uncovered_latest", "_d:uncovered:", latest),
                                      ("informal_only_latest", "_d:informal:", latest),
                                      ("uncovered_first", "_d:uncovered:", first)):
            sids = frame["situation"].to_numpy(dtype=object)
            for d in indicator_names(frame, prefix):
                found = ids_where(sids, frame[prefix + d])
                if found:
                    where[column][d] = found
        latest, first = latest.iloc[0:0], first.iloc[0:0]  # nothing left for the loops below
    for fact, unc, inf in zip(judged(latest), latest["uncovered_needs"], latest["informal_only_needs"], strict=True):
        if fact is None:
            continue
        sid, active, domain_of = fact
        for d in active:
            where["situations"][d].add(sid)
        for d in _domains(domain_of, unc):
            where["uncovered_latest"][d].add(sid)
        for d in _domains(domain_of, inf):
            where["informal_only_latest"][d].add(sid)
    for fact, unc in zip(judged(first), first["uncovered_needs"], strict=True):
        if fact is not None:
            for d in _domains(fact[2], unc):
                where["uncovered_first"][d].add(fact[0])
    domains = ordered(set().union(*where.values()), taxonomy.domains)
    ids = {c: [frozenset(where[c].get(d, ())) for d in domains] for c in NEEDS_COLUMNS[1:]}
    data = pd.DataFrame({"domain": domains, **{c: [len(x) for x in ids[c]] for c in NEEDS_COLUMNS[1:]}},
                        columns=NEEDS_COLUMNS)
    data = data.astype({c: int for c in NEEDS_COLUMNS[1:]})
    return RawTable(data, ids=ids, kinds=dict.fromkeys(NEEDS_COLUMNS[1:], "count"))
