"""netmap import, backup and store info|list|delete|prune-cache, run in-process; and store URLs."""

from __future__ import annotations

# fixtures are imported from test_store_support, and test arguments then shadow the imported names
# ruff: noqa: F811
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from test_store_support import DATA, dump, pg_url  # noqa: F401

from netmap.cli import main
from netmap.errors import StoreError
from netmap.store import SCHEMA_VERSION, default_store_url, mask_url, open_store
from netmap.store.urls import parse_store_url


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _bad_copy(folder: Path) -> Path:
    """A copy of the examples where the youth file has two errors (values chosen to be recognisable)."""
    folder.mkdir()
    shutil.copy(DATA / "elderly-namur.json", folder)
    obj = json.loads((DATA / "youth-brussels.json").read_text(encoding="utf-8"))
    obj["assessments"][0]["actors"][1]["sector"] = "Secteur-Secret-Xyz"
    obj["assessments"][0]["ties"][0]["b"] = "ActeurInconnuXyz"
    (folder / "youth-brussels.json").write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    return folder


def test_import_prints_counts_and_url(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'n.sqlite3'}"
    assert main(["import", str(DATA), "--store", url]) == 0
    assert capsys.readouterr().out == f"2 situations importées dans {url} : 2 ajoutée(s), 0 remplacée(s)\n"
    assert main(["import", str(DATA / "youth-brussels.json"), "--store", url]) == 0
    assert capsys.readouterr().out == f"1 situation importée dans {url} : 0 ajoutée(s), 1 remplacée(s) (1 identique)\n"


def test_import_with_errors_lists_every_problem_and_leaves_store_untouched(tmp_path, capsys):
    db = tmp_path / "n.sqlite3"
    url = f"sqlite:///{db}"
    assert main(["import", str(DATA / "elderly-namur.json"), "--store", url]) == 0
    capsys.readouterr()
    before = _sha(db)
    assert main(["import", str(_bad_copy(tmp_path / "bad")), "--store", url, "--lang", "en"]) == 1
    err = capsys.readouterr().err
    bad = tmp_path / "bad" / "youth-brussels.json"
    assert f"{bad}: /assessments/0/actors/1/sector: expected a sector code of the taxonomy" in err
    assert f"{bad}: /assessments/0/ties/0/b: expected the id of an actor of this assessment" in err
    assert "2 problems found; nothing was imported and the store was not changed." in err
    assert "Secteur-Secret-Xyz" not in err and "ActeurInconnuXyz" not in err
    assert _sha(db) == before  # byte for byte: the store was not even opened
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad", "n.sqlite3"]  # no -wal or -shm left either
    with open_store(url) as store:
        assert store.situation_ids() == ["EX-ELDER-01"]  # the valid file of the folder was not imported


def test_import_with_errors_creates_no_store(tmp_path, capsys):
    db = tmp_path / "new.sqlite3"
    assert main(["import", str(_bad_copy(tmp_path / "bad")), "--store", f"sqlite:///{db}"]) == 1
    assert not db.exists()


def test_default_store_from_environment(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'env.sqlite3'}"
    monkeypatch.setenv("NETMAP_STORE", url)
    assert main(["import", str(DATA)]) == 0
    assert url in capsys.readouterr().out
    with open_store() as store:
        assert store.situation_ids() == ["EX-ELDER-01", "EX-YOUTH-01"]


