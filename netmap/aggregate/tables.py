"""The aggregate tables of shared/spec/measures.md ("Across situations"), with disclosure control.

Every table is computed on a set of situations filtered by :class:`Filters` and returned
as a DataFrame with exactly the spec's columns. Published (k ≥ 1), its counts are
perturbed by cell keys, small counts are ``"<k"`` and hidden derived values ``"x"``
(:mod:`netmap.aggregate.disclosure`); its period is made of whole calendar months.
``siloed`` and ``language_ties`` are two tables beyond the spec, for the dashboard's page
on ties between sectors.

Examples
--------
>>> sorted(TABLES)[:3]
['caseload', 'cohort', 'fragility']
>>> TABLES["funding"].columns[:3]
('fund', 'requests', 'granted')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

import pandas as pd

from ..errors import UsageError
from ..model import Situation
from ..taxonomy import Taxonomy, default_taxonomy
from .activity import (
    CASELOAD_COLUMNS,
    COHORT_COLUMNS,
    FUNDING_COLUMNS,
    MEETINGS_COLUMNS,
    caseload_raw,
    cohort_raw,
    funding_raw,
    meetings_raw,
)
from .cellkey import CellKeys, load_secret, secret_path
from .compact import CompactData, compact_raw_table
from .deidentify import deidentify_table
from .disclosure import RawTable, publish
from .filters import AGE_BANDS, Filters, age_band, published_filters, select
from .fragility import FRAGILITY_COLUMNS, fragility_raw
from .greyzones import GREYZONE_COLUMNS, eligible_services, greyzones_detail, greyzones_raw
from .keyfigures import KEY_FIGURES_COLUMNS, key_figures_raw
from .needs import NEEDS_COLUMNS, needs_raw
from .sectors import (
    INTERSECTORAL_COLUMNS,
    LANGUAGE_TIES_COLUMNS,
    PARTNERS_COLUMNS,
    SECTORS_COLUMNS,
    SILOED_COLUMNS,
    intersectoral_raw,
    language_ties_raw,
    partners_raw,
    sectors_raw,
    siloed_raw,
)

__all__ = [
    "AGE_BANDS",
    "TABLES",
    "CellKeys",
    "CompactData",
    "Filters",
    "Table",
    "age_band",
    "aggregate",
    "cell_keys_for",
    "eligible_services",
    "greyzones_detail",
    "published_filters",
    "raw_table",
    "select",
]


@dataclass(frozen=True)
class Table:
    """One aggregate table: its published columns and how it is built."""

    name: str
    columns: tuple[str, ...]
    needs_measures: bool
    build: Callable[..., RawTable]


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table("cohort", tuple(COHORT_COLUMNS), False, cohort_raw),
        Table("caseload", tuple(CASELOAD_COLUMNS), False, caseload_raw),
        Table("meetings", tuple(MEETINGS_COLUMNS), False, meetings_raw),
        Table("funding", tuple(FUNDING_COLUMNS), False, funding_raw),
        Table("needs", tuple(NEEDS_COLUMNS), True, needs_raw),
        Table("sectors", tuple(SECTORS_COLUMNS), True, sectors_raw),
        Table("partners", tuple(PARTNERS_COLUMNS), True, partners_raw),
        Table("key_figures", tuple(KEY_FIGURES_COLUMNS), True, key_figures_raw),
        Table("fragility", tuple(FRAGILITY_COLUMNS), True, fragility_raw),
        Table("intersectoral", tuple(INTERSECTORAL_COLUMNS), True, intersectoral_raw),
        Table("greyzones", tuple(GREYZONE_COLUMNS), False, greyzones_raw),
        Table("siloed", tuple(SILOED_COLUMNS), True, siloed_raw),
        Table("language_ties", tuple(LANGUAGE_TIES_COLUMNS), True, language_ties_raw),
    )
}


_KEYS: dict[str, CellKeys] = {}


def cell_keys_for(source: str | None = None, secret: bytes | None = None) -> CellKeys:
    """The cell keys of a source (a path or store URL; None: the default secret), or of ``secret``.

    The secret beside the source is created on first use (:mod:`netmap.aggregate.cellkey`).
    One :class:`CellKeys` per secret and process, so record keys are computed once.
    """
    if secret is None:
        secret = load_secret(secret_path(source))
    key = secret.hex()
    if key not in _KEYS:
        _KEYS[key] = CellKeys(secret)
    return _KEYS[key]


def _table(name: str) -> Table:
    try:
        return TABLES[name]
    except KeyError:
        raise UsageError(f"unknown table; expected one of {', '.join(TABLES)}") from None


def raw_table(name: str, situations: list[Situation] | CompactData, measures: pd.DataFrame | None = None, *,
              filters: Filters | None = None, k: int = 5, as_of: dt.date | None = None,
              taxonomy: Taxonomy | None = None, generalise: bool = False) -> RawTable:
    """The table ``name`` before disclosure control (values and the support of each cell).

    Parameters are those of :func:`aggregate`; ``generalise`` drops organisation names
    from the partners table (one row per sector).
    """
    table = _table(name)
    f = filters or Filters()
    if as_of is not None:
        f = replace(f, as_of=as_of)
    f = published_filters(f, k)
    tax = taxonomy or default_taxonomy()
    if isinstance(situations, CompactData):
        return compact_raw_table(name, situations, f, tax, generalise=generalise)
    chosen = select(situations, f)
    if not table.needs_measures:
        return table.build(chosen, f, tax, k)
    if measures is None:
        from ..measures import measure_table

        measures = measure_table(chosen)
    if name == "partners" and generalise:
        return partners_raw(chosen, measures, f, tax, k, generalise=True)
    return table.build(chosen, measures, f, tax, k)


def aggregate(name: str, situations: list[Situation] | CompactData, measures: pd.DataFrame | None = None, *,
              filters: Filters | None = None, k: int = 5, as_of: dt.date | None = None,
              taxonomy: Taxonomy | None = None, key: bytes | None = None,
              cell_keys: CellKeys | None = None) -> pd.DataFrame:
    """The aggregate table ``name`` over ``situations``, ready to publish.

    Parameters
    ----------
    name
        One of :data:`TABLES`.
    situations
        All situations, or their compact columns (:class:`netmap.aggregate.compact.CompactData`, from a
        store without building model objects; ``measures`` is then ignored); ``filters`` picks those aggregated.
    measures
        The measure table (:func:`netmap.measures.measure_table`) of these situations, if
        already computed (e.g. cached in the store); computed when needed and not given.
    filters
        Service, period, region, age band, ``as_of``.
    k
        Disclosure threshold (default 5); 0 shows exact values (internal use only). With
        k ≥ 1 the period is snapped to whole calendar months and counts are perturbed.
    as_of
        Overrides ``filters.as_of``.
    taxonomy
        Default: :func:`netmap.taxonomy.default_taxonomy`.
    key
        De-identify with this key (:mod:`netmap.aggregate.deidentify`): fund names become
        keyed pseudonyms, the partners table loses organisation names (one row per sector).
    cell_keys
        The cell keys of the store the situations come from (:func:`cell_keys_for`);
        default: those of the default secret (``$NETMAP_CELL_KEY_FILE`` or the user's data folder).

    Returns
    -------
    pandas.DataFrame
        Exactly the spec's columns; hidden cells hold the string ``"<k"`` (a small count) or
        ``"x"`` (a derived value over fewer than k situations).
    """
    if k < 0:
        raise UsageError("k must be 0 or more")
    raw = raw_table(name, situations, measures, filters=filters, k=k, as_of=as_of, taxonomy=taxonomy,
                    generalise=key is not None)
    if k > 0 and cell_keys is None:
        cell_keys = cell_keys_for(None)
    out = publish(raw, k, cell_keys)
    return deidentify_table(out, key) if key is not None else out
