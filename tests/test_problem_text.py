"""Validation problems in French: every message template of the code, common mistakes word for word, the CLI."""

from __future__ import annotations

import ast
import itertools
import json
import re
from pathlib import Path

import openpyxl
import pytest

from netmap.cli import main
from netmap.errors import Problem, ValidationError
from netmap.io import load, save
from netmap.io.canonical import parse_situation
from netmap.io.problem_text import expected_text, place_text, render, summary

ROOT = Path(__file__).resolve().parent.parent / "netmap"
DATA = Path(__file__).parent / "data"

# the modules that word problems (the brief's list; a new one must be added here and to problem_text)
MODULES = ["io/canonical.py", "io/tables.py", "io/excel.py", "io/csv_folder.py", "io/json_files.py",
           "io/__init__.py", "io/egor.py", "store/base.py", "cli/assess.py", "io/limits.py", "io/workbook_limits.py"]

# sample values for the parts of f-strings, by the source of the expression (and, if it differs, the function)
SAMPLES: dict[str, list[str]] = {
    "_kind(value)": ["null", "a boolean", "a number", "a string", "an empty string", "a list", "an object",
                     "a value of another type"],
    "_choices(keys)": ["id, label, formal"],
    "_choices(choices)": ["open, pending"],
    "maxlen": ["200"], "lo": ["0"], "hi": ["3"], "table": ["sector", "domain"],
    "example": ["mental_health, housing, informal", "mental_health, housing, finances"],
    "ptr": ["/assessments/0/actors"], "first[v]": ["1"], "pairs[k]": ["0"], "seen[a.date]": ["0"],
    "FORMAT": ["netmap/1"], "outcome": ["pending", "redirected"],
    "first[sit.id].name": ["s0005.json"], "first[sid].name": ["s0005.json"],
    "exc.strerror": ["Permission denied"], "exc.msg": ["Expecting value", "Extra data"],
    "exc": ["field larger than field limit (131072)"], "exc.lineno": ["1"], "exc.colno": ["7"],
    "sheet.name": ["actors"], "s.name": ["actors"], "s.fr": ["acteurs"], "raws[sheet.name].where[6:-2]": ["Acteurs"],
    "Path(raws[sheet.name].file).name": ["Acteurs.csv"], "c.key": ["sector"], "c.fr": ["secteur"],
    "col.key": ["sector"], "self.column_name(self.index[col.key])": ["J (secteur)", "secteur"],
    "first_row[sid]": ["3"], "self.labelled[date]": ["4"], "ws.title": ["Acteurs"], "num": ["12"],
    "', '.join((c.key for c in self.sheet.columns))": ["situation, date, label"],
    "_unique.what": ["actor id", "need id", "action id"],
    "name": ["egos"], "str(path)": ["alters.csv"], "table.file": ["alters.csv"],
    "n": ["3"], "MAX_JSON_BYTES // 1024 // 1024": ["20"], "MAX_DEPTH": ["32"], "limit": ["200", "2000"],
    "which": ["key label", "a key"], "MAX_WORKBOOK_UNZIPPED // _MB": ["100"], "unzipped // _MB": ["250"],
    "MAX_WORKBOOK_ROWS": ["200,000"], "title or info.filename": ["actors"], "ref": ["B7"],
    "ptr or '/'": ["/person"],
}
_kind_samples = SAMPLES["_kind(value)"]
SAMPLES["_kind(v)"] = _kind_samples


