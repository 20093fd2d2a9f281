"""Capture in the browser: create a situation, carry an assessment forward, edit its grids, save a new version.

Internal access only (``--k 0`` on 127.0.0.1, or an authenticated internal user, for the
services that user may see). The grids are Dash DataTables with drop-downs for every code;
ids are made from labels (never typed); coverage is one tick column per actor. On every
change the situation is rebuilt, checked by the validator of files (problems shown on
their cell, in the viewer's language) and measured (eco-map and findings, measures
version 2) before anything is saved. Saving writes a new version in the store
(:mod:`netmap.store.versions`): refused while a problem remains, and refused with the
edits kept on screen when someone else saved since this edit began.
"""

from __future__ import annotations

from typing import Any

import dash
from dash import Input, Output, State, callback, ctx, dash_table, dcc, html, no_update
from dash.exceptions import PreventUpdate

from netmap.errors import StoreError, ValidationError
from netmap.io.vocabulary import choice_labels
from netmap.measures import evaluate
from netmap.model import Situation
from netmap.taxonomy import default_taxonomy
from netmap.viz.plotly_map import ecomap_figure

from ..audit import ANONYMOUS
from ..components.charts import GRAPH_CONFIG, empty_figure
from ..data import CONTEXT_KEY, DashboardData, current_access, current_context
from ..editor.grids import (
    NO,
    TICK,
    YES,
    assessment_rows,
    build_situation,
    check,
    cover_column,
    earlier_of,
    new_ids,
    today,
)
from ..i18n import lang_of, t

dash.register_page(__name__, path="/saisie", name="Editor", title="netmap")

PERSON_FIELDS = ("ref", "service", "region", "age", "gender", "housing", "insured", "languages", "demand", "consent",
                 "requested", "opened", "outcome", "date", "label")
_KEYS = {"ref": "id"}  # the field of the canonical situation behind each input
GRIDS = ("actors", "ties", "needs", "actions")


def _tax():
    return default_taxonomy()


def _opts(kind: str, lang: str) -> list[dict[str, str]]:
    return [{"label": label, "value": code} for code, label in choice_labels(kind, lang, _tax())]


def _yes_no(lang: str) -> list[dict[str, str]]:
    return [{"label": t("ed.yes", lang), "value": YES}, {"label": t("ed.no", lang), "value": NO}]


def _support_opts(lang: str) -> list[dict[str, str]]:
    codes = choice_labels("support", lang, _tax())
    out = []
    for mask in sorted(range(1, 2 ** len(codes)), key=lambda m: (bin(m).count("1"), m)):
        chosen = [codes[i] for i in range(len(codes)) if mask >> i & 1]
        out.append({"label": ", ".join(lbl for _, lbl in chosen), "value": ";".join(c for c, _ in chosen)})
    return out


def _exhaustion_opts(lang: str) -> list[dict[str, str]]:
    tax = _tax()
    return [{"label": tax.exhaustion_label(level, lang), "value": str(level)} for level in sorted(tax.exhaustion_levels)]


def _services(access) -> list[str]:
    codes = list(_tax().services)
    return [c for c in codes if access.services is None or c in access.services]


def _col(cid: str, lang: str, *, dropdown: bool = False, editable: bool = True) -> dict[str, Any]:
    c: dict[str, Any] = {"id": cid, "name": t(f"ed.col.{cid}", lang), "editable": editable}
    if dropdown:
        c["presentation"] = "dropdown"
    return c


def _actor_columns(lang: str) -> list[dict[str, Any]]:
    return [_col("label", lang), _col("sector", lang, dropdown=True), _col("tie_to_person", lang, dropdown=True),
            _col("exhaustion", lang, dropdown=True), _col("case_manager", lang, dropdown=True),
            _col("referent", lang, dropdown=True), _col("active", lang, dropdown=True),
            _col("support", lang, dropdown=True), _col("reciprocity", lang, dropdown=True),
            _col("contact", lang, dropdown=True), _col("organisation", lang), _col("role", lang),
            _col("mandate", lang, dropdown=True), _col("language", lang)]


