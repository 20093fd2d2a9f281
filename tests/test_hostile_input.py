"""Hostile and oversized input (format.md, revision 2): each input of issue 15 is refused with its place, fast,
without a traceback, without echoing its text, and nothing is imported or left behind.

Every hostile file is built here, in the test (a 5,000-deep array, a lone surrogate, a workbook bomb, a 50 MB
label, repeated keys, control characters, a formula without a cached value).
"""

from __future__ import annotations

import json
import time
import zipfile
from pathlib import Path

import pytest

from netmap.cli import main
from netmap.errors import ValidationError
from netmap.io import load, save
from netmap.io.canonical import parse_situation
from netmap.io.limits import MAX_DEPTH, raw_depth_ok, screen_json

DATA = Path(__file__).parent / "data"


def _write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


def _validate(path: Path, capsys) -> tuple[int, str]:
    code = main(["validate", str(path), "--lang", "en"])
    out = capsys.readouterr()
    text = out.out + out.err
    assert "Traceback" not in text
    return code, text


def _import_refused(path: Path, tmp_path: Path, capsys) -> str:
    """Import into a fresh store: refused (exit 1), nothing imported, no traceback."""
    store = tmp_path / "store.sqlite3"
    code = main(["import", str(path), "--store", f"sqlite:///{store}", "--lang", "en"])
    out = capsys.readouterr()
    assert code == 1 and "Traceback" not in out.err
    assert "nothing was imported" in out.err
    assert not store.exists()  # the store was not even opened
    return out.err


# ---- JSON ---------------------------------------------------------------------------------------------------
def test_array_nested_5000_deep_is_refused_without_recursion_error(tmp_path, capsys):
    f = _write(tmp_path / "deep.json", "[" * 5000 + "]" * 5000)
    code, text = _validate(f, capsys)
    assert code == 1
    # named by the file, or by the pointer of the 33rd level when the JSON parser (orjson's version) got that far
    [line] = [x for x in text.splitlines() if "expected arrays and objects nested at most 32 levels deep" in x]
    assert line in (f"{f}: expected arrays and objects nested at most 32 levels deep",
                    f"{f}: {'/0' * 32}: expected arrays and objects nested at most 32 levels deep")
    _import_refused(f, tmp_path, capsys)


def test_deep_nesting_inside_a_known_key_is_named_by_pointer(tmp_path, youth_dict, capsys):
    value: list = []
    for _ in range(40):
        value = [value]
    youth_dict["assessments"][0]["actors"][0]["label"] = value
    f = _write(tmp_path / "s.json", json.dumps(youth_dict))
    code, text = _validate(f, capsys)
    assert code == 1
    # /assessments/0/actors/0/label is at depth 5: the 33rd level is 28 arrays further down
    assert "/assessments/0/actors/0/label" + "/0" * 27 + ": expected arrays and objects nested at most 32" in text


def test_exactly_32_levels_are_accepted_by_the_screen():
    assert raw_depth_ok(b"[" * MAX_DEPTH + b"]" * MAX_DEPTH)
    assert not raw_depth_ok(b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1))
    assert raw_depth_ok(b'{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}')  # brackets inside a string


def test_brackets_in_texts_with_escaped_quotes_are_not_taken_for_nesting(tmp_path, youth_dict, capsys):
    youth_dict["assessments"][0]["needs"][0]["goal"] = '"' + "[" * 40 + '"'  # quotes escaped, brackets in a text
    f = _write(tmp_path / "s.json", json.dumps(youth_dict))
    assert main(["validate", str(f), "--lang", "en"]) == 0


def test_lone_surrogate_is_refused_by_validate_and_import(tmp_path, youth_dict, capsys):
    text = json.dumps(youth_dict).replace('"label": "', '"label": "\\ud800', 1)  # an escape JSON allows
    f = _write(tmp_path / "s.json", text)
    code, out = _validate(f, capsys)
    assert code == 1
    assert "expected valid Unicode text (a lone surrogate such as \\ud800 was found)" in out
    _import_refused(f, tmp_path, capsys)


def test_a_50_mb_label_is_refused_before_parsing(tmp_path, youth_dict, capsys):
    youth_dict["assessments"][0]["actors"][0]["label"] = "x" * (50 * 1024 * 1024)
    f = _write(tmp_path / "s.json", json.dumps(youth_dict))
    code, out = _validate(f, capsys)
    assert code == 1
    assert f"{f}: expected a JSON file of at most 20 MB" in out
    assert "xxxxxxxx" not in out


