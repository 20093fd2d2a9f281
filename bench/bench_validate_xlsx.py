"""Time `netmap validate FILE.xlsx` on a 1,000-situation workbook, as a whole process.

The workbook replicates the two example situations of tests/data under new ids
(500 copies of each: about 16,000 actor rows, 16,000 tie rows, 10,000 need rows).
Wall time depends on what else runs on the machine; the CPU time of the process (user +
system) is printed too. Run from the repository root:

    python bench/bench_validate_xlsx.py [--situations 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from netmap.io.excel import write_xlsx  # noqa: E402
from netmap.io.json_files import read_json  # noqa: E402


def build(n: int) -> list:
    examples = read_json(ROOT / "tests" / "data" / "youth-brussels.json") + read_json(
        ROOT / "tests" / "data" / "elderly-namur.json")
    return [dataclasses.replace(examples[i % len(examples)], id=f"BENCH-{i:05d}") for i in range(n)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--situations", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.xlsx"
        sits = build(args.situations)
        t0 = time.perf_counter()
        write_xlsx(sits, path)
        written = time.perf_counter() - t0
        rows = sum(1 + sum(len(a.actors) + len(a.ties) + len(a.needs) + len(a.actions) + 1 for a in s.assessments)
                   + len(s.meetings) + len(s.funding) + len(s.requesters) for s in sits)
        print(f"workbook: {args.situations} situations, {rows} rows, {path.stat().st_size / 1e6:.1f} MB, "
              f"written in {written:.2f} s")
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        times, cpu = [], []
        for _ in range(args.repeat):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "netmap", "validate", str(path)], env=env,
                                  capture_output=True, text=True)
            times.append(time.perf_counter() - t0)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            if done.returncode != 0:
                print(done.stderr, file=sys.stderr)
                return 1
        print(f"netmap validate: median {statistics.median(times):.2f} s wall over {args.repeat} runs "
              f"(min {min(times):.2f} s, max {max(times):.2f} s), median {statistics.median(cpu):.2f} s CPU "
              f"(what a quiet machine would take); {done.stdout.strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
