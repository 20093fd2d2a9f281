"""Activité & saturation: active situations against capacity by month, requests and refusals, cohorts, meetings, funds."""

from __future__ import annotations

import dash
import pandas as pd
from dash import dcc, html

from ..components.cards import empty_state, page_title, section, suppression_note
from ..components.charts import PALETTE, bar_figure, empty_figure, graph, line_with_capacity, numeric
from ..components.filters import on_filters
from ..components.tables import data_table
from ..data import Access, DashboardData
from ..i18n import column_label, service_label, t

dash.register_page(__name__, path="/activite", name="Activité & saturation", title="netmap — Activité & saturation",
                   order=5)

__all__ = ["activity_body", "caseload_figure", "layout", "monthly_key_figures", "monthly_totals", "refusals_figure"]


def layout(**_query: str) -> html.Div:
    return html.Div(dcc.Loading(html.Div(id="activity-body"), type="dot", delay_show=400), className="page-body")


def caseload_figure(caseload: pd.DataFrame, lang: str):
    """Active situations by month: one service with its capacity line, or several services stacked."""
    if caseload.empty:
        return empty_figure(t("empty.table", lang))
    services = list(dict.fromkeys(caseload["service"]))
    if len(services) == 1:
        return line_with_capacity(caseload["month"].tolist(), caseload["active"].tolist(),
                                  caseload["capacity"].tolist(), active_name=t("act.active", lang),
                                  capacity_name=t("act.capacity", lang))
    months = sorted(set(caseload["month"]))
    series = {}
    for svc in services:
        part = caseload[caseload["service"] == svc].set_index("month")["active"]
        series[service_label(svc)] = [part.get(m) for m in months]
    return bar_figure(months, series, stacked=True, height=360, colours=PALETTE)


def monthly_totals(caseload: pd.DataFrame, column: str) -> tuple[list[str], list[float | str]]:
    """A caseload column of the published table added up over the services shown, by month; a month with a
    hidden cell has no total: ``"x"`` (drawn as that marker, never as a bar)."""
    months = sorted(set(caseload["month"]))
    totals: list[float | str] = []
    for m in months:
        cells = caseload.loc[caseload["month"] == m, column].tolist()
        nums = numeric(cells)
        totals.append("x" if any(v is None for v in nums) else sum(v for v in nums if v is not None))
    return months, totals


def refusals_figure(caseload: pd.DataFrame, lang: str, k: int = 0, monthly: pd.DataFrame | None = None):
    """Requests and refusals by month, as published: the caseload's own cells for one service; for several,
    ``monthly`` (the ``key_figures`` table of each month: requests and refusals for lack of room, each
    perturbed once over all the services, instead of a sum of cells that a hidden one would leave unknown)."""
    if caseload.empty:
        return empty_figure(t("empty.table", lang))
    services = list(dict.fromkeys(caseload["service"]))
    if len(services) == 1 or monthly is None:
        months: list[str] = []
        series = {}
        cols = ("requests", "refused_saturation", "refused_criteria") if len(services) == 1 else \
            ("requests", "refused_saturation")
        for col in cols:
            months, totals = monthly_totals(caseload, col)
            series[column_label(col, lang)] = totals
    else:
        months = monthly["month"].tolist()
        series = {column_label(col, lang): monthly[col].tolist() for col in ("requests", "refused_saturation")}
    if all(isinstance(v, str) for values in series.values() for v in values):
        return empty_figure(t("act.all_hidden", lang, k=k))
    return bar_figure(months, series, height=340)


def monthly_key_figures(data: DashboardData, filters, months: list[str], k: int) -> pd.DataFrame:
    """The ``key_figures`` table of each month (``YYYY-MM``) with the other filters kept: one row per month."""
    import dataclasses
    import datetime as dt

    rows = []
    for m in months:
        start = dt.date(int(m[:4]), int(m[5:7]), 1)
        end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        f = dataclasses.replace(filters, date_from=start, date_to=end, as_of=None)
        rows.append({"month": m, **data.table("key_figures", f, k).iloc[0].to_dict()})
    return pd.DataFrame(rows)


def activity_body(data: DashboardData, access: Access, filters, lang: str) -> list:
    """Caseload, cohorts, meetings and funds of the filtered situations, at the viewer's k."""
    title = page_title(t("act.title", lang))
    if not data.select(filters):
        return [title, empty_state(lang)]
    caseload = data.table("caseload", filters, access.k)
    cohort = data.table("cohort", filters, access.k)
    meetings = data.table("meetings", filters, access.k)
    funding = data.table("funding", filters, access.k)
    several = caseload["service"].nunique() > 1 if not caseload.empty else False
    monthly = monthly_key_figures(data, filters, sorted(set(caseload["month"])), access.k) if several else None
    return [
        title,
        section(t("act.caseload", lang), graph(caseload_figure(caseload, lang), "act-caseload"), wide=True),
        section(t("act.refusals", lang), graph(refusals_figure(caseload, lang, access.k, monthly), "act-refusals"),
                wide=True),
        section(t("table.caseload", lang), data_table(caseload, lang, "caseload-table", page_size=12, table="caseload"), wide=True),
        html.Div(className="grid-2", children=[
            section(t("act.cohort", lang), data_table(cohort, lang, "cohort-table")),
            section(t("act.funding", lang), data_table(funding, lang, "funding-table", table="funding")),
        ]),
        section(t("act.meetings", lang), data_table(meetings, lang, "meetings-table", page_size=13), wide=True),
        suppression_note(lang, access.k),
    ]


on_filters("activity-body", activity_body)
