"""Aggregates: filters, the service directory (grey zones), table shapes, the measures a table judges."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest

from netmap.aggregate import TABLES, Filters, age_band, aggregate, eligible_services, select
from netmap.cli import main
from netmap.errors import UsageError
from netmap.io import load
from netmap.model import Actor, Assessment, Need, Person, Situation

DATA = Path(__file__).parent / "data"
YEARLY = DATA / "yearly"
D = dt.date
MARCH = D(2019, 3, 1)


def person(**kw) -> Person:
    base = {"region": "bruxelles", "housing": "own_home", "demand": "expressed", "consent": "given", "age": 40}
    base.update(kw)
    return Person(**base)


def situation(sid="S", *, needs=(), actors=(), requested=MARCH, outcome="open", opened=MARCH,
              closed=None, service="brusano-cm", **person_kw) -> Situation:
    a = Assessment(opened or requested, actors=tuple(actors),
                   needs=tuple(Need(f"n{i}", d) if isinstance(d, str) else d for i, d in enumerate(needs)))
    return Situation(sid, service, person(**person_kw), requested, outcome, opened, closed, assessments=(a,))


MERE = Actor("mere", "Mère", False, "informal", exhaustion=1)


@pytest.mark.parametrize("age,band", [(0, "0-11"), (11, "0-11"), (12, "12-17"), (17, "12-17"), (18, "18-23"),
                                      (23, "18-23"), (24, "24-64"), (64, "24-64"), (65, "65+"), (None, None)])
def test_age_bands(age, band):
    assert age_band(age) == band


def test_period_overlap_service_region_band():
    old_refusal = situation("A", outcome="refused_saturation", opened=None, requested=D(2018, 12, 20))
    long_open = situation("B", requested=D(2017, 1, 5), opened=D(2017, 1, 9))
    closed_before = situation("C", requested=D(2017, 1, 5), opened=D(2017, 1, 9), closed=D(2018, 12, 31),
                              outcome="closed_stabilised")
    requested_after = situation("D", requested=D(2020, 1, 2), opened=D(2020, 1, 2))
    namur_teen = situation("E", region="namur", age=15, service="kirikou-cm")
    f = Filters(date_from=D(2019, 1, 1), date_to=D(2019, 12, 31))
    sits = [old_refusal, long_open, closed_before, requested_after, namur_teen]
    assert [s.id for s in select(sits, f)] == ["B", "E"]
    assert [s.id for s in select(sits, replace(f, region="namur"))] == ["E"]
    assert [s.id for s in select(sits, replace(f, age_band="24-64"))] == ["B"]
    assert [s.id for s in select(sits, replace(f, service="kirikou-cm"))] == ["E"]


def test_bad_filters_are_usage_errors():
    with pytest.raises(UsageError):
        Filters(age_band="10-20")
    with pytest.raises(UsageError):
        Filters(date_from=D(2020, 1, 1), date_to=D(2019, 1, 1))
    with pytest.raises(UsageError):
        aggregate("nonsense", [])


def test_directory_criteria_one_by_one():
    # 15, Brussels, mental health need: Bru-Stars only (Brusano and 107 want adults)
    assert eligible_services(situation(needs=["mental_health"], age=15)) == ["bru-stars-cm"]
    # 40, homeless, substance use and mental health, expressed demand, mother not exhausted: DUNE only
    s = situation(needs=["substance_use", "mental_health"], actors=[MERE], housing="homeless")
    assert eligible_services(s) == ["dune-liaison"]
    # ... the mother marked exhausted (2): the 107 mobile team fits too (network exhausted)
    tired = replace(MERE, exhaustion=2)
    s2 = situation(needs=["substance_use", "mental_health"], actors=[tired], housing="homeless")
    assert eligible_services(s2) == ["dune-liaison", "mobile-107-precarite"]
    # ... no informal actor at all counts as an exhausted network
    s3 = situation(needs=["mental_health"], housing="badly_housed")
    assert eligible_services(s3) == ["mobile-107-precarite"]
    # substance use at home, no finances/rights need: DUNE's social-exclusion condition fails; Brusano fits
    assert eligible_services(situation(needs=["substance_use"])) == ["brusano-cm"]
    assert eligible_services(situation(needs=["substance_use", "rights_admin"])) == ["brusano-cm", "dune-liaison"]
    # unknown age fits no age condition; Namur 84-year-old: nothing (grey zone)
    assert eligible_services(situation(needs=["mental_health"], age=None)) == []
    assert eligible_services(load(DATA / "elderly-namur.json")[0]) == []
    assert eligible_services(load(DATA / "youth-brussels.json")[0]) == ["bru-stars-cm"]


def test_directory_uses_active_needs_of_the_assessment_in_force():
    met = Need("mh", "mental_health", status="met")
    assert eligible_services(situation(needs=[met], age=15)) == []
    later = Assessment(D(2019, 9, 1), needs=(Need("mh", "mental_health"),))
    s = situation(needs=[met], age=15)
    s = replace(s, assessments=(*s.assessments, later))
    assert eligible_services(s) == ["bru-stars-cm"]
    assert eligible_services(s, at=D(2019, 6, 30)) == []


def test_every_table_has_exactly_the_spec_columns():
    sits = load(YEARLY)
    f = Filters(date_from=D(2019, 1, 1), date_to=D(2019, 12, 31))
    for name, table in TABLES.items():
        out = aggregate(name, sits, filters=f)
        assert tuple(out.columns) == table.columns, name
        assert len(out) > 0 or name == "siloed", name  # no sector is siloed in the Kirikou networks


def test_measures_are_those_of_the_latest_assessment_before_the_period_end(capsys):
    # judged at 30 June 2019: closed after June (K05 K06 K11 K12 K13 K14 K25 K26 K27) still show their
    # opening network, where schooling is uncovered; K01 K02 K03 K04 K10 closed before with it covered
    assert main(["aggregate", "--codes", "needs", str(YEARLY), "--from", "2019-01-01", "--to", "2019-06-30", "--k", "0",
                 "--format", "json"]) == 0
    rows = {r["domain"]: r for r in json.loads(capsys.readouterr().out)}
    # measured by 30 June: K01-K14 and K25-K27 (K15 opens on 1 July) -> 17, all with schooling uncovered at opening
    assert rows["schooling"]["situations"] == 17
    assert rows["schooling"]["uncovered_latest"] == 17 - 5
    assert rows["schooling"]["uncovered_first"] == 17


def test_fragility_levels_add_up_to_key_figures_situations():
    """One population: the levels of the followed situations add up to ``situations`` of key_figures (k = 0);
    published, each is perturbed on its own (a level of 3 is "<5"), shares are of the perturbed total."""
    import pandas as pd

    from netmap.aggregate.cellkey import CellKeys, perturb

    m = pd.DataFrame({"situation": [f"S{i}" for i in range(12)], "assessment": [D(2019, 1, 1)] * 12,
                      "flag_codes": [["SOLE_PROVIDER"]] * 12, "fragility": ["low"] * 9 + ["high"] * 3,
                      "ready": [True] * 12, "coverage": [0.5] * 12, "exhausted_actors": [[]] * 12,
                      "uncovered_needs": [[]] * 12})
    # 12 followed, plus a request refused in 2019 (never opened) and one closed in 2018
    sits = [situation(f"S{i}", opened=D(2019, 1, 1)) for i in range(12)]
    sits += [situation("R1", outcome="refused_saturation", opened=None),
             situation("C1", requested=D(2018, 1, 1), opened=D(2018, 1, 1), closed=D(2018, 6, 1),
                       outcome="closed_stabilised")]
    f = Filters(date_from=D(2019, 1, 1), date_to=D(2019, 12, 31))
    frag = aggregate("fragility", sits, m, filters=f, k=0)
    levels = frag[frag["code"].str.startswith("level:")]
    assert levels["situations"].tolist() == [3, 0, 9, 0]
    assert aggregate("key_figures", sits, m, filters=f, k=0)["situations"].tolist() == [12]
    keys = CellKeys(bytes(32))
    pub = aggregate("fragility", sits, m, filters=f, k=5, cell_keys=keys).set_index("code")
    high = perturb(3, keys.cell_key({"S9", "S10", "S11"}))
    assert 1 <= high <= 5
    if high < 5:
        assert pub.loc["level:high", "situations"] == "<5" and pub.loc["level:high", "share"] == "x"
    else:  # 3 moved to 5: published as 5, with its share
        assert pub.loc["level:high", "situations"] == 5
    low = perturb(9, keys.cell_key({f"S{i}" for i in range(9)}))
    total = perturb(12, keys.cell_key({f"S{i}" for i in range(12)}))
    assert pub.loc["level:low", "situations"] == low and pub.loc["level:low", "share"] == round(low / total, 4)
    # the same 12 situations are the key figures' population: the same published count
    assert aggregate("key_figures", sits, m, filters=f, k=5, cell_keys=keys)["situations"].tolist() == [total]


def test_cli_usage_errors(capsys, tmp_path):
    assert main(["aggregate", "--codes", "cohort", str(YEARLY), "--format", "xlsx"]) == 2
    assert "une sortie xlsx demande -o" in capsys.readouterr().err
    assert main(["aggregate", "--codes", "cohort", str(YEARLY), "--detail", "--k", "0"]) == 2
    assert "ne vaut que pour le tableau greyzones" in capsys.readouterr().err
    assert main(["aggregate", "--codes", "cohort", str(YEARLY), "--k", "-1"]) == 2


def test_no_situation_gives_empty_tables_with_their_columns():
    from netmap.measures import measure_table

    f = Filters(date_from=D(2019, 1, 1), date_to=D(2019, 3, 31), service="kirikou-cm")
    for name, table in TABLES.items():
        out = aggregate(name, [], measure_table([]), filters=f)
        assert tuple(out.columns) == table.columns, name
    caseload = aggregate("caseload", [], filters=f)
    assert caseload["active"].tolist() == [0, 0, 0] and caseload["capacity"].tolist() == [14, 14, 14]
    meetings = aggregate("meetings", [], filters=f)
    assert meetings["month"].tolist() == ["2019-01", "2019-02", "2019-03", "total"]
    assert meetings["meetings"].tolist() == [0, 0, 0, 0]


def test_store_path_reads_the_cached_measure_table(tmp_path, capsys):
    from netmap.store import open_store

    url = f"sqlite:///{tmp_path / 'service.db'}"
    with open_store(url) as store:
        store.import_situations(load(YEARLY))
    args = ["aggregate", "--codes", "needs", url, "--from", "2019-01-01", "--to", "2019-12-31", "--k", "0", "--format", "json"]
    assert main(args) == 0
    first = json.loads(capsys.readouterr().out)
    with open_store(url, create=False) as store:
        assert store.info()  # the store is still readable
        cached = store.execute("SELECT count(*) FROM measure_cache")[0][0]
        compact = store.execute("SELECT count(*) FROM compact_measures")[0][0]
    # the store path reads the compact tables, which hold the measure rows of every stored assessment
    # (41: the 39 of the 26 situations of 2019 and the 2 of the situations of other years)
    assert cached == compact == 41
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out) == first
    assert next(r for r in first if r["domain"] == "schooling")["uncovered_latest"] == 7


def test_light_names_match_the_tables():
    """The CLI reads table names without importing pandas; they must be the tables that exist."""
    from netmap.aggregate import TABLES
    from netmap.aggregate.names import TABLE_NAMES

    assert TABLE_NAMES == tuple(TABLES)


def test_cli_start_up_does_not_import_pandas():
    import subprocess
    import sys

    code = "import sys; from netmap.cli import build_parser; build_parser(); print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_lazy_package_exports_what_tables_defines():
    import netmap.aggregate as package
    import netmap.aggregate.tables as tables

    assert package.__all__ == tables.__all__
    assert package.aggregate is tables.aggregate
