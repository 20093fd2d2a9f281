"""One situation (internal use only): eco-map, findings, readiness, needs × actors, plan, timeline, what-if, report."""

from __future__ import annotations

import datetime as dt
from typing import Any

import dash
from dash import Input, Output, State, callback, dcc, html
from dash.exceptions import PreventUpdate

from netmap.measures import CRITERIA, CRITERIA_TEXT, compare, evaluate, failure_texts, need_cover, what_if
from netmap.model import PERSON, Assessment, Situation
from netmap.report.situation import situation_report_html
from netmap.taxonomy import default_taxonomy
from netmap.viz import conventions as cv
from netmap.viz.plotly_map import ecomap_figure

from ..audit import audit, audited
from ..components.cards import empty_state, notice, refused, section
from ..components.charts import GRAPH_CONFIG, empty_figure
from ..data import Access, DashboardData, current_access, current_context
from ..i18n import domain_label, dropdown_labels, label, lang_of, region_label, sector_label, service_label, t

dash.register_page(__name__, path_template="/situations/<situation_id>", name="Situation",
                   title="netmap — Situation", order=9)

__all__ = [
    "assessment_options",
    "changes_view",
    "coverage_rows",
    "details_view",
    "layout",
    "plan_rows",
    "report_download",
    "whatif_options",
    "whatif_view",
]

_SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
MAP_WIDTH = 1300  # pixels the eco-map gets in its panel on a usual screen


def layout(situation_id: str | None = None, **_query: str) -> html.Div:
    """The page frame; refused outright for a viewer without internal access."""
    ctx = current_context()
    access = current_access()
    lang = ctx.lang
    if not access.internal:
        return html.Div(refused(lang), className="page-body")
    situation = ctx.data.situation(situation_id or "")
    if situation is None:
        return html.Div([html.H1(t("page.situation", lang)), notice(t("unknown_situation", lang), "warning"),
                         dcc.Link(t("one.back", lang), href="/situations")], className="page-body")
    audit("open_situation", situation.id)
    options = assessment_options(situation, lang)
    return html.Div(className="page-body situation", children=[
        dcc.Store(id="one-id", data=situation.id),
        dcc.Link(t("one.back", lang), href="/situations", id="one-back", className="back-link"),
        html.Div(id="one-head"),
        html.Div(className="one-controls", children=[
            html.Label(t("one.assessment", lang), id="one-assessment-label", htmlFor="one-assessment"),
            dcc.Dropdown(id="one-assessment", labels=dropdown_labels(lang), options=options, value=options[-1]["value"] if options else None,
                         clearable=False, searchable=False, className="assessment-picker"),
            html.Button(t("one.report", lang), id="one-report-btn", n_clicks=0, className="button",
                        disabled=not situation.assessments),
            dcc.Download(id="one-report"),
        ]),
        html.Section(className="panel map-panel", children=[
            html.Div(className="map-head", children=[
                html.H2(t("one.map", lang), id="one-map-title"),
                html.Div(className="whatif-controls", children=[
                    html.Label(t("one.whatif", lang), id="one-whatif-title", htmlFor="one-whatif"),
                    dcc.Dropdown(id="one-whatif", multi=True, options=[], value=[], labels=dropdown_labels(lang),
                                 placeholder=t("one.whatif_pick", lang)),
                    html.P(t("one.whatif_help", lang), id="one-whatif-help", className="help"),
                ]),
            ]),
            html.Div(id="one-whatif-result", className="whatif-result"),
            dcc.Loading(dcc.Graph(id="one-map", config=GRAPH_CONFIG, mathjax=False,
                                  figure=empty_figure("…", 520)), type="dot", delay_show=400),
        ]),
        html.Div(id="one-details"),
    ])


# ---- plain functions (unit-tested) ---------------------------------------------------------------------------
def assessment_options(situation: Situation, lang: str) -> list[dict]:
    """Dropdown options of the assessments, oldest first: the date and the assessment's own label."""
    out = []
    for a in situation.assessments:
        day = a.date.strftime("%d/%m/%Y") if lang == "fr" else a.date.isoformat()
        out.append({"label": f"{day} — {a.label}" if a.label else day, "value": a.date.isoformat()})
    return out


