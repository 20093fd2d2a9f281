"""`netmap validate` and `netmap convert` as a user runs them."""

from __future__ import annotations

import json

from netmap.cli import main


def test_validate_valid(data_dir, capsys):
    assert main(["validate", str(data_dir), "--lang", "en"]) == 0
    assert "2 situations, valid\n" in capsys.readouterr().out
    assert main(["validate", str(data_dir)]) == 0
    assert f"{data_dir} : 2 situations, valides\n" in capsys.readouterr().out


def test_validate_reports_every_problem_with_place(tmp_path, youth_dict, capsys):
    youth_dict["assessments"][0]["actors"][1]["exhaustion"] = 5
    youth_dict["assessments"][0]["ties"][0]["a"] = "pms"
    youth_dict["assessments"][0]["actors"][1]["label"] = "Madame Zorglub"
    f = tmp_path / "s.json"
    f.write_text(json.dumps(youth_dict), encoding="utf-8")
    assert main(["validate", str(f), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert f"{f}: /assessments/0/actors/1/exhaustion: expected a whole number from 0 to 3" in err
    assert f"{f}: /assessments/0/ties/0/b: expected a different actor from a" in err
    assert "2 problems found" in err
    assert "Zorglub" not in err


def test_convert_json_folder(data_dir, tmp_path, capsys):
    assert main(["convert", str(data_dir), str(tmp_path / "out")]) == 0
    assert main(["validate", str(tmp_path / "out")]) == 0
