"""Issue 16 at scale: `netmap import` of a synthetic folder, and every aggregate over the store, at 10⁴–10⁵ situations.

Make the data once (it takes a while) and reuse it::

    python -m netmap synth --n 100000 --seed 16 -o /tmp/s100k
    python bench/bench_scale.py import /tmp/s100k --store sqlite:////tmp/s100k.sqlite3
    python bench/bench_scale.py aggregate --store sqlite:////tmp/s100k.sqlite3
    python bench/bench_dashboard.py --store sqlite:////tmp/s100k.sqlite3 --n 100000   # cold, then again: warm

``import``: the whole `netmap import` process — wall time, CPU and peak resident memory
(``ru_maxrss`` of the child, from ``os.wait4``). ``aggregate``: in one process, the time to
load what the aggregates read (the compact tables; with ``--code`` pointing at a checkout
from before issue 16, every situation and the cached measure table), then each table at
k = 0 and k = 5 over all situations and over one service and year, and the peak memory;
then one whole `netmap aggregate` process. ``--code DIR`` runs another checkout's netmap
(before/after). Figures are printed as JSON; nothing is asserted. The machine may be
shared: the load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).absolute().parent.parent


def _env(code: str) -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(code) + os.pathsep + os.environ.get("PYTHONPATH", ""))


def run_process(cmd: list[str], code: str) -> dict[str, float]:
    """Wall, CPU and peak RSS of one whole process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=code, env=_env(code), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    out = proc.stdout.read().decode() if proc.stdout else ""
    if status != 0:
        sys.exit(f"failed: {' '.join(cmd)}")
    return {"wall_s": round(wall, 1), "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
            "peak_rss_mb": round(usage.ru_maxrss / 1024), "stdout_tail": out.strip()[-160:]}


def bench_import(folder: str, store: str, code: str) -> dict:
    path = Path(store.removeprefix("sqlite:///"))
    for p in path.parent.glob(path.name + "*"):
        p.unlink()
    res = run_process([sys.executable, "-m", "netmap", "import", folder, "--store", store], code)
    res["store_mb"] = round(sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6)
    return res


def bench_aggregate(store: str, code: str) -> dict:
    sys.path.insert(0, str(code))
    from netmap.aggregate import TABLES, Filters, aggregate, cell_keys_for
    from netmap.store import open_store

    keys = cell_keys_for(store)
    out: dict = {}
    t0 = time.perf_counter()
    try:
        from netmap.aggregate.compact import CompactData

        with open_store(store, create=False) as s:
            data = CompactData.from_store(s)
        args: tuple = (data,)
        out["engine"] = "compact columns (pandas)"
    except ImportError:  # before issue 16: every situation as model objects, the cached measure table
        from netmap.measures import measure_table

        with open_store(store, create=False) as s:
            sits = s.load_all()
            args = (sits, measure_table(sits, cache=s))
        out["engine"] = "model objects + measure table"
    out["load_s"] = round(time.perf_counter() - t0, 2)
    out["rss_after_load_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    year = Filters(service="kirikou-cm", date_from=dt.date(2023, 1, 1), date_to=dt.date(2023, 12, 31))
    tables = {}
    for name in TABLES:
        row = {}
        for label, f in (("all", Filters(date_to=dt.date(2025, 12, 31))), ("service_year", year)):
            for k in (0, 5):
                t1 = time.perf_counter()
                aggregate(name, *args, filters=f, k=k, cell_keys=keys if k else None)
                row[f"{label}_k{k}_s"] = round(time.perf_counter() - t1, 3)
        tables[name] = row
    out["tables"] = tables
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    out["cli_fragility_k5_process"] = run_process(
        [sys.executable, "-m", "netmap", "aggregate", "fragility", store, "--k", "5", "--to", "2025-12-31"], code)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=("import", "aggregate"))
    ap.add_argument("folder", nargs="?", help="the synthetic JSON folder (import)")
    ap.add_argument("--store", required=True, metavar="URL", help="sqlite:////absolute/path (replaced by import)")
    ap.add_argument("--code", default=str(ROOT), metavar="DIR", help="the checkout to run (default: this one)")
    args = ap.parse_args()
    result: dict = {"what": args.what, "code": args.code, "load_average_1min": round(os.getloadavg()[0], 2)}
    if args.what == "import":
        if not args.folder:
            ap.error("import needs the folder of situations")
        result["situations"] = sum(1 for _ in Path(args.folder).glob("*.json"))
        result.update(bench_import(args.folder, args.store, args.code))
    else:
        result.update(bench_aggregate(args.store, args.code))
    result["load_average_1min_end"] = round(os.getloadavg()[0], 2)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
