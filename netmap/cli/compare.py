"""netmap compare PATH --situation ID: what changed between two assessments of a situation."""

from __future__ import annotations

import json
import sys

from ..errors import UsageError
from .common import add_path_argument, iso_date, load_path, pick_situations


def register(sub) -> None:
    p = sub.add_parser("compare", help="what changed between two assessments of one situation",
                       description="Compare two assessments of one situation (default: the first and the latest): "
                                   "actors who came and left, exhaustion, needs met or newly (un)covered, ties, and "
                                   "every measure side by side. --from and --to pick the latest assessment dated on "
                                   "or before each date.")
    add_path_argument(p)
    p.add_argument("--situation", metavar="ID", required=True, help="the situation to compare")
    p.add_argument("--from", dest="date_from", type=iso_date, metavar="DATE",
                   help="the earlier assessment: the latest on or before DATE (default: the first)")
    p.add_argument("--to", dest="date_to", type=iso_date, metavar="DATE",
                   help="the later assessment: the latest on or before DATE (default: the latest)")
    p.add_argument("--json", action="store_true", help="print the comparison as a JSON object")
    p.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of the text (default fr)")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..measures import compare, compare_text

    [s] = pick_situations(load_path(args.path), args.situation)
    if not s.assessments:
        raise UsageError("--situation: this situation has no assessment to compare")
    earlier = s.assessment_at(args.date_from) if args.date_from else s.assessments[0]
    later = s.assessment_at(args.date_to)
    if earlier is None:
        raise UsageError("--from: this situation has no assessment on or before that date")
    if later is None:
        raise UsageError("--to: this situation has no assessment on or before that date")
    if earlier.date == later.date:
        n = len(s.assessments)
        raise UsageError(f"--from/--to pick the same assessment: nothing to compare "
                         f"(this situation has {n} assessment{'s' if n != 1 else ''})")
    if earlier.date > later.date:
        raise UsageError("--from: expected a date that picks an assessment before the one picked by --to")
    change = compare(earlier, later, consent=s.person.consent)
    if args.json:
        print(json.dumps({"situation": s.id, **change}, ensure_ascii=False, indent=1))
    else:
        sys.stdout.write(compare_text(earlier, later, consent=s.person.consent, lang=args.lang, change=change))
    return 0
