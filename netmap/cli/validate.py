"""netmap validate PATH...: report every problem of one or more datasets."""

from __future__ import annotations

import sys

from ..errors import ValidationError
from .common import add_path_argument, load_path


def register(sub) -> None:
    p = sub.add_parser("validate", help="check situation files and report every problem with its place")
    add_path_argument(p, nargs="+")
    p.set_defaults(func=run)


def run(args) -> int:
    bad = 0
    total = 0
    for path in args.path:
        try:
            sits = load_path(path)
        except ValidationError as exc:
            bad += len(exc.problems)
            for prob in exc.problems:
                print(prob, file=sys.stderr)
            continue
        total += len(sits)
        print(f"{path}: {len(sits)} situation{'s' if len(sits) != 1 else ''}, valid")
    if bad:
        print(f"{bad} problem{'s' if bad != 1 else ''} found; nothing was changed.", file=sys.stderr)
        return 1
    return 0
