"""The store's operations, written once for SQLite and PostgreSQL over a DB-API connection.

SQL here uses ``?`` placeholders; the PostgreSQL backend turns them into ``%s``.
Nothing here logs or repeats stored values in messages: they are personal data.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from ..errors import Problem, StoreError, ValidationError
from ..io.canonical import parse_situation, situation_to_dict
from ..measures.table import taxonomy_fingerprint as measures_fingerprint
from ..memory import gc_paused
from ..model import Situation
from ..taxonomy import Taxonomy, default_taxonomy
from .compact import CompactFacts, Prepared, compact_facts, put_measure_subsets, write_compact
from .rows import (
    SUMMARY_COLUMNS,
    SituationRow,
    content_hash,
    situation_from_stored,
    situation_row,
    taxonomy_fingerprint,
)
from .schema import META_TABLE, ensure_schema
from .urls import StoreURL

try:  # optional speed-up for reading bodies, same values
    import orjson

    _loads = orjson.loads
except ImportError:  # pragma: no cover - orjson is a declared dependency
    _loads = json.loads  # type: ignore[assignment]

__all__ = ["AUDIT_ACTIONS", "ImportResult", "Store"]

#: what the dashboard's access log records
AUDIT_ACTIONS = ("open_situation", "what_if", "report_download", "export", "save", "restore", "import")

_CHUNK = 500  # ids per IN (...) list: well under SQLite's and PostgreSQL's parameter limits


@dataclass(frozen=True, slots=True)
class ImportResult:
    """Counts of one import: ``added`` new ids; ``replaced`` ids already in the store (their row was
    replaced); ``unchanged`` the part of ``replaced`` whose content was identical (nothing rewritten)."""

    added: int
    replaced: int
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.added + self.replaced


def _chunks(items: list[Any], size: int = _CHUNK) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def _as_date(v: Any) -> dt.date | None:
    if v is None or isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(v)


def _locator(prefix: str) -> Callable[[str], str]:
    """Place of a problem: the item (``situation #12``, ``import item #3``), then the JSON pointer."""
    return lambda pointer: f"{prefix} {pointer or '/'}"


def _measure_rows(mapping: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """The cached texts that are measure rows (JSON objects), parsed, for the compact copy."""
    out = {}
    for k, v in mapping.items():
        try:
            row = _loads(v)
        except ValueError:
            continue
        if isinstance(row, dict):
            out[k] = row
    return out


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


class Store:
    """A place that keeps situations: an SQLite file or a PostgreSQL database. Use :func:`netmap.store.open_store`.

    The model is the only truth: each situation is kept as its canonical JSON, with a few
    indexed columns (no label, no free text) for listing and filtering, its content hash,
    and the date of each assessment; it also keeps the measure cache (rows keyed by content).
    """

    dialect = ""
    _errors: tuple[type[BaseException], ...] = ()

    def __init__(self, parsed: StoreURL, taxonomy: Taxonomy | None = None):
        self._parsed = parsed
        self.url: str = parsed.masked  #: the URL, password masked: safe to print
        self._taxonomy = taxonomy
        self.schema_found = 0  #: the schema version found on opening (0: created now)

    # -- backend primitives (each backend defines them) ------------------------
    def execute(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        raise NotImplementedError

    def table_names(self) -> set[str]:
        raise NotImplementedError

    @contextmanager
    def transaction(self) -> Iterator[None]:
        raise NotImplementedError
        yield

    def lock_schema(self) -> None:
        """Hold the schema lock until the end of the transaction (two processes opening a new store)."""

    @contextmanager
    def bulk_writing(self) -> Iterator[None]:
        """Settings for one large write (an import), given back afterwards; none by default."""
        yield

    def close(self) -> None:
        raise NotImplementedError

    def backup(self, dest_path: str | Path) -> Path:
        """Copy the whole store to ``dest_path``, consistently, while it may be in use."""
        raise NotImplementedError

    def _describe(self, exc: BaseException) -> str:
        return type(exc).__name__

    # -- life cycle -------------------------------------------------------------
    def _open_schema(self, create: bool) -> None:
        with self._op("opening"):
            self.schema_found = ensure_schema(self, create=create)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.url}>"

    @property
    def taxonomy(self) -> Taxonomy:
        if self._taxonomy is None:
            self._taxonomy = default_taxonomy()
        return self._taxonomy

    @contextmanager
    def _op(self, what: str) -> Iterator[None]:
        """Turn a database error into a StoreError naming the store and what failed."""
        try:
            yield
        except StoreError:
            raise
        except self._errors as exc:
            raise StoreError(f"store {self.url}: {what} failed ({self._describe(exc)})") from exc

    # -- situations -------------------------------------------------------------
    def import_situations(self, situations: Iterable[Situation], *, validate: bool = True,
                          by: str = "import") -> ImportResult:
        """Write situations in ONE transaction: all of them, or (on any failure) none.

        A situation whose id is already in the store replaces the stored one in the same
        transaction. Each situation added or changed also gets a new row in
        ``situation_versions`` (saved by ``by``) and an ``import`` entry in the access log, so
        that a replacement never loses the earlier content (``netmap store history``). Each situation is validated against the store's taxonomy first (a model
        built by hand is not checked by its constructor), so that the store only ever holds
        valid data; ``validate=False`` skips this when the caller has just validated the
        situations with that same taxonomy (``netmap import`` does).

        Raises
        ------
        ValidationError
            before anything is written, naming each faulty item (``import item #3``) and JSON pointer.
        StoreError
            for two situations with the same id, or a database failure (then nothing was written).
        """
        return self.import_batches([list(situations)], validate=validate, by=by)

    def import_batches(self, batches: Iterable[list[Situation]] | Iterable[list[Prepared]], *, validate: bool = True,
                       progress: Callable[[int], None] | None = None, by: str = "import") -> ImportResult:
        """:meth:`import_situations` of situations given a batch at a time: ONE transaction, all or nothing.

        Each batch is validated and written before the next one is asked for, so memory holds
        one batch (and the ids seen so far), however many situations there are. An exception
        raised by ``batches`` itself (e.g. a reader's :class:`ValidationError` after its last
        batch) rolls everything back. ``progress`` is called with the size of each batch written.
        A batch may hold :class:`~netmap.store.compact.Prepared` items instead: rows a reader made
        (in worker processes) from situations it has validated against this store's taxonomy.
        """
        first: dict[str, int] = {}
        added = replaced = unchanged = 0
        with self._op("import (nothing was imported)"), self.bulk_writing(), self.transaction():
            for batch in batches:
                offset = len(first)
                for i, item in enumerate(batch):
                    sid = item.row.id if isinstance(item, Prepared) else cast(Situation, item).id
                    if sid in first:
                        raise StoreError(f"store {self.url}: nothing imported: situations numbers {first[sid] + 1} "
                                         f"and {offset + i + 1} of the import have the same id")
                    first[sid] = offset + i
                if batch and isinstance(batch[0], Prepared):  # rows and compact rows made by the reader's workers
                    prepared = cast(list[Prepared], batch)
                    r = self._write_rows([p.facts for p in prepared], [p.row for p in prepared], by=by)
                    added, replaced, unchanged = added + r.added, replaced + r.replaced, unchanged + r.unchanged
                    if progress is not None:
                        progress(len(batch))
                    continue
                sits = cast(list[Situation], batch)
                dicts = [situation_to_dict(s) for s in sits]
                if validate:
                    problems: list[Problem] = []
                    with gc_paused():
                        for i, d in enumerate(dicts):
                            problems.extend(parse_situation(d, file=self.url, taxonomy=self.taxonomy,
                                                            locate=_locator(f"import item #{offset + i + 1}"))[1])
                    if problems:
                        raise ValidationError(problems)
                rows = [situation_row(s, d) for s, d in zip(sits, dicts, strict=True)]
                del dicts
                measures_fp = measures_fingerprint(self.taxonomy)
                r = self._write_rows([compact_facts(s, self.taxonomy, measures_fp) for s in sits], rows, by=by)
                added, replaced, unchanged = added + r.added, replaced + r.replaced, unchanged + r.unchanged
                if progress is not None:
                    progress(len(batch))
        return ImportResult(added=added, replaced=replaced, unchanged=unchanged)

    def _write_rows(self, facts: list[CompactFacts], rows: list[SituationRow], *, by: str = "import",
                    origin: str = "import", restored_from: int | None = None,
                    versions: dict[str, int] | None = None) -> ImportResult:
        """Write the rows of validated situations and their compact rows (in the caller's transaction)."""
        fingerprint = taxonomy_fingerprint(self.taxonomy)
        now = _now()
        added = replaced = unchanged = 0
        versioned: list[SituationRow] = []
        fresh: list[tuple[SituationRow, CompactFacts]] = []
        changed: list[tuple[int, CompactFacts]] = []
        existing = self._existing([r.id for r in rows])
        for fact, row in zip(facts, rows, strict=True):
            old = existing.get(row.id)
            if old is None:
                fresh.append((row, fact))
                added += 1
                versioned.append(row)
                continue
            replaced += 1
            num, old_hash, old_fingerprint = old
            if old_hash == row.content_hash and old_fingerprint == fingerprint:
                unchanged += 1
                continue
            self._replace_situation(num, row, fingerprint, now)
            changed.append((num, fact))
            versioned.append(row)
        new = self._insert_situations(fresh, fingerprint, now)
        write_compact(self, new)
        write_compact(self, changed, replace=True)
        numbers = self._add_versions(versioned, fingerprint, now, by, origin, restored_from)
        if versions is not None:
            versions.update(numbers)
        return ImportResult(added=added, replaced=replaced, unchanged=unchanged)

    def _latest_versions(self, ids: list[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for part in _chunks(ids):
            for sid, v in self.execute(f"SELECT situation, MAX(version) FROM situation_versions WHERE situation IN "
                                       f"({_marks(len(part))}) GROUP BY situation", part):
                found[sid] = int(v)
        return found

    def _add_versions(self, rows: list[SituationRow], fingerprint: str, now: str, by: str, origin: str,
                      restored_from: int | None = None) -> dict[str, int]:
        """Append the next version of each row to ``situation_versions`` and an access-log entry; return them."""
        if not rows:
            return {}
        latest = self._latest_versions([r.id for r in rows])
        numbers = {r.id: latest.get(r.id, 0) + 1 for r in rows}
        self.executemany(
            "INSERT INTO situation_versions (situation, version, saved_at, saved_by, origin, restored_from, "
            "content_hash, taxonomy, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(r.id, numbers[r.id], now, by, origin, restored_from, r.content_hash, fingerprint, r.body) for r in rows])
        stamp: Any = dt.datetime.fromisoformat(now) if self.dialect == "postgresql" else now
        action = "import" if origin == "import" else ("restore" if origin == "restore" else "save")
        self.executemany("INSERT INTO audit_log (at, user_name, action, situation) VALUES (?, ?, ?, ?)",
                         [(stamp, by, action, r.id) for r in rows])
        return numbers

    def _existing(self, ids: list[str]) -> dict[str, tuple[int, str, str]]:
        found: dict[str, tuple[int, str, str]] = {}
        for part in _chunks(ids):
            for sid, num, h, tax in self.execute(
                f"SELECT id, num, content_hash, taxonomy FROM situations WHERE id IN ({_marks(len(part))})", part
            ):
                found[sid] = (num, h, tax)
        return found

    def _columns(self, row: SituationRow, fingerprint: str, now: str) -> tuple[Any, ...]:
        return (row.service, row.region, row.age, row.housing, row.requested, row.opened, row.closed, row.outcome,
                row.latest_assessment, row.assessment_count, row.content_hash, fingerprint, row.body, now)

    _COLS = ("service, region, age, housing, requested, opened, closed, outcome, latest_assessment, "
             "assessment_count, content_hash, taxonomy, body, imported_at")

    def _insert_situations(self, rows: list[tuple[SituationRow, CompactFacts]], fingerprint: str,
                           now: str) -> list[tuple[int, CompactFacts]]:
        """Insert new situations at once (one statement for all, then their row numbers by id): at 10,000
        situations, one INSERT … RETURNING each took 2.1 s of the writer's 5 s."""
        if not rows:
            return []
        self.executemany(f"INSERT INTO situations (id, {self._COLS}) VALUES ({_marks(15)})",
                         [(row.id, *self._columns(row, fingerprint, now)) for row, _ in rows])
        nums: dict[str, int] = {}
        ids = [row.id for row, _ in rows]
        for part in _chunks(ids):
            nums.update((sid, int(num)) for sid, num in
                        self.execute(f"SELECT id, num FROM situations WHERE id IN ({_marks(len(part))})", part))
        dates = [(nums[row.id], d) for row, _ in rows for d in row.assessment_dates]
        if dates:
            self.executemany("INSERT INTO assessments (situation_num, date) VALUES (?, ?)", dates)
        return [(nums[row.id], fact) for row, fact in rows]

    def _replace_situation(self, num: int, row: SituationRow, fingerprint: str, now: str) -> None:
        sets = ", ".join(f"{c.strip()} = ?" for c in self._COLS.split(","))
        self.execute(f"UPDATE situations SET {sets} WHERE num = ?", (*self._columns(row, fingerprint, now), num))
        self.execute("DELETE FROM assessments WHERE situation_num = ?", (num,))
        self._insert_assessments(num, row)

    def _insert_assessments(self, num: int, row: SituationRow) -> None:
        if row.assessment_dates:
            self.executemany("INSERT INTO assessments (situation_num, date) VALUES (?, ?)",
                             [(num, date) for date in row.assessment_dates])

    def load_all(self, *, revalidate: bool = False) -> list[Situation]:
        """Every situation of the store, sorted by id.

        Each body is checked against its content hash. A body stored under the current
        taxonomy was validated on import by the same rules and codes, so it is built directly
        (fast); a body stored under another taxonomy (or every body, with ``revalidate=True``)
        is validated again by :func:`~netmap.io.canonical.parse_situation`.

        Raises
        ------
        ValidationError
            naming each faulty situation by its store row number (``situation #12``) and JSON pointer.
        """
        with self._op("reading situations"):
            rows = self.execute("SELECT num, content_hash, taxonomy, body FROM situations")
        return self._materialise(rows, revalidate)

    def load(self, ids: Iterable[str], *, revalidate: bool = False) -> list[Situation]:
        """The situations with these ids, in the order given; StoreError if any id is not in the store."""
        wanted = list(dict.fromkeys(ids))
        rows: list[tuple[Any, ...]] = []
        with self._op("reading situations"):
            for part in _chunks(wanted):
                rows.extend(self.execute(
                    f"SELECT num, content_hash, taxonomy, body FROM situations WHERE id IN ({_marks(len(part))})",
                    part))
        if len(rows) != len(wanted):
            raise StoreError(f"store {self.url}: {len(wanted) - len(rows)} of the {len(wanted)} situation ids "
                             "asked for are not in the store")
        by_id = {s.id: s for s in self._materialise(rows, revalidate)}
        return [by_id[i] for i in wanted]

    def _materialise(self, rows: list[tuple[Any, ...]], revalidate: bool) -> list[Situation]:
        # building 10^4 to 10^5 situations makes millions of small objects and no garbage: the cyclic
        # collector would scan them again and again (a third of the time), so it pauses meanwhile
        with gc_paused():
            return self._build(rows, revalidate)

    def _build(self, rows: list[tuple[Any, ...]], revalidate: bool) -> list[Situation]:
        current = taxonomy_fingerprint(self.taxonomy)
        out: list[Situation] = []
        problems: list[Problem] = []
        for num, stored_hash, fingerprint, body in rows:
            place = f"situation #{num}"
            if content_hash(body) != stored_hash:
                problems.append(Problem(self.url, place, "expected the stored content to match its content hash "
                                        "(it was changed outside netmap): restore a backup or import it again"))
                continue
            try:
                obj = _loads(body)
            except ValueError:  # orjson's JSONDecodeError is a ValueError too
                problems.append(Problem(self.url, place, "expected valid JSON in the stored content"))
                continue
            if not revalidate and fingerprint == current:
                try:
                    out.append(situation_from_stored(obj))
                    continue
                except (KeyError, TypeError, ValueError, AttributeError):
                    pass  # not the shape netmap writes: let validation say where
            sit, probs = parse_situation(obj, file=self.url, locate=_locator(place), taxonomy=self.taxonomy)
            problems.extend(probs)
            if sit is not None:
                out.append(sit)
        if problems:
            raise ValidationError(problems)
        out.sort(key=lambda s: s.id)
        return out

    def situation_ids(self) -> list[str]:
        """Every situation id in the store, sorted."""
        with self._op("listing situations"):
            return sorted(r[0] for r in self.execute("SELECT id FROM situations"))

    def summary(self, *, service: str | None = None) -> list[dict[str, Any]]:
        """One dict per situation with the indexed columns only (see ``SUMMARY_COLUMNS``), sorted by id.

        Dates are :class:`datetime.date`; ``assessments`` is the number of assessments. No
        label, goal or free text is in it.
        """
        sql = ("SELECT id, service, region, age, housing, requested, opened, closed, outcome, latest_assessment, "
               "assessment_count FROM situations")
        params: tuple[Any, ...] = ()
        if service is not None:
            sql += " WHERE service = ?"
            params = (service,)
        with self._op("listing situations"):
            rows = self.execute(sql, params)
        out = []
        for r in rows:
            d = dict(zip(SUMMARY_COLUMNS, r, strict=True))
            for k in ("requested", "opened", "closed", "latest_assessment"):
                d[k] = _as_date(d[k])
            out.append(d)
        out.sort(key=lambda d: d["id"])
        return out

    def delete(self, ids: Iterable[str]) -> int:
        """Delete these situations (and their assessments) in one transaction; all ids must exist."""
        wanted = list(dict.fromkeys(ids))
        with self._op("delete (nothing was deleted)"), self.transaction():
            found = self._existing(wanted)
            if len(found) != len(wanted):
                raise StoreError(f"store {self.url}: nothing deleted: {len(wanted) - len(found)} of the "
                                 f"{len(wanted)} situation ids given are not in the store")
            for part in _chunks(wanted):
                self.execute(f"DELETE FROM situations WHERE id IN ({_marks(len(part))})", part)
        return len(wanted)

    # -- measure cache ------------------------------------------------------------
    def cache_get(self, keys: Iterable[str]) -> dict[str, str]:
        """The cached measure rows (JSON text) of the keys found; absent keys are simply missing."""
        wanted = list(dict.fromkeys(keys))
        out: dict[str, str] = {}
        with self._op("reading the measure cache"):
            for part in _chunks(wanted):
                out.update(self.execute(f"SELECT key, value FROM measure_cache WHERE key IN ({_marks(len(part))})",
                                        part))
        return out

    def cache_put(self, mapping: Mapping[str, str]) -> None:
        """Store measure rows (key → JSON text), replacing entries with the same key, in one transaction."""
        now = _now()
        items = [(k, v, now) for k, v in mapping.items()]
        if not items:
            return
        with self._op("writing the measure cache"), self.transaction():
            put_measure_subsets(self, _measure_rows(mapping))
            self.executemany("INSERT INTO measure_cache (key, value, stored_at) VALUES (?, ?, ?) "
                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value, stored_at = excluded.stored_at",
                             items)

    def prune_cache(self, live_keys: Iterable[str] | None = None) -> int:
        """Delete cache entries that no longer belong to any stored assessment; return how many.

        Without ``live_keys``, the live keys are those :func:`netmap.measures.table.measure_table`
        would use now for the stored situations (:func:`~netmap.measures.table.assessment_key`
        under the current measures version and taxonomy): rows of changed or deleted assessments
        and rows of an older measures version go. With ``live_keys``, exactly the entries whose
        key is not among them are deleted.
        """
        if live_keys is None:
            from ..measures.table import assessment_key
            from ..measures.table import taxonomy_fingerprint as measures_fingerprint

            fingerprint = measures_fingerprint(self.taxonomy)
            keep = {assessment_key(a, s.person.consent, fingerprint) for s in self.load_all() for a in s.assessments}
        else:
            keep = set(live_keys)
        with self._op("pruning the measure cache"), self.transaction():
            stale = [k for (k,) in self.execute("SELECT key FROM measure_cache") if k not in keep]
            for part in _chunks(stale):
                self.execute(f"DELETE FROM measure_cache WHERE key IN ({_marks(len(part))})", part)
            compact_stale = [k for (k,) in self.execute("SELECT key FROM compact_measures") if k not in keep]
            for part in _chunks(compact_stale):
                self.execute(f"DELETE FROM compact_measures WHERE key IN ({_marks(len(part))})", part)
        return len(stale)

    # -- access log ---------------------------------------------------------------------
    def audit_append(self, user: str, action: str, situation: str | None = None,
                     at: dt.datetime | None = None) -> None:
        """Append one entry to the access log: who, what (``AUDIT_ACTIONS``), which situation id, when (UTC).

        Only these four values are kept: never a label, a page's content or a filter value.
        """
        if action not in AUDIT_ACTIONS:
            raise ValueError(f"unknown audit action; expected one of {', '.join(AUDIT_ACTIONS)}")
        when = (at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
        stamp: Any = when if self.dialect == "postgresql" else when.isoformat(timespec="microseconds")
        with self._op("writing the access log"), self.transaction():
            self.execute("INSERT INTO audit_log (at, user_name, action, situation) VALUES (?, ?, ?, ?)",
                         (stamp, user, action, situation))

    def audit_entries(self, *, since: dt.datetime | None = None, user: str | None = None,
                      situation: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Entries of the access log, oldest first (the last ``limit`` when given), optionally filtered."""
        where, params = [], []
        if since is not None:
            where.append("at >= ?")
            since = since.astimezone(dt.UTC) if since.tzinfo else since.replace(tzinfo=dt.UTC)
            params.append(since if self.dialect == "postgresql" else since.isoformat(timespec="microseconds"))
        if user is not None:
            where.append("user_name = ?")
            params.append(user)
        if situation is not None:
            where.append("situation = ?")
            params.append(situation)
        sql = "SELECT num, at, user_name, action, situation FROM audit_log"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY num DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self._op("reading the access log"):
            rows = self.execute(sql, params)
        out = []
        for _, at, name, action, sid in reversed(rows):
            when = at if isinstance(at, dt.datetime) else dt.datetime.fromisoformat(at)
            out.append({"at": when.astimezone(dt.UTC), "user": name, "action": action, "situation": sid})
        return out

    # -- description ------------------------------------------------------------------
    def info(self) -> dict[str, Any]:
        """What is in the store, in counts (no personal data)."""
        with self._op("reading store information"):
            version = self.execute(f"SELECT value FROM {META_TABLE} WHERE key = ?", ("schema_version",))[0][0]
            n, services, last = self.execute(
                "SELECT COUNT(*), COUNT(DISTINCT service), MAX(imported_at) FROM situations")[0]
            assessments = self.execute("SELECT COUNT(*) FROM assessments")[0][0]
            cache = self.execute("SELECT COUNT(*) FROM measure_cache")[0][0]
        return {
            "url": self.url, "backend": self.dialect, "schema_version": int(version), "situations": int(n),
            "services": int(services), "assessments": int(assessments), "cache_entries": int(cache),
            "last_import": last.isoformat() if hasattr(last, "isoformat") else last,
        }
