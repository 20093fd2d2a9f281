"""Run the benchmarks one after another and print their figures (`make bench`).

    python bench/run.py            # every benchmark at the sizes of bench/README.md
    python bench/run.py --quick    # smaller sizes: a check that each still runs (a few minutes)
    python bench/run.py map assess # only these (names as in bench_<name>.py)

Each benchmark runs in its own process, as run by hand; the dashboard benchmark needs
Debian's chromium and chromedriver and is skipped without them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

# name -> (arguments at README sizes, arguments for --quick)
BENCHMARKS: dict[str, tuple[list[str], list[str]]] = {
    "import": ([], []),
    "validate_xlsx": ([], ["--situations", "200", "--repeat", "1"]),
    "assess": ([], ["--sizes", "1000", "--repeat", "1"]),
    "map": ([], ["--repeat", "1"]),
    "aggregate": ([], ["--n", "1000"]),
    "dashboard": ([], ["--n", "1000", "--changes", "5"]),
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names", nargs="*", metavar="NAME",
                    help=f"benchmarks to run (default: all of {', '.join(BENCHMARKS)})")
    ap.add_argument("--quick", action="store_true", help="small sizes, one repetition")
    args = ap.parse_args()
    unknown = [n for n in args.names if n not in BENCHMARKS]
    if unknown:
        ap.error(f"unknown benchmark {', '.join(unknown)}; expected some of {', '.join(BENCHMARKS)}")
    # the netmap of this checkout, whatever the environment has installed
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE.parent), os.environ.get("PYTHONPATH")]))}
    failed = []
    for name in args.names or list(BENCHMARKS):
        full, quick = BENCHMARKS[name]
        if name == "dashboard" and not (shutil.which("chromium") and shutil.which("chromedriver")):
            print(f"== {name}: skipped (needs chromium and chromedriver)", flush=True)
            continue
        cmd = [sys.executable, str(HERE / f"bench_{name}.py"), *(quick if args.quick else full)]
        print(f"== {name}: {' '.join(cmd[1:])}", flush=True)
        started = time.perf_counter()
        done = subprocess.run(cmd, cwd=HERE.parent, env=env)
        print(f"== {name}: {'ok' if done.returncode == 0 else 'FAILED'} in {time.perf_counter() - started:.1f} s",
              flush=True)
        if done.returncode:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
