"""The canonical form of a situation (format netmap/1) as plain JSON data, both ways.

:func:`parse_situation` checks every rule of the format (types, enums, taxonomy codes,
consistency and referential rules) and reports every problem at once, each with its
JSON pointer. Tabular readers (Excel, CSV) build the same plain data and pass a
``locate`` function that turns a pointer back into a sheet, row and column.

No message repeats a value from the input: values may be personal data.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from ..errors import Problem, ValidationError
from ..model import (
    ACTION_STATUSES,
    CONSENTS,
    DEMANDS,
    FORMAT,
    FUNDING_STATUSES,
    HOUSINGS,
    MANDATES,
    MEETING_KINDS,
    NEED_STATUSES,
    OUTCOMES,
    PERSON,
    REQUESTER_TYPES,
    TIE_KINDS,
    TIE_STRENGTHS,
    TIES_TO_PERSON,
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
from ..taxonomy import Taxonomy, default_taxonomy
from .limits import check_values, screen_json

try:  # screening texts on their JSON text (see _texts_surely_fine)
    import orjson
except ImportError:  # pragma: no cover - orjson is a declared dependency
    orjson = None  # type: ignore[assignment]

__all__ = ["ID_RE", "KNOWN_KEYS", "parse_situation", "situation_from_dict", "situation_to_dict"]

# \Z, not $: "$" would also accept a final line break ("gp\n")
ID_RE = re.compile(r"[A-Za-z0-9._-]{1,64}\Z")
LANG_RE = re.compile(r"[a-z]{2}\Z")
DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_MISSING = object()

Locate = Callable[[str], str]

# keys of each object, required ones first in the spec's order
SITUATION_KEYS = ("format", "id", "service", "person", "requested", "requesters", "opened", "closed", "outcome",
                  "assessments", "meetings", "funding")
PERSON_KEYS = ("age", "gender", "region", "housing", "insured", "languages", "demand", "consent")
REQUESTER_KEYS = ("type", "sector", "organisation")
ASSESSMENT_KEYS = ("date", "label", "actors", "ties", "needs", "actions")
ACTOR_KEYS = ("id", "label", "formal", "sector", "organisation", "role", "language", "exhaustion", "mandate",
              "case_manager", "referent", "tie_to_person", "active")
TIE_KEYS = ("a", "b", "kind", "strength")
NEED_KEYS = ("id", "domain", "severity", "status", "covered_by", "priority", "goal")
ACTION_KEYS = ("id", "what", "owner", "need", "due", "status")
MEETING_KEYS = ("date", "kind", "attendees")
FUNDING_KEYS = ("date", "fund", "requested_eur", "granted_eur", "status")
KNOWN_KEYS = frozenset(SITUATION_KEYS + PERSON_KEYS + REQUESTER_KEYS + ASSESSMENT_KEYS + ACTOR_KEYS + TIE_KEYS
                       + NEED_KEYS + ACTION_KEYS + MEETING_KEYS + FUNDING_KEYS)
_ACTOR_KEYSET = frozenset(ACTOR_KEYS)
_TIE_KEYSET = frozenset(TIE_KEYS)
_NEED_KEYSET = frozenset(NEED_KEYS)


def _kind(value: Any) -> str:
    """The JSON type of a value, to say what was given without giving the value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string" if value else "an empty string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "a value of another type"


def _choices(values: tuple[str, ...] | list[str]) -> str:
    return ", ".join(values)


