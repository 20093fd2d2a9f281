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


def tie_matrix(table: pd.DataFrame, lang: str) -> tuple[list[str], list[list[float | None]]]:
    """Labels and the symmetric matrix of ties between sectors; hidden cells are None."""
    sectors = sorted(set(table["sector_a"]) | set(table["sector_b"]), key=lambda s: sector_label(s, lang))
    pos = {s: i for i, s in enumerate(sectors)}
    matrix: list[list[float | None]] = [[None] * len(sectors) for _ in sectors]
    for a, b, v in zip(table["sector_a"], table["sector_b"], numeric(table["ties"].tolist()), strict=True):
        matrix[pos[a]][pos[b]] = v
        matrix[pos[b]][pos[a]] = v
    return [sector_label(s, lang) for s in sectors], matrix


def siloed_table(data: DashboardData, filters, k: int) -> pd.DataFrame:
    """Per sector: situations where it is present, where it is siloed, and that share; after disclosure at k."""
    from netmap.aggregate.disclosure import RawTable, suppress

    def compute() -> pd.DataFrame:
        rows = data.latest_rows(filters)
        present: dict[str, int] = {}
        siloed: dict[str, int] = {}
        if not rows.empty:
            for secs, silo in zip(rows["sectors"], rows["siloed_sectors"], strict=True):
                for s in secs:
                    present[s] = present.get(s, 0) + 1
                for s in silo:
                    siloed[s] = siloed.get(s, 0) + 1
        keys = sorted(siloed, key=lambda s: (-siloed[s], s))
        frame = pd.DataFrame({
            "sector": keys,
            "present": [present.get(s, 0) for s in keys],
            "siloed": [siloed[s] for s in keys],
            "share": [round(siloed[s] / present[s], 4) if present.get(s) else None for s in keys],
        })
        if k == 0 or frame.empty:
            return frame
        return suppress(RawTable(frame, support={"present": frame["present"], "siloed": frame["siloed"],
                                                 "share": frame["present"]},
                                 counts=("present", "siloed"), links={"siloed": ("share",)}), k)

    return data.memo(("siloed", filters, k), compute)


def language_ties(data: DashboardData, filters, k: int) -> dict[str, Any]:
    """Ties between actors of different working languages: their number and the situations holding them (at k)."""
    from netmap.aggregate.disclosure import RawTable, suppress

    rows = data.latest_rows(filters)
    ties = [int(v or 0) for v in rows["language_ties"]] if not rows.empty else []
    n = sum(1 for v in ties if v > 0)
    frame = pd.DataFrame({"situations": [n], "ties": [sum(ties)]})
    if k > 0:
        frame = suppress(RawTable(frame, support={"situations": frame["situations"], "ties": frame["situations"]},
                                  counts=("situations",), links={"situations": ("ties",)}), k)
    return {"situations": frame.iloc[0]["situations"], "ties": frame.iloc[0]["ties"]}


def intersectoral_body(data: DashboardData, access: Access, filters, lang: str) -> list:
    """The heat map, siloed sectors and language ties of the filtered situations, at the viewer's k."""
    title = page_title(t("inter.title", lang), t("inter.intro", lang))
    if not data.select(filters):
        return [title, empty_state(lang)]
    table = data.table("intersectoral", filters, access.k)
    if table.empty:
        fig = empty_figure(t("empty.table", lang))
    else:
        labels, matrix = tie_matrix(table, lang)
        fig = heatmap_figure(labels, matrix, height=max(420, 34 * len(labels) + 160))
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
