"""Disclosure control: cell-key perturbation, "<k" for small counts, "x" for derived values, k = 0 exact.

Values are worked out from the spec (shared/spec/measures.md, "Disclosure control"): the
record key is computed here with hashlib/hmac, the perturbation table is checked row by
row, and the ONS ``cell-key-perturbation`` package (when installed) must give the same
counts as netmap on a cross-table with netmap's table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import stat

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netmap.aggregate import TABLES, Filters, aggregate, raw_table
from netmap.aggregate.cellkey import PTABLE_ROWS, CellKeys, beside, load_secret, perturb, ptable_frame
from netmap.aggregate.disclosure import DERIVED_MARKER, RawTable, euros, is_hidden, publish, with_total_row
from netmap.errors import UsageError
from netmap.model import Funding, Meeting, Person, Situation

SECRET = bytes(range(32))
KEYS = CellKeys(SECRET)


# ---- the method ------------------------------------------------------------------------------------------------
def test_record_key_is_the_first_byte_of_hmac_sha256_and_cell_key_their_sum_mod_256():
    by_hand = {i: hmac.new(SECRET, i.encode(), hashlib.sha256).digest()[0] for i in ("S-1", "S-2", "S-3")}
    assert all(KEYS.record_key(i) == v for i, v in by_hand.items())
    assert KEYS.cell_key(["S-1", "S-2", "S-3"]) == sum(by_hand.values()) % 256
    assert KEYS.cell_key([]) == 0
    assert SECRET.hex() not in repr(KEYS) and str(SECRET) not in repr(KEYS)


@pytest.mark.parametrize("count", [0, 1, 2, 3, 4, 7, 50, 751, 10_000])
def test_perturbation_table_rows(count):
    moves = [perturb(count, c) - count for c in range(256)]
    assert max(abs(m) for m in moves) <= 2  # at most ±2
    assert sum(moves) == 0  # zero mean over the 256 cell keys
    if count == 0:
        assert set(moves) == {0}  # a true 0 stays 0
    else:
        assert min(count + m for m in moves) >= 1  # a person never becomes nobody
    if count >= 3:
        assert set(moves) == {-2, -1, 0, 1, 2} and moves.count(0) == 64


def test_ptable_in_the_ons_layout():
    pt = ptable_frame(10)
    assert list(pt.columns) == ["pcv", "ckey", "pvalue"] and len(pt) == 10 * 256
    assert pt.groupby("pcv")["pvalue"].sum().eq(0).all()
    assert PTABLE_ROWS.shape == (4, 256)


def test_same_counts_as_the_ons_package():
    """The ONS package, given netmap's record keys and table, perturbs a cross-table as netmap does."""
    ons = pytest.importorskip("cell_key_perturbation.create_perturbed_table")
    rng = np.random.default_rng(7)
    ids = [f"S-{i:04d}" for i in range(3000)]
    micro = pd.DataFrame({"region": rng.choice(["bxl", "nam", "lie"], len(ids)),
                          "band": rng.choice(["0-11", "12-17", "18-23", "24-64", "65+"], len(ids), p=[.05, .1, .15, .6, .1]),
                          "record_key": [KEYS.record_key(i) for i in ids], "id": ids})
    micro = micro.iloc[:2500]  # some cells end up small
    got = ons.create_perturbed_table(micro, ptable_frame(), ["region"], ["band"], "record_key",
                                     use_existing_ons_id=False, threshold=0)
    for r in got.itertuples(index=False):
        cell = micro[(micro["region"] == r.region) & (micro["band"] == r.band)]
        assert r.pre_sdc_count == len(cell)
        assert r.count == KEYS.perturb(len(cell), cell["id"]), (r.region, r.band)


# ---- the secret ------------------------------------------------------------------------------------------------
def test_secret_created_0600_reused_refused_when_open_and_copied_for_backup(tmp_path):
    store = tmp_path / "n.sqlite3"
    place = beside(f"sqlite:///{store}")
    assert place == tmp_path / "n.sqlite3.cellkey"
    first = load_secret(place)
    assert stat.S_IMODE(place.stat().st_mode) == 0o600 and len(first) == 32
    assert load_secret(place) == first  # created once, then read
    place.chmod(0o644)
    with pytest.raises(UsageError, match="readable by others") as exc:
        load_secret(place)
    assert first.hex() not in str(exc.value)
    with pytest.raises(UsageError, match="no cell-key secret"):
        load_secret(tmp_path / "none.cellkey", create=False)
    assert beside(tmp_path / "situations") == tmp_path / "situations.cellkey"  # beside the folder, not in it


