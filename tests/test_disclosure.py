"""Disclosure control: primary suppression ("<k"), zero stays 0, links, secondary suppression along totals.

Property tests (hypothesis): no published table shows a count from 1 to k-1, and no
line with a published total ever holds exactly one hidden cell.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netmap.aggregate import TABLES, Filters, raw_table
from netmap.aggregate.disclosure import Line, RawTable, hidden_mask, suppress, with_total_row
from netmap.model import Funding, Meeting, Person, Situation


def counts_table(rows: list[list[int]], *, row_totals: bool = False, col_totals: bool = False) -> RawTable:
    """A grid of situation counts c0..cm, optionally with a row-total column and a total row."""
    cols = [f"c{j}" for j in range(len(rows[0]))]
    df = pd.DataFrame(rows, columns=cols)
    if row_totals:
        df["total"] = df[cols].sum(axis=1)
    raw = RawTable(df, support={c: df[c] for c in df.columns}, counts=tuple(df.columns))
    n = len(df)
    if row_totals:
        raw.lines += [Line(tuple((i, c) for c in cols), (i, "total")) for i in range(n)]
    if col_totals:
        raw.data.insert(0, "label", ["r"] * n)
        raw = with_total_row(raw, tuple(c for c in raw.data.columns if c != "label"), "label", "total")
    return raw


def test_small_counts_hidden_zero_kept():
    raw = counts_table([[0, 1, 4, 5, 12]])
    out = suppress(raw, 5)
    assert out.iloc[0].tolist() == [0, "<5", "<5", 5, 12]


def test_k_zero_shows_everything_and_k_three_marker():
    raw = counts_table([[1, 2, 3]])
    assert suppress(raw, 0).iloc[0].tolist() == [1, 2, 3]
    assert suppress(raw, 3).iloc[0].tolist() == ["<3", "<3", 3]


def test_secondary_suppression_hides_smallest_other_cell_of_the_line():
    # column c0: 3 (hidden), 6, 9, total 18 -> 3 = 18 - 6 - 9 could be recomputed: the smallest other (6) goes
    raw = counts_table([[3], [6], [9]], col_totals=True)
    out = suppress(raw, 5)
    assert out["c0"].tolist() == ["<5", "<5", 9, 18]


def test_hidden_total_alone_is_protected_too():
    # members 2 and 2 are hidden (primary); total 4 hidden: the line holds 3 hidden cells -> nothing more
    raw = counts_table([[2], [2], [0]], col_totals=True)
    out = suppress(raw, 5)
    assert out["c0"].tolist() == ["<5", "<5", 0, "<5"]


def test_only_non_zero_cells_available_falls_back_to_total():
    # 3 hidden, others zero: the total (3) would give it back, so the total is hidden
    raw = counts_table([[3], [0], [0]], col_totals=True)
    raw.support["c0"] = pd.Series([3, 0, 0, 3])
    raw.data.loc[3, "c0"] = 3
    out = suppress(raw, 5)
    assert out["c0"].tolist() == ["<5", 0, 0, "<5"]


def test_links_hide_meeting_counts_with_their_row():
    df = pd.DataFrame({"month": ["2019-01", "2019-02"], "situations": [2, 7], "meetings": [9, 8]})
    raw = RawTable(df, support={"situations": df["situations"], "meetings": df["situations"]},
                   links={"situations": ("meetings",)})
    out = suppress(raw, 5)
    assert out["meetings"].tolist() == ["<5", 8]  # 9 meetings are not persons, but their row is hidden


def test_secondary_iterates_across_rows_and_columns():
    # 2x2 with row and column totals; one small cell forces a chain until every line has 0 or >= 2 hidden
    raw = counts_table([[2, 10], [10, 10]], row_totals=True, col_totals=True)
    mask = hidden_mask(raw, 5)
    for line in raw.lines:
        cells = [*line.members, *line.total_cells]
        assert sum(bool(mask[c].iat[r]) for r, c in cells) != 1


# --- property tests ---------------------------------------------------------------------------

grids = st.integers(1, 6).flatmap(lambda m: st.lists(st.lists(st.integers(0, 15), min_size=m, max_size=m),
                                                     min_size=1, max_size=7))


def assert_published(raw: RawTable, k: int) -> None:
    out = suppress(raw, k)
    mask = hidden_mask(raw, k)
    for col in raw.counts:
        for v in out[col]:
            assert not (isinstance(v, (int, float)) and not isinstance(v, bool) and 1 <= v <= k - 1), (col, v)
    for line in raw.lines:
        cells = [*line.members, *line.total_cells]
        n_hidden = sum(bool(mask[c].iat[r]) for r, c in cells)
        if line.total_cells:
            # a hidden total alone would be the sum of its published members: never left so either
            assert n_hidden != 1, line
        elif n_hidden == 1:
            # implicit total: only when every other member is 0 (then the total is below k and not published)
            assert all(raw.data[c].iat[r] == 0 for r, c in line.members if not mask[c].iat[r]), line


@settings(max_examples=150, deadline=None)
@given(grids, st.booleans(), st.booleans(), st.integers(2, 7))
def test_property_grids(rows, row_totals, col_totals, k):
    assert_published(counts_table(rows, row_totals=row_totals, col_totals=col_totals), k)


dates = st.dates(dt.date(2018, 6, 1), dt.date(2020, 6, 30))
OUTS = ("open", "closed_stabilised", "refused_saturation", "refused_criteria", "pending", "redirected")


@st.composite
def situations(draw):
    n = draw(st.integers(0, 25))
    out = []
    for i in range(n):
        requested = draw(dates)
        outcome = draw(st.sampled_from(OUTS))
        opened = closed = None
        if outcome in ("open", "closed_stabilised"):
            opened = requested + dt.timedelta(days=draw(st.integers(0, 60)))
        if outcome == "closed_stabilised":
            closed = opened + dt.timedelta(days=draw(st.integers(0, 400)))
        meetings = tuple(Meeting(draw(dates), "concertation", tuple(["person", "cm"][: draw(st.integers(1, 2))]))
                         for _ in range(draw(st.integers(0, 3))))
        funding = tuple(Funding(draw(dates), draw(st.sampled_from(["Criseflex", "Fonds B"])), 100.0,
                                s := draw(st.sampled_from(["granted", "refused", "pending", "redirected"])),
                                50.0 if s == "granted" else None)
                        for _ in range(draw(st.integers(0, 2))))
        person = Person(region="namur", housing="with_family", demand="expressed", consent="given", age=15)
        out.append(Situation(f"S{i}", draw(st.sampled_from(["kirikou-cm", "brusano-cm"])), person, requested,
                             outcome, opened, closed, meetings=meetings, funding=funding))
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(situations(), st.integers(2, 6), st.sampled_from(["cohort", "caseload", "meetings", "funding", "greyzones"]))
def test_property_situation_tables(sits, k, name):
    f = Filters(date_from=dt.date(2019, 1, 1), date_to=dt.date(2019, 12, 31))
    raw = raw_table(name, sits, filters=f, k=k)
    assert list(raw.data.columns) == list(TABLES[name].columns)
    assert_published(raw, k)


def test_lines_across_tables_of_a_report():
    from netmap.aggregate.disclosure import suppress_together

    # cohort fund requests per row: 2 (hidden: 2 persons), 6, 9; the fund table says 17 requests in all
    cohort = RawTable(pd.DataFrame({"situations": [8, 10, 12], "funding_requests": [2, 6, 9]}),
                      support={"situations": pd.Series([8, 10, 12]), "funding_requests": pd.Series([2, 6, 9])})
    funds = RawTable(pd.DataFrame({"fund": ["A"], "requests": [17]}), support={"requests": pd.Series([17])})
    alone = suppress_together({"cohort": cohort, "funding": funds}, [], 5)
    assert alone["cohort"]["funding_requests"].tolist() == ["<5", 6, 9]  # 2 = 17 - 6 - 9: recomputable
    cross = [([("cohort", i, "funding_requests") for i in range(3)], [("funding", 0, "requests")])]
    out = suppress_together({"cohort": cohort, "funding": funds}, cross, 5)
    # across tables the total goes first: the fund table's 17 is hidden, the cohort keeps its detail
    assert out["cohort"]["funding_requests"].tolist() == ["<5", 6, 9]
    assert out["funding"]["requests"].tolist() == ["<5"]
    assert out["cohort"]["situations"].tolist() == [8, 10, 12]


@pytest.mark.parametrize("k", [2, 5])
def test_with_total_row_support_is_the_sum(k):
    raw = counts_table([[1], [1], [1]], col_totals=True)
    out = suppress(raw, k)
    assert out["c0"].iloc[-1] == (3 if k <= 3 else f"<{k}")


LEVEL_CODES = ("high", "medium", "low", "none")


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(LEVEL_CODES), st.booleans(),
                          st.sets(st.sampled_from(["UNCOVERED_NEED", "THIN_NEED", "CUT_ACTOR"]))),
                max_size=30),
       st.integers(2, 7))
def test_property_fragility_levels(rows, k):
    from netmap.aggregate.fragility import fragility_raw
    from netmap.taxonomy import default_taxonomy

    m = pd.DataFrame({"situation": [f"S{i}" for i in range(len(rows))],
                      "assessment": [dt.date(2019, 1, 1)] * len(rows),
                      "fragility": [r[0] for r in rows], "ready": [r[1] for r in rows],
                      "flag_codes": [sorted(r[2]) for r in rows]})
    person = Person(region="namur", housing="with_family", demand="expressed", consent="given", age=15)
    sits = [Situation(f"S{i}", "kirikou-cm", person, dt.date(2019, 1, 1), "pending") for i in range(len(rows))]
    raw = fragility_raw(sits, m, Filters(date_to=dt.date(2019, 12, 31)), default_taxonomy(), k)
    assert_published(raw, k)
    out = suppress(raw, k)
    # a share is never shown beside a hidden count, nor when fewer than k situations are measured
    for count, share in zip(out["situations"], out["share"], strict=True):
        if isinstance(count, str) or 0 < len(rows) < k:
            assert share == f"<{k}"