def _assessment(situation: Situation, at: str | None) -> Assessment | None:
    if at:
        try:
            found = situation.assessment_on(dt.date.fromisoformat(at))
        except ValueError:
            found = None
        if found is not None:
            return found
    return situation.assessment_at(None)


def _actor_name(a: Assessment, actor_id: str | None, lang: str) -> str:
    if actor_id is None:
        return t("one.nobody", lang)
    if actor_id == PERSON:
        return t("one.the_person", lang)
    actor = a.actor(actor_id)
    return actor.label if actor else actor_id


def whatif_options(situation: Situation, at: str | None, lang: str) -> list[dict]:
    """The active actors of the assessment, by label (value: the actor id), case managers last."""
    a = _assessment(situation, at)
    if a is None:
        return []
    actors = sorted(a.active_actors, key=lambda x: (x.case_manager, x.label.lower()))
    return [{"label": f"{x.label} ({sector_label(x.sector, lang)})", "value": x.id} for x in actors]


def coverage_rows(situation: Situation, a: Assessment, lang: str) -> list[dict]:
    """Needs × actors: each active need, its domain and severity, and who covers it (case manager excluded)."""
    rows = []
    cover = need_cover(a)
    for n in sorted(a.active_needs, key=lambda n: (-n.severity, domain_label(n.domain, lang))):
        providers = [a.actor(i).label for i in cover[n.id]]  # type: ignore[union-attr]  # cov(n) ids are actors
        rows.append({
            "need": domain_label(n.domain, lang) + (" ★" if n.priority else ""),
            "severity": "●" * n.severity,
            "covered_by": ", ".join(providers) if providers else t("one.not_covered", lang),
            "uncovered": not providers,
        })
    return rows


def plan_rows(situation: Situation, a: Assessment, lang: str) -> list[dict]:
    """The action plan of the assessment: what, who, when, status."""
    rows = []
    for x in a.actions:
        rows.append({
            "what": x.what,
            "owner": _actor_name(a, x.owner, lang),
            "due": (x.due.strftime("%d/%m/%Y") if lang == "fr" else x.due.isoformat()) if x.due else "—",
            "status": label("action", x.status, lang),
        })
    return rows


def _table(rows: list[dict], columns: list[tuple[str, str]], lang: str, *, flag_col: str | None = None) -> html.Table:
    head = html.Thead(html.Tr([html.Th(t(key, lang)) for _, key in columns]))
    body = html.Tbody([
        html.Tr([html.Td(r[c]) for c, _ in columns], className="alert" if flag_col and r.get(flag_col) else None)
        for r in rows
    ])
    return html.Table([head, body], className="simple-table")


def _findings(ev: dict[str, Any], lang: str, *, empty: str = "one.no_findings") -> html.Div:
    flags = sorted(ev["flags"], key=lambda f: (_SEVERITY_ORDER.get(f["severity"], 3), f["code"], f["ids"]))
    if not flags:
        return html.P(t(empty, lang), className="muted")
    return html.Ul([html.Li([html.Span(label("severity", f["severity"], lang), className=f"sev {f['severity']}"),
                             html.Span(f.get(lang) or f.get("fr") or label("flag", f["code"], lang))],
                            className=f"finding {f['severity']}") for f in flags], className="findings")


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _blocks(fails: dict[str, str], keys: list[str], lang: str) -> html.Div | None:
    """Under "what blocks": the failure sentence of each failing blocking criterion, and nothing else."""
    if not keys:
        return None
    return html.Div([html.H4(t("one.blocks", lang)),
                     html.Ul([html.Li(_sentence(fails[k]), className="alert") for k in keys], className="blocks")])


def _checklist(situation: Situation, a: Assessment, ev: dict[str, Any], lang: str) -> html.Div:
    """Each criterion: what it asks when it passes, what fails when it fails; then what blocks."""
    r = ev["readiness"]
    fails = failure_texts(a, r, consent=situation.person.consent, measures=ev["measures"], lang=lang)
    passed = sum(1 for v in r["criteria"].values() if v == "pass")
    items = []
    for key, blocking in CRITERIA:
        ok = key not in fails
        items.append(html.Li([
            html.Span("✓" if ok else "✗", className="tick ok" if ok else "tick ko"),
            html.Span(_sentence(CRITERIA_TEXT[key][lang] if ok else fails[key])),
            html.Span(t("one.blocking", lang), className="tag") if blocking else None,
        ], className="crit ok" if ok else "crit ko"))
    verdict = t("one.ready", lang) if r["ready"] else t("one.not_ready", lang)
    return html.Div([
        html.P([html.Strong(verdict), " — ", t("one.score", lang, passed=passed, total=len(CRITERIA))],
               className="verdict ready" if r["ready"] else "verdict not-ready"),
        _blocks(fails, r["blocking_failures"], lang),
        html.Ul(items, className="checklist"),
    ])


