"""Plain-text accounts of the measures for a case manager, in French (default), Dutch or English.

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

from ..i18n import N_, Np_, check_lang, format_date, translator
from ..model import PERSON, Assessment, Situation
from ..taxonomy import Taxonomy, default_taxonomy
from .change import compare
from .flags import flag_name, flags, sentence_of
from .readiness import CRITERIA, failure_texts

__all__ = ["assessment_text", "compare_text", "dataset_summary_text", "what_if_text"]

# the words of these accounts, in English: each a msgid of the catalogs (netmap.i18n), translated by _words
_LEVELS = {"high": Np_("fragility level", "high"), "medium": Np_("fragility level", "medium"),
           "low": Np_("fragility level", "low"), "none": Np_("fragility level", "none")}
_WORDS: Mapping[str, Any] = {
    "q": N_("“{}”"), "and": N_(" and "), "none": N_("none"), "yes": N_("yes"), "no": N_("no"),
    "head": N_("Situation {sid} — assessment of {date}"),
    "fragility": N_("Fragility level: {}"),
    "levels": _LEVELS,
    "sev": _LEVELS,
    "s_gaps": N_("What is not covered"),
    "coverage": N_("Needs covered: {c} of {n}"),
    "no_need": N_("No active need is recorded."),
    "uncovered": N_("Not covered: {}"),
    "all_covered": N_("Every need has at least one provider."),
    "missing": N_("Missing sectors: {}"),
    "informal_only": N_("Covered only by family and friends: {}"),
    "thin": N_("Thin needs (a single provider): {}"),
    "s_exh": N_("Who is exhausted, who is alone"),
    "exh_sole": N_("Exhausted and the only one covering a need: {}"),
    "exh": N_("Exhausted: {}"),
    "sole": N_("The only one covering a need: {}"),
    "no_exh": N_("Nobody is recorded as exhausted."),
    "s_holds": N_("Who holds the network"),
    "cm_holds": N_("The case manager ({}) holds the network: without them the providers are no longer linked."),
    "cm_not": N_("The case manager is not the only link between the providers who cover a need."),
    "cut": N_("Cut actors (the network splits without them): {}"),
    "brokers": N_("Who links the most (betweenness): {}"),
    "isolated": N_("With no tie to the others: {}"),
    "one_part": N_("All actors are linked to each other, directly or not."),
    "parts": N_("The network forms {c} groups with no tie between them."),
    "parts_wo": N_("Without the case manager: {w} group(s)."),
    "s_sectors": N_("Which sectors talk to each other"),
    "sectors": N_("Sectors present ({n}): {s}"),
    "siloed": N_("Siloed sectors (no tie with another sector): {}"),
    "no_silo": N_("Every sector has at least one tie with another."),
    "ei": N_("Ties between different sectors: {e} of {t} (E-I index {ei})"),
    "no_edges": N_("No tie between providers is recorded."),
    "s_ready": N_("Can the case manager withdraw?"),
    "ready_yes": N_("Yes: the blocking criteria are met ({p}/9 criteria)."),
    "ready_no": N_("Not yet ({p}/9 criteria). What blocks:"),
    "still": N_("Also to improve:"),
    "s_flags": N_("Findings"),
    "no_flags": N_("No finding."),
    "ds_head": N_("Situations assessed: {n}"),
    "ds_levels": N_("Fragility level: {}"),
    "ds_ready": N_("Ready to withdraw: {r} of {n}"),
}


def _translate(value: Any, lang: str) -> Any:
    _ = translator(lang)
    if isinstance(value, dict):
        return {k: _translate(v, lang) for k, v in value.items()}
    if isinstance(value, tuple):
        return _.pgettext(*value)
    return _(value)


def _words(table: Mapping[str, Any], lang: str) -> Mapping[str, Any]:
    return {k: _translate(v, lang) for k, v in table.items()}


def _lang(lang: str) -> str:
    return check_lang(lang)


def _decimal(text: str, lang: str) -> str:
    """A number already formatted in English (``+0.25``) with the decimal sign of ``lang``."""
    return text if lang == "en" else text.replace(".", ",")


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
    lang : {"fr", "nl", "en"}
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
    w = _words(_WORDS, lang)
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
    lines = [w["head"].format(sid=sid, date=format_date(assessment.date, lang)),
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
                                           ei=_decimal(ei, lang)))
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
    sentence = sentence_of(assessment, result, lang, tax)
    lines += [f"  [{w['sev'][f['severity']]}] {sentence(f)}" for f in found] or ["  " + w["no_flags"]]
    return "\n".join(lines) + "\n"


def dataset_summary_text(results: Sequence[Mapping[str, Any]], *, lang: str = "fr") -> str:
    """A few lines over many evaluated situations: how many, at which fragility level, how many ready."""
    w = _words(_WORDS, _lang(lang))
    counts = {lv: sum(1 for x in results if x["fragility"] == lv) for lv in ("high", "medium", "low", "none")}
    levels = ", ".join(f"{w['levels'][lv]} {n}" for lv, n in counts.items())
    ready = sum(1 for x in results if x["readiness"]["ready"])
    return "\n".join([w["ds_head"].format(n=len(results)), w["ds_levels"].format(levels),
                      w["ds_ready"].format(r=ready, n=len(results))]) + "\n"


_CHANGE: Mapping[str, Any] = {
    "title": N_("Change from {e} to {l}"),
    "added": N_("New actors"), "removed": N_("Actors who left"), "exhaustion": N_("Exhaustion changed"),
    "needs_added": N_("New needs"), "met": N_("Needs met"), "newly_covered": N_("Needs now covered"),
    "newly_uncovered": N_("Needs no longer covered"), "ties_added": N_("New ties"), "ties_removed": N_("Ties gone"),
    "ties_changed": N_("Ties that changed"),
    "coverage": N_("Needs covered"), "fragility": N_("Fragility level"), "ready": N_("Ready to withdraw"),
    "score": N_("Withdrawal criteria met"), "blocking": N_("Still blocking"), "flags_new": N_("New findings"),
    "flags_gone": N_("Findings resolved"), "not_assessed": N_("not assessed"),
}


def compare_text(earlier: Assessment, later: Assessment, *, consent: str, lang: str = "fr",
                 taxonomy: Taxonomy | None = None, change: Mapping[str, Any] | None = None) -> str:
    """A plain-text account of :func:`~netmap.measures.compare` for a case manager.

    Parameters
    ----------
    earlier, later : Assessment
    consent : str
        The person's consent (the situation's).
    lang : {"fr", "nl", "en"}
    taxonomy : Taxonomy, optional
    change : mapping, optional
        The :func:`~netmap.measures.compare` object of these assessments, if already computed.

    Returns
    -------
    str
    """
    lang = _lang(lang)
    t, w = _words(_CHANGE, lang), _words(_WORDS, lang)
    tax = taxonomy or default_taxonomy()
    c = change if change is not None else compare(earlier, later, consent=consent, taxonomy=tax)
    label = {a.id: a.label for a in (*earlier.actors, *later.actors)}
    domain = {n.id: w["q"].format(tax.domain_label(n.domain, lang)) for n in (*earlier.needs, *later.needs)}
    colon = translator(lang).gettext(": ")  # " : " in French

    def names(ids: list[str], table: dict[str, str]) -> str:
        return ", ".join(table.get(i, i) for i in ids) if ids else w["none"]

    def level(v: int | None) -> str:
        return t["not_assessed"] if v is None else tax.exhaustion_label(v, lang).lower()

    def pct(v: float | None) -> str:
        return "—" if v is None else f"{round(100 * v)} %"

    def yes(v: bool) -> str:
        return w["yes"] if v else w["no"]

    lines = [t["title"].format(e=format_date(dt.date.fromisoformat(c["earlier"]), lang),
                               l=format_date(dt.date.fromisoformat(c["later"]), lang)), ""]
    lines.append(t["added"] + colon + names(c["actors"]["added"], label))
    lines.append(t["removed"] + colon + names(c["actors"]["removed"], label))
    for x in c["actors"]["exhaustion_changed"]:
        lines.append(f"{t['exhaustion']}{colon}{label[x['id']]}{colon}{level(x['earlier'])} → {level(x['later'])}")
    for key, head in (("added", "needs_added"), ("met", "met"), ("newly_covered", "newly_covered"),
                      ("newly_uncovered", "newly_uncovered")):
        lines.append(t[head] + colon + names(c["needs"][key], domain))
    def kinds(ks: list[str]) -> str:
        return "/".join(translator(lang)(_TIE_KINDS[k]) for k in ks)

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
            return translator(lang)("the person")
        return label.get(i, i)

    named = [f"{_lower(flag_name(f['code'], lang))} ({', '.join(name(f['code'], i) for i in f['ids'])})"
             for f in sorted(found, key=lambda f: (f["code"], f["ids"]))]
    return translator(lang)("; ").join(named) if named else translator(lang)(_WORDS["none"])


_NEED_FLAGS = ("UNCOVERED_NEED", "INFORMAL_ONLY")


def _lower(name: str) -> str:
    """A flag's name inside a sentence: first letter in lower case."""
    return name[:1].lower() + name[1:]