class _Checker:
    def __init__(self, file: str, locate: Locate | None, taxonomy: Taxonomy):
        self.file = file
        self.locate = locate or (lambda p: p or "/")
        self.tax = taxonomy
        self.problems: list[Problem] = []
        # strings already found to match ID_RE (ids recur: ties, covered_by, later assessments)
        self.good_ids: set[str] = set()

    def bad(self, ptr: str, expected: str) -> None:
        self.problems.append(Problem(self.file, self.locate(ptr), expected))

    # -- structural helpers -------------------------------------------------
    def obj(self, value: Any, ptr: str, keys: tuple[str, ...]) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.bad(ptr, f"expected an object, got {_kind(value)}")
            return None
        for n, k in enumerate(value, start=1):
            if k not in keys:  # named by the pointer of its object and its rank: its text may be a name
                self.bad(ptr, f"unexpected key (key number {n} of this object, not repeated here); "
                              f"expected only: {_choices(keys)}")
        return value

    def get(self, obj: dict[str, Any], key: str, ptr: str, required: bool) -> Any:
        if key not in obj:
            if required:
                self.bad(f"{ptr}/{key}", "a required value is missing")
            return _MISSING
        return obj[key]

    def string(self, obj, key, ptr, *, required=True, nullable=False, pattern=None, what="a non-empty string",
               maxlen=None, default=None):
        v = self.get(obj, key, ptr, required)
        if v is _MISSING:
            return default
        if v is None:
            if not nullable:
                self.bad(f"{ptr}/{key}", f"expected {what}, got null")
            return None
        if not isinstance(v, str) or not v.strip():
            self.bad(f"{ptr}/{key}", f"expected {what}, got {_kind(v)}")
            return None
        if pattern is not None and not pattern.match(v):
            self.bad(f"{ptr}/{key}", f"expected {what}")
            return None
        if maxlen is not None and len(v) > maxlen:
            self.bad(f"{ptr}/{key}", f"expected at most {maxlen} characters")
            return None
        return v

    def ident(self, obj, key, ptr, *, required=True, nullable=False):
        return self.string(obj, key, ptr, required=required, nullable=nullable, pattern=ID_RE,
                           what="an id of 1 to 64 characters among A-Z a-z 0-9 . _ -")

    def enum(self, obj, key, ptr, choices, *, required=True, nullable=False, default=None):
        v = self.get(obj, key, ptr, required)
        if v is _MISSING:
            return default
        if v is None and nullable:
            return None
        if not isinstance(v, str) or v not in choices:
            self.bad(f"{ptr}/{key}", f"expected one of: {_choices(choices)}")
            return None
        return v

    def code(self, obj, key, ptr, table: str, *, required=True, nullable=False):
        codes = self.tax.sectors if table == "sector" else self.tax.domains
        v = self.get(obj, key, ptr, required)
        if v is _MISSING or (v is None and nullable):
            return None
        if not isinstance(v, str) or v not in codes:
            example = "mental_health, housing, informal" if table == "sector" else "mental_health, housing, finances"
            self.bad(f"{ptr}/{key}", f"expected a {table} code of the taxonomy (e.g. {example})")
            return None
        return v

    def boolean(self, obj, key, ptr, *, required=True, nullable=False, default=None):
        v = self.get(obj, key, ptr, required)
        if v is _MISSING:
            return default
        if v is None and nullable:
            return None
        if not isinstance(v, bool):
            self.bad(f"{ptr}/{key}", f"expected true or false{' or null' if nullable else ''}, got {_kind(v)}")
            return None
        return v

    def integer(self, obj, key, ptr, lo, hi, *, required=True, nullable=False, default=None):
        v = self.get(obj, key, ptr, required)
        if v is _MISSING:
            return default
        if v is None and nullable:
            return None
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        if not isinstance(v, int) or isinstance(v, bool) or not lo <= v <= hi:
            self.bad(f"{ptr}/{key}", f"expected a whole number from {lo} to {hi}{' or null' if nullable else ''}")
            return None
        return v

    def number(self, obj, key, ptr, *, required=True, nullable=False):
        v = self.get(obj, key, ptr, required)
        if v is _MISSING or (v is None and nullable):
            return None
        if not isinstance(v, (int, float)) or isinstance(v, bool) or v != v or v < 0 or v == float("inf"):
            self.bad(f"{ptr}/{key}", f"expected a number >= 0{' or null' if nullable else ''}")
            return None
        return float(v)

    def date(self, obj, key, ptr, *, required=True, nullable=False):
        v = self.get(obj, key, ptr, required)
        if v is _MISSING:
            return None
        if v is None:
            if not nullable:
                self.bad(f"{ptr}/{key}", "expected a date YYYY-MM-DD, got null")
            return None
        if not isinstance(v, str) or not DATE_RE.match(v):
            self.bad(f"{ptr}/{key}", f"expected a date YYYY-MM-DD{' or null' if nullable else ''}")
            return None
        try:
            return dt.date.fromisoformat(v)
        except ValueError:
            self.bad(f"{ptr}/{key}", "expected a date that exists in the calendar (YYYY-MM-DD)")
            return None

    def items(self, obj, key, ptr, *, required=True) -> list[Any]:
        v = self.get(obj, key, ptr, required)
        if v is _MISSING or (v is None and not required):
            return []
        if not isinstance(v, list):
            self.bad(f"{ptr}/{key}", f"expected a list, got {_kind(v)}")
            return []
        return v

    def id_list(self, obj, key, ptr, *, required=True) -> list[tuple[int, str]]:
        out = []
        for i, v in enumerate(self.items(obj, key, ptr, required=required)):
            if not isinstance(v, str) or not ID_RE.match(v):
                self.bad(f"{ptr}/{key}/{i}", "expected an id of 1 to 64 characters among A-Z a-z 0-9 . _ -")
            else:
                out.append((i, v))
        return out

    # -- quick checks: the common case of a valid object, without building pointers or messages.
    # Each returns the object only when the full check would accept it and build the same
    # object; otherwise None, and the caller runs the full check.
    def _quick_actor(self, o: Any) -> Actor | None:
        if type(o) is not dict or not _ACTOR_KEYSET.issuperset(o):
            return None
        aid, label, formal, sector = o.get("id"), o.get("label"), o.get("formal"), o.get("sector")
        good = self.good_ids
        if (type(aid) is not str or aid == PERSON or (aid not in good and not ID_RE.match(aid)) or type(label) is not str
                or not label.strip() or type(formal) is not bool or type(sector) is not str
                or sector not in self.tax.sectors or (sector == "informal") is formal):
            return None
        org, role, lang = o.get("organisation"), o.get("role"), o.get("language")
        if ((org is not None and (type(org) is not str or not org.strip()))
                or (role is not None and (type(role) is not str or not role.strip()))
                or (lang is not None and (type(lang) is not str or not LANG_RE.match(lang)))):
            return None
        exh, mandate = o.get("exhaustion"), o.get("mandate")
        if (exh is not None and (type(exh) is not int or not 0 <= exh <= 3)) or (
                mandate is not None and (type(mandate) is not str or mandate not in MANDATES)):
            return None
        cm, ref, active = o.get("case_manager", False), o.get("referent", False), o.get("active", True)
        ttp = o.get("tie_to_person", "normal")
        if type(cm) is not bool or type(ref) is not bool or type(active) is not bool or type(ttp) is not str \
                or ttp not in TIES_TO_PERSON:
            return None
        good.add(aid)
        # positional (faster than keywords): the order of Actor's fields
        return Actor(aid, label, formal, sector, org, role, lang, exh, mandate, cm, ref, ttp, active)

    def _quick_tie(self, o: Any) -> Tie | None:
        if type(o) is not dict or not _TIE_KEYSET.issuperset(o):
            return None
        a, b, kind, strength = o.get("a"), o.get("b"), o.get("kind"), o.get("strength", "normal")
        good = self.good_ids
        if (type(a) is not str or type(b) is not str or a == b or PERSON in (a, b)
                or (a not in good and not ID_RE.match(a)) or (b not in good and not ID_RE.match(b))
                or type(kind) is not str or kind not in TIE_KINDS
                or type(strength) is not str or strength not in TIE_STRENGTHS):
            return None
        return Tie(a, b, kind, strength)

    def _quick_need(self, o: Any) -> Need | None:
        if type(o) is not dict or not _NEED_KEYSET.issuperset(o):
            return None
        nid, domain, cov = o.get("id"), o.get("domain"), o.get("covered_by")
        good = self.good_ids
        if (type(nid) is not str or (nid not in good and not ID_RE.match(nid)) or type(domain) is not str
                or domain not in self.tax.domains or type(cov) is not list):
            return None
        for v in cov:
            if type(v) is not str or (v not in good and not ID_RE.match(v)):
                return None
        severity, status = o.get("severity", 2), o.get("status", "active")
        priority, goal = o.get("priority", False), o.get("goal")
        if (type(severity) is not int or not 1 <= severity <= 3 or type(status) is not str
                or status not in NEED_STATUSES or type(priority) is not bool
                or (goal is not None and (type(goal) is not str or not goal.strip()))):
            return None
        good.add(nid)
        return Need(nid, domain, severity, status, tuple(cov), priority, goal)  # the order of Need's fields

    # -- objects -------------------------------------------------------------
    def person(self, value: Any, ptr: str) -> Person | None:
        o = self.obj(value, ptr, PERSON_KEYS)
        if o is None:
            return None
        age = self.integer(o, "age", ptr, 0, 120, nullable=True)
        gender = self.string(o, "gender", ptr, required=False, nullable=True, what="a string or null")
        region = self.string(o, "region", ptr, what="a lower-case region name (e.g. bruxelles)")
        if region is not None and region != region.lower():
            self.bad(f"{ptr}/region", "expected a lower-case region name (e.g. bruxelles)")
            region = None
        housing = self.enum(o, "housing", ptr, HOUSINGS)
        insured = self.boolean(o, "insured", ptr, nullable=True)
        langs = []
        for i, v in enumerate(self.items(o, "languages", ptr, required=False)):
            if not isinstance(v, str) or not LANG_RE.match(v):
                self.bad(f"{ptr}/languages/{i}", "expected a two-letter ISO 639-1 code in lower case (e.g. fr, nl)")
            else:
                langs.append(v)
        demand = self.enum(o, "demand", ptr, DEMANDS)
        consent = self.enum(o, "consent", ptr, CONSENTS)
        if None in (region, housing, demand, consent):
            return None
        return Person(region=region, housing=housing, demand=demand, consent=consent, age=age, insured=insured,
                      gender=gender, languages=tuple(langs))

    def requester(self, value: Any, ptr: str) -> Requester | None:
        o = self.obj(value, ptr, REQUESTER_KEYS)
        if o is None:
            return None
        t = self.enum(o, "type", ptr, REQUESTER_TYPES)
        sector = self.code(o, "sector", ptr, "sector", required=False, nullable=True)
        org = self.string(o, "organisation", ptr, required=False, nullable=True, what="a string or null")
        return Requester(t, sector, org) if t else None

    def actor(self, value: Any, ptr: str) -> Actor | None:
        o = self.obj(value, ptr, ACTOR_KEYS)
        if o is None:
            return None
        aid = self.ident(o, "id", ptr)
        if aid == PERSON:
            self.bad(f"{ptr}/id", "expected an actor id other than 'person', which is reserved for the person")
            aid = None
        label = self.string(o, "label", ptr)
        formal = self.boolean(o, "formal", ptr)
        sector = self.code(o, "sector", ptr, "sector")
        if formal is False and sector is not None and sector != "informal":
            self.bad(f"{ptr}/sector", "expected sector 'informal' for an informal actor (formal = false)")
        if formal is True and sector == "informal":
            self.bad(f"{ptr}/sector", "expected a professional sector for a formal actor (formal = true)")
        org = self.string(o, "organisation", ptr, required=False, nullable=True, what="a string or null")
        role = self.string(o, "role", ptr, required=False, nullable=True, what="a string or null")
        lang = self.string(o, "language", ptr, required=False, nullable=True, pattern=LANG_RE,
                           what="a two-letter ISO 639-1 code in lower case (e.g. fr, nl) or null")
        exhaustion = self.integer(o, "exhaustion", ptr, 0, 3, required=False, nullable=True)
        mandate = self.enum(o, "mandate", ptr, MANDATES, required=False, nullable=True)
        cm = self.boolean(o, "case_manager", ptr, required=False, default=False)
        ref = self.boolean(o, "referent", ptr, required=False, default=False)
        ttp = self.enum(o, "tie_to_person", ptr, TIES_TO_PERSON, required=False, default="normal")
        active = self.boolean(o, "active", ptr, required=False, default=True)
        if None in (aid, label, formal, sector, cm, ref, ttp, active):
            return None
        return Actor(id=aid, label=label, formal=formal, sector=sector, organisation=org, role=role, language=lang,
                     exhaustion=exhaustion, mandate=mandate, case_manager=cm, referent=ref, tie_to_person=ttp,
                     active=active)

    def tie(self, value: Any, ptr: str) -> Tie | None:
        o = self.obj(value, ptr, TIE_KEYS)
        if o is None:
            return None
        a = self.ident(o, "a", ptr)
        b = self.ident(o, "b", ptr)
        for key, v in (("a", a), ("b", b)):
            if v == PERSON:
                self.bad(f"{ptr}/{key}", "expected an actor id: ties to the person are given by the actor's tie_to_person")
        if a is not None and a == b and a != PERSON:
            self.bad(f"{ptr}/b", "expected a different actor from a: an actor cannot be tied to itself")
        kind = self.enum(o, "kind", ptr, TIE_KINDS)
        strength = self.enum(o, "strength", ptr, TIE_STRENGTHS, required=False, default="normal")
        if None in (a, b, kind, strength):
            return None
        return Tie(a, b, kind, strength)

    def need(self, value: Any, ptr: str) -> Need | None:
        o = self.obj(value, ptr, NEED_KEYS)
        if o is None:
            return None
        nid = self.ident(o, "id", ptr)
        domain = self.code(o, "domain", ptr, "domain")
        severity = self.integer(o, "severity", ptr, 1, 3, required=False, default=2)
        status = self.enum(o, "status", ptr, NEED_STATUSES, required=False, default="active")
        cov = [v for _, v in self.id_list(o, "covered_by", ptr)]
        priority = self.boolean(o, "priority", ptr, required=False, default=False)
        goal = self.string(o, "goal", ptr, required=False, nullable=True, what="a string or null")
        if None in (nid, domain, severity, status, priority):
            return None
        return Need(id=nid, domain=domain, severity=severity, status=status, covered_by=tuple(cov),
                    priority=priority, goal=goal)

    def action(self, value: Any, ptr: str) -> Action | None:
        o = self.obj(value, ptr, ACTION_KEYS)
        if o is None:
            return None
        aid = self.ident(o, "id", ptr)
        what = self.string(o, "what", ptr)
        owner = self.ident(o, "owner", ptr, nullable=True)
        need = self.ident(o, "need", ptr, required=False, nullable=True)
        due = self.date(o, "due", ptr, required=False, nullable=True)
        status = self.enum(o, "status", ptr, ACTION_STATUSES)
        if None in (aid, what, status):
            return None
        return Action(id=aid, what=what, owner=owner, status=status, need=need, due=due)

    def assessment(self, value: Any, ptr: str) -> Assessment | None:
        o = self.obj(value, ptr, ASSESSMENT_KEYS)
        if o is None:
            return None
        date = self.date(o, "date", ptr)
        label = self.string(o, "label", ptr, required=False, nullable=True, what="a string or null")
        # the quick checks accept only what the full ones accept; anything else goes through the full
        # check, which reports the problem
        actors = [(i, self._quick_actor(v) or self.actor(v, f"{ptr}/actors/{i}"))
                  for i, v in enumerate(self.items(o, "actors", ptr))]
        ties = [(i, self._quick_tie(v) or self.tie(v, f"{ptr}/ties/{i}"))
                for i, v in enumerate(self.items(o, "ties", ptr))]
        needs = [(i, self._quick_need(v) or self.need(v, f"{ptr}/needs/{i}"))
                 for i, v in enumerate(self.items(o, "needs", ptr))]
        actions = [(i, self.action(v, f"{ptr}/actions/{i}"))
                   for i, v in enumerate(self.items(o, "actions", ptr, required=False))]
        # uniqueness and references (checked even when some items were malformed)
        actor_ids = self._unique([(i, a.id) for i, a in actors if a], f"{ptr}/actors", "actor id")
        raw_actor_ids = {v.get("id") for v in self.items(o, "actors", ptr) if isinstance(v, dict)}
        need_ids = self._unique([(i, n.id) for i, n in needs if n], f"{ptr}/needs", "need id")
        raw_need_ids = {v.get("id") for v in self.items(o, "needs", ptr) if isinstance(v, dict)}
        self._unique([(i, a.id) for i, a in actions if a], f"{ptr}/actions", "action id")
        known = raw_actor_ids | actor_ids
        pairs: dict[tuple[frozenset[str], str], int] = {}
        for i, t in ties:
            if t is None:
                continue
            for key in ("a", "b"):
                v = getattr(t, key)
                if v != PERSON and v not in known:
                    self.bad(f"{ptr}/ties/{i}/{key}", "expected the id of an actor of this assessment")
            k = (frozenset((t.a, t.b)), t.kind)
            if k in pairs:
                self.bad(f"{ptr}/ties/{i}", f"expected at most one tie of each kind between two actors "
                                            f"(same pair and kind as /ties/{pairs[k]})")
            else:
                pairs[k] = i
        raw_needs = self.items(o, "needs", ptr)
        for i, n in needs:
            if n is None:
                continue
            cov_set = set(n.covered_by)  # a parsed need's covered_by holds the raw list's ids, all valid
            if len(cov_set) == len(n.covered_by) and cov_set <= known:
                continue  # nothing to report below
            raw_cov = raw_needs[i].get("covered_by", []) if isinstance(raw_needs[i], dict) else []
            for j, v in enumerate(raw_cov if isinstance(raw_cov, list) else []):
                if isinstance(v, str) and ID_RE.match(v) and v not in known:
                    self.bad(f"{ptr}/needs/{i}/covered_by/{j}", "expected the id of an actor of this assessment")
            seen: set[str] = set()
            for j, v in enumerate(raw_cov if isinstance(raw_cov, list) else []):
                if v in seen:
                    self.bad(f"{ptr}/needs/{i}/covered_by/{j}", "expected each actor at most once")
                seen.add(v)
        for i, a in actions:
            if a is None:
                continue
            if a.owner is not None and a.owner != PERSON and a.owner not in known:
                self.bad(f"{ptr}/actions/{i}/owner", "expected 'person', the id of an actor of this assessment, or null")
            if a.need is not None and a.need not in (raw_need_ids | need_ids):
                self.bad(f"{ptr}/actions/{i}/need", "expected the id of a need of this assessment")
        if date is None or any(x is None for _, x in actors + ties + needs + actions):
            return None
        return Assessment(
            date=date,
            label=label,
            actors=tuple(a for _, a in actors),  # type: ignore[misc]
            ties=tuple(t for _, t in ties),  # type: ignore[misc]
            needs=tuple(n for _, n in needs),  # type: ignore[misc]
            actions=tuple(a for _, a in actions),  # type: ignore[misc]
        )

    def _unique(self, ids: list[tuple[int, str]], ptr: str, what: str) -> set[str]:
        first: dict[str, int] = {}
        for i, v in ids:
            if v in first:
                self.bad(f"{ptr}/{i}/id", f"expected a unique {what} (the same id is used at {ptr}/{first[v]})")
            else:
                first[v] = i
        return set(first)

    def meeting(self, value: Any, ptr: str) -> tuple[Meeting | None, list[tuple[int, str]]]:
        o = self.obj(value, ptr, MEETING_KEYS)
        if o is None:
            return None, []
        date = self.date(o, "date", ptr)
        kind = self.enum(o, "kind", ptr, MEETING_KINDS)
        att = self.id_list(o, "attendees", ptr)
        if None in (date, kind):
            return None, att
        return Meeting(date=date, kind=kind, attendees=tuple(v for _, v in att)), att

    def funding(self, value: Any, ptr: str) -> Funding | None:
        o = self.obj(value, ptr, FUNDING_KEYS)
        if o is None:
            return None
        date = self.date(o, "date", ptr)
        fund = self.string(o, "fund", ptr)
        req = self.number(o, "requested_eur", ptr)
        granted = self.number(o, "granted_eur", ptr, nullable=True)
        status = self.enum(o, "status", ptr, FUNDING_STATUSES)
        if None in (date, fund, req, status):
            return None
        return Funding(date=date, fund=fund, requested_eur=req, status=status, granted_eur=granted)

    def situation(self, value: Any) -> Situation | None:
        o = self.obj(value, "", SITUATION_KEYS)
        if o is None:
            return None
        fmt = self.get(o, "format", "", True)
        if fmt is not _MISSING and fmt != FORMAT:
            self.bad("/format", f"expected \"{FORMAT}\"")
        sid = self.ident(o, "id", "")
        service = self.string(o, "service", "")
        person = self.person(o.get("person"), "/person") if "person" in o else self.bad("/person", "a required value is missing")  # type: ignore[func-returns-value]
        requested = self.date(o, "requested", "")
        requesters = [self.requester(v, f"/requesters/{i}") for i, v in enumerate(self.items(o, "requesters", "", required=False))]
        opened = self.date(o, "opened", "", nullable=True)
        closed = self.date(o, "closed", "", nullable=True)
        outcome = self.enum(o, "outcome", "", OUTCOMES)
        assessments = [self.assessment(v, f"/assessments/{i}") for i, v in enumerate(self.items(o, "assessments", ""))]
        meetings_raw = [self.meeting(v, f"/meetings/{i}") for i, v in enumerate(self.items(o, "meetings", "", required=False))]
        funding = [self.funding(v, f"/funding/{i}") for i, v in enumerate(self.items(o, "funding", "", required=False))]
        # consistency rules
        if opened and requested and opened < requested:
            self.bad("/opened", "expected a date on or after requested")
        if closed and opened and closed < opened:
            self.bad("/closed", "expected a date on or after opened")
        if outcome:
            if closed and not outcome.startswith("closed_"):
                self.bad("/closed", "expected null unless the outcome is closed_stabilised, closed_interrupted or closed_other")
            if outcome.startswith("closed_") and "closed" in o and o["closed"] is None:
                self.bad("/closed", "expected the closing date of a situation whose outcome is closed_…")
            if outcome.startswith("closed_") and o.get("opened") is None and "opened" in o:
                self.bad("/opened", "expected the opening date of a situation that was followed and closed")
            if outcome == "open":
                if "opened" in o and o["opened"] is None:
                    self.bad("/opened", "expected the opening date of an open situation")
                if o.get("closed") is not None:
                    self.bad("/closed", "expected null for an open situation")
            if outcome in ("pending", "refused_saturation", "refused_criteria", "redirected") and o.get("opened") is not None:
                self.bad("/opened", f"expected null for a situation with outcome {outcome} (never opened)")
        raw_ass = self.items(o, "assessments", "")
        if not raw_ass and o.get("opened") is not None and isinstance(o.get("assessments"), list):
            self.bad("/assessments", "expected at least one assessment for a situation that was opened")
        seen: dict[dt.date, int] = {}
        for i, a in enumerate(assessments):
            if a is None:
                continue
            if a.date in seen:
                self.bad(f"/assessments/{i}/date", f"expected a date unique within the situation "
                                                   f"(same as /assessments/{seen[a.date]}/date)")
            else:
                seen[a.date] = i
        ordered = sorted((a for a in assessments if a is not None), key=lambda a: a.date)
        # meeting attendees exist in the assessment in force at the meeting
        complete_ass = all(a is not None for a in assessments)
        for i, (m, att) in enumerate(meetings_raw):
            if m is None or not ordered or not complete_ass:
                continue
            in_force = next((a for a in reversed(ordered) if a.date <= m.date), ordered[0])
            ids = {a.id for a in in_force.actors}
            for j, v in att:
                if v != PERSON and v not in ids:
                    self.bad(f"/meetings/{i}/attendees/{j}",
                             "expected 'person' or the id of an actor of the assessment in force at the meeting")
        if self.problems:
            return None
        return Situation(  # no problem: no part is None
            id=sid, service=service, person=person, requested=requested, outcome=outcome, opened=opened,  # type: ignore[arg-type]
            closed=closed, requesters=tuple(requesters), assessments=tuple(ordered),  # type: ignore[arg-type]
            meetings=tuple(m for m, _ in meetings_raw), funding=tuple(funding),  # type: ignore[misc,arg-type]
        )


