"""Fragility across situations: how many networks raise each flag, by level, and how many are ready."""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from ..measures.flags import FLAG_SEVERITY
from ..model import Situation
from ..taxonomy import Taxonomy
from .disclosure import RawTable
from .filters import Filters, followed, pick_measures
from .indicators import has_indicators, ids_where, indicator_names

__all__ = ["LEVELS", "flag_codes", "fragility_from", "fragility_raw"]

LEVELS = ("high", "medium", "low", "none")
FRAGILITY_COLUMNS = ["code", "situations", "share"]


def flag_codes() -> tuple[str, ...]:
    """The flag codes of the measures in use, in the order of the spec's flag table (read from netmap.measures)."""
    return tuple(FLAG_SEVERITY)


def fragility_raw(situations: list[Situation], measures: pd.DataFrame, filters: Filters, taxonomy: Taxonomy,
                  k: int = 5) -> RawTable:
    """Rows: every flag code of the measures (spec order, then unknown codes found in the data),
    ``level:high`` … ``level:none``, and ``ready``.

    ``situations``: situations *followed* in the period (opened on or before its end, not
    closed before its start: the population of ``key_figures``) with at least one such
    flag / at that fragility level / ready, at their latest assessment on or before the
    period's end; ``share``: of the followed situations with such an assessment (4
    decimals; null when there are none), published as the ratio of the perturbed count to
    the perturbed number of situations measured. The level rows add up to the followed
    situations assessed by the period's end (every followed situation, when each is
    assessed at opening).
    """
    return fragility_from({s.id for s in followed(situations, filters)}, measures, filters)


def fragility_from(follow: set[str], measures: pd.DataFrame, filters: Filters) -> RawTable:
    """:func:`fragility_raw` from the ids of the situations followed in the period."""
    latest = pick_measures(measures, filters, follow)
    ids_by: dict[str, set[str]] = defaultdict(set)
    if len(latest) and has_indicators(latest):  # a compact frame: a mask per flag and level (netmap.aggregate.indicators)
        sids = latest["situation"].to_numpy(dtype=object)
        levels = latest["fragility"].to_numpy(dtype=object)
        masks = {code: latest[f"_flag:{code}"] for code in indicator_names(latest, "_flag:")}
        masks.update({f"level:{lv}": levels == lv for lv in LEVELS})
        masks["ready"] = latest["ready"].fillna(False).astype(bool)
        for key, mask in masks.items():
            found_ids = ids_where(sids, mask)
            if found_ids:
                ids_by[key] = found_ids
    elif len(latest):
        for sid, codes, level, ready in zip(latest["situation"], latest["flag_codes"], latest["fragility"],
                                            latest["ready"].fillna(False).astype(bool), strict=True):
            for c in set(codes or ()):
                ids_by[c].add(sid)
            ids_by[f"level:{level}"].add(sid)
            if ready:
                ids_by["ready"].add(sid)
    known = flag_codes()
    found = {c for c in ids_by if not c.startswith("level:") and c != "ready"}
    codes = [*known, *sorted(found - set(known)), *(f"level:{lv}" for lv in LEVELS), "ready"]
    ids = [frozenset(ids_by.get(c, ())) for c in codes]
    total = len(latest)
    data = pd.DataFrame({"code": codes, "situations": [len(x) for x in ids]})
    data["share"] = [round(len(x) / total, 4) if total else None for x in ids]
    return RawTable(data[FRAGILITY_COLUMNS], ids={"situations": ids}, kinds={"situations": "count"},
                    shares={"share": ("situations", None)}, population=frozenset(latest["situation"]) if total else (),
                    links={"situations": ("share",)})
