"""netmap convert IN OUT [--format json|xlsx|csv]: write any input as files."""

from __future__ import annotations

from pathlib import Path

from .common import load_path


def register(sub) -> None:
    p = sub.add_parser("convert", help="convert situations between JSON, Excel, CSV and a store")
    p.add_argument("input", metavar="IN", help="JSON file or folder, .xlsx, CSV folder or store URL")
    p.add_argument("output", metavar="OUT", help="output file or folder")
    p.add_argument("--format", choices=("json", "xlsx", "csv"),
                   help="output format (default: xlsx for a .xlsx name, else a folder of JSON files)")
    p.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of the problems reported (default fr)")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..io import save

    sits = load_path(args.input)
    fmt = args.format or ("xlsx" if Path(args.output).suffix.lower() == ".xlsx" else "json")
    save(sits, args.output, fmt)
    print(f"{len(sits)} situation{'s' if len(sits) != 1 else ''} written to {args.output} ({fmt})")
    return 0
