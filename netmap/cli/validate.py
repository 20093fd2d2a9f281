"""netmap validate PATH...: report every problem of one or more datasets."""

from __future__ import annotations

import sys

from ..errors import ValidationError
from ..io.problem_text import summary
from .common import add_path_argument, load_path


def register(sub) -> None:
    p = sub.add_parser("validate", help="check situation files and report every problem with its place")
    add_path_argument(p, nargs="+")
    p.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of the problems reported (default fr)")
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
                print(prob.text(args.lang), file=sys.stderr)
            continue
        total += len(sits)
        n = len(sits)
        if args.lang == "fr":
            print(f"{path} : {n} situation{'s' if n != 1 else ''}, valide{'s' if n != 1 else ''}")
        else:
            print(f"{path}: {n} situation{'s' if n != 1 else ''}, valid")
    if bad:
        tail = " ; rien n'a été modifié." if args.lang == "fr" else "; nothing was changed."
        print(summary(bad, args.lang) + tail, file=sys.stderr)
        return 1
    return 0
