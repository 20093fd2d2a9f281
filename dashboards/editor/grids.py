"""The editor's grids, both ways: a situation as rows of actors, ties, needs and actions, and back.

Pure functions (no Dash): the page calls them on every change. Ids are never typed: an
actor's id comes from its label, a need's from its domain, an action's from its rank, and
an id once given stays (rows carry it in a column the grid does not show). Coverage is one
column per actor (``cov:<actor id>``) holding a tick (``True``); yes/no fields are ticks too. The canonical dictionary built here is
checked by :func:`netmap.io.canonical.parse_situation`, the validator of files, and each
problem is placed back on its grid, row and column.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from netmap.errors import Problem
from netmap.io.canonical import parse_situation, situation_to_dict
from netmap.io.problem_text import expected_text
from netmap.model import FORMAT, Situation
from netmap.taxonomy import Taxonomy

__all__ = ["NO", "YES", "Cell", "assessment_rows", "build_situation", "cell_problems", "check", "cover_column",
           "earlier_of", "new_ids", "place_problems", "situation_rows", "slug", "today"]

_COVER = "cov:"
YES, NO = "yes", "no"


def cover_column(actor_id: str) -> str:
    """The needs grid's column of ticks for one actor."""
    return _COVER + actor_id


def slug(text: str, fallback: str) -> str:
    """An id from a label: lower-case ASCII letters, digits and dashes, at most 40 characters.

    >>> slug("Mère (Mme D.)", "actor")
    'mere-mme-d'
    >>> slug("  ", "actor")
    'actor'
    """
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    out = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:40].strip("-")
    return out or fallback


def _unique(base: str, taken: set[str]) -> str:
    if base not in taken and base != "person":
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def new_ids(rows: Sequence[Mapping[str, Any]], source: str, fallback: str) -> list[dict[str, Any]]:
    """The rows with an ``id`` given to each row that has none, from its ``source`` column; existing ids kept."""
    taken = {str(r["id"]) for r in rows if r.get("id")}
    out = []
    for r in rows:
        r = dict(r)
        if not r.get("id") and str(r.get(source) or "").strip():
            r["id"] = _unique(slug(str(r[source]), fallback), taken)
            taken.add(r["id"])
        out.append(r)
    return out


def assessment_rows(s: Situation | None, index: int | None = None) -> dict[str, list[dict[str, Any]]]:
    """The grids' rows of one assessment (default: the latest); empty grids without a situation."""
    if s is None or not s.assessments:
        return {"actors": [], "ties": [], "needs": [], "actions": []}
    a = s.assessments[-1 if index is None else index]
    actors = [{
        "id": x.id, "label": x.label, "sector": x.sector, "organisation": x.organisation or "", "role": x.role or "",
        "exhaustion": "" if x.exhaustion is None else str(x.exhaustion), "tie_to_person": x.tie_to_person,
        "case_manager": x.case_manager, "referent": x.referent, "active": x.active,
        "mandate": x.mandate or "", "language": x.language or "", "support": ";".join(x.support),
        "reciprocity": x.reciprocity or "", "contact": x.contact or "",
    } for x in a.actors]
    ties = [{"a": t.a, "b": t.b, "kind": t.kind, "strength": t.strength} for t in a.ties]
    needs = []
    for n in a.needs:
        row: dict[str, Any] = {"id": n.id, "domain": n.domain, "severity": str(n.severity), "status": n.status,
                               "priority": n.priority, "goal": n.goal or "", "order": ";".join(n.covered_by)}
        row.update({cover_column(x.id): x.id in n.covered_by for x in a.actors})
        needs.append(row)
    actions = [{"id": x.id, "what": x.what, "owner": x.owner or "", "need": x.need or "",
                "due": x.due.isoformat() if x.due else "", "status": x.status} for x in a.actions]
    return {"actors": actors, "ties": ties, "needs": needs, "actions": actions}


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _opt(v: Any) -> Any:
    return None if _blank(v) else (v.strip() if isinstance(v, str) else v)


