"""The store on both backends: round trip, replacement, all-or-nothing imports, cache, backup, integrity."""

# fixtures are imported from test_store_support, and test arguments then shadow the imported names
# ruff: noqa: F811

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3

import pytest
from test_store_support import dump, examples, pg_url, renamed, store_url  # noqa: F401

from netmap.errors import StoreError, ValidationError
from netmap.io.canonical import parse_situation, situation_to_dict
from netmap.store import SCHEMA_VERSION, ImportResult, Store, open_store
from netmap.store.rows import content_hash


def test_round_trip_gives_back_the_same_model(store_url):
    sits = examples()
    with open_store(store_url) as store:
        assert store.import_situations(sits) == ImportResult(added=2, replaced=0, unchanged=0)
        assert store.load_all() == sorted(sits, key=lambda s: s.id)
        assert store.load_all(revalidate=True) == sorted(sits, key=lambda s: s.id)
        assert store.situation_ids() == ["EX-ELDER-01", "EX-YOUTH-01"]
        # load keeps the order asked for
        assert [s.id for s in store.load(["EX-YOUTH-01", "EX-ELDER-01"])] == ["EX-YOUTH-01", "EX-ELDER-01"]


def test_summary_holds_indexed_columns_only(store_url):
    with open_store(store_url) as store:
        store.import_situations(examples())
        rows = store.summary()
        only_bru = store.summary(service="bru-stars-cm")
    # values read by hand from tests/data/youth-brussels.json (two assessments: 2024-01-22, 2024-06-10)
    assert rows[1] == {
        "id": "EX-YOUTH-01", "service": "bru-stars-cm", "region": "bruxelles", "age": 15, "housing": "with_family",
        "requested": dt.date(2024, 1, 8), "opened": dt.date(2024, 1, 22), "closed": None, "outcome": "open",
        "latest_assessment": dt.date(2024, 6, 10), "assessments": 2,
    }
    assert rows[0]["id"] == "EX-ELDER-01" and rows[0]["region"] == "namur" and rows[0]["assessments"] == 1
    assert [r["id"] for r in only_bru] == ["EX-YOUTH-01"]
    # no label or free text: "Mère" is a label of the youth situation
    assert "Mère" not in repr(rows)


def test_reimport_replaces_in_place_and_counts(store_url):
    elder, youth = examples()
    moved = dataclasses.replace(youth, service="dune-liaison")
    with open_store(store_url) as store:
        store.import_situations([elder, youth])
        result = store.import_situations([moved, elder, renamed(youth, "NEW-1")])
        assert result == ImportResult(added=1, replaced=2, unchanged=1)  # elder identical, youth changed
        assert result.total == 3
        assert store.load(["EX-YOUTH-01"])[0].service == "dune-liaison"
        assert store.situation_ids() == ["EX-ELDER-01", "EX-YOUTH-01", "NEW-1"]
        # assessments of the replaced situation are not duplicated: 1 + 2 + 2
        assert store.execute("SELECT COUNT(*) FROM assessments")[0][0] == 5


@pytest.mark.parametrize("written", [False, True])
def test_failed_import_leaves_store_exactly_as_it_was(store_url, monkeypatch, written):
    """A failure while inserting the new situations (before or after their rows are written) rolls back everything,
    the replacement written before it included."""
    elder, youth = examples()
    with open_store(store_url) as store:
        store.import_situations([elder])
        store.cache_put({"k": "{}"})
        before = dump(store)
        calls = {"n": 0}
        original = Store._insert_situations

        def failing(self, *args):
            calls["n"] += 1
            if written:
                original(self, *args)
            raise RuntimeError("injected failure")

        monkeypatch.setattr(Store, "_insert_situations", failing)
        batch = [dataclasses.replace(elder, service="mobile-107-precarite")] + [renamed(youth, f"Y-{i}") for i in range(4)]
        with pytest.raises(RuntimeError, match="injected"):
            store.import_situations(batch)
        assert calls["n"] == 1
        assert dump(store) == before
        monkeypatch.undo()
        # the store still works after the rollback
        assert store.import_situations(batch).added == 4


def test_failed_replacement_rolls_back_too(store_url, monkeypatch):
    elder, youth = examples()
    with open_store(store_url) as store:
        store.import_situations([elder, youth])
        before = dump(store)

        def failing(self, num, row, *args):
            raise RuntimeError("injected failure")

        monkeypatch.setattr(Store, "_replace_situation", failing)
        with pytest.raises(RuntimeError):
            store.import_situations([renamed(elder, "NEW-1"), dataclasses.replace(youth, service="brusano-cm")])
        assert dump(store) == before


