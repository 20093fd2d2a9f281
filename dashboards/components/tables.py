"""Tables of the dashboard: aggregate tables with labels instead of codes, hidden cells kept as "<k"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
from babel.numbers import format_decimal
from dash import dash_table, html

from netmap.i18n import translator

from ..i18n import column_label, domain_label, label, lang_of, region_label, sector_label, service_label, t

_LOCALES = {"fr": "fr_BE", "nl": "nl_BE", "en": "en_GB"}

__all__ = ["DISPLAY_COLUMNS", "display_frame", "data_table", "flag_code_label", "format_value"]

SHARE_COLUMNS = ("share", "of_total", "person_present_share", "coverage", "coverage_mean")


def flag_code_label(code: str, lang: str) -> str:
    """The label of a row of the ``fragility`` table (flag code, ``level:…`` or ``ready``)."""
    if code.startswith("level:"):
        return translator(lang_of(lang)).gettext("{label}: {value}", label=t("col.fragility", lang),
                                                 value=label("level", code[6:], lang).lower())
    return label("flag", code, lang)


def _cohort(v: str, lang: str) -> str:
    return label("cohort", v, lang) if v in ("not_opened", "in_progress") else v


# column -> function(value, lang) giving what the viewer reads
DISPLAY_COLUMNS: dict[str, Callable[[Any, str], str]] = {
    "domain": lambda v, lang: domain_label(v, lang),
    "sector": lambda v, lang: sector_label(v, lang),
    "sector_a": lambda v, lang: sector_label(v, lang),
    "sector_b": lambda v, lang: sector_label(v, lang),
    "service": lambda v, lang: service_label(v),
    "code": flag_code_label,
    "opened": _cohort,
    "closed": _cohort,
    "age_band": lambda v, lang: label("age", v if v else "unknown", lang),
    "region": lambda v, lang: region_label(v, lang),
    "housing": lambda v, lang: label("housing", v, lang),
    "outcome": lambda v, lang: label("outcome", v, lang),
    "fragility": lambda v, lang: label("level", v, lang),
    "month": lambda v, lang: "Total" if v == "total" else v,
    "fund": lambda v, lang: str(v),
    "eligible": lambda v, lang: ", ".join(service_label(x) for x in v) if v else t("svc.none", lang),
}


def format_value(value: Any, column: str, lang: str) -> Any:
    """A cell as shown: hidden cells ("<k", "x") unchanged, shares as percentages, booleans in words."""
    from netmap.aggregate.disclosure import is_hidden

    if is_hidden(value):
        return value
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    if column in DISPLAY_COLUMNS and not isinstance(value, bool):
        return DISPLAY_COLUMNS[column](value, lang)
    if isinstance(value, bool):
        return t("yes" if value else "no", lang)
    if column in SHARE_COLUMNS and isinstance(value, (int, float)):
        return f"{value * 100:.0f}\u00a0%" if lang != "en" else f"{value * 100:.0f}%"
    if isinstance(value, float):
        return format_decimal(value, format="#,##0.00", locale=_LOCALES[lang_of(lang)])
    return value


def display_frame(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A copy of an aggregate table ready to show: codes replaced by labels, values formatted."""
    out = pd.DataFrame(index=df.index)
    for col in df.columns:
        out[col] = [format_value(v, col, lang) for v in df[col].tolist()]
    return out


FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Liberation Sans', sans-serif"


def data_table(df: pd.DataFrame, lang: str, table_id: str, *, page_size: int = 15,
               sortable: bool = True, searchable: bool = False, raw: bool = False, table: str | None = None) -> html.Div:
    """A DataTable of ``df`` with French/English headers; an empty-state message when there is no row."""
    if df.empty:
        return html.Div(t("empty.table", lang), className="empty-table", id=table_id)
    shown = df if raw else display_frame(df, lang)
    columns = [{"name": column_label(c, lang, table), "id": c} for c in shown.columns]
    return html.Div(className="table-wrap", children=dash_table.DataTable(
        id=table_id,
        columns=columns,
        data=shown.astype(object).where(shown.notna(), "—").to_dict("records"),
        page_size=page_size,
        sort_action="native" if sortable else "none",
        filter_action="native" if searchable else "none",
        filter_options={"case": "insensitive", "placeholder_text": t("table.filter", lang)},
        style_as_list_view=True,
        style_table={"overflowX": "auto"},
        style_cell={"fontFamily": FONT, "fontSize": "14px", "padding": "6px 10px", "textAlign": "left",
                    "whiteSpace": "normal", "height": "auto", "maxWidth": "320px"},
        style_header={"fontWeight": "600", "backgroundColor": "#eef2f6", "color": "#1d2a3a", "whiteSpace": "normal"},
        style_filter={"fontFamily": FONT},
        style_data_conditional=[{"if": {"state": "active"}, "backgroundColor": "#e6f0fb", "border": "none"}],
    ))
