"""Speed of the synthetic data generator: `python bench/synth_speed.py [N] [SEED]` (default 10000, 1).

Times the three steps of `netmap synth --n N`: drawing the canonical objects, validating
them into model objects, and writing the folder of JSON files; prints the folder's size.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from netmap.io.canonical import situation_from_dict
from netmap.io.json_files import write_json_folder
from netmap.synth import generate_dicts


def main(n: int = 10_000, seed: int = 1) -> None:
    t0 = time.perf_counter()
    objs = generate_dicts(n, seed)
    t1 = time.perf_counter()
    sits = [situation_from_dict(o) for o in objs]
    t2 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        write_json_folder(sits, tmp)
        t3 = time.perf_counter()
        size = sum(p.stat().st_size for p in Path(tmp).glob("*.json"))
    total = t3 - t0
    print(f"n={n} seed={seed}")
    print(f"  draw      {t1 - t0:6.2f} s")
    print(f"  validate  {t2 - t1:6.2f} s")
    print(f"  write     {t3 - t2:6.2f} s")
    print(f"  total     {total:6.2f} s  ({n / total:,.0f} situations/s)")
    print(f"  folder    {size / 1e6:6.1f} MB ({size / max(n, 1) / 1e3:.1f} kB a situation)")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