def test_database_error_mid_import_is_a_store_error_and_rolls_back(store_url, monkeypatch):
    elder, youth = examples()
    with open_store(store_url) as store:
        store.import_situations([elder])
        before = dump(store)
        original = Store._insert_situations

        def bad_sql(self, *args):
            original(self, *args)
            self.execute("INSERT INTO no_such_table VALUES (1)")

        monkeypatch.setattr(Store, "_insert_situations", bad_sql)
        with pytest.raises(StoreError, match="import .nothing was imported. failed") as err:
            store.import_situations([youth])
        assert store.url in str(err.value)
        assert dump(store) == before


def test_duplicate_ids_in_one_import_are_refused(store_url):
    elder, _ = examples()
    with open_store(store_url) as store:
        with pytest.raises(StoreError, match="numbers 1 and 3 of the import have the same id"):
            store.import_situations([elder, renamed(elder, "B"), elder])
        assert store.situation_ids() == []


def test_delete_is_all_or_nothing_and_cascades(store_url):
    elder, youth = examples()
    with open_store(store_url) as store:
        store.import_situations([elder, youth])
        with pytest.raises(StoreError, match="nothing deleted: 1 of the 2"):
            store.delete(["EX-YOUTH-01", "NOT-THERE"])
        assert store.situation_ids() == ["EX-ELDER-01", "EX-YOUTH-01"]
        assert store.delete(["EX-YOUTH-01"]) == 1
        # the youth's two assessment rows went with it (foreign key ON DELETE CASCADE); the elder's one stays
        assert store.execute("SELECT COUNT(*) FROM assessments")[0][0] == 1
        with pytest.raises(StoreError, match="1 of the 1 situation ids asked for are not in the store"):
            store.load(["EX-YOUTH-01"])


def test_measure_cache_put_get_and_prune(store_url):
    with open_store(store_url) as store:
        store.import_situations(examples())
        store.cache_put({"k1": '{"coverage": 0.8}', "k2": "{}"})
        store.cache_put({"k2": '{"coverage": 1}'})  # replaces
        assert store.cache_get(["k2", "absent", "k1"]) == {"k2": '{"coverage": 1}', "k1": '{"coverage": 0.8}'}
        assert store.prune_cache(live_keys=["k1"]) == 1
        assert store.cache_get(["k1", "k2"]) == {"k1": '{"coverage": 0.8}'}
        assert store.prune_cache() == 1  # "k1" is no measure key of any stored assessment


def test_store_is_the_cache_of_measure_table(store_url, monkeypatch):
    from netmap.measures import table

    sits = examples()
    with open_store(store_url) as store:
        store.import_situations(sits)
        first = table.measure_table(sits, cache=store)
        assert store.info()["cache_entries"] == 3  # one row per assessment: 1 (elder) + 2 (youth)
        computed = []
        original = table.compute_rows
        monkeypatch.setattr(table, "compute_rows", lambda items, **kw: computed.extend(items) or original(items, **kw))
        again = table.measure_table(store.load_all(), cache=store)
        assert computed == []  # every row came from the store
        assert again.to_dict("records") == first.to_dict("records")
        store.cache_put({"orphan": "{}"})
        assert store.prune_cache() == 1  # the three rows of stored assessments stay
        store.delete(["EX-YOUTH-01"])
        assert store.prune_cache() == 2  # the youth's two rows go with it
        assert store.info()["cache_entries"] == 1


def test_altered_body_is_caught_without_echoing_it(store_url):
    with open_store(store_url) as store:
        store.import_situations(examples())
        num, body = store.execute("SELECT num, body FROM situations WHERE id = ?", ("EX-YOUTH-01",))[0]
        store.execute("UPDATE situations SET body = ? WHERE num = ?", (body.replace("Mère", "Tante"), num))
        with pytest.raises(ValidationError) as err:
            store.load_all()
    assert len(err.value.problems) == 1
    p = err.value.problems[0]
    assert p.place == f"situation #{num}" and "content hash" in p.expected
    assert "Tante" not in str(err.value) and "EX-YOUTH-01" not in str(err.value)


def test_rows_from_another_taxonomy_are_validated_again(store_url):
    """A row stored under another taxonomy fingerprint goes through full validation, which names the place."""
    with open_store(store_url) as store:
        store.import_situations(examples())
        num, body = store.execute("SELECT num, body FROM situations WHERE id = ?", ("EX-ELDER-01",))[0]
        obj = json.loads(body)
        obj["assessments"][0]["actors"][0]["sector"] = "retired_sector_code"
        new_body = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
        store.execute("UPDATE situations SET body = ?, content_hash = ?, taxonomy = ? WHERE num = ?",
                      (new_body, content_hash(new_body), "older-taxonomy", num))
        with pytest.raises(ValidationError) as err:
            store.load_all()
        assert [(p.place, p.file) for p in err.value.problems] == [
            (f"situation #{num} /assessments/0/actors/0/sector", store.url)]
        # the youth situation, still current, is not at fault
        assert [s.id for s in store.load(["EX-YOUTH-01"])] == ["EX-YOUTH-01"]


