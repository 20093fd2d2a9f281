"""The concertation report of one situation: one self-contained, print-ready HTML page.

It gathers what a concertation meeting needs on paper: the eco-map, the findings by
severity, the withdrawal checklist and what blocks it, who covers each need and who
backs them up, the action plan (open and overdue), and what changed since the previous
assessment. Every number comes from :mod:`netmap.measures`; every text is escaped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..errors import UsageError
from ..i18n import Np_, Texts
from ..io.vocabulary import choice_labels
from ..measures import CRITERIA, CRITERIA_TEXT, compare, evaluate, failure_texts, is_exhausted, need_cover
from ..measures.flags import sentence_of
from ..model import PERSON, Assessment, Situation
from ..taxonomy import Taxonomy, default_taxonomy
from ..viz import conventions as cv
from ..viz.plotly_map import scene_figure_spec
from ..viz.scene import ecomap_scene
from .page import plotly_div, plotly_js, render

__all__ = ["report_context", "situation_report_html"]

A4_LANDSCAPE_PX = 1000  # printable width of an A4 landscape page at 96 dpi, with margins
# printable height of that page (210 mm less 2 × 10 mm margins = 718 px at 96 dpi) less the section's heading:
# the map is zoomed to fit both, so that it never runs onto a second page
A4_LANDSCAPE_MAP_HEIGHT_PX = 640

WORDS: Texts = Texts("concertation-report", {
    'colon': Np_("concertation-report", ": "),
    'lq': Np_("concertation-report", "“"),
    'rq': Np_("concertation-report", "”"),
    'title': Np_("concertation-report", "Concertation report"),
    'checklist_short': Np_("concertation-report", "Withdrawal criteria"),
    'assessment': Np_("concertation-report", "Assessment of"),
    'service': Np_("concertation-report", "Service"),
    'person': Np_("concertation-report", "Person"),
    'age': Np_("concertation-report", "age"),
    'years': Np_("concertation-report", "years"),
    'housing': Np_("concertation-report", "housing"),
    'consent': Np_("concertation-report", "consent"),
    'demand': Np_("concertation-report", "demand"),
    'summary': Np_("concertation-report", "At a glance"),
    'fragility': Np_("concertation-report", "Network fragility"),
    'ready': Np_("concertation-report", "Ready to withdraw"),
    'coverage': Np_("concertation-report", "Needs covered"),
    'map': Np_("concertation-report", "Network map (eco-map)"),
    'findings': Np_("concertation-report", "Findings"),
    'no_findings': Np_("concertation-report", "No finding: the network shows no measured fragility."),
    'severity': {'high': Np_("concertation-report", "High priority"), 'medium': Np_("concertation-report", "To watch"), 'low': Np_("concertation-report", "For information")},
    'readiness': Np_("concertation-report", "Can we withdraw? Checklist"),
    'criterion': Np_("concertation-report", "Criterion"),
    'blocking': Np_("concertation-report", "Blocking"),
    'result': Np_("concertation-report", "Result"),
    'pass': Np_("concertation-report", "met"),
    'fail': Np_("concertation-report", "not met"),
    'yes': Np_("concertation-report", "yes"),
    'no': Np_("concertation-report", "no"),
    'blocks': Np_("concertation-report", "What blocks withdrawal"),
    'nothing_blocks': Np_("concertation-report", "Nothing blocks withdrawal: every blocking criterion is met."),
    'score': Np_("concertation-report", "criteria met"),
    'cov_table': Np_("concertation-report", "Who covers what"),
    'need': Np_("concertation-report", "Need"),
    'sev': Np_("concertation-report", "Severity"),
    'goal': Np_("concertation-report", "The person's goal"),
    'covered_by': Np_("concertation-report", "Covered by"),
    'backup': Np_("concertation-report", "Backup"),
    'cm_col': Np_("concertation-report", "Case manager"),
    'cm_too': Np_("concertation-report", "also (does not count)"),
    'uncovered': Np_("concertation-report", "uncovered"),
    'alone': Np_("concertation-report", "a single provider: no backup"),
    'informal_only': Np_("concertation-report", "informal network only"),
    'several': Np_("concertation-report", "{n} providers"),
    'priority': Np_("concertation-report", "the person's priority"),
    'cov_note': Np_("concertation-report", "The case manager coordinates but covers no need: not counted."),
    'plan': Np_("concertation-report", "Action plan"),
    'what': Np_("concertation-report", "What"),
    'owner': Np_("concertation-report", "Who"),
    'for_need': Np_("concertation-report", "For the need"),
    'due': Np_("concertation-report", "Due"),
    'status': Np_("concertation-report", "Status"),
    'no_owner': Np_("concertation-report", "to be assigned"),
    'no_due': Np_("concertation-report", "no due date"),
    'overdue': Np_("concertation-report", "overdue"),
    'open': Np_("concertation-report", "to do"),
    'statuses': {'todo': Np_("concertation-report", "to do"), 'done': Np_("concertation-report", "done"), 'dropped': Np_("concertation-report", "dropped")},
    'no_actions': Np_("concertation-report", "No action recorded."),
    'support_grid': Np_("concertation-report", "Support grid"),
    'sg_note': Np_("concertation-report", "What each actor gives, which way and how often (after Tracy & Whittaker). No measure reads these fields yet."),
    'sg_actor': Np_("concertation-report", "Actor"),
    'sg_support': Np_("concertation-report", "Support"),
    'sg_reciprocity': Np_("concertation-report", "Reciprocity"),
    'sg_contact': Np_("concertation-report", "Contact"),
    'plan_note': Np_("concertation-report", "Open actions: {open}, overdue on {today}: {late}."),
    'change': Np_("concertation-report", "Change since the previous assessment"),
    'first': Np_("concertation-report", "First assessment: nothing to compare."),
    'since': Np_("concertation-report", "Since {date}"),
    'earlier': Np_("concertation-report", "Before"),
    'later': Np_("concertation-report", "Now"),
    'actors_added': Np_("concertation-report", "New actors"),
    'actors_removed': Np_("concertation-report", "Actors who left"),
    'exhaustion_changed': Np_("concertation-report", "Exhaustion changed"),
    'needs_added': Np_("concertation-report", "New needs"),
    'needs_met': Np_("concertation-report", "Needs met"),
    'newly_covered': Np_("concertation-report", "Needs now covered"),
    'newly_uncovered': Np_("concertation-report", "Needs no longer covered"),
    'ties_added': Np_("concertation-report", "New ties"),
    'ties_removed': Np_("concertation-report", "Ties gone"),
    'ties_changed': Np_("concertation-report", "Ties that changed"),
    'none': Np_("concertation-report", "none"),
    'm_uncovered': Np_("concertation-report", "Uncovered needs"),
    'm_sole': Np_("concertation-report", "Providers alone on a need"),
    'm_exhausted': Np_("concertation-report", "Exhausted people"),
    'm_components': Np_("concertation-report", "Pieces of the network without the case manager"),
    'm_sectors': Np_("concertation-report", "Sectors present"),
    'm_ei': Np_("concertation-report", "Openness between sectors (E-I index)"),
    'fragility_levels': {'high': Np_("fragility level", "high"), 'medium': Np_("fragility level", "medium"), 'low': Np_("fragility level", "low"), 'none': Np_("fragility level", "none")},
    'housings': {'own_home': Np_("concertation-report", "at home"), 'with_family': Np_("concertation-report", "with family"), 'institution': Np_("concertation-report", "in an institution"), 'homeless': Np_("concertation-report", "homeless"), 'badly_housed': Np_("concertation-report", "badly housed"), 'unknown': Np_("concertation-report", "unknown")},
    'consents': {'given': Np_("concertation-report", "given"), 'refused': Np_("concertation-report", "refused"), 'pending': Np_("concertation-report", "pending"), 'not_required': Np_("concertation-report", "not required")},
    'demands': {'expressed': Np_("concertation-report", "expressed"), 'non_demand': Np_("concertation-report", "no demand"), 'unknown': Np_("person's demand", "unknown")},
    'footer': Np_("concertation-report", "Confidential (shared professional secrecy). Produced by netmap, with no Internet connection."),
})


def _sentence(text: str) -> str:
    """The text with a capital first letter."""
    return text[:1].upper() + text[1:]


def _label(asmt: Assessment, actor_id: str | None, lang: str) -> str:
    if actor_id == PERSON:
        return cv.text(lang, "person")
    a = asmt.actor(actor_id) if actor_id else None
    return a.label if a else ""


def _coverage_rows(asmt: Assessment, ev: Mapping[str, Any], tax: Taxonomy, lang: str) -> list[dict[str, Any]]:
    w = WORDS[lang]
    actor = {a.id: a for a in asmt.actors}
    cms = {a.id for a in asmt.actors if a.active and a.case_manager}
    cover = need_cover(asmt)
    informal_only = set(ev["measures"]["informal_only_needs"])
    rows = []
    for n in asmt.active_needs:
        providers = [actor[i] for i in cover[n.id]]
        if not providers:
            backup, level = w["uncovered"], "high"
        elif len(providers) == 1:
            backup, level = w["alone"], "medium"
        else:
            backup, level = w["several"].format(n=len(providers)), "pass"
        if providers and n.id in informal_only:
            backup += " · " + w["informal_only"]
            level = "medium" if level == "pass" else level
        rows.append({
            "need": tax.domain_label(n.domain, lang), "severity": n.severity, "priority": n.priority,
            "goal": n.goal or "",
            "providers": [{"label": a.label, "sector": tax.sector_label(a.sector, lang),
                           "exhaustion": tax.exhaustion_label(a.exhaustion, lang) if is_exhausted(a.exhaustion, tax) else ""}
                          for a in providers],
            "backup": backup, "level": level,
            "cm": w["cm_too"] if any(i in cms for i in n.covered_by) else "",
        })
    return rows


def _support_rows(asmt: Assessment, tax: Taxonomy, lang: str) -> list[dict[str, str]]:
    """The support grid of the active actors that have any of its fields (empty when none has)."""
    names = {k: dict(choice_labels(k, lang, tax)) for k in ("support", "reciprocity", "contact")}
    return [{"label": a.label, "support": ", ".join(names["support"][k] for k in a.support),
             "reciprocity": names["reciprocity"].get(a.reciprocity or "", ""),
             "contact": names["contact"].get(a.contact or "", "")}
            for a in asmt.active_actors if a.support or a.reciprocity or a.contact]


def _plan_rows(asmt: Assessment, today: dt.date, tax: Taxonomy, lang: str) -> list[dict[str, Any]]:
    w = WORDS[lang]
    rows = []
    order = {"todo": 0, "done": 1, "dropped": 2}
    for act in sorted(asmt.actions, key=lambda a: (order.get(a.status, 3), a.due or dt.date.max, a.id)):
        need = asmt.need(act.need) if act.need else None
        late = act.status == "todo" and act.due is not None and act.due < today
        rows.append({
            "what": act.what, "owner": _label(asmt, act.owner, lang) if act.owner else w["no_owner"],
            "owner_missing": act.owner is None, "need": tax.domain_label(need.domain, lang) if need else "",
            "due": cv.fmt_date(act.due, lang) if act.due else w["no_due"], "status": w["statuses"].get(act.status, act.status),
            "open": act.status == "todo", "late": late,
        })
    return rows


def _change(situation: Situation, asmt: Assessment, tax: Taxonomy, lang: str) -> dict[str, Any] | None:
    earlier = [a for a in situation.assessments if a.date < asmt.date]
    if not earlier:
        return None
    prev = earlier[-1]
    c = compare(prev, asmt, consent=situation.person.consent, taxonomy=tax)
    w = WORDS[lang]

    def actors(ids, where: Assessment) -> list[str]:
        return [_label(where, i, lang) for i in ids]

    def needs(ids, where: Assessment) -> list[str]:
        return [tax.domain_label(where.need(i).domain, lang) for i in ids if where.need(i)]  # type: ignore[union-attr]

    def ties(items, where: Assessment) -> list[str]:
        return [f"{_label(where, a, lang)} – {_label(where, b, lang)} ({kinds(ks)})" for a, b, ks in items]

    def kinds(ks: list[str]) -> str:
        return "/".join(cv.text(lang, k) for k in ks)

    lists = [
        (w["actors_added"], actors(c["actors"]["added"], asmt)),
        (w["actors_removed"], actors(c["actors"]["removed"], prev)),
        (w["exhaustion_changed"], [f"{_label(asmt, e['id'], lang)}{w['colon']}{tax.exhaustion_label(e['earlier'], lang)} → "
                                   f"{tax.exhaustion_label(e['later'], lang)}" for e in c["actors"]["exhaustion_changed"]]),
        (w["needs_added"], needs(c["needs"]["added"], asmt)),
        (w["needs_met"], needs(c["needs"]["met"], asmt)),
        (w["newly_covered"], needs(c["needs"]["newly_covered"], asmt)),
        (w["newly_uncovered"], needs(c["needs"]["newly_uncovered"], asmt)),
        (w["ties_added"], ties(c["ties"]["added"], asmt)),
        (w["ties_removed"], ties(c["ties"]["removed"], prev)),
        (w["ties_changed"], [f"{_label(asmt, a, lang)} – {_label(asmt, b, lang)} ({kinds(k0)} → {kinds(k1)})"
                             for a, b, k0, k1 in c["ties"]["changed"]]),
    ]
    m = c["measures"]
    lv = w["fragility_levels"]

    def pct(v):
        return "—" if v is None else f"{round(100 * v)} %"

    def ei(v):
        return "—" if v is None else f"{v:+.2f}"

    side = [
        (w["coverage"], pct(m["coverage"]["earlier"]), pct(m["coverage"]["later"])),
        (w["m_uncovered"], len(m["uncovered_needs"]["earlier"]), len(m["uncovered_needs"]["later"])),
        (w["m_sole"], len(m["sole_providers"]["earlier"]), len(m["sole_providers"]["later"])),
        (w["m_exhausted"], len(m["exhausted_actors"]["earlier"]), len(m["exhausted_actors"]["later"])),
        (w["m_components"], m["components_without_cm"]["earlier"], m["components_without_cm"]["later"]),
        (w["m_sectors"], m["sector_count"]["earlier"], m["sector_count"]["later"]),
        (w["m_ei"], ei(m["ei_index"]["earlier"]), ei(m["ei_index"]["later"])),
        (w["fragility"], lv[c["fragility"]["earlier"]], lv[c["fragility"]["later"]]),
        (w["ready"], w["yes"] if c["readiness"]["earlier"]["ready"] else w["no"],
         w["yes"] if c["readiness"]["later"]["ready"] else w["no"]),
    ]
    return {"since": w["since"].format(date=cv.fmt_date(prev.date, lang)) + (f" ({prev.label})" if prev.label else ""),
            "lists": lists, "side": side}


def report_context(situation: Situation, at: dt.date | None = None, *, lang: str = "fr", today: dt.date | None = None,
                   taxonomy: Taxonomy | None = None) -> dict[str, Any]:
    """Everything the concertation report shows, as plain data (texts not yet escaped)."""
    if lang not in WORDS:
        raise UsageError("expected a language among fr, nl, en")
    tax = taxonomy or default_taxonomy()
    asmt = situation.assessment_at(at)
    if asmt is None:
        raise UsageError("this situation has no assessment dated on or before the requested day")
    w = WORDS[lang]
    ev = evaluate(situation, assessment=asmt, taxonomy=tax)
    assert ev is not None  # the assessment is given
    today = today or asmt.date
    scene = ecomap_scene(situation, asmt.date, lang=lang, taxonomy=tax)
    fig = scene_figure_spec(scene)
    findings = []
    sentence = sentence_of(asmt, ev, lang, tax)
    for sev in ("high", "medium", "low"):
        items = [sentence(f) for f in ev["flags"] if f["severity"] == sev]
        if items:
            findings.append({"severity": sev, "title": w["severity"][sev], "items": items})
    r = ev["readiness"]
    fails = failure_texts(asmt, r, consent=situation.person.consent, measures=ev["measures"], taxonomy=tax, lang=lang)
    # a criterion that passes reads as what it asks; one that fails, as what fails
    checklist = [{"text": _sentence(fails.get(k, CRITERIA_TEXT[k][lang])), "blocking": blocking, "result": r["criteria"][k]}
                 for k, blocking in CRITERIA]
    plan = _plan_rows(asmt, today, tax, lang)
    p = situation.person
    c = w["colon"]
    person = [f"{w['age']} {p.age} {w['years']}" if p.age is not None else None, tax.region_label(p.region, lang),
              f"{w['housing']}{c}{w['housings'][p.housing]}", f"{w['demand']}{c}{w['demands'][p.demand]}",
              f"{w['consent']}{c}{w['consents'][p.consent]}"]
    m = ev["measures"]  # type: ignore[index]
    return {
        "lang": lang, "w": w,
        "title": f"{w['title']} — {situation.id}",
        "situation_id": situation.id, "service": tax.service_name(situation.service),
        "assessment": f"{w['assessment']} {cv.fmt_date(asmt.date, lang)}" + (f" — {asmt.label}" if asmt.label else ""),
        "person": [x for x in person if x],
        "summary": {"fragility": w["fragility_levels"][ev["fragility"]], "fragility_code": ev["fragility"],  # type: ignore[index]
                    "ready": r["ready"], "score": f"{sum(v == 'pass' for v in r['criteria'].values())}/{len(r['criteria'])}",
                    "coverage": "—" if m["coverage"] is None else f"{round(100 * m['coverage'])} %"},
        "map": plotly_div(fig, "ecomap"), "map_zoom": round(min(1.0, A4_LANDSCAPE_PX / scene.width,
                                                             A4_LANDSCAPE_MAP_HEIGHT_PX / scene.height), 3),
        "findings": findings, "checklist": checklist,
        "blocks": [_sentence(fails[k]) for k in r["blocking_failures"]],
        "coverage": _coverage_rows(asmt, ev, tax, lang),
        "plan": plan, "plan_note": w["plan_note"].format(open=sum(x["open"] for x in plan), late=sum(x["late"] for x in plan),
                                                         today=cv.fmt_date(today, lang)),
        "change": _change(situation, asmt, tax, lang),
        "support": _support_rows(asmt, tax, lang),
    }


def situation_report_html(situation: Situation, at: dt.date | None = None, *, lang: str = "fr",
                          today: dt.date | None = None, taxonomy: Taxonomy | None = None) -> str:
    """The concertation report of a situation as one self-contained HTML document.

    Parameters
    ----------
    situation : Situation
    at : date, optional
        Report on the latest assessment dated on or before this day (default: the latest).
    lang : {"fr", "nl", "en"}
    today : date, optional
        The day against which open actions are overdue (default: the assessment's date).
    taxonomy : Taxonomy, optional

    Returns
    -------
    str
        HTML with plotly.js inlined, A4 print styles, no external request.
    """
    from markupsafe import Markup

    ctx = report_context(situation, at, lang=lang, today=today, taxonomy=taxonomy)
    ctx["map"] = Markup(ctx["map"])  # plotly_div embeds the figure through json_for_script
    return render("situation.html.j2", plotly_js=Markup(plotly_js()), **ctx)
