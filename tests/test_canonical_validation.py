"""Validation of the canonical JSON form: every rule of format.md, each problem with its JSON pointer."""

from __future__ import annotations

import datetime as dt

import pytest

from netmap.errors import ValidationError
from netmap.io.canonical import parse_situation, situation_from_dict, situation_to_dict

SECRET = "Zorglub-Dupont"  # a distinctive value that must never appear in a message


def places(obj) -> list[str]:
    sit, problems = parse_situation(obj, file="f.json")
    assert sit is None
    return [p.place for p in problems]


def messages(obj) -> str:
    _, problems = parse_situation(obj, file="f.json")
    return "\n".join(str(p) for p in problems)


def test_examples_are_valid(youth_dict, elderly_dict):
    youth = situation_from_dict(youth_dict)
    assert youth.id == "EX-YOUTH-01"
    assert [a.date for a in youth.assessments] == [dt.date(2024, 1, 22), dt.date(2024, 6, 10)]
    # defaults of format.md filled in
    mere = youth.assessments[0].actor("mere")
    assert (mere.case_manager, mere.referent, mere.active, mere.exhaustion) == (False, False, True, 3)
    assert youth.assessments[0].actor("pms").tie_to_person == "normal"
    assert youth.assessments[0].ties[0].strength == "normal"
    assert youth.assessments[0].need("n2").severity == 2
    elderly = situation_from_dict(elderly_dict)
    assert elderly.assessments[0].actor("kine").active is False
    assert elderly.assessments[0].need("admin").status == "met"


def test_assessments_analysed_in_date_order(youth_dict):
    youth_dict["assessments"].reverse()
    s = situation_from_dict(youth_dict)
    assert [a.label for a in s.assessments] == ["ouverture", "concertation 3"]


def test_tie_to_unknown_actor(youth_dict):
    youth_dict["assessments"][0]["ties"][2]["b"] = "nobody"
    assert places(youth_dict) == ["/assessments/0/ties/2/b"]


def test_duplicate_actor_id(youth_dict):
    youth_dict["assessments"][1]["actors"][3]["id"] = "mere"
    # the duplicate is reported where it stands; the original actor keeps its id
    assert "/assessments/1/actors/3/id" in places(youth_dict)


def test_unknown_sector(youth_dict):
    youth_dict["assessments"][0]["actors"][3]["sector"] = SECRET
    assert places(youth_dict) == ["/assessments/0/actors/3/sector"]
    assert SECRET not in messages(youth_dict)


def test_impossible_date(youth_dict):
    youth_dict["requested"] = "2024-02-30"
    assert places(youth_dict) == ["/requested"]
    assert "calendar" in messages(youth_dict)


def test_closing_before_opening(youth_dict):
    youth_dict["outcome"] = "closed_stabilised"
    youth_dict["closed"] = "2024-01-01"
    assert places(youth_dict) == ["/closed"]


def test_need_covered_by_unknown_actor(youth_dict):
    youth_dict["assessments"][1]["needs"][2]["covered_by"] = ["saj", SECRET]
    assert places(youth_dict) == ["/assessments/1/needs/2/covered_by/1"]
    assert SECRET not in messages(youth_dict)


@pytest.mark.parametrize("level", [4, -1, 2.5, "3", True])
def test_exhaustion_out_of_range(youth_dict, level):
    youth_dict["assessments"][0]["actors"][1]["exhaustion"] = level
    assert places(youth_dict) == ["/assessments/0/actors/1/exhaustion"]


def test_final_line_break_is_not_accepted(youth_dict):
    # a regular expression ending in "$" would accept "mere\n" as an id: ids, languages and dates are exact
    youth_dict["id"] = "EX-YOUTH-01\n"
    youth_dict["assessments"][0]["actors"][0]["language"] = "fr\n"
    youth_dict["assessments"][1]["date"] = "2024-06-10\n"
    youth_dict["assessments"][1]["ties"][0]["a"] = youth_dict["assessments"][1]["ties"][0]["a"] + "\n"
    assert sorted(places(youth_dict)) == ["/assessments/0/actors/0/language", "/assessments/1/date",
                                          "/assessments/1/ties/0/a", "/id"]


def test_person_is_not_an_actor_id(elderly_dict):
    elderly_dict["assessments"][0]["actors"][1]["id"] = "person"
    got = places(elderly_dict)
    assert "/assessments/0/actors/1/id" in got
    # the references to the former id are reported too, each at its place
    assert "/assessments/0/ties/2/b" in got


def test_tie_from_actor_to_itself(youth_dict):
    youth_dict["assessments"][0]["ties"][0]["b"] = "pedopsy"
    assert places(youth_dict) == ["/assessments/0/ties/0/b"]


def test_tie_to_person_refused(youth_dict):
    youth_dict["assessments"][0]["ties"][0]["a"] = "person"
    assert places(youth_dict) == ["/assessments/0/ties/0/a"]


def test_two_ties_same_pair_same_kind(youth_dict):
    ties = youth_dict["assessments"][0]["ties"]
    ties.append({"a": "pms", "b": "pedopsy", "kind": "coordination"})  # same pair, reversed, same kind
    ties.append({"a": "pms", "b": "pedopsy", "kind": "information"})  # another kind: allowed
    assert places(youth_dict) == ["/assessments/0/ties/8"]


