"""Benchmark of the store: `netmap import` of 1,000 JSON files as a whole process, and load_all of 10,000.

Run from the repository root: ``python bench/bench_import.py [--store-dir DIR] [--pg URL]``.
Situations are the two examples of tests/data replicated with new ids and perturbed
indexed fields (service, region, age), so they stay valid. Figures are printed; nothing is asserted.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from netmap.io import load  # noqa: E402
from netmap.io.json_files import write_json_folder  # noqa: E402
from netmap.model import Situation  # noqa: E402
from netmap.store import open_store  # noqa: E402

SERVICES = ("brusano-cm", "bru-stars-cm", "kirikou-cm", "namur-cm", "liege-cm")
REGIONS = ("bruxelles", "namur", "liege", "hainaut", "luxembourg")


def synthetic(n: int, seed: int = 1) -> list[Situation]:
    """n valid situations: the examples with new ids and perturbed service, region and age."""
    rng = random.Random(seed)
    base = load(ROOT / "tests" / "data")
    out = []
    for i in range(n):
        s = base[i % len(base)]
        person = dataclasses.replace(s.person, region=rng.choice(REGIONS),
                                     age=max(0, min(120, (s.person.age or 40) + rng.randint(-3, 3))))
        out.append(dataclasses.replace(s, id=f"BENCH-{i:06d}", service=rng.choice(SERVICES), person=person))
    return out


def _cpu() -> float:
    """CPU seconds of this process and its finished children: less sensitive than wall time to a busy machine."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _timed(label: str, fn):
    t0, c0 = time.perf_counter(), _cpu()
    result = fn()
    wall, cpu = time.perf_counter() - t0, _cpu() - c0
    print(f"{label:<58} {wall:7.2f} s wall {cpu:7.2f} s CPU")
    return result, wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--store-dir", default=None, help="where to put the SQLite files (default: a temporary folder)")
    ap.add_argument("--pg", default=os.environ.get("NETMAP_TEST_PG_URL"),
                    help="also time a PostgreSQL store (an empty database or schema); default $NETMAP_TEST_PG_URL")
    args = ap.parse_args()
    work = Path(args.store_dir or tempfile.mkdtemp(prefix="netmap-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}, "
          f"files in {work}")

    folder = work / "situations-1000"
    sits = synthetic(1000)
    write_json_folder(sits, folder)
    db = work / "x.sqlite3"
    for p in work.glob("x.sqlite3*"):
        p.unlink()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "netmap", "import", str(folder), "--store", f"sqlite:///{db}"]
    for label in ("netmap import 1,000 files, new SQLite store (process)",
                  "netmap import 1,000 files again (all identical) (process)"):
        proc, _ = _timed(label, lambda: subprocess.run(cmd, env=env, capture_output=True, text=True))
        if proc.returncode != 0:
            sys.exit(f"import failed: {proc.stderr}")
        print(f"    {proc.stdout.strip()}")
    _timed("python -m netmap --help (process start-up alone)",
           lambda: subprocess.run([sys.executable, "-m", "netmap", "--help"], env=env, capture_output=True))

    big = synthetic(10_000, seed=2)
    db10 = work / "x10k.sqlite3"
    for p in work.glob("x10k.sqlite3*"):
        p.unlink()
    with open_store(f"sqlite:///{db10}") as store:
        _timed("import_situations 10,000 (SQLite, one transaction)", lambda: store.import_situations(big))
        loaded, _ = _timed("load_all 10,000 (SQLite, hash-checked fast path)", store.load_all)
        assert len(loaded) == 10_000 and loaded[0] == big[0]
        _timed("load_all 10,000 (SQLite, revalidate=True)", lambda: store.load_all(revalidate=True))
    print(f"    SQLite file: {db10.stat().st_size / 1e6:.1f} MB")

    if args.pg:
        with open_store(args.pg) as store:
            store.delete(store.situation_ids())
            _timed("import_situations 10,000 (PostgreSQL, one transaction)", lambda: store.import_situations(big))
            _timed("load_all 10,000 (PostgreSQL, hash-checked fast path)", store.load_all)
            _timed("load_all 10,000 (PostgreSQL, revalidate=True)", lambda: store.load_all(revalidate=True))
            store.delete(store.situation_ids())


if __name__ == "__main__":
    main()
