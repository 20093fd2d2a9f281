"""Compact tables of the store: beside each situation, the columns the aggregates read.

The aggregates and the dashboard read these instead of building every situation as model
objects (at 40,000 situations that took 3.1 GB and half a minute). Written with each
situation on import, in the same transaction; filled from the stored bodies by the
schema migration for stores made before them. No label, no goal, no free text but the
organisation names the ``partners`` table publishes (internal tables only; de-identified
exports drop them).

- ``compact_situations``: the person's ``demand`` (the other person fields are indexed
  columns of ``situations`` already);
- ``compact_assessments``: per assessment, its measure-cache key, need id → domain, the
  domains of active needs, (sector, organisation) of active partners, whether the
  informal network is exhausted (grey zones) and whether an informal carer is;
- ``compact_meetings``, ``compact_funding``: one row per meeting / emergency-fund request;
- ``compact_measures``: measure-cache key → the measure columns aggregates read (JSON), a
  small copy of the measure cache's row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..model import Situation
from ..taxonomy import Taxonomy

__all__ = ["AGGREGATE_MEASURES", "COMPACT_TABLES", "CompactFacts", "compact_facts", "compact_statements",
           "measure_subset"]

COMPACT_TABLES = ("compact_situations", "compact_assessments", "compact_meetings", "compact_funding",
                  "compact_measures")

# the measure columns the aggregate tables and the dashboard's lists read (netmap.aggregate)
AGGREGATE_MEASURES = ("coverage", "exhausted_actors", "uncovered_needs", "informal_only_needs", "ready",
                      "readiness_score", "fragility", "flag_codes", "sectors", "missing_sectors", "siloed_sectors",
                      "sector_ties", "language_ties")

_STATEMENTS = [
    """CREATE TABLE compact_situations (
        situation_num {ref} PRIMARY KEY REFERENCES situations (num) ON DELETE CASCADE,
        demand TEXT NOT NULL
    )""",
    """CREATE TABLE compact_assessments (
        situation_num {ref} NOT NULL REFERENCES situations (num) ON DELETE CASCADE,
        date {date} NOT NULL,
        idx INTEGER NOT NULL,
        measure_key TEXT NOT NULL,
        needs TEXT NOT NULL,
        active_domains TEXT NOT NULL,
        partners TEXT NOT NULL,
        network_exhausted INTEGER NOT NULL,
        exhausted_carer INTEGER NOT NULL,
        PRIMARY KEY (situation_num, date)
    )""",
    """CREATE TABLE compact_meetings (
        situation_num {ref} NOT NULL REFERENCES situations (num) ON DELETE CASCADE,
        pos INTEGER NOT NULL,
        date {date} NOT NULL,
        kind TEXT NOT NULL,
        attendees INTEGER NOT NULL,
        person_present INTEGER NOT NULL,
        PRIMARY KEY (situation_num, pos)
    )""",
    """CREATE TABLE compact_funding (
        situation_num {ref} NOT NULL REFERENCES situations (num) ON DELETE CASCADE,
        pos INTEGER NOT NULL,
        date {date} NOT NULL,
        fund TEXT NOT NULL,
        status TEXT NOT NULL,
        requested_eur DOUBLE PRECISION NOT NULL,
        granted_eur DOUBLE PRECISION,
        PRIMARY KEY (situation_num, pos)
    )""",
    "CREATE TABLE compact_measures (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
]


def compact_statements(types: dict[str, str]) -> list[str]:
    """The statements creating the compact tables, with the dialect's column ``types``."""
    return [s.format(**types) for s in _STATEMENTS]


def _text(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class CompactFacts:
    """The compact rows of one situation (without its row number, given when written)."""

    demand: str
    assessments: list[tuple[Any, ...]]  # date, idx, measure_key, needs, active_domains, partners, exhausted, carer
    meetings: list[tuple[Any, ...]]  # pos, date, kind, attendees, person_present
    funding: list[tuple[Any, ...]]  # pos, date, fund, status, requested_eur, granted_eur


def compact_facts(s: Situation, taxonomy: Taxonomy, measures_fingerprint: str) -> CompactFacts:
    """The compact rows of ``s``; ``measures_fingerprint`` is :func:`netmap.measures.table.taxonomy_fingerprint`."""
    from ..aggregate.greyzones import network_exhausted
    from ..measures import is_exhausted
    from ..measures.table import assessment_key

    assessments = []
    for i, a in enumerate(s.assessments):
        partners = [[x.sector, " ".join(x.organisation.split())] for x in a.active_actors
                    if not x.case_manager and x.organisation and x.organisation.strip()]
        carer = any(not x.formal and x.active and is_exhausted(x.exhaustion) for x in a.actors)
        assessments.append((
            a.date.isoformat(), i, assessment_key(a, s.person.consent, measures_fingerprint),
            _text({n.id: n.domain for n in a.needs}), _text(sorted({n.domain for n in a.active_needs})),
            _text(partners), int(network_exhausted(a, taxonomy)), int(carer),
        ))
    meetings = [(i, m.date.isoformat(), m.kind, len(m.attendees), int("person" in m.attendees))
                for i, m in enumerate(s.meetings)]
    funding = [(i, x.date.isoformat(), x.fund, x.status, float(x.requested_eur),
                None if x.granted_eur is None else float(x.granted_eur)) for i, x in enumerate(s.funding)]
    return CompactFacts(s.person.demand, assessments, meetings, funding)


def measure_subset(row: dict[str, Any]) -> str:
    """The JSON text of the aggregate columns of a full measure row (``compact_measures.value``)."""
    return _text({k: row[k] for k in AGGREGATE_MEASURES})