def changes_view(situation: Situation, lang: str) -> list:
    """Each assessment after the first, with what changed since the one before (netmap.measures.compare)."""
    if len(situation.assessments) < 2:
        return [html.P(t("one.single_assessment", lang), className="muted")]
    out = []
    for earlier, later in zip(situation.assessments, situation.assessments[1:], strict=False):
        c = compare(earlier, later, consent=situation.person.consent)
        items = []  # type: ignore[var-annotated]

        def names(ids, asmt, _items=items):
            return ", ".join(_actor_name(asmt, i, lang) for i in ids)

        def needs(ids, asmt):
            return ", ".join(domain_label(asmt.need(i).domain, lang) if asmt.need(i) else i for i in ids)

        pairs = [
            ("chg.actors_added", names(c["actors"]["added"], later)),
            ("chg.actors_removed", names(c["actors"]["removed"], earlier)),
            ("chg.exhaustion", ", ".join(
                f"{_actor_name(later, x['id'], lang)} ({_level(x['earlier'], lang)} → {_level(x['later'], lang)})"
                for x in c["actors"]["exhaustion_changed"])),
            ("chg.needs_added", needs(c["needs"]["added"], later)),
            ("chg.needs_met", needs(c["needs"]["met"], later)),
            ("chg.newly_covered", needs(c["needs"]["newly_covered"], later)),
            ("chg.newly_uncovered", needs(c["needs"]["newly_uncovered"], later)),
            ("chg.ties_added", str(len(c["ties"]["added"])) if c["ties"]["added"] else ""),
            ("chg.ties_removed", str(len(c["ties"]["removed"])) if c["ties"]["removed"] else ""),
            ("chg.ties_changed", ", ".join(
                f"{_actor_name(later, a, lang)} – {_actor_name(later, b, lang)} "
                f"({'/'.join(cv.text(lang, k) for k in k0)} → {'/'.join(cv.text(lang, k) for k in k1)})"
                for a, b, k0, k1 in c["ties"]["changed"])),
        ]
        for key, text in pairs:
            if text:
                items.append(html.Li([html.Strong(t(key, lang) + " : " if lang == "fr" else t(key, lang) + ": "),
                                      text]))
        cov = c["measures"].get("coverage", {})
        score = c.get("readiness", {}).get("score", {})
        summary = []
        if cov:
            summary.append(f"{t('col.coverage', lang)} {_pct(cov.get('earlier'), lang)} → {_pct(cov.get('later'), lang)}")
        if score:
            summary.append(f"{t('col.readiness', lang)} {_pct(score.get('earlier'), lang)} → "
                           f"{_pct(score.get('later'), lang)}")
        day = later.date.strftime("%d/%m/%Y") if lang == "fr" else later.date.isoformat()
        out.append(html.Div(className="timeline-step", children=[
            html.Div(className="timeline-date", children=[html.Strong(day), html.Span(later.label or "")]),
            html.Div([html.P(" · ".join(summary), className="muted") if summary else None,
                      html.Ul(items) if items else html.P(t("chg.nothing", lang), className="muted")]),
        ]))
    return out


def _level(level: int | None, lang: str) -> str:
    return default_taxonomy().exhaustion_label(level, lang)


def _pct(v: Any, lang: str) -> str:
    if not isinstance(v, (int, float)):
        return "—"
    return f"{v * 100:.0f} %" if lang == "fr" else f"{v * 100:.0f}%"


