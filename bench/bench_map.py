"""Time `netmap map` (.html, .svg) and `netmap report situation` on a 60-actor situation, beyond start-up.

Each command runs as a whole process, several times; the start-up of the CLI
(`python -c "import netmap.cli"`) is timed the same way and subtracted. Target: each
command under 1 s beyond start-up. Run: `python bench/bench_map.py [--repeat N]`.
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from viz_situations import big_dict  # noqa: E402  (the tests' builder of large situations)


def _time(cmd: list[str], repeat: int) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system) of a whole process."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    wall, cpu = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run(cmd, check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
        wall.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(wall), statistics.median(cpu)


def _minus(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    return a[0] - b[0], a[1] - b[1]


def _in_process(src_dict: dict) -> None:
    """The same work inside one warm process: netmap's own share, without any import."""
    from netmap.io.canonical import situation_from_dict
    from netmap.report.situation import situation_report_html
    from netmap.viz.plotly_map import scene_figure
    from netmap.viz.pyvis_page import scene_page_html
    from netmap.viz.scene import ecomap_scene
    from netmap.viz.svg import scene_svg

    sit = situation_from_dict(src_dict)
    situation_report_html(sit)  # warm the caches (plotly.js, vis-network read once per process)
    scene_page_html(ecomap_scene(sit))
    for name, work in (("scene (measures + layout)", lambda: ecomap_scene(sit)),
                       ("scene + SVG", lambda: scene_svg(ecomap_scene(sit))),
                       ("scene + HTML page", lambda: scene_page_html(ecomap_scene(sit))),
                       ("scene + plotly figure", lambda: scene_figure(ecomap_scene(sit))),
                       ("concertation report", lambda: situation_report_html(sit))):
        runs = []
        for _ in range(5):
            t = time.perf_counter()
            work()
            runs.append(time.perf_counter() - t)
        print(f"in process, {name:30} {statistics.median(runs):.3f} s")


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
        measures = _time([py, "-c", "import netmap.measures"], args.repeat)
        rows.append(("import netmap.measures (pandas)", measures, _minus(measures, base)))  # paid by every command below
        for name, extra in (("map -o x.html", ["map", str(src), "-o", f"{tmp}/x.html"]),
                            ("map -o x.svg", ["map", str(src), "-o", f"{tmp}/x.svg"]),
                            ("report situation", ["report", "situation", str(src), "-o", f"{tmp}/r.html"])):
            total = _time([py, "-m", "netmap", *extra], args.repeat)
            rows.append((name, total, _minus(total, base)))
    print(f"{args.actors} actors, 2 assessments, median of {args.repeat} runs")
    _in_process(src_dict=big_dict(args.actors, sid="BENCH-60"))
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (wall times suffer on a shared machine)")
    print(f"{'command':34} {'wall s':>7} {'cpu s':>7} {'wall beyond start-up':>21} {'cpu beyond':>11}")
    for name, total, beyond in rows:
        extra = "" if beyond is None else f"{beyond[0]:21.3f} {beyond[1]:11.3f}"
        print(f"{name:34} {total[0]:7.3f} {total[1]:7.3f} {extra}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
