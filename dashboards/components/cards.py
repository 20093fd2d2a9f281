"""Cards, sections and the empty, refused and error states that every page uses."""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from ..i18n import t

__all__ = ["empty_state", "notice", "page_title", "refused", "section", "suppression_note"]


def page_title(title: str, intro: str | None = None) -> html.Div:
    return html.Div(className="page-title", children=[html.H1(title)] + ([html.P(intro, className="intro")]
                                                                       if intro else []))


def section(title: str, children: Any, *, wide: bool = False, help_text: str | None = None) -> html.Section:
    """A titled panel of a page."""
    body = [html.H2(title)]
    if help_text:
        body.append(html.P(help_text, className="help"))
    body.append(html.Div(children, className="section-body"))
    return html.Section(body, className="panel wide" if wide else "panel")


def empty_state(lang: str, message_key: str = "empty.no_data") -> html.Div:
    """What a page shows when the filters leave nothing to show."""
    return html.Div(className="empty", children=[
        html.P(t(message_key, lang), className="empty-title"),
        html.P(t("empty.hint", lang), className="empty-hint"),
    ])


def notice(text: str, kind: str = "info") -> html.Div:
    return html.Div(text, className=f"notice {kind}")


def refused(lang: str) -> html.Div:
    """The answer of every per-situation page and callback to a viewer without internal access."""
    return html.Div(className="refused", id="refused", children=[
        html.H1(t("refused.title", lang)),
        html.P(t("refused.text", lang)),
        dcc.Link(t("page.back_home", lang), href="/"),
    ])


def suppression_note(lang: str, k: int) -> html.P | None:
    """The legend of hidden cells, shown below tables when k ≥ 1."""
    return html.P(t("suppressed.note", lang, k=k), className="suppressed-note") if k > 0 else None
