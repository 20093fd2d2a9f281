"""The page shown for an address that matches no page."""

from __future__ import annotations

import dash
from dash import dcc, html

from ..data import current_context
from ..i18n import t

dash.register_page(__name__, path="/404", name="404", title="netmap", order=99)

__all__ = ["layout"]


def layout(**_query: str) -> html.Div:
    lang = current_context().lang
    return html.Div(className="page-body", children=[
        html.Div(className="empty", children=[
            html.H1(t("page.not_found", lang)),
            html.P(t("page.not_found_text", lang)),
            dcc.Link(t("page.back_home", lang), href="/"),
        ]),
    ])
