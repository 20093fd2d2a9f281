"""Situations: a searchable, sortable list of the filtered situations (internal use only)."""

from __future__ import annotations

import dash
import pandas as pd
from dash import dash_table, dcc, html

from ..components.cards import empty_state, page_title, refused
from ..components.filters import on_filters
from ..components.tables import FONT
from ..data import Access, DashboardData
from ..i18n import label, region_label, service_label, t

dash.register_page(__name__, path="/situations", name="Situations", title="netmap — Situations", order=1)

__all__ = ["layout", "situation_rows", "situations_body"]


def layout(**_query: str) -> html.Div:
    return html.Div(dcc.Loading(html.Div(id="situations-body"), type="dot", delay_show=400), className="page-body")


def situation_rows(data: DashboardData, filters, lang: str) -> list[dict]:
    """One row per filtered situation: id (a link), service, status, fragility, readiness, latest assessment."""
    sits = data.select(filters)
    rows = data.latest_rows(filters)
    by_id = {r["situation"]: r for r in rows.to_dict("records")} if not rows.empty else {}
    out = []
    for s in sits:
        m = by_id.get(s.id)
        score = m["readiness_score"] if m is not None else None
        ready = bool(m["ready"]) if m is not None else None
        out.append({
            "situation": f"[{s.id}](/situations/{s.id})",
            "service": service_label(s.service),
            "status": label("outcome", s.outcome, lang),
            "region": region_label(s.person.region),
            "age": s.person.age if s.person.age is not None else "—",
            "assessment": m["assessment"].isoformat() if m is not None else "—",
            "fragility": label("level", m["fragility"], lang) if m is not None else "—",
            "fragility_rank": {"high": 3, "medium": 2, "low": 1, "none": 0}.get(m["fragility"], -1) if m else -1,
            "readiness": (f"{round(score * 9)}/9" + (" ✓" if ready else "")) if score is not None and not pd.isna(score)
            else "—",
        })
    return out


def situations_body(data: DashboardData, access: Access, filters, lang: str) -> list:
    """The list page; a viewer without internal access gets the refusal, never a row."""
    if not access.internal:
        return [refused(lang)]
    rows = situation_rows(data, filters, lang)
    title = page_title(t("sit.title", lang), t("sit.count", lang, n=len(rows)))
    if not rows:
        return [title, empty_state(lang)]
    cols = [("situation", "col.situation"), ("service", "col.service"), ("status", "col.status"),
            ("region", "col.region"), ("age", "col.age"), ("assessment", "col.assessment"),
            ("fragility", "col.fragility"), ("readiness", "col.readiness")]
    table = dash_table.DataTable(
        id="situations-table",
        columns=[{"name": t(key, lang), "id": c, **({"presentation": "markdown"} if c == "situation" else {})}
                 for c, key in cols],
        data=rows,
        page_size=25,
        sort_action="native",
        filter_action="native",
        filter_options={"case": "insensitive", "placeholder_text": t("sit.search", lang)},
        markdown_options={"link_target": "_self"},
        style_as_list_view=True,
        style_table={"overflowX": "auto"},
        style_cell={"fontFamily": FONT, "fontSize": "14px", "padding": "6px 10px", "textAlign": "left"},
        style_header={"fontWeight": "600", "backgroundColor": "#eef2f6"},
        style_data_conditional=[
            {"if": {"filter_query": "{fragility_rank} = 3", "column_id": "fragility"}, "color": "#a3273d",
             "fontWeight": "600"},
            {"if": {"filter_query": "{fragility_rank} = 2", "column_id": "fragility"}, "color": "#b0600f"},
        ],
    )
    return [title, html.Div(table, className="panel wide table-wrap")]


on_filters("situations-body", situations_body)
