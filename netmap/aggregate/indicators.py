"""Indicator columns of a compact measure frame: one boolean column per need domain, flag code and list test.

The tables the dashboard's overview draws on every filter change (``key_figures`` twice,
``fragility``, ``needs``) went through every selected assessment in Python, looking up
need domains and flag lists row by row: at 100,000 situations, 9,555 selected situations
took 110 ms of the 140 ms of a filter change. A compact frame's list values are shared
objects (equal values, one object: :mod:`netmap.aggregate.compact`), so each *distinct*
value is examined once when the frame is built, and every row gets booleans:

- ``_d:active:<domain>``: an active need of that domain;
- ``_d:uncovered:<domain>`` / ``_d:informal:<domain>``: a need of that domain in
  ``uncovered_needs`` / ``informal_only_needs`` (need ids mapped to domains with the
  row's ``need_domains``, as :func:`netmap.aggregate.needs.needs_raw` does);
- ``_flag:<code>``: the flag in ``flag_codes``;
- ``_any:exhausted_actors`` / ``_any:uncovered_needs``: the list is not empty.

The tables then select the ids of each cell with a boolean mask
(:func:`ids_where`), giving the same sets as the loops they replace (the tests compare the
compact path with the situation path for every table).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["domains_of_needs", "has_indicators", "ids_where", "indicator_columns", "indicator_names", "nonempty"]

_MARK = "_any:uncovered_needs"  # present in every frame that has the indicators


def has_indicators(frame: pd.DataFrame) -> bool:
    """Whether ``frame`` carries the indicator columns (a compact measure frame)."""
    return _MARK in frame.columns


def indicator_names(frame: pd.DataFrame, prefix: str) -> list[str]:
    """The suffixes of the indicator columns starting with ``prefix`` (e.g. the domains of ``_d:active:``)."""
    return [c[len(prefix):] for c in frame.columns if isinstance(c, str) and c.startswith(prefix)]


def ids_where(sids: np.ndarray, mask: Any) -> set[str]:
    """The situation ids of the rows where ``mask`` holds."""
    return set(sids[np.asarray(mask, dtype=bool)].tolist())


def _identity_codes(values: Sequence[Any]) -> tuple[np.ndarray, list[Any]]:
    """Per row, the number of its value among the distinct objects (by identity: shared values, one object).

    In C (ids factorized by pandas): a Python loop over 221,888 rows per column added 1.3 s to
    the dashboard's start at 100,000 situations.
    """
    ids = np.fromiter(map(id, values), dtype=np.int64, count=len(values))
    codes, _ = pd.factorize(ids)
    _, first = np.unique(codes, return_index=True)  # the first row of each code, codes in order
    return codes.astype(np.int64, copy=False), [values[int(i)] for i in first]


def _one_hot(codes: np.ndarray, sets: Sequence[set[Hashable]], prefix: str) -> dict[str, np.ndarray]:
    """One boolean column per item found in ``sets`` (the item sets of the distinct values), for every row."""
    items = sorted({x for s in sets for x in s}, key=str)
    return {f"{prefix}{x}": np.array([x in s for s in sets], dtype=bool)[codes] for x in items}


def _pairs(a: Sequence[Any], b: Sequence[Any], combine: Callable[[Any, Any], set]) -> tuple[np.ndarray, list[set]]:
    """Codes of the distinct (a, b) pairs of objects and ``combine`` of each pair, worked out once per pair."""
    ca, oa = _identity_codes(a)
    cb, ob = _identity_codes(b)
    width = max(len(ob), 1)
    distinct, codes = np.unique(ca * width + cb, return_inverse=True)
    return codes.reshape(-1), [combine(oa[int(p) // width], ob[int(p) % width]) for p in distinct]


def domains_of_needs(domain_of: Any, need_ids: Any) -> set[str]:
    """The domains of the needs ``need_ids`` (None: none), read from a map need id → domain."""
    if need_ids is None or not isinstance(domain_of, dict):
        return set()
    return {domain_of[i] for i in need_ids if i in domain_of}


def nonempty(v: object) -> bool:
    """A list value that holds something (None, NaN and empty lists do not)."""
    return v is not None and not isinstance(v, float) and len(v) > 0  # type: ignore[arg-type]


def indicator_columns(m: pd.DataFrame) -> dict[str, np.ndarray]:
    """The indicator columns of a compact measure frame ``m`` (module docstring), each a boolean array."""
    out: dict[str, np.ndarray] = {}
    codes, objects = _identity_codes(m["active_domains"].tolist())
    out.update(_one_hot(codes, [set(v or ()) for v in objects], "_d:active:"))
    domains = m["need_domains"].tolist()
    for column, name in (("uncovered_needs", "uncovered"), ("informal_only_needs", "informal")):
        codes, sets = _pairs(domains, m[column].tolist(), domains_of_needs)
        out.update(_one_hot(codes, sets, f"_d:{name}:"))
    codes, objects = _identity_codes(m["flag_codes"].tolist())
    out.update(_one_hot(codes, [set(v or ()) for v in objects], "_flag:"))
    for column in ("exhausted_actors", "uncovered_needs"):
        codes, objects = _identity_codes(m[column].tolist())
        out[f"_any:{column}"] = np.array([nonempty(v) for v in objects], dtype=bool)[codes]
    return out
