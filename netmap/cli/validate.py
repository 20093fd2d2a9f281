"""netmap validate PATH...: report every problem of one or more datasets."""

from __future__ import annotations

import sys

from ..errors import ValidationError
from ..io.problem_text import summary
from .common import add_path_argument, load_path, tr


def register(sub) -> None:
    _ = tr()
    p = sub.add_parser("validate", help=_("check situation files and report every problem with its place"))
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
                print(prob.text(args.lang), file=sys.stderr)
            continue
        total += len(sits)
        n = len(sits)
        print(tr().ngettext("{path}: {n} situation, valid", "{path}: {n} situations, valid", n, path=path))
    if bad:
        print(tr().gettext("{problems}; nothing was changed.", problems=summary(bad, args.lang)), file=sys.stderr)
        return 1
    return 0
