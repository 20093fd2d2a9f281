"""egor's three tables: written as egor() takes them, read back (netmap's own and other tools' files).

pandas stands in for R's read.csv (egor itself is an R package: not installable in CI);
the checks are egor()'s own expectations: a shared ego id column, alter ids unique
within an ego, and every tie's Source and Target among the alters of its ego.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from netmap.cli import main
from netmap.errors import ValidationError
from netmap.io import detect_format, load
from netmap.io.canonical import situation_to_dict
from netmap.io.egor import read_egor, write_egor
from netmap.measures import measures
from netmap.taxonomy import DATA_DIR


@pytest.fixture(scope="module")
def demo():
    return load(DATA_DIR / "demo")


def _read(folder, name):
    return pd.read_csv(folder / name, na_values=["", "NA"], keep_default_na=False, dtype=str)


def test_tables_follow_egor_conventions(demo, tmp_path):
    write_egor(demo, tmp_path)
    egos, alters, aaties, needs = (_read(tmp_path, f"{n}.csv") for n in ("egos", "alters", "aaties", "needs"))
    assert list(egos.columns[:1]) == ["egoID"] and list(alters.columns[:2]) == ["egoID", "alterID"]
    assert list(aaties.columns[:3]) == ["egoID", "Source", "Target"] and list(needs.columns[:2]) == ["egoID", "needID"]
    assert egos["egoID"].is_unique and len(egos) == len(demo)
    assert not alters.duplicated(["egoID", "alterID"]).any()
    alter_keys = set(zip(alters["egoID"], alters["alterID"], strict=True))
    for ego, src, tgt in zip(aaties["egoID"], aaties["Source"], aaties["Target"], strict=True):
        assert (ego, src) in alter_keys and (ego, tgt) in alter_keys
    assert set(alters["egoID"]) <= set(egos["egoID"])
    # one ego per situation, with the alters of its latest assessment
    expected = sum(len(s.assessment_at().actors) for s in demo if s.assessment_at())
    assert len(alters) == expected
    assert set(alters["formal"]) == {"TRUE", "FALSE"}  # R's logicals


def test_round_trip_gives_the_same_situations_actors_ties_and_needs(demo, tmp_path):
    write_egor(demo, tmp_path)
    assert detect_format(tmp_path) == "egor"
    back = {s.id: s for s in load(tmp_path)}
    assert list(back) == [s.id for s in demo]
    for s in demo:
        b = back[s.id]
        a, ab = s.assessment_at(), b.assessment_at()
        d, db = situation_to_dict(s), situation_to_dict(b)
        for key in ("service", "requested", "opened", "closed", "outcome", "person"):
            assert d[key] == db[key], (s.id, key)
        if a is None:
            assert ab is None
            continue
        assert (ab.date, ab.label) == (a.date, a.label)
        assert ab.actors == a.actors and ab.ties == a.ties and ab.needs == a.needs
        assert measures(ab) == measures(a), s.id


def test_at_writes_the_assessment_in_force(data_dir, tmp_path):
    youth = load(data_dir / "youth-brussels.json")
    write_egor(youth, tmp_path, at=dt.date(2024, 3, 1))
    alters = _read(tmp_path, "alters.csv")
    assert list(alters["alterID"]) == ["cm", "mere", "pere", "pedopsy", "pms", "ecole", "saj", "mg"]
    assert _read(tmp_path, "egos.csv")["assessment"].tolist() == ["2024-01-22"]
    # cm covered n5 at opening; the need file says so too
    assert alters.set_index("alterID").loc["cm", "covers"] == "n5"
    assert _read(tmp_path, "needs.csv").set_index("needID").loc["n5", "covered_by"] == "mere;cm"


# --- files netmap did not write ---------------------------------------------------------------

EGOS = """.egoID;service;requested;opened;closed;outcome;age;region;housing;insured;demand;consent
E1;bru-stars-cm;2024-01-10;2024-01-20;NA;open;NA;bruxelles;own_home;TRUE;expressed;given
"""
# as egor's as_tibble(e$alter) written by R's write.csv2: egor's own id names, NA, a row-name column
ALTERS = """"";".altID";".egoID";"label";"formal";"sector";"exhaustion";"case_manager";"covers"
"1";"cm";"E1";"Case manager";TRUE;"mental_health";NA;TRUE;NA
"2";"sis";"E1";"Sœur";FALSE;"informal";2;FALSE;"n1"
"3";"gp";"E1";"Médecin";TRUE;"primary_care";NA;FALSE;"n1"
"""
AATIES = """.egoID;.srcID;.tgtID;kind
E1;cm;gp;coordination
E1;gp;sis;support
"""
NEEDS = """egoID;needID;domain;severity
E1;n1;mental_health;3
"""


def _foreign(tmp_path, alters=ALTERS, needs=NEEDS):
    for name, text in (("egos.csv", EGOS), ("alters.csv", alters), ("aaties.csv", AATIES), ("needs.csv", needs)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_reads_egor_export_names_na_and_semicolons(tmp_path):
    (s,) = read_egor(_foreign(tmp_path))
    assert (s.id, s.service, s.outcome, s.person.age, s.person.insured) == ("E1", "bru-stars-cm", "open", None, True)
    (a,) = s.assessments
    assert a.date == dt.date(2024, 1, 20)  # no assessment column: the opening date
    assert [(x.id, x.formal, x.sector, x.exhaustion, x.case_manager) for x in a.actors] == [
        ("cm", True, "mental_health", None, True), ("sis", False, "informal", 2, False),
        ("gp", True, "primary_care", None, False)]
    assert [(t.a, t.b, t.kind, t.strength) for t in a.ties] == [("cm", "gp", "coordination", "normal"),
                                                                  ("gp", "sis", "support", "normal")]
    # needs.csv has no covered_by: the alters' covers say who covers n1
    assert [(n.id, n.domain, n.severity, n.covered_by) for n in a.needs] == [("n1", "mental_health", 3, ("sis", "gp"))]


def test_a_column_netmap_cannot_guess_is_named_then_mapped(tmp_path):
    folder = _foreign(tmp_path, alters=ALTERS.replace('"sector"', '"secteur"'))
    with pytest.raises(ValidationError) as err:
        read_egor(folder)
    (p,) = err.value.problems
    assert p.file.endswith("alters.csv") and p.place == "row 1" and "sector" in p.expected
    assert "--column sector=HEADER" in p.expected
    (s,) = read_egor(folder, columns={"sector": "secteur"})
    assert s.assessments[0].actors[1].sector == "informal"


def test_missing_and_wrong_values_are_named_by_file_row_and_column_without_the_value(tmp_path):
    bad = ALTERS.replace('"Sœur";FALSE;"informal";2', '"Sœur";FALSE;"informal";9').replace(
        '"3";"gp";"E1";"Médecin";TRUE;"primary_care"', '"3";"gp";"E1";"";TRUE;"primary_care"')
    bad += '"4";"x";"E9";"Voisine Dupont";FALSE;"informal";NA;FALSE;NA\n'
    bad += '"5";"y";"";"Voisin";FALSE;"informal";NA;FALSE;NA\n'
    with pytest.raises(ValidationError) as err:
        read_egor(_foreign(tmp_path, alters=bad))
    found = sorted((p.file.rsplit("/", 1)[-1], p.place) for p in err.value.problems)
    assert found == [("alters.csv", "row 3, column exhaustion"), ("alters.csv", "row 4, column label"),
                     ("alters.csv", "row 5, column .egoID"), ("alters.csv", "row 6, column .egoID")]
    text = err.value.text("en")
    assert "Voisine Dupont" not in text and "Sœur" not in text and "E9" not in text


def test_a_tie_to_an_unknown_alter_is_named_at_its_target_cell(tmp_path):
    folder = _foreign(tmp_path)
    (folder / "aaties.csv").write_text(AATIES.replace("E1;gp;sis;support", "E1;gp;sister;support"), encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        read_egor(folder)
    assert [(p.file.rsplit("/", 1)[-1], p.place) for p in err.value.problems] == [
        ("aaties.csv", "row 3, column .tgtID")]


def test_a_missing_required_column_is_named_on_each_row(tmp_path):
    folder = _foreign(tmp_path)
    (folder / "egos.csv").write_text(EGOS.replace(";closed", "").replace(";NA;open", ";open"), encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        read_egor(folder)
    assert [(p.file.rsplit("/", 1)[-1], p.place) for p in err.value.problems] == [
        ("egos.csv", "row 2, column closed (not in the file)")]


def test_covers_without_needs_file_is_an_error(tmp_path):
    folder = _foreign(tmp_path)
    (folder / "needs.csv").unlink()
    with pytest.raises(ValidationError) as err:
        read_egor(folder)
    assert {p.place for p in err.value.problems} == {"row 3, column covers", "row 4, column covers"}
    assert all("needs.csv" in p.expected for p in err.value.problems)


def test_convert_cli_both_ways_with_a_column_mapping(data_dir, tmp_path, capsys):
    out = tmp_path / "egor"
    assert main(["convert", str(data_dir / "youth-brussels.json"), str(out), "--format", "egor"]) == 0
    alters = (out / "alters.csv").read_text(encoding="utf-8").replace(",sector,", ",secteur,", 1)
    (out / "alters.csv").write_text(alters, encoding="utf-8")
    assert main(["convert", str(out), str(tmp_path / "back"), "--lang", "en"]) == 1
    assert "alters.csv: row 1: expected a column for the field sector" in capsys.readouterr().err
    assert main(["convert", str(out), str(tmp_path / "back"), "--column", "sector=secteur"]) == 0
    (back,) = load(tmp_path / "back")
    youth = load(data_dir / "youth-brussels.json")[0]
    assert back.assessments[-1].actors == youth.assessments[-1].actors
    assert main(["convert", str(data_dir), str(tmp_path / "x"), "--column", "sector=secteur"]) == 2


def test_oversized_tables_are_refused_before_parsing(tmp_path, monkeypatch):
    import netmap.io.egor as egor

    folder = _foreign(tmp_path)
    monkeypatch.setattr(egor, "MAX_ROWS", 2)
    with pytest.raises(ValidationError) as err:
        read_egor(folder)
    assert [(p.file.rsplit("/", 1)[-1], p.expected) for p in err.value.problems] == [
        ("alters.csv", "expected at most 200,000 rows")]
    monkeypatch.setattr(egor, "MAX_BYTES", 100)
    with pytest.raises(ValidationError) as err:
        read_egor(folder)
    assert {p.file.rsplit("/", 1)[-1] for p in err.value.problems} == {"egos.csv", "alters.csv"}
