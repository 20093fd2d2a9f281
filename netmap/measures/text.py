"""Plain-text accounts of the measures for a case manager, in French (default) or English.

Only labels (actors) and taxonomy names (need domains, sectors, exhaustion levels) are
shown, never raw codes, opaque need ids or free text such as goals.

Examples
--------
>>> from netmap.model import Actor, Assessment, Need
>>> import datetime as dt
>>> from netmap.measures import measure_assessment
>>> a = Assessment(date=dt.date(2024, 1, 1), actors=(Actor("gp", "Dr G.", True, "primary_care"),),
...                needs=(Need("n1", "housing"),))
>>> text = assessment_text(a, measure_assessment(a, consent="given"), lang="en")
>>> "Not covered: “Housing”" in text
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from ..model import PERSON, Assessment, Situation
from ..taxonomy import Taxonomy, default_taxonomy
from .change import compare
from .flags import FLAG_NAMES
from .readiness import CRITERIA, failure_texts

__all__ = ["assessment_text", "compare_text", "dataset_summary_text", "what_if_text"]

_WORDS: Mapping[str, Mapping[str, Any]] = {
    "fr": {
        "q": "« {} »", "and": " et ", "none": "aucun", "yes": "oui", "no": "non",
        "head": "Situation {sid} — évaluation du {date}",
        "fragility": "Niveau de fragilité : {}",
        "levels": {"high": "haut", "medium": "moyen", "low": "bas", "none": "aucun"},
        "sev": {"high": "haute", "medium": "moyenne", "low": "basse"},
        "s_gaps": "Ce qui n'est pas couvert",
        "coverage": "Besoins couverts : {c} sur {n}",
        "no_need": "Aucun besoin actif n'est noté.",
        "uncovered": "Non couverts : {}",
        "all_covered": "Chaque besoin a au moins un intervenant.",
        "missing": "Secteurs absents : {}",
        "informal_only": "Couverts seulement par l'entourage : {}",
        "thin": "Besoins à fil unique (un seul intervenant) : {}",
        "s_exh": "Qui est épuisé, qui est seul",
        "exh_sole": "Épuisé·e et seul·e à couvrir un besoin : {}",
        "exh": "Épuisé·e : {}",
        "sole": "Seul·e à couvrir un besoin : {}",
        "no_exh": "Personne n'est noté·e comme épuisé·e.",
        "s_holds": "Qui tient le réseau",
        "cm_holds": "Le case manager ({}) tient le réseau : sans lui, les intervenants ne sont plus reliés.",
        "cm_not": "Le case manager n'est pas le seul lien entre les intervenants qui couvrent un besoin.",
        "cut": "Acteurs charnières (le réseau se coupe sans eux) : {}",
        "brokers": "Qui relie le plus (intermédiarité) : {}",
        "isolated": "Sans lien avec les autres : {}",
        "one_part": "Tous les acteurs sont reliés entre eux, directement ou non.",
        "parts": "Le réseau forme {c} groupes sans lien entre eux.",
        "parts_wo": "Sans le case manager : {w} groupe(s).",
        "s_sectors": "Les secteurs qui se parlent",
        "sectors": "Secteurs présents ({n}) : {s}",
        "siloed": "Secteurs cloisonnés (aucun lien avec un autre secteur) : {}",
        "no_silo": "Chaque secteur a au moins un lien avec un autre.",
        "ei": "Liens entre secteurs différents : {e} sur {t} (indice E-I {ei})",
        "no_edges": "Aucun lien entre intervenants n'est noté.",
        "s_ready": "Le retrait est-il possible ?",
        "ready_yes": "Oui : les critères bloquants sont remplis ({p}/9 critères).",
        "ready_no": "Pas encore ({p}/9 critères). Ce qui bloque :",
        "still": "À améliorer aussi :",
        "s_flags": "Constats",
        "no_flags": "Aucun constat.",
        "ds_head": "Situations évaluées : {n}",
        "ds_levels": "Niveau de fragilité : {}",
        "ds_ready": "Retrait possible : {r} sur {n}",
    },
    "en": {
        "q": "“{}”", "and": " and ", "none": "none", "yes": "yes", "no": "no",
        "head": "Situation {sid} — assessment of {date}",
        "fragility": "Fragility level: {}",
        "levels": {"high": "high", "medium": "medium", "low": "low", "none": "none"},
        "sev": {"high": "high", "medium": "medium", "low": "low"},
        "s_gaps": "What is not covered",
        "coverage": "Needs covered: {c} of {n}",
        "no_need": "No active need is recorded.",
        "uncovered": "Not covered: {}",
        "all_covered": "Every need has at least one provider.",
        "missing": "Missing sectors: {}",
        "informal_only": "Covered only by family and friends: {}",
        "thin": "Thin needs (a single provider): {}",
        "s_exh": "Who is exhausted, who is alone",
        "exh_sole": "Exhausted and the only one covering a need: {}",
        "exh": "Exhausted: {}",
        "sole": "The only one covering a need: {}",
        "no_exh": "Nobody is recorded as exhausted.",
        "s_holds": "Who holds the network",
        "cm_holds": "The case manager ({}) holds the network: without them the providers are no longer linked.",
        "cm_not": "The case manager is not the only link between the providers who cover a need.",
        "cut": "Cut actors (the network splits without them): {}",
        "brokers": "Who links the most (betweenness): {}",
        "isolated": "With no tie to the others: {}",
        "one_part": "All actors are linked to each other, directly or not.",
        "parts": "The network forms {c} groups with no tie between them.",
        "parts_wo": "Without the case manager: {w} group(s).",
        "s_sectors": "Which sectors talk to each other",
        "sectors": "Sectors present ({n}): {s}",
        "siloed": "Siloed sectors (no tie with another sector): {}",
        "no_silo": "Every sector has at least one tie with another.",
        "ei": "Ties between different sectors: {e} of {t} (E-I index {ei})",
        "no_edges": "No tie between providers is recorded.",
        "s_ready": "Can the case manager withdraw?",
        "ready_yes": "Yes: the blocking criteria are met ({p}/9 criteria).",
        "ready_no": "Not yet ({p}/9 criteria). What blocks:",
        "still": "Also to improve:",
        "s_flags": "Findings",
        "no_flags": "No finding.",
        "ds_head": "Situations assessed: {n}",
        "ds_levels": "Fragility level: {}",
        "ds_ready": "Ready to withdraw: {r} of {n}",
    },
}


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "fr"


def assessment_text(assessment: Assessment, result: Mapping[str, Any], *, lang: str = "fr",
                    situation_id: str | None = None, taxonomy: Taxonomy | None = None,
                    consent: str | None = None) -> str:
    """A readable report of one assessment's measures (the object of :func:`~netmap.measures.evaluate`).

    Parameters
    ----------
    assessment : Assessment
        The assessment measured (with the what-if applied, if any), for the labels.
    result : mapping
        Its :func:`~netmap.measures.evaluate` or :func:`~netmap.measures.measure_assessment` object.
    lang : {"fr", "en"}
    situation_id : str, optional
        Shown in the heading (default: the result's ``situation``).
    taxonomy : Taxonomy, optional
    consent : str, optional
        The person's consent, named when the consent criterion fails.

    Returns
    -------
    str
    """
    lang = _lang(lang)
    w = _WORDS[lang]
    tax = taxonomy or default_taxonomy()
    m, r = result["measures"], result["readiness"]
    label = {a.id: a.label for a in assessment.actors}
    domain = {n.id: tax.domain_label(n.domain, lang) for n in assessment.needs}

    def join(items: list[str]) -> str:
        if not items:
            return w["none"]
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + w["and"] + items[-1]

    def actors(ids: list[str]) -> str:
        return join([label.get(i, i) for i in ids])

    def needs(ids: list[str]) -> str:
        return join([w["q"].format(domain[i]) for i in ids])

    def sectors(codes: list[str]) -> str:
        return join(sorted(tax.sector_label(c, lang) for c in codes))

    sid = situation_id or result.get("situation", "")
    lines = [w["head"].format(sid=sid, date=assessment.date.isoformat()),
             w["fragility"].format(w["levels"][result["fragility"]]), ""]
    n_needs = sum(1 for n in assessment.needs if n.status == "active")
    lines.append(w["s_gaps"])
    if not n_needs:
        lines.append("  " + w["no_need"])
    else:
        lines.append("  " + w["coverage"].format(c=n_needs - len(m["uncovered_needs"]), n=n_needs))
        lines.append("  " + (w["uncovered"].format(needs(m["uncovered_needs"])) if m["uncovered_needs"]
                             else w["all_covered"]))
        if m["missing_sectors"]:
            lines.append("  " + w["missing"].format(sectors(m["missing_sectors"])))
        if m["informal_only_needs"]:
            lines.append("  " + w["informal_only"].format(needs(m["informal_only_needs"])))
        if m["thin_needs"]:
            lines.append("  " + w["thin"].format(needs(m["thin_needs"])))
    lines += ["", w["s_exh"]]
    esp = m["exhausted_sole_providers"]
    if esp:
        lines.append("  " + w["exh_sole"].format(actors(esp)))
    others = [i for i in m["exhausted_actors"] if i not in esp]
    if others:
        lines.append("  " + w["exh"].format(actors(others)))
    if not m["exhausted_actors"]:
        lines.append("  " + w["no_exh"])
    sole = [i for i in m["sole_providers"] if i not in esp]
    if sole:
        lines.append("  " + w["sole"].format(actors(sole)))
    lines += ["", w["s_holds"]]
    cms = sorted(a.id for a in assessment.actors if a.active and a.case_manager)
    if m["cm_holds_network"]:
        lines.append("  " + w["cm_holds"].format(actors(cms)))
    elif cms:
        lines.append("  " + w["cm_not"])
    if m["components"] > 1:
        lines.append("  " + w["parts"].format(c=m["components"]))
    elif m["components"] == 1:
        lines.append("  " + w["one_part"])
    if cms:
        lines.append("  " + w["parts_wo"].format(w=m["components_without_cm"]))
    if m["cut_actors"]:
        lines.append("  " + w["cut"].format(actors(m["cut_actors"])))
    if m["brokers"]:
        top = sorted(m["brokers"].items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        lines.append("  " + w["brokers"].format(join([label.get(i, i) for i, _ in top])))
    if m["isolated_providers"]:
        lines.append("  " + w["isolated"].format(actors(m["isolated_providers"])))
    lines += ["", w["s_sectors"], "  " + w["sectors"].format(n=m["sector_count"], s=sectors(m["sectors"]))]
    edges = sum(m["sector_ties"].values())
    if edges:
        ei = f"{m['ei_index']:+.2f}"
        lines.append("  " + w["ei"].format(e=m["cross_sector_ties"], t=edges,
                                           ei=ei.replace(".", ",") if lang == "fr" else ei))
    else:
        lines.append("  " + w["no_edges"])
    lines.append("  " + (w["siloed"].format(sectors(m["siloed_sectors"])) if m["siloed_sectors"] else w["no_silo"]))
    passed = sum(1 for v in r["criteria"].values() if v == "pass")
    lines += ["", w["s_ready"]]
    if r["ready"]:
        lines.append("  " + w["ready_yes"].format(p=passed))
    else:
        lines.append("  " + w["ready_no"].format(p=passed))
    fails = failure_texts(assessment, r, consent=consent, measures=m, taxonomy=tax, lang=lang)
    lines += [f"    - {fails[k]}" for k in r["blocking_failures"]]
    soft = [k for k, blocking in CRITERIA if not blocking and k in fails]
    if soft:
        lines.append("  " + w["still"])
        lines += [f"    - {fails[k]}" for k in soft]
    lines += ["", w["s_flags"]]
    order = {"high": 0, "medium": 1, "low": 2}
    found = sorted(result["flags"], key=lambda f: order[f["severity"]])
    lines += [f"  [{w['sev'][f['severity']]}] {f[lang]}" for f in found] or ["  " + w["no_flags"]]
    return "\n".join(lines) + "\n"


def dataset_summary_text(results: Sequence[Mapping[str, Any]], *, lang: str = "fr") -> str:
    """A few lines over many evaluated situations: how many, at which fragility level, how many ready."""
    w = _WORDS[_lang(lang)]
    counts = {lv: sum(1 for x in results if x["fragility"] == lv) for lv in ("high", "medium", "low", "none")}
    levels = ", ".join(f"{w['levels'][lv]} {n}" for lv, n in counts.items())
    ready = sum(1 for x in results if x["readiness"]["ready"])
    return "\n".join([w["ds_head"].format(n=len(results)), w["ds_levels"].format(levels),
                      w["ds_ready"].format(r=ready, n=len(results))]) + "\n"


_CHANGE = {
    "fr": {
        "title": "Évolution du {e} au {l}",
        "added": "Nouveaux acteurs", "removed": "Acteurs partis", "exhaustion": "Épuisement modifié",
        "needs_added": "Nouveaux besoins", "met": "Besoins satisfaits", "newly_covered": "Besoins désormais couverts",
        "newly_uncovered": "Besoins qui ne sont plus couverts", "ties_added": "Liens nouveaux",
        "ties_removed": "Liens disparus", "ties_changed": "Liens qui ont changé", "coverage": "Besoins couverts", "fragility": "Niveau de fragilité",
        "ready": "Retrait possible", "score": "Critères de retrait remplis", "blocking": "Encore bloquant",
        "flags_new": "Nouveaux constats", "flags_gone": "Constats levés", "not_assessed": "non évalué",
    },
    "en": {
        "title": "Change from {e} to {l}",
        "added": "New actors", "removed": "Actors who left", "exhaustion": "Exhaustion changed",
        "needs_added": "New needs", "met": "Needs met", "newly_covered": "Needs now covered",
        "newly_uncovered": "Needs no longer covered", "ties_added": "New ties", "ties_removed": "Ties gone",
        "ties_changed": "Ties that changed",
        "coverage": "Needs covered", "fragility": "Fragility level", "ready": "Ready to withdraw",
        "score": "Withdrawal criteria met", "blocking": "Still blocking", "flags_new": "New findings",
        "flags_gone": "Findings resolved", "not_assessed": "not assessed",
    },
}


def compare_text(earlier: Assessment, later: Assessment, *, consent: str, lang: str = "fr",
                 taxonomy: Taxonomy | None = None, change: Mapping[str, Any] | None = None) -> str:
    """A plain-text account of :func:`~netmap.measures.compare` for a case manager.

    Parameters
    ----------
    earlier, later : Assessment
    consent : str
        The person's consent (the situation's).
    lang : {"fr", "en"}
    taxonomy : Taxonomy, optional
    change : mapping, optional
        The :func:`~netmap.measures.compare` object of these assessments, if already computed.

    Returns
    -------
    str
    """
    lang = _lang(lang)
    t, w = _CHANGE[lang], _WORDS[lang]
    tax = taxonomy or default_taxonomy()
    c = change if change is not None else compare(earlier, later, consent=consent, taxonomy=tax)
    label = {a.id: a.label for a in (*earlier.actors, *later.actors)}
    domain = {n.id: w["q"].format(tax.domain_label(n.domain, lang)) for n in (*earlier.needs, *later.needs)}
    colon = " : " if lang == "fr" else ": "

    def names(ids: list[str], table: dict[str, str]) -> str:
        return ", ".join(table.get(i, i) for i in ids) if ids else w["none"]

    def level(v: int | None) -> str:
        return t["not_assessed"] if v is None else tax.exhaustion_label(v, lang).lower()

    def pct(v: float | None) -> str:
        return "—" if v is None else f"{round(100 * v)} %"

    def yes(v: bool) -> str:
        return w["yes"] if v else w["no"]

    lines = [t["title"].format(e=c["earlier"], l=c["later"]), ""]
    lines.append(t["added"] + colon + names(c["actors"]["added"], label))
    lines.append(t["removed"] + colon + names(c["actors"]["removed"], label))
    for x in c["actors"]["exhaustion_changed"]:
        lines.append(f"{t['exhaustion']}{colon}{label[x['id']]} : {level(x['earlier'])} → {level(x['later'])}"
                     if lang == "fr" else
                     f"{t['exhaustion']}{colon}{label[x['id']]}: {level(x['earlier'])} → {level(x['later'])}")
    for key, head in (("added", "needs_added"), ("met", "met"), ("newly_covered", "newly_covered"),
                      ("newly_uncovered", "newly_uncovered")):
        lines.append(t[head] + colon + names(c["needs"][key], domain))
    def kinds(ks: list[str]) -> str:
        return "/".join(_TIE_KINDS[k][lang] for k in ks)

    for key, head in (("added", "ties_added"), ("removed", "ties_removed")):
        pairs = [f"{label.get(a, a)} – {label.get(b, b)} ({kinds(ks)})" for a, b, ks in c["ties"][key]]
        lines.append(t[head] + colon + (", ".join(pairs) if pairs else w["none"]))
    changed = [f"{label.get(a, a)} – {label.get(b, b)} ({kinds(k0)} → {kinds(k1)})" for a, b, k0, k1 in c["ties"]["changed"]]
    lines.append(t["ties_changed"] + colon + (", ".join(changed) if changed else w["none"]))
    cov, fr_, rd = c["measures"]["coverage"], c["fragility"], c["readiness"]

    def score(x: Mapping[str, Any]) -> int:
        return sum(1 for v in x["criteria"].values() if v == "pass")

    lines += [
        "",
        t["coverage"] + colon + f"{pct(cov['earlier'])} → {pct(cov['later'])}",
        t["fragility"] + colon + f"{w['levels'][fr_['earlier']]} → {w['levels'][fr_['later']]}",
        t["score"] + colon + f"{score(rd['earlier'])}/9 → {score(rd['later'])}/9",
        t["ready"] + colon + f"{yes(rd['earlier']['ready'])} → {yes(rd['later']['ready'])}",
    ]
    fails = failure_texts(later, rd["later"], consent=consent, taxonomy=tax, lang=lang)
    lines += [f"  {t['blocking']}{colon}{fails[k]}" for k in rd["later"]["blocking_failures"]]
    lines += ["", t["flags_new"] + colon + _findings_list(c["findings"]["new"], label, domain, tax, lang),
              t["flags_gone"] + colon + _findings_list(c["findings"]["gone"], label, domain, tax, lang)]
    return "\n".join(lines) + "\n"


def _findings_list(found: Sequence[Mapping[str, Any]], label: Mapping[str, str], domain: Mapping[str, str],
                  tax: Taxonomy, lang: str) -> str:
    """Findings as a short list: each flag's name and what it concerns ("conflit (Mère, Père); …")."""
    def name(code: str, i: str) -> str:
        if code in _NEED_FLAGS:
            return domain.get(i, i)
        if code == "SILOED_SECTOR":
            return tax.sector_label(i, lang)
        if i == PERSON:
            return "la personne" if lang == "fr" else "the person"
        return label.get(i, i)

    named = [f"{_lower(FLAG_NAMES[f['code']][lang])} ({', '.join(name(f['code'], i) for i in f['ids'])})"
             for f in sorted(found, key=lambda f: (f["code"], f["ids"]))]
    return "; ".join(named) if named else _WORDS[_lang(lang)]["none"]


