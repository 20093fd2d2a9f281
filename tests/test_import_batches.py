"""netmap import in batches: one transaction across every batch, all or nothing, every problem reported."""

from __future__ import annotations

import json
import shutil

import pytest

from netmap.cli import main, store_commands
from netmap.errors import StoreError
from netmap.io.json_files import write_json_folder
from netmap.store import open_store
from netmap.synth import generate


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("many")
    write_json_folder(generate(130, 3), out)
    return out


def test_many_batches_in_worker_processes_import_everything(folder, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(store_commands, "_CHUNK", 12)  # 11 chunks: batches come from the worker pool
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    assert main(["import", str(folder), "--store", url]) == 0
    assert "130 situations importées" in capsys.readouterr().out  # French by default
    with open_store(url, create=False) as store:
        assert store.info()["situations"] == 130
        n_assessments = store.info()["assessments"]
        assert store.execute("SELECT count(*) FROM compact_assessments")[0][0] == n_assessments
        assert store.execute("SELECT count(*) FROM compact_situations")[0][0] == 130


def test_a_bad_file_in_a_late_batch_leaves_the_store_as_it_was(folder, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(store_commands, "_CHUNK", 12)
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    with open_store(url) as store:
        store.import_situations(generate(5, 99))
    bad = tmp_path / "bad"
    shutil.copytree(folder, bad)
    files = sorted(bad.glob("*.json"))
    for f in (files[3], files[-2]):  # one in the first chunk, one in the last
        d = json.loads(f.read_text())
        d["outcome"] = "lost"
        f.write_text(json.dumps(d))
    assert main(["import", str(bad), "--store", url, "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert files[3].name in err and files[-2].name in err and "nothing was imported" in err
    with open_store(url, create=False) as store:
        assert store.info()["situations"] == 5  # the batches written before the problem were rolled back
        assert store.execute("SELECT count(*) FROM compact_situations")[0][0] == 5


def test_the_same_id_in_two_batches_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    a, b = generate(2, 1)
    with open_store(url) as store:
        with pytest.raises(StoreError, match="situations numbers 1 and 3 of the import have the same id"):
            store.import_batches([[a, b], [a]])
        assert store.info()["situations"] == 0
        seen = []
        result = store.import_batches([[a], [b]], progress=seen.append)
        assert (result.added, seen) == (2, [1, 1])


def test_sqlite_import_uses_a_large_page_cache_then_gives_it_back(tmp_path):
    """The import's page cache (256 MiB, bench/README.md) is set for the import only: a dashboard or a save on the
    same connection keeps SQLite's default (2,000 KiB, written -2000)."""
    seen = []
    with open_store(f"sqlite:///{tmp_path / 's.sqlite3'}") as store:
        default = store.execute("PRAGMA cache_size")[0][0]

        def batches():
            seen.append(store.execute("PRAGMA cache_size")[0][0])
            yield generate(3, 5)

        store.import_batches(batches())
        assert seen == [-262144]
        assert store.execute("PRAGMA cache_size")[0][0] == default == -2000
