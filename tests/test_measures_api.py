"""The public surface of netmap.measures that other parts code against."""

from __future__ import annotations

import inspect

import netmap.measures as M


def test_all_is_sorted_and_complete():
    assert M.__all__ == sorted(M.__all__)
    for name in M.__all__:
        assert hasattr(M, name), name


def _params(func) -> list[tuple[str, str]]:
    return [(p.name, p.kind.name) for p in inspect.signature(func).parameters.values()]


def test_signatures():
    assert _params(M.evaluate)[:5] == [("situation", "POSITIONAL_OR_KEYWORD"), ("at", "POSITIONAL_OR_KEYWORD"),
                                       ("without", "KEYWORD_ONLY"), ("assessment", "KEYWORD_ONLY"),
                                       ("taxonomy", "KEYWORD_ONLY")]
    assert _params(M.measure_assessment)[:3] == [("assessment", "POSITIONAL_OR_KEYWORD"), ("consent", "KEYWORD_ONLY"),
                                                 ("taxonomy", "KEYWORD_ONLY")]
    assert _params(M.without)[:3] == [("situation", "POSITIONAL_OR_KEYWORD"), ("actor_ids", "POSITIONAL_OR_KEYWORD"),
                                      ("at", "POSITIONAL_OR_KEYWORD")]
    assert _params(M.compare) == [("earlier", "POSITIONAL_OR_KEYWORD"), ("later", "POSITIONAL_OR_KEYWORD"),
                                  ("consent", "KEYWORD_ONLY"), ("taxonomy", "KEYWORD_ONLY")]
    assert inspect.signature(M.compare).parameters["consent"].default is inspect.Parameter.empty  # the situation's: no default
    assert _params(M.measure_table)[:3] == [("situations", "POSITIONAL_OR_KEYWORD"), ("cache", "KEYWORD_ONLY"),
                                            ("jobs", "KEYWORD_ONLY")]


def test_measures_are_importable_without_pandas_cost():
    # pandas is imported only when a table is built (keeps `netmap assess` quick to start)
    import subprocess
    import sys
    from pathlib import Path

    code = "import sys, netmap.measures, netmap.cli.assess; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent)
    assert out.stdout.strip() == "False"