def test_backup_copies_the_secret(tmp_path, monkeypatch, capsys):
    from netmap.cli import main

    monkeypatch.delenv("NETMAP_CELL_KEY_FILE")
    url = f"sqlite:///{tmp_path / 'n.sqlite3'}"
    assert main(["import", "tests/data/yearly", "--store", url]) == 0
    assert main(["aggregate", "--codes", "needs", url, "--from", "2019-01-01", "--to", "2019-12-31"]) == 0
    secret = (tmp_path / "n.sqlite3.cellkey").read_text()
    capsys.readouterr()
    assert main(["backup", str(tmp_path / "bk" / "copy.sqlite3"), "--store", url]) == 0
    copy = tmp_path / "bk" / "copy.sqlite3.cellkey"
    assert copy.read_text() == secret and stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert secret.strip() not in capsys.readouterr().out


# ---- publishing ------------------------------------------------------------------------------------------------
def table(**cols):
    """A one-column-per-kind table whose cells stand on ids S0..S(n-1)."""
    return pd.DataFrame(cols)


def ids_of(n, tag=""):
    return frozenset(f"{tag}S{i}" for i in range(n))


def test_counts_markers_and_zero():
    counts = [0, 1, 2, 4, 5, 6, 7, 40]
    ids = [ids_of(n, f"r{j}") for j, n in enumerate(counts)]
    raw = RawTable(table(situations=counts), ids={"situations": ids}, kinds={"situations": "count"})
    out = publish(raw, 5, KEYS)["situations"].tolist()
    for n, i, v in zip(counts, ids, out, strict=True):
        p = perturb(n, KEYS.cell_key(i))
        assert v == ("<5" if 1 <= p <= 4 else p)
        assert v != "<5" or n <= 6  # "<5" never stands for 7 or more
    assert out[0] == 0 and out[1] == "<5" and out[2] == "<5"  # 1 stays 1, 2 moves to 1..4
    assert out[-1] != "<5" and abs(out[-1] - 40) <= 2
    assert publish(raw, 0)["situations"].tolist() == counts  # internal: exact


def test_linked_events_means_euros_and_shares():
    big, small = ids_of(30, "a"), ids_of(3, "b")
    data = pd.DataFrame({"situations": [30, 3], "meetings": [90, 12], "mean": [4.25, 3.5], "eur": [12_345.6, 800.0],
                         "share": [0.5, 0.1]})
    raw = RawTable(data, ids={"situations": [big, small], "meetings": [big, small], "mean": [big, small],
                              "eur": [big, small]},
                   kinds={"situations": "count", "meetings": "events", "mean": "mean", "eur": "eur"},
                   shares={"share": ("situations", None)}, population=ids_of(60, "p"),
                   links={"situations": ("meetings", "mean", "share")})
    out = publish(raw, 5, KEYS)
    row, hid = out.iloc[0], out.iloc[1]
    assert row["situations"] == perturb(30, KEYS.cell_key(big))
    assert row["meetings"] == perturb(90, KEYS.cell_key(big))  # perturbed by the key of its situations
    assert row["mean"] == 4.25 and row["eur"] == 12_300  # euros to the nearest 100
    pop = perturb(60, KEYS.cell_key(ids_of(60, "p")))
    assert row["share"] == round(row["situations"] / pop, 4)  # a ratio of published counts
    if hid["situations"] == "<5":
        # 12 meetings of fewer than 5 situations: hidden, and never as "<5" (12 is not a small count)
        assert hid["meetings"] == DERIVED_MARKER and hid["share"] == DERIVED_MARKER
    assert hid["mean"] == DERIVED_MARKER and hid["eur"] == DERIVED_MARKER  # over 3 situations: "x"
    assert euros(49.9) == 0 and euros(50) == 100 and euros(1_250) == 1_300
    exact = publish(raw, 0)
    assert exact["eur"].tolist() == [12_345.6, 800.0] and exact["meetings"].tolist() == [90, 12]


