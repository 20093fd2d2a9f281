"""How a situation becomes a stored row (canonical JSON, indexed columns, hashes) and back."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from ..io.canonical import situation_to_dict
from ..model import (
    FORMAT,
    Action,
    Actor,
    Assessment,
    Funding,
    Meeting,
    Need,
    Person,
    Requester,
    Situation,
    Tie,
)
from ..taxonomy import Taxonomy

__all__ = [
    "SUMMARY_COLUMNS",
    "SituationRow",
    "canonical_text",
    "content_hash",
    "situation_from_stored",
    "situation_row",
    "taxonomy_fingerprint",
]

# the indexed columns of table `situations`, as returned by Store.summary(): no label, no free text
SUMMARY_COLUMNS = ("id", "service", "region", "age", "housing", "requested", "opened", "closed", "outcome",
                   "latest_assessment", "assessments")


def canonical_text(obj: Any) -> str:
    """Compact JSON text of canonical data (key order as written by situation_to_dict)."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def content_hash(text: str) -> str:
    """SHA-256 (hex) of a stored body."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def taxonomy_fingerprint(taxonomy: Taxonomy) -> str:
    """A digest of the codes validation depends on (format version, domain and sector codes).

    A row stored under the same fingerprint, whose body still matches its content hash, was
    validated by the same rules against the same codes: it need not be validated again.
    """
    return content_hash(canonical_text({"format": FORMAT, "domains": sorted(taxonomy.domains),
                                        "sectors": sorted(taxonomy.sectors)}))[:16]


@dataclass(frozen=True, slots=True)
class SituationRow:
    """What the store writes for one situation."""

    id: str
    service: str
    region: str
    age: int | None
    housing: str
    requested: str
    opened: str | None
    closed: str | None
    outcome: str
    latest_assessment: str | None
    assessment_count: int
    content_hash: str
    body: str
    assessment_dates: tuple[str, ...]


def situation_row(s: Situation, d: dict[str, Any] | None = None) -> SituationRow:
    """The row of a situation: canonical JSON body, its hash, the indexed columns and assessment dates.

    ``d`` is ``situation_to_dict(s)`` when the caller already has it.
    """
    d = situation_to_dict(s) if d is None else d
    body = canonical_text(d)
    return SituationRow(
        id=s.id, service=s.service, region=s.person.region, age=s.person.age, housing=s.person.housing,
        requested=d["requested"], opened=d["opened"], closed=d["closed"], outcome=s.outcome,
        latest_assessment=d["assessments"][-1]["date"] if d["assessments"] else None,
        assessment_count=len(d["assessments"]), content_hash=content_hash(body), body=body,
        assessment_dates=tuple(a["date"] for a in d["assessments"]),
    )


def _date(v: str | None) -> dt.date | None:
    return dt.date.fromisoformat(v) if v is not None else None


def situation_from_stored(d: dict[str, Any]) -> Situation:
    """Build the model from a stored canonical object that was validated on import (no checks).

    The body holds every key (situation_to_dict writes them all), so this is a direct mapping.
    Only call it on a body whose content hash matches and whose taxonomy fingerprint is current.
    """
    p = d["person"]
    assessments = []
    for a in d["assessments"]:
        assessments.append(Assessment(
            date=dt.date.fromisoformat(a["date"]),
            label=a["label"],
            actors=tuple(Actor(**x) if "support" not in x else Actor(**{**x, "support": tuple(x["support"])})
                         for x in a["actors"]),
            ties=tuple(Tie(x["a"], x["b"], x["kind"], x["strength"]) for x in a["ties"]),
            needs=tuple(Need(id=x["id"], domain=x["domain"], severity=x["severity"], status=x["status"],
                             covered_by=tuple(x["covered_by"]), priority=x["priority"], goal=x["goal"])
                        for x in a["needs"]),
            actions=tuple(Action(id=x["id"], what=x["what"], owner=x["owner"], status=x["status"], need=x["need"],
                                 due=_date(x["due"])) for x in a["actions"]),
        ))
    return Situation(
        id=d["id"], service=d["service"],
        person=Person(region=p["region"], housing=p["housing"], demand=p["demand"], consent=p["consent"],
                      age=p["age"], insured=p["insured"], gender=p["gender"], languages=tuple(p["languages"])),
        requested=dt.date.fromisoformat(d["requested"]), outcome=d["outcome"], opened=_date(d["opened"]),
        closed=_date(d["closed"]),
        requesters=tuple(Requester(r["type"], r["sector"], r["organisation"]) for r in d["requesters"]),
        assessments=tuple(sorted(assessments, key=lambda a: a.date)),
        meetings=tuple(Meeting(date=dt.date.fromisoformat(m["date"]), kind=m["kind"],
                               attendees=tuple(m["attendees"])) for m in d["meetings"]),
        funding=tuple(Funding(date=dt.date.fromisoformat(f["date"]), fund=f["fund"],
                              requested_eur=float(f["requested_eur"]), status=f["status"],
                              granted_eur=None if f["granted_eur"] is None else float(f["granted_eur"]))
                      for f in d["funding"]),
    )
