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
  domains of active needs, its active partners (codes of ``compact_partners``), whether the
  informal network is exhausted (grey zones) and whether an informal carer is;
- ``compact_partners``: one row per distinct (sector, organisation) of the store, its code;
- ``compact_meetings``, ``compact_funding``: one row per meeting / emergency-fund request;
- ``compact_measures``: measure-cache key → the measure columns aggregates read, one column
  each (the value's JSON text), a small copy of the measure cache's row.

Why columns and codes (schema version 5; measured at 100,000 situations, 221,888
assessments): equal values are then equal texts, so a reader parses each distinct text
once (``exhausted_actors`` has 7,532 distinct values, ``fragility`` 4) instead of one JSON
object per row, and the partners (198,325 distinct lists of about six names) are read as
short lists of codes. Loading the aggregate columns went from 13.8 s to the figures of
bench/README.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..model import Situation
from ..taxonomy import Taxonomy

__all__ = ["AGGREGATE_MEASURES", "COMPACT_TABLES", "CompactFacts", "Prepared", "prepare", "compact_facts", "compact_statements",
           "measure_subset"]

COMPACT_TABLES = ("compact_situations", "compact_assessments", "compact_meetings", "compact_funding",
                  "compact_partners", "compact_measures")

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
    """CREATE TABLE compact_partners (
        code {serial},
        sector TEXT NOT NULL,
        organisation TEXT NOT NULL,
        UNIQUE (sector, organisation)
    )""",
    "CREATE TABLE compact_measures (key TEXT PRIMARY KEY, "
    + ", ".join(f"{c} TEXT NOT NULL" for c in AGGREGATE_MEASURES) + ")",
]


def compact_statements(types: dict[str, str]) -> list[str]:
    """The statements creating the compact tables, with the dialect's column ``types``."""
    return [s.format(**types) for s in _STATEMENTS]


try:  # the same JSON values, about 5 times faster (import writes three texts per assessment)
    import orjson

    def _text(obj: Any) -> str:
        return orjson.dumps(obj).decode("utf-8")
except ImportError:  # pragma: no cover - orjson is a declared dependency
    def _text(obj: Any) -> str:
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class CompactFacts:
    """The compact rows of one situation (without its row number, given when written)."""

    demand: str
    # date, idx, measure_key, needs, active_domains (JSON texts), partners ((sector, organisation) pairs; written
    # as codes of compact_partners), exhausted, carer
    assessments: list[tuple[Any, ...]]
    meetings: list[tuple[Any, ...]]  # pos, date, kind, attendees, person_present
    funding: list[tuple[Any, ...]]  # pos, date, fund, status, requested_eur, granted_eur


def compact_facts(s: Situation, taxonomy: Taxonomy, measures_fingerprint: str) -> CompactFacts:
    """The compact rows of ``s``; ``measures_fingerprint`` is :func:`netmap.measures.table.taxonomy_fingerprint`."""
    from ..aggregate.greyzones import network_exhausted
    from ..measures import is_exhausted
    from ..measures.table import assessment_key

    assessments = []
    for i, a in enumerate(s.assessments):
        partners = tuple((x.sector, " ".join(x.organisation.split())) for x in a.active_actors
                         if not x.case_manager and x.organisation and x.organisation.strip())
        carer = any(not x.formal and x.active and is_exhausted(x.exhaustion) for x in a.actors)
        assessments.append((
            a.date.isoformat(), i, assessment_key(a, s.person.consent, measures_fingerprint),
            _text({n.id: n.domain for n in a.needs}), _text(sorted({n.domain for n in a.active_needs})),
            partners, int(network_exhausted(a, taxonomy)), int(carer),
        ))
    meetings = [(i, m.date.isoformat(), m.kind, len(m.attendees), int("person" in m.attendees))
                for i, m in enumerate(s.meetings)]
    funding = [(i, x.date.isoformat(), x.fund, x.status, float(x.requested_eur),
                None if x.granted_eur is None else float(x.granted_eur)) for i, x in enumerate(s.funding)]
    return CompactFacts(s.person.demand, assessments, meetings, funding)


@dataclass(frozen=True, slots=True)
class Prepared:
    """What the store writes for one validated situation: its row and its compact rows (made in a worker)."""

    row: Any  # netmap.store.rows.SituationRow
    facts: CompactFacts


def prepare(s: Situation, taxonomy: Taxonomy, measures_fingerprint: str) -> Prepared:
    """The stored row and compact rows of a validated situation."""
    from .rows import situation_row

    return Prepared(situation_row(s), compact_facts(s, taxonomy, measures_fingerprint))


def measure_subset(row: dict[str, Any]) -> tuple[str, ...]:
    """The aggregate columns of a full measure row, each as its JSON text (``compact_measures``, in order)."""
    return tuple(_text(row[k]) for k in AGGREGATE_MEASURES)


_INSERTS = {
    "compact_assessments": "INSERT INTO compact_assessments (situation_num, date, idx, measure_key, needs, active_domains, "
                           "partners, network_exhausted, exhausted_carer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "compact_meetings": "INSERT INTO compact_meetings (situation_num, pos, date, kind, attendees, person_present) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
    "compact_funding": "INSERT INTO compact_funding (situation_num, pos, date, fund, status, requested_eur, granted_eur) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)",
}


