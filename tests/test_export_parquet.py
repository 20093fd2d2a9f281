"""netmap export parquet: record-level Parquet for the service's analyst (k = 0), published tables only (k >= 1)."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import DATA

from netmap.aggregate import CompactData, aggregate
from netmap.cli import main
from netmap.io import load
from netmap.store import open_store

YEARLY = DATA / "yearly"
pq = pytest.importorskip("pyarrow.parquet")  # the [parquet] extra (not in the lower-bounds run)


def _situations():
    return load(YEARLY) + load(DATA / "youth-brussels.json") + load(DATA / "elderly-namur.json")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('pq') / 'demo.sqlite3'}"
    with open_store(url) as s:
        s.import_situations(_situations())
    return url


def test_internal_export_has_every_row_and_column(store, tmp_path):
    out = tmp_path / "pq"
    assert main(["export", "parquet", str(out), store, "--k", "0"]) == 0
    with open_store(store, create=False) as s:
        n_sits = s.info()["situations"]
        n_assess = s.info()["assessments"]
        n_meet = s.execute("SELECT count(*) FROM compact_meetings")[0][0]
        n_fund = s.execute("SELECT count(*) FROM compact_funding")[0][0]
    sits = pd.read_parquet(out / "situations.parquet")
    assess = pq.read_table(out / "assessments.parquet").to_pandas()
    model = _situations()
    assert (len(sits), len(assess)) == (n_sits, n_assess) == (len(model), sum(len(s.assessments) for s in model))
    assert len(pd.read_parquet(out / "meetings.parquet")) == n_meet == sum(len(s.meetings) for s in model) > 0
    assert len(pd.read_parquet(out / "funding.parquet")) == n_fund == sum(len(s.funding) for s in model) > 0
    assert {"situation", "service", "region", "age_band", "requested", "opened", "closed", "outcome"} <= set(sits)
    assert {"situation", "assessment", "is_latest", "fragility", "flag_codes", "sector_ties", "partners"} <= set(assess)
    assert json.loads(pq.read_schema(out / "situations.parquet").metadata[b"netmap"])["k"] == 0
    assert (out / "situations.parquet").stat().st_mode & 0o777 == 0o600


def test_duckdb_gives_the_same_table_as_netmap(store, tmp_path):
    """The analyst's engine over the export: the language_ties and fragility-level counts of netmap, by hand in SQL."""
    duckdb = pytest.importorskip("duckdb")
    out = tmp_path / "pq"
    assert main(["export", "parquet", str(out), store, "--k", "0"]) == 0
    con = duckdb.connect()
    a = str(out / "assessments.parquet")
    n, ties = con.execute(f"SELECT count(*) FILTER (WHERE language_ties > 0), sum(language_ties) "
                          f"FROM read_parquet('{a}') WHERE is_latest").fetchone()
    with open_store(store, create=False) as s:
        data = CompactData.from_store(s)
    expected = aggregate("language_ties", data, k=0).iloc[0]
    assert (n, ties) == (expected["situations"], expected["ties"])
    levels = dict(con.execute(f"SELECT fragility, count(*) FROM read_parquet('{a}') WHERE is_latest "
                              "GROUP BY fragility").fetchall())
    # one latest assessment per situation that has one, each at exactly one level
    assert sum(levels.values()) == sum(1 for s in _situations() if s.assessments)


def test_published_export_has_only_protected_tables(store, tmp_path):
    out = tmp_path / "pub"
    key = tmp_path / "key.hex"
    assert main(["export", "parquet", str(out), store, "--k", "5", "--deidentify", "--key-file", str(key),
                 "--create-key"]) == 0
    names = sorted(p.stem for p in out.glob("*.parquet"))
    assert "situations" not in names and "assessments" not in names
    assert "key_figures" in names and "partners" in names
    partners = pd.read_parquet(out / "partners.parquet")
    assert partners["organisation"].isna().all()  # no free text leaves the service
    funding = pd.read_parquet(out / "funding.parquet")
    assert funding["fund"].str.startswith("F-").all()
    cohort = pd.read_parquet(out / "cohort.parquet")
    assert cohort["situations"].map(lambda v: v == "<5" or str(v).isdigit()).all()
