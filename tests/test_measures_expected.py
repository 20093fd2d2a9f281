"""The two shared examples: evaluate() reproduces their .expected.json at every assessment."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import pytest

from netmap.io import load
from netmap.measures import evaluate

DATA = Path(__file__).parent / "data"
EXAMPLES = ["youth-brussels", "elderly-namur"]


def _same(got, want, where="") -> None:
    """Equal, with numbers within 1e-6 and key order checked."""
    if isinstance(want, dict):
        assert isinstance(got, dict), where
        assert list(got) == list(want), f"{where}: keys or key order differ"
        for k in want:
            _same(got[k], want[k], f"{where}/{k}")
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), where
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            _same(g, w, f"{where}/{i}")
    elif isinstance(want, float) and not isinstance(want, bool):
        assert isinstance(got, float) and math.isclose(got, want, abs_tol=1e-6), where
    else:
        assert type(got) is type(want) and got == want, where


@pytest.mark.parametrize("name", EXAMPLES)
def test_expected_output_at_every_assessment(name):
    [situation] = load(DATA / f"{name}.json")
    expected = json.loads((DATA / f"{name}.expected.json").read_text(encoding="utf-8"))
    assert [e["assessment"] for e in expected] == [a.date.isoformat() for a in situation.assessments]
    for want in expected:
        got = evaluate(situation, dt.date.fromisoformat(want["assessment"]))
        got = json.loads(json.dumps(got))  # what --json prints
        for f in got["flags"]:
            assert f.pop("fr") and f.pop("en")  # sentences are there, and not empty
        _same(got, want, f"{name}@{want['assessment']}")


def test_latest_by_default_and_none_before_first():
    [s] = load(DATA / "youth-brussels.json")
    assert evaluate(s)["assessment"] == "2024-06-10"
    assert evaluate(s, dt.date(2024, 6, 9))["assessment"] == "2024-01-22"
    assert evaluate(s, dt.date(2024, 1, 21)) is None
