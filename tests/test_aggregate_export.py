"""Exports of aggregate tables: CSV/XLSX safe against formula injection, JSON rows, de-identification."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import stat
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from netmap.aggregate import Filters, aggregate
from netmap.aggregate.deidentify import create_key_file, pseudonym, read_key
from netmap.aggregate.export import records, table_bytes
from netmap.cli import main
from netmap.errors import UsageError
from netmap.model import Funding, Person, Situation

YEARLY = Path(__file__).parent / "data" / "yearly"
EVIL = ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def test_csv_and_xlsx_neutralise_formulas(tmp_path):
    df = pd.DataFrame({"fund": EVIL + ["Criseflex"], "requests": list(range(7))})
    rows = list(csv.reader(io.StringIO(table_bytes(df, "csv").decode("utf-8"), newline="")))
    assert [r[0] for r in rows[1:]] == ["'" + v for v in EVIL] + ["Criseflex"]
    p = tmp_path / "t.xlsx"
    p.write_bytes(table_bytes(df, "xlsx"))
    ws = load_workbook(p).active
    cells = [ws.cell(row=i, column=1) for i in range(2, 9)]
    assert [c.value for c in cells] == ["'" + v for v in EVIL] + ["Criseflex"]
    assert all(c.data_type == "s" for c in cells)  # text, never a formula
    assert [ws.cell(row=i, column=2).value for i in range(2, 9)] == list(range(7))


def test_fund_names_from_users_cannot_inject(tmp_path, capsys):
    person = Person(region="namur", housing="with_family", demand="expressed", consent="given", age=15)
    sits = [Situation(f"S{i}", "kirikou-cm", person, dt.date(2019, 1, 1), "pending",
                      funding=(Funding(dt.date(2019, 2, 1), "=cmd|' /C calc'!A0", 10.0, "pending"),))
            for i in range(6)]
    out = aggregate("funding", sits, filters=Filters(date_to=dt.date(2019, 12, 31)))
    text = table_bytes(out, "csv").decode("utf-8")
    assert "\n'=cmd" in text and "\n=cmd" not in text and "\"=cmd" not in text


def test_json_rows_hold_exactly_the_columns_with_null_and_markers():
    df = pd.DataFrame({"month": ["2019-08"], "situations": [0], "attendees_mean": [float("nan")],
                       "person_present_share": ["<5"]})
    assert records(df) == [{"month": "2019-08", "situations": 0, "attendees_mean": None,
                            "person_present_share": "<5"}]
    assert json.loads(table_bytes(df, "json")) == records(df)


def test_key_file_created_private_and_never_overwritten(tmp_path):
    key_path = tmp_path / "netmap.key"
    create_key_file(key_path)
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    key = read_key(key_path)
    assert len(key) == 32
    with pytest.raises(UsageError, match="already exists"):
        create_key_file(key_path)
    os.chmod(key_path, 0o644)
    with pytest.raises(UsageError, match="0600"):
        read_key(key_path)
    with pytest.raises(UsageError, match="--create-key"):
        read_key(tmp_path / "missing.key")
    with pytest.raises(UsageError, match="--key-file"):
        read_key(None)


def test_pseudonyms_are_keyed_hmac_sha256():
    import hashlib
    import hmac

    key = bytes(range(32))
    expected = "P-" + hmac.new(key, b"K07", hashlib.sha256).hexdigest()[:24]
    assert pseudonym(key, "K07") == expected
    assert pseudonym(bytes(32), "K07") != expected  # another key, another pseudonym


def test_cli_deidentify_needs_a_key_and_hides_ids_and_free_text(tmp_path, capsys):
    base = ["aggregate", "--codes", "greyzones", str(YEARLY), "--from", "2019-01-01", "--to", "2019-12-31", "--k", "0",
            "--detail", "--format", "json"]
    assert main([*base, "--deidentify"]) == 2
    assert "--key-file" in capsys.readouterr().err
    key_path = tmp_path / "agg.key"
    assert main([*base, "--deidentify", "--key-file", str(key_path)]) == 2
    assert "--create-key" in capsys.readouterr().err
    assert main([*base, "--deidentify", "--key-file", str(key_path), "--create-key"]) == 0
    cap = capsys.readouterr()
    rows = json.loads(cap.out)
    key = read_key(key_path)
    assert {r["situation"] for r in rows} == {pseudonym(key, f"K{i:02d}") for i in range(1, 28) if i != 23}
    assert "K07" not in cap.out and "K07" not in cap.err
    # partners: organisation names are free text: dropped, one row per sector
    assert main(["aggregate", "--codes", "partners", str(YEARLY), "--k", "0", "--format", "json", "--deidentify",
                 "--key-file", str(key_path), "--from", "2019-01-01", "--to", "2019-12-31"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows == [{"sector": "mental_health", "organisation": None, "situations": 24},
                    {"sector": "youth_family", "organisation": None, "situations": 7},
                    {"sector": "education", "organisation": None, "situations": 21}]
    # fund names become pseudonyms too
    assert main(["aggregate", "--codes", "funding", str(YEARLY), "--k", "0", "--format", "json", "--deidentify",
                 "--key-file", str(key_path), "--from", "2019-01-01", "--to", "2019-12-31"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["fund"] == pseudonym(key, "Criseflex", "F-")


def test_key_file_inside_the_data_is_refused(tmp_path, capsys):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(YEARLY, data)
    assert main(["aggregate", "--codes", "cohort", str(data), "--deidentify", "--key-file", str(data / "k.key"),
                 "--create-key"]) == 2
    assert "gardez-le hors des données" in capsys.readouterr().err
    assert not (data / "k.key").exists()


def test_cli_writes_xlsx_and_csv_files(tmp_path, capsys):
    out = tmp_path / "caseload.xlsx"
    assert main(["aggregate", "--codes", "caseload", str(YEARLY), "--from", "2019-01-01", "--to", "2019-12-31",
                 "-o", str(out)]) == 0
    ws = load_workbook(out).active
    header = [c.value for c in ws[1]]
    assert header == ["service", "month", "active", "requests", "opened", "closed", "refused_saturation",
                      "refused_criteria", "capacity", "saturated"]
    exact = [10, 12, 13, 14, 15, 14, 13, 11, 11, 10, 10, 9]  # active follow-ups by month (README of the data)
    published = [ws.cell(row=i, column=3).value for i in range(2, 14)]
    assert all(abs(p - e) <= 2 for p, e in zip(published, exact, strict=True))
    assert ws.cell(row=2, column=4).value == "<5"  # 1 request in January 2019: always hidden
    note = load_workbook(out)["note"]["A1"].value
    assert "<5" in note and "x" in note and "somme de ses lignes" in note
    assert main(["aggregate", "--codes", "caseload", str(YEARLY), "--from", "2019-01-01", "--to", "2019-12-31", "--k", "0",
                 "-o", str(out)]) == 0
    assert [load_workbook(out).active.cell(row=i, column=3).value for i in range(2, 14)] == exact
    out_csv = tmp_path / "cohort.csv"
    assert main(["aggregate", "--codes", "cohort", str(YEARLY), "--from", "2019-01-01", "--to", "2019-12-31",
                 "-o", str(out_csv)]) == 0
    assert out_csv.read_text(encoding="utf-8").splitlines()[0] == "opened,closed,situations,funding_requests,granted_eur"


def test_aggregate_exports_headers_and_labels_in_the_language_asked(capsys):
    """`aggregate --lang fr` (the default) writes French headers and labels; nl Dutch; --codes the codes."""
    import csv
    import io

    args = ["needs", str(YEARLY), "--from", "2019-01-01", "--to", "2019-12-31", "--k", "0"]
    rows = {}
    for lang in ("fr", "nl", "en"):
        assert main(["aggregate", *args, "--lang", lang]) == 0
        rows[lang] = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert main(["aggregate", "--codes", *args]) == 0
    codes = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert codes[0] == ["domain", "situations", "uncovered_first", "uncovered_latest", "informal_only_latest"]
    assert rows["fr"][0][:2] == ["Domaine de vie", "Situations"]
    assert rows["nl"][0][:2] == ["Levensdomein", "Situaties"]
    assert rows["en"][0][:2] == ["Need domain", "Situations"]
    # the same cells, each code read as its taxonomy label (data/taxonomy/domains.json)
    by_code = {r[0]: r for r in codes[1:]}
    assert len(rows["fr"]) == len(codes)
    if "mental_health" in by_code:
        i = [r[0] for r in codes].index("mental_health")
        assert rows["fr"][i][0] == "Santé mentale" and rows["nl"][i][0] == "Geestelijke gezondheid"
        assert rows["fr"][i][1:] == by_code["mental_health"][1:]
    for lang in ("fr", "nl"):
        assert not any(cell in by_code for r in rows[lang][1:] for cell in r[:1]), "a code left untranslated"