def _bool(v: Any, default: bool) -> Any:
    """A tick (``True``/``False``) or a yes/no drop-down's code as a boolean; anything else left for the validator."""
    if _blank(v):
        return default
    if isinstance(v, bool):
        return v
    return {YES: True, NO: False}.get(v, v)


def _int(v: Any) -> Any:
    if _blank(v):
        return None
    try:
        return int(v)
    except (TypeError, ValueError):
        return v  # left as given: the validator says what was expected


# the grid (and its column) behind each key of the canonical objects
Cell = tuple[str, int, str]  # grid, row index in the grid, column id


def build_situation(person: Mapping[str, Any], grids: Mapping[str, Sequence[Mapping[str, Any]]], *,
                    date: str, label: str | None, earlier: Sequence[Mapping[str, Any]] = (),
                    rest: Mapping[str, Any] | None = None) -> tuple[dict[str, Any], dict[str, Cell]]:
    """The canonical dictionary of the edited situation, and where each JSON pointer lives in the grids.

    ``person`` holds the situation's own fields (id, service, requested, opened, outcome and the
    person's); ``earlier`` the canonical assessments before the edited one; ``rest`` the
    canonical requesters, meetings and funding kept as they were. Blank grid rows are left out.
    """
    places: dict[str, Cell] = {}
    k = len(earlier)
    base = f"/assessments/{k}"
    actors: list[dict[str, Any]] = []
    ties: list[dict[str, Any]] = []
    needs: list[dict[str, Any]] = []
    actions: list[dict[str, Any]] = []
    for r, row in enumerate(grids.get("actors", ())):
        if all(_blank(row.get(c)) for c in ("label", "sector")):
            continue
        ptr = f"{base}/actors/{len(actors)}"
        sector = _opt(row.get("sector"))
        obj = {"id": row.get("id") or f"row-{r + 1}", "label": row.get("label") or "", "formal": sector != "informal",
               "sector": sector, "organisation": _opt(row.get("organisation")), "role": _opt(row.get("role")),
               "language": _opt(row.get("language")), "exhaustion": _int(row.get("exhaustion")),
               "mandate": _opt(row.get("mandate")), "case_manager": _bool(row.get("case_manager"), False),
               "referent": _bool(row.get("referent"), False),
               "tie_to_person": _opt(row.get("tie_to_person")) or "normal", "active": _bool(row.get("active"), True)}
        support = [p for p in str(row.get("support") or "").split(";") if p]
        if support:
            obj["support"] = support
        for key in ("reciprocity", "contact"):
            if not _blank(row.get(key)):
                obj[key] = row[key]
        for key in obj:
            places[f"{ptr}/{key}"] = ("actors", r, "sector" if key == "formal" else
                                      "label" if key == "id" else key)
        places[ptr] = ("actors", r, "label")
        actors.append(obj)
    ids = {a["id"] for a in actors}
    for r, row in enumerate(grids.get("ties", ())):
        if all(_blank(row.get(c)) for c in ("a", "b", "kind")):
            continue
        ptr = f"{base}/ties/{len(ties)}"
        obj = {"a": row.get("a") or "", "b": row.get("b") or "", "kind": _opt(row.get("kind")),
               "strength": _opt(row.get("strength")) or "normal"}
        for key in obj:
            places[f"{ptr}/{key}"] = ("ties", r, key)
        places[ptr] = ("ties", r, "kind")
        ties.append(obj)
    need_rows: list[int] = []
    for r, row in enumerate(grids.get("needs", ())):
        if _blank(row.get("domain")):
            continue
        ptr = f"{base}/needs/{len(needs)}"
        # the order of the ticks loaded (kept in the hidden "order" column), then new ticks in the actors' order
        ticked = {i for i in ids if row.get(cover_column(i)) is True}
        loaded = [i for i in str(row.get("order") or "").split(";") if i in ticked]
        covered = loaded + [a["id"] for a in actors if a["id"] in ticked and a["id"] not in loaded]
        obj = {"id": row.get("id") or f"need-{r + 1}", "domain": row.get("domain"),
               "severity": _int(row.get("severity")) if not _blank(row.get("severity")) else 2,
               "status": _opt(row.get("status")) or "active", "covered_by": covered,
               "priority": _bool(row.get("priority"), False), "goal": _opt(row.get("goal"))}
        for key in obj:
            places[f"{ptr}/{key}"] = ("needs", r, "domain" if key == "id" else key)
        for j, i in enumerate(covered):
            places[f"{ptr}/covered_by/{j}"] = ("needs", r, cover_column(i))
        places[ptr] = ("needs", r, "domain")
        need_rows.append(r)
        needs.append(obj)
    for r, row in enumerate(grids.get("actions", ())):
        if _blank(row.get("what")):
            continue
        ptr = f"{base}/actions/{len(actions)}"
        obj = {"id": row.get("id") or f"a{r + 1}", "what": row.get("what"), "owner": _opt(row.get("owner")),
               "need": _opt(row.get("need")), "due": _opt(row.get("due")),
               "status": _opt(row.get("status")) or "todo"}
        for key in obj:
            places[f"{ptr}/{key}"] = ("actions", r, "what" if key == "id" else key)
        places[ptr] = ("actions", r, "what")
        actions.append(obj)
    rest = dict(rest or {})
    if "requesters" in grids:  # edited in their grid (else kept as they were)
        rest["requesters"] = _requesters(grids["requesters"], places)
    if "funding" in grids:
        rest["funding"] = _funding(grids["funding"], places)
    d = {
        "format": FORMAT, "id": person.get("id"), "service": person.get("service"),
        "person": {"age": _int(person.get("age")), "gender": _opt(person.get("gender")),
                   "region": person.get("region"), "housing": person.get("housing"),
                   "insured": None if _blank(person.get("insured")) else _bool(person.get("insured"), False),
                   "languages": [x for x in re.split(r"[;, ]+", str(person.get("languages") or "")) if x],
                   "demand": person.get("demand"), "consent": person.get("consent")},
        "requested": person.get("requested"), "requesters": list(rest.get("requesters", [])),
        "opened": _opt(person.get("opened")), "closed": _opt(person.get("closed")), "outcome": person.get("outcome"),
        "assessments": [*earlier, {"date": date, "label": _opt(label), "actors": actors, "ties": ties,
                                   "needs": needs, "actions": actions}],
        "meetings": list(rest.get("meetings", [])), "funding": list(rest.get("funding", [])),
    }
    for key in ("age", "gender", "region", "housing", "insured", "languages", "demand", "consent"):
        places[f"/person/{key}"] = ("person", 0, key)
    for key in ("id", "service", "requested", "opened", "closed", "outcome"):
        places[f"/{key}"] = ("person", 0, key)
    places[f"{base}/date"] = ("person", 0, "date")
    places[f"{base}/label"] = ("person", 0, "label")
    return d, places


