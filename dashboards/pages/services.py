"""Services & zones grises: the service directory and the persons who fit no service of it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dash
import pandas as pd
from dash import dcc, html

from netmap.i18n import translator

from ..components.cards import empty_state, page_title, section, suppression_note
from ..components.filters import on_filters
from ..components.tables import data_table
from ..data import Access, DashboardData
from ..i18n import domain_label, label, lang_of, region_label, t

dash.register_page(__name__, path="/services", name="Services & zones grises",
                   title="netmap — Services & zones grises", order=6)

__all__ = ["criteria_text", "directory_rows", "layout", "services_body"]


def layout(**_query: str) -> html.Div:
    return html.Div(dcc.Loading(html.Div(id="services-body"), type="dot", delay_show=400), className="page-body")


def criteria_text(criteria: Mapping[str, Any], lang: str) -> str:
    """A directory service's criteria in words (labels from the taxonomy, never codes).

    Examples
    --------
    >>> criteria_text({"age_min": 18, "regions": ["bruxelles"], "needs_any": ["mental_health"]}, "fr")
    '18 ans et plus ; région : Bruxelles ; un besoin parmi : Santé mentale'
    """
    _ = translator(lang_of(lang))
    parts = []
    lo, hi = criteria.get("age_min"), criteria.get("age_max")
    if lo is not None and hi is not None:
        parts.append(_("aged {lo} to {hi}", lo=lo, hi=hi))
    elif lo is not None:
        parts.append(_("aged {lo} or more", lo=lo))
    elif hi is not None:
        parts.append(_("aged up to {hi}", hi=hi))
    if criteria.get("regions"):
        parts.append(_("region: {list}", list=", ".join(region_label(r, lang) for r in criteria["regions"])))
    if criteria.get("housing"):
        parts.append(_("housing: {list}", list=", ".join(label("housing", h, lang).lower() for h in criteria["housing"])))
    if criteria.get("needs_any"):
        parts.append(_("a need among: {list}", list=", ".join(domain_label(d, lang) for d in criteria["needs_any"])))
    if criteria.get("demand"):
        parts.append(", ".join(label("demand", d, lang) for d in criteria["demand"]))
    if criteria.get("network_exhausted"):
        parts.append(_("network exhausted"))
    if criteria.get("any_of"):
        alts = [criteria_text(c, lang) for c in criteria["any_of"]]
        parts.append(_("and at least: {list}", list=_(" or ").join(f"({a})" for a in alts)))
    return _("; ").join(parts)


def directory_rows(lang: str) -> pd.DataFrame:
    """The service directory in force: name, region, capacity and criteria in words."""
    from netmap.taxonomy import default_taxonomy

    rows = []
    for svc in default_taxonomy().services.values():
        rows.append({
            "service": svc.name,
            "region": region_label(svc.region, lang),
            "capacity": svc.capacity if svc.capacity is not None else t("svc.unknown_capacity", lang),
            "criteria": criteria_text(svc.criteria, lang),
        })
    return pd.DataFrame(rows)


def services_body(data: DashboardData, access: Access, filters, lang: str) -> list:
    """Directory, grey zones at the viewer's k, and the per-situation detail for internal use at k = 0."""
    title = page_title(t("svc.title", lang), t("svc.intro", lang))
    directory = directory_rows(lang)
    parts = [title]
    dir_table = data_table(directory, lang, "directory-table", raw=True, sortable=False)
    if not data.select(filters):
        return [title, section(t("svc.directory", lang), dir_table, wide=True), empty_state(lang)]
    grey = data.table("greyzones", filters, access.k)
    parts += [
        section(t("svc.greyzones", lang), data_table(grey, lang, "greyzones-table", page_size=15) if not grey.empty
                else html.P(t("svc.no_greyzone", lang), className="muted", id="greyzones-table"), wide=True),
        section(t("svc.directory", lang), dir_table, wide=True),
    ]
    if access.internal and access.k == 0:
        detail = data.greyzone_detail(filters)
        parts.append(section(t("svc.detail", lang), data_table(detail, lang, "greyzones-detail", page_size=15,
                                                               searchable=True), wide=True))
    parts.append(suppression_note(lang, access.k))
    return parts


on_filters("services-body", services_body)
