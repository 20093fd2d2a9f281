"""Which situations an aggregate covers: service, period, region, age band, and the day of judgement.

A situation belongs to the period [``date_from``, ``date_to``] when its span overlaps it.
The span starts on ``requested``; it ends on ``closed`` for a closed follow-up, on
``requested`` for a request that was refused or redirected (a single event), and stays
open for a follow-up in progress or a pending request.

Examples
--------
>>> age_band(17), age_band(18), age_band(65), age_band(None)
('12-17', '18-23', '65+', None)
>>> f = Filters(date_from=dt.date(2019, 1, 1), date_to=dt.date(2019, 12, 31))
>>> f.period_end, f.judged_on
(datetime.date(2019, 12, 31), datetime.date(2019, 12, 31))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ..errors import UsageError
from ..model import Situation
from .names import AGE_BANDS

__all__ = [
    "AGE_BANDS",
    "Filters",
    "age_band",
    "followed",
    "month_range",
    "pick_measures",
    "published_filters",
    "select",
    "situation_frame",
    "situation_ids",
]


_BAND_LOW = (0, 12, 18, 24, 65)
_SINGLE_EVENT = ("refused_saturation", "refused_criteria", "redirected")


def age_band(age: int | None) -> str | None:
    """The age band of an age at request (``None`` when the age is unknown)."""
    if age is None:
        return None
    band = None
    for low, name in zip(_BAND_LOW, AGE_BANDS, strict=True):
        if age >= low:
            band = name
    return band


@dataclass(frozen=True, slots=True)
class Filters:
    """What to aggregate over.

    Parameters
    ----------
    service, region, age_band
        Keep only situations of that service, person region, age band (``AGE_BANDS``).
    date_from, date_to
        The period; either may be open.
    as_of
        The day on which "in progress" is judged: a follow-up closed after it, or opened
        after it, counts as not (yet) closed / opened. Default: the period's end, or today.
    """

    service: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    region: str | None = None
    age_band: str | None = None
    as_of: dt.date | None = None

    def __post_init__(self) -> None:
        if self.age_band is not None and self.age_band not in AGE_BANDS:
            raise UsageError(f"unknown age band; expected one of {', '.join(AGE_BANDS)}")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise UsageError("the period starts after it ends: expected --from on or before --to")

    @property
    def period_end(self) -> dt.date:
        """The period's end: ``date_to``, else ``as_of``, else today."""
        return self.date_to or self.as_of or dt.date.today()

    @property
    def judged_on(self) -> dt.date:
        """The day "in progress" is judged (``as_of``, default the period's end)."""
        return self.as_of or self.period_end


def _in_period(s: Situation, start: dt.date | None, end: dt.date) -> bool:
    if s.requested > end:
        return False
    if start is None:
        return True
    if s.closed is not None:
        last = s.closed
    elif s.outcome in _SINGLE_EVENT:
        last = s.requested
    else:
        return True
    return last >= start


def select(situations: Iterable[Situation], filters: Filters | None = None) -> list[Situation]:
    """The situations that pass ``filters`` (all of them when ``filters`` is None), in input order."""
    f = filters or Filters()
    end = f.period_end
    out = []
    for s in situations:
        if f.service is not None and s.service != f.service:
            continue
        if f.region is not None and s.person.region != f.region:
            continue
        if f.age_band is not None and age_band(s.person.age) != f.age_band:
            continue
        if not _in_period(s, f.date_from, end):
            continue
        out.append(s)
    return out


def followed(situations: Iterable[Situation], filters: Filters | None = None) -> list[Situation]:
    """The situations followed in the period: opened on or before its end (as known on ``judged_on``)
    and not closed before its start."""
    f = filters or Filters()
    end, on, start = f.period_end, f.judged_on, f.date_from
    return [s for s in situations if s.opened is not None and s.opened <= min(end, on)
            and (start is None or s.closed is None or s.closed > on or s.closed >= start)]


def situation_ids(situations: Iterable[Situation | str]) -> set[str]:
    """The ids of ``situations``: Situation objects, or ids already (the store's compact tables give ids)."""
    return {s if isinstance(s, str) else s.id for s in situations}


