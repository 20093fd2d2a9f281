"""Besoins & lacunes: needs by life domain, uncovered at first and latest assessment; sectors present and missing."""

from __future__ import annotations

import dash
import pandas as pd
from dash import dcc, html

from ..components.cards import empty_state, page_title, section, suppression_note
from ..components.charts import bar_figure, empty_figure, graph
from ..components.filters import on_filters
from ..components.tables import data_table
from ..data import Access, DashboardData
from ..i18n import column_label, domain_label, sector_label, t

dash.register_page(__name__, path="/besoins", name="Besoins & lacunes", title="netmap — Besoins & lacunes", order=2)

__all__ = ["layout", "needs_body"]


def layout(**_query: str) -> html.Div:
    return html.Div(dcc.Loading(html.Div(id="needs-body"), type="dot", delay_show=400), className="page-body")


def _sorted(df: pd.DataFrame, column: str) -> pd.DataFrame:
    return df.assign(_n=pd.to_numeric(df[column], errors="coerce")).sort_values(
        "_n", ascending=False, na_position="last").drop(columns="_n")


def needs_body(data: DashboardData, access: Access, filters, lang: str) -> list:
    """Needs, sectors and partners tables of the filtered situations, at the viewer's k."""
    title = page_title(t("needs.title", lang), t("needs.intro", lang))
    if not data.select(filters):
        return [title, empty_state(lang)]
    needs = _sorted(data.table("needs", filters, access.k), "situations")
    sectors = _sorted(data.table("sectors", filters, access.k), "present")
    partners = data.table("partners", filters, access.k)
    if needs.empty:
        fig = empty_figure(t("empty.table", lang))
    else:
        fig = bar_figure([domain_label(d, lang) for d in needs["domain"]], {
            column_label("situations", lang): needs["situations"].tolist(),
            t("kpi.uncovered", lang): needs["uncovered_latest"].tolist(),
        }, horizontal=True, height=max(320, 28 * len(needs) + 80))
    if sectors.empty:
        sfig = empty_figure(t("empty.table", lang))
    else:

        sfig = bar_figure([sector_label(s, lang) for s in sectors["sector"]], {
            column_label("present", lang): sectors["present"].tolist(),
            column_label("missing", lang): sectors["missing"].tolist(),
        }, horizontal=True, height=max(320, 28 * len(sectors) + 80))
    return [
        title,
        html.Div(className="grid-2", children=[
            section(t("needs.chart_both", lang), graph(fig, "needs-chart")),
            section(t("needs.sectors", lang), graph(sfig, "sectors-chart")),
        ]),
        section(t("table.needs", lang), data_table(needs, lang, "needs-table", page_size=20), wide=True),
        section(t("table.sectors", lang), data_table(sectors, lang, "sectors-table", page_size=20), wide=True),
        section(t("needs.partners", lang), data_table(partners, lang, "partners-table", page_size=15,
                                                      searchable=True), wide=True),
        suppression_note(lang, access.k),
    ]


on_filters("needs-body", needs_body)
