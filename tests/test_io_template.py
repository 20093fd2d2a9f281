"""The entry template: French headers, drop-down lists, instructions; a filled template reads back."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from netmap.errors import ValidationError
from netmap.io.excel import read_xlsx
from netmap.io.json_files import read_json
from netmap.io.template import write_template

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    from netmap.cli import main

    path = tmp_path_factory.mktemp("tpl") / "modele.xlsx"
    assert main(["template", "-o", str(path)]) == 0
    return path


def test_sheets_and_french_headers(template):
    wb = load_workbook(template)
    assert wb.sheetnames == ["instructions", "situations", "actors", "ties", "needs", "actions", "meetings",
                             "funding", "assessments", "requesters", "listes"]
    assert wb["listes"].sheet_state == "hidden"
    headers = {ws.title: [c.value for c in ws[1]] for ws in wb.worksheets[1:-1]}
    # headers written in the spec's column order, French names from the template's vocabulary
    assert headers["situations"] == ["situation", "service", "date de demande", "date d'ouverture", "date de clôture",
                                     "issue", "âge", "genre", "région", "logement", "en ordre de mutuelle", "langues",
                                     "demande", "consentement"]
    assert headers["ties"] == ["situation", "évaluation", "acteur a", "acteur b", "type de lien", "force"]
    assert headers["needs"][:6] == ["situation", "évaluation", "id besoin", "domaine", "sévérité", "statut"]
    for title in headers:
        ws = wb[title]
        assert ws.max_row == 1  # empty
        assert ws.freeze_panes == "A2" and all(c.font.b for c in ws[1])
        assert all(ws.column_dimensions[c.column_letter].width >= 10 for c in ws[1])


def _lists(wb) -> dict[str, list]:
    ws = wb["listes"]
    cols = {}
    for col in ws.iter_cols():
        cols[col[0].column_letter] = [c.value for c in col[1:] if c.value is not None]
    return cols


def _validation_for(wb, sheet: str, header: str) -> list:
    ws = wb[sheet]
    letter = next(c.column_letter for c in ws[1] if c.value == header)
    lists = _lists(wb)
    found = [dv for dv in ws.data_validations.dataValidation if str(dv.sqref) == f"{letter}2:{letter}1048576"]
    assert len(found) == 1, f"{sheet}/{header}: one drop-down list expected"
    assert found[0].type == "list" and found[0].allow_blank
    list_letter = found[0].formula1.split("!$")[1].split("$")[0]
    return lists[list_letter]


def test_drop_down_lists_hold_french_labels(template):
    wb = load_workbook(template)
    sectors = _validation_for(wb, "actors", "secteur")
    assert len(sectors) == 16 and "Santé mentale" in sectors and "Entourage informel" in sectors
    assert "mental_health" not in sectors  # labels, never raw codes
    assert len(_validation_for(wb, "needs", "domaine")) == 18
    assert _validation_for(wb, "actors", "épuisement") == [0, 1, 2, 3]
    assert _validation_for(wb, "needs", "sévérité") == [1, 2, 3]
    assert _validation_for(wb, "actors", "formel") == ["oui", "non"]
    assert _validation_for(wb, "situations", "issue")[0] == "En attente" and len(
        _validation_for(wb, "situations", "issue")) == 8
    # every enum and code of the format has its list
    for sheet, header, n in [("situations", "logement", 6), ("situations", "demande", 3),
                             ("situations", "consentement", 4), ("situations", "en ordre de mutuelle", 2),
                             ("actors", "mandat", 3), ("actors", "lien à la personne", 4), ("actors", "actif", 2),
                             ("actors", "case manager", 2), ("actors", "référent", 2), ("ties", "type de lien", 4),
                             ("ties", "force", 3), ("needs", "statut", 3), ("needs", "prioritaire", 2),
                             ("actions", "statut", 3), ("meetings", "type de réunion", 4), ("funding", "statut", 4),
                             ("requesters", "type de demandeur", 3), ("requesters", "secteur", 16)]:
        assert len(_validation_for(wb, sheet, header)) == n, (sheet, header)


def test_instructions_explain_sheets_columns_and_codes(template):
    ws = load_workbook(template)["instructions"]
    text = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    flat = " ".join(str(c) for row in text for c in row if c is not None)
    assert "AAAA-MM-JJ" in flat and "pseudonymes" in flat
    described = {(r[0], r[1]) for r in text if r[0] and r[1]}
    assert ("actors", "épuisement") in described and ("needs", "couvert par") in described
    assert ("Secteurs", "Santé mentale") in described and ("Domaines de besoins", "Scolarité") in described
    assert ("Épuisement", "Tension marquée") in described


def test_english_template(tmp_path):
    path = write_template(tmp_path / "t.xlsx", lang="en")
    wb = load_workbook(path)
    assert [c.value for c in wb["ties"][1]] == ["situation", "assessment", "a", "b", "kind", "strength"]
    assert "Mental health" in _validation_for(wb, "actors", "sector")
    assert _validation_for(wb, "actors", "formal") == ["yes", "no"]


def test_filled_template_reads_back(template, tmp_path):
    wb = load_workbook(template)
    wb["situations"].append(["BXL-1", "brusano-cm", "2024-03-04", "2024-03-11", None, "En cours", 84, None,
                             "bruxelles", "Chez soi", "oui", "fr", "Exprimée", "Donné"])
    wb["actors"].append(["BXL-1", None, "fils", "Fils", "non", "Entourage informel", None, None, None, 3, None,
                         "non", "non", "Fort", "oui"])
    wb["actors"].append(["BXL-1", None, "mg", "Médecin traitant", "oui", "Soins de première ligne"])
    wb["ties"].append(["BXL-1", None, "fils", "mg", "Information", "Ténu"])
    wb["needs"].append(["BXL-1", None, "sante", "Santé physique", 3, "Actif", "mg;fils", "oui", "Rester chez moi"])
    wb["actions"].append(["BXL-1", None, "p1", "Passage infirmier", "mg", "sante", "2024-04-01", "À faire"])
    wb["meetings"].append(["BXL-1", "2024-03-20", "Concertation", "person;fils;mg"])
    wb["funding"].append(["BXL-1", "2024-03-21", "Criseflex", 300, None, "En attente"])
    wb["assessments"].append(["BXL-1", None, "ouverture"])
    wb["requesters"].append(["BXL-1", "Un·e proche", None, None])
    filled = tmp_path / "rempli.xlsx"
    wb.save(filled)
    (s,) = read_xlsx(filled)
    (a,) = s.assessments
    assert (s.id, s.outcome, s.person.housing, s.person.insured) == ("BXL-1", "open", "own_home", True)
    assert a.label == "ouverture" and str(a.date) == "2024-03-11"
    fils = a.actor("fils")
    assert (fils.formal, fils.exhaustion, fils.tie_to_person, fils.active) == (False, 3, "strong", True)
    assert a.actor("mg").sector == "primary_care"
    assert (a.ties[0].kind, a.ties[0].strength) == ("information", "tenuous")
    need = a.need("sante")
    assert (need.domain, need.severity, need.covered_by, need.priority) == ("physical_health", 3, ("mg", "fils"), True)
    assert a.actions[0].status == "todo" and str(a.actions[0].due) == "2024-04-01"
    assert s.meetings[0].kind == "concertation" and s.funding[0].status == "pending"
    assert s.requesters[0].type == "relative"


def test_filled_template_with_a_mistake_names_french_header(template, tmp_path):
    wb = load_workbook(template)
    wb["situations"].append(["BXL-1", "brusano-cm", "2024-03-04", "2024-03-11", None, "En cours", 84, None,
                             "bruxelles", "Chez soi", "oui", "fr", "Exprimée", "Donné"])
    wb["actors"].append(["BXL-1", None, "fils", "Fils", "non", "Entourage informel", None, None, None, 7])
    wb.save(tmp_path / "faux.xlsx")
    with pytest.raises(ValidationError) as info:
        read_xlsx(tmp_path / "faux.xlsx")
    assert [p.place for p in info.value.problems] == ["sheet actors, row 2, column J (épuisement)"]


def test_prefilled_template_round_trips(tmp_path):
    sits = read_json(DATA / "youth-brussels.json")
    path = write_template(tmp_path / "pre.xlsx", situations=sits)
    assert read_xlsx(path) == sits


def test_template_command_refuses_other_extensions(tmp_path, capsys):
    from netmap.cli import main

    assert main(["template", "-o", str(tmp_path / "t.csv")]) == 2
    assert ".xlsx" in capsys.readouterr().err
