"""Vue d'ensemble: the key figures of the filtered set and their change since the previous period of the same length."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import dash
import pandas as pd
from dash import dcc, html

from ..components.cards import empty_state, kpi_card, page_title, section, suppression_note
from ..components.charts import bar_figure, empty_figure, graph
from ..components.filters import on_filters
from ..data import Access, DashboardData
from ..i18n import column_label, domain_label, label, t

dash.register_page(__name__, path="/", name="Vue d'ensemble", title="netmap — Vue d'ensemble", order=0)

__all__ = ["KPIS", "key_figures", "layout", "overview_body", "previous_filters"]

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
    return html.Div(dcc.Loading(html.Div(id="overview-body"), type="dot", delay_show=400), className="page-body")


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
        diff = now - before
        text = f"{abs(diff):,}".replace(",", " ") if lang == "fr" else f"{abs(diff):,}"
    if diff == 0:
        return t("ov.same", lang), "flat"
    return t("ov.change", lang, sign="+" if diff > 0 else "−", value=text), "up" if diff > 0 else "down"


def overview_body(data: DashboardData, access: Access, filters, lang: str) -> list:
    """The overview page for these filters: key figure cards, fragility levels and uncovered needs."""
    title = page_title(t("ov.title", lang))
    if not data.select(filters):
        return [title, empty_state(lang)]
    now = key_figures(data, filters, access.k)
    prev_f = previous_filters(filters)
    before = key_figures(data, prev_f, access.k) if prev_f is not None else None
    if prev_f is not None:
        period = t("ov.period", lang, start=_day(filters.date_from, lang), end=_day(filters.date_to, lang),
                   days=(filters.date_to - filters.date_from).days + 1)
    else:
        period = t("ov.no_period", lang)
    cards = []
    for key, text_key, kind in KPIS:
        change, trend = _change(now[key], before[key], kind, lang) if before is not None else (None, "flat")
        cards.append(kpi_card(t(text_key, lang), _format(now[key], kind, lang), change, trend=trend,
                              card_id=f"kpi-{key}"))
    return [
        title,
        html.P(period, className="intro"),
        html.Div(cards, className="kpi-grid"),
        html.Div(className="grid-2", children=[
            section(t("ov.fragility_chart", lang), graph(_levels_figure(data, filters, access.k, lang), "ov-levels")),
            section(t("needs.chart", lang), graph(_needs_figure(data, filters, access.k, lang), "ov-needs")),
        ]),
        suppression_note(lang, access.k),
    ]


def _day(d: dt.date, lang: str) -> str:
    return d.strftime("%d/%m/%Y") if lang == "fr" else d.isoformat()


def _levels_figure(data: DashboardData, filters, k: int, lang: str):
    table = data.table("fragility", filters, k)
    rows = table[table["code"].astype(str).str.startswith("level:")] if not table.empty else table
    if rows.empty:
        return empty_figure(t("empty.table", lang))
    levels = [c[6:] for c in rows["code"]]
    return bar_figure([label("level", lv, lang) for lv in levels], {column_label("situations", lang): rows["situations"].tolist()},
                      height=300)


def _needs_figure(data: DashboardData, filters, k: int, lang: str):
    table = data.table("needs", filters, k)
    if table.empty:
        return empty_figure(t("empty.table", lang))
    top = table.assign(_n=pd.to_numeric(table["uncovered_latest"], errors="coerce")).sort_values(
        "_n", ascending=False, na_position="last").head(8)
    return bar_figure([domain_label(d, lang) for d in top["domain"]],
                      {t("kpi.uncovered", lang): top["uncovered_latest"].tolist()}, horizontal=True, height=300)


on_filters("overview-body", overview_body)
