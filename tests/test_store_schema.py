"""The versioned schema: created once, checked on every open, migrated in one transaction or refused."""

from __future__ import annotations

# fixtures are imported from test_store_support, and test arguments then shadow the imported names
# ruff: noqa: F811
import sqlite3

import pytest
from test_store_support import dump, examples, pg_url, store_url  # noqa: F401

from netmap.errors import StoreError
from netmap.store import open_store, schema
from netmap.store.compact import COMPACT_TABLES


def _set_version(url: str, version: str) -> None:
    with open_store(url) as store:
        store.execute("UPDATE netmap_meta SET value = ? WHERE key = 'schema_version'", (version,))


V = schema.SCHEMA_VERSION


def test_new_store_records_the_current_version(store_url):
    with open_store(store_url) as store:
        assert store.schema_found == 0  # created now
        assert store.execute("SELECT value FROM netmap_meta WHERE key = 'schema_version'") == [(str(V),)]
        assert store.table_names() == set(schema.TABLES)
        assert {"netmap_meta", "situations", "assessments", "measure_cache", "compact_assessments"} <= store.table_names()
    with open_store(store_url) as store:
        assert store.schema_found == V  # found as is


def test_version_1_store_gains_the_access_log(store_url):
    """A store written by netmap before the access log (version 1) is migrated: data kept, audit_log added."""
    with open_store(store_url) as store:
        store.import_situations(examples())
        store.execute("DROP TABLE situation_versions")  # nor versions
        store.execute("DROP TABLE audit_log")  # what version 1 had: no access log, no compact tables
        for table in reversed(COMPACT_TABLES):
            store.execute(f"DROP TABLE {table}")
        store.execute("UPDATE netmap_meta SET value = '1' WHERE key = 'schema_version'")
    with open_store(store_url) as store:
        assert store.schema_found == 1
        assert {"audit_log", "situation_versions"} <= store.table_names()
        assert [s.id for s in store.load_all()] == ["EX-ELDER-01", "EX-YOUTH-01"]
        store.audit_append("ana", "open_situation", "EX-YOUTH-01")
        assert [(e["user"], e["action"], e["situation"]) for e in store.audit_entries()] == [
            ("ana", "open_situation", "EX-YOUTH-01")]


def test_version_2_store_gains_filled_compact_tables(store_url):
    """A store from before the compact tables (version 2) is migrated: they are filled from the stored
    situations and measure cache, and give the same compact data as a store written by this version."""
    import pandas as pd

    from netmap.aggregate.compact import CompactData

    with open_store(store_url) as store:
        store.import_situations(examples())
        fresh = CompactData.from_store(store, jobs=1)  # computes and caches the measure rows
        for table in reversed(COMPACT_TABLES):
            store.execute(f"DROP TABLE {table}")
        store.execute("DROP TABLE situation_versions")  # version 4 came after
        store.execute("UPDATE netmap_meta SET value = '2' WHERE key = 'schema_version'")
    with open_store(store_url) as store:
        assert store.schema_found == 2
        assert store.execute("SELECT count(*) FROM compact_assessments")[0][0] == 3  # 1 + 2 assessments
        assert store.execute("SELECT count(*) FROM compact_measures")[0][0] == 3  # from the measure cache
        migrated = CompactData.from_store(store, jobs=1)
    for name in ("situations", "measures", "meetings", "funding"):
        pd.testing.assert_frame_equal(getattr(migrated, name), getattr(fresh, name))


def test_newer_version_is_refused(store_url):
    open_store(store_url).close()
    _set_version(store_url, "7")
    with pytest.raises(StoreError, match=f"schema version 7 is newer than this netmap knows .version {V}.; upgrade"):
        open_store(store_url)


def test_version_without_migration_path_is_refused(store_url):
    open_store(store_url).close()
    _set_version(store_url, "0")  # a hand-made older version: nothing migrates from 0
    with pytest.raises(StoreError, match=f"schema version 0 cannot be migrated to version {V}"):
        open_store(store_url)


def test_garbled_version_is_refused(store_url):
    open_store(store_url).close()
    _set_version(store_url, "one")
    with pytest.raises(StoreError, match="schema version is not a number"):
        open_store(store_url)


def test_foreign_database_is_refused(tmp_path):
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE patients (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="holds other tables and no netmap schema version"):
        open_store(f"sqlite:///{path}")
    conn = sqlite3.connect(path)  # untouched: no netmap table was added
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == ["patients"]
    conn.close()


