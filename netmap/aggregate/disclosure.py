"""Disclosure control: small counts hidden as ``"<k"``, and secondary suppression along published totals.

A table is first built raw, as a :class:`RawTable`: its values, and for every protected
column the number of situations each value stands on (its *support*). Then
:func:`suppress` applies shared/spec/measures.md:

- a cell whose support is from 1 to k−1 is replaced by ``"<k"``: counts of situations
  (support = the count itself), and values derived from them (shares, means, sums in
  euros: support = the situations they are computed over); counts of meetings and ties
  are *linked* to their row's ``situations`` and hidden with it;
- zero stays 0 (support 0 is never hidden);
- secondary suppression: for every *line* (cells whose sum is a published total, e.g. a
  column and its total row), while the line holds exactly one hidden cell, one more cell
  is hidden, the smallest non-zero published member, or else the total; cells linked to a
  hidden cell (its share, its row's meeting count) are hidden with it. Repeated until stable;
- ``k = 0`` shows everything (internal use only).

Examples
--------
>>> raw = RawTable(pd.DataFrame({"fund": ["A", "B"], "situations": [3, 12]}),
...                support={"situations": pd.Series([3, 12])}, counts=("situations",))
>>> suppress(raw, 5)["situations"].tolist()
['<5', 12]
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

import pandas as pd

__all__ = ["Cell", "Line", "RawTable", "hidden_marker", "hidden_mask", "suppress", "suppress_together", "with_total_row"]

Cell = tuple[int, str]  # (row position, column name)


@dataclass(frozen=True)
class Line:
    """Cells whose sum is a published total.

    ``total`` is the cell holding the total, or several cells whose sum is the total (e.g.
    the rows of another table), or None when the total is published implicitly (e.g. the
    number of situations that every ``share`` of the table is taken of).
    """

    members: tuple[Cell, ...]
    total: Cell | tuple[Cell, ...] | None = None
    prefer_total: bool = False  # hide a total cell first (lines across tables: keeps each table's own detail)

    @property
    def total_cells(self) -> tuple[Cell, ...]:
        """The cells holding the total (none when it is implicit)."""
        if self.total is None:
            return ()
        if isinstance(self.total[0], tuple):
            return tuple(self.total)  # type: ignore[arg-type]
        return (self.total,)  # type: ignore[return-value]


@dataclass
class RawTable:
    """A table before disclosure control.

    Parameters
    ----------
    data
        The values, with exactly the published columns, indexed 0..n-1.
    support
        Column name → number of situations behind each value of that column (same index).
        Columns not named here (labels, codes, capacities) are never hidden.
    counts
        The columns that are counts of situations or persons.
    lines
        Additive structures with a published total, for secondary suppression.
    links
        Column → columns of the same row hidden whenever it is hidden (e.g. ``situations`` →
        its meeting count, mean and share).
    """

    data: pd.DataFrame
    support: dict[str, pd.Series] = field(default_factory=dict)
    counts: tuple[str, ...] = ()
    lines: list[Line] = field(default_factory=list)
    links: dict[str, tuple[str, ...]] = field(default_factory=dict)


def hidden_marker(k: int) -> str:
    """The string that replaces a hidden value: ``"<k"``."""
    return f"<{k}"


def _primary(raw: RawTable, k: int) -> dict[str, pd.Series]:
    hidden = {}
    for col in raw.data.columns:
        sup = raw.support.get(col)
        if sup is None:
            hidden[col] = pd.Series(False, index=raw.data.index)
        else:
            # positional: a support series must have one value per row of the table
            s = pd.Series(pd.to_numeric(pd.Series(sup), errors="coerce").fillna(0).to_numpy(), index=raw.data.index)
            hidden[col] = (s > 0) & (s < k)
    return hidden


def _value(raw: RawTable, cell: Cell) -> float:
    v = raw.data.iat[cell[0], raw.data.columns.get_loc(cell[1])]
    try:
        return float(v) if v is not None and not pd.isna(v) else 0.0
    except (TypeError, ValueError):
        return 0.0


def _hide(hidden: dict[str, pd.Series], raw: RawTable, cell: Cell) -> None:
    row, col = cell
    idx: Hashable = raw.data.index[row]
    hidden[col].at[idx] = True
    for other in raw.links.get(col, ()):
        hidden[other].at[idx] = True


def hidden_mask(raw: RawTable, k: int) -> pd.DataFrame:
    """Boolean frame of the cells :func:`suppress` hides at threshold ``k`` (primary and secondary)."""
    hidden = _primary(raw, k)
    for col, others in raw.links.items():
        for other in others:
            hidden[other] = hidden[other] | hidden[col]
    if k > 1 and raw.lines:
        def is_hidden(c: Cell) -> bool:
            return bool(hidden[c[1]].iat[c[0]])

        changed = True
        while changed:
            changed = False
            for line in raw.lines:
                if sum(is_hidden(c) for c in (*line.members, *line.total_cells)) != 1:
                    continue
                groups = (line.total_cells, line.members) if line.prefer_total else (line.members, line.total_cells)
                for group in groups:
                    candidates = [c for c in group if not is_hidden(c) and _value(raw, c) != 0]
                    if candidates:
                        _hide(hidden, raw, min(candidates, key=lambda c: (_value(raw, c), c[0], c[1])))
                        changed = True
                        break
    return pd.DataFrame(hidden, index=raw.data.index)


def suppress(raw: RawTable, k: int = 5) -> pd.DataFrame:
    """The publishable table: hidden cells replaced by ``"<k"``; ``k <= 0`` shows everything."""
    out = raw.data.copy()
    if k <= 0:
        return out
    mask = hidden_mask(raw, k)
    marker = hidden_marker(k)
    for col in out.columns:
        m = mask[col]
        if m.any():
            out[col] = out[col].astype(object)
            out.loc[m, col] = marker
    return out


def with_total_row(raw: RawTable, columns: tuple[str, ...], label_column: str, label: str) -> RawTable:
    """``raw`` with a last row summing ``columns`` (labelled ``label`` in ``label_column``).

    The total of counts is itself a count (its support is the sum), and each summed
    column becomes a line for secondary suppression, so no hidden cell can be
    recomputed from the total.
    """
    n = len(raw.data)
    total: dict[str, object] = {c: None for c in raw.data.columns}
    total[label_column] = label
    for c in columns:
        total[c] = int(pd.to_numeric(raw.data[c]).sum())
    data = pd.concat([raw.data, pd.DataFrame([total], columns=raw.data.columns)], ignore_index=True)
    support = {}
    for c, s in raw.support.items():
        extra = total[c] if c in columns else 0
        support[c] = pd.concat([s.reset_index(drop=True), pd.Series([extra])], ignore_index=True)
    lines = list(raw.lines) + [Line(tuple((i, c) for i in range(n)), (n, c)) for c in columns]
    return RawTable(data, support=support, counts=raw.counts, lines=lines, links=dict(raw.links))


def suppress_together(raws: dict[str, RawTable], cross: list[tuple[list[tuple[str, int, str]],
                                                                  list[tuple[str, int, str]]]],
                      k: int = 5) -> dict[str, pd.DataFrame]:
    """Suppress several tables published side by side (a report), with lines across tables.

    ``cross`` lists relations between tables: (member cells, total cells) as
    ``(table, row, column)``, where the members add up to the sum of the total cells
    (e.g. a cohort column and the fund table it also sums). Secondary suppression then
    keeps a hidden cell of one table from being recomputed from another; on such a line
    the smallest total cell is hidden first, so that each table keeps its own detail.
    """
    data, support, lines, links = [], {}, [], {}
    offset: dict[str, int] = {}
    row = 0
    for name, raw in raws.items():
        offset[name] = row
        d = raw.data.reset_index(drop=True).rename(columns=lambda c, name=name: f"{name}\x1f{c}")
        d.index = range(row, row + len(d))
        data.append(d)
        for c, s_ in raw.support.items():
            s_ = s_.reset_index(drop=True)
            s_.index = d.index
            support[f"{name}\x1f{c}"] = s_
        for ln in raw.lines:
            lines.append(Line(tuple((row + r, f"{name}\x1f{c}") for r, c in ln.members),
                              None if ln.total is None else tuple((row + r, f"{name}\x1f{c}") for r, c in ln.total_cells)))
        for c, others in raw.links.items():
            links[f"{name}\x1f{c}"] = tuple(f"{name}\x1f{o}" for o in others)
        row += len(d)

    def cell(t: tuple[str, int, str]) -> Cell:
        return (offset[t[0]] + t[1], f"{t[0]}\x1f{t[2]}")

    for members, totals in cross:
        lines.append(Line(tuple(cell(m) for m in members), tuple(cell(t) for t in totals) or None, prefer_total=True))
    combined = pd.concat(data, axis=0) if data else pd.DataFrame()  # index 0..n-1: rows of each table in turn
    support = {c: s_.reindex(combined.index).fillna(0) for c, s_ in support.items()}
    mask = hidden_mask(RawTable(combined, support=support, lines=lines, links=links), k) if k > 0 else None
    out = {}
    for name, raw in raws.items():
        pub = raw.data.reset_index(drop=True).copy()
        if mask is not None:
            rows = range(offset[name], offset[name] + len(pub))
            for c in pub.columns:
                m = mask[f"{name}\x1f{c}"].iloc[list(rows)].to_numpy()
                if m.any():
                    pub[c] = pub[c].astype(object)
                    pub.loc[m, c] = hidden_marker(k)
        out[name] = pub
    return out
