"""netmap report situation PATH --situation ID [--at DATE] [--today DATE] [--lang fr|en] -o FILE.html."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import UsageError
from ..io.atomic import write_text_atomic
from .common import iso_date
from .map import add_situation_arguments, one_situation

__all__ = ["register", "run"]


def register(sub) -> None:
    p = sub.add_parser("situation", help="the concertation report of one situation",
                       description="The concertation report of one situation: eco-map, findings, withdrawal "
                       "checklist, who covers what, action plan, change since the previous assessment.")
    add_situation_arguments(p, verb="report on", output=".html")
    p.add_argument("--today", type=iso_date, metavar="DATE",
                   help="the day against which actions are overdue (default: the assessment's date)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    out = Path(args.output)
    if out.suffix.lower() not in (".html", ".htm"):
        raise UsageError("-o: expected a file name ending in .html")
    sit = one_situation(args)
    if sit.assessment_at(args.at) is None:
        raise UsageError("this situation has no assessment dated on or before --at")
    from ..report.situation import situation_report_html

    write_text_atomic(out, situation_report_html(sit, args.at, lang=args.lang, today=args.today))
    print(f"report written to {out}")
    return 0