def test_empty_database_not_created_when_reading(pg_url):
    with pytest.raises(StoreError, match="database is empty"):
        open_store(pg_url, create=False)


def _add_note_column(db) -> None:
    db.execute("ALTER TABLE situations ADD COLUMN note TEXT")
    db.execute("UPDATE situations SET note = 'migrated'")


def test_older_version_is_migrated_in_one_transaction(store_url, monkeypatch):
    """A store at version V opened by a netmap whose schema is version V + 1 is migrated, data kept."""
    with open_store(store_url) as store:
        store.import_situations(examples())
    monkeypatch.setattr(schema, "SCHEMA_VERSION", V + 1)
    monkeypatch.setattr(schema, "MIGRATIONS", {**schema.MIGRATIONS, V: _add_note_column})
    with open_store(store_url) as store:
        assert store.schema_found == V
        assert store.execute("SELECT value FROM netmap_meta WHERE key = 'schema_version'") == [(str(V + 1),)]
        assert store.execute("SELECT DISTINCT note FROM situations") == [("migrated",)]
        assert [s.id for s in store.load_all()] == ["EX-ELDER-01", "EX-YOUTH-01"]
    with open_store(store_url) as store:
        assert store.schema_found == V + 1  # not migrated twice


def test_failed_migration_leaves_the_store_as_it_was(store_url, monkeypatch):
    with open_store(store_url) as store:
        store.import_situations(examples())
        before = dump(store)

    def half_done(db) -> None:
        db.execute("ALTER TABLE situations ADD COLUMN other TEXT")  # a first statement that succeeds ...
        raise ValueError("second step fails")  # ... then a failure

    monkeypatch.setattr(schema, "SCHEMA_VERSION", V + 2)
    monkeypatch.setattr(schema, "MIGRATIONS", {**schema.MIGRATIONS, V: _add_note_column, V + 1: half_done})
    with pytest.raises(StoreError, match=f"migration from schema version {V + 1} to {V + 2} failed .ValueError.; "
                                         f"the store was left at version {V}"):
        open_store(store_url)
    monkeypatch.undo()
    with open_store(store_url) as store:
        assert store.schema_found == V
        assert dump(store) == before  # SELECT * rows: the columns added by the steps were rolled back too


def test_version_4_store_gains_columns_and_partner_codes(store_url):
    """A store from before the columnar compact tables (version 4: partners as JSON pairs, one JSON object of
    measure columns per key) is converted in place, and gives the same compact data as a store written now."""
    import json

    import pandas as pd

    from netmap.aggregate.compact import CompactData
    from netmap.store.compact import AGGREGATE_MEASURES

    with open_store(store_url) as store:
        store.import_situations(examples())
        fresh = CompactData.from_store(store, jobs=1)  # computes and caches the measure rows
        names = {code: [sector, org] for code, sector, org in
                 store.execute("SELECT code, sector, organisation FROM compact_partners")}
        assert names, "the examples have named partners"
        # back to what version 4 wrote
        for num, day, codes in store.execute("SELECT situation_num, date, partners FROM compact_assessments"):
            store.execute("UPDATE compact_assessments SET partners = ? WHERE situation_num = ? AND date = ?",
                          (json.dumps([names[c] for c in json.loads(codes)], ensure_ascii=False), num, day))
        cols = ", ".join(AGGREGATE_MEASURES)
        rows = store.execute(f"SELECT key, {cols} FROM compact_measures")
        store.execute("DROP TABLE compact_measures")
        store.execute("DROP TABLE compact_partners")
        store.execute("CREATE TABLE compact_measures (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        for key, *values in rows:
            value = json.dumps(dict(zip(AGGREGATE_MEASURES, map(json.loads, values), strict=True)))
            store.execute("INSERT INTO compact_measures (key, value) VALUES (?, ?)", (key, value))
        store.execute("UPDATE netmap_meta SET value = '4' WHERE key = 'schema_version'")
    with open_store(store_url) as store:
        assert store.schema_found == 4
        assert "compact_partners" in store.table_names()
        assert store.execute("SELECT count(*) FROM compact_measures")[0][0] == 3
        migrated = CompactData.from_store(store, jobs=1)
    for name in ("situations", "measures", "meetings", "funding"):
        pd.testing.assert_frame_equal(getattr(migrated, name), getattr(fresh, name))
    assert any(migrated.measures["partners"]), "partners read back through their codes"
