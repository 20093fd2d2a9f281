"""Fixtures shared by the store tests: a store URL per backend, the examples, a full dump of a store."""

from __future__ import annotations

import dataclasses
import os
import uuid
from pathlib import Path

import pytest

from netmap.io import load
from netmap.model import Situation

DATA = Path(__file__).parent / "data"
PG_ENV = "NETMAP_TEST_PG_URL"
TABLES = ("netmap_meta", "situations", "assessments", "measure_cache", "audit_log")


def examples() -> list[Situation]:
    """The two shared examples (EX-ELDER-01, EX-YOUTH-01), validated by the JSON reader."""
    return load(DATA)


def renamed(s: Situation, new_id: str, **changes) -> Situation:
    return dataclasses.replace(s, id=new_id, **changes)


def pg_schema_url():
    """A fresh PostgreSQL schema per test (dropped afterwards), or skip without a server."""
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"PostgreSQL store tests need {PG_ENV} (.ci/run sets it after `bash .ci/postgres.sh start`)")
    import psycopg

    schema = "netmap_t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request, tmp_path):
    """A URL for an empty store on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'netmap.sqlite3'}"
    else:
        yield from pg_schema_url()


@pytest.fixture
def pg_url():
    yield from pg_schema_url()


def dump(store) -> dict[str, list[str]]:
    """Every row of every table of a store (and SQLite's sequence table), sorted: equal dumps, equal stores."""
    tables = list(TABLES) + (["sqlite_sequence"] if store.dialect == "sqlite" else [])
    return {t: sorted(repr(r) for r in store.execute(f"SELECT * FROM {t}")) for t in tables}
