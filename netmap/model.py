"""The situation model (format netmap/1): frozen dataclasses, validated once at the boundary.

Build a model through :func:`netmap.io.canonical.situation_from_dict` (or any reader in
``netmap.io``), which checks every rule of the format and reports every problem at once.
Constructing the classes directly trusts the caller.
"""

from __future__ import annotations

import datetime as dt
import types
from dataclasses import MISSING, dataclass, field, fields, replace

__all__ = [
    "ACTION_STATUSES",
    "CONSENTS",
    "CONTACTS",
    "DEMANDS",
    "FUNDING_STATUSES",
    "HOUSINGS",
    "MANDATES",
    "MEETING_KINDS",
    "NEED_STATUSES",
    "OUTCOMES",
    "PERSON",
    "RECIPROCITIES",
    "REQUESTER_TYPES",
    "SUPPORTS",
    "TIE_KINDS",
    "TIE_STRENGTHS",
    "TIES_TO_PERSON",
    "Action",
    "Actor",
    "Assessment",
    "Funding",
    "Meeting",
    "Need",
    "Person",
    "Requester",
    "Situation",
    "Tie",
]

FORMAT = "netmap/1"
PERSON = "person"  # reserved id: the person at the centre of the situation

OUTCOMES = (
    "pending",
    "refused_saturation",
    "refused_criteria",
    "redirected",
    "open",
    "closed_stabilised",
    "closed_interrupted",
    "closed_other",
)
HOUSINGS = ("own_home", "with_family", "institution", "homeless", "badly_housed", "unknown")
DEMANDS = ("expressed", "non_demand", "unknown")
CONSENTS = ("given", "refused", "pending", "not_required")
REQUESTER_TYPES = ("professional", "person", "relative")
MANDATES = ("voluntary", "constrained", "judicial")
TIES_TO_PERSON = ("strong", "normal", "tenuous", "conflict")
TIE_KINDS = ("coordination", "support", "information", "conflict")
TIE_STRENGTHS = ("strong", "normal", "tenuous")
NEED_STATUSES = ("active", "met", "dormant")
ACTION_STATUSES = ("todo", "done", "dropped")
MEETING_KINDS = ("concertation", "pre_concertation", "home_visit", "other")
FUNDING_STATUSES = ("pending", "granted", "refused", "redirected")
# format revision 2: the support grid (Tracy & Whittaker's Social Network Map); no measure reads them
SUPPORTS = ("concrete", "emotional", "informational")
RECIPROCITIES = ("person_receives", "both_ways", "person_gives")
CONTACTS = ("daily", "weekly", "monthly", "rarely")


