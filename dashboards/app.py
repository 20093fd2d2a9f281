"""The dashboard's app factory: the shell (header, global filters, language) and the page container."""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import dash
import flask
from dash import Dash, Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate

from .audit import AuditLog
from .auth import AuthConfig, install_auth
from .components.filters import FILTER_INPUTS, filter_bar, filter_options, filters_from_values
from .components.navbar import header, mode_badge, mode_text, nav_links
from .data import CONTEXT_KEY, DashboardContext, DashboardData, current_access, current_context
from .i18n import DEFAULT_LANG, dropdown_labels, lang_of, t
from .security import allowed_hosts as host_allow_list
from .security import build_csp, install_host_check, install_security_headers

__all__ = ["create_app", "filter_summary", "shell_layout", "shell_texts", "toggle_lang"]

HERE = Path(__file__).absolute().parent  # not resolved: Dash names page modules from this path
MAX_REQUEST_BYTES = 1_000_000  # callbacks carry ids and UI state only


INDEX = """<!DOCTYPE html>
<html lang="{lang}">
    <head>
        {{%metas%}}
        <title>{{%title%}}</title>
        {{%favicon%}}
        {{%css%}}
    </head>
    <body>
        {{%app_entry%}}
        <footer>
            {{%config%}}
            {{%scripts%}}
            {{%renderer%}}
        </footer>
    </body>
</html>"""


class _OfflineDash(Dash):
    """Dash without the front-end fields that name plotly's servers or this machine's Python."""

    def interpolate_index(self, **kwargs):
        html_text = super().interpolate_index(**kwargs)
        return html_text.replace(">\n        Loading...\n    <", ">\n        Chargement… / Loading…\n    <", 1)

    def _config(self):
        config = super()._config()
        for key in ("dash_version_url", "python_version", "plotlyjs_url"):
            config.pop(key, None)
        config["disable_version_check"] = True
        return config


def shell_layout() -> html.Div:
    """The frame of every page, built per page load for the viewer of the request."""
    ctx = current_context()
    access = current_access()
    lang = ctx.lang
    data = ctx.data
    return html.Div(className="app", children=[
        dcc.Store(id="lang", storage_type="session", data=lang),
        header(lang, access),
        filter_bar(data.options(), data.default_period(), lang, badge=mode_badge(lang, access)),
        html.Main(dash.page_container, className="page"),
        html.Footer(className="app-footer", children=[
            html.Span("netmap"),
            html.Span(" · ", className="sep"),
            html.Span(id="footer-mode", children=mode_text(lang, access)),
        ]),
    ])


def toggle_lang(n_clicks: int | None, lang: str | None) -> str:
    """The language after a click on the switch (French ↔ English)."""
    if not n_clicks:
        raise PreventUpdate
    return "en" if lang_of(lang) == "fr" else "fr"


def shell_texts(lang: str | None, pathname: str | None, options: dict, access) -> tuple:
    """Every text of the shell in ``lang``: navigation, tagline, switch, mode, filter labels and options."""
    lang = lang_of(lang)
    opts = filter_options(options, lang)
    return (
        nav_links(lang, access, pathname),
        t("app.tagline", lang),
        t("lang.switch", lang),
        mode_text(lang, access),
        mode_text(lang, access),
        t("filter.service", lang), t("filter.period", lang), t("filter.region", lang), t("filter.age", lang),
        t("filter.all_services", lang), t("filter.all_regions", lang), t("filter.all_ages", lang),
        opts["service"], opts["region"], opts["age"],
        t("filter.from", lang), t("filter.to", lang), t("filter.reset", lang),
        dropdown_labels(lang), dropdown_labels(lang), dropdown_labels(lang),
    )


def filter_summary(data: DashboardData, filters, k: int, lang: str) -> str:
    """How many situations the filters keep (published: perturbed, "fewer than k" when it is 1..k−1)."""
    n = data.selection_size(filters, k)
    if isinstance(n, str):
        return t("filter.summary_hidden", lang, k=k)
    return t("filter.summary", lang, n=n)


