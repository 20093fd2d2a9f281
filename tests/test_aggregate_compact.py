"""Aggregates from the store's compact tables are the aggregates of the situations, cell ids included.

The oracle is the situation-based path (the code every other aggregate test checks by hand):
on the same data, every table, several filters, k = 0 and k = 5, the compact path — from a
store and from situations in memory — must give the same frame and, before disclosure, the
same situation ids behind every cell (the cell keys of the perturbation are made of them).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from conftest import DATA

from netmap.aggregate import TABLES, CellKeys, CompactData, Filters, aggregate, raw_table
from netmap.aggregate.greyzones import greyzones_detail
from netmap.io import load
from netmap.measures import measure_table
from netmap.store import open_store
from netmap.synth import generate
from netmap.taxonomy import default_taxonomy

KEYS = CellKeys(bytes(range(32)))
FILTERS = [
    Filters(),
    Filters(date_from=dt.date(2021, 3, 10), date_to=dt.date(2022, 8, 20)),
    Filters(service="kirikou-cm", date_to=dt.date(2023, 12, 31)),
    Filters(region="bruxelles", date_from=dt.date(2019, 1, 1)),
    Filters(age_band="65+", as_of=dt.date(2022, 6, 30), date_to=dt.date(2024, 12, 31)),
    Filters(age_band="12-17", date_from=dt.date(2020, 2, 1), date_to=dt.date(2020, 11, 30)),
]


@pytest.fixture(scope="module")
def situations():
    sits = generate(400, 7) + load(DATA)
    return sorted(sits, key=lambda s: s.id)


@pytest.fixture(scope="module")
def measures(situations):
    return measure_table(situations, jobs=1)


@pytest.fixture(scope="module")
def from_store(situations, tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('compact') / 'store.sqlite3'}"
    with open_store(url) as store:
        store.import_situations(situations)
        return CompactData.from_store(store, jobs=1)


@pytest.fixture(scope="module")
def in_memory(situations, measures):
    return CompactData.from_situations(situations, measures)


@pytest.mark.parametrize("k", [0, 5])
@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_table_is_unchanged(name, k, situations, measures, from_store, in_memory):
    for f in FILTERS:
        expected = aggregate(name, situations, measures, filters=f, k=k, cell_keys=KEYS)
        for data in (from_store, in_memory):
            got = aggregate(name, data, filters=f, k=k, cell_keys=KEYS)
            pd.testing.assert_frame_equal(got, expected, check_exact=True)


@pytest.mark.parametrize("name", sorted(TABLES))
def test_the_situations_behind_each_cell_are_the_same(name, situations, measures, from_store):
    for f in FILTERS:
        for k in (0, 5):
            old = raw_table(name, situations, measures, filters=f, k=k)
            new = raw_table(name, from_store, filters=f, k=k)
            assert old.ids.keys() == new.ids.keys()
            for col in old.ids:
                assert [set(x) for x in new.ids[col]] == [set(x) for x in old.ids[col]], (name, f, col)
            assert set(old.population or ()) == set(new.population or ())


def test_tables_are_not_empty_on_this_data(from_store):
    """The comparison above means something: the data fills every table."""
    for name in TABLES:
        assert len(aggregate(name, from_store, k=0)) > 0, name


def test_partners_generalised_and_greyzone_detail(situations, measures, from_store):
    from netmap.aggregate.compact import eligible_frame

    for f in FILTERS:
        old = raw_table("partners", situations, measures, filters=f, k=5, generalise=True)
        new = raw_table("partners", from_store, filters=f, k=5, generalise=True)
        pd.testing.assert_frame_equal(new.data, old.data)
        from netmap.aggregate.filters import select

        expected = greyzones_detail(select(situations, f), f, default_taxonomy())
        got = eligible_frame(from_store, from_store.select(f), f, default_taxonomy())
        pd.testing.assert_frame_equal(got.reset_index(drop=True), expected)


def test_selection_matches(situations, from_store):
    from netmap.aggregate.filters import select

    for f in FILTERS:
        assert list(from_store.select(f)["situation"]) == [s.id for s in select(situations, f)]


def test_no_situation_gives_the_same_empty_tables():
    empty = CompactData.from_situations([], measure_table([]))
    f = Filters(date_from=dt.date(2019, 1, 1), date_to=dt.date(2019, 3, 31), service="kirikou-cm")
    for name in TABLES:
        for k in (0, 5):
            expected = aggregate(name, [], measure_table([]), filters=f, k=k, cell_keys=KEYS)
            pd.testing.assert_frame_equal(aggregate(name, empty, filters=f, k=k, cell_keys=KEYS), expected,
                                          check_dtype=False, check_index_type=False)


def test_compact_frames_carry_the_indicators_the_fast_paths_read(from_store, in_memory, measures):
    """The comparisons above check the mask-per-domain paths of needs, fragility and key_figures: both compact
    frames carry the indicator columns (netmap.aggregate.indicators), the situation-based measure table does not."""
    from netmap.aggregate.indicators import has_indicators, indicator_names

    assert has_indicators(from_store.measures) and has_indicators(in_memory.measures)
    assert not has_indicators(measures)
    m = from_store.measures
    assert indicator_names(m, "_d:active:") and indicator_names(m, "_flag:")
    # one row worked out by hand from its own lists: its active domains and its flags
    row = m.iloc[0]
    assert {d for d in indicator_names(m, "_d:active:") if row[f"_d:active:{d}"]} == set(row["active_domains"])
    assert {c for c in indicator_names(m, "_flag:") if row[f"_flag:{c}"]} == set(row["flag_codes"] or ())
    uncovered = {row["need_domains"][n] for n in row["uncovered_needs"] or () if n in row["need_domains"]}
    assert {d for d in indicator_names(m, "_d:uncovered:") if row[f"_d:uncovered:{d}"]} == uncovered


def test_selection_views_are_bounded_to_one_frame_of_copied_rows(situations, measures):
    """The views kept for filter changes (CompactData.selected_view) never hold more copied measure rows than the
    frame itself, however many large selections follow one another; a view equals the rows of its situations."""
    data = CompactData.from_situations(situations, measures)
    n = len(data.measures)
    for year in range(2016, 2027):  # eleven selections of most situations
        f = Filters(date_to=dt.date(year, 12, 31))
        view = data.selected_view(f)
        chosen = set(data.select(f)["situation"])
        assert set(view.measures["situation"]) <= chosen
        assert len(view.measures) == int(data.measures["situation"].isin(chosen).sum())
        assert data._copied_rows() <= n
