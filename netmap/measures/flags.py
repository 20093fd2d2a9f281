"""Flags: the findings of one assessment, each with a sentence in French and in English.

One flag per concerned need, actor or pair (shared/spec/measures.md, *Flags*). Sentences
are built only from actor labels and taxonomy names (need domains, sectors, exhaustion
levels), never from free text such as goals, roles or actions. Need ids are opaque, so a
need is named by its domain.

Examples
--------
>>> from netmap.model import Actor, Assessment, Need
>>> import datetime as dt
>>> a = Assessment(date=dt.date(2024, 1, 1), actors=(Actor("gp", "Dr G.", True, "primary_care"),),
...                needs=(Need("n1", "housing"),))
>>> [f["code"] for f in flags(a)], fragility_level(flags(a))
(['ISOLATED_PROVIDER', 'UNCOVERED_NEED'], 'high')
>>> flags(a)[1]["fr"]
"Le besoin « Logement » n'est couvert par personne ; aucun acteur du secteur Logement & sans-abrisme."
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..model import PERSON, Assessment
from ..taxonomy import Taxonomy, default_taxonomy
from .fragility import fragility
from .gaps import gaps
from .graph import Network, network
from .intersectoral import intersectoral

__all__ = ["FLAG_NAMES", "FLAG_SEVERITY", "LEVELS", "finding_changes", "flag_ids", "flags", "fragility_level"]

# code -> severity, in the order of the spec's table
FLAG_SEVERITY: Mapping[str, str] = {
    "UNCOVERED_NEED": "high",
    "EXHAUSTED_SOLE_PROVIDER": "high",
    "CM_HOLDS_NETWORK": "high",
    "SPLIT_NETWORK": "high",
    "AT_RISK_PROVIDER": "high",
    "SOLE_PROVIDER": "medium",
    "CUT_ACTOR": "medium",
    "INFORMAL_ONLY": "medium",
    "EXHAUSTED_ACTOR": "medium",
    "CONFLICT": "medium",
    "SILOED_SECTOR": "low",
    "ISOLATED_PROVIDER": "low",
}
LEVELS = ("high", "medium", "low", "none")

# the short name of each finding, for lists, tables and charts (the full sentences are below); one wording per idea
FLAG_NAMES: Mapping[str, Mapping[str, str]] = {
    "UNCOVERED_NEED": {"fr": "Besoin non couvert", "en": "Uncovered need"},
    "EXHAUSTED_SOLE_PROVIDER": {"fr": "Intervenant épuisé seul à couvrir un besoin", "en": "Exhausted sole provider"},
    "CM_HOLDS_NETWORK": {"fr": "Le case manager tient le réseau", "en": "The case manager holds the network"},
    "SPLIT_NETWORK": {"fr": "Intervenants coupés en groupes", "en": "Providers split into groups"},
    "AT_RISK_PROVIDER": {"fr": "Intervenant au bord du décrochage", "en": "Provider at risk of dropping out"},
    "SOLE_PROVIDER": {"fr": "Seul·e à couvrir un besoin", "en": "Sole provider of a need"},
    "CUT_ACTOR": {"fr": "Acteur charnière", "en": "Cut actor"},
    "INFORMAL_ONLY": {"fr": "Besoin couvert par l'entourage seul", "en": "Need covered by informal carers only"},
    "EXHAUSTED_ACTOR": {"fr": "Acteur épuisé", "en": "Exhausted actor"},
    "CONFLICT": {"fr": "Conflit", "en": "Conflict"},
    "SILOED_SECTOR": {"fr": "Secteur cloisonné", "en": "Siloed sector"},
    "ISOLATED_PROVIDER": {"fr": "Intervenant isolé", "en": "Isolated provider"},
}


def fragility_level(found: Sequence[Mapping[str, Any]]) -> str:
    """``high`` if any high flag, else ``medium`` if any medium flag, else ``low`` if any, else ``none``."""
    severities = {f["severity"] for f in found}
    return next((lv for lv in LEVELS[:-1] if lv in severities), "none")


class _Words:
    """Names of needs, actors and sectors of one network in one language."""

    def __init__(self, net: Network, tax: Taxonomy, lang: str):
        self.net, self.tax, self.lang = net, tax, lang
        self.domain = {n.id: n.domain for n in net.assessment.needs}
        self._need_names: dict[str, str] = {}

    def q(self, text: str) -> str:
        return f"« {text} »" if self.lang == "fr" else f"“{text}”"

    def need(self, nid: str) -> str:
        name = self._need_names.get(nid)
        if name is None:
            name = self._need_names[nid] = self.q(self.tax.domain_label(self.domain[nid], self.lang))
        return name

    def needs(self, nids: list[str]) -> str:
        names = self.join([self.need(n) for n in nids])
        if self.lang == "fr":
            return ("le besoin " if len(nids) == 1 else "les besoins ") + names
        return ("the need " if len(nids) == 1 else "the needs ") + names

    def actor(self, aid: str) -> str:
        if aid == PERSON:
            return "la personne" if self.lang == "fr" else "the person"
        a = self.net.actors.get(aid) or self.net.assessment.actor(aid)
        return a.label if a else aid

    def actors(self, ids: list[str] | tuple[str, ...]) -> str:
        return self.join(sorted(self.actor(a) for a in ids))

    def sector(self, code: str) -> str:
        return self.tax.sector_label(code, self.lang)

    def exhaustion(self, aid: str) -> str:
        return self.tax.exhaustion_label(self.net.actors[aid].exhaustion, self.lang).lower()

    def join(self, items: list[str]) -> str:
        last = " et " if self.lang == "fr" else " and "
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + last + items[-1]


def _uncovered(w: _Words, ids: list[str], m: Mapping[str, Any]) -> str:
    (nid,) = ids
    dom = w.tax.domains.get(w.domain[nid])
    missing = dom.primary_sector if dom and dom.primary_sector in m["missing_sectors"] else None
    if w.lang == "fr":
        tail = f" ; aucun acteur du secteur {w.sector(missing)}" if missing else ""
        return f"Le besoin {w.need(nid)} n'est couvert par personne{tail}."
    tail = f"; no actor of the sector {w.q(w.sector(missing))} is involved" if missing else ""
    return f"The need {w.need(nid)} is not covered by anyone{tail}."


def _exhausted_sole(w: _Words, ids: list[str], m: Mapping[str, Any]) -> str:
    (aid,) = ids
    needs = w.needs(m["sole_providers"][aid])
    if w.lang == "fr":
        return (f"{w.actor(aid)} est seul·e à couvrir {needs} et s'épuise (niveau : {w.exhaustion(aid)}) : "
                f"si cet acteur lâche, personne ne prend le relais.")
    return (f"{w.actor(aid)} is the only one covering {needs} and is wearing out (level: {w.exhaustion(aid)}): "
            f"if they give up, nobody takes over.")


def _cm_holds(w: _Words, ids: list[str], m: Mapping[str, Any]) -> str:
    who = w.actors(ids)
    if w.lang == "fr":
        return (f"C'est le case manager ({who}) qui tient ce réseau ensemble : sans lui, les intervenants "
                f"ne sont plus reliés entre eux. Le retrait n'est pas encore possible.")
    return (f"The case manager ({who}) is what holds this network together: without them the providers "
            f"are no longer linked to each other. Not ready to withdraw.")


def _split(w: _Words, ids: list[str], m: Mapping[str, Any]) -> str:
    covering = set(ids)
    groups = sorted(sorted(w.actor(p) for p in c if p in covering)
                    for c in w.net.components_without_cm if not c.isdisjoint(covering))
    listed = " | ".join(", ".join(g) for g in groups)
    n = len(groups)
    with_cm = bool(w.net.case_managers)  # SPLIT_NETWORK is raised only when the case manager does not hold them
    if w.lang == "fr":
        even = ", même avec le case manager" if with_cm else ""
        return (f"Les intervenants qui couvrent les besoins forment {n} groupes qui ne se parlent pas ({listed}){even} : "
                f"personne ne fait le lien entre eux.")
    even = ", even with the case manager" if with_cm else ""
    return (f"The providers covering the needs form {n} groups that do not talk to each other ({listed}){even}: "
            f"nobody links them.")


def _at_risk(w: _Words, ids: list[str], m: Mapping[str, Any]) -> str:
    (aid,) = ids
    needs = w.needs(sorted(n for n, cov in w.net.cover.items() if aid in cov))
    if w.lang == "fr":
        return (f"{w.actor(aid)} couvre {needs} et risque de décrocher (niveau : {w.exhaustion(aid)}) : "
                f"prévoir un relais dès maintenant.")
    return (f"{w.actor(aid)} covers {needs} and is at risk of dropping out (level: {w.exhaustion(aid)}): "
            f"plan a back-up now.")


def _sole(w: _Words, ids: list[str], m: Mapping[str, Any]) -> str:
    (aid,) = ids
    needs = w.needs(m["sole_providers"][aid])
    if w.lang == "fr":
        return f"{w.actor(aid)} est seul·e à couvrir {needs} : personne ne prend le relais en cas d'absence."
    return f"{w.actor(aid)} is the only one covering {needs}: nobody takes over if they are away."


def _cut(w: _Words, ids: list[str], m: Mapping[str, Any]) -> str:
    (aid,) = ids
    with_cm = bool(w.net.case_managers)
    if w.lang == "fr":
        when = "Une fois le case manager parti, sans" if with_cm else "Sans"
        return f"{when} {w.actor(aid)} le réseau se couperait en morceaux : les liens passent par cet acteur."
    when = " once the case manager has gone" if with_cm else ""
    return f"Without {w.actor(aid)} the network would fall apart{when}: the links go through them."


def _informal_only(w: _Words, ids: list[str], m: Mapping[str, Any]) -> str:
    (nid,) = ids
    who = w.actors(sorted(w.net.cover[nid]))
    if w.lang == "fr":
        return f"Le besoin {w.need(nid)} ne repose que sur l'entourage ({who}), sans aucun professionnel."
    return f"The need {w.need(nid)} rests only on family and friends ({who}), with no professional."


def _exhausted(w: _Words, ids: list[str], m: Mapping[str, Any]) -> str:
    (aid,) = ids
    if w.lang == "fr":
        return f"{w.actor(aid)} s'épuise (niveau : {w.exhaustion(aid)}) : à soutenir avant un décrochage."
    return f"{w.actor(aid)} is wearing out (level: {w.exhaustion(aid)}): support them before they drop out."


def _conflict(w: _Words, ids: list[str], m: Mapping[str, Any]) -> str:
    x, y = ids
    if w.lang == "fr":
        return f"Conflit entre {w.actor(x)} et {w.actor(y)} : à prendre en compte dans la coordination."
    return f"Conflict between {w.actor(x)} and {w.actor(y)}: to take into account in the coordination."


def _siloed(w: _Words, ids: list[str], m: Mapping[str, Any]) -> str:
    (code,) = ids
    if w.lang == "fr":
        return f"Le secteur {w.q(w.sector(code))} ne travaille avec aucun autre secteur autour de la personne."
    return f"The sector {w.q(w.sector(code))} has no tie with any other sector around the person."


def _isolated(w: _Words, ids: list[str], m: Mapping[str, Any]) -> str:
    (aid,) = ids
    if w.lang == "fr":
        return f"{w.actor(aid)} n'est en lien avec aucun autre acteur du réseau."
    return f"{w.actor(aid)} has no tie with anyone else in the network."


_SENTENCES: Mapping[str, Callable[[_Words, list[str], Mapping[str, Any]], str]] = {
    "UNCOVERED_NEED": _uncovered,
    "EXHAUSTED_SOLE_PROVIDER": _exhausted_sole,
    "CM_HOLDS_NETWORK": _cm_holds,
    "SPLIT_NETWORK": _split,
    "AT_RISK_PROVIDER": _at_risk,
    "SOLE_PROVIDER": _sole,
    "CUT_ACTOR": _cut,
    "INFORMAL_ONLY": _informal_only,
    "EXHAUSTED_ACTOR": _exhausted,
    "CONFLICT": _conflict,
    "SILOED_SECTOR": _siloed,
    "ISOLATED_PROVIDER": _isolated,
}


def flag_ids(m: Mapping[str, Any], case_managers: frozenset[str] | set[str],
             covering: frozenset[str] | set[str]) -> list[tuple[str, list[str]]]:
    """Every (code, ids) raised by the measures ``m``, sorted by code then ids.

    ``case_managers`` are the ids of ``CM_HOLDS_NETWORK``; ``covering``, the providers covering
    at least one need, those of ``SPLIT_NETWORK``.
    """
    out: list[tuple[str, list[str]]] = []
    esp = set(m["exhausted_sole_providers"])
    at_risk = [i for i in m["at_risk_providers"] if i not in esp]
    flagged = esp | set(at_risk)  # a provider already flagged high is not flagged again as sole or exhausted
    out += [("UNCOVERED_NEED", [i]) for i in m["uncovered_needs"]]
    out += [("EXHAUSTED_SOLE_PROVIDER", [i]) for i in m["exhausted_sole_providers"]]
    if m["cm_holds_network"]:
        out.append(("CM_HOLDS_NETWORK", sorted(case_managers)))
    elif m["provider_groups"] > 1:
        out.append(("SPLIT_NETWORK", sorted(covering)))
    out += [("AT_RISK_PROVIDER", [i]) for i in at_risk]
    out += [("SOLE_PROVIDER", [i]) for i in m["sole_providers"] if i not in flagged]
    out += [("CUT_ACTOR", [i]) for i in m["cut_actors"]]
    out += [("INFORMAL_ONLY", [i]) for i in m["informal_only_needs"]]
    out += [("EXHAUSTED_ACTOR", [i]) for i in m["exhausted_actors"] if i not in flagged]
    out += [("CONFLICT", list(p)) for p in m["conflicts"]]
    out += [("SILOED_SECTOR", [s]) for s in m["siloed_sectors"]]
    out += [("ISOLATED_PROVIDER", [i]) for i in m["isolated_providers"]]
    out.sort()
    return out


def finding_changes(before: Sequence[Mapping[str, Any]], after: Sequence[Mapping[str, Any]]) -> dict[str, list]:
    """Findings that appear and disappear between two lists of flags, matched by (``code``, ``ids``).

    A finding is *new* only when no finding with the same code and ids existed before, and
    *gone* only when none exists after: a sentence that reads differently (e.g. "once the
    case manager has gone") is not a change (shared/spec/measures.md, *What-if*).

    Parameters
    ----------
    before, after : sequence of flag dicts (as :func:`flags` returns)

    Returns
    -------
    dict
        ``new``: the flags of ``after`` not matched before; ``gone``: the flags of
        ``before`` not matched after; each in its list's order.

    Examples
    --------
    >>> a = [{"code": "CUT_ACTOR", "ids": ["mere"], "en": "Without Mother the network would fall apart."}]
    >>> b = [{"code": "CUT_ACTOR", "ids": ["mere"], "en": "Without Mother the network would fall apart once …"},
    ...      {"code": "SPLIT_NETWORK", "ids": ["gp", "mere"], "en": "…"}]
    >>> [f["code"] for f in finding_changes(a, b)["new"]], finding_changes(a, b)["gone"]
    (['SPLIT_NETWORK'], [])
    """
    keys_before = {(f["code"], tuple(f["ids"])) for f in before}
    keys_after = {(f["code"], tuple(f["ids"])) for f in after}
    return {"new": [f for f in after if (f["code"], tuple(f["ids"])) not in keys_before],
            "gone": [f for f in before if (f["code"], tuple(f["ids"])) not in keys_after]}


def flags(data: Assessment | Network, *, measures: Mapping[str, Any] | None = None,
          taxonomy: Taxonomy | None = None, sentences: bool = True) -> list[dict[str, Any]]:
    """The flags of one assessment, sorted by code then ids.

    Parameters
    ----------
    data : Assessment or Network
    measures : mapping, optional
        The Gaps, Fragility and Intersectoral measures of the same assessment, if already computed.
    taxonomy : Taxonomy, optional
        Names of domains, sectors and exhaustion levels (default: :func:`default_taxonomy`).
    sentences : bool
        Add the ``fr`` and ``en`` sentences (default True).

    Returns
    -------
    list of dict
        ``{"code", "severity", "ids", "fr", "en"}`` (the last two only with ``sentences``).
    """
    net = network(data)
    tax = taxonomy or default_taxonomy()
    m = (measures if measures is not None
         else {**gaps(net, taxonomy=tax), **fragility(net, taxonomy=tax), **intersectoral(net)})
    found = flag_ids(m, net.case_managers, net.covering_providers)
    if not sentences:
        return [{"code": c, "severity": FLAG_SEVERITY[c], "ids": ids} for c, ids in found]
    words = {lang: _Words(net, tax, lang) for lang in ("fr", "en")}
    return [
        {"code": c, "severity": FLAG_SEVERITY[c], "ids": ids,
         "fr": _SENTENCES[c](words["fr"], ids, m), "en": _SENTENCES[c](words["en"], ids, m)}
        for c, ids in found
    ]
