"""Shared fixtures: the example situations copied from the shared specification."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture
def youth_dict() -> dict:
    """The canonical JSON object of the Brussels youth example (a fresh copy per test)."""
    return copy.deepcopy(json.loads((DATA / "youth-brussels.json").read_text(encoding="utf-8")))


@pytest.fixture
def elderly_dict() -> dict:
    """The canonical JSON object of the Namur elderly example (a fresh copy per test)."""
    return copy.deepcopy(json.loads((DATA / "elderly-namur.json").read_text(encoding="utf-8")))


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture(autouse=True, scope="session")
def _cell_key_secret(tmp_path_factory):
    """Aggregates published without a store use the default cell-key secret: a fixed one for the tests, never the
    tester's own (netmap.aggregate.cellkey.ENV_SECRET). Fixed, so that a published figure is the same at every
    run: the tests' bounds hold for any secret, and a run that fails can be run again identically."""
    import os

    path = tmp_path_factory.mktemp("cellkey") / "test.cellkey"
    path.write_text(bytes(range(7, 39)).hex() + "\n", encoding="ascii")  # 32 bytes in hex, synthetic: the tests' own
    path.chmod(0o600)
    old = os.environ.get("NETMAP_CELL_KEY_FILE")
    os.environ["NETMAP_CELL_KEY_FILE"] = str(path)
    yield path
    if old is None:
        os.environ.pop("NETMAP_CELL_KEY_FILE", None)
    else:
        os.environ["NETMAP_CELL_KEY_FILE"] = old
