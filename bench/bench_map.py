"""Time `netmap map` (.html, .svg) and `netmap report situation` on a 60-actor situation, beyond start-up.

Each command runs as a whole process, several times; the start-up of the CLI
(`python -c "import netmap.cli"`) is timed the same way and subtracted. Target: each
command under 1 s beyond start-up. Run: `python bench/bench_map.py [--repeat N]`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from viz_situations import big_dict  # noqa: E402  (the tests' builder of large situations)


def _time(cmd: list[str], repeat: int) -> float:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--actors", type=int, default=60)
    args = ap.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "big.json"
        src.write_text(json.dumps(big_dict(args.actors, sid="BENCH-60")), encoding="utf-8")
        base = _time([py, "-c", "import netmap.cli"], args.repeat)
        rows = [("start-up (import netmap.cli)", base, None)]
        for name, extra in (("map -o x.html", ["map", str(src), "-o", f"{tmp}/x.html"]),
                            ("map -o x.svg", ["map", str(src), "-o", f"{tmp}/x.svg"]),
                            ("report situation", ["report", "situation", str(src), "-o", f"{tmp}/r.html"])):
            total = _time([py, "-m", "netmap", *extra], args.repeat)
            rows.append((name, total, total - base))
    print(f"{args.actors} actors, 2 assessments, median of {args.repeat} runs")
    print(f"{'command':32} {'total s':>8} {'beyond start-up s':>18}")
    for name, total, beyond in rows:
        print(f"{name:32} {total:8.3f} {'' if beyond is None else f'{beyond:18.3f}'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
