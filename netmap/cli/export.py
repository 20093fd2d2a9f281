"""netmap export parquet OUT PATH: the compact tables and measure table as Parquet, for DuckDB, Spark or Dask."""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import UsageError
from .aggregate import _check_key_outside, add_filter_arguments, filters_from
from .common import add_path_argument


def register(sub) -> None:
    p = sub.add_parser("export", help="export the tables aggregates read, as Parquet (for DuckDB, Spark, Dask)")
    esub = p.add_subparsers(dest="export_format", metavar="FORMAT", required=True)
    q = esub.add_parser("parquet", help="write Parquet files into the folder OUT",
                        description="With --k 0 (internal use only): one file per record-level table — situations, "
                        "assessments (with their measure row), meetings, funding — so that an analyst can compute "
                        "the same aggregates with another engine (see docs/scale.md). With --k K >= 1 (published): "
                        "record-level rows cannot be protected, so only the aggregate tables are written, with "
                        "the disclosure control of `netmap aggregate --k K`.")
    q.add_argument("out", metavar="OUT", help="folder to write the .parquet files into (created if needed)")
    add_path_argument(q)
    add_filter_arguments(q)
    q.add_argument("--deidentify", action="store_true",
                   help="keyed pseudonyms for situation ids and fund names, no organisation names (needs --key-file)")
    q.add_argument("--key-file", metavar="F", help="file holding the pseudonym key, kept outside the store")
    q.add_argument("--create-key", action="store_true", help="create --key-file with a new random key if missing")
    q.set_defaults(func=run)


def run(args) -> int:
    from ..aggregate import cell_keys_for
    from ..aggregate.compact import CompactData
    from ..aggregate.deidentify import create_key_file, read_key
    from ..aggregate.disclosure import disclosure_note
    from ..aggregate.parquet import write_parquet
    from ..io import is_store_url, load

    if args.k < 0:
        raise UsageError("--k expects 0 or more")
    if (args.key_file or args.create_key) and not args.deidentify:
        raise UsageError("--key-file and --create-key go with --deidentify")
    key = None
    if args.deidentify:
        _check_key_outside(args.key_file, args.path)
        if args.create_key and args.key_file and not Path(args.key_file).exists():
            create_key_file(args.key_file)
            print(f"new key written to {args.key_file} (0600); keep it outside the store", file=sys.stderr)
        key = read_key(args.key_file)
    filters = filters_from(args)
    if is_store_url(args.path):
        from ..store import open_store

        with open_store(args.path, create=False) as store:
            data = CompactData.from_store(store, progress=sys.stderr.isatty())
    else:
        data = CompactData.from_situations(load(args.path))
    cell_keys = cell_keys_for(args.path) if args.k > 0 else None
    written = write_parquet(data, args.out, k=args.k, key=key, cell_keys=cell_keys, filters=filters)
    print(f"{len(written)} Parquet files written to {args.out}: {', '.join(p.name for p in written)}", file=sys.stderr)
    if args.k == 0:
        print("record-level data (--k 0): internal use only, never published", file=sys.stderr)
    else:
        print(disclosure_note(args.k, "en"), file=sys.stderr)
    return 0
