"""measure_table: one row per (situation, assessment), parallel path equal to the serial one, content cache."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path

import pandas as pd

from netmap.io import load
from netmap.measures import MEASURE_KEYS, assessment_key, evaluate, measure_table
from netmap.measures.table import ROW_COLUMNS, taxonomy_fingerprint
from netmap.taxonomy import default_taxonomy

DATA = Path(__file__).parent / "data"


class MemoryCache:
    """The cache protocol in memory, counting what is asked and stored."""

    def __init__(self):
        self.data: dict[str, str] = {}
        self.puts = 0

    def cache_get(self, keys: list[str]) -> dict[str, str]:
        return {k: self.data[k] for k in keys if k in self.data}

    def cache_put(self, mapping: dict[str, str]) -> None:
        self.puts += len(mapping)
        self.data.update(mapping)


def _examples():
    return [s for name in ("youth-brussels", "elderly-namur") for s in load(DATA / f"{name}.json")]


def test_rows_and_columns():
    df = measure_table(_examples())
    assert list(df.columns) == list(ROW_COLUMNS)
    assert len(df) == 3  # youth: 2 assessments, elderly: 1
    assert list(df["situation"]) == ["EX-YOUTH-01", "EX-YOUTH-01", "EX-ELDER-01"]
    assert list(df["service"]) == ["bru-stars-cm", "bru-stars-cm", "brusano-cm"]
    assert list(df["assessment"]) == [dt.date(2024, 1, 22), dt.date(2024, 6, 10), dt.date(2024, 3, 11)]
    assert list(df["index"]) == [0, 1, 0]
    assert list(df["is_first"]) == [True, False, True] and list(df["is_latest"]) == [False, True, True]
    first = df.iloc[0]
    assert first["uncovered_needs"] == ["n4"] and first["sole_providers"] == {"mere": ["n5"], "pedopsy": ["n1"]}
    assert abs(first["coverage"] - 0.8) < 1e-9 and first["fragility"] == "high"
    assert bool(first["ready"]) is False and first["readiness_score"] == 0.222
    assert first["crit_consent"] == "pass" and first["crit_plan_owned"] == "fail"
    assert first["flag_codes"] == ["CM_HOLDS_NETWORK", "CONFLICT", "CUT_ACTOR", "EXHAUSTED_SOLE_PROVIDER",
                                   "INFORMAL_ONLY", "ISOLATED_PROVIDER", "SOLE_PROVIDER", "UNCOVERED_NEED"]
    assert first["flag_count"] == 9  # the 9 flags of the expected file (version 2: no THIN_NEED)
    assert first["at_risk_providers"] == ["mere"] and first["provider_groups"] == 2
    # every measure equals evaluate()'s
    for (_, row), s_a in zip(df.iterrows(), [(s, a) for s in _examples() for a in s.assessments], strict=True):
        out = evaluate(s_a[0], assessment=s_a[1])
        for k in MEASURE_KEYS:
            assert row[k] == out["measures"][k] or (row[k] is None and out["measures"][k] is None)


def test_parallel_equals_serial():
    base = _examples()
    many = [replace(s, id=f"{s.id}-{i}") for i in range(250) for s in base]  # 750 assessments: parallel path
    serial = measure_table(many, jobs=1)
    parallel = measure_table(many, jobs=2)
    pd.testing.assert_frame_equal(serial, parallel)


def test_cache_recomputes_only_what_changed():
    cache = MemoryCache()
    sits = _examples()
    first = measure_table(sits, cache=cache)
    assert cache.puts == 3
    again = measure_table(sits, cache=cache)
    assert cache.puts == 3  # nothing recomputed
    pd.testing.assert_frame_equal(first, again)
    # change the latest youth assessment: the mother is no longer exhausted → one new row
    youth = sits[0]
    last = youth.assessments[-1]
    changed = replace(last, actors=tuple(replace(a, exhaustion=0) if a.id == "mere" else a for a in last.actors))
    sits2 = [replace(youth, assessments=(youth.assessments[0], changed)), sits[1]]
    third = measure_table(sits2, cache=cache)
    assert cache.puts == 4
    assert third.iloc[1]["exhausted_actors"] == [] and first.iloc[1]["exhausted_actors"] == ["mere"]
    # the same content with another consent is another key
    fp = taxonomy_fingerprint(default_taxonomy())
    assert assessment_key(last, "given", fp) != assessment_key(last, "refused", fp)
    assert assessment_key(last, "given", fp) == assessment_key(replace(last), "given", fp)
    assert len(assessment_key(last, "given", fp)) == 64


def test_evaluate_json_parallel_equals_serial():
    from netmap.measures.batch import evaluate_json

    many = [replace(s, id=f"{s.id}-{i}") for i in range(220) for s in _examples()]  # 440 situations
    serial = evaluate_json(many, jobs=1, all_assessments=True)
    assert evaluate_json(many, jobs=2, all_assessments=True) == serial
    assert len(serial) == 660  # 2 + 1 assessments per pair of examples
    assert len(evaluate_json(many, jobs=2, at=dt.date(2024, 3, 1))) == 220  # only the youth copies by then


def test_parallel_from_a_threaded_process_uses_spawn():
    import threading

    from netmap.measures.batch import _context

    assert _context().get_start_method() == "fork"  # pytest runs single-threaded
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        assert _context().get_start_method() == "spawn"
        many = [replace(s, id=f"{s.id}-{i}") for i in range(150) for s in _examples()]
        pd.testing.assert_frame_equal(measure_table(many, jobs=2), measure_table(many, jobs=1))
    finally:
        stop.set()
        t.join()


def test_undefined_measures_stay_none():
    youth = _examples()[0]
    empty = replace(youth.assessments[0], date=dt.date(2024, 7, 1), actors=(), ties=(), needs=(), actions=())
    df = measure_table([replace(youth, assessments=(*youth.assessments, empty))])
    # no active need → coverage None; no edge → E-I index None (not NaN)
    assert df.iloc[2]["coverage"] is None and df.iloc[2]["ei_index"] is None
    assert df.iloc[0]["coverage"] == 0.8 and isinstance(df.iloc[0]["ei_index"], float)


def test_cache_key_is_the_same_with_or_without_orjson(monkeypatch):
    """orjson serialises the dataclasses in field order; the hand-built fallback must give the same key."""
    import netmap.measures.table as table
    from netmap.io.json_files import read_json

    assessments = [a for s in read_json(DATA) for a in s.assessments]
    fast = [table.assessment_key(a, "given", "fp") for a in assessments]
    monkeypatch.setattr(table, "orjson", None)
    slow = [table.assessment_key(a, "given", "fp") for a in assessments]
    assert fast == slow
    assert len(set(fast)) == len(assessments)  # three different assessments, three keys


def _ids_and_pids(chunk):
    return [(i, os.getpid()) for i, _ in chunk]


def test_forked_workers_inherit_the_items():
    from netmap.measures.batch import parallel_chunks

    # a lambda does not pickle: these items can reach the workers only by being inherited
    items = [(i, lambda: None) for i in range(500)]
    out = parallel_chunks(_ids_and_pids, items, jobs=2)
    assert [i for i, _ in out] == list(range(500))  # in order, each once
    pids = {pid for _, pid in out}
    assert os.getpid() not in pids and len(pids) <= 2  # computed in the (at most two) workers
