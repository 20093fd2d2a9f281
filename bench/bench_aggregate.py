"""Benchmark: every aggregate over N synthetic situations from a computed measure table, and the yearly report.

Targets (issue 5): each aggregate under 2 s for 10,000 situations once the measure table
is cached; the yearly report under 10 s.

Run: ``PYTHONPATH=. python bench/bench_aggregate.py [--n 10000] [--seed 1]``
Uses :func:`netmap.synth.generate` when present; otherwise it multiplies the hand-built
kirikou situations of tests/data/yearly (new ids, dates shifted over five years, regions,
services and ages varied, some actors dropped) so that the measures still vary.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from dataclasses import replace
from pathlib import Path

from netmap.aggregate import TABLES, Filters, aggregate, raw_table
from netmap.io import load
from netmap.model import Situation

HERE = Path(__file__).resolve().parent
SERVICES = ("kirikou-cm", "bru-stars-cm", "brusano-cm", "dune-liaison", "mobile-107-precarite")
REGIONS = ("namur", "bruxelles", "liege")


def _shift(d: dt.date | None, days: int) -> dt.date | None:
    return d + dt.timedelta(days=days) if d else None


def multiplied(n: int, seed: int) -> list[Situation]:
    """``n`` situations varied from the kirikou test set (fallback when netmap.synth is absent)."""
    rng = random.Random(seed)
    base = load(HERE.parent / "tests" / "data" / "yearly")
    out = []
    for i in range(n):
        s = rng.choice(base)
        days = rng.randrange(0, 5 * 365)
        drop = {a.id for a in (s.assessments[-1].actors if s.assessments else ()) if rng.random() < 0.2
                and a.id not in ("cm", "psy")}
        assessments = tuple(replace(a, date=_shift(a.date, days), actors=tuple(
            replace(x, active=x.id not in drop) for x in a.actors)) for a in s.assessments)
        person = replace(s.person, region=rng.choice(REGIONS), age=rng.randrange(0, 90))
        out.append(replace(
            s, id=f"B{i:06d}", service=rng.choice(SERVICES), person=person, requested=_shift(s.requested, days),
            opened=_shift(s.opened, days), closed=_shift(s.closed, days), assessments=assessments,
            meetings=tuple(replace(m, date=_shift(m.date, days)) for m in s.meetings),
            funding=tuple(replace(f, date=_shift(f.date, days)) for f in s.funding)))
    return out


def situations(n: int, seed: int) -> tuple[list[Situation], str]:
    try:
        from netmap.synth import generate
    except ImportError:
        return multiplied(n, seed), "kirikou set multiplied"
    return list(generate(n, seed)), "netmap.synth"


def timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    from netmap.measures import measure_table
    from netmap.report.yearly import yearly_report_html

    t = time.perf_counter()
    sits, source = situations(args.n, args.seed)
    print(f"{len(sits)} situations ({source}) built in {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    measures = measure_table(sits)
    print(f"measure table: {len(measures)} rows in {time.perf_counter() - t:.1f} s (not timed below: cached)")
    years = sorted({s.requested.year for s in sits})
    year = years[len(years) // 2]
    f = Filters(date_from=dt.date(year, 1, 1), date_to=dt.date(year, 12, 31))
    print(f"{'table':<14} {'all time':>9} {'one year':>9} {'publish':>9}  rows")
    worst = 0.0
    for name in TABLES:
        a = timed(lambda name=name: aggregate(name, sits, measures, as_of=dt.date(year + 1, 12, 31)))
        b = timed(lambda name=name: aggregate(name, sits, measures, filters=f))
        raw = raw_table(name, sits, measures, filters=f)
        from netmap.aggregate.cellkey import CellKeys
        from netmap.aggregate.disclosure import publish

        c = timed(lambda raw=raw: publish(raw, 5, CellKeys(bytes(32))))
        worst = max(worst, a, b)
        print(f"{name:<14} {a:>8.3f}s {b:>8.3f}s {c:>8.3f}s  {len(raw.data)}")
    print(f"slowest aggregate: {worst:.3f} s (target < 2 s)")
    service = max(SERVICES, key=lambda sv: sum(s.service == sv for s in sits))
    r = timed(lambda: yearly_report_html(sits, year, service=service, measures=measures), repeat=1)
    r_all = timed(lambda: yearly_report_html(sits, year, measures=measures), repeat=1)
    print(f"yearly report {year}: one service {r:.2f} s, all services {r_all:.2f} s (target < 10 s)")


if __name__ == "__main__":
    main()
