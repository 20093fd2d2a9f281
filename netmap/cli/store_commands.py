"""netmap import, netmap backup and netmap store info|list|delete|prune-cache|audit|history|restore: the commands of the store."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import UsageError, ValidationError
from ..io.problem_text import summary
from .common import add_path_argument, tr

__all__ = ["register"]


def _add_store_option(p: argparse.ArgumentParser) -> None:
    _ = tr()
    p.add_argument("--store", metavar="URL", default=None,
                   help=_("sqlite:///relative/path, sqlite:////absolute/path or postgresql://user@host:port/db "
                        "(default: $NETMAP_STORE, else netmap.sqlite3 in the user's data folder)"))


def register(sub) -> None:
    _ = tr()
    p = sub.add_parser("import", help=_("validate situations, then add them to the store in one transaction"))
    add_path_argument(p)
    _add_store_option(p)
    p.set_defaults(func=run_import)

    p = sub.add_parser("backup", help=_("copy an SQLite store to a file, consistently, even while in use "
                                      "(with its cell-key secret, to DEST.cellkey)"))
    p.add_argument("dest", metavar="DEST", help=_("the backup file to write (replaced if it exists)"))
    _add_store_option(p)
    p.set_defaults(func=run_backup)

    p = sub.add_parser("store", help=_("look into the store: info, list, delete, prune-cache, audit, history, restore"))
    ssub = p.add_subparsers(dest="store_command", metavar="SUBCOMMAND", required=True)
    q = ssub.add_parser("info", help=_("what the store holds, in counts"))
    _add_store_option(q)
    q.add_argument("--json", action="store_true", help=_("print a JSON object"))
    q.set_defaults(func=run_info)
    q = ssub.add_parser("list", help=_("one line per situation: id, service and the indexed columns (no labels)"))
    _add_store_option(q)
    q.add_argument("--service", help=_("only the situations of this service"))
    q.add_argument("--format", choices=("table", "csv", "json"), default="table", help=_("output format (default: table)"))
    q.set_defaults(func=run_list)
    q = ssub.add_parser("delete", help=_("delete situations by id, in one transaction"))
    q.add_argument("ids", nargs="+", metavar="ID", help=_("situation ids"))
    _add_store_option(q)
    q.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    q.set_defaults(func=run_delete)
    q = ssub.add_parser("prune-cache", help=_("drop cached measure rows of assessments no longer in the store"))
    _add_store_option(q)
    q.set_defaults(func=run_prune)
    q = ssub.add_parser("audit", help=_("the dashboard's access log: who opened which situation, what-if, report, "
                                      "export, and when (UTC)"))
    _add_store_option(q)
    q.add_argument("--user", help=_("only this user's entries"))
    q.add_argument("--situation", metavar="ID", help=_("only the entries of this situation"))
    q.add_argument("--since", metavar="DATE", help=_("only entries on or after this date (YYYY-MM-DD, UTC)"))
    q.add_argument("--last", type=int, metavar="N", help=_("only the last N entries"))
    q.add_argument("--format", choices=("table", "csv", "json"), default="table", help=_("output format (default: table)"))
    q.set_defaults(func=run_audit)
    q = ssub.add_parser("history", help="every saved version of a situation: number, when (UTC), who, where from, "
                                        "content hash")
    q.add_argument("id", metavar="ID", help="situation id")
    _add_store_option(q)
    q.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format (default: table)")
    q.set_defaults(func=run_history)
    q = ssub.add_parser("restore", help="write the content of an earlier version as a new version "
                                        "(the history is never rewritten)")
    q.add_argument("id", metavar="ID", help="situation id")
    q.add_argument("--version", type=int, required=True, metavar="N", help="the version to restore")
    _add_store_option(q)
    q.set_defaults(func=run_restore)


_BATCH = 500  # situations written at once by netmap import from a workbook or CSV folder


_CHUNK = 100  # files a worker reads, validates and turns into rows at once
_IN_FLIGHT = 6  # chunks given to the workers ahead of the writer: memory stays bounded


def _prepare_files(paths: list[Path]) -> list[tuple[str, str | None, Any, list]]:
    """Worker: each file read, validated and turned into its stored rows: (file, id, Prepared or None, problems)."""
    from ..io.json_files import read_one
    from ..measures.table import taxonomy_fingerprint
    from ..store.compact import prepare
    from ..taxonomy import default_taxonomy

    tax = default_taxonomy()
    fp = taxonomy_fingerprint(tax)
    out = []
    for f in paths:
        sit, probs = read_one(f, tax)
        out.append((str(f), sit.id if sit is not None else None, prepare(sit, tax, fp) if sit is not None else None,
                    probs))
    return out


def _json_batches(folder: Path, problems: list, jobs: int | None = None) -> Iterator[list]:
    """The situations of a folder of JSON files, read in worker processes, as batches of prepared rows.

    Once a problem is found nothing more is handed over (the import will be rolled back), but
    every file is still read so that all problems are reported at once. After the last file,
    the problems found raise :class:`ValidationError` (inside the store's transaction: nothing stays).
    """
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    from ..errors import Problem
    from ..io.json_files import json_files_in
    from ..measures.batch import _context, default_jobs

    files = json_files_in(folder)
    if not files:
        raise ValidationError([Problem(str(folder), "", "expected at least one situation file (*.json) in this folder")])
    chunks = [files[i:i + _CHUNK] for i in range(0, len(files), _CHUNK)]
    first: dict[str, str] = {}
    workers = jobs or default_jobs()

    def results() -> Iterator[list]:
        if workers <= 1 or len(chunks) < 4:
            for c in chunks:
                yield _prepare_files(c)
            return
        with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
            pending: deque = deque()
            todo = iter(chunks)
            for c in todo:
                pending.append(pool.submit(_prepare_files, c))
                if len(pending) >= _IN_FLIGHT:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()

    for result in results():
        batch = []
        for name, sid, prepared, probs in result:
            problems.extend(probs)
            if sid is None:
                continue
            if sid in first:
                problems.append(Problem(name, "/id", f"expected a situation id unique in the dataset "
                                                     f"(also used in {first[sid]})"))
                continue
            first[sid] = Path(name).name
            batch.append(prepared)
        if batch and not problems:
            yield batch
    if problems:
        raise ValidationError(problems)


def _file_count(path: str) -> int | None:
    from pathlib import Path

    from ..io import detect_format
    from ..io.json_files import json_files_in

    p = Path(path)
    return len(json_files_in(p)) if p.is_dir() and detect_format(path) == "json" else None


def run_import(args) -> int:
    """Validate and write in batches, in one transaction: memory holds one batch, not every situation."""
    from ..io import load
    from ..store import open_store

    problems: list = []
    total = _file_count(args.path)
    new_file = _new_sqlite_file(args.store)
    try:
        if total is not None:
            batches: Any = _json_batches(Path(args.path), problems)
        else:  # workbooks, CSV folders, single files: read whole (every problem before the store is opened)
            situations = load(args.path)
            total = len(situations)
            batches = [situations[i:i + _BATCH] for i in range(0, len(situations), _BATCH)]
        bar = _progress(total)
        with open_store(args.store) as store:
            # the readers have just validated them against netmap's taxonomy, the store's own
            result = store.import_batches(batches, validate=False,
                                          progress=bar.update if bar is not None else None, by=_cli_user())
            url = store.url
        if bar is not None:
            bar.close()
    except ValidationError as exc:
        if new_file is not None:  # the store this import created holds nothing: it goes too
            for leftover in (new_file, Path(f"{new_file}-wal"), Path(f"{new_file}-shm")):
                leftover.unlink(missing_ok=True)
        for prob in exc.problems:
            print(prob.text(args.lang), file=sys.stderr)
        print(tr().gettext("{problems}; nothing was imported and the store was not changed.",
                   problems=summary(len(exc.problems), args.lang)), file=sys.stderr)
        return 1
    _ = tr()
    print(_.ngettext("{n} situation imported into {url}: {added} added, {replaced} replaced",
                     "{n} situations imported into {url}: {added} added, {replaced} replaced", result.total,
                     url=url, added=result.added, replaced=result.replaced)
          + (_.ngettext(" ({n} identical)", " ({n} identical)", result.unchanged) if result.unchanged else ""))
    return 0


def _cli_user() -> str:
    import getpass

    try:
        return "cli:" + getpass.getuser()
    except Exception:  # no user name in this environment (a container without passwd entry)
        return "cli"


def run_history(args) -> int:
    from ..store import open_store
    from ..store.versions import history

    with open_store(args.store, create=False) as store:
        versions = history(store, args.id)
        url = store.url
    if not versions:
        print(f"store {url}: no version of situation {args.id}", file=sys.stderr)
        return 1
    rows = [{"version": v.version, "saved_at": v.saved_at.isoformat(timespec="seconds"), "saved_by": v.saved_by,
             "origin": v.origin + (f" of version {v.restored_from}" if v.restored_from else ""),
             "content_hash": v.content_hash[:16]} for v in versions]
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif args.format == "csv":
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(list(rows[0]))
        w.writerows([list(r.values()) for r in rows])
    else:
        widths = {k: max(len(k), *(len(str(r[k])) for r in rows)) for k in rows[0]}
        print("  ".join(f"{k:<{widths[k]}}" for k in widths).rstrip())
        for r in rows:
            print("  ".join(f"{r[k]!s:<{widths[k]}}" for k in widths).rstrip())
    return 0


def run_restore(args) -> int:
    from ..store import open_store
    from ..store.versions import restore_version

    with open_store(args.store, create=False) as store:
        new = restore_version(store, args.id, args.version, user=_cli_user())
        url = store.url
    print(f"situation {args.id}: version {args.version} restored as version {new} in {url}")
    return 0


def _new_sqlite_file(url: str | None) -> Path | None:
    """The SQLite file of ``url`` if it does not exist yet (an import that fails leaves none behind)."""
    from ..store.urls import default_store_url, parse_store_url

    try:
        parsed = parse_store_url(url if url is not None else default_store_url())
    except Exception:  # a bad URL is reported by open_store
        return None
    path = getattr(parsed, "path", None)
    return path if parsed.backend == "sqlite" and path is not None and not path.exists() else None


def _progress(total: int | None) -> Any:
    """A tqdm bar on standard error when it is a terminal (and the import is large enough to wait for)."""
    if total is None or total < 1000 or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit=" situations", desc="netmap import", file=sys.stderr)


def run_backup(args) -> int:
    from ..aggregate.cellkey import copy_secret
    from ..store import open_store

    with open_store(args.store, create=False) as store:
        dest = store.backup(args.dest)
        url = store.url
        path = getattr(store, "path", None)  # the SQLite file (backup is for SQLite stores)
    print(tr().gettext("store {url} backed up to {path}", url=url, path=dest))
    if path is not None:  # the secret of published aggregates goes with the store it protects
        secret = copy_secret(f"sqlite:///{path}", dest)
        if secret is not None:
            print(tr().gettext("cell-key secret copied to {path} (0600); keep it with the backup, never publish it",
                       path=secret),
                  file=sys.stderr)
    return 0


def run_info(args) -> int:
    from ..store import open_store

    with open_store(args.store, create=False) as store:
        info = store.info()
        path = getattr(store, "path", None)  # an SQLite file (None in memory or on PostgreSQL)
        size = path.stat().st_size if path is not None else None
    if size is not None:
        info["size_bytes"] = size
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2))
        return 0
    labels = {"url": "store", "backend": "backend", "schema_version": "schema version", "situations": "situations",
              "services": "services", "assessments": "assessments", "cache_entries": "cached measure rows",
              "last_import": "last import (UTC)", "size_bytes": "file size (bytes)"}
    width = max(len(v) for v in labels.values())
    for key, label in labels.items():
        if key in info:
            print(f"{label:<{width}}  {'-' if info[key] is None else info[key]}")
    return 0


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def run_list(args) -> int:
    from ..store import SUMMARY_COLUMNS, open_store

    with open_store(args.store, create=False) as store:
        rows = store.summary(service=args.service)
    if args.format == "json":
        print(json.dumps([{k: (_cell(v) if isinstance(v, dt.date) else v) for k, v in r.items()} for r in rows],
                         ensure_ascii=False, indent=2))
        return 0
    if args.format == "csv":
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(SUMMARY_COLUMNS)
        for r in rows:
            w.writerow([_cell(r[k]) for k in SUMMARY_COLUMNS])
        return 0
    table = [list(SUMMARY_COLUMNS)] + [[_cell(r[k]) for k in SUMMARY_COLUMNS] for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(SUMMARY_COLUMNS))]
    for line in table:
        print("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())
    print(tr().ngettext("{n} situation", "{n} situations", len(rows)), file=sys.stderr)
    return 0


def run_delete(args) -> int:
    from ..store import open_store

    ids = list(dict.fromkeys(args.ids))
    with open_store(args.store, create=False) as store:
        if not args.yes:
            if not sys.stdin.isatty():
                raise UsageError(tr().gettext("deleting needs --yes when not asked at a terminal; nothing was deleted"))
            answer = input(tr().ngettext("Delete {n} situation from {url}? [y/N] ",
                                         "Delete {n} situations from {url}? [y/N] ", len(ids), url=store.url))
            if answer.strip().lower() not in ("y", "yes", "o", "oui", "j", "ja"):
                print(tr().gettext("nothing was deleted"), file=sys.stderr)
                return 1
        n = store.delete(ids)
        url = store.url
    print(tr().ngettext("{n} situation deleted from {url}", "{n} situations deleted from {url}", n, url=url))
    return 0


def run_prune(args) -> int:
    from ..store import open_store

    with open_store(args.store, create=False) as store:
        n = store.prune_cache()
        url = store.url
    print(tr().ngettext("{n} cached measure row removed from {url}", "{n} cached measure rows removed from {url}",
                        n, url=url))
    return 0


AUDIT_COLUMNS = ("at", "user", "action", "situation")


def run_audit(args) -> int:
    from ..store import open_store

    since = None
    if args.since:
        try:
            since = dt.datetime.combine(dt.date.fromisoformat(args.since), dt.time(), dt.UTC)
        except ValueError:
            raise UsageError(tr().gettext("--since: expected a date YYYY-MM-DD")) from None
    if args.last is not None and args.last < 1:
        raise UsageError(tr().gettext("--last: expected a number of 1 or more"))
    with open_store(args.store, create=False) as store:
        rows = store.audit_entries(since=since, user=args.user, situation=args.situation, limit=args.last)
    cells = [[r["at"].isoformat(timespec="seconds"), r["user"], r["action"], r["situation"] or ""] for r in rows]
    if args.format == "json":
        print(json.dumps([dict(zip(AUDIT_COLUMNS, c, strict=True)) for c in cells], ensure_ascii=False, indent=2))
        return 0
    if args.format == "csv":
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(AUDIT_COLUMNS)
        w.writerows(cells)
        return 0
    table = [list(AUDIT_COLUMNS)] + cells
    widths = [max(len(line[i]) for line in table) for i in range(len(AUDIT_COLUMNS))]
    for line in table:
        print("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())
    print(tr().ngettext("{n} entry", "{n} entries", len(rows)), file=sys.stderr)
    return 0
