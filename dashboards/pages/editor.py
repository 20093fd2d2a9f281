"""Capture in the browser: create a situation, carry an assessment forward, edit its grids, save a new version.

Internal access only (``--k 0`` on 127.0.0.1, or an authenticated internal user, for the
services that user may see). The grids are dash-ag-grid grids (served from the package, no CDN):
ag-grid's select editor for every code, a checkbox for every yes/no and coverage tick;
ids are made from labels (never typed); coverage is one tick column per actor. On every
change the situation is rebuilt, checked by the validator of files (problems shown on
their cell, in the viewer's language) and measured (eco-map and findings, measures
version 2) before anything is saved. Saving writes a new version in the store
(:mod:`netmap.store.versions`): refused while a problem remains, and refused with the
edits kept on screen when someone else saved since this edit began.
"""

from __future__ import annotations

import base64
import secrets
from typing import Any

import dash
import dash_ag_grid as dag
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from netmap.errors import StoreError, ValidationError
from netmap.io.vocabulary import choice_labels
from netmap.measures import evaluate
from netmap.model import Situation
from netmap.taxonomy import default_taxonomy
from netmap.viz.scene import ecomap_scene
from netmap.viz.svg import scene_svg

from ..audit import ANONYMOUS
from ..data import CONTEXT_KEY, DashboardData, current_access, current_context
from ..editor.grids import (
    NO,
    YES,
    Cell,
    assessment_rows,
    build_situation,
    cell_problems,
    check,
    cover_column,
    earlier_of,
    new_ids,
    situation_rows,
    today,
)
from ..i18n import lang_of, t

dash.register_page(__name__, path="/saisie", name="Editor", title="netmap")

PERSON_FIELDS = ("ref", "service", "region", "age", "gender", "housing", "insured", "languages", "demand", "consent",
                 "requested", "opened", "outcome", "date", "label")
_KEYS = {"ref": "id"}  # the field of the canonical situation behind each input
GRIDS = ("actors", "ties", "needs", "actions", "requesters", "funding")  # an assessment's four, then the situation's


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


def _header(cid: str, lang: str) -> str:
    return t(f"ed.col.{cid}", lang)


# every cell: a problem on it is drawn in red with its text as tooltip (assets/editor-grids.js)
_PROBLEM_RULES = {"ed-cell-problem": "netmapHasProblem(params)"}
_TOOLTIP = {"function": "netmapProblem(params)"}


def _text_col(cid: str, lang: str, **kw: Any) -> dict[str, Any]:
    return {"field": cid, "headerName": _header(cid, lang), "cellDataType": "text", **kw}


def _tick_col(cid: str, lang: str, header: str | None = None, **kw: Any) -> dict[str, Any]:
    """A yes/no or coverage cell: a checkbox ticked with one click."""
    # a cell never ticked holds nothing: shown (and toggled) as unticked, never as "indeterminate"
    return {"field": cid, "headerName": header or _header(cid, lang), "cellDataType": "boolean",
            "valueGetter": {"function": "params.data[params.colDef.field] === true"},
            "cellRenderer": "agCheckboxCellRenderer", "cellEditor": "agCheckboxCellEditor", "singleClickEdit": False,
            "minWidth": 70, **kw}


BLANK = "—"  # the label of "nothing chosen" in a drop-down that may stay empty


def _select_col(cid: str, lang: str, options: list[dict[str, str]], *, blank: bool = True, **kw: Any) -> dict[str, Any]:
    """A code chosen in ag-grid's select editor by its label; the cell holds the code, shows the label."""
    ref = {o["value"]: o["label"] for o in options}
    values = [o["value"] for o in options]
    if blank:
        ref, values = {"": BLANK, **ref}, ["", *values]
    return {"field": cid, "headerName": _header(cid, lang), "cellEditor": "agSelectCellEditor",
            "cellEditorParams": {"values": values}, "refData": ref, **kw}


