"""The measure table: one row per (situation, assessment), computed in parallel and cached by content.

This is the bridge between one case and all cases: aggregates and the dashboard read
this table. A row's measures depend only on the assessment's content, the person's
consent, :data:`MEASURES_VERSION` and the taxonomy codes, so a cache keyed by their
hash (:func:`assessment_key`) never recomputes what has not changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Protocol

import pandas as pd

from ..model import Assessment, Situation
from ..taxonomy import Domain, Sector, Taxonomy, default_taxonomy
from .evaluate import MEASURE_KEYS, measure_assessment
from .readiness import CRITERIA

__all__ = ["MEASURES_VERSION", "ROW_COLUMNS", "MeasureCache", "assessment_key", "measure_row", "measure_table",
           "taxonomy_fingerprint"]

# bump when any measure's definition or the row's shape changes: cached rows are then recomputed
MEASURES_VERSION = "measures/1.0"

_ID_COLUMNS = ("situation", "service", "assessment", "index", "is_first", "is_latest")
_MEASURE_COLUMNS = (*MEASURE_KEYS, "fragility", "ready", "readiness_score", "blocking_failures",
                    *(f"crit_{k}" for k, _ in CRITERIA), "flag_codes", "flag_count")
ROW_COLUMNS = _ID_COLUMNS + _MEASURE_COLUMNS

# below this many assessments to compute, processes cost more than they save
_PARALLEL_FROM = 400


class MeasureCache(Protocol):
    """What :func:`measure_table` needs of a cache (the store implements it)."""

    def cache_get(self, keys: list[str]) -> dict[str, str]: ...

    def cache_put(self, mapping: dict[str, str]) -> None: ...


def taxonomy_fingerprint(taxonomy: Taxonomy) -> str:
    """A short hash of what the measures read from the taxonomy: sector codes and each domain's primary sector."""
    content = {
        "domains": sorted((d.code, d.primary_sector) for d in taxonomy.domains.values()),
        "sectors": sorted(taxonomy.sectors),
    }
    return hashlib.sha256(json.dumps(content, separators=(",", ":")).encode()).hexdigest()[:16]


def _assessment_content(a: Assessment) -> dict[str, Any]:
    return {
        "date": a.date.isoformat(),
        "actors": [[x.id, x.formal, x.sector, x.language, x.exhaustion, x.case_manager, x.referent,
                    x.tie_to_person, x.active, x.label] for x in a.actors],
        "ties": [[t.a, t.b, t.kind, t.strength] for t in a.ties],
        "needs": [[n.id, n.domain, n.severity, n.status, list(n.covered_by)] for n in a.needs],
        "actions": [[x.id, x.owner, x.status, x.due.isoformat() if x.due else None] for x in a.actions],
    }


