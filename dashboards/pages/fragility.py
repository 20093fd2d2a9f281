"""Fragilité: situations by fragility level and by finding at their latest assessment."""

from __future__ import annotations

import dash
from dash import dcc, html

from ..components.cards import empty_state, page_title, section, suppression_note
from ..components.charts import bar_figure, empty_figure, graph
from ..components.filters import on_filters
from ..components.tables import data_table, flag_code_label
from ..data import Access, DashboardData
from ..i18n import column_label, label, t

dash.register_page(__name__, path="/fragilite", name="Fragilité", title="netmap — Fragilité", order=3)

__all__ = ["fragility_body", "layout"]

LEVELS = ("high", "medium", "low", "none")


def layout(**_query: str) -> html.Div:
    return html.Div(dcc.Loading(html.Div(id="fragility-body"), type="dot", delay_show=400), className="page-body")


def fragility_body(data: DashboardData, access: Access, filters, lang: str) -> list:
    """Levels and findings (the ``fragility`` aggregate) of the filtered situations, at the viewer's k."""
    title = page_title(t("frag.title", lang), t("frag.intro", lang))
    if not data.select(filters):
        return [title, empty_state(lang)]
    table = data.table("fragility", filters, access.k)
    codes = table["code"].astype(str) if not table.empty else []
    levels = table[codes.str.startswith("level:")] if not table.empty else table  # type: ignore[union-attr]
    flags = table[~codes.str.startswith("level:") & (codes != "ready")] if not table.empty else table  # type: ignore[union-attr]
    if levels.empty:
        lfig = empty_figure(t("empty.table", lang))
    else:
        order = {f"level:{lv}": i for i, lv in enumerate(LEVELS)}
        levels = levels.assign(_o=levels["code"].map(order)).sort_values("_o").drop(columns="_o")
        lfig = bar_figure([label("level", c[6:], lang) for c in levels["code"]],
                          {column_label("situations", lang): levels["situations"].tolist()}, height=300)
    if flags.empty:
        ffig = empty_figure(t("empty.table", lang))
    else:
        ffig = bar_figure([flag_code_label(c, lang) for c in flags["code"]],
                          {column_label("situations", lang): flags["situations"].tolist()}, horizontal=True,
                          height=max(300, 30 * len(flags) + 60))
    return [
        title,
        html.Div(className="grid-2", children=[
            section(t("frag.levels", lang), graph(lfig, "frag-levels")),
            section(t("frag.flags", lang), graph(ffig, "frag-flags")),
        ]),
        section(t("table.fragility", lang), data_table(table, lang, "fragility-table", page_size=20), wide=True),
        suppression_note(lang, access.k),
    ]


on_filters("fragility-body", fragility_body)
