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
from ..measures import CRITERIA, CRITERIA_TEXT, compare, evaluate, failure_texts, is_exhausted, need_cover
from ..model import PERSON, Assessment, Situation
from ..taxonomy import Taxonomy, default_taxonomy
from ..viz import conventions as cv
from ..viz.plotly_map import scene_figure_spec
from ..viz.scene import ecomap_scene
from .page import plotly_div, plotly_js, render

__all__ = ["report_context", "situation_report_html"]

A4_LANDSCAPE_PX = 1000  # printable width of an A4 landscape page at 96 dpi, with margins

WORDS: Mapping[str, Mapping[str, Any]] = {
    "fr": {
        "colon": " : ", "lq": "« ", "rq": " »",
        "title": "Rapport de concertation", "checklist_short": "Critères de retrait", "assessment": "Évaluation du", "service": "Service",
        "person": "Personne", "age": "âge", "years": "ans", "housing": "logement", "consent": "accord",
        "demand": "demande", "summary": "En bref", "fragility": "Fragilité du réseau", "ready": "Retrait possible",
        "coverage": "Besoins couverts", "map": "Carte du réseau (éco-carte)", "findings": "Constats",
        "no_findings": "Aucun constat : le réseau ne présente pas de fragilité mesurée.",
        "severity": {"high": "Priorité haute", "medium": "À surveiller", "low": "Pour information"},
        "readiness": "Peut-on se retirer ? Liste de contrôle", "criterion": "Critère", "blocking": "Bloquant",
        "result": "Résultat", "pass": "rempli", "fail": "non rempli", "yes": "oui", "no": "non",
        "blocks": "Ce qui bloque le retrait", "nothing_blocks": "Rien ne bloque le retrait : tous les critères bloquants sont remplis.",
        "score": "critères remplis", "cov_table": "Qui couvre quoi", "need": "Besoin", "sev": "Sévérité",
        "goal": "Objectif de la personne", "covered_by": "Couvert par", "backup": "Relais",
        "cm_col": "Case manager", "cm_too": "aussi (ne compte pas)", "uncovered": "non couvert",
        "alone": "un seul intervenant : pas de relais", "informal_only": "entourage seulement",
        "several": "{n} intervenants", "priority": "priorité de la personne",
        "cov_note": "Le case manager coordonne mais ne couvre pas de besoin : il n'est pas compté.",
        "plan": "Plan d'action", "what": "Quoi", "owner": "Qui", "for_need": "Pour le besoin", "due": "Échéance",
        "status": "État", "no_owner": "à attribuer", "no_due": "sans échéance", "overdue": "en retard",
        "open": "à faire", "statuses": {"todo": "à faire", "done": "fait", "dropped": "abandonné"},
        "no_actions": "Aucune action inscrite.", "plan_note": "Actions ouvertes : {open}, dont en retard au {today} : {late}.",
        "change": "Évolution depuis l'évaluation précédente", "first": "Première évaluation : rien à comparer.",
        "since": "Depuis le {date}", "earlier": "Avant", "later": "Maintenant",
        "actors_added": "Nouveaux intervenants", "actors_removed": "Intervenants partis",
        "exhaustion_changed": "Épuisement modifié", "needs_added": "Nouveaux besoins", "needs_met": "Besoins rencontrés",
        "newly_covered": "Besoins désormais couverts", "newly_uncovered": "Besoins qui ne sont plus couverts",
        "ties_added": "Liens nouveaux", "ties_removed": "Liens disparus", "ties_changed": "Liens qui ont changé", "none": "aucun",
        "m_uncovered": "Besoins non couverts", "m_sole": "Intervenants seuls sur un besoin",
        "m_exhausted": "Personnes épuisées", "m_components": "Morceaux du réseau sans le case manager",
        "m_sectors": "Secteurs présents", "m_ei": "Ouverture entre secteurs (indice E-I)",
        "fragility_levels": {"high": "élevée", "medium": "moyenne", "low": "faible", "none": "aucune"},
        "housings": {"own_home": "à domicile", "with_family": "en famille", "institution": "en institution",
                     "homeless": "sans abri", "badly_housed": "mal logé", "unknown": "inconnu"},
        "consents": {"given": "donné", "refused": "refusé", "pending": "en attente", "not_required": "non requis"},
        "demands": {"expressed": "exprimée", "non_demand": "non-demande", "unknown": "inconnue"},
        "footer": "Document confidentiel (secret professionnel partagé). Produit par netmap, sans connexion à Internet.",
    },
    "en": {
        "colon": ": ", "lq": "“", "rq": "”",
        "title": "Concertation report", "checklist_short": "Withdrawal criteria", "assessment": "Assessment of", "service": "Service",
        "person": "Person", "age": "age", "years": "years", "housing": "housing", "consent": "consent",
        "demand": "demand", "summary": "At a glance", "fragility": "Network fragility", "ready": "Ready to withdraw",
        "coverage": "Needs covered", "map": "Network map (eco-map)", "findings": "Findings",
        "no_findings": "No finding: the network shows no measured fragility.",
        "severity": {"high": "High priority", "medium": "To watch", "low": "For information"},
        "readiness": "Can we withdraw? Checklist", "criterion": "Criterion", "blocking": "Blocking",
        "result": "Result", "pass": "met", "fail": "not met", "yes": "yes", "no": "no",
        "blocks": "What blocks withdrawal", "nothing_blocks": "Nothing blocks withdrawal: every blocking criterion is met.",
        "score": "criteria met", "cov_table": "Who covers what", "need": "Need", "sev": "Severity",
        "goal": "The person's goal", "covered_by": "Covered by", "backup": "Backup",
        "cm_col": "Case manager", "cm_too": "also (does not count)", "uncovered": "uncovered",
        "alone": "a single provider: no backup", "informal_only": "informal network only",
        "several": "{n} providers", "priority": "the person's priority",
        "cov_note": "The case manager coordinates but covers no need: not counted.",
        "plan": "Action plan", "what": "What", "owner": "Who", "for_need": "For the need", "due": "Due",
        "status": "Status", "no_owner": "to be assigned", "no_due": "no due date", "overdue": "overdue",
        "open": "to do", "statuses": {"todo": "to do", "done": "done", "dropped": "dropped"},
        "no_actions": "No action recorded.", "plan_note": "Open actions: {open}, overdue on {today}: {late}.",
        "change": "Change since the previous assessment", "first": "First assessment: nothing to compare.",
        "since": "Since {date}", "earlier": "Before", "later": "Now",
        "actors_added": "New actors", "actors_removed": "Actors who left",
        "exhaustion_changed": "Exhaustion changed", "needs_added": "New needs", "needs_met": "Needs met",
        "newly_covered": "Needs now covered", "newly_uncovered": "Needs no longer covered",
        "ties_added": "New ties", "ties_removed": "Ties gone", "ties_changed": "Ties that changed", "none": "none",
        "m_uncovered": "Uncovered needs", "m_sole": "Providers alone on a need",
        "m_exhausted": "Exhausted people", "m_components": "Pieces of the network without the case manager",
        "m_sectors": "Sectors present", "m_ei": "Openness between sectors (E-I index)",
        "fragility_levels": {"high": "high", "medium": "medium", "low": "low", "none": "none"},
        "housings": {"own_home": "at home", "with_family": "with family", "institution": "in an institution",
                     "homeless": "homeless", "badly_housed": "badly housed", "unknown": "unknown"},
        "consents": {"given": "given", "refused": "refused", "pending": "pending", "not_required": "not required"},
        "demands": {"expressed": "expressed", "non_demand": "no demand", "unknown": "unknown"},
        "footer": "Confidential (shared professional secrecy). Produced by netmap, with no Internet connection.",
    },
}


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
        raise UsageError("expected a language among fr, en")
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
    for sev in ("high", "medium", "low"):
        items = [f[lang] for f in ev["flags"] if f["severity"] == sev]
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
        "map": plotly_div(fig, "ecomap"), "map_zoom": round(min(1.0, A4_LANDSCAPE_PX / scene.width), 3),
        "findings": findings, "checklist": checklist,
        "blocks": [_sentence(fails[k]) for k in r["blocking_failures"]],
        "coverage": _coverage_rows(asmt, ev, tax, lang),
        "plan": plan, "plan_note": w["plan_note"].format(open=sum(x["open"] for x in plan), late=sum(x["late"] for x in plan),
                                                         today=cv.fmt_date(today, lang)),
        "change": _change(situation, asmt, tax, lang),
    }


def situation_report_html(situation: Situation, at: dt.date | None = None, *, lang: str = "fr",
                          today: dt.date | None = None, taxonomy: Taxonomy | None = None) -> str:
    """The concertation report of a situation as one self-contained HTML document.

    Parameters
    ----------
    situation : Situation
    at : date, optional
        Report on the latest assessment dated on or before this day (default: the latest).
    lang : {"fr", "en"}
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
