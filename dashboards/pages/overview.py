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
# (key, UI string, kind): kind "count" is a number of situations, "share" a proportion of them
KPIS = (
    ("situations", "kpi.situations", "count"),
    ("open", "kpi.open", "count"),
    ("requests", "kpi.requests", "count"),
    ("refused_saturation", "kpi.refused_saturation", "count"),
    ("coverage", "kpi.coverage", "share"),
    ("exhausted", "kpi.exhausted", "count"),
    ("uncovered", "kpi.uncovered", "count"),
    ("ready", "kpi.ready", "share"),
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
    """The same filters over the period of the same length just before, or None without a full period."""
    if filters.date_from is None or filters.date_to is None:
        return None
    days = (filters.date_to - filters.date_from).days + 1
    end = filters.date_from - dt.timedelta(days=1)
    return dataclasses.replace(filters, date_from=end - dt.timedelta(days=days - 1), date_to=end, as_of=None)


def key_figures(data: DashboardData, filters, k: int) -> dict[str, Any]:
    """The key figures of the situations passing ``filters``, after disclosure control at ``k``.

    ``situations``: follow-ups under way at some point of the period (opened on or before
    its end, not closed before its start); ``open``: of those, still open at its end;
    ``requests``: requests received in the period; ``refused_saturation``: of those, refused
    because the service was full; ``coverage``: mean coverage of needs at the latest
    assessment of the followed situations; ``exhausted``: followed situations with an
    exhausted informal carer (exhaustion ≥ 2); ``uncovered``: followed situations with an
    uncovered need; ``ready``: share of followed situations ready for withdrawal.
    Counts from 1 to k−1 and values computed over fewer than k situations are ``"<k"``.
    """
    from netmap.aggregate.disclosure import RawTable, suppress

    def compute() -> dict[str, Any]:
        end = filters.period_end
        start = filters.date_from
        sits = data.select(filters)
        followed = [s for s in sits if s.opened is not None and s.opened <= end]
        followed_ids = {s.id for s in followed}
        open_end = sum(1 for s in followed if s.closed is None or s.closed > end)
        requests = [s for s in sits if s.requested <= end and (start is None or s.requested >= start)]
        refused = sum(1 for s in requests if s.outcome == "refused_saturation")
        rows = data.latest_rows(filters)
        rows = rows[rows["situation"].isin(followed_ids)] if not rows.empty else rows
        cov = pd.to_numeric(rows["coverage"], errors="coerce").dropna() if not rows.empty else pd.Series(dtype=float)
        uncovered = int(sum(1 for v in rows["uncovered_needs"] if len(v) > 0)) if not rows.empty else 0
        exhausted = int(rows["exhausted_carer"].astype(bool).sum()) if not rows.empty else 0
        ready_n = int(rows["ready"].astype(bool).sum()) if not rows.empty else 0
        values = {
            "situations": len(followed), "open": open_end, "requests": len(requests),
            "refused_saturation": refused,
            "coverage": round(float(cov.mean()), 4) if len(cov) else None,
            "exhausted": exhausted, "uncovered": uncovered,
            "ready": round(ready_n / len(rows), 4) if len(rows) else None,
        }
        frame = pd.DataFrame([values])
        counts = tuple(key for key, _, kind in KPIS if kind == "count")
        support = {key: frame[key] for key in counts}
        support["coverage"] = pd.Series([len(cov)])
        support["ready"] = pd.Series([len(rows)])
        shown = suppress(RawTable(frame, support=support, counts=counts), k) if k > 0 else frame
        return {key: _plain(shown[key].iloc[0], kind) for key, _, kind in KPIS}

    return data.memo(("key_figures", filters, k), compute)


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
    now = key_figures(data, filters, access.k)
    prev_f = previous_filters(filters)
    before = key_figures(data, prev_f, access.k) if prev_f is not None else None
    if prev_f is not None:
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
