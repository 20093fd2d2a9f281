"""Exported tables in the user's language: column headers and coded cells (domains, sectors, findings,
regions, services, housing) as people read them, from netmap's catalogs and taxonomy.

The canonical table (codes and keys) stays what :func:`netmap.aggregate.aggregate` returns, the
contract of scripts and tests; :func:`localize` is applied last, on the way out (``netmap aggregate
--lang``, the dashboard's downloads). Numbers and the disclosure markers (``<5``, ``x``) are untouched.

>>> import pandas as pd
>>> df = pd.DataFrame({"domain": ["mental_health"], "situations": ["<5"]})
>>> localize(df, "nl").to_dict("records")
[{'Levensdomein': 'Geestelijke gezondheid', 'Situaties': '<5'}]
>>> list(localize(df, "fr").columns), list(localize(df, "en").columns)
(['Domaine de vie', 'Situations'], ['Need domain', 'Situations'])
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from ..i18n import Np_, Texts, translator
from ..taxonomy import Taxonomy, default_taxonomy

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["COLUMN_NAMES", "column_name", "localize"]

#: every column of the aggregate tables (and the greyzones detail), as a header in each language
COLUMN_NAMES = Texts("export column", {
    "opened": Np_("export column", "Opened"),
    "closed": Np_("export column", "Closed"),
    "situations": Np_("export column", "Situations"),
    "situation": Np_("export column", "Situation"),
    "eligible": Np_("export column", "Services it fits"),
    "funding_requests": Np_("export column", "Fund requests"),
    "granted_eur": Np_("export column", "Granted (EUR)"),
    "service": Np_("export column", "Service"),
    "month": Np_("export column", "Month"),
    "active": Np_("export column", "In progress"),
    "requests": Np_("export column", "Requests"),
    "refused_saturation": Np_("export column", "Refused (service full)"),
    "refused_criteria": Np_("export column", "Refused (criteria)"),
    "capacity": Np_("export column", "Capacity"),
    "saturated": Np_("export column", "Full"),
    "meetings": Np_("export column", "Meetings"),
    "attendees_mean": Np_("export column", "Attendees (mean)"),
    "person_present_share": Np_("export column", "Share with the person present"),
    "fund": Np_("export column", "Fund"),
    "granted": Np_("export column", "Granted"),
    "refused": Np_("export column", "Refused"),
    "redirected": Np_("export column", "Redirected"),
    "pending": Np_("export column", "Pending"),
    "requested_eur": Np_("export column", "Requested (EUR)"),
    "domain": Np_("export column", "Need domain"),
    "uncovered_first": Np_("export column", "Uncovered at first assessment"),
    "uncovered_latest": Np_("export column", "Uncovered at latest assessment"),
    "informal_only_latest": Np_("export column", "Covered by informal carers only (latest)"),
    "sector": Np_("export column", "Sector"),
    "present": Np_("export column", "Present"),
    "missing": Np_("export column", "Missing"),
    "organisations": Np_("export column", "Organisations"),
    "organisation": Np_("export column", "Organisation"),
    "in_progress": Np_("export column", "In progress"),
    "coverage_mean": Np_("export column", "Needs covered (mean share)"),
    "with_exhausted_actor": Np_("export column", "With an exhausted actor"),
    "with_uncovered_need": Np_("export column", "With an uncovered need"),
    "ready": Np_("export column", "Ready to withdraw"),
    "code": Np_("export column", "Finding"),
    "share": Np_("export column", "Share"),
    "sector_a": Np_("export column", "Sector A"),
    "sector_b": Np_("export column", "Sector B"),
    "ties": Np_("export column", "Ties"),
    "age_band": Np_("export column", "Age band"),
    "region": Np_("export column", "Region"),
    "housing": Np_("export column", "Housing"),
    "of_total": Np_("export column", "Share of all"),
    "siloed": Np_("export column", "Siloed"),
})

_HOUSING = {"own_home": Np_("housing", "at home"), "with_family": Np_("housing", "with family"),
            "institution": Np_("housing", "in an institution"), "homeless": Np_("housing", "homeless"),
            "badly_housed": Np_("housing", "badly housed"), "unknown": Np_("housing", "unknown")}
_TOTAL = Np_("export row", "total")


def column_name(column: str, lang: str) -> str:
    """The header of a canonical column in ``lang`` (an unknown column keeps its name)."""
    return COLUMN_NAMES[lang][column] if column in COLUMN_NAMES.ids else column


def _cell_labels(tax: Taxonomy, lang: str) -> Mapping[str, Callable[[str], str]]:
    from ..measures.flags import FLAG_SEVERITY, flag_name

    _ = translator(lang)

    def sector(code: str) -> str:
        return tax.sector_label(code, lang) if code in tax.sectors else code

    def service(code: str) -> str:
        return ", ".join(tax.service_name(s) for s in code.split(";")) if code else code

    return {
        "domain": lambda c: tax.domain_label(c, lang) if c in tax.domains else c,
        "sector": sector, "sector_a": sector, "sector_b": sector,
        "code": lambda c: flag_name(c, lang) if c in FLAG_SEVERITY else c,
        "region": lambda c: tax.region_label(c, lang) if c in tax.regions else c,
        "service": service, "eligible": service,
        "housing": lambda c: _.pgettext(*_HOUSING[c]) if c in _HOUSING else c,
    }


def localize(df: pd.DataFrame, lang: str, taxonomy: Taxonomy | None = None) -> pd.DataFrame:
    """A copy of an aggregate table with headers and coded cells in ``lang``; a ``total`` row says so."""
    tax = taxonomy or default_taxonomy()
    labels = _cell_labels(tax, lang)
    total = translator(lang).pgettext(*_TOTAL)
    out = df.copy()
    for col in out.columns:
        fn = labels.get(col)
        if fn is not None:
            out[col] = [fn(v) if isinstance(v, str) else v for v in out[col]]
        elif out[col].dtype == object:
            out[col] = [total if v == "total" else v for v in out[col]]
    out.columns = [column_name(c, lang) for c in out.columns]
    return out
