"""The key figures of a set of situations (the dashboard's overview), as one aggregate table.

Every number of the overview comes from here, on one population: the situations
*followed* in the period (opened on or before its end and not closed before its start),
at their latest assessment dated on or before the period's end.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..model import Situation
from ..taxonomy import Taxonomy
from .disclosure import RawTable
from .filters import Filters, followed, pick_measures
from .indicators import has_indicators
from .indicators import nonempty as _nonempty

__all__ = ["KEY_FIGURES_COLUMNS", "key_figures_from", "key_figures_raw"]

KEY_FIGURES_COLUMNS = ["situations", "in_progress", "requests", "refused_saturation", "coverage_mean",
                       "with_exhausted_actor", "with_uncovered_need", "ready"]


def key_figures_raw(situations: list[Situation], measures: pd.DataFrame, filters: Filters, taxonomy: Taxonomy,
                    k: int = 5) -> RawTable:
    """One row: ``situations`` followed in the period; ``in_progress``: of the situations, those opened and not
    closed on ``as_of``; ``requests`` dated in the period and, of them, ``refused_saturation``;
    ``coverage_mean`` (4 decimals), ``with_exhausted_actor``, ``with_uncovered_need`` and ``ready`` over the
    followed situations, at their latest assessment on or before the period's end.
    """
    end, on, start = filters.period_end, filters.judged_on, filters.date_from
    follow = followed(situations, filters)
    ids = {
        "situations": {s.id for s in follow},
        "in_progress": {s.id for s in situations
                        if s.opened is not None and s.opened <= on and (s.closed is None or s.closed > on)},
        "requests": {s.id for s in situations if s.requested <= end and (start is None or s.requested >= start)},
    }
    ids["refused_saturation"] = {s.id for s in situations if s.id in ids["requests"]
                                 and s.outcome == "refused_saturation"}
    return key_figures_from(ids, measures, filters)


def key_figures_from(ids: dict[str, set[str]], measures: pd.DataFrame, filters: Filters) -> RawTable:
    """:func:`key_figures_raw` from the ids of ``situations``, ``in_progress``, ``requests`` and
    ``refused_saturation``."""
    latest = pick_measures(measures, filters, ids["situations"])
    n = len(latest)
    sids = latest["situation"].to_numpy(dtype=object)
    # masks made with map() in C rather than a Python loop per row: the overview asks for this table twice per
    # filter change (this period and the one before)
    coverage = np.fromiter((np.nan if c is None else float(c) for c in latest["coverage"]), float, n)
    known = ~np.isnan(coverage)
    covered = coverage[known].tolist()  # summed in row order, as before
    ids["coverage_mean"] = set(sids[known].tolist())
    for key, column in (("with_exhausted_actor", "exhausted_actors"), ("with_uncovered_need", "uncovered_needs")):
        mask = (latest[f"_any:{column}"].to_numpy() if has_indicators(latest)
                else np.fromiter(map(_nonempty, latest[column]), bool, n))
        ids[key] = set(sids[mask].tolist())
    ids["ready"] = set(sids[np.fromiter(map(bool, latest["ready"]), bool, n)].tolist())
    values: dict[str, float | None] = {c: len(ids[c]) for c in KEY_FIGURES_COLUMNS}
    values["coverage_mean"] = round(sum(covered) / len(covered), 4) if covered else None
    data = pd.DataFrame([values], columns=KEY_FIGURES_COLUMNS)
    kinds = {c: "count" for c in KEY_FIGURES_COLUMNS}
    kinds["coverage_mean"] = "mean"
    return RawTable(data, ids={c: [frozenset(ids[c])] for c in KEY_FIGURES_COLUMNS}, kinds=kinds)