def test_trusted_build_equals_validation():
    """The fast path (no checks) builds exactly what parse_situation builds, for every field of the examples."""
    from netmap.store.rows import situation_from_stored

    for s in examples():
        d = json.loads(json.dumps(situation_to_dict(s)))
        parsed, problems = parse_situation(d, file="x")
        assert problems == []
        assert situation_from_stored(d) == parsed == s


def test_url_is_masked(pg_url):
    import psycopg

    # a password in a parameter is masked when printed, and still reaches libpq
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("SELECT 1")
    url = pg_url + "&password=hunter2"
    with open_store(url) as store:
        assert "hunter2" not in store.url and "password=***" in store.url
        assert "hunter2" not in repr(store)


def test_postgres_backup_points_to_pg_dump(pg_url, tmp_path):
    with open_store(pg_url) as store:
        with pytest.raises(StoreError, match="pg_dump"):
            store.backup(tmp_path / "x.sqlite3")
    assert not (tmp_path / "x.sqlite3").exists()


def test_sqlite_pragmas(tmp_path):
    with open_store(f"sqlite:///{tmp_path / 's.sqlite3'}") as store:
        assert store.execute("PRAGMA foreign_keys")[0][0] == 1
        assert store.execute("PRAGMA journal_mode")[0][0] == "wal"
        assert store.execute("PRAGMA synchronous")[0][0] == 2  # FULL


def test_sqlite_backup_is_a_complete_self_contained_copy(tmp_path):
    src = tmp_path / "s.sqlite3"
    dest = tmp_path / "backups" / "copy.sqlite3"
    with open_store(f"sqlite:///{src}") as store:
        store.import_situations(examples())
        store.cache_put({"k": "v"})
        assert store.backup(dest) == dest
        expected = dump(store)
        with pytest.raises(StoreError, match="is the store itself"):
            store.backup(src)
    assert sorted(p.name for p in dest.parent.iterdir()) == ["copy.sqlite3"]  # no -wal, no temp file left
    assert dest.stat().st_mode & 0o777 == 0o600
    conn = sqlite3.connect(dest)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    with open_store(f"sqlite:///{dest}", create=False) as copy:
        assert dump(copy) == expected
        assert copy.load_all() == examples()


def test_sqlite_missing_file_not_created_when_reading(tmp_path):
    path = tmp_path / "absent.sqlite3"
    with pytest.raises(StoreError, match="no such file"):
        open_store(f"sqlite:///{path}", create=False)
    assert not path.exists()


def test_sqlite_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"this is not a database, just some text " * 200)
    with pytest.raises(StoreError, match="cannot be opened"):
        open_store(f"sqlite:///{path}")


def test_memory_store_works():
    with open_store("sqlite:///:memory:") as store:
        store.import_situations(examples())
        assert len(store.load_all()) == 2


def test_info_counts(store_url):
    with open_store(store_url) as store:
        store.import_situations(examples())
        store.cache_put({"k": "v"})
        info = store.info()
    # 2 situations from 2 services; 1 + 2 assessments
    assert {k: info[k] for k in ("schema_version", "situations", "services", "assessments", "cache_entries")} == {
        "schema_version": SCHEMA_VERSION, "situations": 2, "services": 2, "assessments": 3, "cache_entries": 1}
    assert info["last_import"] is not None and info["backend"] in ("sqlite", "postgresql")


def test_import_validates_models_built_by_hand(store_url):
    elder, youth = examples()
    a0 = youth.assessments[0]
    broken = dataclasses.replace(
        youth, assessments=(dataclasses.replace(a0, actors=(dataclasses.replace(a0.actors[0], sector="nope"),
                                                            *a0.actors[1:])), *youth.assessments[1:]))
    with open_store(store_url) as store:
        store.import_situations([elder])
        before = dump(store)
        with pytest.raises(ValidationError) as err:
            store.import_situations([renamed(elder, "B"), broken])
        assert [(p.file, p.place) for p in err.value.problems] == [
            (store.url, "import item #2 /assessments/0/actors/0/sector")]
        assert dump(store) == before


def test_new_sqlite_store_is_private_to_its_owner(tmp_path):
    path = tmp_path / "private" / "n.sqlite3"
    with open_store(f"sqlite:///{path}") as store:
        store.import_situations(examples())
        wal = path.with_name(path.name + "-wal")
        assert wal.exists() and wal.stat().st_mode & 0o077 == 0
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700


def test_readers_see_only_committed_data(store_url):
    """A second connection reads the last committed state while a write transaction is open (WAL / MVCC)."""
    elder, youth = examples()
    with open_store(store_url) as writer, open_store(store_url) as reader:
        writer.import_situations([elder])
        with writer.transaction():
            writer.execute("DELETE FROM situations")
            assert reader.situation_ids() == ["EX-ELDER-01"]
        assert reader.situation_ids() == []
