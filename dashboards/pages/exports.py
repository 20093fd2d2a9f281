"""Exports: the yearly report (year, service) and every aggregate table as CSV or XLSX, at the viewer's k."""

from __future__ import annotations

import datetime as dt

import dash
from dash import Input, Output, State, callback, dcc, html
from dash.exceptions import PreventUpdate

from ..audit import audited
from ..components.cards import page_title
from ..components.filters import FILTER_INPUTS, filters_from_values
from ..data import Access, DashboardData, current_access, current_context
from ..i18n import dropdown_labels, lang_of, service_label, t

dash.register_page(__name__, path="/exports", name="Exports", title="netmap — Exports", order=7)

__all__ = ["TABLE_NAMES", "export_years", "layout", "table_download", "yearly_download"]

TABLE_NAMES = ("key_figures", "cohort", "caseload", "meetings", "funding", "needs", "sectors", "partners", "fragility",
               "intersectoral", "greyzones")
FORMATS = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def export_years(data: DashboardData) -> list[int]:
    """Years with a request, an opening or a closing in the data, most recent first."""
    return sorted(data.years(), reverse=True)


def layout(**_query: str) -> html.Div:
    ctx = current_context()
    lang = ctx.lang
    data = ctx.data
    years = export_years(data)
    services = data.options()["services"]
    return html.Div(className="page-body", children=[
        html.Div(id="exports-title", children=page_title(t("exp.title", lang))),
        html.Div(className="grid-2", children=[
            html.Section(className="panel", children=[
                html.H2(t("exp.yearly", lang), id="exp-yearly-title"),
                html.P(t("exp.yearly_help", lang), id="exp-yearly-help", className="help"),
                html.Div(className="form-row", children=[
                    html.Label(t("exp.year", lang), id="exp-year-label", htmlFor="exp-year"),
                    dcc.Dropdown(id="exp-year", labels=dropdown_labels(lang), options=[{"label": str(y), "value": y} for y in years],
                                 value=years[0] if years else None, clearable=False),
                ]),
                html.Div(className="form-row", children=[
                    html.Label(t("filter.service", lang), id="exp-service-label", htmlFor="exp-service"),
                    dcc.Dropdown(id="exp-service", labels=dropdown_labels(lang), options=[{"label": service_label(s), "value": s} for s in services],
                                 placeholder=t("filter.all_services", lang)),
                ]),
                html.Button(t("exp.download", lang), id="exp-yearly-btn", n_clicks=0, className="button"),
                dcc.Loading(dcc.Download(id="exp-yearly-download"), type="dot"),
            ]),
            html.Section(className="panel", children=[
                html.H2(t("exp.tables", lang), id="exp-tables-title"),
                html.P(t("exp.tables_help", lang), id="exp-tables-help", className="help"),
                html.Div(className="form-row", children=[
                    html.Label(t("exp.table", lang), id="exp-table-label", htmlFor="exp-table"),
                    dcc.Dropdown(id="exp-table", labels=dropdown_labels(lang), options=_table_options(lang), value="needs", clearable=False),
                ]),
                html.Div(className="form-row", children=[
                    html.Label(t("exp.format", lang), id="exp-format-label"),
                    dcc.RadioItems(id="exp-format", options=[{"label": " CSV", "value": "csv"},
                                                             {"label": " Excel (XLSX)", "value": "xlsx"}],
                                   value="csv", inline=True, className="radio"),
                ]),
                html.Button(t("exp.download", lang), id="exp-table-btn", n_clicks=0, className="button"),
                dcc.Download(id="exp-table-download"),
            ]),
        ]),
    ])


def _table_options(lang: str) -> list[dict]:
    return [{"label": t(f"table.{name}", lang), "value": name} for name in TABLE_NAMES]


def yearly_download(data: DashboardData, access: Access, year: int, service: str | None, lang: str) -> dict:
    """The yearly report as a dcc.Download payload, computed with the viewer's k."""
    from netmap.aggregate import Filters
    from netmap.report.yearly import yearly_report_html

    # only the situations the report covers are built as model objects (the year, the service); their
    # measure rows are the compact ones the dashboard holds (the columns the report's tables read)
    span = Filters(service=service or None, date_from=dt.date(int(year), 1, 1), date_to=dt.date(int(year), 12, 31))
    sits = data.situations_of(data.select(span))
    text = yearly_report_html(sits, int(year), service=service or None, k=access.k, lang=lang,
                              measures=data.measures_of(span), cell_keys=data.cell_keys() if access.k > 0 else None)
    name = f"rapport-annuel-{year}" + (f"-{service}" if service else "") + ".html"
    return {"content": text, "filename": name, "type": "text/html"}


def table_download(data: DashboardData, access: Access, name: str, fmt: str, filters, lang: str = "fr") -> dict:
    """One aggregate table with the current filters and the viewer's k, as CSV or XLSX (formula-safe)."""
    import base64

    from netmap.aggregate.export import table_bytes

    if name not in TABLE_NAMES or fmt not in FORMATS:
        raise ValueError("unknown table or format")
    from netmap.aggregate.disclosure import disclosure_note

    payload = table_bytes(data.table(name, filters, access.k), fmt, note=disclosure_note(access.k, lang))
    return {"content": base64.b64encode(payload).decode("ascii"), "base64": True,
            "filename": f"netmap-{name}.{fmt}", "type": FORMATS[fmt]}


@callback(Output("exp-yearly-download", "data"), Input("exp-yearly-btn", "n_clicks"),
          State("exp-year", "value"), State("exp-service", "value"), State("lang", "data"), prevent_initial_call=True)
def _yearly(n_clicks, year, service, lang):
    if not n_clicks or year is None:
        raise PreventUpdate
    return audited(yearly_download(current_context().data, current_access(), year, service, lang_of(lang)), "export")


@callback(Output("exp-table-download", "data"), Input("exp-table-btn", "n_clicks"),
          State("exp-table", "value"), State("exp-format", "value"), *[State(i.component_id, i.component_property)
                                                                       for i in FILTER_INPUTS],
          State("lang", "data"), prevent_initial_call=True)
def _table(n_clicks, name, fmt, service, start, end, region, age, lang=None):
    if not n_clicks:
        raise PreventUpdate
    return audited(table_download(current_context().data, current_access(), name, fmt,
                                  filters_from_values(service, start, end, region, age), lang_of(lang)), "export")


@callback(Output("exports-title", "children"), Output("exp-yearly-title", "children"),
          Output("exp-yearly-help", "children"), Output("exp-year-label", "children"),
          Output("exp-service-label", "children"), Output("exp-tables-title", "children"),
          Output("exp-tables-help", "children"), Output("exp-table-label", "children"),
          Output("exp-format-label", "children"), Output("exp-yearly-btn", "children"),
          Output("exp-table-btn", "children"), Output("exp-table", "options"), Output("exp-service", "placeholder"),
          Input("lang", "data"))
def _texts(lang):
    lang = lang_of(lang)
    return (page_title(t("exp.title", lang)), t("exp.yearly", lang), t("exp.yearly_help", lang), t("exp.year", lang),
            t("filter.service", lang), t("exp.tables", lang), t("exp.tables_help", lang), t("exp.table", lang),
            t("exp.format", lang), t("exp.download", lang), t("exp.download", lang), _table_options(lang),
            t("filter.all_services", lang))
