"""netmap report yearly PATH --year YYYY [--service S] [--k K] [--lang fr|en] -o FILE.html: the report to a funder."""

from __future__ import annotations

import sys

from ..errors import UsageError
from ..io.atomic import write_text_atomic
from .common import add_path_argument


def register(sub) -> None:
    """Add ``yearly`` to the sub-commands of ``netmap report``."""
    p = sub.add_parser("yearly", help="yearly report of a service to its funder (self-contained HTML, A4)",
                       description="Caseload against capacity, cohorts, concertations, emergency fund, partners, "
                       "needs uncovered at opening and now, fragility at closure, ties between sectors and grey "
                       "zones for one calendar year. Counts from 1 to K-1 situations are shown as '<K'.")
    add_path_argument(p)
    p.add_argument("--year", type=int, required=True, metavar="YYYY", help="calendar year reported")
    p.add_argument("--service", metavar="S", help="service id (e.g. kirikou-cm); default: every service together")
    p.add_argument("--k", type=int, default=5, metavar="K",
                   help="disclosure threshold (default 5: counts perturbed by cell keys, '<K' and 'x' for small "
                        "cells; 0 = internal use, exact values)")
    p.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of the report (default fr)")
    p.add_argument("-o", "--output", required=True, metavar="FILE.html", help="the HTML file to write")
    p.set_defaults(func=run)


def run(args) -> int:
    import datetime as dt

    from ..aggregate import Filters, cell_keys_for
    from ..report.yearly import yearly_report_html
    from .aggregate import load_with_measures

    if not 1900 <= args.year <= 2200:
        raise UsageError("--year expects a four-digit year such as 2019")
    if args.k < 0:
        raise UsageError("--k expects 0 or more")
    filters = Filters(service=args.service, date_from=dt.date(args.year, 1, 1), date_to=dt.date(args.year, 12, 31))
    situations, measures = load_with_measures(args.path, filters, needs_measures=True)
    html = yearly_report_html(situations, args.year, service=args.service, k=args.k, lang=args.lang,
                              measures=measures, cell_keys=cell_keys_for(args.path) if args.k > 0 else None)
    write_text_atomic(args.output, html)
    print(f"yearly report {args.year}: {len(situations)} situation{'s' if len(situations) != 1 else ''} "
          f"written to {args.output}", file=sys.stderr)
    return 0
