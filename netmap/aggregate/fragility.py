"""Fragility across situations: how many networks raise each flag, by level, and how many are ready."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from ..measures.flags import FLAG_SEVERITY
from ..model import Situation
from ..taxonomy import Taxonomy
from .disclosure import Line, RawTable
from .filters import Filters, pick_measures

__all__ = ["FLAG_CODES", "LEVELS", "fragility_raw"]

FLAG_CODES = tuple(FLAG_SEVERITY)  # in the order of the spec's flag table
LEVELS = ("high", "medium", "low", "none")
FRAGILITY_COLUMNS = ["code", "situations", "share"]


def fragility_raw(situations: list[Situation], measures: pd.DataFrame, filters: Filters, taxonomy: Taxonomy,
                  k: int = 5) -> RawTable:
    """Rows: every flag code (in the order of the spec's flag table, then unknown codes),
    ``level:high`` … ``level:none``, and ``ready``.

    ``situations``: situations with at least one such flag / at that fragility level /
    ready, at their latest assessment on or before the period's end; ``share``: of the
    situations with such an assessment (4 decimals; null when there are none). The level
    rows add up to that number, which every published share reveals: they form a line
    for secondary suppression. Shares are hidden with their count, and all of them when
    fewer than k situations are measured.
    """
    latest = pick_measures(measures, filters, {s.id for s in situations})
    total = len(latest)
    flags: Counter = Counter()
    for codes in latest["flag_codes"] if total else ():
        flags.update(set(codes or ()))
    levels = Counter(latest["fragility"]) if total else Counter()
    ready = int(latest["ready"].fillna(False).astype(bool).sum()) if total else 0
    codes = list(FLAG_CODES) + sorted(set(flags) - set(FLAG_CODES))
    rows = [(c, flags[c]) for c in codes] + [(f"level:{lv}", levels[lv]) for lv in LEVELS] + [("ready", ready)]
    data = pd.DataFrame(rows, columns=["code", "situations"])
    data["share"] = (data["situations"] / total).round(4) if total else None
    data = data[FRAGILITY_COLUMNS]
    share_support = data["situations"] if total >= k else pd.Series(total, index=data.index)
    first_level = len(codes)
    line = Line(tuple((first_level + i, "situations") for i in range(len(LEVELS))), None)
    return RawTable(data, support={"situations": data["situations"], "share": share_support},
                    counts=("situations",), lines=[line], links={"situations": ("share",)})