_NEED_FLAGS = ("UNCOVERED_NEED", "INFORMAL_ONLY")


def _lower(name: str) -> str:
    """A flag's name inside a sentence: first letter in lower case."""
    return name[:1].lower() + name[1:]

_WHAT_IF = {
    "fr": {"head": "Simulation : sans {who} — situation {sid}, évaluation du {date}",
           "fragility": "Niveau de fragilité : {b} → {a}", "ready": "Retrait possible : {b} → {a} ({pb}/9 → {pa}/9 critères)",
           "uncovered": "Besoins qui ne seraient plus couverts : {}", "blocks": "Ce qui bloquerait :",
           "new": "Nouveaux constats :", "gone": "Constats levés :", "same": "Aucun constat nouveau.",
           "none_gone": "Aucun constat levé.", "detail": "Le réseau sans ces acteurs, en détail :"},
    "en": {"head": "What-if: without {who} — situation {sid}, assessment of {date}",
           "fragility": "Fragility level: {b} → {a}", "ready": "Ready to withdraw: {b} → {a} ({pb}/9 → {pa}/9 criteria)",
           "uncovered": "Needs that would no longer be covered: {}", "blocks": "What would block:",
           "new": "New findings:", "gone": "Findings lifted:", "same": "No new finding.",
           "none_gone": "No finding lifted.", "detail": "The network without these actors, in detail:"},
}


