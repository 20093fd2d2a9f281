"""The measure table: one row per (situation, assessment), computed in parallel and cached by content.

This is the bridge between one case and all cases: aggregates and the dashboard read
this table. A row's measures depend only on the assessment's content, the person's
consent, :data:`MEASURES_VERSION` and the taxonomy codes, so a cache keyed by their
hash (:func:`assessment_key`) never recomputes what has not changed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

try:  # optional speed-up for the cache keys, same text
    import orjson
except ImportError:  # pragma: no cover - orjson is a declared dependency
    orjson = None  # type: ignore[assignment]

from ..memory import gc_paused
from ..model import Action, Actor, Assessment, Need, Situation, Tie
from ..taxonomy import Domain, Sector, Taxonomy, default_taxonomy
from .batch import parallel_chunks
from .evaluate import MEASURE_KEYS, measure_assessment
from .readiness import CRITERIA

if TYPE_CHECKING:  # pandas is imported when a table is built, not with netmap.measures
    import pandas as pd

__all__ = ["MEASURES_VERSION", "ROW_COLUMNS", "MeasureCache", "assessment_key", "measure_row", "measure_table",
           "taxonomy_fingerprint"]

# bump when any measure's definition or the row's shape changes: cached rows are then recomputed
MEASURES_VERSION = "measures/2.0"

_ID_COLUMNS = ("situation", "service", "assessment", "index", "is_first", "is_latest")
_MEASURE_COLUMNS = (*MEASURE_KEYS, "fragility", "ready", "readiness_score", "blocking_failures",
                    *(f"crit_{k}" for k, _ in CRITERIA), "flag_codes", "flag_count")
ROW_COLUMNS = _ID_COLUMNS + _MEASURE_COLUMNS

class MeasureCache(Protocol):
    """What :func:`measure_table` needs of a cache (the store implements it)."""

    def cache_get(self, keys: list[str]) -> dict[str, str]: ...

    def cache_put(self, mapping: dict[str, str]) -> None: ...


def taxonomy_fingerprint(taxonomy: Taxonomy) -> str:
    """A short hash of what the measures read from the taxonomy: sector codes, each domain's primary sector
    and the exhaustion scale (its ``exhausted_from`` and its top level)."""
    content = {
        "domains": sorted((d.code, d.primary_sector) for d in taxonomy.domains.values()),
        "sectors": sorted(taxonomy.sectors),
        "exhaustion": [taxonomy.exhausted_from, taxonomy.at_risk_level],
    }
    return hashlib.sha256(json.dumps(content, separators=(",", ":")).encode()).hexdigest()[:16]


def _plain(obj: Any) -> Any:
    """A model object as canonical JSON data: every field by its canonical name, dates as ISO text."""
    if isinstance(obj, tuple):
        return [_plain(x) for x in obj]
    if isinstance(obj, dt.date):
        return obj.isoformat()
    names = _FIELDS.get(type(obj))
    if names is None:
        return obj
    return {name: _plain(getattr(obj, name)) for name in names}


_FIELDS: dict[type, tuple[str, ...]] = {
    cls: tuple(f.name for f in dataclasses.fields(cls)) for cls in (Assessment, Actor, Tie, Need, Action)
}


def assessment_key(assessment: Assessment, consent: str, fingerprint: str) -> str:
    """The cache key of an assessment's row: sha256 of its content, the consent, the version and the taxonomy.

    The content is the JSON of the assessment (every field, in the model's field order,
    compact), so any edit to it, even of free text the measures do not read, gives a new
    key. orjson serialises the frozen dataclasses directly (about 5 times faster than
    building the plain data first); without orjson the same text is built by hand.

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
    content = [assessment, consent, MEASURES_VERSION, fingerprint]
    if orjson is not None:
        raw = orjson.dumps(content)
    else:  # pragma: no cover - orjson is a declared dependency
        content[0] = _plain(assessment)
        raw = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(raw).hexdigest()


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


def _row_text(row: dict[str, Any]) -> str:
    """A row as compact JSON text (the cache holds text)."""
    if orjson is not None:
        return orjson.dumps(row).decode("utf-8")
    return json.dumps(row, ensure_ascii=False, separators=(",", ":"))  # pragma: no cover - orjson is declared


def _rows_json(task: Sequence[tuple[Assessment, str, Taxonomy | None]]) -> list[str]:
    """Worker: the JSON text of the measure columns of each (assessment, consent, taxonomy)."""
    return [_row_text(measure_row(a, consent=c, taxonomy=tax)) for a, c, tax in task]


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
    custom = taxonomy is not None and taxonomy is not default_taxonomy()
    tax = _portable(taxonomy) if custom and taxonomy is not None else None
    return parallel_chunks(_rows_json, [(a, c, tax) for a, c in items], jobs=jobs)


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
    import pandas as pd

    tax = taxonomy or default_taxonomy()
    fp = taxonomy_fingerprint(tax)
    ident: list[tuple[str, str, dt.date, int, bool, bool]] = []
    items: list[tuple[Assessment, str]] = []
    for s in situations:
        last = len(s.assessments) - 1
        for i, a in enumerate(s.assessments):
            ident.append((s.id, s.service, a.date, i, i == 0, i == last))
            items.append((a, s.person.consent))
    with gc_paused():  # many objects made, none thrown away: see netmap.memory
        keys = [assessment_key(a, c, fp) for a, c in items] if cache is not None else []
    found: Mapping[str, str] = cache.cache_get(sorted(set(keys))) if cache is not None and keys else {}
    todo = [i for i in range(len(items)) if not keys or keys[i] not in found]
    computed = compute_rows([items[i] for i in todo], taxonomy=taxonomy, jobs=jobs)
    texts = [found.get(k, "") for k in keys] if keys else [""] * len(items)
    for i, text in zip(todo, computed, strict=True):
        texts[i] = text
    if cache is not None and todo:
        cache.cache_put({keys[i]: texts[i] for i in todo})
    loads = orjson.loads if orjson is not None else json.loads
    rows = []
    with gc_paused():
        for head, text in zip(ident, texts, strict=True):
            row: dict[str, Any] = dict(zip(_ID_COLUMNS, head, strict=True))
            row.update(loads(text))
            rows.append(row)
    df = pd.DataFrame(rows, columns=list(ROW_COLUMNS))
    for col in ("coverage", "ei_index"):  # undefined stays None (a float column would turn it into NaN)
        df[col] = pd.Series([r[col] for r in rows], index=df.index, dtype=object)
    return df