def test_label_over_200_and_text_over_2000_characters(tmp_path, youth_dict, capsys):
    youth_dict["assessments"][0]["actors"][0]["label"] = "é" * 201
    youth_dict["assessments"][0]["actors"][1]["label"] = "é" * 200  # the limit itself is fine
    youth_dict["assessments"][0]["needs"][0]["goal"] = "a" * 2001
    youth_dict["assessments"][0]["needs"][1]["goal"] = "a" * 2000
    f = _write(tmp_path / "s.json", json.dumps(youth_dict, ensure_ascii=False))
    code, out = _validate(f, capsys)
    assert code == 1
    assert "/assessments/0/actors/0/label: expected at most 200 characters" in out
    assert "/assessments/0/needs/0/goal: expected at most 2000 characters" in out
    assert "/actors/1/label" not in out and "/needs/1/goal" not in out
    assert "2 problems found" in out


def test_duplicate_keys_are_refused_with_the_objects_pointer(tmp_path, youth_dict, capsys):
    text = json.dumps(youth_dict)
    text = text.replace('"region": "bruxelles"', '"region": "bruxelles", "region": "wallonie"', 1)
    text = text.replace('"format": "netmap/1"', '"format": "netmap/1", "Dupont": 1, "Dupont": 2', 1)
    f = _write(tmp_path / "s.json", text)
    code, out = _validate(f, capsys)
    assert code == 1
    assert f"{f}: /person: expected each key at most once in this object (key region is given twice)" in out
    assert f"{f}: /: expected each key at most once in this object (a key is given twice)" in out
    assert "Dupont" not in out  # an unknown key's text is never repeated
    _import_refused(f, tmp_path, capsys)


def test_control_characters_refused_tab_and_line_breaks_accepted(tmp_path, youth_dict, capsys):
    youth_dict["assessments"][0]["actors"][0]["label"] = "Ana\u0007"
    youth_dict["assessments"][0]["actors"][1]["label"] = "Bob\u0085"  # a C1 control (NEL), raw in UTF-8
    youth_dict["assessments"][0]["needs"][0]["goal"] = "line one\nline two\r\n\tindented"
    f = _write(tmp_path / "s.json", json.dumps(youth_dict, ensure_ascii=False))
    code, out = _validate(f, capsys)
    assert code == 1
    msg = "expected text without control characters (other than tab and line breaks)"
    assert f"/assessments/0/actors/0/label: {msg}" in out
    assert f"/assessments/0/actors/1/label: {msg}" in out
    assert "/needs/0/goal" not in out
    assert "Ana" not in out and "Bob" not in out


def test_unknown_key_named_by_pointer_only(tmp_path, youth_dict, capsys):
    youth_dict["person"]["Marie Dupont"] = "voisine"
    f = _write(tmp_path / "s.json", json.dumps(youth_dict))
    code, out = _validate(f, capsys)
    assert code == 1
    assert f"{f}: /person: unexpected key (key number 9 of this object, not repeated here); expected only:" in out
    assert "Marie" not in out and "Dupont" not in out and "voisine" not in out


def test_values_of_unknown_keys_do_not_leak_through_pointers(youth_dict):
    youth_dict["person"]["Marie Dupont"] = "\u0007" * 3000  # a bad text under an unknown key
    _, problems = parse_situation(youth_dict, file="s.json")
    assert problems and all("Marie" not in p.place and "Marie" not in p.expected for p in problems)


def test_the_json_screen_is_conservative():
    assert screen_json(b'{"label": "Ana: x", "goal": "line\\nbreak", "a": {"b" : [1, 2]}}') == 4  # keys
    assert screen_json(('{"goal": "' + "a" * 2000 + '"}').encode()) == 1  # long enough for a goal, not a label
    assert screen_json(('{"label": "' + "a" * 201 + '"}').encode()) == -1
    assert screen_json(('{"goal": "' + "a" * 2001 + '"}').encode()) == -1
    assert screen_json(b'{"label": "\\u0007"}') == -1  # any \\u escape is looked at closely
    assert screen_json(('{"goal": "' + 'a\\"' * 120 + '"}').encode()) == -1  # escaped quotes: look closely
    assert screen_json(b"[" * 33 + b"]" * 33) == -1
    assert screen_json(b"[" * 32 + b"]" * 32) == 0


def test_hostile_texts_are_refused_from_a_workbook_too(tmp_path, capsys):
    import openpyxl

    path = tmp_path / "w.xlsx"
    save(load(DATA / "youth-brussels.json"), path)
    wb = openpyxl.load_workbook(path)
    ws = wb["actors"]
    col = [c.value for c in ws[1]].index("label") + 1
    ws.cell(row=2, column=col, value="y" * 201)
    wb.save(path)
    with pytest.raises(ValidationError) as exc:
        load(path)
    texts = [str(p) for p in exc.value.problems]
    assert any("sheet actors, row 2" in t and "expected at most 200 characters" in t for t in texts), texts


