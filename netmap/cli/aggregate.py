"""netmap aggregate TABLE PATH [filters] [--k K] [--format csv|json|xlsx]: advocacy tables across situations."""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from ..errors import UsageError
from .common import add_path_argument, iso_date, tr


def add_filter_arguments(p: argparse.ArgumentParser) -> None:
    """The filters every aggregate takes: service, period, region, age band, day of judgement."""
    _ = tr()
    from ..aggregate.names import AGE_BANDS

    p.add_argument("--service", metavar="S", help=_("only situations of this service (e.g. kirikou-cm)"))
    p.add_argument("--from", dest="date_from", type=iso_date, metavar="DATE", help=_("period start (YYYY-MM-DD)"))
    p.add_argument("--to", dest="date_to", type=iso_date, metavar="DATE", help=_("period end (YYYY-MM-DD)"))
    p.add_argument("--region", metavar="R", help=_("only persons living in this region (e.g. namur)"))
    p.add_argument("--age-band", choices=AGE_BANDS, metavar="B", help=f"only this age band ({', '.join(AGE_BANDS)})")
    p.add_argument("--as-of", type=iso_date, metavar="DATE",
                   help=_("day on which 'in progress' is judged (default: the period's end, or today; "
                        "with --k >= 1, the end of its month)"))
    p.add_argument("--k", type=int, default=5, metavar="K",
                   help=_("disclosure threshold (default 5): counts are perturbed by cell keys, those from 1 to K-1 "
                        "shown as '<K', values over fewer than K situations as 'x', periods made of whole months; "
                        "0 = exact values, internal use only"))


def register(sub) -> None:
    _ = tr()
    from ..aggregate.names import EXPORT_FORMATS, TABLE_NAMES

    p = sub.add_parser("aggregate", help=_("advocacy tables across situations, with small counts protected"),
                       description=_("Compute one advocacy table over the situations of PATH (netmap's measures "
                       "specification, 'Across situations'). With --k K (default 5) every count is perturbed by "
                       "at most 2 (cell keys from a secret kept beside PATH), counts from 1 to K-1 are shown as "
                       "'<K', means and sums over fewer than K situations as 'x', and totals may differ slightly "
                       "from the sum of rows."))
    p.add_argument("table", choices=TABLE_NAMES, metavar="TABLE", help=f"one of {', '.join(TABLE_NAMES)}")
    add_path_argument(p)
    add_filter_arguments(p)
    p.add_argument("--format", choices=EXPORT_FORMATS, help=_("output format (default: from -o's suffix, else csv)"))
    p.add_argument("-o", "--output", metavar="FILE", help=_("write to FILE (default: standard output; needed for xlsx)"))
    p.add_argument("--deidentify", action="store_true",
                   help=_("for anything leaving the service: keyed pseudonyms, no free text (needs --key-file)"))
    p.add_argument("--key-file", metavar="F", help=_("file holding the pseudonym key, kept outside the store"))
    p.add_argument("--create-key", action="store_true",
                   help=_("create --key-file with a new random key (permissions 0600) if it does not exist"))
    p.add_argument("--codes", action="store_true",
                   help=_("canonical column names and codes (for scripts), whatever --lang; by default headers "
                          "and coded cells are in the language of --lang"))
    p.add_argument("--detail", action="store_true",
                   help=_("greyzones only, with --k 0 (internal use): one row per situation with the services it fits"))
    p.set_defaults(func=run)


def _check(args) -> str:
    if args.k < 0:
        raise UsageError(tr().gettext("--k expects 0 or more"))
    if args.detail and args.table != "greyzones":
        raise UsageError(tr().gettext("--detail is only for the greyzones table"))
    if args.detail and args.k != 0:
        raise UsageError(tr().gettext("--detail lists situations one by one: it is for internal use only and needs --k 0"))
    if (args.key_file or args.create_key) and not args.deidentify:
        raise UsageError(tr().gettext("--key-file and --create-key go with --deidentify"))
    fmt = args.format or (Path(args.output).suffix.lower().lstrip(".") if args.output else "csv")
    if fmt not in ("csv", "json", "xlsx"):
        raise UsageError(tr().gettext("cannot tell the format from -o's suffix; expected --format csv, json or xlsx"))
    if fmt == "xlsx" and not args.output:
        raise UsageError(tr().gettext("xlsx output needs -o FILE.xlsx"))
    return fmt