def _requesters(rows: Sequence[Mapping[str, Any]], places: dict[str, Cell]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for r, row in enumerate(rows):
        if all(_blank(row.get(c)) for c in ("type", "sector", "organisation")):
            continue
        ptr = f"/requesters/{len(out)}"
        obj = {"type": _opt(row.get("type")), "sector": _opt(row.get("sector")),
               "organisation": _opt(row.get("organisation"))}
        places.update({f"{ptr}/{key}": ("requesters", r, key) for key in obj})
        places[ptr] = ("requesters", r, "type")
        out.append(obj)
    return out


def _number(v: Any) -> Any:
    """A number typed with a decimal point or comma (``1250,50``); anything else left for the validator."""
    if _blank(v):
        return None
    if isinstance(v, int | float):
        return v
    text = str(v).strip().replace(" ", "").replace(",", ".")
    try:
        return int(text) if text.lstrip("-").isdigit() else float(text)
    except ValueError:
        return v


def _funding(rows: Sequence[Mapping[str, Any]], places: dict[str, Cell]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for r, row in enumerate(rows):
        if all(_blank(row.get(c)) for c in ("date", "fund", "requested_eur", "granted_eur")):
            continue
        ptr = f"/funding/{len(out)}"
        obj = {"date": _opt(row.get("date")), "fund": _opt(row.get("fund")),
               "requested_eur": _number(row.get("requested_eur")), "granted_eur": _number(row.get("granted_eur")),
               "status": _opt(row.get("status")) or "pending"}
        places.update({f"{ptr}/{key}": ("funding", r, key) for key in obj})
        places[ptr] = ("funding", r, "fund")
        out.append(obj)
    return out


def situation_rows(s: Situation | None) -> dict[str, list[dict[str, Any]]]:
    """The rows of the situation's own lists edited in grids: who asked, and the emergency-fund requests."""
    if s is None:
        return {"requesters": [], "funding": []}
    requesters = [{"type": q.type, "sector": q.sector or "", "organisation": q.organisation or ""}
                  for q in s.requesters]
    funding = [{"date": f.date.isoformat(), "fund": f.fund, "requested_eur": _amount(f.requested_eur),
                "granted_eur": "" if f.granted_eur is None else _amount(f.granted_eur), "status": f.status}
               for f in s.funding]
    return {"requesters": requesters, "funding": funding}


def _amount(v: float) -> str:
    """An amount as typed back: ``1250`` or ``1250.5``."""
    return str(int(v)) if float(v).is_integer() else str(v)


def place_problems(problems: Iterable[Problem], places: Mapping[str, Cell],
                   lang: str) -> list[tuple[Cell | None, str]]:
    """Each problem with the cell it concerns (the longest known prefix of its pointer) and its text in ``lang``."""
    out: list[tuple[Cell | None, str]] = []
    for p in problems:
        ptr = p.place
        cell = None
        while ptr:
            if ptr in places:
                cell = places[ptr]
                break
            ptr = ptr.rsplit("/", 1)[0]
        out.append((cell, expected_text(p.expected, lang)))
    return out


def cell_problems(placed: Iterable[tuple[Cell | None, str]], grids: Mapping[str, Sequence[Mapping[str, Any]]],
                  key: str = "_key") -> dict[str, dict[str, dict[str, str]]]:
    """The placed problems of the grids by grid, row key and column: what the grids draw on their cells.

    A row is named by its ``key`` column (a row keeps it while rows are added or deleted
    around it); two problems on one cell are joined. Problems on the person's fields or on
    no cell are left out (the page shows them beside their field and in the list).

    >>> cell_problems([(("ties", 1, "b"), "expected an actor"), (None, "x")],
    ...               {"ties": [{"_key": "t0"}, {"_key": "t1"}]})
    {'ties': {'t1': {'b': 'expected an actor'}}}
    """
    out: dict[str, dict[str, dict[str, str]]] = {}
    for cell, text in placed:
        if cell is None or cell[0] not in grids:
            continue
        grid, row, col = cell
        rows = grids[grid]
        if not 0 <= row < len(rows) or not rows[row].get(key):
            continue
        here = out.setdefault(grid, {}).setdefault(str(rows[row][key]), {})
        here[col] = f"{here[col]}; {text}" if col in here and text not in here[col] else text
    return out


def check(d: dict[str, Any], places: Mapping[str, Cell], taxonomy: Taxonomy,
          lang: str) -> tuple[Situation | None, list[tuple[Cell | None, str]]]:
    """Validate the built dictionary with the validator of files; the situation and the placed problems."""
    sit, problems = parse_situation(d, file="editor", taxonomy=taxonomy)
    return (sit if not problems else None), place_problems(problems, places, lang)


def earlier_of(s: Situation | None, new_assessment: bool) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The canonical assessments kept unchanged before the edited one, and the situation's other lists."""
    if s is None:
        return [], {}
    d = situation_to_dict(s)
    rest = {k: d[k] for k in ("requesters", "meetings", "funding")}
    return (d["assessments"] if new_assessment else d["assessments"][:-1]), rest


def today() -> str:
    return dt.date.today().isoformat()

