"""A differencing attack on published aggregates, as an outsider with the public dashboard would run it.

The attacker publishes (or reads) the same table for all regions and for each region, for
all age bands and for each band, for periods one month apart, and two related tables, and
subtracts: whenever a small count (1 to k−1 persons) is hidden in one query and every
other number the subtraction needs is published, the attacker's estimate is

- filter value: (table over everyone) − (sum of the table over every other region / band);
- period: (requests from January to month m) − (requests from January to month m − 1), for
  the hidden requests of month m in the caseload table;
- table: (situations followed, key figures) − (sum of the other fragility levels), for a
  hidden fragility level.

:func:`differencing_attack` counts the hidden small counts tried and those recovered
exactly (the estimate equals the true count, read from the same query at k = 0). It only
needs a function ``published(name, filters, k)`` giving a published table, so the same
attack runs on any version of netmap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import pandas as pd

AGE_BANDS = ("0-11", "12-17", "18-23", "24-64", "65+")
# table → (columns identifying a row, counts attacked)
TABLES = {
    "needs": (("domain",), ("situations", "uncovered_first", "uncovered_latest", "informal_only_latest")),
    "fragility": (("code",), ("situations",)),
    "sectors": (("sector",), ("present", "missing")),
}


@dataclass
class Outcome:
    """Hidden small counts the attacker tried, and those recovered exactly, by kind of attack."""

    tried: dict[str, int] = field(default_factory=dict)
    exact: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, estimate: float, true: int) -> None:
        self.tried[kind] = self.tried.get(kind, 0) + 1
        self.exact[kind] = self.exact.get(kind, 0) + int(estimate == true)

    @property
    def share(self) -> float:
        tried = sum(self.tried.values())
        return sum(self.exact.values()) / tried if tried else 0.0


def _num(v) -> float | None:
    if isinstance(v, str) or v is None or pd.isna(v):
        return None
    return float(v)


def _cells(df: pd.DataFrame, keys: tuple[str, ...], cols: tuple[str, ...]) -> dict:
    out = {}
    for row in df.to_dict("records"):
        for c in cols:
            out[(tuple(row[k] for k in keys), c)] = row[c]
    return out


def differencing_attack(published: Callable[[str, object, int], pd.DataFrame], filters_cls, regions: list[str],
                        year: int, k: int = 5, quarters_from: tuple[int, ...] = (1, 4, 7, 10),
                        months: tuple[int, ...] = tuple(range(2, 13))) -> Outcome:
    """Run the three attacks over ``year`` (the quarters starting in ``quarters_from``; the cumulative periods
    ending with ``months``) at threshold ``k``."""
    out = Outcome()
    quarters = [(dt.date(year, m, 1), (dt.date(year, m + 3, 1) if m < 10 else dt.date(year + 1, 1, 1))
                 - dt.timedelta(days=1)) for m in quarters_from]
    for start, end in quarters:
        base = filters_cls(date_from=start, date_to=end)
        for dim, values in (("region", regions), ("age_band", AGE_BANDS)):
            for name, (keys, cols) in TABLES.items():
                whole = _cells(published(name, base, k), keys, cols)
                parts = {v: _cells(published(name, replace(base, **{dim: v}), k), keys, cols) for v in values}
                truth = {v: _cells(published(name, replace(base, **{dim: v}), 0), keys, cols) for v in values}
                for v in values:
                    for cell, true in truth[v].items():
                        if not (1 <= true < k) or _num(parts[v].get(cell)) is not None:
                            continue  # not a hidden small count
                        total = _num(whole.get(cell, 0))
                        others = [_num(parts[w].get(cell, 0)) for w in values if w != v]
                        if total is None or any(o is None for o in others):
                            continue  # the subtraction needs a hidden number: not tried
                        out.add(f"filter:{dim}", total - sum(others), true)
        # two related tables: situations followed (key figures) and the fragility levels
        for f in [base, *(replace(base, region=r) for r in regions), *(replace(base, age_band=b) for b in AGE_BANDS)]:
            kf = published("key_figures", f, k)
            frag = published("fragility", f, k).set_index("code")["situations"]
            exact = published("fragility", f, 0).set_index("code")["situations"]
            levels = [c for c in frag.index if str(c).startswith("level:")]
            for lv in levels:
                true = int(exact[lv])
                if not (1 <= true < k) or _num(frag[lv]) is not None:
                    continue
                total = _num(kf["situations"].iloc[0])
                others = [_num(frag[o]) for o in levels if o != lv]
                if total is None or any(o is None for o in others):
                    continue
                out.add("table", total - sum(others), true)
    # periods one month apart: cumulative requests since January against the month's requests
    for m in months:
        start = dt.date(year, 1, 1)
        end = dt.date(year, m + 1, 1) - dt.timedelta(days=1) if m < 12 else dt.date(year, 12, 31)
        prev_end = dt.date(year, m, 1) - dt.timedelta(days=1)
        for extra in [{}, *({"region": r} for r in regions)]:
            now = published("key_figures", filters_cls(date_from=start, date_to=end, **extra), k)
            before = published("key_figures", filters_cls(date_from=start, date_to=prev_end, **extra), k)
            month = filters_cls(date_from=dt.date(year, m, 1), date_to=end, **extra)
            cl = published("caseload", month, k)
            cl0 = published("caseload", month, 0)
            for col in ("requests", "refused_saturation"):
                pub = [_num(v) for v in cl[col]]
                true = int(pd.to_numeric(cl0[col]).sum())
                if not (1 <= true < k) or all(p is not None for p in pub):
                    continue
                a, b = _num(now[col].iloc[0]), _num(before[col].iloc[0])
                if a is None or b is None:
                    continue
                out.add("period", a - b, true)
    return out