def _direct_init(cls: type) -> type:
    """Give a frozen, slotted dataclass an ``__init__`` that fills its slots directly.

    The ``__init__`` that dataclasses writes for a frozen class calls ``object.__setattr__``
    once per field, which makes building an :class:`Actor` about 2.5 times slower than
    storing into its slots (about 3 µs against 1.3 µs): a noticeable share of reading 10,000
    situations. This one has the same parameters and defaults and builds equal objects
    (``tests/test_model.py`` compares both); the class stays frozen. It also pickles them
    through that ``__init__`` (see below).
    """
    params, lines, ns = [], [], {}
    for f in fields(cls):
        slot = cls.__dict__[f.name]
        if not isinstance(slot, types.MemberDescriptorType):  # pragma: no cover - guards a future dataclasses
            raise TypeError(f"{cls.__name__}.{f.name} is not a slot")
        if f.default_factory is not MISSING:  # pragma: no cover - the model uses none
            raise TypeError(f"{cls.__name__}.{f.name}: default factories are not supported")
        ns[f"_set_{f.name}"] = slot.__set__
        if f.default is MISSING:
            params.append(f.name)
        else:
            ns[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        lines.append(f"    _set_{f.name}(self, {f.name})")
    values = "".join(f"self.{f.name}, " for f in fields(cls))
    ns["_cls"] = cls
    exec(f"def __init__(self, {', '.join(params)}):\n" + "\n".join(lines) + "\n"  # noqa: S102 - our own text
         f"def __reduce__(self):\n    return (_cls, ({values}))\n", ns)
    init = ns["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    generated = vars(cls)["__init__"]  # the one dataclasses wrote, kept for the tests
    init.__annotations__ = dict(generated.__annotations__)
    setattr(cls, "_dataclasses_init", generated)  # noqa: B010 - set on a class, not an instance
    setattr(cls, "__init__", init)  # noqa: B010
    # pickled as the class and its field values, rebuilt by the __init__ above: with dataclasses'
    # own __getstate__/__setstate__ for frozen slotted classes, a round trip of 15,000
    # assessments took 8.4 s instead of 3.4 s (sending them to spawned workers costs that)
    reduce = ns["__reduce__"]
    reduce.__qualname__ = f"{cls.__qualname__}.__reduce__"
    reduce.__module__ = cls.__module__
    setattr(cls, "__reduce__", reduce)  # noqa: B010
    return cls


@_direct_init
@dataclass(frozen=True, slots=True)
class Person:
    region: str
    housing: str
    demand: str
    consent: str
    age: int | None = None
    insured: bool | None = None
    gender: str | None = None
    languages: tuple[str, ...] = ()


@_direct_init
@dataclass(frozen=True, slots=True)
class Requester:
    type: str
    sector: str | None = None
    organisation: str | None = None


@_direct_init
@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    label: str
    formal: bool
    sector: str
    organisation: str | None = None
    role: str | None = None
    language: str | None = None
    exhaustion: int | None = None
    mandate: str | None = None
    case_manager: bool = False
    referent: bool = False
    tie_to_person: str = "normal"
    active: bool = True
    support: tuple[str, ...] = ()
    reciprocity: str | None = None
    contact: str | None = None


@_direct_init
@dataclass(frozen=True, slots=True)
class Tie:
    a: str
    b: str
    kind: str
    strength: str = "normal"


@_direct_init
@dataclass(frozen=True, slots=True)
class Need:
    id: str
    domain: str
    severity: int = 2
    status: str = "active"
    covered_by: tuple[str, ...] = ()
    priority: bool = False
    goal: str | None = None


@_direct_init
@dataclass(frozen=True, slots=True)
class Action:
    id: str
    what: str
    owner: str | None
    status: str
    need: str | None = None
    due: dt.date | None = None


@_direct_init
@dataclass(frozen=True, slots=True)
class Meeting:
    date: dt.date
    kind: str
    attendees: tuple[str, ...] = ()


@_direct_init
@dataclass(frozen=True, slots=True)
class Funding:
    date: dt.date
    fund: str
    requested_eur: float
    status: str
    granted_eur: float | None = None


@_direct_init
@dataclass(frozen=True, slots=True)
class Assessment:
    date: dt.date
    actors: tuple[Actor, ...] = ()
    ties: tuple[Tie, ...] = ()
    needs: tuple[Need, ...] = ()
    actions: tuple[Action, ...] = ()
    label: str | None = None

    def actor(self, actor_id: str) -> Actor | None:
        """The actor with this id, or None."""
        for a in self.actors:
            if a.id == actor_id:
                return a
        return None

    def need(self, need_id: str) -> Need | None:
        """The need with this id, or None."""
        for n in self.needs:
            if n.id == need_id:
                return n
        return None

    @property
    def active_actors(self) -> tuple[Actor, ...]:
        return tuple(a for a in self.actors if a.active)

    @property
    def active_needs(self) -> tuple[Need, ...]:
        return tuple(n for n in self.needs if n.status == "active")

    def without(self, actor_ids: list[str] | tuple[str, ...] | set[str]) -> Assessment:
        """A copy in which the given actors are inactive (what-if); unknown ids are ignored."""
        gone = set(actor_ids)
        return replace(
            self, actors=tuple(replace(a, active=False) if a.id in gone and a.active else a for a in self.actors)
        )


@_direct_init
@dataclass(frozen=True, slots=True)
class Situation:
    id: str
    service: str
    person: Person
    requested: dt.date
    outcome: str
    opened: dt.date | None = None
    closed: dt.date | None = None
    requesters: tuple[Requester, ...] = ()
    assessments: tuple[Assessment, ...] = field(default=())  # in date order
    meetings: tuple[Meeting, ...] = ()
    funding: tuple[Funding, ...] = ()

    def assessment_at(self, at: dt.date | None = None) -> Assessment | None:
        """The latest assessment dated on or before ``at`` (default: the latest), or None."""
        found = None
        for a in self.assessments:
            if at is None or a.date <= at:
                found = a
        return found

    def assessment_on(self, date: dt.date) -> Assessment | None:
        """The assessment dated exactly ``date``, or None."""
        for a in self.assessments:
            if a.date == date:
                return a
        return None

    def assessment_for_meeting(self, date: dt.date) -> Assessment | None:
        """The assessment in force at a meeting: the latest on or before it, or else the first."""
        return self.assessment_at(date) or (self.assessments[0] if self.assessments else None)