# ---- workbooks -------------------------------------------------------------------------------------------------
def _with_extra_sheet(src: Path, dest: Path, sheet_xml_parts, name: str = "xl/worksheets/sheet99.xml") -> Path:
    """A copy of workbook ``src`` with one more sheet part, written from an iterable of byte blocks."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item))
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        with zout.open(info, "w", force_zip64=True) as fh:
            for block in sheet_xml_parts:
                fh.write(block)
    return dest


@pytest.fixture(scope="module")
def small_workbook(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("wb") / "small.xlsx"
    save(load(DATA / "youth-brussels.json"), path)
    return path


def test_workbook_bomb_is_refused_in_seconds(small_workbook, tmp_path, capsys):
    """A few hundred KB that unzip to 120 MB of sheet: refused from the zip directory, nothing parsed."""
    row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>' * 16_384  # 1 MB
    blocks = [b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    blocks += [row] * 120 + [b"</sheetData></worksheet>"]
    bomb = _with_extra_sheet(small_workbook, tmp_path / "bomb.xlsx", blocks)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    start = time.perf_counter()
    code, out = _validate(bomb, capsys)
    elapsed = time.perf_counter() - start
    assert code == 1
    unzipped_mb = (len(blocks[0]) + len(row) * 120 + len(blocks[-1])) // 2**20
    assert unzipped_mb > 100
    assert ("expected a workbook whose sheets hold at most 100 MB once unzipped "
            f"(this one: {unzipped_mb} MB or more)") in out
    assert elapsed < 20  # loose: refused from the zip's directory (milliseconds here), not after parsing


def test_a_bomb_outside_the_sheets_is_refused_too(small_workbook, tmp_path, capsys):
    bomb = _with_extra_sheet(small_workbook, tmp_path / "styles-bomb.xlsx", [b" " * 2**20] * 101,
                             name="xl/theme/theme9.xml")  # openpyxl would parse the theme too
    code, out = _validate(bomb, capsys)
    assert code == 1 and "expected a workbook whose sheets hold at most 100 MB once unzipped" in out


def test_workbook_over_200000_rows_is_refused_before_parsing(small_workbook, tmp_path, capsys):
    rows = b"".join(b'<row r="%d"/>' % i for i in range(1, 200_002))
    blocks = [b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>', rows,
              b"</sheetData></worksheet>"]
    big = _with_extra_sheet(small_workbook, tmp_path / "rows.xlsx", blocks)
    code, out = _validate(big, capsys)
    assert code == 1
    assert "expected a workbook of at most 200,000 rows in all its sheets" in out


def test_formula_cell_without_cached_value_is_refused(small_workbook, tmp_path, capsys):
    import openpyxl

    path = tmp_path / "formula.xlsx"
    wb = openpyxl.load_workbook(small_workbook)
    ws = wb["actors"]
    col = [c.value for c in ws[1]].index("label") + 1
    ws.cell(row=3, column=col, value='=CONCAT("A", "B")')  # openpyxl writes formulas without a cached value
    wb.save(path)
    code, out = _validate(path, capsys)
    assert code == 1
    letter = openpyxl.utils.get_column_letter(col)
    assert (f"sheet actors, cell {letter}3: expected a cached value in this formula cell (save the workbook in "
            "Excel or LibreOffice so that it computes it)") in out


def test_formula_with_cached_value_and_other_sheets_are_fine(small_workbook, tmp_path):
    from netmap.io.workbook_limits import check_workbook

    assert check_workbook(small_workbook) == []
    sheet = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             b'<row r="1"><c r="B1"><f>1+1</f><v>2</v></c><c r="C1"><f>2+2</f></c></row></sheetData></worksheet>')
    path = _with_extra_sheet(small_workbook, tmp_path / "f.xlsx", [sheet])
    problems = check_workbook(path)  # every sheet: the uncached formula of C1 is found, B1 is fine
    assert [p.place for p in problems] == ["sheet xl/worksheets/sheet99.xml, cell C1"]
    # a sheet netmap does not read (not listed in the workbook, e.g. someone's notes) is not its concern
    assert check_workbook(path, lambda title: title == "actors") == []


# ---- outputs -------------------------------------------------------------------------------------------------
def test_failed_report_leaves_no_file(tmp_path, monkeypatch, capsys):
    import netmap.report.situation as report

    def broken(*args, **kwargs):
        return "<html>\ud800</html>"  # cannot be encoded: the write fails half-way

    monkeypatch.setattr(report, "situation_report_html", broken)
    out = tmp_path / "r.html"
    code = main(["report", "situation", str(DATA / "youth-brussels.json"), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 3 and "Traceback" not in err and "UnicodeEncodeError" in err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary file either


def test_atomic_write_keeps_the_old_file_on_failure(tmp_path):
    from netmap.io.atomic import write_text_atomic

    target = tmp_path / "r.html"
    write_text_atomic(target, "old")
    with pytest.raises(UnicodeEncodeError):
        write_text_atomic(target, "\ud800")
    assert target.read_text() == "old" and list(tmp_path.iterdir()) == [target]
