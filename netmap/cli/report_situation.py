"""netmap report situation PATH --situation ID [--at DATE] [--today DATE] [--lang fr|en] -o FILE.html."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import UsageError
from .common import add_path_argument, iso_date
from .map import one_situation

__all__ = ["register", "run"]


def register(sub) -> None:
    p = sub.add_parser("situation", help="the concertation report of one situation",
                       description="The concertation report of one situation: eco-map, findings, withdrawal "
                       "checklist, who covers what, action plan, change since the previous assessment.")
    add_path_argument(p)
    p.add_argument("--situation", metavar="ID", help="the situation (required when PATH holds several)")
    p.add_argument("--at", type=iso_date, metavar="DATE",
                   help="report on the latest assessment dated on or before DATE (default: the latest)")
    p.add_argument("--today", type=iso_date, metavar="DATE",
                   help="the day against which actions are overdue (default: the assessment's date)")
    p.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of the report (default: fr)")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="output file (.html)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    out = Path(args.output)
    if out.suffix.lower() not in (".html", ".htm"):
        raise UsageError("-o: expected a file name ending in .html")
    sit = one_situation(args)
    if sit.assessment_at(args.at) is None:
        raise UsageError("this situation has no assessment dated on or before --at")
    from ..report.situation import situation_report_html

    out.write_text(situation_report_html(sit, args.at, lang=args.lang, today=args.today), encoding="utf-8")
    print(f"report written to {out}")
    return 0