def _variants(node: ast.AST, func: str, whats: list[str]) -> list[str] | None:
    """Every text an expression can give with the samples; None for a text passed in from elsewhere."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        parts = []
        for v in node.values:
            if isinstance(v, ast.Constant):
                parts.append([v.value])
            else:
                parts.append(_variants(v.value, func, whats) or [])
        return ["".join(p) for p in itertools.product(*parts)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _variants(node.left, func, whats), _variants(node.right, func, whats)
        return None if left is None or right is None else [a + b for a, b in itertools.product(left, right)]
    if isinstance(node, ast.IfExp):
        return (_variants(node.body, func, whats) or []) + (_variants(node.orelse, func, whats) or [])
    src = ast.unparse(node)
    if src == "what":
        return SAMPLES["_unique.what"] if func == "_unique" else whats
    if src in SAMPLES:
        return SAMPLES[src]
    if isinstance(node, ast.Name) and src in ("expected", "place", "msg", "problem", "where"):
        return None  # handed on by a helper; its callers are collected
    if src.startswith(("self.locate(", "table.place(", "egos.place(", "table_.place(")) or src in ("place",):
        return None
    raise AssertionError(f"no sample for {src!r} (in {func}): add one to SAMPLES")


def _templates() -> tuple[list[str], list[str]]:
    """Every expected text and place the modules can give, filled with sample values."""
    expected: list[str] = []
    places: list[str] = []
    for rel in MODULES:
        tree = ast.parse((ROOT / rel).read_text(encoding="utf-8"))
        whats = ["a non-empty string"] + [kw.value.value for node in ast.walk(tree) if isinstance(node, ast.Call)
                                          for kw in node.keywords
                                          if kw.arg == "what" and isinstance(kw.value, ast.Constant)]
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef):
                continue  # every message is worded in a function (no nested ones in these modules)
            name = func.name
            for node in ast.walk(func):
                if (isinstance(node, ast.Assign) and [ast.unparse(t) for t in node.targets] == ["place"]
                        and isinstance(node.value, ast.JoinedStr)):
                    places += _variants(node.value, name, whats) or []  # a place named before its Problem
                if (name == "bad_text" and isinstance(node, ast.Return)
                        and (isinstance(node.value, ast.JoinedStr) or (isinstance(node.value, ast.Constant) and node.value.value))):
                    expected += _variants(node.value, name, whats) or []  # the texts it hands to report()
                if (isinstance(node, ast.Assign) and [ast.unparse(t) for t in node.targets] == ["where"]
                        and isinstance(node.value, ast.JoinedStr)):
                    places += _variants(node.value, name, whats) or []
                if not isinstance(node, ast.Call):
                    continue
                callee = ast.unparse(node.func)
                arg_e = arg_p = None
                if callee == "Problem" and len(node.args) == 3:
                    arg_p, arg_e = node.args[1], node.args[2]
                elif callee == "self.bad":
                    arg_e = node.args[1]
                elif callee.endswith("report") and len(node.args) >= 4:
                    arg_e = node.args[3]
                elif callee == "report" and len(node.args) == 2:
                    arg_e = node.args[1]
                if arg_e is not None:
                    expected += _variants(arg_e, name, whats) or []
                if arg_p is not None:
                    places += _variants(arg_p, name, whats) or []
        expected += [f"expected {w}" for w in whats]
    return sorted(set(expected)), sorted(set(places) - {""})


EXPECTED, PLACES = _templates()

ENGLISH = {"expected", "got", "unexpected", "required", "missing", "sheet", "row", "column", "could", "not", "the",
           "or", "and", "at", "most", "of", "one", "an", "assessment", "actor", "need", "folder", "file", "for", "with",
           "in", "is", "was", "this", "that", "only", "each", "same", "also", "used", "given", "even", "if", "it",
           "holds", "its", "header", "number", "string", "list", "object", "other", "than",
           "whole", "from", "to", "characters", "be", "read", "valid", "text", "item", "line", "another", "cell"}


def _leftover_english(french: str) -> set[str]:
    # codes, command options and JSON literals stay as they are; so do the samples of values from outside (file and OS messages)
    words = set(re.findall(r"[a-z]+", re.sub(r"\w*_\w*|--\w+|Permission denied|field larger than field limit", " ",
                                              french).lower()))
    return words & ENGLISH


def test_the_collection_found_the_templates():
    # a few templates known by hand, to be sure the walk over the code works
    assert "expected the id of an actor of this assessment" in EXPECTED
    assert "a required value is missing" in EXPECTED
    assert "expected a whole number from 0 to 3 or null" in EXPECTED
    assert "expected a unique need id (the same id is used at /assessments/0/actors/1)" in EXPECTED
    assert "expected a column name of this sheet: situation, date, label (or their French names, as in the template)" \
        in EXPECTED
    assert "could not be read (Permission denied)" in EXPECTED
    assert len(EXPECTED) > 80
    assert PLACES == ["/id", "/person", "line 1, column 7", "row 1", "sheet Acteurs", "sheet actors",
                      "sheet actors, cell B7", "situation #12"]


@pytest.mark.parametrize("english", EXPECTED)
def test_every_expected_text_has_its_french(english):
    french = expected_text(english)
    assert french != english
    assert not _leftover_english(french), french
    assert expected_text(english, "en") == english
    labelled = expected_text(english + " (or its label, as in the lists of the template)")
    assert labelled == french + " (ou son libellé, comme dans les listes du modèle)"


@pytest.mark.parametrize("english", PLACES)
def test_every_place_has_its_french(english):
    french = place_text(english)
    assert french == english if english.startswith("/") else french != english
    assert not _leftover_english(french), french


@pytest.mark.parametrize(("english", "french"), [
    ("sheet actors, row 3, column J (secteur)", "feuille actors, ligne 3, colonne J (secteur)"),
    ("sheet actors, row 1, column sector (not in the header row)",
     "feuille actors, ligne 1, colonne sector (absente de la ligne d'en-tête)"),
    ("sheet needs, row 4, column I (covered_by), item 2", "feuille needs, ligne 4, colonne I (covered_by), élément 2"),
    ("sheet situations", "feuille situations"),
    ("row 4, column b", "ligne 4, colonne b"),
    ("row 2, column 3", "ligne 2, colonne 3"),
    ("line 1, column 2", "ligne 1, colonne 2"),
    ("situation #7", "situation n° 7"),
    ("/assessments/0/ties/2/b", "/assessments/0/ties/2/b"),
    ("/", "/"),
    ("", ""),
])
def test_places(english, french):
    assert place_text(english) == french
    assert place_text(english, "en") == english


def _problems(obj: dict) -> list[Problem]:
    sit, problems = parse_situation(obj, file="s.json")
    assert sit is None
    return problems


def _only(problems: list[Problem]) -> str:
    assert len(problems) == 1, problems
    return render(problems[0])


def test_unknown_actor_in_a_tie(youth_dict):
    youth_dict["assessments"][0]["ties"][0]["b"] = "inconnu"
    assert _only(_problems(youth_dict)) == \
        "s.json : /assessments/0/ties/0/b : attendu : l'identifiant d'un acteur de cette évaluation"


def test_duplicate_actor_id(youth_dict):
    youth_dict["assessments"][0]["actors"][2]["id"] = "mere"  # actors are cm, mere, pere, …
    texts = [render(p) for p in _problems(youth_dict)]
    assert "s.json : /assessments/0/actors/2/id : attendu : un identifiant d'acteur unique " \
           "(le même identifiant est déjà utilisé : /assessments/0/actors/1)" in texts


def test_unknown_sector(youth_dict):
    youth_dict["assessments"][0]["actors"][1]["sector"] = "Secteur-Secret"
    text = _only(_problems(youth_dict))
    assert text == ("s.json : /assessments/0/actors/1/sector : attendu : un code de secteur de la taxonomie "
                    "(p. ex. mental_health, housing, informal)")
    assert "Secret" not in text


def test_impossible_date(youth_dict):
    youth_dict["requested"] = "2024-02-30"
    assert _only(_problems(youth_dict)) == \
        "s.json : /requested : attendu : une date qui existe dans le calendrier (AAAA-MM-JJ)"


def test_closing_before_opening(youth_dict):
    youth_dict["outcome"] = "closed_stabilised"
    youth_dict["closed"] = "2024-01-10"  # opened 2024-01-22
    assert _only(_problems(youth_dict)) == \
        "s.json : /closed : attendu : une date égale ou postérieure à la date d'ouverture (opened)"


def test_exhaustion_out_of_range(youth_dict):
    youth_dict["assessments"][0]["actors"][1]["exhaustion"] = 5
    assert _only(_problems(youth_dict)) == \
        "s.json : /assessments/0/actors/1/exhaustion : attendu : un nombre entier de 0 à 3 ou null"


def test_person_as_actor_id(youth_dict):
    actor = youth_dict["assessments"][0]["actors"][7]
    youth_dict["assessments"][0]["actors"][7] = dict(actor, id="person")  # mg, in no tie, need or action
    texts = [render(p) for p in _problems(youth_dict)]
    assert "s.json : /assessments/0/actors/7/id : attendu : un identifiant d'acteur autre que « person », " \
           "réservé à la personne" in texts


def test_self_tie(youth_dict):
    youth_dict["assessments"][0]["ties"][0]["b"] = "pedopsy"  # a = pedopsy
    assert _only(_problems(youth_dict)) == \
        "s.json : /assessments/0/ties/0/b : attendu : un acteur différent de a : un acteur ne peut pas être lié à lui-même"


def test_wrong_json_type_and_unknown_key(youth_dict):
    youth_dict["person"]["insured"] = "oui"
    youth_dict["person"]["nom"] = "X"
    texts = [render(p) for p in _problems(youth_dict)]
    assert "s.json : /person/insured : attendu : true ou false ou null (trouvé : un texte)" in texts
    # named by its object's pointer and its rank, never by its text (a key may hold a name)
    assert any(t.startswith("s.json : /person : clé inattendue (clé n° 9 de cet objet, non reproduite ici) ; "
                            "clés admises : age, gender,") for t in texts)
    assert not any("nom" in t for t in texts)


def test_broken_json_file(tmp_path):
    f = tmp_path / "s.json"
    f.write_text('{"id": }', encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load(f)
    assert info.value.text() == f"1 problème trouvé\n  {f} : ligne 1, colonne 8 : attendu : du JSON valide " \
                                "(une valeur est attendue)"
    assert info.value.text("en") == str(info.value)


def _youth_workbook(tmp_path: Path, sheet: str, header: str, value) -> Path:
    path = tmp_path / "y.xlsx"
    save(load(DATA / "youth-brussels.json"), path, "xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    col = [c.value for c in ws[1]].index(header) + 1
    ws.cell(row=2, column=col, value=value)
    wb.save(path)
    return path


def test_workbook_unknown_actor_in_a_tie(tmp_path):
    # ties: situation, assessment, a, b, kind, strength -> b is column D; row 2 is the first tie
    path = _youth_workbook(tmp_path, "ties", "b", "fantome-xyz")
    with pytest.raises(ValidationError) as info:
        load(path)
    assert [p.text() for p in info.value.problems] == [
        f"{path} : feuille ties, ligne 2, colonne D (b) : attendu : l'identifiant d'un acteur de cette évaluation"]


def test_workbook_unknown_sector_mentions_labels(tmp_path):
    # actors: situation, assessment, id, label, formal, sector -> sector is column F
    path = _youth_workbook(tmp_path, "actors", "sector", "nulle-part")
    with pytest.raises(ValidationError) as info:
        load(path)
    assert [p.text("fr") for p in info.value.problems] == [
        f"{path} : feuille actors, ligne 2, colonne F (sector) : attendu : un code de secteur de la taxonomie "
        "(p. ex. mental_health, housing, informal) (ou son libellé, comme dans les listes du modèle)"]


def test_summary():
    assert [summary(n) for n in (1, 2, 10)] == ["1 problème trouvé", "2 problèmes trouvés", "10 problèmes trouvés"]
    assert [summary(n, "en") for n in (1, 2)] == ["1 problem found", "2 problems found"]


def _bad_file(tmp_path: Path, youth_dict: dict) -> Path:
    youth_dict["assessments"][0]["actors"][1]["exhaustion"] = 5
    youth_dict["assessments"][0]["ties"][0]["b"] = "pedopsy"
    f = tmp_path / "s.json"
    f.write_text(json.dumps(youth_dict), encoding="utf-8")
    return f


def test_cli_validate_in_french_by_default(tmp_path, youth_dict, capsys):
    f = _bad_file(tmp_path, youth_dict)
    assert main(["validate", str(f)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{f} : /assessments/0/actors/1/exhaustion : attendu : un nombre entier de 0 à 3 ou null",
        f"{f} : /assessments/0/ties/0/b : attendu : un acteur différent de a : un acteur ne peut pas être lié à lui-même",
        "2 problèmes trouvés ; rien n'a été modifié.",
    ]
    assert main(["validate", str(f), "--lang", "en"]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == "2 problems found; nothing was changed."


def test_cli_import_in_french(tmp_path, youth_dict, capsys):
    f = _bad_file(tmp_path, youth_dict)
    assert main(["import", str(f), "--store", f"sqlite:///{tmp_path / 'n.sqlite3'}"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == "2 problèmes trouvés ; rien n'a été importé, la base n'a pas été modifiée."
    assert err[0] == f"{f} : /assessments/0/actors/1/exhaustion : attendu : un nombre entier de 0 à 3 ou null"


@pytest.mark.parametrize("argv", [["convert", "{f}", "{out}"], ["assess", "{f}"], ["map", "{f}", "-o", "{out}.html"]])
def test_other_commands_report_problems_in_french_or_english(tmp_path, youth_dict, capsys, argv):
    f = _bad_file(tmp_path, youth_dict)
    args = [a.format(f=f, out=tmp_path / "out") for a in argv]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.startswith("2 problèmes trouvés\n  ")
    assert f"  {f} : /assessments/0/ties/0/b : attendu : un acteur différent de a" in err
    assert main([*args, "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("2 problems found\n  ")
    assert f"  {f}: /assessments/0/ties/0/b: expected a different actor from a" in err