def assessment_key(assessment: Assessment, consent: str, fingerprint: str) -> str:
    """The cache key of an assessment's row: sha256 of its content, the consent, the version and the taxonomy.

    Parameters
    ----------
    assessment : Assessment
    consent : str
        The person's consent (a readiness criterion).
    fingerprint : str
        :func:`taxonomy_fingerprint` of the taxonomy in force.

    Returns
    -------
    str
        64 hexadecimal digits.
    """
    text = json.dumps([_assessment_content(assessment), consent, MEASURES_VERSION, fingerprint],
                      ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def measure_row(assessment: Assessment, *, consent: str, taxonomy: Taxonomy | None = None) -> dict[str, Any]:
    """The measure columns of one row of the table (everything but the situation's identification).

    Parameters
    ----------
    assessment : Assessment
    consent : str
    taxonomy : Taxonomy, optional

    Returns
    -------
    dict
        Every measure key, then ``fragility``, ``ready``, ``readiness_score``,
        ``blocking_failures``, ``crit_<criterion>``, ``flag_codes``, ``flag_count``.
    """
    out = measure_assessment(assessment, consent=consent, taxonomy=taxonomy, sentences=False)
    r = out["readiness"]
    row = dict(out["measures"])
    row["fragility"] = out["fragility"]
    row["ready"] = r["ready"]
    row["readiness_score"] = r["score"]
    row["blocking_failures"] = r["blocking_failures"]
    for k, v in r["criteria"].items():
        row[f"crit_{k}"] = v
    row["flag_codes"] = sorted({f["code"] for f in out["flags"]})
    row["flag_count"] = len(out["flags"])
    return row


def _portable(tax: Taxonomy) -> Taxonomy:
    """A copy of the taxonomy that pickles (plain dicts instead of read-only mapping proxies)."""
    return Taxonomy(
        domains={c: Domain(d.code, dict(d.labels), d.primary_sector, d.secondary_sectors)
                 for c, d in tax.domains.items()},
        sectors={c: Sector(s.code, dict(s.labels), s.examples) for c, s in tax.sectors.items()},
        exhaustion_levels={k: dict(v) for k, v in tax.exhaustion_levels.items()},
        exhaustion_not_assessed=dict(tax.exhaustion_not_assessed),
        services={},
        exhausted_from=tax.exhausted_from,
        sources=tax.sources,
    )


def _rows_json(task: tuple[Sequence[tuple[Assessment, str]], Taxonomy | None]) -> list[str]:
    """Worker: the JSON text of the measure columns of each (assessment, consent)."""
    items, tax = task
    tax = tax or default_taxonomy()
    return [json.dumps(measure_row(a, consent=c, taxonomy=tax), separators=(",", ":")) for a, c in items]


def default_jobs() -> int:
    """The number of worker processes: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def compute_rows(items: Sequence[tuple[Assessment, str]], *, taxonomy: Taxonomy | None = None,
                 jobs: int | None = None) -> list[str]:
    """The JSON text of :func:`measure_row` for each (assessment, consent), in order, in parallel when worth it.

    Parameters
    ----------
    items : sequence of (Assessment, str)
    taxonomy : Taxonomy, optional
    jobs : int, optional
        Worker processes (default: the machine's cores); 1 computes in this process.

    Returns
    -------
    list of str
    """
    n_jobs = default_jobs() if jobs is None else max(1, jobs)
    custom = taxonomy is not None and taxonomy is not default_taxonomy()
    if n_jobs == 1 or len(items) < _PARALLEL_FROM:
        return _rows_json((items, taxonomy))
    tax = _portable(taxonomy) if custom and taxonomy is not None else None
    size = max(50, -(-len(items) // (n_jobs * 4)))
    chunks = [(items[i:i + size], tax) for i in range(0, len(items), size)]
    with ProcessPoolExecutor(max_workers=n_jobs) as pool:
        return [text for part in pool.map(_rows_json, chunks) for text in part]


def measure_table(situations: Iterable[Situation], *, cache: MeasureCache | None = None, jobs: int | None = None,
                  taxonomy: Taxonomy | None = None) -> pd.DataFrame:
    """One row per (situation, assessment) with every measure, readiness criterion and flag code.

    Parameters
    ----------
    situations : iterable of Situation
    cache : object with ``cache_get(keys)`` and ``cache_put(mapping)``, optional
        Rows found under their :func:`assessment_key` are not recomputed; new rows are put.
    jobs : int, optional
        Worker processes (default: the machine's cores; small inputs are computed serially).
    taxonomy : Taxonomy, optional

    Returns
    -------
    pandas.DataFrame
        Columns :data:`ROW_COLUMNS`: ``situation``, ``service``, ``assessment`` (datetime.date),
        ``index`` (0-based in date order), ``is_first``, ``is_latest``, every measure key
        (lists as lists, maps as dicts, ``coverage``/``ei_index`` float or None),
        ``fragility``, ``ready``, ``readiness_score``, ``blocking_failures``, one
        ``crit_<key>`` per criterion (``pass``/``fail``), ``flag_codes``, ``flag_count``.
    """
    tax = taxonomy or default_taxonomy()
    fp = taxonomy_fingerprint(tax)
    ident: list[tuple[str, str, dt.date, int, bool, bool]] = []
    items: list[tuple[Assessment, str]] = []
    for s in situations:
        last = len(s.assessments) - 1
        for i, a in enumerate(s.assessments):
            ident.append((s.id, s.service, a.date, i, i == 0, i == last))
            items.append((a, s.person.consent))
    keys = [assessment_key(a, c, fp) for a, c in items] if cache is not None else []
    found: Mapping[str, str] = cache.cache_get(sorted(set(keys))) if cache is not None and keys else {}
    todo = [i for i in range(len(items)) if not keys or keys[i] not in found]
    computed = compute_rows([items[i] for i in todo], taxonomy=taxonomy, jobs=jobs)
    texts: list[str | None] = [found.get(k) for k in keys] if keys else [None] * len(items)
    for i, text in zip(todo, computed, strict=True):
        texts[i] = text
    if cache is not None and todo:
        cache.cache_put({keys[i]: texts[i] for i in todo})  # type: ignore[misc]
    rows = []
    for head, text in zip(ident, texts, strict=True):
        row = dict(zip(_ID_COLUMNS, head, strict=True))
        row.update(json.loads(text))  # type: ignore[arg-type]
        rows.append(row)
    return pd.DataFrame(rows, columns=list(ROW_COLUMNS))
