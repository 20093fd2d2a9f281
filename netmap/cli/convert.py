"""netmap convert IN OUT [--format json|xlsx|csv|graphml|gexf|egor|fhir]: write any input as files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import UsageError
from .common import iso_date, load_path, tr

FORMATS = ("json", "xlsx", "csv", "graphml", "gexf", "egor", "fhir")


def _column(text: str) -> tuple[str, str]:
    key, sep, header = text.partition("=")
    if not sep or not key.strip() or not header.strip():
        raise argparse.ArgumentTypeError("expected KEY=HEADER, e.g. ego=.egoID or sector=secteur")
    return key.strip(), header.strip()


def register(sub) -> None:
    _ = tr()
    p = sub.add_parser("convert", help=_("convert situations between JSON, Excel, CSV, a store, and other tools' "
                                       "formats (GraphML, GEXF, egor, FHIR)"))
    p.add_argument("input", metavar="IN", help=_("JSON file or folder, .xlsx, CSV folder, egor folder or store URL"))
    p.add_argument("output", metavar="OUT", help=_("output file or folder"))
    p.add_argument("--format", choices=FORMATS,
                   help=_("output format (default: xlsx for a .xlsx name, graphml or gexf for such a name, "
                        "else a folder of JSON files)"))
    p.add_argument("--at", type=iso_date, metavar="DATE",
                   help=_("graphml, egor, fhir: the assessment in force on DATE (default: the latest)"))
    p.add_argument("--column", type=_column, action="append", default=[], metavar="KEY=HEADER",
                   help=_("reading egor tables: the header of a column netmap cannot guess (repeatable)"))
    p.add_argument("--include-labels", action="store_true",
                   help=_("fhir: keep labels, organisations and free text, and the situation id "
                        "(default: de-identified, needs --key-file)"))
    p.add_argument("--key-file", metavar="F", help=_("fhir: file holding the pseudonym key, kept outside the data"))
    p.add_argument("--create-key", action="store_true",
                   help=_("fhir: create --key-file with a new random key (permissions 0600) if it does not exist"))
    p.set_defaults(func=run)


def _default_format(output: str) -> str:
    suffix = Path(output).suffix.lower()
    return {".xlsx": "xlsx", ".graphml": "graphml", ".gexf": "gexf"}.get(suffix, "json")


def run(args) -> int:
    from ..io import detect_format, save

    if args.column and detect_format(args.input) != "egor":
        raise UsageError(tr().gettext("--column names columns of egor tables; IN is not a folder of egor tables (alters.csv)"))
    if (args.include_labels or args.key_file or args.create_key) and args.format != "fhir":
        raise UsageError(tr().gettext("--include-labels, --key-file and --create-key go with --format fhir"))
    if args.column:
        from ..io.egor import read_egor

        sits = read_egor(args.input, columns=dict(args.column))
    else:
        sits = load_path(args.input)
    fmt = args.format or _default_format(args.output)
    if args.at is not None and fmt not in ("graphml", "egor", "fhir"):
        raise UsageError(tr().gettext("--at goes with --format graphml, egor or fhir (GEXF holds every assessment)"))
    if fmt == "fhir":
        from ..io.fhir import write_fhir

        key = None
        if args.key_file:
            from ..aggregate.deidentify import create_key_file, read_key

            if args.create_key and not Path(args.key_file).exists():
                create_key_file(args.key_file)
                print(tr().gettext("new key written to {path} (0600); keep it outside the data", path=args.key_file),
                      file=sys.stderr)
            key = read_key(args.key_file)
        elif args.create_key:
            raise UsageError(tr().gettext("--create-key needs --key-file FILE"))
        write_fhir(sits, args.output, at=args.at, include_labels=args.include_labels, key=key)
    else:
        save(sits, args.output, fmt, at=args.at)
    print(tr().ngettext("{n} situation written to {path} ({format})", "{n} situations written to {path} ({format})",
                        len(sits), path=args.output, format=fmt))
    return 0
