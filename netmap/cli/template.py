"""netmap template -o FILE.xlsx [--lang fr|en]: the workbook case managers fill in."""

from __future__ import annotations

from ..errors import UsageError


def register(sub) -> None:
    p = sub.add_parser("template", help="write an empty workbook to fill in: headers, drop-down lists, instructions")
    p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help="the workbook to write")
    p.add_argument("--lang", choices=("fr", "en"), default="fr",
                   help="language of headers, lists and instructions (default: fr)")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..io.template import write_template

    if not args.output.lower().endswith(".xlsx"):
        raise UsageError("the template is an Excel workbook: give an output name ending in .xlsx")
    path = write_template(args.output, lang=args.lang)
    print(f"template written to {path}")
    return 0