def test_total_row_is_perturbed_on_its_own():
    raw = RawTable(pd.DataFrame({"label": ["a", "b"], "n": [3, 40]}),
                   ids={"n": [ids_of(3, "a"), ids_of(40, "b")]}, kinds={"n": "count"})
    tot = with_total_row(raw, ("n",), "label", "total")
    assert tot.data["n"].tolist() == [3, 40, 43]
    out = publish(tot, 5, KEYS)
    assert out["n"].iloc[-1] == perturb(43, KEYS.cell_key(ids_of(3, "a") | ids_of(40, "b")))


def test_repeating_a_query_gives_the_same_table():
    from netmap.io import load

    sits = load("tests/data/yearly")
    f = Filters(date_from=dt.date(2019, 1, 1), date_to=dt.date(2019, 12, 31))
    for name in ("needs", "fragility", "caseload", "key_figures"):
        first = aggregate(name, sits, filters=f, cell_keys=CellKeys(SECRET))
        again = aggregate(name, list(reversed(sits)), filters=f, cell_keys=CellKeys(SECRET))
        pd.testing.assert_frame_equal(first, again)
    # a period given in days is published over whole months: 3 to 20 March is all of March
    days = aggregate("key_figures", sits, filters=Filters(date_from=dt.date(2019, 3, 3), date_to=dt.date(2019, 3, 20)),
                     cell_keys=KEYS)
    month = aggregate("key_figures", sits, filters=Filters(date_from=dt.date(2019, 3, 1), date_to=dt.date(2019, 3, 31)),
                      cell_keys=KEYS)
    pd.testing.assert_frame_equal(days, month)


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


def check_published(raw: RawTable, k: int) -> None:
    """The rules of the spec, cell by cell, against the exact values."""
    out = publish(raw, k, KEYS)
    exact = raw.data
    for col, kind in raw.kinds.items():
        if col.startswith("_"):
            continue  # a helper (numerator of a share): never published
        for i, v in enumerate(out[col]):
            true = exact[col].iat[i]
            if true is None or (isinstance(true, float) and np.isnan(true)):
                continue
            if kind in ("count", "events"):
                if v == f"<{k}":
                    assert true <= k + 1, (col, true)  # "<k" only for a true count below k + 2
                elif v == DERIVED_MARKER:
                    assert kind == "events" or col in sum(raw.links.values(), ()), (col, v)
                else:
                    assert abs(v - true) <= 2 and (v == 0) == (true == 0), (col, true, v)
                    assert kind == "events" or not 1 <= v < k, (col, v)
            if kind in ("mean", "eur") and 0 < len(raw.ids[col][i]) < k:
                assert v == DERIVED_MARKER, (col, v)
    for col in raw.shares:
        for v in out[col]:
            assert v is None or v == DERIVED_MARKER or pd.isna(v) or 0 <= v <= 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(situations(), st.integers(1, 6), st.sampled_from(["cohort", "caseload", "meetings", "funding", "greyzones"]))
def test_property_situation_tables(sits, k, name):
    f = Filters(date_from=dt.date(2019, 1, 1), date_to=dt.date(2019, 12, 31))
    raw = raw_table(name, sits, filters=f, k=k)
    assert [c for c in raw.data.columns if not c.startswith("_")] == list(TABLES[name].columns)
    check_published(raw, k)


LEVEL_CODES = ("high", "medium", "low", "none")


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(LEVEL_CODES), st.booleans(),
                          st.sets(st.sampled_from(["UNCOVERED_NEED", "SPLIT_NETWORK", "CUT_ACTOR"]))),
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
    sits = [Situation(f"S{i}", "kirikou-cm", person, dt.date(2019, 1, 1), "open", dt.date(2019, 1, 1))
            for i in range(len(rows))]
    raw = fragility_raw(sits, m, Filters(date_to=dt.date(2019, 12, 31)), default_taxonomy(), k)
    levels = raw.data[raw.data["code"].str.startswith("level:")]
    assert levels["situations"].sum() == len(rows)  # exactly, before publication
    check_published(raw, k)
    out = publish(raw, k, KEYS)
    for count, share in zip(out["situations"], out["share"], strict=True):
        if is_hidden(count):
            assert share == DERIVED_MARKER  # a share is never shown beside a hidden count
