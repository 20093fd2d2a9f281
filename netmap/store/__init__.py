"""Where situations are kept: an SQLite file by default, a PostgreSQL database for a team.

Examples
--------
>>> from netmap.store import open_store
>>> with open_store("sqlite:///:memory:") as store:
...     store.info()["situations"]
0
"""

from __future__ import annotations

from ..taxonomy import Taxonomy
from .base import ImportResult, Store
from .rows import SUMMARY_COLUMNS
from .schema import SCHEMA_VERSION
from .urls import default_store_url, mask_url, parse_store_url

__all__ = [
    "SCHEMA_VERSION",
    "SUMMARY_COLUMNS",
    "ImportResult",
    "Store",
    "default_store_url",
    "mask_url",
    "open_store",
]


def open_store(url: str | None = None, *, create: bool = True, taxonomy: Taxonomy | None = None) -> Store:
    """Open (and if need be create, check or migrate) the store at ``url``; use it as a context manager.

    Parameters
    ----------
    url
        ``sqlite:///relative/path``, ``sqlite:////absolute/path``, ``sqlite:///:memory:`` or
        ``postgresql://user@host:port/database``; None for :func:`default_store_url`.
    create
        create the store when the SQLite file does not exist or the database is empty;
        with False, such a store is a :class:`~netmap.errors.StoreError` (for commands that only read).
    taxonomy
        the taxonomy stored situations are checked against (default: netmap's own).

    Raises
    ------
    StoreError
        naming the store (password masked) and what failed.
    """
    parsed = parse_store_url(url if url is not None else default_store_url())
    if parsed.backend == "sqlite":
        from .sqlite import SQLiteStore

        return SQLiteStore(parsed, taxonomy, create=create)
    from .postgres import PostgresStore

    return PostgresStore(parsed, taxonomy, create=create)