_WHAT_IF: Mapping[str, Any] = {"head": N_("What-if: without {who} — situation {sid}, assessment of {date}"),
           "fragility": N_("Fragility level: {b} → {a}"), "ready": N_("Ready to withdraw: {b} → {a} ({pb}/9 → {pa}/9 criteria)"),
           "uncovered": N_("Needs that would no longer be covered: {}"), "blocks": N_("What would block:"),
           "new": N_("New findings:"), "gone": N_("Findings lifted:"), "same": N_("No new finding."),
           "none_gone": N_("No finding lifted."), "detail": N_("The network without these actors, in detail:")}


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
    lang : {"fr", "nl", "en"}
    taxonomy : Taxonomy, optional

    Returns
    -------
    str
    """
    lang = _lang(lang)
    w, t = _words(_WORDS, lang), _words(_WHAT_IF, lang)
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
                              date=format_date(asmt.date, lang)),
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
        sentence = _what_if_sentences(asmt, gone_asmt, b, a, found, tax, lang)
        lines += [f"  [{w['sev'][f['severity']]}] {sentence(f)}" for f in found] or ["  " + t[empty]]
    lines += ["", t["detail"], ""]
    body = assessment_text(gone_asmt, a, lang=lang, situation_id=situation.id, taxonomy=tax,
                           consent=situation.person.consent)
    return "\n".join(lines) + "\n" + body

_TIE_KINDS: Mapping[str, str] = {
    "coordination": N_("coordination"),
    "support": N_("support"),
    "information": N_("information"),
    "conflict": N_("conflict"),
}


def _what_if_sentences(asmt: Assessment, gone_asmt: Assessment, before: Mapping[str, Any], after: Mapping[str, Any],
                       found: Sequence[Mapping[str, Any]], tax: Taxonomy, lang: str):
    """The sentence of a what-if finding in ``lang`` (new ones are worded on the network without the actors,
    lifted ones on the network before)."""
    worded: dict[tuple[str, tuple[str, ...]], str] = {}
    if all(lang in f for f in found):
        return lambda f: f[lang]
    for data, res in ((asmt, before), (gone_asmt, after)):
        for f in flags(data, measures=res["measures"], taxonomy=tax, langs=(lang,)):
            worded.setdefault((f["code"], tuple(f["ids"])), f[lang])
    return lambda f: f.get(lang) or worded[(f["code"], tuple(f["ids"]))]
