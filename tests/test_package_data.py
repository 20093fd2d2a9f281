"""The data netmap ships is inside the package; NETMAP_DATA still replaces it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import netmap
from netmap.taxonomy import DATA_DIR

ROOT = Path(__file__).resolve().parent.parent


def test_data_is_inside_the_package_and_declared_as_package_data():
    assert DATA_DIR == Path(netmap.__file__).resolve().parent / "data"
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"]["netmap"]
    shipped = {p.relative_to(ROOT / "netmap").as_posix() for p in (ROOT / "netmap" / "data").rglob("*") if p.is_file()}
    globbed = {p.relative_to(ROOT / "netmap").as_posix() for g in package_data for p in (ROOT / "netmap").glob(g)}
    assert shipped - {"data/demo/README.md"} <= globbed, "every data file reaches the wheel"
    # one copy: the top-level data/ keeps documentation only
    assert [p.name for p in (ROOT / "data").rglob("*") if p.is_file()] == ["README.md"]


def test_netmap_data_replaces_the_shipped_folder(tmp_path):
    copy = tmp_path / "mydata"
    shutil.copytree(DATA_DIR / "taxonomy", copy / "taxonomy")
    sectors = json.loads((copy / "taxonomy" / "sectors.json").read_text(encoding="utf-8"))
    cpas = next(s for s in sectors["sectors"] if s["code"] == "cpas")
    cpas["labels"]["fr"] = "Centre public d'action sociale (local)"
    (copy / "taxonomy" / "sectors.json").write_text(json.dumps(sectors), encoding="utf-8")
    code = "from netmap.taxonomy import default_taxonomy as d; print(d().sector_label('cpas'), d().sources[0])"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={"PATH": "/usr/bin:/bin", "NETMAP_DATA": str(copy)}).stdout
    assert out.strip() == f"Centre public d'action sociale (local) {copy / 'taxonomy'}"


def test_user_taxonomy_file_still_extends_the_shipped_one(tmp_path):
    user = tmp_path / "mine.json"
    user.write_text(json.dumps({"sectors": [{"code": "sport", "labels": {"fr": "Sport", "nl": "Sport", "en": "Sport"}}]}),
                    encoding="utf-8")
    code = "from netmap.taxonomy import default_taxonomy as d; t = d(); print(t.sector_label('sport', 'en'), len(t.sources))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={"PATH": "/usr/bin:/bin", "NETMAP_TAXONOMY": str(user)}).stdout
    assert out.strip() == "Sport 2"
