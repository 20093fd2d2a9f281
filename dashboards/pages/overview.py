"""Vue d'ensemble: the key figures of the filtered set and their change since the previous period of the same length."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import dash
import pandas as pd
from dash import Output, html

from ..components.cards import empty_state, page_title
from ..components.charts import bar_figure, empty_figure, graph
from ..components.filters import FILTER_INPUTS, LANG_INPUT, filters_from_values
from ..data import Access, DashboardData, current_access, current_context
from ..i18n import column_label, domain_label, label, lang_of, t

dash.register_page(__name__, path="/", name="Vue d'ensemble", title="netmap — Vue d'ensemble", order=0)

__all__ = ["KPIS", "key_figures", "layout", "overview_body", "overview_view", "previous_filters"]

CHART_HEIGHT = 300
# (column of the key_figures table, UI string, kind): kind "count" is a number of situations, "share" a proportion
KPIS = (
    ("situations", "kpi.situations", "count"),
    ("in_progress", "kpi.open", "count"),
    ("requests", "kpi.requests", "count"),
    ("refused_saturation", "kpi.refused_saturation", "count"),
    ("coverage_mean", "kpi.coverage", "share"),
    ("with_exhausted_actor", "kpi.exhausted", "count"),
    ("with_uncovered_need", "kpi.uncovered", "count"),
    ("ready", "kpi.ready", "count"),
)


def layout(**_query: str) -> html.Div:
    """A fixed frame whose texts and figures the callback updates in place: graphs are redrawn, not rebuilt."""
    lang = current_context().lang
    blank = {"title": t("ov.title", lang), "period": "", "cards": [(key, t(text_key, lang), "…", "", "flat")
                                                                   for key, text_key, _ in KPIS],
             "levels_title": t("ov.fragility_chart", lang), "needs_title": t("needs.chart", lang),
             "levels": empty_figure("…", CHART_HEIGHT), "needs": empty_figure("…", CHART_HEIGHT), "note": None}
    return html.Div(_frame(blank), className="page-body", id="overview-body")


def previous_filters(filters):
    """The same filters over the period of the same length just before, or None without a full period.

    A period of whole calendar months (every published one) is compared with as many
    whole months just before it.
    """
    if filters.date_from is None or filters.date_to is None:
        return None
    if filters.date_from.day == 1 and (filters.date_to + dt.timedelta(days=1)).day == 1:
        months = (filters.date_to.year - filters.date_from.year) * 12 + filters.date_to.month - filters.date_from.month + 1
        end = filters.date_from - dt.timedelta(days=1)
        y, m = divmod(end.year * 12 + end.month - 1 - (months - 1), 12)
        return dataclasses.replace(filters, date_from=dt.date(y, m + 1, 1), date_to=end, as_of=None)
    days = (filters.date_to - filters.date_from).days + 1
    end = filters.date_from - dt.timedelta(days=1)
    return dataclasses.replace(filters, date_from=end - dt.timedelta(days=days - 1), date_to=end, as_of=None)


def key_figures(data: DashboardData, filters, k: int) -> dict[str, Any]:
    """The ``key_figures`` table of netmap.aggregate for ``filters`` at ``k``, as a dict (one value per KPI).

    Nothing is computed here: published values (perturbed counts, ``"<k"``, ``"x"``) come as
    the table gives them.
    """
    table = data.table("key_figures", filters, k)
    row = table.iloc[0] if len(table) else pd.Series(dtype=object)
    return {key: _plain(row.get(key), kind) for key, _, kind in KPIS}


def _plain(v: Any, kind: str) -> Any:
    if isinstance(v, str) or v is None:
        return v
    if pd.isna(v):
        return None
    return float(v) if kind == "share" else int(v)


def _format(value: Any, kind: str, lang: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if kind == "share":
        return f"{value * 100:.0f} %" if lang == "fr" else f"{value * 100:.0f}%"
    return f"{value:,}".replace(",", " ") if lang == "fr" else f"{value:,}"


def _change(now: Any, before: Any, kind: str, lang: str) -> tuple[str, str]:
    if not isinstance(now, (int, float)) or not isinstance(before, (int, float)):
        return t("ov.no_change", lang), "flat"
    if kind == "share":
        diff = round((now - before) * 100)
        text = f"{abs(diff)} pt" if lang == "fr" else f"{abs(diff)} pts"
    else:
        diff = now - before  # type: ignore[assignment]
        text = f"{abs(diff):,}".replace(",", " ") if lang == "fr" else f"{abs(diff):,}"
    if diff == 0:
        return t("ov.same", lang), "flat"
    return t("ov.change", lang, sign="+" if diff > 0 else "−", value=text), "up" if diff > 0 else "down"


def overview_view(data: DashboardData, access: Access, filters, lang: str) -> dict[str, Any]:
    """Everything the overview shows for these filters, as values (the page's callback sets them in place).

    Keys: ``title``, ``period``, ``empty`` (no situation passes the filters), ``cards`` (one
    ``(key, title, value, change, trend)`` per key figure), ``levels_title``, ``levels``,
    ``needs_title``, ``needs`` (figures), ``note`` (the legend of hidden cells, or None).
    """
    view: dict[str, Any] = {"title": t("ov.title", lang), "empty": not data.select(filters),
                            "levels_title": t("ov.fragility_chart", lang), "needs_title": t("needs.chart", lang),
                            "note": t("suppressed.note", lang, k=access.k) if access.k > 0 else None}
    if view["empty"]:
        blank = empty_figure(t("empty.no_data", lang), CHART_HEIGHT)
        view.update(period=t("empty.hint", lang), levels=blank, needs=blank,
                    cards=[(key, t(text_key, lang), "—", None, "flat") for key, text_key, _ in KPIS])
        return view
    from netmap.aggregate import published_filters

    filters = published_filters(filters, access.k)  # what the figures are about: whole months when published
    now = key_figures(data, filters, access.k)
    prev_f = previous_filters(filters)
    before = key_figures(data, prev_f, access.k) if prev_f is not None else None
    if prev_f is not None and access.k > 0:  # published: whole calendar months
        months = (filters.date_to.year - filters.date_from.year) * 12 + filters.date_to.month - filters.date_from.month + 1
        view["period"] = t("ov.period_months", lang, start=_day(filters.date_from, lang),
                           end=_day(filters.date_to, lang), months=months)
    elif prev_f is not None:
        view["period"] = t("ov.period", lang, start=_day(filters.date_from, lang), end=_day(filters.date_to, lang),
                           days=(filters.date_to - filters.date_from).days + 1)
    else:
        view["period"] = t("ov.no_period", lang)
    cards = []
    for key, text_key, kind in KPIS:
        change, trend = _change(now[key], before[key], kind, lang) if before is not None else (None, "flat")
        cards.append((key, t(text_key, lang), _format(now[key], kind, lang), change, trend))
    view.update(cards=cards, levels=_levels_figure(data, filters, access.k, lang),
                needs=_needs_figure(data, filters, access.k, lang))
    return view


def overview_body(data: DashboardData, access: Access, filters, lang: str) -> list:
    """The overview as a component tree (the page's frame filled with :func:`overview_view`)."""
    view = overview_view(data, access, filters, lang)
    if view["empty"]:
        return [page_title(view["title"]), empty_state(lang)]
    return _frame(view)


def _frame(view: dict[str, Any]) -> list:
    """The page's components, with the ids its callback fills; built from a view."""
    cards = [html.Div(className="kpi", id=f"kpi-{key}", children=[
        html.Div(title, className="kpi-title", id=f"kpi-{key}-title"),
        html.Div(value, className="kpi-value", id=f"kpi-{key}-value"),
        html.Div(change, className=f"kpi-change {trend}", id=f"kpi-{key}-change"),
    ]) for key, title, value, change, trend in view["cards"]]
    return [
        html.Div(className="page-title", children=[html.H1(view["title"], id="ov-title")]),
        html.P(view["period"], className="intro", id="ov-period"),
        html.Div(cards, className="kpi-grid"),
        html.Div(className="grid-2", children=[
            html.Section(className="panel", children=[html.H2(view["levels_title"], id="ov-levels-title"),
                                                      graph(view["levels"], "ov-levels", height=CHART_HEIGHT)]),
            html.Section(className="panel", children=[html.H2(view["needs_title"], id="ov-needs-title"),
                                                      graph(view["needs"], "ov-needs", height=CHART_HEIGHT)]),
        ]),
        html.P(view["note"], className="suppressed-note", id="ov-note"),
    ]


def _day(d: dt.date, lang: str) -> str:
    return d.strftime("%d/%m/%Y") if lang == "fr" else d.isoformat()


def _levels_figure(data: DashboardData, filters, k: int, lang: str):
    table = data.table("fragility", filters, k)
    rows = table[table["code"].astype(str).str.startswith("level:")] if not table.empty else table
    if rows.empty:
        return empty_figure(t("empty.table", lang), CHART_HEIGHT)
    levels = [c[6:] for c in rows["code"]]
    return bar_figure([label("level", lv, lang) for lv in levels], {column_label("situations", lang): rows["situations"].tolist()},
                      height=CHART_HEIGHT)


def _needs_figure(data: DashboardData, filters, k: int, lang: str):
    table = data.table("needs", filters, k)
    if table.empty:
        return empty_figure(t("empty.table", lang), CHART_HEIGHT)
    counts = pd.to_numeric(table["uncovered_latest"], errors="coerce")
    hidden = table["uncovered_latest"].astype(str).str.startswith("<")
    top = table.assign(_n=counts)[(counts > 0) | hidden].sort_values("_n", ascending=False, na_position="last").head(8)
    if top.empty:
        return empty_figure(t("ov.no_uncovered", lang), CHART_HEIGHT)
    return bar_figure([domain_label(d, lang) for d in top["domain"]],
                      {t("kpi.uncovered", lang): top["uncovered_latest"].tolist()}, horizontal=True, height=CHART_HEIGHT)


_OUTPUTS = [Output("ov-title", "children"), Output("ov-period", "children"),
            *[Output(f"kpi-{key}-{part}", prop) for key, _, _ in KPIS
              for part, prop in (("title", "children"), ("value", "children"), ("change", "children"),
                                 ("change", "className"))],
            Output("ov-levels-title", "children"), Output("ov-levels", "figure"),
            Output("ov-needs-title", "children"), Output("ov-needs", "figure"), Output("ov-note", "children")]


def _update(service, start, end, region, age, lang):
    view = overview_view(current_context().data, current_access(), filters_from_values(service, start, end, region, age),
                         lang_of(lang))
    out: list[Any] = [view["title"], view["period"]]
    for _, title, value, change, trend in view["cards"]:
        out += [title, value, change, f"kpi-change {trend}"]
    out += [view["levels_title"], view["levels"], view["needs_title"], view["needs"], view["note"]]
    return out


dash.callback(*_OUTPUTS, *FILTER_INPUTS, LANG_INPUT)(_update)
