"""The assess and compare commands: JSON as in the spec, reports in words, usage errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from netmap.cli import main

DATA = Path(__file__).parent / "data"


@pytest.fixture
def examples(tmp_path) -> Path:
    """A folder with the two example situations (and their expected files, which are not situations)."""
    folder = tmp_path / "examples"
    folder.mkdir()
    for p in DATA.glob("*.json"):
        shutil.copy(p, folder / p.name)
    return folder


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _strip_sentences(objs: list[dict]) -> list[dict]:
    for o in objs:
        for f in o["flags"]:
            assert f.pop("fr") and f.pop("en")
    return objs


def test_json_all_assessments_reproduces_expected_files(examples, capsys):
    code, out, _ = _run(capsys, "assess", examples, "--json", "--all-assessments")
    assert code == 0
    got = _strip_sentences(json.loads(out))
    want = [o for name in ("elderly-namur", "youth-brussels")  # files in name order
            for o in json.loads((DATA / f"{name}.expected.json").read_text(encoding="utf-8"))]
    assert [(o["situation"], o["assessment"]) for o in got] == [(o["situation"], o["assessment"]) for o in want]
    for g, w in zip(got, want, strict=True):
        for key in ("coverage", "ei_index"):
            assert g["measures"][key] == pytest.approx(w["measures"][key], abs=1e-6)
            g["measures"][key] = w["measures"][key]
        assert json.dumps(g) == json.dumps(w)  # same keys, same order, same values


def test_json_latest_per_situation_and_at(examples, capsys):
    _, out, _ = _run(capsys, "assess", examples, "--json")
    assert [(o["situation"], o["assessment"]) for o in json.loads(out)] == [("EX-ELDER-01", "2024-03-11"),
                                                                            ("EX-YOUTH-01", "2024-06-10")]
    # on 2024-03-01 only the youth situation has an assessment (its first); the elderly one is skipped
    _, out, _ = _run(capsys, "assess", examples, "--json", "--at", "2024-03-01")
    assert [(o["situation"], o["assessment"]) for o in json.loads(out)] == [("EX-YOUTH-01", "2024-01-22")]
    _, out, _ = _run(capsys, "assess", examples, "--json", "--at", "2023-01-01")
    assert json.loads(out) == []


def test_json_what_if(examples, capsys):
    code, out, _ = _run(capsys, "assess", examples, "--situation", "EX-ELDER-01", "--without", "fils", "--json")
    assert code == 0
    [obj] = json.loads(out)
    assert obj["measures"]["uncovered_needs"] == ["avq", "memo"]  # fils covered avq alone


def test_without_needs_situation_and_known_ids(examples, capsys):
    code, _, err = _run(capsys, "assess", examples, "--without", "fils")
    assert code == 2 and "--without demande --situation" in err
    code, _, err = _run(capsys, "assess", examples, "--situation", "EX-ELDER-01", "--without", "fils,Zorro-Dupont")
    assert code == 2 and "--without" in err and "Zorro-Dupont" not in err


def test_report_in_french_and_english(examples, capsys):
    code, out, _ = _run(capsys, "assess", DATA / "youth-brussels.json", "--at", "2024-02-01")
    assert code == 0
    assert "Non couverts : « Occupation du temps »" in out
    assert "Secteurs absents : Vie associative & loisirs" in out
    assert "Épuisé·e et seul·e à couvrir un besoin : Mère" in out
    assert "Le case manager (Case manager Bru-Stars) tient le réseau" in out
    assert "Pas encore (2/9 critères)" in out
    # what blocks is worded as what fails (p1 is owned by the CM), never as the criterion that would pass
    assert "    - une action à faire n'a pas de porteur qui peut agir ou pas d'échéance : 1 confiée au case manager" in out
    assert "    - un besoin n'est couvert par personne : « Occupation du temps »" in out
    assert "chaque besoin est couvert" not in out and "chaque action à faire a" not in out
    for raw in ("daily_activities", "mental_health", "youth_family", "n4", "holds_without_cm", "CUT_ACTOR"):
        assert raw not in out  # codes and need ids never shown
    assert "Faire du sport" not in out  # the person's goal is free text: never in the report
    _, out, _ = _run(capsys, "assess", examples, "--lang", "en")
    assert out.startswith("Situations assessed: 2")
    assert "Can the case manager withdraw?" in out and "Not covered: “Mental health”" in out


def test_report_what_if(examples, capsys):
    _, out, _ = _run(capsys, "assess", examples, "--situation", "EX-ELDER-01", "--without", "fils")
    assert out.startswith("Simulation : sans Fils")
    assert "Besoins couverts : 3 sur 5" in out


def _section(text: str, head: str) -> list[str]:
    lines = text.splitlines()
    start = lines.index(head) + 1
    return lines[start:lines.index("", start)]


def test_what_if_without_the_case_manager_lists_as_new_only_what_is_new(examples, capsys):
    # January: the CM holds the network (CM_HOLDS_NETWORK); without them the same providers are in 2 groups of
    # G − CM, which is now SPLIT_NETWORK. Every other finding (cut actors Mère and CPMS, whose sentence now reads
    # differently, the exhausted mother, the conflict...) was already there: none is new.
    _, out, _ = _run(capsys, "assess", examples, "--situation", "EX-YOUTH-01", "--at", "2024-02-01",
                     "--without", "cm")
    assert "Niveau de fragilité : élevée → élevée" in out
    new = _section(out, "Nouveaux constats :")
    assert len(new) == 1 and new[0].startswith("  [élevée] Les intervenants qui couvrent les besoins forment 2 groupes")
    gone = _section(out, "Constats levés :")
    assert len(gone) == 1 and "C'est le case manager (Case manager Bru-Stars) qui tient ce réseau" in gone[0]
    assert ("  - les intervenants forment 2 groupes qui ne se parlent pas : "
            "CPMS, Pédopsychiatre, École (enseignement spécialisé) ; Mère, SAJ") in _section(out, "Ce qui bloquerait :")


def test_compare_reports_a_tie_whose_kind_changed_once(tmp_path, capsys):
    obj = json.loads((DATA / "youth-brussels.json").read_text(encoding="utf-8"))
    first, second = sorted(obj["assessments"], key=lambda a: a["date"])
    assert {"a": "mere", "b": "pere", "kind": "conflict"} in [
        {k: t[k] for k in ("a", "b", "kind")} for t in second["ties"]]
    for t in second["ties"]:  # in June the parents' conflict has become a coordination
        if {t["a"], t["b"]} == {"mere", "pere"} and t["kind"] == "conflict":
            t["kind"] = "coordination"
    path = tmp_path / "s.json"
    path.write_text(json.dumps(obj), encoding="utf-8")
    _, out, _ = _run(capsys, "compare", path, "--situation", "EX-YOUTH-01", "--json")
    ties = json.loads(out)["ties"]
    assert ties["changed"] == [["mere", "pere", ["conflict"], ["coordination"]]]
    assert all(t[:2] != ["mere", "pere"] for t in ties["added"] + ties["removed"])
    _, out, _ = _run(capsys, "compare", path, "--situation", "EX-YOUTH-01")
    assert "Liens qui ont changé : Mère – Père (conflit → coordination)" in out


def test_compare_text_and_json(examples, capsys):
    code, out, _ = _run(capsys, "compare", examples, "--situation", "EX-YOUTH-01")
    assert code == 0
    assert "Évolution du 22/01/2024 au 10/06/2024" in out
    assert "Nouveaux acteurs : Maison de jeunes, Thérapeute familiale (SSM)" in out
    assert "Besoins désormais couverts : « Occupation du temps »" in out
    assert "Retrait possible : non → oui" in out
    _, out, _ = _run(capsys, "compare", examples, "--situation", "EX-YOUTH-01", "--json")
    obj = json.loads(out)
    assert obj["situation"] == "EX-YOUTH-01"
    assert obj["actors"] == {"added": ["mj", "ssm"], "removed": [],
                             "exhaustion_changed": [{"id": "mere", "earlier": 3, "later": 2}]}
    assert obj["needs"] == {"added": [], "met": [], "newly_covered": ["n4"], "newly_uncovered": []}
    assert obj["ties"]["removed"] == [["cm", "pms", ["information"]]]
    assert obj["ties"]["changed"] == []
    # findings matched by (code, ids): mere stays a cut actor, the CM no longer holds the network
    assert [(f["code"], f["ids"]) for f in obj["findings"]["new"]] == [("EXHAUSTED_ACTOR", ["mere"]),
                                                                      ("SOLE_PROVIDER", ["mj"])]
    assert ("CUT_ACTOR", ["mere"]) not in [(f["code"], f["ids"]) for f in obj["findings"]["gone"]]
    assert obj["measures"]["coverage"] == {"earlier": 0.8, "later": 1.0}
    assert obj["fragility"] == {"earlier": "high", "later": "medium"}
    _, out, _ = _run(capsys, "compare", examples, "--situation", "EX-YOUTH-01", "--lang", "en")
    assert "Ready to withdraw: no → yes" in out


def test_compare_usage_errors(examples, capsys):
    code, _, err = _run(capsys, "compare", examples, "--situation", "EX-ELDER-01")
    assert code == 2 and "la même évaluation" in err and "a 1 évaluation)" in err
    code, _, err = _run(capsys, "compare", examples, "--situation", "EX-YOUTH-01", "--from", "2024-01-01")
    assert code == 2 and "--from" in err


def _copies(folder: Path, n: int) -> None:
    base = [json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
            for name in ("youth-brussels", "elderly-namur")]
    folder.mkdir()
    for i in range(n):
        obj = dict(base[i % 2], id=f"S-{i:04d}")
        (folder / f"s{i:04d}.json").write_text(json.dumps(obj), encoding="utf-8")


def test_parallel_folder_path_equals_serial(tmp_path, capsys):
    folder = tmp_path / "many"
    _copies(folder, 240)  # above the threshold: read, validated and measured in workers
    _, parallel, _ = _run(capsys, "assess", folder, "--json", "--jobs", "2")
    _, serial, _ = _run(capsys, "assess", folder, "--json", "--jobs", "1")
    _, loaded, _ = _run(capsys, "assess", folder / "s0007.json", "--json")
    assert parallel == serial
    objs = json.loads(parallel)
    assert len(objs) == 240 and objs[7] == json.loads(loaded)[0]


def test_parallel_folder_path_reports_every_problem(tmp_path, capsys):
    folder = tmp_path / "bad"
    _copies(folder, 240)
    broken = json.loads((folder / "s0003.json").read_text(encoding="utf-8"))
    broken["assessments"][0]["actors"][1]["exhaustion"] = 7
    (folder / "s0003.json").write_text(json.dumps(broken), encoding="utf-8")
    dup = json.loads((folder / "s0005.json").read_text(encoding="utf-8"))
    (folder / "s0200.json").write_text(json.dumps(dict(dup, id="S-0005")), encoding="utf-8")
    code, out, err_parallel = _run(capsys, "assess", folder, "--json", "--jobs", "2", "--lang", "en")
    assert code == 1 and out == ""
    code, _, err_validate = _run(capsys, "validate", folder, "--lang", "en")
    assert code == 1
    # the same problems, with the same places, as `netmap validate`
    assert "s0003.json: /assessments/0/actors/1/exhaustion: expected a whole number from 0 to 3" in err_parallel
    assert "s0200.json: /id: expected a situation id unique in the dataset (also used in s0005.json)" in err_parallel
    problems = [line.strip() for line in err_parallel.splitlines()[1:]]
    assert problems == [line for line in err_validate.splitlines() if line.startswith(str(folder))]