def details_view(data: DashboardData, access: Access, situation_id: str, at: str | None, lang: str) -> list:
    """Head and detail panels of one situation at one assessment; the refusal for a non-internal viewer."""
    if not access.internal:
        return [refused(lang)]
    situation = data.situation(situation_id)
    if situation is None:
        return [notice(t("unknown_situation", lang), "warning")]
    p = situation.person
    age = t("one.age_years", lang, age=p.age) if p.age is not None else t("one.age_unknown", lang)
    head = html.Div(className="page-title", children=[
        html.H1(f"{t('page.situation', lang)} {situation.id}"),
        html.P([html.Span(service_label(situation.service), className="pill"),
                html.Span(label("outcome", situation.outcome, lang), className="pill"),
                html.Span(t("one.person", lang, age=age, region=region_label(p.region, lang),
                            housing=label("housing", p.housing, lang).lower()))], className="intro"),
    ])
    a = _assessment(situation, at)
    if a is None:
        return [head, empty_state(lang, "empty.no_assessment")]
    ev = evaluate(situation, a.date)
    assert ev is not None  # the assessment exists
    return [
        head,
        html.Div(className="grid-2", children=[
            section(t("one.findings", lang), _findings(ev, lang)),
            section(t("one.readiness", lang), _checklist(situation, a, ev, lang)),
        ]),
        html.Div(className="grid-2", children=[
            section(t("one.coverage", lang), _table(coverage_rows(situation, a, lang),
                                                    [("need", "one.need"), ("severity", "one.severity"),
                                                     ("covered_by", "one.covered_by")], lang, flag_col="uncovered")),
            section(t("one.plan", lang), _table(plan_rows(situation, a, lang),
                                                [("what", "one.what"), ("owner", "one.owner"), ("due", "one.due"),
                                                 ("status", "one.status")], lang)
                    if a.actions else html.P(t("one.no_plan", lang), className="muted")),
        ]),
        section(t("one.timeline", lang), changes_view(situation, lang), wide=True),
    ]


def whatif_view(data: DashboardData, access: Access, situation_id: str, at: str | None, without: list[str] | None,
                lang: str) -> tuple[Any, Any]:
    """The eco-map with the chosen actors removed, and what breaks: newly uncovered needs, readiness before/after."""
    if not access.internal:
        return empty_figure(t("refused.title", lang)), refused(lang)
    situation = data.situation(situation_id)
    a = _assessment(situation, at) if situation is not None else None
    if situation is None or a is None:
        return empty_figure(t("empty.no_assessment", lang)), None
    known = {x.id for x in a.actors}
    gone = sorted(x for x in (without or []) if x in known)
    fig = ecomap_figure(situation, a.date, without=gone, lang=lang)
    width, height = fig.layout.width or MAP_WIDTH, fig.layout.height or MAP_WIDTH
    # fit the panel's width, keeping the scene's proportions (its axes are anchored)
    fig.update_layout(width=None, autosize=True, height=round(height * min(1.0, MAP_WIDTH / width)))
    if not gone:
        return fig, html.P(t("one.whatif_none", lang), className="muted")
    w = what_if(situation, gone, a.date)
    before, after = w["before"], w["after"]
    newly = [n for n in after["measures"]["uncovered_needs"] if n not in before["measures"]["uncovered_needs"]]
    fails = failure_texts(a.without(gone), after["readiness"], consent=situation.person.consent,
                          measures=after["measures"], lang=lang)
    need_names = [domain_label(need.domain, lang) if (need := a.need(n)) else n for n in newly]
    rb, ra = before["readiness"], after["readiness"]
    verdict = {True: t("one.ready", lang), False: t("one.not_ready", lang)}
    result = html.Div(className="whatif-grid", children=[
        html.Div([html.H3(t("one.whatif_uncovered", lang)),
                  html.Ul([html.Li(x, className="alert") for x in need_names]) if need_names
                  else html.P(t("one.whatif_nothing", lang), className="muted")]),
        html.Table(className="simple-table compact", children=[
            html.Thead(html.Tr([html.Th(""), html.Th(t("one.before", lang)), html.Th(t("one.after", lang))])),
            html.Tbody([
                html.Tr([html.Td(t("one.readiness", lang)), html.Td(verdict[rb["ready"]]), html.Td(verdict[ra["ready"]])]),
                html.Tr([html.Td(t("one.score_label", lang)), html.Td(_pct(rb["score"], lang)),
                         html.Td(_pct(ra["score"], lang))]),
                html.Tr([html.Td(t("col.coverage", lang)), html.Td(_pct(before["measures"]["coverage"], lang)),  # type: ignore[index]
                         html.Td(_pct(after["measures"]["coverage"], lang))]),  # type: ignore[index]
                html.Tr([html.Td(t("col.fragility", lang)), html.Td(label("level", before["fragility"], lang)),  # type: ignore[index]
                         html.Td(label("level", after["fragility"], lang))]),  # type: ignore[index]
            ]),
        ]),
        _blocks(fails, after["readiness"]["blocking_failures"], lang),
        html.Div([html.H3(t("one.whatif_new_findings", lang)), _findings({"flags": w["findings"]["new"]}, lang)]),
        html.Div([html.H3(t("one.whatif_gone_findings", lang)),
                  _findings({"flags": w["findings"]["gone"]}, lang, empty="one.whatif_none_gone")]),
    ])
    return fig, result