def _register_shell_callbacks(app: Dash) -> None:
    app.callback(Output("lang", "data"), Input("lang-switch", "n_clicks"), State("lang", "data"),
                 prevent_initial_call=True)(toggle_lang)

    @app.callback(
        Output("nav", "children"), Output("brand-tagline", "children"), Output("lang-switch", "children"),
        Output("mode-badge", "children"), Output("footer-mode", "children"),
        Output("lbl-service", "children"), Output("lbl-period", "children"), Output("lbl-region", "children"),
        Output("lbl-age", "children"),
        Output("flt-service", "placeholder"), Output("flt-region", "placeholder"), Output("flt-age", "placeholder"),
        Output("flt-service", "options"), Output("flt-region", "options"), Output("flt-age", "options"),
        Output("flt-period", "start_date_placeholder_text"), Output("flt-period", "end_date_placeholder_text"),
        Output("flt-reset", "children"),
        Output("flt-service", "labels"), Output("flt-region", "labels"), Output("flt-age", "labels"),
        Input("lang", "data"), Input("_pages_location", "pathname"),
    )
    def _shell_texts(lang, pathname):
        return shell_texts(lang, pathname, current_context().data.options(), current_access())

    @app.callback(
        Output("flt-service", "value"), Output("flt-region", "value"), Output("flt-age", "value"),
        Output("flt-period", "start_date"), Output("flt-period", "end_date"),
        Input("flt-reset", "n_clicks"), prevent_initial_call=True,
    )
    def _reset(n_clicks):
        if not n_clicks:
            raise PreventUpdate
        start, end = current_context().data.default_period()
        return None, None, None, start.isoformat() if start else None, end.isoformat() if end else None

    @app.callback(Output("filter-summary", "children"), *FILTER_INPUTS, Input("lang", "data"))
    def _summary(service, start, end, region, age, lang):
        access = current_access()
        return filter_summary(current_context().data, filters_from_values(service, start, end, region, age),
                              access.k, lang_of(lang))


def create_app(source: str | None = None, *, data: DashboardData | None = None, k: int = 5,
               auth: AuthConfig | None = None, lang: str = DEFAULT_LANG, preload: bool = True,
               allowed_hosts: Iterable[str] = (), audit_log: AuditLog | None = None) -> Dash:
    """Build the dashboard for a source (a path or store URL) or for ``data`` already prepared.

    Parameters
    ----------
    source : str, optional
        What ``netmap.io.load`` accepts: a JSON file or folder, a workbook, a CSV folder,
        or a store URL (the measure table then comes through the store's cache).
    data : DashboardData, optional
        Data already prepared (tests, notebooks); ``source`` is then ignored.
    k : int
        Disclosure threshold of every aggregate; 0 (internal use) also opens the per-situation pages.
    auth : AuthConfig, optional
        Users (HTTP Basic) and/or a trusted proxy header; without it every viewer has the access of ``k``.
    lang : str
        Language of a new visitor (``fr`` or ``en``); each visitor may switch.
    preload : bool
        Load the data and compute the measure table now rather than on the first request.
    allowed_hosts : iterable of str
        Names the dashboard answers to besides 127.0.0.1, localhost and [::1] (``--allowed-host``);
        a request naming any other ``Host`` gets 421 (DNS rebinding).
    audit_log : AuditLog, optional
        Where openings of situations, what-ifs, report downloads and exports are recorded.

    Returns
    -------
    dash.Dash
        The app; ``app.server`` is the Flask server (WSGI).
    """
    if k < 0:
        raise ValueError("k must be 0 or more")
    data = data or DashboardData(source)
    if preload:
        data.load()
    auth = auth or AuthConfig()
    server = flask.Flask("dashboards")
    server.config[CONTEXT_KEY] = DashboardContext(data=data, k=k, auth_enabled=auth.enabled, lang=lang_of(lang),
                                                  extras={"audit": audit_log})
    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    server.config["DEBUG"] = False
    server.config["PROPAGATE_EXCEPTIONS"] = False
    install_auth(server, auth)
    install_host_check(server, host_allow_list(allowed_hosts))  # put first: before authentication

    app = _OfflineDash(
        "dashboards",
        server=server,
        use_pages=True,
        pages_folder=str(HERE / "pages"),
        assets_folder=str(resources.files("dashboards").joinpath("assets")),  # package data (pyproject)
        serve_locally=True,
        external_stylesheets=[],
        external_scripts=[],
        title=t("app.title", lang_of(lang)),
        update_title=None,
        suppress_callback_exceptions=True,
        include_pages_meta=False,
        compress=False,
    )
    app.index_string = INDEX.format(lang=lang_of(lang))
    app.layout = shell_layout
    _register_shell_callbacks(app)
    install_security_headers(server, _csp_of(app))
    # claim the page callbacks now: Dash Pages registers them process-wide and hands them to
    # whichever app serves a request first, which would mix apps built in one process
    with server.test_request_context("/"):
        app._setup_server()
    return app


def _csp_of(app: Dash):
    """The CSP of ``app``; recomputed only when Dash has added inline scripts (its pages router does, once)."""
    from dash import _callback

    cached: dict[str, object] = {}

    def current() -> str:
        key = len(app._inline_scripts) + len(_callback.GLOBAL_INLINE_SCRIPTS)
        if cached.get("key") != key:
            value = build_csp(app.csp_hashes())  # moves Dash's pending inline scripts into the app
            cached.update(key=len(app._inline_scripts), value=value)
        return str(cached["value"])

    return current
