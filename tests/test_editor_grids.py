"""The editor's grid layer (dashboards/editor/grids.py): rows to a situation and back, problems placed on cells.

No browser: the same functions the page calls on every change. Expected values come from
tests/data/youth-brussels.json and from the format (ids, coverage as ticks, defaults).
"""

from __future__ import annotations

from pathlib import Path

from dashboards.editor.grids import assessment_rows, build_situation, cell_problems, check, cover_column, new_ids
from netmap.io import load
from netmap.io.canonical import situation_to_dict
from netmap.taxonomy import default_taxonomy

DATA = Path(__file__).parent / "data"
YOUTH = load(DATA / "youth-brussels.json")[0]
TAX = default_taxonomy()
PERSON = {"id": "EX-YOUTH-01", "service": YOUTH.service, "region": "bruxelles", "housing": "with_family", "age": 15,
          "gender": "m", "insured": "yes", "languages": "fr", "demand": "expressed", "consent": "given",
          "requested": "2024-01-08", "opened": "2024-01-22", "outcome": "open"}


def _keyed(rows):
    return {g: [{**r, "_key": f"{g}-{i}"} for i, r in enumerate(rs)] for g, rs in rows.items()}


def test_the_rows_of_an_assessment_build_it_back_unchanged():
    rows = assessment_rows(YOUTH)
    d = situation_to_dict(YOUTH)
    built, _ = build_situation(PERSON, _keyed(rows), date="2024-06-10", label="concertation 3",
                               earlier=d["assessments"][:-1], rest={k: d[k] for k in ("requesters", "meetings",
                                                                                      "funding")})
    sit, problems = check(built, {}, TAX, "fr")
    assert problems == []
    assert sit.assessments == YOUTH.assessments
    assert (sit.requesters, sit.meetings) == (YOUTH.requesters, YOUTH.meetings)


def test_coverage_and_yes_no_are_ticks():
    rows = assessment_rows(YOUTH)
    mental = rows["needs"][0]  # n1: covered by the child psychiatrist and the family therapist, the person's priority
    assert mental["priority"] is True
    assert {k for k, v in mental.items() if k.startswith("cov:") and v is True} == {"cov:pedopsy", "cov:ssm"}
    assert mental["cov:mere"] is False and len([k for k in mental if k.startswith("cov:")]) == 10
    cm = rows["actors"][0]
    assert (cm["case_manager"], cm["referent"], cm["active"]) == (True, False, True)


def test_new_ticks_follow_the_actors_order_after_those_loaded():
    rows = assessment_rows(YOUTH)
    need = rows["needs"][4]  # n5, covered by ('mere', 'ssm') in that order
    need[cover_column("cm")] = True  # the case manager, first in the actors grid, ticked now
    need[cover_column("ssm")] = False
    built, _ = build_situation(PERSON, rows, date="2024-06-10", label=None)
    assert built["assessments"][-1]["needs"][4]["covered_by"] == ["mere", "cm"]


def test_ids_come_from_labels_and_stay_once_given():
    rows = new_ids([{"label": "Mère"}, {"label": "Mère"}, {"id": "x", "label": "Renamed"}, {"label": " "}],
                   "label", "actor")
    assert [r.get("id") for r in rows] == ["mere", "mere-2", "x", None]


def test_problems_are_placed_on_their_row_and_column_by_the_row_key():
    rows = _keyed(assessment_rows(YOUTH))
    rows["actions"][1]["due"] = "2024-02-30"  # a day that does not exist
    rows["ties"][2]["b"] = "nobody"  # an actor that is not in the grid
    del rows["ties"][0]  # rows deleted above keep the others' keys
    built, places = build_situation(PERSON, rows, date="2024-06-10", label=None)
    _, placed = check(built, places, TAX, "fr")
    cells = cell_problems(placed, rows)
    assert set(cells) == {"actions", "ties"}
    assert list(cells["actions"]) == ["actions-1"] and list(cells["actions"]["actions-1"]) == ["due"]
    assert "date" in cells["actions"]["actions-1"]["due"]
    assert list(cells["ties"]) == ["ties-2"] and list(cells["ties"]["ties-2"]) == ["b"]
    _, placed_nl = check(built, places, TAX, "nl")
    assert cell_problems(placed_nl, rows)["actions"]["actions-1"]["due"] != cells["actions"]["actions-1"]["due"]


def test_a_blank_row_is_left_out_and_a_half_filled_one_is_a_problem_on_its_cell():
    rows = _keyed({"actors": [{"label": "Voisine", "sector": "informal"}, {}], "ties": [{"a": "voisine"}],
                   "needs": [], "actions": []})
    rows = {**rows, "actors": new_ids(rows["actors"], "label", "actor")}
    built, places = build_situation(PERSON, rows, date="2024-06-10", label=None)
    assert [a["id"] for a in built["assessments"][0]["actors"]] == ["voisine"]
    _, placed = check(built, places, TAX, "en")
    cells = cell_problems(placed, rows)
    assert set(cells) == {"ties"} and set(cells["ties"]["ties-0"]) == {"b", "kind"}


def test_requesters_and_fund_requests_are_edited_in_their_grids():
    from dashboards.editor.grids import situation_rows

    rows = {**assessment_rows(YOUTH), **situation_rows(YOUTH)}
    assert rows["requesters"] == [
        {"type": "professional", "sector": "mental_health", "organisation": "Hôpital des enfants"},
        {"type": "professional", "sector": "education", "organisation": "CPMS Ixelles"}]
    rows["requesters"].append({"type": "relative", "sector": "", "organisation": ""})
    rows["funding"] = [{"date": "2024-02-01", "fund": "Criseflex", "requested_eur": "1 250,50", "granted_eur": "",
                        "status": "pending"}, {}]  # the blank row is left out
    built, places = build_situation(PERSON, _keyed(rows), date="2024-06-10", label=None)
    sit, problems = check(built, places, TAX, "fr")
    assert problems == []
    assert [(q.type, q.sector, q.organisation) for q in sit.requesters][2] == ("relative", None, None)
    (f,) = sit.funding
    assert (f.date.isoformat(), f.fund, f.requested_eur, f.granted_eur, f.status) == \
        ("2024-02-01", "Criseflex", 1250.5, None, "pending")
    assert situation_rows(sit)["funding"][0]["requested_eur"] == "1250.5"


def test_a_fund_request_problem_is_on_its_cell():
    rows = _keyed({"actors": [], "ties": [], "needs": [], "actions": [], "requesters": [{"type": "nobody"}],
                   "funding": [{"date": "2024-02-01", "fund": "Criseflex", "requested_eur": "beaucoup",
                                "status": "pending"}]})
    built, places = build_situation(PERSON, rows, date="2024-06-10", label=None)
    _, placed = check(built, places, TAX, "fr")
    cells = cell_problems(placed, rows)
    assert cells["funding"] == {"funding-0": {"requested_eur": cells["funding"]["funding-0"]["requested_eur"]}}
    assert list(cells["requesters"]["requesters-0"]) == ["type"]
