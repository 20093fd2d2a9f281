"""The versioned schema of the store, for SQLite and PostgreSQL, and the migrations between versions.

Version 1 is the first schema; version 2 adds ``audit_log`` (who opened which situation, when);
version 3 adds the compact tables the aggregates read (:mod:`netmap.store.compact`), filled
from the stored situations by the migration;
version 4 adds ``situation_versions`` (every saved content of every situation, never rewritten);
version 5 stores the compact tables as columns and codes (``compact_partners``, one column per
measure in ``compact_measures``: a reader parses each distinct value once). The version lives in
table ``netmap_meta`` (key ``schema_version``) and is checked each time a store is opened:

- an empty database gets the current schema, in one transaction;
- an older version is migrated, step by step (``MIGRATIONS[v]`` takes version v to v + 1),
  all steps in one transaction: either the store ends at the current version or it is unchanged;
- a newer version, a version with no migration path, or a database holding other tables
  and no version is refused with :class:`~netmap.errors.StoreError`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from ..errors import StoreError
from .compact import COMPACT_TABLES, compact_statements

__all__ = ["META_TABLE", "MIGRATIONS", "SCHEMA_VERSION", "TABLES", "create_statements", "ensure_schema"]

SCHEMA_VERSION = 5
META_TABLE = "netmap_meta"
TABLES = (META_TABLE, "situations", "assessments", "measure_cache", "audit_log", *COMPACT_TABLES, "situation_versions")


class SchemaTarget(Protocol):
    """What the schema machinery needs from a store backend."""

    dialect: str
    url: str

    def execute(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[tuple[Any, ...]]: ...

    def table_names(self) -> set[str]: ...

    def transaction(self) -> Any: ...

    def lock_schema(self) -> None: ...


# column types that differ between the two dialects
_TYPES = {
    "sqlite": {"serial": "INTEGER PRIMARY KEY AUTOINCREMENT", "date": "TEXT", "timestamp": "TEXT",
               "ref": "INTEGER"},
    "postgresql": {"serial": "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "date": "DATE",
                   "timestamp": "TIMESTAMPTZ", "ref": "BIGINT"},
}

_V1 = [
    f"CREATE TABLE {META_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    # one row per situation: canonical JSON body + indexed columns for filtering and listing
    """CREATE TABLE situations (
        num {serial},
        id TEXT NOT NULL UNIQUE,
        service TEXT NOT NULL,
        region TEXT NOT NULL,
        age INTEGER CHECK (age IS NULL OR (age >= 0 AND age <= 120)),
        housing TEXT NOT NULL,
        requested {date} NOT NULL,
        opened {date},
        closed {date},
        outcome TEXT NOT NULL,
        latest_assessment {date},
        assessment_count INTEGER NOT NULL CHECK (assessment_count >= 0),
        content_hash TEXT NOT NULL,
        taxonomy TEXT NOT NULL,
        body TEXT NOT NULL,
        imported_at {timestamp} NOT NULL
    )""",
    "CREATE INDEX situations_service ON situations (service, requested)",
    "CREATE INDEX situations_region ON situations (region)",
    "CREATE INDEX situations_outcome ON situations (outcome)",
    # one row per assessment date, for queries by date (which situations were assessed in a period)
    """CREATE TABLE assessments (
        situation_num {ref} NOT NULL REFERENCES situations (num) ON DELETE CASCADE,
        date {date} NOT NULL,
        PRIMARY KEY (situation_num, date)
    )""",
    "CREATE INDEX assessments_date ON assessments (date)",
    # measure rows keyed by content (netmap.measures.table.assessment_key): key -> JSON text of one row
    "CREATE TABLE measure_cache (key TEXT PRIMARY KEY, value TEXT NOT NULL, stored_at {timestamp} NOT NULL)",
]

# version 2: the access log of the dashboard. One row per opening of a situation, what-if, report
# download or export: who (the user name), when, what, and the situation id (no label, no content).
# No foreign key on the situation: the log outlives a deleted situation.
_V2 = [
    """CREATE TABLE audit_log (
        num {serial},
        at {timestamp} NOT NULL,
        user_name TEXT NOT NULL,
        action TEXT NOT NULL,
        situation TEXT
    )""",
    "CREATE INDEX audit_log_at ON audit_log (at)",
    "CREATE INDEX audit_log_situation ON audit_log (situation)",
]

# version 4: every version of every situation (issue 17, "nothing is ever lost"). Each import that
# changes a situation, each save of the editor and each restore adds a row; none is updated or deleted,
# not even when the situation is deleted (no foreign key). `version` counts from 1 per situation id;
# UNIQUE (situation, version) refuses the second of two saves made on the same version.
_V4 = [
    """CREATE TABLE situation_versions (
        num {serial},
        situation TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        saved_at {timestamp} NOT NULL,
        saved_by TEXT NOT NULL,
        origin TEXT NOT NULL,
        restored_from INTEGER,
        content_hash TEXT NOT NULL,
        taxonomy TEXT NOT NULL,
        body TEXT NOT NULL,
        UNIQUE (situation, version)
    )""",
]

Migration = Callable[[SchemaTarget], None]


def _statements(dialect: str, stmts: list[str]) -> list[str]:
    return [s.format(**_TYPES[dialect]) for s in stmts]


def _to_v2(db: SchemaTarget) -> None:
    for stmt in _statements(db.dialect, _V2):
        db.execute(stmt)


def _to_v3(db: SchemaTarget) -> None:
    """Version 2 → 3: create the compact tables and fill them from the stored situations and measure cache."""
    from .compact import fill_compact_tables

    for stmt in compact_statements(_TYPES[db.dialect]):
        db.execute(stmt)
    fill_compact_tables(db)


def _to_v4(db: SchemaTarget) -> None:
    for stmt in _statements(db.dialect, _V4):
        db.execute(stmt)
    # what the store holds now becomes version 1 of each situation
    db.execute("INSERT INTO situation_versions (situation, version, saved_at, saved_by, origin, content_hash, "
               "taxonomy, body) SELECT id, 1, imported_at, 'netmap', 'migration', content_hash, taxonomy, body "
               "FROM situations")


def _to_v5(db: SchemaTarget) -> None:
    from .compact import to_columns

    to_columns(db, _TYPES[db.dialect])


# MIGRATIONS[v] takes a store from version v to v + 1
MIGRATIONS: dict[int, Migration] = {1: _to_v2, 2: _to_v3, 3: _to_v4, 4: _to_v5}


def create_statements(dialect: str) -> list[str]:
    """The statements that create the current schema in an empty database."""
    return _statements(dialect, _V1 + _V2) + compact_statements(_TYPES[dialect]) + _statements(dialect, _V4)


def _read_version(db: SchemaTarget) -> int:
    rows = db.execute(f"SELECT value FROM {META_TABLE} WHERE key = ?", ("schema_version",))
    if not rows:
        raise StoreError(f"store {db.url}: table {META_TABLE} has no schema_version; this is not a netmap store "
                         "or it was damaged")
    try:
        return int(rows[0][0])
    except ValueError:
        raise StoreError(f"store {db.url}: the schema version is not a number; the store was damaged") from None


def ensure_schema(db: SchemaTarget, *, create: bool = True) -> int:
    """Create, check or migrate the schema of ``db``; return the version found before (0 if created).

    Raises
    ------
    StoreError
        for a newer version, a version without migration path, or a database that holds
        other tables and no netmap schema.
    """
    tables = db.table_names()
    if META_TABLE not in tables:
        if tables:
            raise StoreError(f"store {db.url}: the database holds other tables and no netmap schema version; "
                             "refusing to use it as a netmap store (give an empty database or a netmap store)")
        if not create:
            raise StoreError(f"store {db.url}: the database is empty (no netmap store there yet)")
        with db.transaction():
            db.lock_schema()
            if META_TABLE in db.table_names():  # created meanwhile by another process
                return _check_version(db)
            for stmt in create_statements(db.dialect):
                db.execute(stmt)
            db.execute(f"INSERT INTO {META_TABLE} (key, value) VALUES (?, ?)", ("schema_version", str(SCHEMA_VERSION)))
        return 0
    return _check_version(db)


def _check_version(db: SchemaTarget) -> int:
    version = _read_version(db)
    if version == SCHEMA_VERSION:
        return version
    if version > SCHEMA_VERSION:
        raise StoreError(f"store {db.url}: schema version {version} is newer than this netmap knows "
                         f"(version {SCHEMA_VERSION}); upgrade netmap to use this store")
    missing = [v for v in range(version, SCHEMA_VERSION) if v not in MIGRATIONS]
    if missing:
        raise StoreError(f"store {db.url}: schema version {version} cannot be migrated to version {SCHEMA_VERSION} "
                         f"(no migration from version {missing[0]}); restore it from a backup or import its data anew")
    with db.transaction():
        db.lock_schema()
        current = _read_version(db)  # another process may have migrated it meanwhile
        for v in range(current, SCHEMA_VERSION):
            try:
                MIGRATIONS[v](db)
            except Exception as exc:
                detail = str(exc) if isinstance(exc, StoreError) else type(exc).__name__
                raise StoreError(f"store {db.url}: migration from schema version {v} to {v + 1} failed "
                                 f"({detail}); the store was left at version {current}") from exc
        db.execute(f"UPDATE {META_TABLE} SET value = ? WHERE key = ?", (str(SCHEMA_VERSION), "schema_version"))
    return version
