"""`netmap demo` loads the bundled demo data into its own store and warms the measure cache."""

from __future__ import annotations

from netmap.cli import main
from netmap.io.json_files import json_files_in, read_json
from netmap.store import open_store
from netmap.taxonomy import DATA_DIR


def test_demo_loads_every_demo_situation(tmp_path, capsys):
    url = f"sqlite:///{tmp_path}/demo.sqlite3"
    assert main(["demo", "--store", url]) == 0
    out = capsys.readouterr().out
    n_files = len(json_files_in(DATA_DIR / "demo"))
    assert n_files >= 200
    assert f"{n_files} situations fictives chargées" in out
    assert "netmap dashboard --store" in out
    with open_store(url, create=False) as store:
        assert sorted(store.situation_ids()) == sorted(s.id for s in read_json(DATA_DIR / "demo"))
        # one cached measure row per assessment of the demo
        n_assessments = sum(len(s.assessments) for s in read_json(DATA_DIR / "demo"))
        assert store.info()["cache_entries"] == n_assessments


def test_demo_twice_replaces(tmp_path, capsys):
    url = f"sqlite:///{tmp_path}/demo.sqlite3"
    main(["demo", "--store", url])
    main(["demo", "--store", url])
    second = [line for line in capsys.readouterr().out.splitlines() if "chargées" in line][-1]
    assert "(0 ajoutées, " in second and "remplacées" in second