def _actor_dropdowns(lang: str) -> dict[str, Any]:
    return {
        "sector": {"options": _opts("sector", lang)}, "tie_to_person": {"options": _opts("tie_to_person", lang)},
        "exhaustion": {"options": _exhaustion_opts(lang)}, "case_manager": {"options": _yes_no(lang)},
        "referent": {"options": _yes_no(lang)}, "active": {"options": _yes_no(lang)},
        "support": {"options": _support_opts(lang)}, "reciprocity": {"options": _opts("reciprocity", lang)},
        "contact": {"options": _opts("contact", lang)}, "mandate": {"options": _opts("mandate", lang)},
    }


def _actor_options(actors: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [{"label": a["label"], "value": a["id"]} for a in actors if a.get("id")]


def _need_columns(actors: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    cols = [_col("domain", lang, dropdown=True), _col("severity", lang, dropdown=True),
            _col("status", lang, dropdown=True), _col("priority", lang, dropdown=True)]
    cols += [{"id": cover_column(a["id"]), "name": a["label"], "editable": True, "presentation": "dropdown"}
             for a in actors if a.get("id")]
    return cols + [_col("goal", lang)]


def _need_dropdowns(actors: list[dict[str, Any]], lang: str) -> dict[str, Any]:
    d: dict[str, Any] = {"domain": {"options": _opts("domain", lang)},
                         "severity": {"options": [{"label": str(i), "value": str(i)} for i in (1, 2, 3)]},
                         "status": {"options": _opts("need_status", lang)}, "priority": {"options": _yes_no(lang)}}
    for a in actors:
        if a.get("id"):
            d[cover_column(a["id"])] = {"options": [{"label": TICK, "value": TICK}], "clearable": True}
    return d


def _need_options(needs: list[dict[str, Any]], lang: str) -> list[dict[str, str]]:
    tax = _tax()
    return [{"label": tax.domain_label(n["domain"], lang), "value": n["id"]} for n in needs
            if n.get("id") and n.get("domain") in tax.domains]


def _table(tid: str, columns: list[dict[str, Any]], dropdown: dict[str, Any]) -> dash_table.DataTable:
    return dash_table.DataTable(
        id=tid, columns=columns, data=[], dropdown=dropdown, editable=True, row_deletable=True,
        # room under the last rows: a drop-down's menu opens inside the scrolling box of a wide grid
        style_table={"overflowX": "auto", "minHeight": "230px"}, style_cell={"textAlign": "left", "minWidth": "90px", "whiteSpace": "normal"},
        css=[{"selector": ".Select-menu-outer", "rule": "display: block !important"}],
        tooltip_duration=None,
    )


def _field(fid: str, lang: str, control: Any) -> html.Div:
    return html.Div([html.Label(t(f"ed.f.{fid}", lang), htmlFor=f"ed-{fid}"), control,
                     html.Div(id=f"ed-{fid}-problem", className="cell-problem")], className="ed-field")


def _dd(fid: str, options: list[dict[str, str]], lang: str) -> html.Div:
    return _field(fid, lang, dcc.Dropdown(id=f"ed-{fid}", options=options, clearable=True))


def _text(fid: str, lang: str, **kw: Any) -> html.Div:
    return _field(fid, lang, dcc.Input(id=f"ed-{fid}", type="text", debounce=True, **kw))


def layout(situation: str | None = None, **_query: str) -> html.Div:
    c = current_context()
    access = current_access()
    lang = c.lang
    if not access.internal:
        return html.Div([html.H1(t("ed.title", lang)), html.P(t("ed.refused", lang))], className="page-body")
    tax = _tax()
    region_opts = [{"label": tax.region_label(r, lang), "value": r} for r in tax.regions]
    service_opts = [{"label": tax.service_name(s), "value": s} for s in _services(access)]
    sits = sorted(c.data.situations, key=lambda s: s.id)
    return html.Div(className="page-body editor", children=[
        dcc.Store(id="ed-state", data={"situation": None, "version": 0, "earlier": [], "rest": {}}),
        html.H1(t("ed.title", lang)),
        html.P(t("ed.intro", lang), className="muted"),
        html.Div(className="ed-controls", children=[
            dcc.Dropdown(id="ed-open", options=[{"label": s.id, "value": s.id} for s in sits], value=situation,
                         placeholder=t("ed.open", lang), style={"minWidth": "260px"}),
            html.Button(t("ed.new_situation", lang), id="ed-new-sit", n_clicks=0, className="button"),
            html.Button(t("ed.new_assessment", lang), id="ed-new-asmt", n_clicks=0, className="button"),
            html.Span(id="ed-version", className="muted"),
        ]),
        html.Section(className="panel ed-person", children=[
            html.H2(t("ed.person", lang)),
            html.Div(className="ed-fields", children=[
                _text("ref", lang, placeholder=t("ed.ref_hint", lang)),
                _dd("service", service_opts, lang), _dd("region", region_opts, lang),
                _field("age", lang, dcc.Input(id="ed-age", type="number", min=0, max=120, debounce=True)),
                _text("gender", lang), _dd("housing", _opts("housing", lang), lang),
                _dd("insured", _yes_no(lang), lang), _text("languages", lang, placeholder="fr;nl"),
                _dd("demand", _opts("demand", lang), lang), _dd("consent", _opts("consent", lang), lang),
                _text("requested", lang, placeholder="AAAA-MM-JJ" if lang == "fr" else "YYYY-MM-DD"),
                _text("opened", lang, placeholder="AAAA-MM-JJ" if lang == "fr" else "YYYY-MM-DD"),
                _dd("outcome", _opts("outcome", lang), lang),
                _text("date", lang), _text("label", lang, placeholder=t("ed.label_hint", lang)),
            ]),
        ]),
        html.Div(className="ed-main", children=[
            html.Div(className="ed-grids", children=[
                html.Section(className="panel", children=[
                    html.H2(t(f"ed.{g}", lang)),
                    _table(f"ed-{g}", _actor_columns(lang) if g == "actors" else [], _actor_dropdowns(lang)
                           if g == "actors" else {}),
                    html.Button(t(f"ed.add_{g}", lang), id=f"ed-add-{g}", n_clicks=0, className="button small"),
                ]) for g in GRIDS
            ]),
            html.Div(className="ed-side", children=[
                html.Section(className="panel", children=[
                    html.H2(t("ed.map", lang)),
                    dcc.Graph(id="ed-map", config=GRAPH_CONFIG, figure=empty_figure("…", 420)),
                ]),
                html.Section(className="panel", children=[html.H2(t("ed.findings", lang)), html.Div(id="ed-findings")]),
                html.Section(className="panel", children=[
                    html.H2(t("ed.problems", lang)), html.Ul(id="ed-problems"),
                    html.Button(t("ed.save", lang), id="ed-save", n_clicks=0, className="button primary",
                                disabled=True),
                    html.Div(id="ed-message", role="status"),
                ]),
            ]),
        ]),
    ])


# ---- loading ------------------------------------------------------------------------------------------------
def _store_url() -> str | None:
    from flask import current_app

    from netmap.io import is_store_url

    c = current_app.config[CONTEXT_KEY]
    if c.data.source and is_store_url(c.data.source):
        return str(c.data.source)
    log = c.extras.get("audit")
    return getattr(log, "url", None)


def _stored(sid: str) -> tuple[Situation | None, int]:
    from netmap.store import open_store
    from netmap.store.versions import current_version

    url = _store_url()
    if url is None:
        return current_context().data.situation(sid), 0
    with open_store(url) as store:
        if sid not in store.situation_ids():
            return current_context().data.situation(sid), 0
        return store.load([sid])[0], current_version(store, sid)


def _person_values(s: Situation | None) -> list[Any]:
    if s is None:
        return [None] * (len(PERSON_FIELDS) - 2) + [today(), None]
    p = s.person
    last = s.assessments[-1] if s.assessments else None
    return [s.id, s.service, p.region, p.age, p.gender, p.housing,
            None if p.insured is None else (YES if p.insured else NO), ";".join(p.languages), p.demand, p.consent,
            s.requested.isoformat(), s.opened.isoformat() if s.opened else None, s.outcome,
            last.date.isoformat() if last else today(), last.label if last else None]


@callback(*[Output(f"ed-{f}", "value") for f in PERSON_FIELDS], *[Output(f"ed-{g}", "data", allow_duplicate=True)
                                                                   for g in GRIDS],
          Output("ed-state", "data"), Output("ed-message", "children", allow_duplicate=True),
          Input("ed-open", "value"), Input("ed-new-sit", "n_clicks"), Input("ed-new-asmt", "n_clicks"),
          State("ed-state", "data"), State("lang", "data"), prevent_initial_call="initial_duplicate")
def _load(sid, _new_sit, _new_asmt, state, lang):
    lang = lang_of(lang)
    access = current_access()
    if not access.internal:
        raise PreventUpdate
    trigger = ctx.triggered_id
    keep_grids = [no_update] * len(GRIDS)
    if trigger == "ed-new-asmt":
        if not state or not state.get("situation"):
            return (*[no_update] * len(PERSON_FIELDS), *keep_grids, no_update, t("ed.need_situation", lang))
        s, version = _stored(state["situation"])
        earlier, rest = earlier_of(s, True)
        values = [no_update] * (len(PERSON_FIELDS) - 2) + [today(), None]
        new_state = {**state, "earlier": earlier, "rest": rest, "version": version}
        # the grids keep what they hold: the latest assessment (and any edit) carried forward
        return (*values, *keep_grids, new_state, t("ed.carried", lang))
    if trigger == "ed-new-sit" or not sid:
        rows = assessment_rows(None)
        return (*_person_values(None), *[rows[g] for g in GRIDS],
                {"situation": None, "version": 0, "earlier": [], "rest": {}}, "")
    s, version = _stored(sid)
    if s is None or (access.services is not None and s.service not in access.services):
        return (*[no_update] * len(PERSON_FIELDS), *keep_grids, no_update, t("ed.unknown", lang))
    rows = assessment_rows(s)
    earlier, rest = earlier_of(s, False)
    return (*_person_values(s), *[rows[g] for g in GRIDS],
            {"situation": s.id, "version": version, "earlier": earlier, "rest": rest}, "")


for _g in GRIDS:
    @callback(Output(f"ed-{_g}", "data", allow_duplicate=True), Input(f"ed-add-{_g}", "n_clicks"),
              State(f"ed-{_g}", "data"), prevent_initial_call=True)
    def _add_row(n, rows, _g=_g):
        if not n:
            raise PreventUpdate
        defaults = {"actors": {"tie_to_person": "normal", "active": YES, "case_manager": NO, "referent": NO},
                    "ties": {"strength": "normal"}, "needs": {"severity": "2", "status": "active", "priority": NO},
                    "actions": {"status": "todo"}}[_g]
        return [*(rows or []), dict(defaults)]


# ---- ids, columns and drop-downs that follow the actors and needs ------------------------------------------------
def _with_ids(grids: list[Any]) -> list[list[dict[str, Any]]]:
    """The grids' rows with an id for each new actor, need and action, made from its label, domain or rank.

    Ids are not written back into the grids while the user edits (a callback writing a grid's
    rows would race with the user's next edit); they are computed the same way on every change
    and written back on save, after which they never change.
    """
    actors, ties, needs, actions = [list(g or []) for g in grids]
    ranked = new_ids([{**r, "_rank": f"a{i + 1}"} for i, r in enumerate(actions)], "_rank", "a")
    return [new_ids(actors, "label", "actor"), ties, new_ids(needs, "domain", "need"),
            [{k: v for k, v in r.items() if k != "_rank"} for r in ranked]]


@callback(Output("ed-needs", "columns"), Output("ed-needs", "dropdown"), Output("ed-ties", "columns"),
          Output("ed-ties", "dropdown"), Output("ed-actions", "columns"), Output("ed-actions", "dropdown"),
          Input("ed-actors", "data"), Input("ed-needs", "data"), Input("ed-actions", "data"), Input("lang", "data"),
          State("ed-needs", "columns"), State("ed-needs", "dropdown"), State("ed-ties", "columns"),
          State("ed-ties", "dropdown"), State("ed-actions", "columns"), State("ed-actions", "dropdown"))
def _sync(actors, needs, actions, lang, *current):
    lang = lang_of(lang)
    a2, _, n2, _ = _with_ids([actors, [], needs, actions])
    who = _actor_options(a2)
    tie_cols = [_col("a", lang, dropdown=True), _col("b", lang, dropdown=True), _col("kind", lang, dropdown=True),
                _col("strength", lang, dropdown=True)]
    tie_dd = {"a": {"options": who}, "b": {"options": who}, "kind": {"options": _opts("tie_kind", lang)},
              "strength": {"options": _opts("tie_strength", lang)}}
    act_cols = [_col("what", lang), _col("owner", lang, dropdown=True), _col("need", lang, dropdown=True),
                _col("due", lang), _col("status", lang, dropdown=True)]
    act_dd = {"owner": {"options": who}, "need": {"options": _need_options(n2, lang)},
              "status": {"options": _opts("action_status", lang)}}
    new = (_need_columns(a2, lang), _need_dropdowns(a2, lang), tie_cols, tie_dd, act_cols, act_dd)
    # a grid whose columns or drop-downs are set again is drawn again, losing a choice being made in it
    return tuple(no_update if n == c else n for n, c in zip(new, current, strict=True))


# ---- check and measure on every change -------------------------------------------------------------------------
def _build(values: list[Any], grids: list[Any], state: dict[str, Any]):
    person = {_KEYS.get(f, f): v for f, v in zip(PERSON_FIELDS, values, strict=True)}
    if not person.get("id"):  # a new situation: its id is made, never typed
        person["id"] = state.get("situation") or _new_id(person)
    return build_situation(person, dict(zip(GRIDS, _with_ids(grids), strict=True)),
                           date=person.get("date") or "", label=person.get("label"),
                           earlier=state.get("earlier", []), rest=state.get("rest", {}))


def _new_id(person: dict[str, Any]) -> str:
    service = str(person.get("service") or "situation")
    day = str(person.get("requested") or today()).replace("-", "")
    taken = {s.id for s in current_context().data.situations}
    n = 1
    while f"{service}-{day}-{n}" in taken:
        n += 1
    return f"{service}-{day}-{n}"[:64]


_PROBLEM_STYLE = {"backgroundColor": "#FDE2E1", "border": "2px solid #B3261E"}


@callback(Output("ed-map", "figure"), Output("ed-findings", "children"), Output("ed-problems", "children"),
          Output("ed-save", "disabled"), *[Output(f"ed-{g}", "style_data_conditional") for g in GRIDS],
          *[Output(f"ed-{g}", "tooltip_data") for g in GRIDS],
          *[Output(f"ed-{f}-problem", "children") for f in PERSON_FIELDS],
          *[Input(f"ed-{f}", "value") for f in PERSON_FIELDS], *[Input(f"ed-{g}", "data") for g in GRIDS],
          Input("ed-state", "data"), Input("lang", "data"))
def _check(*args):
    values, grids = list(args[:len(PERSON_FIELDS)]), list(args[len(PERSON_FIELDS):len(PERSON_FIELDS) + len(GRIDS)])
    state, lang = args[-2] or {}, lang_of(args[-1])
    if not current_access().internal:
        raise PreventUpdate
    d, places = _build(values, grids, state)
    sit, problems = check(d, places, _tax(), lang)
    styles: dict[str, list[dict[str, Any]]] = {g: [] for g in GRIDS}
    tips: dict[str, list[dict[str, Any]]] = {g: [{} for _ in (grids[i] or [])] for i, g in enumerate(GRIDS)}
    person_msgs: dict[str, list[str]] = {f: [] for f in PERSON_FIELDS}
    items = []
    for cell, text in problems:
        if cell is None:
            items.append(html.Li(text))
            continue
        grid, row, col = cell
        if grid == "person":
            field = {v: k for k, v in _KEYS.items()}.get(col, col)
            person_msgs.setdefault(field, []).append(text)
            items.append(html.Li(f"{t(f'ed.f.{field}', lang)} : {text}" if lang == "fr" else
                                 f"{t(f'ed.f.{field}', lang)}: {text}"))
            continue
        styles[grid].append({"if": {"row_index": row, "column_id": col}, **_PROBLEM_STYLE})
        if row < len(tips[grid]):
            tips[grid][row][col] = {"value": text, "type": "text"}
        where = t("ed.where", lang, grid=t(f"ed.{grid}", lang), row=row + 1, col=t(f"ed.col.{col}", lang)
                  if not col.startswith("cov:") else col[4:])
        items.append(html.Li(f"{where} — {text}", className="problem", **{"data-cell": f"{grid}:{row}:{col}"}))
    if sit is not None and sit.assessments:
        fig = ecomap_figure(sit, sit.assessments[-1].date, lang=lang)
        ev = evaluate(sit, sit.assessments[-1].date)
        flags = ev["flags"]
        findings: Any = html.Ul([html.Li(f[lang], className=f"finding {f['severity']}") for f in flags]) if flags \
            else html.P(t("ed.no_findings", lang))
    else:
        fig = empty_figure(t("ed.fix_first", lang), 420)
        findings = html.P(t("ed.fix_first", lang), className="muted")
    return (fig, findings, items or [html.Li(t("ed.no_problem", lang), className="ok")], sit is None,
            *[styles[g] for g in GRIDS], *[tips[g] for g in GRIDS],
            *["; ".join(person_msgs[f]) for f in PERSON_FIELDS])


# ---- save --------------------------------------------------------------------------------------------------------
@callback(Output("ed-message", "children"), Output("ed-state", "data", allow_duplicate=True),
          Output("ed-version", "children"), *[Output(f"ed-{g}", "data", allow_duplicate=True) for g in GRIDS],
          Input("ed-save", "n_clicks"), *[State(f"ed-{f}", "value") for f in PERSON_FIELDS],
          *[State(f"ed-{g}", "data") for g in GRIDS], State("ed-state", "data"), State("lang", "data"),
          prevent_initial_call=True)
def _save(n, *args):
    if not n:
        raise PreventUpdate
    keep = (no_update,) * len(GRIDS)
    from flask import current_app, g

    from netmap.store import open_store
    from netmap.store.versions import ConcurrentEditError, save_situation

    values, grids = list(args[:len(PERSON_FIELDS)]), list(args[len(PERSON_FIELDS):len(PERSON_FIELDS) + len(GRIDS)])
    state, lang = args[-2] or {}, lang_of(args[-1])
    access = current_access()
    if not access.internal:
        raise PreventUpdate
    url = _store_url()
    if url is None:
        return t("ed.no_store", lang), no_update, no_update, *keep
    d, places = _build(values, grids, state)
    sit, problems = check(d, places, _tax(), lang)
    if sit is None:
        return t("ed.refused_problems", lang, n=len(problems)), no_update, no_update, *keep
    if access.services is not None and sit.service not in access.services:
        return t("ed.refused_service", lang), no_update, no_update, *keep
    user = g.get("netmap_user")
    name = user.name if user is not None else ANONYMOUS
    try:
        with open_store(url) as store:
            version = save_situation(store, sit, user=name, base_version=int(state.get("version") or 0))
    except ConcurrentEditError as exc:
        return (html.Div(t("ed.conflict", lang, v=exc.current), className="notice warning conflict"),
                no_update, no_update, *keep)
    except (ValidationError, StoreError):
        return html.Div(t("ed.save_failed", lang), className="notice warning"), no_update, no_update, *keep
    # the dashboard's pages read the saved situation from now on
    c = current_app.config[CONTEXT_KEY]
    if c.data.source and c.data.source == url:
        c.data = DashboardData(url)
    earlier, rest = earlier_of(sit, False)
    new_state = {"situation": sit.id, "version": version, "earlier": earlier, "rest": rest}
    return (html.Div(t("ed.saved", lang, v=version, id=sit.id), className="notice saved"), new_state,
            t("ed.version", lang, v=version), *_with_ids(grids))
