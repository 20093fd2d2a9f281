"""The header of every page: brand, navigation between pages, language switch, viewing mode."""

from __future__ import annotations

from dash import dcc, html

from netmap.i18n import LANG_NAMES

from ..data import Access
from ..i18n import LANGS, t

__all__ = ["NAV_PAGES", "header", "mode_badge", "mode_text", "nav_links"]

# (path, UI string key, internal only)
NAV_PAGES = (
    ("/", "page.overview", False),
    ("/situations", "page.situations", True),
    ("/besoins", "page.needs", False),
    ("/fragilite", "page.fragility", False),
    ("/intersectoriel", "page.intersectoral", False),
    ("/activite", "page.activity", False),
    ("/services", "page.services", False),
    ("/exports", "page.exports", False),
    ("/saisie", "page.editor", True),
)


def nav_links(lang: str, access: Access, pathname: str | None = None) -> list:
    """The navigation links the viewer may follow (per-situation pages only in internal mode)."""
    links = []
    for path, key, internal_only in NAV_PAGES:
        if internal_only and not access.internal:
            continue
        here = pathname == path or (path != "/" and (pathname or "").startswith(path + "/"))
        links.append(dcc.Link(t(key, lang), href=path, className="nav-link active" if here else "nav-link",
                              id=f"nav-{path.strip('/') or 'home'}"))
    return links


def mode_text(lang: str, access: Access) -> str:
    if access.internal and access.k == 0:
        return t("mode.internal", lang)
    if access.internal:
        return t("mode.internal_k", lang, k=access.k)
    return t("mode.public", lang, k=access.k)


def header(lang: str, access: Access) -> html.Header:
    """The static frame of the header; texts are refreshed by the shell's language callback."""
    return html.Header(
        className="app-header",
        children=[
            html.Div(className="brand", children=[
                html.Span("netmap", className="brand-name"),
                html.Span(t("app.tagline", lang), id="brand-tagline", className="brand-tagline"),
            ]),
            html.Nav(nav_links(lang, access), id="nav", className="nav"),
            html.Div(className="header-tools", children=[
                # the three languages, each named in its own words (netmap.i18n.LANG_NAMES)
                dcc.RadioItems(id="lang-switch", className="lang-switch", inline=True, value=lang,
                               options=[{"label": LANG_NAMES[code], "value": code} for code in LANGS],
                               inputStyle={"marginRight": "0.25em"}, labelStyle={"marginLeft": "0.6em"}),
            ]),
        ],
    )


def mode_badge(lang: str, access: Access) -> html.Span:
    """Who is looking: internal use, or an aggregate view with its k."""
    return html.Span(mode_text(lang, access), id="mode-badge", title=t("suppressed.note", lang, k=access.k)
                     if access.k else None,
                     className="mode-badge internal" if access.internal else "mode-badge public")
