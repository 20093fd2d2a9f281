"""Liens intersectoriels: sector × sector heat map, siloed sectors, ties between French- and Dutch-speaking actors."""

from __future__ import annotations

from typing import Any

import dash
import pandas as pd
from dash import dcc, html

from ..components.cards import empty_state, page_title, section, suppression_note
from ..components.charts import empty_figure, graph, heatmap_figure, numeric
from ..components.filters import on_filters
from ..components.tables import data_table
from ..data import Access, DashboardData
from ..i18n import sector_label, t

dash.register_page(__name__, path="/intersectoriel", name="Liens intersectoriels",
                   title="netmap — Liens intersectoriels", order=4)

__all__ = ["intersectoral_body", "language_ties", "layout", "siloed_table", "tie_matrix"]


def layout(**_query: str) -> html.Div:
    return html.Div(dcc.Loading(html.Div(id="intersectoral-body"), type="dot", delay_show=400), className="page-body")


def tie_matrix(table: pd.DataFrame, lang: str) -> tuple[list[str], list[list[float | None]], list[list[str | None]]]:
    """Labels, the symmetric matrix of ties between sectors (hidden cells None) and the markers of hidden cells."""
    sectors = sorted(set(table["sector_a"]) | set(table["sector_b"]), key=lambda s: sector_label(s, lang))
    pos = {s: i for i, s in enumerate(sectors)}
    matrix: list[list[float | None]] = [[None] * len(sectors) for _ in sectors]
    markers: list[list[str | None]] = [[None] * len(sectors) for _ in sectors]
    for a, b, raw, v in zip(table["sector_a"], table["sector_b"], table["ties"], numeric(table["ties"].tolist()),
                            strict=True):
        for i, j in ((pos[a], pos[b]), (pos[b], pos[a])):
            matrix[i][j] = v
            markers[i][j] = raw if v is None and isinstance(raw, str) else None
    return [sector_label(s, lang) for s in sectors], matrix, markers


def siloed_table(data: DashboardData, filters, k: int) -> pd.DataFrame:
    """The ``siloed`` table of netmap.aggregate: per sector, situations where it is present, siloed, and that share."""
    return data.table("siloed", filters, k)


def language_ties(data: DashboardData, filters, k: int) -> dict[str, Any]:
    """The ``language_ties`` table of netmap.aggregate as a dict: situations and ties between working languages."""
    table = data.table("language_ties", filters, k)
    row = table.iloc[0]
    return {"situations": row["situations"], "ties": row["ties"]}


def intersectoral_body(data: DashboardData, access: Access, filters, lang: str) -> list:
    """The heat map, siloed sectors and language ties of the filtered situations, at the viewer's k."""
    title = page_title(t("inter.title", lang), t("inter.intro", lang))
    if not data.select(filters):
        return [title, empty_state(lang)]
    table = data.table("intersectoral", filters, access.k)
    if table.empty:
        fig = empty_figure(t("empty.table", lang))
    else:
        labels, matrix, markers = tie_matrix(table, lang)
        fig = heatmap_figure(labels, matrix, markers=markers, height=max(420, 34 * len(labels) + 160))
    silo = siloed_table(data, filters, access.k)
    lang_ties = language_ties(data, filters, access.k)
    return [
        title,
        section(t("inter.heatmap", lang), graph(fig, "inter-heatmap"), wide=True),
        html.Div(className="grid-2", children=[
            section(t("inter.siloed", lang), data_table(silo, lang, "siloed-table"), help_text=t("inter.siloed_help", lang)),
            section(t("inter.language", lang), html.P(
                t("inter.language_text", lang, ties=lang_ties["ties"], situations=lang_ties["situations"]),
                className="big-text", id="language-ties")),
        ]),
        section(t("table.intersectoral", lang), data_table(table, lang, "intersectoral-table", page_size=15), wide=True),
        suppression_note(lang, access.k),
    ]


on_filters("intersectoral-body", intersectoral_body)