def report_download(data: DashboardData, access: Access, situation_id: str, at: str | None, lang: str) -> dict:
    """The concertation report of the situation at the assessment, as a dcc.Download payload (internal only)."""
    if not access.internal:
        raise PermissionError("per-situation reports are for internal use only")
    situation = data.situation(situation_id)
    if situation is None:
        raise LookupError("unknown situation")
    a = _assessment(situation, at)
    if a is None:
        raise LookupError("no assessment to report on")
    html_text = situation_report_html(situation, a.date, lang=lang)
    return {"content": html_text, "filename": f"concertation-{situation.id}-{a.date.isoformat()}.html",
            "type": "text/html"}


# ---- callbacks -------------------------------------------------------------------------------------------------
def _guarded(situation_id: str | None) -> tuple[DashboardData, Access]:
    access = current_access()
    if not situation_id:
        raise PreventUpdate
    return current_context().data, access


@callback(Output("one-head", "children"), Output("one-details", "children"),
          Input("one-assessment", "value"), Input("lang", "data"), State("one-id", "data"))
def _details(at, lang, situation_id):
    data, access = _guarded(situation_id)
    parts = details_view(data, access, situation_id, at, lang_of(lang))
    return parts[0], parts[1:]


@callback(Output("one-whatif", "options"), Output("one-whatif", "value"),
          Output("one-assessment", "options"),
          Output("one-map-title", "children"), Output("one-whatif-title", "children"),
          Output("one-whatif-help", "children"), Output("one-whatif", "placeholder"),
          Output("one-assessment-label", "children"), Output("one-report-btn", "children"), Output("one-back", "children"),
          Output("one-whatif", "labels"), Output("one-assessment", "labels"),
          Input("one-assessment", "value"), Input("lang", "data"), State("one-id", "data"), State("one-whatif", "value"))
def _controls(at, lang, situation_id, current):
    data, access = _guarded(situation_id)
    lang = lang_of(lang)
    situation = data.situation(situation_id) if access.internal else None
    if situation is None:
        raise PreventUpdate
    options = whatif_options(situation, at, lang)
    valid = {o["value"] for o in options}
    return (options, [x for x in (current or []) if x in valid], assessment_options(situation, lang),
            t("one.map", lang), t("one.whatif", lang), t("one.whatif_help", lang), t("one.whatif_pick", lang),
            t("one.assessment", lang), t("one.report", lang), t("one.back", lang), dropdown_labels(lang),
            dropdown_labels(lang))


@callback(Output("one-map", "figure"), Output("one-map", "style"), Output("one-whatif-result", "children"),
          Input("one-assessment", "value"), Input("one-whatif", "value"), Input("lang", "data"),
          State("one-id", "data"))
def _whatif(at, without, lang, situation_id):
    data, access = _guarded(situation_id)
    audit("what_if", situation_id) if without and access.internal else None
    fig, result = whatif_view(data, access, situation_id, at, without, lang_of(lang))
    height = fig["layout"]["height"] if isinstance(fig, dict) else fig.layout.height
    return fig, {"height": f"{height or 450}px"}, result


@callback(Output("one-report", "data"), Input("one-report-btn", "n_clicks"),
          State("one-id", "data"), State("one-assessment", "value"), State("lang", "data"), prevent_initial_call=True)
def _report(n_clicks, situation_id, at, lang):
    data, access = _guarded(situation_id)
    if not n_clicks or not access.internal:
        raise PreventUpdate
    try:
        return audited(report_download(data, access, situation_id, at, lang_of(lang)), "report_download", situation_id)
    except LookupError:  # a request never opened has no network to report on (the button is disabled)
        raise PreventUpdate from None