def test_list_info_delete_backup(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'n.sqlite3'}"
    main(["import", str(DATA), "--store", url])
    capsys.readouterr()

    assert main(["store", "list", "--store", url]) == 0
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert lines[0].split() == ["id", "service", "region", "age", "housing", "requested", "opened", "closed",
                                "outcome", "latest_assessment", "assessments"]
    # EX-ELDER-01 per tests/data/elderly-namur.json; closed is empty
    assert lines[1].split() == ["EX-ELDER-01", "brusano-cm", "namur", "84", "own_home", "2024-03-04", "2024-03-11",
                                "open", "2024-03-11", "1"]
    assert out.err == "2 situations\n"

    assert main(["store", "list", "--store", url, "--format", "json", "--service", "bru-stars-cm"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["id"], r["latest_assessment"], r["assessments"]) for r in rows] == [("EX-YOUTH-01", "2024-06-10", 2)]

    assert main(["store", "list", "--store", url, "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[2] == (
        "EX-YOUTH-01,bru-stars-cm,bruxelles,15,with_family,2024-01-08,2024-01-22,,open,2024-06-10,2")

    assert main(["store", "info", "--store", url, "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert (info["situations"], info["assessments"], info["schema_version"]) == (2, 3, SCHEMA_VERSION)
    assert info["size_bytes"] > 0

    dest = tmp_path / "copy.sqlite3"
    assert main(["backup", str(dest), "--store", url]) == 0
    assert capsys.readouterr().out == f"base {url} sauvegardée dans {dest}\n"

    assert main(["store", "delete", "EX-YOUTH-01", "--store", url]) == 2  # no --yes, no terminal
    assert "supprimer demande --yes" in capsys.readouterr().err
    assert main(["store", "delete", "EX-YOUTH-01", "--yes", "--store", url]) == 0
    assert capsys.readouterr().out == f"1 situation supprimée de {url}\n"
    assert main(["store", "prune-cache", "--store", url]) == 0
    assert capsys.readouterr().out == f"0 ligne de mesures en cache supprimée de {url}\n"

    with open_store(f"sqlite:///{dest}") as copy:  # the backup still holds both
        assert copy.situation_ids() == ["EX-ELDER-01", "EX-YOUTH-01"]


def test_reading_commands_do_not_create_a_store(tmp_path, capsys):
    db = tmp_path / "typo.sqlite3"
    for argv in (["store", "info"], ["store", "list"], ["backup", str(tmp_path / "b.sqlite3")]):
        assert main([*argv, "--store", f"sqlite:///{db}"]) == 2
        assert "no such file" in capsys.readouterr().err
    assert not db.exists()


def test_postgres_import_masks_password(pg_url, capsys):
    url = pg_url + "&password=hunter2"  # the test server trusts local connections: any password does
    assert main(["import", str(DATA), "--store", url]) == 0
    out = capsys.readouterr().out
    assert "hunter2" not in out and "password=***" in out and "2 ajoutée(s)" in out  # French by default
    assert main(["backup", "/nonexistent/x.sqlite3", "--store", url]) == 2
    err = capsys.readouterr().err
    assert "pg_dump" in err and "hunter2" not in err


def test_postgres_import_with_errors_leaves_store_untouched(pg_url, tmp_path, capsys):
    main(["import", str(DATA / "elderly-namur.json"), "--store", pg_url])
    with open_store(pg_url) as store:
        before = dump(store)
    assert main(["import", str(_bad_copy(tmp_path / "bad")), "--store", pg_url]) == 1
    with open_store(pg_url) as store:
        assert dump(store) == before


# -- URLs ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "path"), [
    ("sqlite:////var/lib/netmap/n.sqlite3", Path("/var/lib/netmap/n.sqlite3")),  # four slashes: absolute
    ("sqlite:///data/n.sqlite3", Path("data/n.sqlite3")),  # three: relative
    ("sqlite:///:memory:", None),
])
def test_sqlite_urls(url, path):
    parsed = parse_store_url(url)
    assert (parsed.backend, parsed.path) == ("sqlite", path)


@pytest.mark.parametrize("url", ["sqlite://n.sqlite3", "sqlite:///", "sqlite:///x.db?mode=ro", "mysql://h/db",
                                 "postgresql://host", "n.sqlite3"])
def test_bad_urls(url):
    with pytest.raises(StoreError, match="expected"):
        parse_store_url(url)


def test_bad_url_message_masks_password():
    with pytest.raises(StoreError) as err:
        parse_store_url("postgresql://ana:hunter2@host")  # no database name
    assert "hunter2" not in str(err.value) and "ana:***@host" in str(err.value)


def test_mask_url():
    assert mask_url("postgresql://ana:p%40ss@db:5432/netmap") == "postgresql://ana:***@db:5432/netmap"
    assert mask_url("postgresql://ana@db/netmap?password=x&sslmode=require") == (
        "postgresql://ana@db/netmap?password=***&sslmode=require")
    assert mask_url("postgresql://ana@db/netmap") == "postgresql://ana@db/netmap"


def test_default_store_url(monkeypatch):
    from platformdirs import user_data_dir

    monkeypatch.setenv("NETMAP_STORE", "postgresql://team@db/netmap")
    assert default_store_url() == "postgresql://team@db/netmap"
    monkeypatch.delenv("NETMAP_STORE")
    expected = Path(user_data_dir("netmap")) / "netmap.sqlite3"
    assert parse_store_url(default_store_url()).path == expected
    assert expected.is_absolute()
