"""Every version of a situation is kept: saves, imports, restores, optimistic concurrency, audit."""

from __future__ import annotations

import dataclasses
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from netmap.errors import ValidationError
from netmap.io import load
from netmap.store import open_store
from netmap.store.schema import SCHEMA_VERSION
from netmap.store.versions import (
    ConcurrentEditError,
    current_version,
    history,
    load_version,
    restore_version,
    save_situation,
)

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[1]


def _youth():
    return load(DATA / "youth-brussels.json")[0]


def _relabel(s, label):
    last = s.assessments[-1]
    actors = tuple(dataclasses.replace(a, label=label) if a.id == "mere" else a for a in last.actors)
    return dataclasses.replace(s, assessments=(*s.assessments[:-1], dataclasses.replace(last, actors=actors)))


def test_saves_make_versions_and_a_stale_save_is_refused(tmp_path):
    s = _youth()
    with open_store(f"sqlite:///{tmp_path / 'v.sqlite3'}") as store:
        assert save_situation(store, s, user="anna", base_version=0) == 1
        assert save_situation(store, _relabel(s, "Maman"), user="anna", base_version=1) == 2
        # bert started from version 1 too: refused, nothing written
        with pytest.raises(ConcurrentEditError) as err:
            save_situation(store, _relabel(s, "Mère (B)"), user="bert", base_version=1)
        assert err.value.current == 2 and "nothing was saved" in str(err.value)
        assert current_version(store, s.id) == 2
        assert store.load([s.id])[0] == _relabel(s, "Maman")
        # creating a situation whose id exists is a conflict too
        with pytest.raises(ConcurrentEditError):
            save_situation(store, s, user="bert", base_version=0)
        h = history(store, s.id)
        assert [(v.version, v.saved_by, v.origin) for v in h] == [(1, "anna", "editor"), (2, "anna", "editor")]
        assert load_version(store, s.id, 1) == s
        # restore writes version 3 with version 1's content; versions 1 and 2 stay as they were
        assert restore_version(store, s.id, 1, user="carla") == 3
        h3 = history(store, s.id)
        assert h3[:2] == h and (h3[2].origin, h3[2].restored_from, h3[2].content_hash) == ("restore", 1, h[0].content_hash)
        assert store.load([s.id])[0] == s
        # the access log has one entry per save, with no content
        log = [(e["user"], e["action"], e["situation"]) for e in store.audit_entries()]
        assert log == [("anna", "save", s.id), ("anna", "save", s.id), ("carla", "restore", s.id)]


def test_an_invalid_save_writes_nothing(tmp_path):
    s = _youth()
    last = s.assessments[-1]
    bad = dataclasses.replace(s, assessments=(*s.assessments[:-1], dataclasses.replace(
        last, actors=(dataclasses.replace(last.actors[0], sector="nowhere"), *last.actors[1:]))))
    with open_store(f"sqlite:///{tmp_path / 'v.sqlite3'}") as store:
        with pytest.raises(ValidationError):
            save_situation(store, bad, user="anna", base_version=0)
        assert current_version(store, s.id) == 0 and store.situation_ids() == []


def test_an_import_that_replaces_adds_a_version(tmp_path):
    s = _youth()
    with open_store(f"sqlite:///{tmp_path / 'v.sqlite3'}") as store:
        store.import_situations([s], by="cli:x")
        store.import_situations([s], by="cli:x")  # identical: no new version
        store.import_situations([_relabel(s, "Maman")], by="cli:y")
        assert [(v.version, v.saved_by, v.origin) for v in history(store, s.id)] == [
            (1, "cli:x", "import"), (2, "cli:y", "import")]
        assert load_version(store, s.id, 1) == s
        store.delete([s.id])  # the versions outlive a deletion: it can be restored
        assert restore_version(store, s.id, 2, user="anna") == 3
        assert store.load([s.id])[0] == _relabel(s, "Maman")


def test_a_version_3_store_migrates_with_its_situations_as_version_1(tmp_path):
    path = tmp_path / "old.sqlite3"
    s = _youth()
    with open_store(f"sqlite:///{path}") as store:
        store.import_situations([s])
    con = sqlite3.connect(path)
    con.execute("DROP TABLE situation_versions")
    con.execute("UPDATE netmap_meta SET value = '3' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    with open_store(f"sqlite:///{path}") as store:
        assert store.info()["schema_version"] == SCHEMA_VERSION
        assert [(v.version, v.origin) for v in history(store, s.id)] == [(1, "migration")]
        assert load_version(store, s.id, 1) == s


def _cli(*args, store):
    return subprocess.run([sys.executable, "-m", "netmap", *args, "--store", store], capture_output=True, text=True,
                          cwd=ROOT)


def test_cli_history_and_restore(tmp_path):
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    s = _youth()
    with open_store(url) as store:
        save_situation(store, s, user="anna", base_version=0)
        save_situation(store, _relabel(s, "Maman"), user="bert", base_version=1)
    r = _cli("store", "history", s.id, store=url)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].split() == ["version", "saved_at", "saved_by", "origin", "content_hash"]
    assert [ln.split()[0] for ln in lines[1:]] == ["1", "2"] and "bert" in lines[2]
    assert "Maman" not in r.stdout  # no content in the listing
    r = _cli("store", "restore", s.id, "--version", "1", store=url)
    assert r.returncode == 0 and "version 1 restored as version 3" in r.stdout
    with open_store(url) as store:
        assert store.load([s.id])[0] == s and len(history(store, s.id)) == 3
    r = _cli("store", "restore", s.id, "--version", "9", store=url)
    assert r.returncode != 0 and "no version 9" in r.stderr
