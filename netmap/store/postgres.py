"""The team store: a PostgreSQL database reached by URL, through psycopg 3."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..taxonomy import Taxonomy
from .base import Store
from .urls import StoreURL

__all__ = ["PostgresStore"]

_SCHEMA_LOCK = 0x6E65746D6170  # pg_advisory_xact_lock key ("netmap"): one process creates or migrates at a time


class PostgresStore(Store):
    """A store in a PostgreSQL database, in the connection's current schema (``search_path``).

    Give another schema with libpq's ``options`` parameter, e.g.
    ``postgresql://ana@db/netmap?options=-csearch_path%3Dteam_a``.
    """

    dialect = "postgresql"

    def __init__(self, parsed: StoreURL, taxonomy: Taxonomy | None = None, *, create: bool = True):
        super().__init__(parsed, taxonomy)
        try:
            import psycopg
        except ImportError:
            raise StoreError(f"store {self.url}: PostgreSQL stores need psycopg 3 "
                             "(the extra [postgres]: pip install '.[postgres]' from netmap's folder, or its wheel with [postgres])") from None
        self._errors = (psycopg.Error,)
        try:
            # autocommit: reads are single statements; every write runs in an explicit transaction
            self._conn = psycopg.connect(parsed.conninfo or "", autocommit=True, connect_timeout=15)
        except psycopg.Error as exc:
            raise StoreError(f"store {self.url}: cannot connect ({self._describe(exc)})") from None
        try:
            self._open_schema(create)
        except BaseException:
            self._conn.close()
            raise

    def execute(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[tuple[Any, ...]]:
        with self._conn.cursor() as cur:
            cur.execute(sql.replace("?", "%s"), params)
            return cur.fetchall() if cur.description is not None else []

    def executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        with self._conn.cursor() as cur:
            cur.executemany(sql.replace("?", "%s"), rows)

    def table_names(self) -> set[str]:
        rows = self.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")
        return {r[0] for r in rows}

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._conn.transaction():
            yield

    def lock_schema(self) -> None:
        self.execute("SELECT pg_advisory_xact_lock(?)", (_SCHEMA_LOCK,))

    def close(self) -> None:
        self._conn.close()

    def _describe(self, exc: BaseException) -> str:
        # the primary message names constraints and objects; DETAIL (which may quote values) is left out
        diag = getattr(exc, "diag", None)
        primary = getattr(diag, "message_primary", None) if diag is not None else None
        if primary:
            return f"{type(exc).__name__}: {primary}"
        first = str(exc).splitlines()[0] if str(exc) else ""
        return f"{type(exc).__name__}: {first}" if first and "DETAIL" not in first else type(exc).__name__

    def backup(self, dest_path: str | Path) -> Path:
        raise StoreError(f"store {self.url}: netmap backs up SQLite stores only; back up a PostgreSQL store with "
                         "pg_dump (e.g. pg_dump --format=custom --file=netmap.dump DATABASE) or the server's own "
                         "backup tools")
