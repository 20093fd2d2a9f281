"""CSV folders: JSON → CSV → JSON gives back equal situations; `,` or `;`, BOM, formula-safe text."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from netmap.errors import ValidationError
from netmap.io import load, save
from netmap.io.canonical import situation_from_dict
from netmap.io.csv_folder import read_csv_folder, write_csv_folder
from netmap.io.json_files import read_json

DATA = Path(__file__).parent / "data"
SPEC_FILES = ["situations", "actors", "ties", "needs", "actions", "meetings", "funding"]


def examples():
    return read_json(DATA / "youth-brussels.json") + read_json(DATA / "elderly-namur.json")


def tricky():
    """Nulls, empty lists, two assessments (one empty, labelled), formula-like and accented text."""
    return situation_from_dict({
        "format": "netmap/1", "id": "T-1", "service": "bru-stars-cm",
        "person": {"age": None, "gender": None, "region": "liege", "housing": "institution", "insured": None,
                   "languages": [], "demand": "unknown", "consent": "refused"},
        "requested": "2024-02-01", "opened": "2024-02-05", "closed": None, "outcome": "open",
        "requesters": [{"type": "relative", "sector": None, "organisation": "-Grand-mère"}],
        "assessments": [
            {"date": "2024-02-05", "label": "=ouverture", "actors": [], "ties": [], "needs": [], "actions": []},
            {"date": "2024-03-05", "label": None, "actors": [
                {"id": "educ", "label": "Éducateur; « SAJ », \"cité\"", "formal": True, "sector": "youth_family"}],
             "ties": [], "needs": [{"id": "n1", "domain": "schooling", "covered_by": ["educ"],
                                    "goal": "@retour à l'école\r\nen septembre"}],
             "actions": []},
        ],
        "meetings": [{"date": "2024-03-05", "kind": "pre_concertation", "attendees": ["educ", "person"]}],
        "funding": [{"date": "2024-03-06", "fund": "Fonds d'urgence", "requested_eur": 99.99, "granted_eur": 1e-05,  # written 1e-05 by repr()
                     "status": "redirected"}],
    })


@pytest.mark.parametrize(("delimiter", "bom", "lang"), [(",", False, None), (";", True, "fr"), (",", True, "en")])
def test_round_trip(tmp_path, delimiter, bom, lang):
    sits = examples() + [tricky()]
    write_csv_folder(sits, tmp_path / "out", delimiter=delimiter, bom=bom, lang=lang)
    assert read_csv_folder(tmp_path / "out") == sits


def test_load_and_save_dispatch_to_csv(tmp_path):
    sits = examples() + [tricky()]
    save(sits, tmp_path / "folder", "csv")
    assert sorted(p.name for p in (tmp_path / "folder").iterdir()) == sorted(
        f"{n}.csv" for n in (*SPEC_FILES, "assessments", "requesters"))
    assert load(tmp_path / "folder") == sits


def test_written_text_is_utf8_canonical_and_formula_safe(tmp_path):
    write_csv_folder([tricky()], tmp_path)
    raw = (tmp_path / "assessments.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # no BOM unless asked
    rows = list(csv.reader((tmp_path / "assessments.csv").open(encoding="utf-8", newline="")))
    assert rows == [["situation", "date", "label"], ["T-1", "2024-02-05", "'=ouverture"], ["T-1", "2024-03-05", ""]]
    needs = list(csv.reader((tmp_path / "needs.csv").open(encoding="utf-8", newline="")))
    assert needs[1] == ["T-1", "2024-03-05", "n1", "schooling", "2", "active", "educ", "false",
                        "'@retour à l'école\r\nen septembre"]
    requesters = list(csv.reader((tmp_path / "requesters.csv").open(encoding="utf-8", newline="")))
    assert requesters[1] == ["T-1", "relative", "", "'-Grand-mère"]


def test_semicolon_file_with_bom_from_belgian_excel(tmp_path):
    write_csv_folder(examples(), tmp_path)
    # what Excel (Belgian locale) saves: `;`, BOM, French headers, dd/mm/yyyy dates
    text = ("\ufeffsituation;service;date de demande;date d'ouverture;date de clôture;issue;âge;région;logement;"
            "en ordre de mutuelle;langues;demande;consentement\r\n"
            "EX-YOUTH-01;bru-stars-cm;08/01/2024;22/01/2024;;En cours;15;bruxelles;En famille;VRAI;fr;"
            "Exprimée;Donné\r\n"
            "EX-ELDER-01;brusano-cm;04/03/2024;11/03/2024;;open;84;namur;own_home;oui;fr;expressed;given\r\n")
    (tmp_path / "situations.csv").write_bytes(text.encode("utf-8"))
    back = {s.id: s for s in read_csv_folder(tmp_path)}
    expected = {s.id: s for s in examples()}
    # the genders are not in the typed file (no column): null; everything else as in the JSON
    assert back["EX-YOUTH-01"].person.gender is None
    from dataclasses import replace
    assert {k: replace(v, person=replace(v.person, gender=None)) for k, v in expected.items()} == back


def test_problem_names_file_row_and_column(tmp_path):
    write_csv_folder(examples(), tmp_path)
    rows = list(csv.reader((tmp_path / "ties.csv").open(encoding="utf-8", newline="")))
    rows[3][3] = "fantome-xyz"  # row 4 as a spreadsheet shows it, column b
    with (tmp_path / "ties.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    with pytest.raises(ValidationError) as info:
        read_csv_folder(tmp_path)
    assert [(p.file, p.place) for p in info.value.problems] == [(str(tmp_path / "ties.csv"), "row 4, column b")]
    assert "fantome-xyz" not in str(info.value)


def test_missing_file_and_non_utf8_file(tmp_path):
    write_csv_folder(examples(), tmp_path)
    (tmp_path / "meetings.csv").unlink()
    (tmp_path / "needs.csv").write_bytes("situation,assessment,id,domain\nEX-YOUTH-01,,n1,santé\n".encode("latin-1"))
    with pytest.raises(ValidationError) as info:
        read_csv_folder(tmp_path)
    got = {(Path(p.file).name, p.place): p.expected for p in info.value.problems}
    assert set(got) == {("meetings.csv", ""), ("needs.csv", "")}
    assert "UTF-8" in got[("needs.csv", "")]


def test_same_table_twice(tmp_path):
    write_csv_folder(examples(), tmp_path)
    (tmp_path / "acteurs.csv").write_text((tmp_path / "actors.csv").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        read_csv_folder(tmp_path)
    assert [Path(p.file).name for p in info.value.problems] == ["actors.csv"]
    assert "one file for the table actors" in info.value.problems[0].expected


def test_french_csv_uses_french_words(tmp_path):
    write_csv_folder(read_json(DATA / "elderly-namur.json"), tmp_path, lang="fr", delimiter=";")
    rows = list(csv.reader((tmp_path / "actors.csv").open(encoding="utf-8", newline=""), delimiter=";"))
    header = rows[0]
    first = dict(zip(header, rows[1], strict=True))
    # the first actor of elderly-namur.json: {"id": "fils", "formal": false, "sector": "informal", "tie_to_person": "strong"}
    assert (first["id acteur"], first["formel"], first["secteur"], first["lien à la personne"], first["actif"]) == (
        "fils", "non", "Entourage informel", "Fort", "oui")
