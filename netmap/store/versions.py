"""Every version of every situation: save with optimistic concurrency, history, restore.

Nothing is ever lost: each save (the dashboard's editor), each import that changes a
situation and each restore appends a row to ``situation_versions`` (who, when, content
hash, the canonical body), in the same transaction as the situation itself and its
access-log entry. Rows are never updated nor deleted; restoring version N writes a new
version whose content is N's.

Two people editing the same situation: each save names the version it started from
(``base_version``); when another save came first, :class:`ConcurrentEditError` is raised
and nothing is written (the caller keeps the edits on screen).

Examples
--------
>>> from netmap.store import open_store
>>> from netmap.io import load
>>> s = load("tests/data/youth-brussels.json")[0]
>>> with open_store("sqlite:///:memory:") as store:
...     save_situation(store, s, user="anna", base_version=0)
...     [v.version for v in history(store, s.id)]
1
[1]
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from ..errors import Problem, StoreError, ValidationError
from ..io.canonical import parse_situation, situation_to_dict
from ..measures.table import taxonomy_fingerprint as measures_fingerprint
from ..model import Situation
from .base import Store
from .compact import compact_facts
from .rows import content_hash, situation_row

__all__ = ["ConcurrentEditError", "Version", "current_version", "history", "load_version", "restore_version",
           "save_situation"]


class ConcurrentEditError(StoreError):
    """Someone saved the situation after the version this save started from: nothing was written."""

    def __init__(self, message: str, *, current: int):
        super().__init__(message)
        self.current = current  #: the version now in the store


@dataclass(frozen=True, slots=True)
class Version:
    """One stored version (no content: who, when, where from, and its hash)."""

    situation: str
    version: int
    saved_at: dt.datetime
    saved_by: str
    origin: str  #: import, editor, restore or migration
    restored_from: int | None
    content_hash: str


def _when(v: Any) -> dt.datetime:
    when = v if isinstance(v, dt.datetime) else dt.datetime.fromisoformat(v)
    return when.astimezone(dt.UTC) if when.tzinfo else when.replace(tzinfo=dt.UTC)


def current_version(store: Store, situation_id: str) -> int:
    """The latest version number of a situation (0 when it was never saved)."""
    with store._op("reading versions"):
        rows = store.execute("SELECT MAX(version) FROM situation_versions WHERE situation = ?", (situation_id,))
    return int(rows[0][0] or 0) if rows else 0


def history(store: Store, situation_id: str) -> list[Version]:
    """Every version of a situation, oldest first (an empty list for an unknown id)."""
    with store._op("reading versions"):
        rows = store.execute("SELECT situation, version, saved_at, saved_by, origin, restored_from, content_hash "
                             "FROM situation_versions WHERE situation = ? ORDER BY version", (situation_id,))
    return [Version(sid, int(v), _when(at), by, origin, None if rf is None else int(rf), h)
            for sid, v, at, by, origin, rf, h in rows]


def load_version(store: Store, situation_id: str, version: int) -> Situation:
    """The situation as saved in ``version``, validated against the store's taxonomy.

    Raises StoreError for an unknown version or a body that no longer matches its hash.
    """
    with store._op("reading versions"):
        rows = store.execute("SELECT content_hash, body FROM situation_versions WHERE situation = ? AND version = ?",
                             (situation_id, version))
    if not rows:
        raise StoreError(f"store {store.url}: situation {situation_id} has no version {version} "
                         "(see netmap store history)")
    stored_hash, body = rows[0]
    if content_hash(body) != stored_hash:
        raise StoreError(f"store {store.url}: version {version} of situation {situation_id} does not match its "
                         "content hash (it was changed outside netmap)")
    place = f"situation {situation_id} version {version}"
    sit, problems = parse_situation(json.loads(body), file=store.url, taxonomy=store.taxonomy,
                                    locate=lambda ptr: f"{place}, {ptr or '/'}")
    if sit is None or problems:
        raise ValidationError(problems or [Problem(store.url, place, "a valid situation")])
    return sit


def save_situation(store: Store, situation: Situation, *, user: str, base_version: int | None,
                   origin: str = "editor", restored_from: int | None = None) -> int:
    """Write ``situation`` as its next version, in one transaction; return the new version number.

    ``base_version`` is the version the edit started from (0 for a new situation);
    ``None`` saves without checking (what an import does). The situation is validated by
    the same rules as files first (:class:`ValidationError`, nothing written).

    Raises
    ------
    ConcurrentEditError
        when the stored version is no longer ``base_version``: someone else saved meanwhile.
    """
    d = situation_to_dict(situation)
    problems = parse_situation(d, file="editor", taxonomy=store.taxonomy)[1]
    if problems:
        raise ValidationError(problems)
    row = situation_row(situation, d)
    try:
        with store._op("save (nothing was saved)"), store.transaction():
            current = current_version(store, situation.id)
            if base_version is not None and current != base_version:
                raise ConcurrentEditError(
                    f"situation {situation.id} was saved by someone else (version {current}) after the version "
                    f"this edit started from (version {base_version}); nothing was saved", current=current)
            numbers: dict[str, int] = {}
            facts = compact_facts(situation, store.taxonomy, measures_fingerprint(store.taxonomy))
            store._write_rows([facts], [row], by=user, origin=origin, restored_from=restored_from, versions=numbers)
    except StoreError as exc:
        if isinstance(exc, ConcurrentEditError) or "situation_versions" not in str(exc).lower() \
                and "unique" not in str(exc).lower():
            raise
        # two saves of the same version at the same moment: the database refused the second one
        now_at = current_version(store, situation.id)
        raise ConcurrentEditError(f"situation {situation.id} was saved by someone else at the same time "
                                  f"(version {now_at}); nothing was saved", current=now_at) from exc
    # content identical to the stored one: nothing to write, the current version stands
    return numbers.get(situation.id, current)


def restore_version(store: Store, situation_id: str, version: int, *, user: str) -> int:
    """Write the content of ``version`` as a new version (history is never rewritten); return its number."""
    sit = load_version(store, situation_id, version)
    return save_situation(store, sit, user=user, base_version=None, origin="restore", restored_from=version)