def what_if_text(situation: Situation, result: Mapping[str, Any], *, lang: str = "fr",
                 taxonomy: Taxonomy | None = None) -> str:
    """A plain-text account of :func:`~netmap.measures.what_if`: what changes if some actors are gone.

    Lists as new only the findings that are new, and as lifted only those that are gone
    (matched by code and ids), then the full report of the network without those actors.

    Parameters
    ----------
    situation : Situation
    result : mapping
        The :func:`~netmap.measures.what_if` object.
    lang : {"fr", "en"}
    taxonomy : Taxonomy, optional

    Returns
    -------
    str
    """
    lang = _lang(lang)
    w, t = _WORDS[lang], _WHAT_IF[lang]
    tax = taxonomy or default_taxonomy()
    asmt = situation.assessment_at(dt.date.fromisoformat(result["assessment"]))
    assert asmt is not None and asmt.date.isoformat() == result["assessment"]
    gone_asmt = asmt.without(result["without"])
    label = {a.id: a.label for a in asmt.actors}
    domain = {n.id: w["q"].format(tax.domain_label(n.domain, lang)) for n in asmt.needs}
    b, a = result["before"], result["after"]
    yes = {True: w["yes"], False: w["no"]}

    def passed(x: Mapping[str, Any]) -> int:
        return sum(1 for v in x["readiness"]["criteria"].values() if v == "pass")

    newly = [n for n in a["measures"]["uncovered_needs"] if n not in b["measures"]["uncovered_needs"]]
    lines = [t["head"].format(who=", ".join(label.get(i, i) for i in result["without"]), sid=situation.id,
                              date=asmt.date.isoformat()),
             t["fragility"].format(b=w["levels"][b["fragility"]], a=w["levels"][a["fragility"]]),
             t["ready"].format(b=yes[b["readiness"]["ready"]], a=yes[a["readiness"]["ready"]], pb=passed(b), pa=passed(a))]
    if newly:
        lines.append(t["uncovered"].format(", ".join(domain.get(n, n) for n in newly)))
    fails = failure_texts(gone_asmt, a["readiness"], consent=situation.person.consent, measures=a["measures"],
                          taxonomy=tax, lang=lang)
    if a["readiness"]["blocking_failures"]:
        lines.append(t["blocks"])
        lines += [f"  - {fails[k]}" for k in a["readiness"]["blocking_failures"]]
    order = {"high": 0, "medium": 1, "low": 2}
    for key, empty in (("new", "same"), ("gone", "none_gone")):
        found = sorted(result["findings"][key], key=lambda f: (order[f["severity"]], f["code"], f["ids"]))
        lines += ["", t[key]]
        lines += [f"  [{w['sev'][f['severity']]}] {f[lang]}" for f in found] or ["  " + t[empty]]
    lines += ["", t["detail"], ""]
    body = assessment_text(gone_asmt, a, lang=lang, situation_id=situation.id, taxonomy=tax,
                           consent=situation.person.consent)
    return "\n".join(lines) + "\n" + body

_TIE_KINDS: Mapping[str, Mapping[str, str]] = {
    "coordination": {"fr": "coordination", "en": "coordination"},
    "support": {"fr": "soutien", "en": "support"},
    "information": {"fr": "information", "en": "information"},
    "conflict": {"fr": "conflit", "en": "conflict"},
}
