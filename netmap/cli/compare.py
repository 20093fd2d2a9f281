"""netmap compare PATH --situation ID: what changed between two assessments of a situation."""

from __future__ import annotations

import json
import sys

from ..errors import UsageError
from .common import add_path_argument, iso_date, load_path, pick_situations, tr


def register(sub) -> None:
    _ = tr()
    p = sub.add_parser("compare", help=_("what changed between two assessments of one situation"),
                       description=_("Compare two assessments of one situation (default: the first and the latest): "
                                   "actors who came and left, exhaustion, needs met or newly (un)covered, ties, and "
                                   "every measure side by side. --from and --to pick the latest assessment dated on "
                                   "or before each date."))
    add_path_argument(p)
    p.add_argument("--situation", metavar="ID", required=True, help=_("the situation to compare"))
    p.add_argument("--from", dest="date_from", type=iso_date, metavar="DATE",
                   help=_("the earlier assessment: the latest on or before DATE (default: the first)"))
    p.add_argument("--to", dest="date_to", type=iso_date, metavar="DATE",
                   help=_("the later assessment: the latest on or before DATE (default: the latest)"))
    p.add_argument("--json", action="store_true", help=_("print the comparison as a JSON object"))
    p.set_defaults(func=run)


def run(args) -> int:
    from ..measures import compare, compare_text

    [s] = pick_situations(load_path(args.path), args.situation)
    if not s.assessments:
        raise UsageError(tr().gettext("--situation: this situation has no assessment to compare"))
    earlier = s.assessment_at(args.date_from) if args.date_from else s.assessments[0]
    later = s.assessment_at(args.date_to)
    if earlier is None:
        raise UsageError(tr().gettext("--from: this situation has no assessment on or before that date"))
    if later is None:
        raise UsageError(tr().gettext("--to: this situation has no assessment on or before that date"))
    if earlier.date == later.date:
        n = len(s.assessments)
        raise UsageError(tr().ngettext("--from/--to pick the same assessment: nothing to compare (this situation "
                                       "has {n} assessment)",
                                       "--from/--to pick the same assessment: nothing to compare (this situation "
                                       "has {n} assessments)", n))
    if earlier.date > later.date:
        raise UsageError(tr().gettext("--from: expected a date that picks an assessment before the one picked by --to"))
    change = compare(earlier, later, consent=s.person.consent)
    if args.json:
        print(json.dumps({"situation": s.id, **change}, ensure_ascii=False, indent=1))
    else:
        sys.stdout.write(compare_text(earlier, later, consent=s.person.consent, lang=args.lang, change=change))
    return 0
