"""netmap template -o FILE.xlsx [--lang fr|en]: the workbook case managers fill in."""

from __future__ import annotations

from ..errors import UsageError
from .common import tr


def register(sub) -> None:
    _ = tr()
    p = sub.add_parser("template", help=_("write an empty workbook to fill in: headers, drop-down lists, instructions"))
    p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help=_("the workbook to write"))
    p.set_defaults(func=run)


def run(args) -> int:
    from ..io.template import write_template

    if not args.output.lower().endswith(".xlsx"):
        raise UsageError(tr().gettext("the template is an Excel workbook: give an output name ending in .xlsx"))
    path = write_template(args.output, lang=args.lang)
    print(tr().gettext("template written to {path}", path=path))
    return 0
