"""Situations built for the eco-map tests and benchmark: many actors, hostile labels."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

from netmap.io.canonical import situation_from_dict
from netmap.model import Situation

DATA = Path(__file__).resolve().parent / "data"

# actors' sectors in turn, and their tie to the person in turn
SECTORS = ("informal", "cpas", "primary_care", "mental_health", "hospital", "home_care", "education",
           "youth_family", "social_work", "justice")
TIES = ("strong", "normal", "tenuous", "conflict", "normal")
HOSTILE = (
    '<img src=x onerror="window.__pwned=1">',
    "</script><script>window.__pwned=1</script>",
    '"><svg onload="window.__pwned=1">',
    "\u2028'\u2029</style><b id=injected>x</b>&amp;",
)


def youth() -> Situation:
    """The shared youth example (two assessments, Jan and Jun 2024)."""
    return situation_from_dict(json.loads((DATA / "youth-brussels.json").read_text(encoding="utf-8")))


def big_dict(n: int, *, label: str = "Intervenant·e du réseau n° {i}", sid: str = "BIG-01") -> dict:
    """A situation with ``n`` actors in ten sectors, ties in a ring, needs covered in turn, and a second
    assessment where a third of the actors changed (to test that places are kept)."""
    actors = []
    for i in range(n):
        sec = SECTORS[i % len(SECTORS)]
        actors.append({"id": f"a{i:02d}", "label": label.format(i=i), "formal": sec != "informal", "sector": sec,
                       "organisation": f"Organisation {i}", "tie_to_person": TIES[i % len(TIES)],
                       "exhaustion": i % 4, "case_manager": i == 1})
    ties = [{"a": f"a{i:02d}", "b": f"a{(i + 1) % n:02d}", "kind": "conflict" if i % 9 == 4 else "coordination"}
            for i in range(n - 1)] if n > 1 else []
    domains = ("mental_health", "housing", "finances", "physical_health", "daily_activities", "schooling")
    needs = [{"id": f"n{j}", "domain": d, "covered_by": [f"a{(j * 7) % n:02d}"] if j < 4 else []}
             for j, d in enumerate(domains)]
    first = {"date": "2024-01-10", "label": "ouverture", "actors": actors, "ties": ties, "needs": needs}
    later_actors = [dict(a, tie_to_person="strong") if k % 3 == 0 else a for k, a in enumerate(actors) if k % 5 != 2]
    later_ids = {a["id"] for a in later_actors}
    second = {"date": "2024-05-10", "label": "concertation", "actors": later_actors,
              "ties": [t for t in ties if t["a"] in later_ids and t["b"] in later_ids],
              "needs": [dict(nd, covered_by=[c for c in nd["covered_by"] if c in later_ids]) for nd in needs]}
    return {"format": "netmap/1", "id": sid, "service": "brusano-cm",
            "person": {"age": 40, "region": "bruxelles", "housing": "own_home", "insured": True,
                       "demand": "expressed", "consent": "given"},
            "requested": "2024-01-01", "opened": "2024-01-10", "closed": None, "outcome": "open",
            "assessments": [first, second]}


def big(n: int, **kw) -> Situation:
    return situation_from_dict(big_dict(n, **kw))


def hostile_dict() -> dict:
    """The youth example with a hostile text in every field a user controls."""
    obj = json.loads((DATA / "youth-brussels.json").read_text(encoding="utf-8"))
    k = 0

    def evil() -> str:
        nonlocal k
        k += 1
        return HOSTILE[k % len(HOSTILE)] + f" #{k}"

    for asmt in obj["assessments"]:
        asmt["label"] = evil()
        for a in asmt["actors"]:
            a["label"] = evil()
            a["organisation"] = evil()
            a["role"] = evil()
        for nd in asmt["needs"]:
            nd["goal"] = evil()
        for act in asmt.get("actions", []):
            act["what"] = evil()
    return obj


def hostile() -> Situation:
    return situation_from_dict(hostile_dict())


def tags_and_attributes(html: str) -> tuple[set[str], set[str]]:
    """Every element name and attribute name of a page, as an HTML parser sees them."""
    tags: set[str] = set()
    attrs: set[str] = set()

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attributes):
            tags.add(tag)
            attrs.update(name for name, _ in attributes)

    Collect().feed(html)
    return tags, attrs
