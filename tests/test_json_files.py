"""Canonical JSON files and folders: reading, writing, dataset-wide rules."""

from __future__ import annotations

import json
import shutil

import pytest

from netmap.errors import ValidationError
from netmap.io import detect_format, load, save
from netmap.io.json_files import dump_situation, read_json


def test_folder_is_a_dataset_and_expected_files_are_skipped(data_dir):
    sits = read_json(data_dir)
    assert sorted(s.id for s in sits) == ["EX-ELDER-01", "EX-YOUTH-01"]


def test_write_then_read_gives_the_same_situations(data_dir, tmp_path):
    sits = load(data_dir)
    save(sits, tmp_path / "out")
    assert sorted((tmp_path / "out").iterdir()) == [tmp_path / "out" / "EX-ELDER-01.json",
                                                    tmp_path / "out" / "EX-YOUTH-01.json"]
    assert load(tmp_path / "out") == sits
    # writing is deterministic
    assert dump_situation(sits[0]) == (tmp_path / "out" / "EX-ELDER-01.json").read_text(encoding="utf-8")


def test_duplicate_situation_id_across_files(data_dir, tmp_path):
    shutil.copy(data_dir / "youth-brussels.json", tmp_path / "a.json")
    shutil.copy(data_dir / "youth-brussels.json", tmp_path / "b.json")
    with pytest.raises(ValidationError) as info:
        read_json(tmp_path)
    [p] = info.value.problems
    assert (p.file, p.place) == (str(tmp_path / "b.json"), "/id")


def test_problems_of_every_file_are_reported(data_dir, tmp_path, youth_dict):
    youth_dict["assessments"][0]["ties"][0]["b"] = "ghost"
    (tmp_path / "a.json").write_text(json.dumps(youth_dict), encoding="utf-8")
    (tmp_path / "b.json").write_text("{not json", encoding="utf-8")
    shutil.copy(data_dir / "elderly-namur.json", tmp_path / "c.json")
    with pytest.raises(ValidationError) as info:
        read_json(tmp_path)
    got = [(p.file.rsplit("/", 1)[-1], p.place) for p in info.value.problems]
    assert got == [("a.json", "/assessments/0/ties/0/b"), ("b.json", "line 1, column 2")]


def test_not_utf8(tmp_path):
    (tmp_path / "x.json").write_bytes(b'{"id": "\xe9"}')
    with pytest.raises(ValidationError) as info:
        read_json(tmp_path / "x.json")
    assert "UTF-8" in str(info.value)


def test_missing_path_is_named(tmp_path):
    with pytest.raises(ValidationError) as info:
        load(tmp_path / "nowhere.json")
    assert str(tmp_path / "nowhere.json") in str(info.value)


def test_empty_folder(tmp_path):
    with pytest.raises(ValidationError, match="at least one situation"):
        read_json(tmp_path)


def test_detect_format(tmp_path, data_dir):
    (tmp_path / "situations.csv").write_text("", encoding="utf-8")
    assert detect_format(tmp_path) == "csv"
    assert detect_format(data_dir) == "json"
    assert detect_format("book.xlsx") == "xlsx"
    assert detect_format("sqlite:///x.db") == "store"
    assert detect_format("postgresql://u@h/db") == "store"


def test_single_file_holds_one_situation(data_dir, tmp_path):
    from netmap.errors import UsageError

    with pytest.raises(UsageError):
        save(load(data_dir), tmp_path / "one.json")