def _check_key_outside(key_file: str | None, path: str) -> None:
    """The pseudonym key must not travel with the data: refuse a key file inside PATH (or the SQLite file itself)."""
    if key_file is None:
        return
    key = Path(key_file).resolve()
    if path.startswith("sqlite:///"):
        data = Path(path[len("sqlite:///"):]).resolve()
    elif "://" in path:
        return
    else:
        data = Path(path).resolve()
    if key == data or (data.is_dir() and data in key.parents):
        raise UsageError(tr().gettext("the key file lies inside PATH: keep it outside the data (e.g. in your home folder)"))


def load_with_measures(path: str, filters, needs_measures: bool):
    """The situations of PATH that pass ``filters``, and their measure table when needed (cached in a store)."""
    from ..aggregate import select
    from ..io import is_store_url, load

    with ExitStack() as stack:
        store = None
        if is_store_url(path):
            from ..store import open_store

            store = stack.enter_context(open_store(path, create=False))
            situations = store.load_all()
        else:
            situations = load(path)
        chosen = select(situations, filters)
        measures = None
        if needs_measures:
            from ..measures import measure_table

            measures = measure_table(chosen, cache=store) if store is not None else measure_table(chosen)
        return chosen, measures


def filters_from(args):
    """The filters of the command line; a published query (--k >= 1) covers whole calendar months."""
    from ..aggregate import Filters, published_filters

    f = Filters(service=args.service, date_from=args.date_from, date_to=args.date_to, region=args.region,
                age_band=args.age_band, as_of=args.as_of)
    return published_filters(f, getattr(args, "k", 0))


def run(args) -> int:
    from ..aggregate import TABLES, aggregate, cell_keys_for, greyzones_detail
    from ..aggregate.deidentify import create_key_file, deidentify_table, read_key
    from ..aggregate.export import table_bytes
    from ..io import is_store_url
    from ..taxonomy import default_taxonomy

    fmt = _check(args)
    key = None
    if args.deidentify:
        _check_key_outside(args.key_file, args.path)
        if args.create_key and args.key_file and not Path(args.key_file).exists():
            create_key_file(args.key_file)
            print(tr().gettext("new key written to {path} (0600); keep it outside the data", path=args.key_file),
                  file=sys.stderr)
        key = read_key(args.key_file)
    filters = filters_from(args)
    source: Any
    measures = None
    if is_store_url(args.path):
        # a store: its compact tables, no situation built as model objects (netmap.aggregate.compact)
        from ..aggregate.compact import CompactData, eligible_frame
        from ..store import open_store

        with open_store(args.path, create=False) as store:
            source = CompactData.from_store(store, progress=sys.stderr.isatty())
        if args.detail:
            table = eligible_frame(source, source.select(filters), filters, default_taxonomy()).reset_index(drop=True)
    else:
        source, measures = load_with_measures(args.path, filters, TABLES[args.table].needs_measures)
        if args.detail:
            table = greyzones_detail(source, filters, default_taxonomy())
    if args.detail:
        if key is not None:
            table = deidentify_table(table, key)
    else:
        cell_keys = cell_keys_for(args.path) if args.k > 0 else None
        table = aggregate(args.table, source, measures, filters=filters, k=args.k, key=key, cell_keys=cell_keys)
    from ..aggregate.disclosure import disclosure_note

    note = None if args.detail else disclosure_note(args.k, args.lang)
    if not args.codes:
        from ..aggregate.localize import localize

        table = localize(table, args.lang)
    data = table_bytes(table, fmt, note=note)
    if args.output:
        Path(args.output).write_bytes(data)
        print(tr().ngettext("{table}: {n} row written to {path} ({format})",
                            "{table}: {n} rows written to {path} ({format})", len(table),
                            table=args.table, path=args.output, format=fmt),
              file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    if note and args.k > 0:
        print(note, file=sys.stderr)
    return 0