def partner_codes(db: Any, pairs: set[tuple[str, str]] | None = None) -> dict[tuple[str, str], int]:
    """(sector, organisation) → code of ``compact_partners``, after adding the ``pairs`` not there yet.

    In the caller's transaction. Codes are given by the database (two imports at once on
    PostgreSQL each get the code the other made: the insert skips a pair already there).
    """
    codes = {(sector, org): int(code) for code, sector, org in
             db.execute("SELECT code, sector, organisation FROM compact_partners")}
    new = sorted((pairs or set()) - codes.keys())
    if new:
        db.executemany("INSERT INTO compact_partners (sector, organisation) VALUES (?, ?) "
                       "ON CONFLICT (sector, organisation) DO NOTHING", new)
        return partner_codes(db)
    return codes


def write_compact(db: Any, items: list[tuple[int, CompactFacts]], *, replace: bool = False) -> None:
    """Write the compact rows of situations (row number, facts), in the caller's transaction.

    ``replace`` first deletes the rows these situations had (a re-imported situation).
    """
    if not items:
        return
    if replace:
        for table in ("compact_situations", "compact_assessments", "compact_meetings", "compact_funding"):
            db.executemany(f"DELETE FROM {table} WHERE situation_num = ?", [(num,) for num, _ in items])
    db.executemany("INSERT INTO compact_situations (situation_num, demand) VALUES (?, ?)",
                   [(num, f.demand) for num, f in items])
    codes = partner_codes(db, {p for _, f in items for a in f.assessments for p in a[5]})
    rows = [(num, *a[:5], _text([codes[p] for p in a[5]]), *a[6:]) for num, f in items for a in f.assessments]
    if rows:
        db.executemany(_INSERTS["compact_assessments"], rows)
    for table, attr in (("compact_meetings", "meetings"), ("compact_funding", "funding")):
        rows = [(num, *r) for num, f in items for r in getattr(f, attr)]
        if rows:
            db.executemany(_INSERTS[table], rows)


_PUT_MEASURES = (f"INSERT INTO compact_measures (key, {', '.join(AGGREGATE_MEASURES)}) "
                 f"VALUES (?{', ?' * len(AGGREGATE_MEASURES)}) ON CONFLICT (key) DO UPDATE SET "
                 + ", ".join(f"{c} = excluded.{c}" for c in AGGREGATE_MEASURES))


def put_measure_subsets(db: Any, rows: dict[str, dict[str, Any]]) -> None:
    """Write ``compact_measures`` for these measure-cache keys (key → full measure row), replacing old values."""
    rows = {k: r for k, r in rows.items() if all(c in r for c in AGGREGATE_MEASURES)}  # older versions' rows: skip
    if rows:
        db.executemany(_PUT_MEASURES, [(k, *measure_subset(r)) for k, r in rows.items()])


_FILL_BATCH = 1000  # situations parsed at once by the migration (bounded memory)


def fill_compact_tables(db: Any) -> None:
    """Fill the compact tables from every stored situation and the measure cache (the migration to version 2).

    Bodies are read in batches of row numbers; a body that does not parse as netmap wrote it
    is skipped here (loading it will report it, with its place).
    """
    from ..measures.table import taxonomy_fingerprint as measures_fingerprint
    from ..taxonomy import default_taxonomy
    from .rows import situation_from_stored

    tax = default_taxonomy()
    fp = measures_fingerprint(tax)
    nums = [r[0] for r in db.execute("SELECT num FROM situations ORDER BY num")]
    for i in range(0, len(nums), _FILL_BATCH):
        part = nums[i:i + _FILL_BATCH]
        marks = ", ".join("?" * len(part))
        items = []
        for num, body in db.execute(f"SELECT num, body FROM situations WHERE num IN ({marks})", part):
            try:
                s = situation_from_stored(json.loads(body))
            except (KeyError, TypeError, ValueError, AttributeError):
                continue
            items.append((num, compact_facts(s, tax, fp)))
        write_compact(db, items)
    keys = [r[0] for r in db.execute("SELECT key FROM measure_cache")]
    for i in range(0, len(keys), _FILL_BATCH):
        part = keys[i:i + _FILL_BATCH]
        marks = ", ".join("?" * len(part))
        from .base import _measure_rows

        put_measure_subsets(db, _measure_rows(dict(
            db.execute(f"SELECT key, value FROM measure_cache WHERE key IN ({marks})", part))))


def to_columns(db: Any, types: dict[str, str]) -> None:
    """Schema version 4 → 5 in place: partners as codes of ``compact_partners``, one column per measure.

    A store that reached version 3 with this code already has that shape (its compact
    tables were made by :func:`compact_statements`): nothing to do then.
    """
    if "compact_partners" in db.table_names():
        return
    partners_stmt, measures_stmt = compact_statements(types)[-2:]
    db.execute(partners_stmt)
    rows = db.execute("SELECT situation_num, date, partners FROM compact_assessments")
    lists = [(num, day, [tuple(p) for p in json.loads(text)]) for num, day, text in rows]
    codes = partner_codes(db, {p for _, _, ps in lists for p in ps})
    db.executemany("UPDATE compact_assessments SET partners = ? WHERE situation_num = ? AND date = ?",
                   [(_text([codes[p] for p in ps]), num, day) for num, day, ps in lists])
    del rows, lists
    db.execute(measures_stmt.replace("CREATE TABLE compact_measures ", "CREATE TABLE compact_measures_v5 ", 1))
    old = db.execute("SELECT key, value FROM compact_measures")
    db.executemany(_PUT_MEASURES.replace("INTO compact_measures ", "INTO compact_measures_v5 ", 1),
                   [(key, *measure_subset(json.loads(value))) for key, value in old])
    db.execute("DROP TABLE compact_measures")
    db.execute("ALTER TABLE compact_measures_v5 RENAME TO compact_measures")
