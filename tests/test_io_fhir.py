"""FHIR R4 export: every demo Bundle validated by the fhir.resources models, de-identified by default.

fhir.resources 8 carries R4B (4.3), whose CareTeam, CarePlan, Condition, Goal, Patient,
PractitionerRole, RelatedPerson and Organization are those of R4 (4.0.1) for every
element netmap writes.
"""

from __future__ import annotations

import json

import pytest

from netmap.cli import main
from netmap.errors import UsageError
from netmap.io import load
from netmap.io.fhir import PROFILES, fhir_bundle, write_fhir
from netmap.taxonomy import DATA_DIR, default_taxonomy

bundle_model = pytest.importorskip("fhir.resources.R4B.bundle")

KEY = bytes(range(32))


@pytest.fixture(scope="module")
def demo():
    return load(DATA_DIR / "demo")


@pytest.fixture
def youth(data_dir):
    return load(data_dir / "youth-brussels.json")[0]


def _resources(bundle, kind=None):
    return [e["resource"] for e in bundle["entry"] if kind is None or e["resource"]["resourceType"] == kind]


def _references(obj):
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k == "reference":
                yield v
            else:
                yield from _references(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _references(v)


def _free_texts(s):
    """Every label and free text of a situation: none may leave in a de-identified export."""
    out = set()
    for a in s.assessments:
        out |= {x.label for x in a.actors} | {x.organisation for x in a.actors if x.organisation}
        out |= {x.role for x in a.actors if x.role} | {n.goal for n in a.needs if n.goal}
        out |= {x.what for x in a.actions}
        if a.label:
            out.add(a.label)
    return {t for t in out if len(t) > 3}  # 'SAJ'-like short labels could match codes by chance


def test_every_demo_bundle_is_valid_r4_and_self_contained(demo):
    for s in demo:
        for kw in ({"key": KEY}, {"include_labels": True}):
            b = fhir_bundle(s, **kw)
            bundle_model.Bundle.model_validate(b)  # raises on any element, cardinality or code error
            urls = [e["fullUrl"] for e in b["entry"]]
            assert len(urls) == len(set(urls))
            assert set(_references(b)) <= set(urls), s.id  # every reference resolves inside the Bundle
            assert all(e["fullUrl"] == f"urn:uuid:{e['resource']['id']}" for e in b["entry"])


def test_the_validation_is_not_vacuous(youth):
    from pydantic import ValidationError as ModelError

    b = fhir_bundle(youth, key=KEY)
    _resources(b, "CareTeam")[0]["members"] = []  # not an element of CareTeam
    with pytest.raises(ModelError):
        bundle_model.Bundle.model_validate(b)
    b = fhir_bundle(youth, key=KEY)
    del _resources(b, "CarePlan")[0]["activity"][0]["detail"]["status"]  # required
    with pytest.raises(ModelError):
        bundle_model.Bundle.model_validate(b)


# Required bindings of R4 (hl7.org/fhir/R4, each resource's page), which the models do not check
REQUIRED_CODES = {
    ("CareTeam", "status"): {"proposed", "active", "suspended", "inactive", "entered-in-error"},
    ("CarePlan", "status"): {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"},
    ("CarePlan", "intent"): {"proposal", "plan", "order", "option"},
    ("Goal", "lifecycleStatus"): {"proposed", "planned", "accepted", "active", "on-hold", "completed", "cancelled",
                                  "entered-in-error", "rejected"},
    ("Patient", "gender"): {"male", "female", "other", "unknown"},
}
ACTIVITY_STATUS = {"not-started", "scheduled", "in-progress", "on-hold", "completed", "cancelled", "stopped",
                   "unknown", "entered-in-error"}
CLINICAL_STATUS = {"active", "recurrence", "relapse", "inactive", "remission", "resolved"}


def test_coded_values_are_in_r4_required_value_sets(demo):
    for s in demo:
        for r in _resources(fhir_bundle(s, include_labels=True)):
            for (kind, element), allowed in REQUIRED_CODES.items():
                if r["resourceType"] == kind and element in r:
                    assert r[element] in allowed, (s.id, kind, element)
            if r["resourceType"] == "CarePlan":
                assert {a["detail"]["status"] for a in r.get("activity", [])} <= ACTIVITY_STATUS
            if r["resourceType"] == "Condition":
                assert r["clinicalStatus"]["coding"][0]["code"] in CLINICAL_STATUS


def test_default_export_is_de_identified(demo):
    for s in demo:
        text = json.dumps(fhir_bundle(s, key=KEY), ensure_ascii=False)
        assert s.id not in text
        # the service's own public name (e.g. "Bru-Stars — case management clinique") is the one name written
        text = text.replace(default_taxonomy().service_name(s.service), "")
        leaked = [t for t in _free_texts(s) if t in text]
        assert not leaked, s.id
        for r in _resources(fhir_bundle(s, key=KEY)):
            assert r["resourceType"] not in ("Practitioner",)  # a Practitioner carries a name
            if r["resourceType"] == "Organization":
                assert r["identifier"][0]["system"] == "urn:netmap:service"  # only the service's public name


def test_pseudonyms_are_keyed(youth):
    one, two = fhir_bundle(youth, key=KEY), fhir_bundle(youth, key=bytes(32))
    assert one["id"] != two["id"] and one == fhir_bundle(youth, key=KEY)
    patient = _resources(one, "Patient")[0]
    assert patient["identifier"][0]["value"].startswith("P-") and "name" not in patient


def test_youth_care_team_and_plan_by_hand(youth):
    b = fhir_bundle(youth, include_labels=True)
    ref = {(r["resourceType"], r["id"]): f"urn:uuid:{r['id']}" for r in _resources(b)}
    assert len(_resources(b, "PractitionerRole")) == 8 and len(_resources(b, "RelatedPerson")) == 2
    related = {r["name"][0]["text"] for r in _resources(b, "RelatedPerson")}
    assert related == {"Mère", "Père"}
    (team,) = _resources(b, "CareTeam")
    assert team["meta"]["profile"] == [PROFILES["CareTeam"]]
    assert team["status"] == "active" and team["period"] == {"start": "2024-01-22"}
    assert len(team["participant"]) == 10
    roles = [{c["code"] for r in p["role"] for c in r["coding"]} for p in team["participant"]]
    assert sum("case_manager" in r for r in roles) == 1 and sum("referent" in r for r in roles) == 1
    assert sum("informal" in r for r in roles) == 2
    conditions = _resources(b, "Condition")
    assert [c["code"]["coding"][0]["code"] for c in conditions] == [
        "mental_health", "schooling", "parenting", "daily_activities", "family_relations"]
    assert conditions[0]["severity"]["coding"][0]["code"] == "24484000"  # severity 3: severe
    goals = _resources(b, "Goal")
    assert len(goals) == 2  # n1 is the person's priority, n4 has a goal in their words
    assert goals[1]["description"]["text"] == "Faire du sport avec d'autres jeunes"
    (plan,) = _resources(b, "CarePlan")
    assert plan["meta"]["profile"] == [PROFILES["CarePlan"]] and plan["status"] == "active"
    assert len(plan["activity"]) == 5 + 3  # one per need, one per action
    # n1 is covered by the child psychiatrist and the family therapist: its performers
    by_label = {r["name"][0]["text"]: r["id"] for r in _resources(b, "Practitioner")}
    roles_of = {r["practitioner"]["reference"]: r["id"] for r in _resources(b, "PractitionerRole")}
    def role_ref(label):
        return ref["PractitionerRole", roles_of[f"urn:uuid:{by_label[label]}"]]
    n1 = plan["activity"][0]["detail"]
    assert [p["reference"] for p in n1["performer"]] == [role_ref("Pédopsychiatre"),
                                                        role_ref("Thérapeute familiale (SSM)")]
    assert n1["status"] == "in-progress" and n1["reasonReference"][0]["reference"] == \
        f"urn:uuid:{conditions[0]['id']}"
    p1 = plan["activity"][5]["detail"]
    assert (p1["status"], p1["description"], p1["scheduledPeriod"]) == (
        "completed", "Chercher une activité extrascolaire adaptée", {"end": "2024-03-01"})
    assert p1["performer"] == [{"reference": role_ref("Maison de jeunes")}]


def test_without_key_or_labels_nothing_is_written(youth, tmp_path):
    with pytest.raises(UsageError):
        write_fhir([youth], tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_convert_cli_fhir(data_dir, tmp_path, capsys):
    out = tmp_path / "fhir"
    assert main(["convert", str(data_dir), str(out), "--format", "fhir"]) == 2
    assert "--key-file" in capsys.readouterr().err
    key = tmp_path / "keys" / "k"
    key.parent.mkdir()
    assert main(["convert", str(data_dir), str(out), "--format", "fhir", "--key-file", str(key), "--create-key"]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 2 and all(n.startswith("P-") for n in names)  # file names are pseudonyms too
    for p in out.iterdir():
        bundle_model.Bundle.model_validate_json(p.read_text(encoding="utf-8"))
    assert main(["convert", str(data_dir / "youth-brussels.json"), str(tmp_path / "y.json"), "--format", "fhir",
                 "--include-labels", "--at", "2024-02-01"]) == 0
    b = json.loads((tmp_path / "y.json").read_text(encoding="utf-8"))
    assert len(_resources(b, "PractitionerRole")) + len(_resources(b, "RelatedPerson")) == 8  # first assessment
    assert main(["convert", str(data_dir), str(tmp_path / "z"), "--include-labels"]) == 2