def _texts_surely_fine(obj: Any) -> bool:
    """True when no text of ``obj`` can break a limit of the format (screened on its JSON text, at C speed)."""
    if orjson is None:
        return False
    try:
        raw = orjson.dumps(obj)  # refuses lone surrogates and nesting deeper than 254
    except (TypeError, ValueError):
        return False
    return screen_json(raw) >= 0


def parse_situation(obj: Any, *, file: str, locate: Locate | None = None, taxonomy: Taxonomy | None = None,
                    texts_checked: bool = False) -> tuple[Situation | None, list[Problem]]:
    """Check plain JSON data against format netmap/1.

    Returns the situation (None if any problem) and the list of every problem found.
    Besides the rules of each field, every text is checked against the limits of
    "Hostile and oversized input" (length, control characters, lone surrogates) and so is
    the nesting of arrays and objects (``texts_checked``: the caller screened the JSON text
    it parsed ``obj`` from with :func:`~netmap.io.limits.screen_json`).
    """
    checker = _Checker(file, locate, taxonomy or default_taxonomy())
    if not texts_checked and not _texts_surely_fine(obj):
        check_values(obj, checker.bad, KNOWN_KEYS)
    sit = checker.situation(obj)
    return (sit if not checker.problems else None), checker.problems


def situation_from_dict(obj: Any, *, file: str = "<data>", locate: Locate | None = None,
                        taxonomy: Taxonomy | None = None) -> Situation:
    """Like :func:`parse_situation`, but raise :class:`ValidationError` on any problem."""
    sit, problems = parse_situation(obj, file=file, locate=locate, taxonomy=taxonomy)
    if problems or sit is None:
        raise ValidationError(problems)
    return sit