def test_every_problem_reported_at_once(youth_dict):
    a = youth_dict["assessments"][0]
    a["actors"][1]["exhaustion"] = 9
    a["ties"][1]["strength"] = "very"
    a["needs"][0]["domain"] = "nothing"
    youth_dict["person"]["housing"] = "castle"
    assert places(youth_dict) == [
        "/person/housing",
        "/assessments/0/actors/1/exhaustion",
        "/assessments/0/ties/1/strength",
        "/assessments/0/needs/0/domain",
    ]


def test_missing_and_unexpected_keys(youth_dict):
    del youth_dict["assessments"][0]["actors"][0]["label"]
    youth_dict["assessments"][0]["actors"][1]["nmae"] = "x"
    # an unknown key is named by the pointer of its object, never by its text (format.md, hostile input)
    assert places(youth_dict) == ["/assessments/0/actors/0/label", "/assessments/0/actors/1"]


def test_format_marker_required(youth_dict):
    youth_dict["format"] = "netmap/0"
    assert places(youth_dict) == ["/format"]


@pytest.mark.parametrize(
    "change, place",
    [
        ({"outcome": "open", "opened": None}, "/opened"),
        ({"outcome": "refused_saturation"}, "/opened"),  # opened is set in the example
        ({"outcome": "open", "closed": "2024-07-01"}, "/closed"),
        ({"opened": "2024-01-01"}, "/opened"),  # before requested 2024-01-08
    ],
)
def test_consistency_rules(youth_dict, change, place):
    youth_dict.update(change)
    assert place in places(youth_dict)


def test_closed_only_with_closed_outcome(youth_dict):
    youth_dict["closed"] = "2024-12-01"
    got = places(youth_dict)
    assert got and set(got) == {"/closed"}


def test_refused_situation_without_assessments_is_valid(youth_dict):
    youth_dict.update(outcome="refused_saturation", opened=None, assessments=[], meetings=[])
    s = situation_from_dict(youth_dict)
    assert s.assessments == ()


def test_opened_situation_needs_an_assessment(youth_dict):
    youth_dict.update(assessments=[], meetings=[])
    assert places(youth_dict) == ["/assessments"]


def test_duplicate_assessment_date(youth_dict):
    youth_dict["assessments"][1]["date"] = "2024-01-22"
    assert "/assessments/1/date" in places(youth_dict)


def test_meeting_attendee_in_assessment_in_force(youth_dict):
    # 'mj' joins at the June assessment: not yet there at the February meeting
    youth_dict["meetings"][0]["attendees"].append("mj")
    assert places(youth_dict) == ["/meetings/0/attendees/6"]
    # a meeting before the first assessment is judged against the first one
    youth_dict["meetings"][0]["attendees"].pop()
    youth_dict["meetings"].append({"date": "2024-01-10", "kind": "other", "attendees": ["mere", "person"]})
    situation_from_dict(youth_dict)


def test_action_owner_and_need(elderly_dict):
    acts = elderly_dict["assessments"][0]["actions"]
    acts[0]["owner"] = "nobody"
    acts[1]["need"] = "nothing"
    assert places(elderly_dict) == ["/assessments/0/actions/0/owner", "/assessments/0/actions/1/need"]
    acts[0]["owner"] = "person"
    acts[1]["need"] = "avq"
    situation_from_dict(elderly_dict)


def test_informal_actor_sector(elderly_dict):
    elderly_dict["assessments"][0]["actors"][0]["sector"] = "home_care"  # fils, informal
    elderly_dict["assessments"][0]["actors"][2]["sector"] = "informal"  # mg, formal
    assert places(elderly_dict) == ["/assessments/0/actors/0/sector", "/assessments/0/actors/2/sector"]


def test_region_lower_case_and_languages(elderly_dict):
    elderly_dict["person"]["region"] = "Namur"
    elderly_dict["person"]["languages"] = ["fr", "French"]
    assert places(elderly_dict) == ["/person/region", "/person/languages/1"]


def test_no_personal_value_in_any_message(youth_dict):
    a = youth_dict["assessments"][0]
    a["actors"][1]["label"] = 12  # wrong type
    a["actors"][2]["organisation"] = ["x"]
    a["actors"][3]["id"] = SECRET + " with spaces"
    a["needs"][3]["goal"] = {"text": SECRET}
    text = messages(youth_dict)
    assert SECRET not in text and "Zorglub" not in text
    assert "/assessments/0/actors/3/id" in text


def test_validation_error_carries_every_problem(youth_dict):
    youth_dict["requested"] = "yesterday"
    youth_dict["service"] = ""
    with pytest.raises(ValidationError) as info:
        situation_from_dict(youth_dict, file="x.json")
    assert [p.place for p in info.value.problems] == ["/service", "/requested"]
    assert "2 problems found" in str(info.value)


def test_canonical_round_trip(youth_dict, elderly_dict):
    for d in (youth_dict, elderly_dict):
        s = situation_from_dict(d)
        assert situation_from_dict(situation_to_dict(s)) == s
