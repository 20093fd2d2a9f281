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
