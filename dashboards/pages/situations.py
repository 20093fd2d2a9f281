"""Situations: a searchable, sortable list of the filtered situations (internal use only)."""

from __future__ import annotations

import dash
import pandas as pd
from dash import Input, Output, State, callback, dash_table, dcc, html
from dash.exceptions import PreventUpdate

from ..components.cards import empty_state, page_title, refused
from ..components.filters import FILTER_INPUTS, filters_from_values, on_filters
from ..components.tables import FONT
from ..data import Access, DashboardData, current_access, current_context
from ..i18n import label, lang_of, region_label, service_label, t

dash.register_page(__name__, path="/situations", name="Situations", title="netmap — Situations", order=1)

__all__ = ["PAGE_SIZE", "layout", "situation_page", "situation_rows", "situations_body"]


def layout(**_query: str) -> html.Div:
    return html.Div(dcc.Loading(html.Div(id="situations-body"), type="dot", delay_show=400), className="page-body")


def situation_rows(data: DashboardData, filters, lang: str) -> list[dict]:
    """One row per filtered situation: id (a link), service, status, fragility, readiness, latest assessment.

    Hidden sort keys (``_id``, ``_fragility``, ``_readiness``) order the columns by meaning, not by text.
    """

    def compute() -> list[dict]:
        sel = data.selected(filters)
        rows = data.latest_rows(filters)[["situation", "assessment", "fragility", "ready", "readiness_score"]]
        by_id = {r["situation"]: r for r in rows.to_dict("records")} if not rows.empty else {}
        out = []
        for s in sel.itertuples(index=False):
            m = by_id.get(s.situation)
            score = m["readiness_score"] if m is not None else None
            has_score = score is not None and not pd.isna(score)
            ready = bool(m["ready"]) if m is not None else False
            out.append({
                "situation": f"[{s.situation}](/situations/{s.situation})",
                "service": service_label(s.service),
                "status": label("outcome", s.outcome, lang),
                "region": region_label(s.region, lang),
                "age": int(s.age) if not pd.isna(s.age) else "—",
                "assessment": m["assessment"].isoformat() if m is not None else "—",
                "fragility": label("level", m["fragility"], lang) if m is not None else "—",
                "readiness": (f"{round(score * 9)}/9" + (" ✓" if ready else "")) if has_score else "—",  # type: ignore[operator]
                "_id": s.situation,
                "_fragility": _RANK.get(m["fragility"], -1) if m is not None else -1,
                "_readiness": float(score) if has_score else -1.0,  # type: ignore[arg-type]
            })
        return out

    return data.memo(("situation_rows", filters, lang), compute)


_RANK = {"high": 3, "medium": 2, "low": 1, "none": 0}
_SORT_KEYS = {"situation": "_id", "fragility": "_fragility", "readiness": "_readiness"}
PAGE_SIZE = 25


def situation_page(rows: list[dict], page: int | None, sort_by: list[dict] | None,
                   search: str | None) -> tuple[list[dict], int, int]:
    """One page of the list, searched (id, service, status or region containing the text) and sorted.

    Returns the page's rows (without the hidden sort keys), the number of pages and of matching rows.
    """
    needle = (search or "").strip().lower()
    if needle:
        rows = [r for r in rows if any(needle in str(r[c]).lower()
                                       for c in ("_id", "service", "status", "region"))]
    for spec in reversed(sort_by or []):
        key = _SORT_KEYS.get(spec.get("column_id"), spec.get("column_id"))
        if key not in ("_id", "_fragility", "_readiness", "service", "status", "region", "age", "assessment"):
            continue
        rows = sorted(rows, key=lambda r, k=key: (1, 0) if r[k] == "—" else (0, r[k]),  # type: ignore[misc]
                      reverse=spec.get("direction") == "desc")
    count = len(rows)
    pages = max(1, -(-count // PAGE_SIZE))
    page = min(max(page or 0, 0), pages - 1)
    shown = [{k: v for k, v in r.items() if not k.startswith("_")} | {"fragility_rank": r["_fragility"]}
             for r in rows[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]]
    return shown, pages, count


def situations_body(data: DashboardData, access: Access, filters, lang: str) -> list:
    """The list page; a viewer without internal access gets the refusal, never a row."""
    if not access.internal:
        return [refused(lang)]
    rows = situation_rows(data, filters, lang)
    title = page_title(t("sit.title", lang), t("sit.count", lang, n=len(rows)))
    if not rows:
        return [title, empty_state(lang)]
    first, pages, _ = situation_page(rows, 0, [], "")
    cols = [("situation", "col.situation"), ("service", "col.service"), ("status", "col.status"),
            ("region", "col.region"), ("age", "col.age"), ("assessment", "col.assessment"),
            ("fragility", "col.fragility"), ("readiness", "col.readiness")]
    table = dash_table.DataTable(
        id="situations-table",
        columns=[{"name": t(key, lang), "id": c, **({"presentation": "markdown"} if c == "situation" else {})}
                 for c, key in cols],
        data=first,
        page_current=0,
        page_size=PAGE_SIZE,
        page_count=pages,
        page_action="custom",  # the list stays on the server: the browser gets one page at a time
        sort_action="custom",
        sort_mode="single",
        sort_by=[],
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
    search = dcc.Input(id="sit-search", type="search", debounce=True, placeholder=t("sit.search", lang),
                       className="search-input")
    return [title, html.Div([search, table], className="panel wide table-wrap")]


@callback(Output("situations-table", "data"), Output("situations-table", "page_count"),
          Input("situations-table", "page_current"), Input("situations-table", "sort_by"),
          Input("sit-search", "value"), *[State(i.component_id, i.component_property) for i in FILTER_INPUTS],
          State("lang", "data"), prevent_initial_call=True)
def _page(page, sort_by, search, service, start, end, region, age, lang):
    access = current_access()
    if not access.internal:
        raise PreventUpdate
    rows = situation_rows(current_context().data, filters_from_values(service, start, end, region, age), lang_of(lang))
    shown, pages, _ = situation_page(rows, page, sort_by, search)
    return shown, pages


on_filters("situations-body", situations_body)