def _d(v: dt.date | None) -> str | None:
    return v.isoformat() if v else None


def _num(v: float | None) -> float | int | None:
    if v is None:
        return None
    return int(v) if float(v).is_integer() else v


def situation_to_dict(s: Situation) -> dict[str, Any]:
    """The canonical JSON object of a situation, every key written, in the spec's order."""
    return {
        "format": FORMAT,
        "id": s.id,
        "service": s.service,
        "person": {
            "age": s.person.age, "gender": s.person.gender, "region": s.person.region, "housing": s.person.housing,
            "insured": s.person.insured, "languages": list(s.person.languages), "demand": s.person.demand,
            "consent": s.person.consent,
        },
        "requested": _d(s.requested),
        "requesters": [{"type": r.type, "sector": r.sector, "organisation": r.organisation} for r in s.requesters],
        "opened": _d(s.opened),
        "closed": _d(s.closed),
        "outcome": s.outcome,
        "assessments": [
            {
                "date": _d(a.date),
                "label": a.label,
                "actors": [{k: getattr(x, k) for k in ACTOR_KEYS} for x in a.actors],
                "ties": [{"a": t.a, "b": t.b, "kind": t.kind, "strength": t.strength} for t in a.ties],
                "needs": [
                    {"id": n.id, "domain": n.domain, "severity": n.severity, "status": n.status,
                     "covered_by": list(n.covered_by), "priority": n.priority, "goal": n.goal}
                    for n in a.needs
                ],
                "actions": [
                    {"id": x.id, "what": x.what, "owner": x.owner, "need": x.need, "due": _d(x.due), "status": x.status}
                    for x in a.actions
                ],
            }
            for a in s.assessments
        ],
        "meetings": [{"date": _d(m.date), "kind": m.kind, "attendees": list(m.attendees)} for m in s.meetings],
        "funding": [
            {"date": _d(f.date), "fund": f.fund, "requested_eur": _num(f.requested_eur),
             "granted_eur": _num(f.granted_eur), "status": f.status}
            for f in s.funding
        ],
    }