def _actor_columns(lang: str) -> list[dict[str, Any]]:
    return [_text_col("label", lang, pinned="left", minWidth=170),
            _select_col("sector", lang, _opts("sector", lang), minWidth=170),
            _select_col("tie_to_person", lang, _opts("tie_to_person", lang), blank=False),
            _select_col("exhaustion", lang, _exhaustion_opts(lang), minWidth=150),
            _tick_col("case_manager", lang, minWidth=95), _tick_col("referent", lang, minWidth=95),
            _tick_col("active", lang, minWidth=80),
            _select_col("support", lang, _support_opts(lang), minWidth=230),
            _select_col("reciprocity", lang, _opts("reciprocity", lang)),
            _select_col("contact", lang, _opts("contact", lang)),
            _text_col("organisation", lang), _text_col("role", lang),
            _select_col("mandate", lang, _opts("mandate", lang)), _text_col("language", lang, minWidth=90)]


def _actor_options(actors: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [{"label": a["label"], "value": a["id"]} for a in actors if a.get("id")]


def _need_columns(actors: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    cols = [_select_col("domain", lang, _opts("domain", lang), pinned="left", minWidth=200),
            _select_col("severity", lang, [{"label": str(i), "value": str(i)} for i in (1, 2, 3)], blank=False,
                        minWidth=105),
            _select_col("status", lang, _opts("need_status", lang), blank=False), _tick_col("priority", lang)]
    cols += [_tick_col(cover_column(a["id"]), lang, header=a["label"], headerClass="ed-cover", minWidth=100)
             for a in actors if a.get("id")]
    return cols + [_text_col("goal", lang, minWidth=200)]


def _tie_columns(who: list[dict[str, str]], lang: str) -> list[dict[str, Any]]:
    # no default actor or kind: a list opened and left chooses nothing (ag-grid would take the first value)
    return [_select_col("a", lang, who, minWidth=170), _select_col("b", lang, who, minWidth=170),
            _select_col("kind", lang, _opts("tie_kind", lang), minWidth=150),
            _select_col("strength", lang, _opts("tie_strength", lang), blank=False)]


def _action_columns(who: list[dict[str, str]], needs: list[dict[str, str]], lang: str) -> list[dict[str, Any]]:
    return [_text_col("what", lang, minWidth=220, pinned="left"), _select_col("owner", lang, who, minWidth=160),
            _select_col("need", lang, needs, minWidth=180), _text_col("due", lang),
            _select_col("status", lang, _opts("action_status", lang), blank=False)]


def _requester_columns(lang: str) -> list[dict[str, Any]]:
    return [_select_col("type", lang, _opts("requester_type", lang), blank=False, minWidth=150),
            _select_col("sector", lang, _opts("sector", lang), minWidth=180), _text_col("organisation", lang)]


def _funding_columns(lang: str) -> list[dict[str, Any]]:
    return [_text_col("date", lang), _text_col("fund", lang), _text_col("requested_eur", lang),
            _text_col("granted_eur", lang), _select_col("status", lang, _opts("funding_status", lang), blank=False)]


def _need_options(needs: list[dict[str, Any]], lang: str) -> list[dict[str, str]]:
    tax = _tax()
    return [{"label": tax.domain_label(n["domain"], lang), "value": n["id"]} for n in needs
            if n.get("id") and n.get("domain") in tax.domains]


def _delete_col(lang: str) -> dict[str, Any]:
    return {"field": "_del", "headerName": "", "editable": False, "width": 44, "minWidth": 44, "maxWidth": 44,
            "pinned": "left", "valueGetter": {"function": "'✕'"}, "headerTooltip": t("ed.delete_row", lang),
            "cellClass": "ed-delete"}


def _grid_texts(lang: str) -> dict[str, str]:
    """The few texts ag-grid itself shows or reads out, in the user's language (its own are English)."""
    keys = {"loadingOoo": "loading", "ariaToggleCellValue": "toggle",
            "ariaChecked": "checked", "ariaUnchecked": "unchecked", "ariaIndeterminate": "unchecked"}
    return {k: t(f"ed.grid.{v}", lang) for k, v in keys.items()}


def _grid_options(lang: str) -> dict[str, Any]:
    return {
        # a click elsewhere keeps (not cancels) what was being chosen or typed
        "stopEditingWhenCellsLoseFocus": True,
        "domLayout": "autoHeight", "suppressColumnVirtualisation": True, "tooltipShowDelay": 200,
        "suppressNoRowsOverlay": True,  # an empty grid shows its headers and, below, its "+" button
        "localeText": _grid_texts(lang),  # the problems on cells are the grid's context (assets/editor-grids.js)
    }


def _grid(g: str, columns: list[dict[str, Any]], lang: str) -> dag.AgGrid:
    return dag.AgGrid(
        id=f"ed-{g}", columnDefs=[_delete_col(lang), *columns], rowData=[], getRowId="params.data._key",
        # one click opens a cell's editor (a list, a text box); a tick is toggled by one click on its box
        defaultColDef={"editable": True, "singleClickEdit": True, "sortable": False, "resizable": True, "suppressMovable": True,
                       "minWidth": 120, "flex": 1, "wrapHeaderText": True, "autoHeaderHeight": True,
                       "cellClassRules": _PROBLEM_RULES, "tooltipValueGetter": _TOOLTIP},
        dashGridOptions=_grid_options(lang),
        className="ed-grid", style={"width": "100%"},
    )


_DROPDOWNS = {"region": None, "housing": "housing", "insured": None, "demand": "demand", "consent": "consent",
              "outcome": "outcome"}  # the person's drop-downs whose labels follow the language (services are names)


def _options(fid: str, lang: str) -> list[dict[str, str]]:
    if fid == "region":
        tax = _tax()
        return [{"label": tax.region_label(r, lang), "value": r} for r in tax.regions]
    if fid == "insured":
        return _yes_no(lang)
    return _opts(str(_DROPDOWNS[fid]), lang)


def _page_texts(lang: str) -> dict[tuple[str, str], Any]:
    """Every text of the editor in ``lang``, by component id and property: drawn by the layout, and drawn
    again by :func:`_retext` when the language is switched (grids and fields keep what was entered)."""
    day = "AAAA-MM-JJ" if lang == "fr" else "JJJJ-MM-DD" if lang == "nl" else "YYYY-MM-DD"
    out: dict[tuple[str, str], Any] = {
        ("ed-title", "children"): t("ed.title", lang), ("ed-intro", "children"): t("ed.intro", lang),
        ("ed-open", "placeholder"): t("ed.open", lang), ("ed-new-sit", "children"): t("ed.new_situation", lang),
        ("ed-new-asmt", "children"): t("ed.new_assessment", lang), ("ed-person-title", "children"): t("ed.person", lang),
        ("ed-ref", "placeholder"): t("ed.ref_hint", lang), ("ed-label", "placeholder"): t("ed.label_hint", lang),
        ("ed-requested", "placeholder"): day, ("ed-opened", "placeholder"): day,
        ("ed-map-title", "children"): t("ed.map", lang), ("ed-findings-title", "children"): t("ed.findings", lang),
        ("ed-problems-title", "children"): t("ed.problems", lang), ("ed-save", "children"): t("ed.save", lang),
    }
    out.update({(f"ed-{f}-label", "children"): t(f"ed.f.{f}", lang) for f in PERSON_FIELDS})
    out.update({(f"ed-{f}", "options"): _options(f, lang) for f in _DROPDOWNS})
    for g in GRIDS:
        out[(f"ed-{g}-title", "children")] = t(f"ed.{g}", lang)
        out[(f"ed-add-{g}", "children")] = t(f"ed.add_{g}", lang)
        out[(f"ed-{g}", "dashGridOptions")] = _grid_options(lang)
    out[("ed-requesters", "columnDefs")] = [_delete_col(lang), *_requester_columns(lang)]
    out[("ed-funding", "columnDefs")] = [_delete_col(lang), *_funding_columns(lang)]
    return out


def _field(fid: str, texts: dict[tuple[str, str], Any], control: Any) -> html.Div:
    return html.Div([html.Label(texts[(f"ed-{fid}-label", "children")], id=f"ed-{fid}-label", htmlFor=f"ed-{fid}"),
                     control, html.Div(id=f"ed-{fid}-problem", className="cell-problem")], className="ed-field")


def _dd(fid: str, texts: dict[tuple[str, str], Any], options: list[dict[str, str]] | None = None) -> html.Div:
    opts = options if options is not None else texts[(f"ed-{fid}", "options")]
    return _field(fid, texts, dcc.Dropdown(id=f"ed-{fid}", options=opts, clearable=True))


def _text(fid: str, texts: dict[tuple[str, str], Any]) -> html.Div:
    return _field(fid, texts, dcc.Input(id=f"ed-{fid}", type="text", debounce=True,
                                        placeholder=texts.get((f"ed-{fid}", "placeholder"))))


def layout(situation: str | None = None, **_query: str) -> html.Div:
    c = current_context()
    access = current_access()
    lang = c.lang
    if not access.internal:
        return html.Div([html.H1(t("ed.title", lang)), html.P(t("ed.refused", lang))], className="page-body")
    tax = _tax()
    texts = _page_texts(lang)
    service_opts = [{"label": tax.service_name(s), "value": s} for s in _services(access)]
    sits = sorted(c.data.situations, key=lambda s: s.id)
    return html.Div(className="page-body editor", children=[
        dcc.Store(id="ed-state", data={"situation": None, "version": 0, "earlier": [], "rest": {}}),
        dcc.Store(id="ed-cell-problems", data={}), dcc.Store(id="ed-marked"),
        html.H1(texts[("ed-title", "children")], id="ed-title"),
        html.P(texts[("ed-intro", "children")], id="ed-intro", className="muted"),
        html.Div(className="ed-controls", children=[
            dcc.Dropdown(id="ed-open", options=[{"label": s.id, "value": s.id} for s in sits], value=situation,
                         placeholder=texts[("ed-open", "placeholder")], style={"minWidth": "260px"}),
            html.Button(texts[("ed-new-sit", "children")], id="ed-new-sit", n_clicks=0, className="button"),
            html.Button(texts[("ed-new-asmt", "children")], id="ed-new-asmt", n_clicks=0, className="button"),
            html.Span(id="ed-version", className="muted"),
        ]),
        html.Section(className="panel ed-person", children=[
            html.H2(texts[("ed-person-title", "children")], id="ed-person-title"),
            html.Div(className="ed-fields", children=[
                _text("ref", texts), _dd("service", texts, service_opts), _dd("region", texts),
                _field("age", texts, dcc.Input(id="ed-age", type="number", min=0, max=120, debounce=True)),
                _text("gender", texts), _dd("housing", texts), _dd("insured", texts), _text("languages", texts),
                _dd("demand", texts), _dd("consent", texts), _text("requested", texts), _text("opened", texts),
                _dd("outcome", texts), _text("date", texts), _text("label", texts),
            ]),
        ]),
        html.Div(className="ed-main", children=[
            html.Div(className="ed-grids", children=[
                html.Section(className="panel", children=[
                    html.H2(texts[(f"ed-{g}-title", "children")], id=f"ed-{g}-title"),
                    _grid(g, _actor_columns(lang) if g == "actors" else _requester_columns(lang)
                          if g == "requesters" else _funding_columns(lang) if g == "funding" else [], lang),
                    html.Button(texts[(f"ed-add-{g}", "children")], id=f"ed-add-{g}", n_clicks=0,
                                className="button small"),
                ]) for g in GRIDS
            ]),
            # the check and the save first: always in sight while the grids scroll (the panel scrolls on its own)
            html.Div(className="ed-side", children=[
                html.Section(className="panel", children=[
                    html.H2(texts[("ed-problems-title", "children")], id="ed-problems-title"),
                    html.Button(texts[("ed-save", "children")], id="ed-save", n_clicks=0, className="button primary",
                                disabled=True),
                    html.Div(id="ed-message", role="status"), html.Ul(id="ed-problems"),
                ]),
                html.Section(className="panel", children=[
                    html.H2(texts[("ed-findings-title", "children")], id="ed-findings-title"),
                    html.Div(id="ed-findings")]),
                html.Section(className="panel", children=[
                    html.H2(texts[("ed-map-title", "children")], id="ed-map-title"),
                    html.Div(id="ed-map", className="ed-map"),
                ]),
            ]),
        ]),
    ])


_TEXTS = list(_page_texts("fr"))


@callback(*[Output(cid, prop) for cid, prop in _TEXTS], Input("lang", "data"), prevent_initial_call=True)
def _retext(lang):
    """The editor's texts in the language just chosen."""
    texts = _page_texts(lang_of(lang))
    return tuple(texts[k] for k in _TEXTS)


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


def _keyed(rows: list[dict[str, Any]], g: str) -> list[dict[str, Any]]:
    """The rows with the hidden key each grid row keeps while rows are added or deleted around it."""
    return [{**r, "_key": f"{g}-{i}"} for i, r in enumerate(rows)]


_ROWS = [Output(f"ed-{g}", "rowData", allow_duplicate=True) for g in GRIDS]
# The grid's rows as edited: dash-ag-grid sets virtualRowData when rows are set, added or deleted and on
# every committed edit; but an edit changes the row objects in place, so the new virtualRowData looks
# unchanged to Dash and triggers nothing. The callbacks that follow edits take cellValueChanged (a new
# value on every edit) as their trigger too, and read the rows from virtualRowData.
_EDITED = "virtualRowData"
_CHANGED = "cellValueChanged"


def _edits(g: str) -> list[Input]:
    return [Input(f"ed-{g}", _EDITED), Input(f"ed-{g}", _CHANGED)]


@callback(*[Output(f"ed-{f}", "value") for f in PERSON_FIELDS], *_ROWS,
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
        rows = {**assessment_rows(None), **situation_rows(None)}
        return (*_person_values(None), *[rows[g] for g in GRIDS],
                {"situation": None, "version": 0, "earlier": [], "rest": {}}, "")
    s, version = _stored(sid)
    if s is None or (access.services is not None and s.service not in access.services):
        return (*[no_update] * len(PERSON_FIELDS), *keep_grids, no_update, t("ed.unknown", lang))
    rows = {**assessment_rows(s), **situation_rows(s)}
    earlier, rest = earlier_of(s, False)
    return (*_person_values(s), *[_keyed(rows[g], g) for g in GRIDS],
            {"situation": s.id, "version": version, "earlier": earlier, "rest": rest}, "")


_DEFAULTS: dict[str, dict[str, Any]] = {
    "actors": {"tie_to_person": "normal", "active": True, "case_manager": False, "referent": False},
    "ties": {"strength": "normal"}, "needs": {"severity": "2", "status": "active", "priority": False},
    "actions": {"status": "todo"}, "requesters": {"type": "professional"}, "funding": {"status": "pending"}}

for _g in GRIDS:
    # rows are added and deleted by transactions: the rows being edited are never sent back over them
    @callback(Output(f"ed-{_g}", "rowTransaction", allow_duplicate=True), Input(f"ed-add-{_g}", "n_clicks"),
              Input(f"ed-{_g}", "cellClicked"), prevent_initial_call=True)
    def _add_or_delete(n, clicked, _g=_g):
        if ctx.triggered_id == f"ed-add-{_g}":
            if not n:
                raise PreventUpdate
            return {"add": [{**_DEFAULTS[_g], "_key": secrets.token_hex(6)}]}
        if not clicked or clicked.get("colId") != "_del" or not clicked.get("rowId"):
            raise PreventUpdate
        return {"remove": [{"_key": clicked["rowId"]}]}


# ---- ids, columns and drop-downs that follow the actors and needs ------------------------------------------------
def _with_ids(grids: list[Any]) -> list[list[dict[str, Any]]]:
    """The grids' rows with an id for each new actor, need and action, made from its label, domain or rank.

    Ids are not written into the grids while the user edits (a callback writing a grid's rows
    would race with the user's next edit); they are computed the same way on every change
    and written into the new rows on save, after which they never change.
    """
    actors, ties, needs, actions, *others = [list(g or []) for g in grids]
    ranked = new_ids([{**r, "_rank": f"a{i + 1}"} for i, r in enumerate(actions)], "_rank", "a")
    return [new_ids(actors, "label", "actor"), ties, new_ids(needs, "domain", "need"),
            [{k: v for k, v in r.items() if k != "_rank"} for r in ranked], *others]


@callback(Output("ed-actors", "columnDefs"), Output("ed-needs", "columnDefs"), Output("ed-ties", "columnDefs"),
          Output("ed-actions", "columnDefs"),
          *_edits("actors"), *_edits("needs"), *_edits("actions"), Input("lang", "data"),
          State("ed-actors", "columnDefs"), State("ed-needs", "columnDefs"), State("ed-ties", "columnDefs"),
          State("ed-actions", "columnDefs"))
def _sync(actors, _a, needs, _n, actions, _x, lang, *current):
    lang = lang_of(lang)
    a2, _, n2, _ = _with_ids([actors, [], needs, actions])[:4]
    who = _actor_options(a2)
    new = [[_delete_col(lang), *cols] for cols in (_actor_columns(lang), _need_columns(a2, lang), _tie_columns(who, lang),
                                                     _action_columns(who, _need_options(n2, lang), lang))]
    # a grid whose columns are set again is drawn again: only the grids whose columns changed
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


@callback(Output("ed-map", "children"), Output("ed-findings", "children"), Output("ed-problems", "children"),
          Output("ed-save", "disabled"), Output("ed-cell-problems", "data"),
          *[Output(f"ed-{f}-problem", "children") for f in PERSON_FIELDS],
          *[Input(f"ed-{f}", "value") for f in PERSON_FIELDS], *[i for g in GRIDS for i in _edits(g)],
          Input("ed-state", "data"), Input("lang", "data"))
def _check(*args):
    values = list(args[:len(PERSON_FIELDS)])
    grids = list(args[len(PERSON_FIELDS):len(PERSON_FIELDS) + 2 * len(GRIDS):2])  # each grid's rows, not its edit
    state, lang = args[-2] or {}, lang_of(args[-1])
    if not current_access().internal:
        raise PreventUpdate
    d, places = _build(values, grids, state)
    sit, problems = check(d, places, _tax(), lang)
    problems = _plainer(problems, values, grids, lang)
    person_msgs: dict[str, list[str]] = {f: [] for f in PERSON_FIELDS}
    items = []
    for cell, text in problems:
        if cell is None:
            items.append(html.Li(text, className="problem"))
            continue
        grid, row, col = cell
        if grid == "person":
            field = {v: k for k, v in _KEYS.items()}.get(col, col)
            person_msgs.setdefault(field, []).append(text)
            items.append(html.Li(t("ed.field_problem", lang, field=t(f"ed.f.{field}", lang), text=text),
                                 className="problem"))
            continue
        where = t("ed.where", lang, grid=t(f"ed.{grid}", lang), row=row + 1, col=t(f"ed.col.{col}", lang)
                  if not col.startswith("cov:") else _actor_label(grids[0], col[4:]))
        items.append(html.Li(f"{where} — {text}", className="problem", **{"data-cell": f"{grid}:{row}:{col}"}))
    on_cells = cell_problems(problems, {g: grids[i] or [] for i, g in enumerate(GRIDS)})
    if sit is not None and sit.assessments:
        fig: Any = _map(sit, lang)
        ev = evaluate(sit, sit.assessments[-1].date)
        flags = ev["flags"]
        findings: Any = html.Ul([html.Li(f[lang], className=f"finding {f['severity']}") for f in flags]) if flags \
            else html.P(t("ed.no_findings", lang))
    else:
        fig = html.P(t("ed.fix_first", lang), className="muted")
        findings = html.P(t("ed.fix_first", lang), className="muted")
    return (fig, findings, items or [html.Li(t("ed.no_problem", lang), className="ok")], sit is None, on_cells,
            *["; ".join(person_msgs[f]) for f in PERSON_FIELDS])


def _map(sit: Situation, lang: str) -> html.Img:
    """The eco-map as the SVG picture netmap exports (`netmap map -o x.svg`): it scales to the side panel as a
    whole, labels and legend with it (a plotly map narrowed to the panel keeps its font sizes and overlaps)."""
    svg = scene_svg(ecomap_scene(sit, sit.assessments[-1].date, lang=lang, taxonomy=_tax()))
    src = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return html.Img(src=src, alt=t("ed.map", lang), className="ed-map-picture")


_TEXT_COLUMNS = {"label", "organisation", "role", "language", "goal", "what", "due", "date", "fund", "requested_eur",
                 "granted_eur"}


def _plainer(problems: list[tuple[Cell | None, str]], values: list[Any], grids: list[Any],
             lang: str) -> list[tuple[Cell | None, str]]:
    """The validator's problems, an empty field or cell told as such ("to choose in the list", "to fill in")
    rather than by the file format's expectation, which lists codes the user never sees."""
    out = []
    for cell, text in problems:
        if cell is not None:
            grid, row, col = cell
            if grid == "person":
                field = {v: k for k, v in _KEYS.items()}.get(col, col)
                value = values[PERSON_FIELDS.index(field)] if field in PERSON_FIELDS else "?"
                listed = field == "service" or field in _DROPDOWNS
            else:
                rows = grids[GRIDS.index(grid)] or []
                value = rows[row].get(col) if row < len(rows) else "?"
                listed = col not in _TEXT_COLUMNS
            if value is None or (isinstance(value, str) and not value.strip()):
                text = t("ed.choose" if listed else "ed.fill", lang)
        out.append((cell, text))
    return out


def _actor_label(actors: list[dict[str, Any]] | None, actor_id: str) -> str:
    """The label of the actor whose coverage column holds a problem (ids are never shown)."""
    for a in new_ids(list(actors or []), "label", "actor"):
        if a.get("id") == actor_id:
            return str(a.get("label") or actor_id)
    return actor_id


clientside_callback(ClientsideFunction(namespace="netmap_editor", function_name="showProblems"),
                    Output("ed-marked", "data"), Input("ed-cell-problems", "data"))


# ---- save --------------------------------------------------------------------------------------------------------
@callback(Output("ed-message", "children"), Output("ed-state", "data", allow_duplicate=True),
          Output("ed-version", "children"),
          *[Output(f"ed-{g}", "rowTransaction", allow_duplicate=True) for g in GRIDS],
          Input("ed-save", "n_clicks"), *[State(f"ed-{f}", "value") for f in PERSON_FIELDS],
          *[State(f"ed-{g}", _EDITED) for g in GRIDS], State("ed-state", "data"), State("lang", "data"),
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
    # the ids given at this save are written into their rows (only those: a row being edited is left alone)
    given = [[r for r, before in zip(after, rows or [], strict=True) if r.get("id") != before.get("id")]
             for after, rows in zip(_with_ids(grids), grids, strict=True)]
    return (html.Div(t("ed.saved", lang, v=version, id=sit.id), className="notice saved"), new_state,
            t("ed.version", lang, v=version), *[{"update": rows} if rows else no_update for rows in given])
