"""Mistakes a case manager makes in a workbook: each is rejected, named by sheet, row and column.

Every workbook here is built cell by cell, so the expected place (sheet, row as the user
sees it with the header on row 1, column letter and header) is read off the table below,
not taken from the code. Messages must never repeat the offending value: the values
used are distinctive so that their absence can be asserted.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from openpyxl import Workbook

from netmap.errors import ValidationError
from netmap.io.excel import read_xlsx

SECRET = "Zorglub-Secret"  # a distinctive label: no message may contain it

# A valid dataset, one situation, canonical headers (columns are lettered A, B, C…).
BASE = {
    "situations": [
        ["situation", "service", "requested", "opened", "closed", "outcome", "age", "gender", "region", "housing",
         "insured", "languages", "demand", "consent"],
        ["S1", "brusano-cm", "2024-03-04", "2024-03-11", None, "open", 84, "f", "namur", "own_home", True, "fr",
         "expressed", "given"],
    ],
    # A situation, B assessment, C id, D label, E formal, F sector, G exhaustion
    "actors": [
        ["situation", "assessment", "id", "label", "formal", "sector", "exhaustion"],
        ["S1", None, "fils", SECRET, False, "informal", 3],
        ["S1", None, "mg", "Médecin traitant", True, "primary_care", None],
        ["S1", None, "infi", "Infirmière", True, "home_care", 1],
    ],
    # A situation, B assessment, C a, D b, E kind
    "ties": [
        ["situation", "assessment", "a", "b", "kind"],
        ["S1", None, "fils", "mg", "information"],
        ["S1", None, "mg", "infi", "coordination"],
    ],
    # A situation, B assessment, C id, D domain, E covered_by
    "needs": [
        ["situation", "assessment", "id", "domain", "covered_by"],
        ["S1", None, "sante", "physical_health", "mg;infi"],
        ["S1", None, "repas", "instrumental_adl", "fils"],
    ],
    "actions": [["situation", "assessment", "id", "what", "owner", "status"]],
    "meetings": [["situation", "date", "kind", "attendees"]],
    "funding": [["situation", "date", "fund", "requested_eur", "status"]],
}


def workbook(tmp_path: Path, sheets: dict, name: str = "book.xlsx") -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    path = tmp_path / name
    wb.save(path)
    return path


def problems_of(path: Path) -> list:
    with pytest.raises(ValidationError) as info:
        read_xlsx(path)
    return info.value.problems


def edited(**changes) -> dict:
    """BASE with cells replaced: changes map 'sheet' to {(row, column index): value}."""
    sheets = copy.deepcopy(BASE)
    for sheet, cells in changes.items():
        for (row, col), value in cells.items():
            sheets[sheet][row - 1][col] = value
    return sheets


def places(problems) -> list[str]:
    return [p.place for p in problems]


def assert_silent(problems, *values) -> None:
    text = "\n".join(str(p) for p in problems)
    for v in (SECRET, *values):
        assert str(v) not in text


def test_base_workbook_is_valid(tmp_path):
    sits = read_xlsx(workbook(tmp_path, BASE))
    assert [s.id for s in sits] == ["S1"]
    a = sits[0].assessments[0]
    # blank assessment cells: the single assessment, dated `opened`
    assert str(a.date) == "2024-03-11"
    assert [x.id for x in a.actors] == ["fils", "mg", "infi"]
    assert a.need("sante").covered_by == ("mg", "infi")


def test_tie_to_an_actor_that_does_not_exist(tmp_path):
    path = workbook(tmp_path, edited(ties={(2, 3): "fantome-xyz"}))
    probs = problems_of(path)
    assert places(probs) == ["sheet ties, row 2, column D (b)"]
    assert "id of an actor" in probs[0].expected
    assert probs[0].file == str(path)
    assert_silent(probs, "fantome-xyz")


def test_duplicate_actor_id(tmp_path):
    probs = problems_of(workbook(tmp_path, edited(actors={(4, 2): "mg"})))
    # row 4 repeats row 3's id; ties and needs still find "mg", the lost "infi" is reported where used
    assert places(probs) == [
        "sheet actors, row 4, column C (id)",
        "sheet ties, row 3, column D (b)",
        "sheet needs, row 2, column E (covered_by), item 2",
    ]
    assert "unique actor id" in probs[0].expected and "sheet actors, row 3" in probs[0].expected


def test_unknown_sector(tmp_path):
    probs = problems_of(workbook(tmp_path, edited(actors={(3, 5): "Astrologie-Secrète"})))
    assert places(probs) == ["sheet actors, row 3, column F (sector)"]
    assert "sector" in probs[0].expected
    assert_silent(probs, "Astrologie")


def test_impossible_date(tmp_path):
    probs = problems_of(workbook(tmp_path, edited(situations={(2, 2): "2024-02-30"})))
    assert places(probs) == ["sheet situations, row 2, column C (requested)"]
    assert "exists in the calendar" in probs[0].expected
    assert_silent(probs, "2024-02-30", "02-30")


def test_impossible_assessment_date(tmp_path):
    probs = problems_of(workbook(tmp_path, edited(actors={(2, 1): "2024-02-30"})))
    assert "sheet actors, row 2, column B (assessment)" in places(probs)
    assert_silent(probs, "2024-02-30")


def test_closing_before_opening(tmp_path):
    probs = problems_of(workbook(tmp_path, edited(situations={(2, 4): "2024-03-01", (2, 5): "closed_stabilised"})))
    assert places(probs) == ["sheet situations, row 2, column E (closed)"]
    assert "on or after opened" in probs[0].expected


def test_need_covered_by_unknown_actor(tmp_path):
    probs = problems_of(workbook(tmp_path, edited(needs={(2, 4): "mg;inconnu-xyz"})))
    assert places(probs) == ["sheet needs, row 2, column E (covered_by), item 2"]
    assert_silent(probs, "inconnu-xyz")


def test_exhaustion_out_of_range(tmp_path):
    probs = problems_of(workbook(tmp_path, edited(actors={(2, 6): 5})))
    assert places(probs) == ["sheet actors, row 2, column G (exhaustion)"]
    assert "0 to 3" in probs[0].expected and "5" not in probs[0].expected


def test_person_used_as_actor_id(tmp_path):
    sheets = edited(actors={(3, 2): "person"}, ties={(2, 3): "person", (3, 2): "fils"}, needs={(2, 4): "infi"})
    probs = problems_of(workbook(tmp_path, sheets))
    assert places(probs) == ["sheet actors, row 3, column C (id)", "sheet ties, row 2, column D (b)"]
    assert "reserved for the person" in probs[0].expected


def test_tie_from_an_actor_to_itself(tmp_path):
    probs = problems_of(workbook(tmp_path, edited(ties={(3, 3): "mg"})))
    assert places(probs) == ["sheet ties, row 3, column D (b)"]
    assert "tied to itself" in probs[0].expected


def test_every_problem_at_once_in_sheet_order(tmp_path):
    sheets = edited(situations={(2, 6): 150}, actors={(4, 5): "nowhere"}, ties={(3, 3): "mg"})
    probs = problems_of(workbook(tmp_path, sheets))
    assert places(probs) == [
        "sheet situations, row 2, column G (age)",
        "sheet actors, row 4, column F (sector)",
        "sheet ties, row 3, column D (b)",
    ]


def test_row_of_an_unknown_situation(tmp_path):
    sheets = edited()
    sheets["needs"].append(["S-autre-xyz", None, "n9", "housing", None])
    sheets["meetings"].append([None, "2024-04-01", "concertation", "mg"])
    probs = problems_of(workbook(tmp_path, sheets))
    assert places(probs) == ["sheet needs, row 4, column A (situation)", "sheet meetings, row 2, column A (situation)"]
    assert "listed in the sheet situations" in probs[0].expected
    assert "blank" in probs[1].expected
    assert_silent(probs, "S-autre-xyz")


def test_missing_sheet(tmp_path):
    sheets = edited()
    del sheets["funding"]
    probs = problems_of(workbook(tmp_path, sheets))
    assert places(probs) == ["sheet funding"]
    assert "sheet named funding" in probs[0].expected


def test_unknown_header(tmp_path):
    sheets = edited()
    sheets["situations"][0].append("remarques")
    sheets["situations"][1].append("texte")
    probs = problems_of(workbook(tmp_path, sheets))
    assert places(probs) == ["sheet situations, row 1, column O (remarques)"]
    assert "expected a column name of this sheet" in probs[0].expected


def test_values_under_a_blank_header(tmp_path):
    sheets = edited()
    sheets["ties"][2] += [None, "note"]  # column G, no header; F left blank everywhere is fine
    probs = problems_of(workbook(tmp_path, sheets))
    assert places(probs) == ["sheet ties, row 1, column G"]


def test_blank_required_cell(tmp_path):
    probs = problems_of(workbook(tmp_path, edited(actors={(3, 3): None})))
    assert places(probs) == ["sheet actors, row 3, column D (label)"]
    assert "required" in probs[0].expected


def test_required_column_missing_is_reported_once(tmp_path):
    sheets = edited()
    for row in sheets["actors"]:
        del row[3]  # no label column at all
    probs = problems_of(workbook(tmp_path, sheets))
    assert places(probs) == ["sheet actors, row 1"]
    assert "column label (libellé)" in probs[0].expected


def test_duplicate_situation_id(tmp_path):
    sheets = edited()
    sheets["situations"].append(list(sheets["situations"][1]))
    probs = problems_of(workbook(tmp_path, sheets))
    assert places(probs) == ["sheet situations, row 3, column A (situation)"]
    assert "row 2" in probs[0].expected


def test_blank_assessment_when_there_are_several(tmp_path):
    sheets = edited(actors={(4, 1): "2024-06-01"})
    probs = problems_of(workbook(tmp_path, sheets))
    blank_rows = [p.place for p in probs if "several assessments" in p.expected]
    assert blank_rows == [f"sheet {s}, row {r}, column B (assessment)"
                          for s, r in (("actors", 2), ("actors", 3), ("ties", 2), ("ties", 3), ("needs", 2),
                                       ("needs", 3))]


def test_french_headers_name_the_place(tmp_path):
    sheets = edited(actors={(3, 5): "Astrologie-Secrète"})
    sheets["actors"][0] = ["Situation", "Évaluation", "ID acteur", "Libellé", "formel", "Secteur", "ÉPUISEMENT"]
    probs = problems_of(workbook(tmp_path, sheets))
    assert places(probs) == ["sheet actors, row 3, column F (Secteur)"]


def test_not_a_workbook(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("situation;service\n", encoding="utf-8")
    probs = problems_of(path)
    assert [(p.file, p.place) for p in probs] == [(str(path), "")]
    assert "Excel workbook" in probs[0].expected


def test_boolean_that_is_not_one(tmp_path):
    probs = problems_of(workbook(tmp_path, edited(actors={(2, 4): "peut-être"})))
    assert places(probs) == ["sheet actors, row 2, column E (formal)"]
    assert_silent(probs, "peut-être")


def test_validate_command_names_places_and_exits_1(tmp_path, capsys):
    from netmap.cli import main

    path = workbook(tmp_path, edited(ties={(2, 3): "fantome-xyz"}))
    assert main(["validate", str(path), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert f"{path}: sheet ties, row 2, column D (b): expected the id of an actor" in err
    assert "fantome-xyz" not in err and SECRET not in err


def test_situations_sheet_without_its_id_column_is_one_problem(tmp_path):
    sheets = edited()
    sheets["situations"] = [row[1:] for row in sheets["situations"]]
    probs = problems_of(workbook(tmp_path, sheets))
    # nothing can be attached to a situation: one problem, not one per row of every sheet
    assert places(probs) == ["sheet situations, row 1"]
    assert "column situation" in probs[0].expected


def test_assessment_listed_twice_in_the_assessments_sheet(tmp_path):
    sheets = edited()
    sheets["assessments"] = [["situation", "date", "label"], ["S1", "2024-03-11", "ouverture"],
                             ["S1", "2024-03-11", SECRET]]
    probs = problems_of(workbook(tmp_path, sheets))
    assert places(probs) == ["sheet assessments, row 3, column B (date)"]
    assert "row 2" in probs[0].expected
    assert_silent(probs)


def _rewrite_sheet(src: Path, dst: Path, sheet_file: str, edit) -> Path:
    import zipfile

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            zout.writestr(item, edit(data) if item.filename == sheet_file else data)
    return dst


def test_damaged_sheet(tmp_path):
    good = workbook(tmp_path, BASE)  # sheets in BASE order: ties is the third
    bad = _rewrite_sheet(good, tmp_path / "damaged.xlsx", "xl/worksheets/sheet3.xml", lambda d: d[: len(d) // 2])
    probs = problems_of(bad)
    assert places(probs) == ["sheet ties"]
    assert "damaged" in probs[0].expected


def test_entity_expansion_is_refused(tmp_path):
    """A 'billion laughs' style sheet: defusedxml refuses entity declarations instead of expanding them."""
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML  # openpyxl parses through defusedxml (it raises EntitiesForbidden here)
    good = workbook(tmp_path, BASE)
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>')

    def add_dtd(data: bytes) -> bytes:
        body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
        return bomb + body.replace(b"<t>fils</t>", b"<t>&lol2;</t>")

    bad = _rewrite_sheet(good, tmp_path / "bomb.xlsx", "xl/worksheets/sheet2.xml", add_dtd)
    probs = problems_of(bad)
    # openpyxl parses each sheet when it opens the workbook: the whole file is refused
    assert [(p.file, p.place) for p in probs] == [(str(bad), "")]
    assert "entity declarations" in probs[0].expected


def test_coded_cells_accept_labels_in_three_languages_and_free_region_is_refused(tmp_path):
    """format.md revision 2: exhaustion "Tension marquée" = 2 (and its Dutch and English labels), region and
    service by name; a free-text region is refused with its sheet, row and column, its value never echoed."""
    import openpyxl

    from netmap.errors import ValidationError
    from netmap.io import load, save
    from netmap.io.json_files import read_json

    data = Path(__file__).parent / "data" / "youth-brussels.json"
    sits = read_json(data)
    book = tmp_path / "w.xlsx"
    save(sits, str(book), "xlsx")
    wb = openpyxl.load_workbook(book)
    actors, situations = wb["actors"] if "actors" in wb.sheetnames else wb["acteurs"], wb.worksheets[0]
    head = [c.value for c in actors[1]]
    col = next(i for i, h in enumerate(head) if h in ("exhaustion", "épuisement")) + 1
    labels = ["Tension marquée", "Duidelijke belasting", "Marked strain", "Epuise·e / risque de decrochage"]
    for row, text in zip(range(2, 6), labels, strict=True):
        actors.cell(row=row, column=col).value = text
    sh = [c.value for c in situations[1]]
    situations.cell(row=2, column=sh.index(next(h for h in sh if h in ("region", "région"))) + 1).value = "Brussel"
    situations.cell(row=2, column=sh.index("service") + 1).value = "Bru-Stars — case management clinique"
    wb.save(book)
    [sit] = load(str(book))
    levels = [a.exhaustion for a in sit.assessments[-1].actors][:4] if len(sit.assessments) == 1 else None
    if levels is None:  # several assessments: the edited rows are the first four of the sheet
        levels = [a.exhaustion for asmt in sit.assessments for a in asmt.actors][:4]
    assert levels == [2, 2, 2, 3]
    assert (sit.person.region, sit.service) == ("bruxelles", "bru-stars-cm")
    situations.cell(row=2, column=sh.index(next(h for h in sh if h in ("region", "région"))) + 1).value = "Rue X 12"
    wb.save(book)
    with pytest.raises(ValidationError) as err:
        load(str(book))
    text = err.value.text("fr")
    assert "Rue X 12" not in text and "feuille situations, ligne 2, colonne" in text and "une région de la taxonomie" in text
