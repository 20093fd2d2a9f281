"""The optional parts: a command that needs a missing one names the extra to install."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest

from netmap.cli import main
from netmap.extras import EXTRAS, MissingExtraError, require

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"


def _missing(monkeypatch, *modules: str) -> None:
    for m in modules:  # None in sys.modules makes `import m` raise ImportError, as if not installed
        monkeypatch.setitem(sys.modules, m, None)


def test_require_names_the_extra(monkeypatch):
    _missing(monkeypatch, "kaleido")
    with pytest.raises(MissingExtraError) as err:
        require("png")
    assert "[png]" in str(err.value) and "pip install '.[png]'" in str(err.value) and err.value.extra == "png"
    assert "pip install 'netmap[" not in str(err.value)  # PyPI's netmap is another project


def test_dashboard_without_dash_says_which_extra(monkeypatch, capsys):
    _missing(monkeypatch, "dash")
    assert main(["dashboard", str(DATA / "youth-brussels.json"), "--port", "1"]) == 2
    err = capsys.readouterr().err
    assert "optional part [dashboard]" in err and ".whl[dashboard]'" in err and "Traceback" not in err


def test_png_without_kaleido_says_which_extra(monkeypatch, tmp_path, capsys):
    _missing(monkeypatch, "kaleido")
    out = tmp_path / "m.png"
    assert main(["map", str(DATA / "youth-brussels.json"), "--at", "2024-01-22", "-o", str(out)]) == 2
    assert "optional part [png]" in capsys.readouterr().err
    assert not out.exists()


def test_svg_and_html_maps_need_no_extra(monkeypatch, tmp_path):
    _missing(monkeypatch, "kaleido", "dash", "flask")
    for name in ("m.svg", "m.html"):
        assert main(["map", str(DATA / "youth-brussels.json"), "--at", "2024-01-22", "-o", str(tmp_path / name)]) == 0


def test_extras_match_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = project["optional-dependencies"]
    for extra, modules in EXTRAS.items():
        names = " ".join(declared[extra]).lower().replace("-", "_")  # dash-ag-grid provides dash_ag_grid
        for m in modules:
            assert m in names, (extra, m)
    assert set(EXTRAS) <= set(declared) and "all" in declared
    core = " ".join(project["dependencies"]).lower()
    assert "dash" not in core and "kaleido" not in core and "flask" not in core


def test_lower_bounds_tested_are_those_declared():
    # .ci/lower-bounds.sh installs .ci/lower-bounds.txt: every >= of the core and [dashboard] is pinned there
    import re

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {}
    for req in [*project["dependencies"], *project["optional-dependencies"]["dashboard"]]:
        name, low = re.fullmatch(r"([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?>=([0-9.]+)", req.split(";")[0].strip()).groups()
        declared[name.lower()] = low
    pins = {}
    for line in (ROOT / ".ci" / "lower-bounds.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.lower()] = version
    assert set(pins) == set(declared)
    for name, low in declared.items():
        assert _version(pins[name]) == _version(low), name


def _version(text: str) -> tuple[int, ...]:
    parts = [int(x) for x in text.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))  # 3.2 is 3.2.0
