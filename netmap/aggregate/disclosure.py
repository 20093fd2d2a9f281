"""Disclosure control of published tables: cell-key perturbation, ``"<k"`` for small counts, ``"x"`` for derived values.

A table is first built raw, as a :class:`RawTable`: its exact values and, for every
protected cell, the ids of the situations behind it. :func:`publish` then applies
shared/spec/measures.md ("Disclosure control"):

- ``k = 0`` (internal use): the exact values, nothing hidden, nothing rounded;
- every count is perturbed by the cell key of its situations (:mod:`.cellkey`): counts of
  situations (kind ``count``) and counts of things belonging to situations — meetings,
  requests, ties, organisations (kind ``events``), perturbed by the key of the situations
  they belong to;
- a perturbed count of situations from 1 to k−1 is published as ``"<k"``; a count of
  things is hidden with its own situations (then ``"<k"`` if its perturbed value is below
  k, else ``"x"``: ``"<k"`` never stands for a number of k + 2 or more);
- ``links``: cells hidden together with a count of their row (a row's meetings, means and
  shares with its ``situations``), shown ``"x"`` (or ``"<k"`` for a small count);
- means (kind ``mean``) and euro sums (kind ``eur``, rounded to the nearest 100) over
  fewer than k situations are ``"x"``; shares are ratios of published (perturbed) counts,
  ``"x"`` when their numerator is hidden or their denominator is below k;
- zero stays 0; there is no secondary suppression: the perturbation protects totals.

Examples
--------
>>> import pandas as pd
>>> from netmap.aggregate.cellkey import CellKeys
>>> raw = RawTable(pd.DataFrame({"fund": ["A", "B", "C"], "situations": [3, 40, 0]}),
...                ids={"situations": [{"a", "b", "c"}, {f"s{i}" for i in range(40)}, set()]},
...                kinds={"situations": "count"})
>>> out = publish(raw, 5, CellKeys(bytes(32)))
>>> out["situations"][0], abs(out["situations"][1] - 40) <= 2, out["situations"][2]
('<5', True, 0)
>>> publish(raw, 0)["situations"].tolist()
[3, 40, 0]
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .cellkey import CellKeys, perturb

__all__ = ["DERIVED_MARKER", "KINDS", "RawTable", "disclosure_note", "euros", "hidden_marker", "is_hidden", "publish",
           "with_total_row"]

DERIVED_MARKER = "x"
KINDS = ("count", "events", "mean", "eur")


@dataclass
class RawTable:
    """A table before disclosure control.

    Parameters
    ----------
    data
        The exact values, indexed 0..n-1: the published columns, and helper columns whose
        name starts with ``_`` (numerators of shares; never published).
    ids
        Column → for each row, the ids of the situations behind that cell.
    kinds
        Column → ``count`` (of situations: the value is the number of ids), ``events``
        (meetings, requests, ties… of those situations), ``mean`` or ``eur`` (computed over
        those situations). Columns with no kind and no share (labels, codes, capacities)
        are published as they are.
    shares
        Column → (numerator column, denominator column of the same row, or None for the
        table's ``population``): a ratio of published counts, 4 decimals.
    population
        The situations every ``None``-denominator share is taken of.
    links
        Column → columns of the same row hidden whenever it is hidden.
    derived
        Column → (source column, function of the source's published number and the exact
        row): e.g. ``saturated`` from the published ``active``; hidden with its source.
    """

    data: pd.DataFrame
    ids: Mapping[str, Sequence[Collection[str]]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    shares: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    population: Collection[str] | None = None
    links: dict[str, tuple[str, ...]] = field(default_factory=dict)
    derived: dict[str, tuple[str, Callable[[Any, pd.Series], Any]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = set(self.kinds.values()) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown cell kinds {sorted(unknown)}; expected {', '.join(KINDS)}")
        for col in (*self.kinds, *self.shares, *self.derived):
            if col not in self.data.columns:
                raise ValueError(f"protected column {col!r} is not in the table")
        for col in self.kinds:
            if col not in self.ids or len(self.ids[col]) != len(self.data):
                raise ValueError(f"column {col!r} needs the ids of the situations behind each of its cells")


_NOTE = {
    "fr": "Pour protéger les personnes, chaque effectif est légèrement modifié (de 2 au plus), « <{k} » remplace "
          "un petit effectif (moins de {k} une fois modifié), « x » une valeur calculée sur moins de {k} situations, "
          "et un total peut différer un peu de la somme de ses lignes.",
    "en": "To protect people, every count is altered slightly (by at most 2), \u201c<{k}\u201d stands for a small "
          "count (below {k} once altered), \u201cx\u201d for a value computed over fewer than {k} situations, and a "
          "total may differ slightly from the sum of its rows.",
    "nl": "Om personen te beschermen wordt elk aantal licht gewijzigd (met hoogstens 2), \u201c<{k}\u201d staat voor "
          "een klein aantal (onder {k} na wijziging), \u201cx\u201d voor een waarde berekend op minder dan {k} "
          "situaties, en een totaal kan licht afwijken van de som van zijn rijen.",
}
_NOTE_INTERNAL = {
    "fr": "Usage interne : valeurs exactes, aucune n'est modifiée ni masquée (k = 0). Ne pas diffuser.",
    "en": "Internal use: exact values, none altered or hidden (k = 0). Do not circulate.",
    "nl": "Intern gebruik: exacte waarden, niets gewijzigd of verborgen (k = 0). Niet verspreiden.",
}


def disclosure_note(k: int, lang: str = "fr") -> str:
    """The sentence every published table, page and report carries: what ``"<k"`` and ``"x"`` mean, and that
    totals may differ slightly from the sum of rows (``k`` = 0: the warning of internal use).

    >>> disclosure_note(5, "en")[:47]
    'To protect people, every count is altered sligh'
    """
    texts = _NOTE_INTERNAL if k <= 0 else _NOTE
    return texts.get(lang, texts["fr"]).format(k=k)


def hidden_marker(k: int) -> str:
    """The string that replaces a small count: ``"<k"``."""
    return f"<{k}"


def is_hidden(value: Any) -> bool:
    """Whether a published cell is a marker (``"<k"`` or ``"x"``) rather than a value."""
    return isinstance(value, str) and (value == DERIVED_MARKER or (value.startswith("<") and value[1:].isdigit()))


def euros(value: Any) -> Any:
    """A published euro sum: rounded to the nearest 100 (half away from zero)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    v = float(value)
    return int((abs(v) + 50) // 100 * 100) * (1 if v >= 0 else -1)


def _number(v: Any) -> float | None:
    if v is None or isinstance(v, str):
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(f) else f


def publish(raw: RawTable, k: int = 5, keys: CellKeys | None = None) -> pd.DataFrame:
    """The publishable table at threshold ``k`` (``k <= 0``: exact values) with the cell keys of ``keys``."""
    helper = [c for c in raw.data.columns if str(c).startswith("_")]
    if k <= 0:
        return raw.data.drop(columns=helper).copy()
    if keys is None:
        raise ValueError("publishing with k >= 1 needs the cell keys of the store (netmap.aggregate.cellkey)")
    data = raw.data
    n = len(data)
    out = {c: list(data[c]) for c in data.columns}
    hidden = {c: [False] * n for c in data.columns}
    marker = hidden_marker(k)
    sit_pub: dict[str, list[int]] = {}  # column → perturbed number of its situations, per row

    def small(v: Any) -> bool:
        return isinstance(v, int) and 0 < v < k

    for col, kind in raw.kinds.items():
        for i in range(n):
            ids = raw.ids[col][i]
            key = keys.cell_key(ids)
            n_sit = keys.perturb(len(ids), ids) if ids else 0
            sit_pub.setdefault(col, [0] * n)[i] = n_sit
            value = data[col].iat[i]
            if _number(value) is None:  # undefined here (e.g. a total row's month-only column)
                out[col][i] = None
                continue
            if kind in ("count", "events"):
                true = int(_number(value) or 0)
                pub = perturb(true, key)
                if kind == "count":
                    out[col][i] = marker if small(pub) else pub
                    hidden[col][i] = small(pub)
                elif 0 < n_sit < k:
                    out[col][i] = marker if small(pub) else DERIVED_MARKER
                    hidden[col][i] = True
                else:
                    out[col][i] = pub
            else:  # mean, eur: over fewer than k situations (exact or published), "x"
                if kind == "eur":
                    value = euros(value)
                few = 0 < len(ids) < k or 0 < n_sit < k
                out[col][i] = DERIVED_MARKER if few and value is not None else value
                hidden[col][i] = few and value is not None

    def hide_linked(col: str, i: int) -> None:
        for other in raw.links.get(col, ()):
            if not hidden[other][i]:
                hidden[other][i] = True
                v = out[other][i]
                if _number(v) == 0:
                    hidden[other][i] = False  # a zero says nothing
                    continue
                out[other][i] = marker if raw.kinds.get(other) in ("count", "events") and small(v) else DERIVED_MARKER
                hide_linked(other, i)

    for col in raw.links:
        for i in range(n):
            if hidden[col][i]:
                hide_linked(col, i)

    pop_pub = None
    if raw.population is not None:
        pop = list(raw.population)
        pop_pub = keys.perturb(len(pop), pop) if pop else 0
    for col, (num_col, den_col) in raw.shares.items():
        for i in range(n):
            if _number(data[col].iat[i]) is None:  # undefined (nothing to take a share of)
                out[col][i] = None
                continue
            if hidden[col][i]:
                continue
            num = out[num_col][i]
            den = pop_pub if den_col is None else out[den_col][i]
            n_num, n_den = _number(num), _number(den)
            if is_hidden(num) or is_hidden(den) or (n_den is not None and 0 < n_den < k):
                out[col][i] = DERIVED_MARKER
                hidden[col][i] = True
            elif not n_den:
                out[col][i] = None
            else:
                out[col][i] = round(min(1.0, max(0.0, (n_num or 0.0) / n_den)), 4)

    for col, (src, fn) in raw.derived.items():
        for i in range(n):
            if hidden[src][i]:
                out[col][i] = DERIVED_MARKER
            else:
                out[col][i] = fn(out[src][i], data.iloc[i])

    frame = pd.DataFrame({c: pd.Series(out[c], dtype=object) for c in data.columns if c not in helper},
                         index=data.index)
    for c in frame.columns:  # columns with no marker keep a plain dtype (ints stay ints in JSON)
        if not any(is_hidden(v) for v in frame[c]):
            frame[c] = frame[c].infer_objects()
    return frame


def with_total_row(raw: RawTable, columns: tuple[str, ...], label_column: str, label: str) -> RawTable:
    """``raw`` with a last row summing ``columns`` (labelled ``label`` in ``label_column``).

    The total of a count stands on the union of the rows' situations, and is perturbed by
    its own cell key, like any other count.
    """
    total: dict[str, object] = {c: None for c in raw.data.columns}
    total[label_column] = label
    for c in columns:
        total[c] = int(pd.to_numeric(raw.data[c]).sum())
    data = pd.concat([raw.data, pd.DataFrame([total], columns=raw.data.columns)], ignore_index=True)
    ids: dict[str, list[Collection[str]]] = {}
    for c, per_row in raw.ids.items():
        union: set[str] = set()
        if c in columns:
            for s in per_row:
                union |= set(s)
        ids[c] = [*per_row, union]
    kinds = {c: kd for c, kd in raw.kinds.items()}
    return RawTable(data, ids=ids, kinds=kinds, shares=dict(raw.shares), population=raw.population,
                    links=dict(raw.links), derived=dict(raw.derived))
