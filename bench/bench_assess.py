"""Benchmark: `netmap assess FOLDER --json` against the plain reference loop, as whole processes.

Usage: python bench/bench_assess.py [--sizes 3000 10000] [--repeat 3] [--work DIR]

Generates the datasets with bench/generate_situations.py (once, kept in --work), then for
each size runs both commands --repeat times, interleaved, with stdout to a file, and reports
the best wall time with its CPU time (user + sys of the process and its workers), and the
ratio of the median wall times too (the machine's speed varies from run to run). Checks that both
outputs hold the same objects once netmap's sentences are removed. Targets: netmap at
most half the reference's wall time; 10,000 situations under 10 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable


def timed(cmd: list[str], out: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``cmd`` (stdout to ``out``)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    with open(out, "wb") as fh:
        subprocess.run(cmd, stdout=fh, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def same_output(netmap_out: Path, reference_out: Path) -> bool:
    got = json.loads(netmap_out.read_text(encoding="utf-8"))
    for obj in got:
        for f in obj["flags"]:
            del f["fr"], f["en"]
    want = json.loads(reference_out.read_text(encoding="utf-8"))
    return got == want


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[3000, 10000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "netmap-bench")
    args = ap.parse_args()
    print(f"cores: {len(os.sched_getaffinity(0))}; load average at start: {os.getloadavg()[0]:.2f}")
    for n in args.sizes:
        folder = args.work / f"situations-{n}"
        if not folder.is_dir() or len(list(folder.glob("*.json"))) != n:
            subprocess.run([PY, str(HERE / "generate_situations.py"), str(n), str(folder)], check=True)
        runs = {"netmap": [PY, "-m", "netmap", "assess", str(folder), "--json"],
                "reference": [PY, str(HERE / "reference_assess.py"), str(folder)]}
        walls: dict[str, list[float]] = {name: [] for name in runs}
        best: dict[str, tuple[float, float]] = {}
        for _ in range(args.repeat):  # interleaved, so a slow spell of the machine hits both
            for name, cmd in runs.items():
                wall, cpu = timed(cmd, args.work / f"{name}-{n}.json")
                walls[name].append(wall)
                if name not in best or wall < best[name][0]:
                    best[name] = (wall, cpu)
        ok = same_output(args.work / f"netmap-{n}.json", args.work / f"reference-{n}.json")
        (nw, nc), (rw, rc) = best["netmap"], best["reference"]
        nm, rm = statistics.median(walls["netmap"]), statistics.median(walls["reference"])
        print(f"{n:>6} situations: netmap {nw:6.2f} s wall ({nc:6.2f} s CPU) | reference {rw:6.2f} s wall "
              f"({rc:6.2f} s CPU) | ratio {nw / rw:.2f} (best runs), {nm / rm:.2f} (medians {nm:.2f} / {rm:.2f} s) "
              f"| same objects: {ok}")


if __name__ == "__main__":
    main()
