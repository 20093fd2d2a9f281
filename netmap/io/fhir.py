"""FHIR R4 export: one Bundle per situation, for a hospital or a Belgian care platform.

Follows the HL7 Belgium patient-care guide where it has a profile (BeCareTeam,
BECarePlan; R4 4.0.1) and plain R4 elsewhere. One ``collection`` Bundle holds, for the
assessment in force (the latest, or the latest on or before ``at``):

- ``Patient``: pseudonymous (no name, no birth date): gender, languages, region;
- ``Organization`` of the case-management service (a public name);
- each formal actor as a ``PractitionerRole`` (sector as specialty), each informal one as
  a ``RelatedPerson``; with labels, the formal actor's ``Practitioner`` (its label) and
  ``Organization`` (its organisation);
- ``CareTeam`` (BeCareTeam): the active actors as participants, roles coded with netmap's
  codes (``case_manager``, ``referent``, formal/informal, the sector), the follow-up's period;
- one ``Condition`` per need (domain, severity, status) and a ``Goal`` for each need with
  a goal or the person's priority;
- ``CarePlan`` (BECarePlan): one activity per need, whose performers are the actors
  covering it, and one per action of the plan (owner as performer, due date).

By default the export is de-identified like the published tables
(:mod:`netmap.aggregate.deidentify`): resource ids and the Patient's identifier are
keyed pseudonyms of the situation id (a key file is needed), and no free text leaves
(labels, organisations, roles, goals, actions' text, the assessment's label).
``include_labels=True`` keeps them, and the situation id, for a transfer to a partner
who shares the professional secrecy. See docs/fhir.md for the mapping table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..model import PERSON, Actor, Assessment, Need, Situation
from ..taxonomy import Taxonomy, default_taxonomy
from .graphml import atomic_write_bytes

__all__ = ["CODE_SYSTEMS", "PROFILES", "fhir_bundle", "write_fhir"]

_BE = "https://www.ehealth.fgov.be/standards/fhir/patient-care/StructureDefinition/"
PROFILES = {"CareTeam": _BE + "be-careteam", "CarePlan": _BE + "be-care-plan"}
# netmap's own codes (no standard code system holds the needs taxonomy or these roles)
CODE_SYSTEMS = {
    "situation": "urn:netmap:situation",
    "pseudonym": "urn:netmap:pseudonym",
    "service": "urn:netmap:service",
    "sector": "urn:netmap:taxonomy:sector",
    "domain": "urn:netmap:taxonomy:domain",
    "role": "urn:netmap:actor-role",
    "activity": "urn:netmap:careplan-activity",
}
_CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
_CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
_SNOMED = "http://snomed.info/sct"
_SEVERITY = {1: ("255604002", "Mild"), 2: ("6736007", "Moderate"), 3: ("24484000", "Severe")}
_CLINICAL = {"active": "active", "met": "resolved", "dormant": "inactive"}
_GOAL_LIFECYCLE = {"active": "active", "met": "completed", "dormant": "on-hold"}
_ACTION_STATUS = {"todo": "not-started", "done": "completed", "dropped": "cancelled"}
_GENDER = {"f": "female", "female": "female", "femme": "female", "v": "female", "vrouw": "female",
           "m": "male", "male": "male", "homme": "male", "man": "male", "h": "male"}
_LOINC = "http://loinc.org"
_LONGITUDINAL_TEAM = ("LA28865-6", "Longitudinal care-coordination focused care team")


def _team_status(outcome: str) -> str:
    if outcome == "open":
        return "active"
    if outcome == "pending":
        return "proposed"
    return "inactive"


def _plan_status(outcome: str) -> str:
    if outcome == "open":
        return "active"
    if outcome == "pending":
        return "draft"
    if outcome.startswith("closed_"):
        return "completed"
    return "revoked"  # refused or redirected: ended before it started


class _Ids:
    """Resource ids: UUIDs derived from the situation id and a local name, keyed when de-identifying."""

    def __init__(self, situation_id: str, key: bytes | None):
        self.sid = situation_id
        self.key = key

    def __call__(self, local: str) -> str:
        text = f"{self.sid}/{local}"
        if self.key is not None:
            digest = hmac.new(self.key, text.encode("utf-8"), hashlib.sha256).digest()
            return str(uuid.UUID(bytes=digest[:16], version=4))
        return str(uuid.uuid5(uuid.NAMESPACE_URL, "urn:netmap:" + text))

    def ref(self, local: str) -> dict[str, str]:
        return {"reference": f"urn:uuid:{self(local)}"}


def _coding(system: str, code: str, display: str | None = None) -> dict[str, str]:
    out = {"system": system, "code": code}
    if display:
        out["display"] = display
    return out


def _patient(s: Situation, ids: _Ids, identifier: dict[str, str]) -> dict[str, Any]:
    p = s.person
    res: dict[str, Any] = {"resourceType": "Patient", "id": ids(PERSON), "identifier": [identifier]}
    if p.gender:
        res["gender"] = _GENDER.get(p.gender.strip().lower(), "other")
    if p.languages:
        res["communication"] = [{"language": {"coding": [_coding("urn:ietf:bcp:47", lang)]}} for lang in p.languages]
    res["address"] = [{"use": "home", "district": p.region, "country": "BE"}]
    return res


def _actor_resources(a: Actor, ids: _Ids, labels: bool, tax: Taxonomy) -> list[dict[str, Any]]:
    sector = {"coding": [_coding(CODE_SYSTEMS["sector"], a.sector, tax.sector_label(a.sector, "en"))]}
    if not a.formal:
        rp: dict[str, Any] = {"resourceType": "RelatedPerson", "id": ids(f"actor/{a.id}"), "active": a.active,
                              "patient": ids.ref(PERSON)}
        if labels:
            rp["relationship"] = [{"text": a.label}]
            rp["name"] = [{"text": a.label}]
        if a.language:
            rp["communication"] = [{"language": {"coding": [_coding("urn:ietf:bcp:47", a.language)]}}]
        return [rp]
    out: list[dict[str, Any]] = []
    role: dict[str, Any] = {"resourceType": "PractitionerRole", "id": ids(f"actor/{a.id}"), "active": a.active,
                            "specialty": [sector]}
    if labels:
        out.append({"resourceType": "Practitioner", "id": ids(f"practitioner/{a.id}"), "active": a.active,
                    "name": [{"text": a.label}]})
        role["practitioner"] = ids.ref(f"practitioner/{a.id}")
        if a.role:
            role["code"] = [{"text": a.role}]
        if a.organisation:
            out.append({"resourceType": "Organization", "id": ids(f"organisation/{a.id}"), "active": True,
                        "name": a.organisation})
            role["organization"] = ids.ref(f"organisation/{a.id}")
    out.insert(0, role)
    return out


def _participant(a: Actor, ids: _Ids, tax: Taxonomy) -> dict[str, Any]:
    codes = [_coding(CODE_SYSTEMS["role"], "formal" if a.formal else "informal")]
    if a.case_manager:
        codes.append(_coding(CODE_SYSTEMS["role"], "case_manager", "Case manager"))
    if a.referent:
        codes.append(_coding(CODE_SYSTEMS["role"], "referent", "Referent after withdrawal"))
    roles = [{"coding": codes},
             {"coding": [_coding(CODE_SYSTEMS["sector"], a.sector, tax.sector_label(a.sector, "en"))]}]
    return {"role": roles, "member": ids.ref(f"actor/{a.id}")}


def _condition(n: Need, ids: _Ids, tax: Taxonomy) -> dict[str, Any]:
    code, display = _SEVERITY.get(n.severity, _SEVERITY[2])
    return {
        "resourceType": "Condition", "id": ids(f"need/{n.id}"),
        "clinicalStatus": {"coding": [_coding(_CONDITION_CLINICAL, _CLINICAL[n.status])]},
        "category": [{"coding": [_coding(_CONDITION_CATEGORY, "problem-list-item", "Problem List Item")]}],
        "severity": {"coding": [_coding(_SNOMED, code, display)]},
        "code": {"coding": [_coding(CODE_SYSTEMS["domain"], n.domain, tax.domain_label(n.domain, "en"))]},
        "subject": ids.ref(PERSON),
    }


def _goal(n: Need, ids: _Ids, labels: bool, tax: Taxonomy) -> dict[str, Any]:
    description: dict[str, Any] = {"coding": [_coding(CODE_SYSTEMS["domain"], n.domain,
                                                       tax.domain_label(n.domain, "en"))]}
    if labels and n.goal:
        description["text"] = n.goal
    res: dict[str, Any] = {"resourceType": "Goal", "id": ids(f"goal/{n.id}"),
                           "lifecycleStatus": _GOAL_LIFECYCLE[n.status], "description": description,
                           "subject": ids.ref(PERSON), "addresses": [ids.ref(f"need/{n.id}")]}
    if n.priority:
        res["priority"] = {"coding": [_coding("http://terminology.hl7.org/CodeSystem/goal-priority",
                                              "high-priority", "High Priority")]}
    return res


def _performer(actor_id: str | None, known: set[str], ids: _Ids) -> list[dict[str, str]]:
    if actor_id is None:
        return []
    if actor_id == PERSON:
        return [ids.ref(PERSON)]
    return [ids.ref(f"actor/{actor_id}")] if actor_id in known else []


def _care_plan(s: Situation, a: Assessment, ids: _Ids, labels: bool, goals: set[str], tax: Taxonomy) -> dict[str, Any]:
    known = {x.id for x in a.actors}
    activities: list[dict[str, Any]] = []
    for n in a.needs:
        covering = [ids.ref(f"actor/{x}") for x in n.covered_by if x in known]
        if n.status == "active":
            status = "in-progress" if covering else "not-started"
        else:
            status = "completed" if n.status == "met" else "on-hold"
        detail: dict[str, Any] = {
            "code": {"coding": [_coding(CODE_SYSTEMS["domain"], n.domain, tax.domain_label(n.domain, "en"))]},
            "status": status, "reasonReference": [ids.ref(f"need/{n.id}")]}
        if covering:
            detail["performer"] = covering
        if n.id in goals:
            detail["goal"] = [ids.ref(f"goal/{n.id}")]
        activities.append({"detail": detail})
    for act in a.actions:
        detail = {"code": {"coding": [_coding(CODE_SYSTEMS["activity"], "action", "Action of the plan")]},
                  "status": _ACTION_STATUS[act.status]}
        if labels:
            detail["description"] = act.what
        performer = _performer(act.owner, known, ids)
        if performer:
            detail["performer"] = performer
        if act.need is not None and a.need(act.need) is not None:
            detail["reasonReference"] = [ids.ref(f"need/{act.need}")]
            if act.need in goals:
                detail["goal"] = [ids.ref(f"goal/{act.need}")]
        if act.due is not None:
            detail["scheduledPeriod"] = {"end": act.due.isoformat()}
        activities.append({"detail": detail})
    plan: dict[str, Any] = {
        "resourceType": "CarePlan", "id": ids("careplan"), "meta": {"profile": [PROFILES["CarePlan"]]},
        "status": _plan_status(s.outcome), "intent": "plan", "subject": ids.ref(PERSON),
        "created": a.date.isoformat(), "careTeam": [ids.ref("careteam")],
        "addresses": [ids.ref(f"need/{n.id}") for n in a.needs if n.status == "active"],
    }
    if labels and a.label:
        plan["title"] = a.label
    period = _period(s)
    if period:
        plan["period"] = period
    if goals:
        plan["goal"] = [ids.ref(f"goal/{n.id}") for n in a.needs if n.id in goals]
    if activities:
        plan["activity"] = activities
    if not plan["addresses"]:
        del plan["addresses"]
    return plan


def _period(s: Situation) -> dict[str, str]:
    out = {}
    if s.opened:
        out["start"] = s.opened.isoformat()
    if s.closed:
        out["end"] = s.closed.isoformat()
    return out


def fhir_bundle(situation: Situation, *, at: dt.date | None = None, include_labels: bool = False,
                key: bytes | None = None, taxonomy: Taxonomy | None = None) -> dict[str, Any]:
    """The FHIR R4 Bundle (``type: collection``) of a situation, as plain JSON data.

    ``key`` (from :func:`netmap.aggregate.deidentify.read_key`) is required unless
    ``include_labels``: it makes the pseudonyms. With ``include_labels`` and no key, ids
    are name-based UUIDs of the situation id.
    """
    if key is None and not include_labels:
        raise UsageError("a de-identified FHIR export needs a pseudonym key (--key-file FILE, created with "
                         "--create-key); or give --include-labels to export names and free text")
    tax = taxonomy or default_taxonomy()
    s = situation
    ids = _Ids(s.id, key)
    if include_labels:
        identifier = {"system": CODE_SYSTEMS["situation"], "value": s.id}
    else:
        from ..aggregate.deidentify import pseudonym

        identifier = {"system": CODE_SYSTEMS["pseudonym"], "value": pseudonym(key, s.id)}  # type: ignore[arg-type]
    resources: list[dict[str, Any]] = [_patient(s, ids, identifier)]
    resources.append({"resourceType": "Organization", "id": ids("service"), "active": True,
                      "identifier": [{"system": CODE_SYSTEMS["service"], "value": s.service}],
                      "name": tax.service_name(s.service)})
    a = s.assessment_at(at)
    team: dict[str, Any] = {
        "resourceType": "CareTeam", "id": ids("careteam"), "meta": {"profile": [PROFILES["CareTeam"]]},
        "status": _team_status(s.outcome),
        "category": [{"coding": [_coding(_LOINC, *_LONGITUDINAL_TEAM)]}],
        "subject": ids.ref(PERSON), "managingOrganization": [ids.ref("service")],
    }
    period = _period(s)
    if period:
        team["period"] = period
    resources.append(team)
    if a is not None:
        for actor in a.actors:
            resources.extend(_actor_resources(actor, ids, include_labels, tax))
        participants = [_participant(x, ids, tax) for x in a.actors if x.active]
        if participants:
            team["participant"] = participants
        goals = {n.id for n in a.needs if n.priority or (include_labels and n.goal)}
        resources.extend(_condition(n, ids, tax) for n in a.needs)
        resources.extend(_goal(n, ids, include_labels, tax) for n in a.needs if n.id in goals)
        resources.append(_care_plan(s, a, ids, include_labels, goals, tax))
    return {
        "resourceType": "Bundle", "id": ids("bundle"), "type": "collection",
        "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources],
    }


def write_fhir(situations: Iterable[Situation], path: str | Path, *, at: dt.date | None = None,
               include_labels: bool = False, key: bytes | None = None,
               taxonomy: Taxonomy | None = None) -> list[Path]:
    """Write one Bundle per situation: ``path`` itself for a ``.json`` name and one situation, else
    ``path/<name>.json`` named by the situation id (with labels) or by its pseudonym."""
    sits = list(situations)
    bundles = [fhir_bundle(s, at=at, include_labels=include_labels, key=key, taxonomy=taxonomy) for s in sits]
    p = Path(path)
    if p.suffix.lower() == ".json":
        if len(sits) != 1:
            raise UsageError(f"{p}: a .json file holds one Bundle; give a folder for {len(sits)} situations")
        targets = [p]
    else:
        targets = [p / f"{s.id if include_labels else b['entry'][0]['resource']['identifier'][0]['value']}.json"
                   for s, b in zip(sits, bundles, strict=True)]
    for b, t in zip(bundles, targets, strict=True):
        atomic_write_bytes(t, (json.dumps(b, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return targets