def published_filters(filters: Filters | None, k: int) -> Filters:
    """The filters of a published query (``k`` ≥ 1): its period and day of judgement snapped to whole calendar months.

    ``date_from`` moves to the first day of its month, ``date_to`` and ``as_of`` to the last
    day of theirs, so that two published queries never differ by a few days (a person
    counted in one and not the other). Internal queries (``k`` = 0) keep their days.

    >>> f = published_filters(Filters(date_from=dt.date(2019, 3, 14), date_to=dt.date(2019, 2, 2) + dt.timedelta(120)), 5)
    >>> f.date_from, f.date_to, f.as_of
    (datetime.date(2019, 3, 1), datetime.date(2019, 6, 30), None)

    Without ``--to`` nor ``--as-of`` the period ends with the current month (not today).
    """
    f = filters or Filters()
    if k <= 0:
        return f

    def month_end(d: dt.date | None) -> dt.date | None:
        if d is None:
            return None
        nxt = d.replace(day=28) + dt.timedelta(days=4)
        return nxt - dt.timedelta(days=nxt.day)

    as_of = month_end(f.as_of)
    if f.date_to is None and as_of is None:
        as_of = month_end(dt.date.today())
    return replace(f, date_from=f.date_from.replace(day=1) if f.date_from else None,
                   date_to=month_end(f.date_to), as_of=as_of)


def situation_frame(situations: list[Situation], filters: Filters | None = None) -> pd.DataFrame:
    """One row per situation: id, service, region, age_band, housing, requested, opened, closed, outcome.

    ``opened`` and ``closed`` are as known on ``filters.judged_on``: a date after it is
    blanked (NaT). Dates are ``datetime64`` so tables can be built with vectorised pandas.
    """
    f = filters or Filters()
    on = f.judged_on
    rows = {
        "situation": [s.id for s in situations],
        "service": [s.service for s in situations],
        "region": [s.person.region for s in situations],
        "age_band": [age_band(s.person.age) for s in situations],
        "housing": [s.person.housing for s in situations],
        "outcome": [s.outcome for s in situations],
        "requested": [s.requested for s in situations],
        "opened": [s.opened if s.opened and s.opened <= on else None for s in situations],
        "closed": [s.closed if s.closed and s.closed <= on else None for s in situations],
    }
    df = pd.DataFrame(rows)
    for col in ("requested", "opened", "closed"):
        df[col] = pd.to_datetime(df[col])
    # a follow-up not opened on the day of judgement cannot be closed on it
    df.loc[df["opened"].isna(), "closed"] = pd.NaT
    return df


def month_range(start: dt.date, end: dt.date) -> list[str]:
    """The months ``YYYY-MM`` from the month of ``start`` to the month of ``end``, inclusive."""
    if start > end:
        return []
    return [p.strftime("%Y-%m") for p in pd.period_range(start, end, freq="M")]


def pick_measures(measures: pd.DataFrame, filters: Filters | None, ids: Iterable[str]) -> pd.DataFrame:
    """For each situation in ``ids``, the measure row of its latest assessment dated on or before the period's end.

    Situations without such an assessment have no row. The result is indexed 0..n-1.
    """
    f = filters or Filters()
    if measures.empty:
        return measures.iloc[0:0].copy()
    keep = set(ids)
    end = pd.Timestamp(f.period_end)
    if "_sit" in measures.columns:  # a compact frame: by row numbers, no grouping (measured: 22 ms → 4 ms, 29,000 rows)
        return one_row_each(measures, measures["situation"].isin(keep).to_numpy()
                            & (measures["_day"] <= end).to_numpy(), last=True)
    # a compact measure frame carries the dates as datetime64 already (``_day``): no conversion per query
    day = measures["_day"] if "_day" in measures.columns else pd.to_datetime(measures["assessment"])
    m = measures[measures["situation"].isin(keep) & (day <= end)]
    if m.empty:
        return m.reset_index(drop=True)
    dates = day.loc[m.index] if "_day" in measures.columns else pd.to_datetime(m["assessment"])
    latest = dates.groupby(m["situation"]).transform("max")
    return m[dates == latest].drop_duplicates("situation").reset_index(drop=True)


def one_row_each(measures: pd.DataFrame, keep: np.ndarray, *, last: bool) -> pd.DataFrame:
    """Of the rows ``keep`` of a compact measure frame, each situation's latest (``last``) or first by date,
    in the frame's order, indexed 0..n-1 (what grouping by situation and taking the max or min date gives:
    a situation has one assessment per date)."""
    rows = np.flatnonzero(keep)
    sit = measures["_sit"].to_numpy()[rows]
    # by situation, then date, then (two rows of one date: the frame's first wins, as drop_duplicates keeps it) row
    order = np.lexsort((-rows if last else rows, measures["_day"].to_numpy()[rows], sit))
    rows, sit = rows[order], sit[order]
    if last:
        edge = np.append(sit[1:] != sit[:-1], True) if len(sit) else np.zeros(0, dtype=bool)
    else:
        edge = np.insert(sit[1:] != sit[:-1], 0, True) if len(sit) else np.zeros(0, dtype=bool)
    return measures.take(np.sort(rows[edge])).reset_index(drop=True)
