"""Flags: the findings of one assessment, each with a sentence in French and in English (or Dutch).

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
>>> flags(a, langs=("nl",))[1]["nl"]
'De nood ‘Huisvesting’ wordt door niemand gedekt; geen enkele actor van de sector ‘Wonen & dakloosheid’ is betrokken.'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..i18n import LANGS, N_, translator
from ..model import PERSON, Assessment
from ..taxonomy import Taxonomy, default_taxonomy
from .fragility import fragility
from .gaps import gaps
from .graph import Network, network
from .intersectoral import intersectoral

__all__ = ["FLAG_NAMES", "FLAG_SEVERITY", "LEVELS", "finding_changes", "flag_ids", "flag_name", "flags",
           "fragility_level", "sentence_of"]

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
# (docs/glossaire.md), from the catalogs of netmap.i18n
_FLAG_NAME_IDS: Mapping[str, str] = {
    "UNCOVERED_NEED": N_("Uncovered need"),
    "EXHAUSTED_SOLE_PROVIDER": N_("Exhausted sole provider"),
    "CM_HOLDS_NETWORK": N_("The case manager holds the network"),
    "SPLIT_NETWORK": N_("Providers split into groups"),
    "AT_RISK_PROVIDER": N_("Provider at risk of dropping out"),
    "SOLE_PROVIDER": N_("Sole provider of a need"),
    "CUT_ACTOR": N_("Cut actor"),
    "INFORMAL_ONLY": N_("Need covered by informal carers only"),
    "EXHAUSTED_ACTOR": N_("Exhausted actor"),
    "CONFLICT": N_("Conflict"),
    "SILOED_SECTOR": N_("Siloed sector"),
    "ISOLATED_PROVIDER": N_("Isolated provider"),
}
#: code -> {lang: short name}, in every language of netmap
FLAG_NAMES: Mapping[str, Mapping[str, str]] = {
    code: {lang: translator(lang)(msgid) for lang in LANGS} for code, msgid in _FLAG_NAME_IDS.items()
}


def flag_name(code: str, lang: str = "fr") -> str:
    """The short name of a finding in ``lang``.

    >>> flag_name("CUT_ACTOR"), flag_name("CUT_ACTOR", "nl"), flag_name("CUT_ACTOR", "en")
    ('Acteur charnière', 'Scharnieractor', 'Cut actor')
    """
    return translator(lang)(_FLAG_NAME_IDS[code])


def fragility_level(found: Sequence[Mapping[str, Any]]) -> str:
    """``high`` if any high flag, else ``medium`` if any medium flag, else ``low`` if any, else ``none``."""
    severities = {f["severity"] for f in found}
    return next((lv for lv in LEVELS[:-1] if lv in severities), "none")


class _Words:
    """Names of needs, actors and sectors of one network in one language."""

    def __init__(self, net: Network, tax: Taxonomy, lang: str):
        self.net, self.tax, self.lang = net, tax, lang
        self._ = translator(lang)
        self.domain = {n.id: n.domain for n in net.assessment.needs}
        self._need_names: dict[str, str] = {}

    def q(self, text: str) -> str:
        return self._("“{text}”", text=text)

    def need(self, nid: str) -> str:
        name = self._need_names.get(nid)
        if name is None:
            name = self._need_names[nid] = self.q(self.tax.domain_label(self.domain[nid], self.lang))
        return name

    def needs(self, nids: list[str]) -> str:
        return self._.ngettext("the need {names}", "the needs {names}", len(nids),
                               names=self.join([self.need(n) for n in nids]))

    def actor(self, aid: str) -> str:
        if aid == PERSON:
            return self._("the person")
        a = self.net.actors.get(aid) or self.net.assessment.actor(aid)
        return a.label if a else aid

    def actors(self, ids: list[str] | tuple[str, ...]) -> str:
        return self.join(sorted(self.actor(a) for a in ids))

    def sector(self, code: str) -> str:
        return self.tax.sector_label(code, self.lang)

    def exhaustion(self, aid: str) -> str:
        return self.tax.exhaustion_label(self.net.actors[aid].exhaustion, self.lang).lower()

    def join(self, items: list[str]) -> str:
        if len(items) == 1:
            return items[0]
        return self._("{items} and {last}", items=", ".join(items[:-1]), last=items[-1])


def _uncovered(w: _Words, ids: list[str], m: Mapping[str, Any]) -> str:
    (nid,) = ids
    dom = w.tax.domains.get(w.domain[nid])
    missing = dom.primary_sector if dom and dom.primary_sector in m["missing_sectors"] else None
    tail = w._("; no actor of the sector “{sector}” is involved", sector=w.sector(missing)) if missing else ""
    return w._("The need {need} is not covered by anyone{tail}.", need=w.need(nid), tail=tail)


def _exhausted_sole(w: _Words, ids: list[str], m: Mapping[str, Any]) -> str:
    (aid,) = ids
    return w._("{actor} is the only one covering {needs} and is wearing out (level: {level}): "
               "if they give up, nobody takes over.",
               actor=w.actor(aid), needs=w.needs(m["sole_providers"][aid]), level=w.exhaustion(aid))


def _cm_holds(w: _Words, ids: list[str], m: Mapping[str, Any]) -> str:
    return w._("The case manager ({who}) is what holds this network together: without them the providers "
               "are no longer linked to each other. Not ready to withdraw.", who=w.actors(ids))


def _split(w: _Words, ids: list[str], m: Mapping[str, Any]) -> str:
    covering = set(ids)
    groups = sorted(sorted(w.actor(p) for p in c if p in covering)
                    for c in w.net.components_without_cm if not c.isdisjoint(covering))
    listed = " | ".join(", ".join(g) for g in groups)
    if w.net.case_managers:  # SPLIT_NETWORK is raised only when the case manager does not hold them
        return w._("The providers covering the needs form {n} groups that do not talk to each other ({listed}), "
                   "even with the case manager: nobody links them.", n=len(groups), listed=listed)
    return w._("The providers covering the needs form {n} groups that do not talk to each other ({listed}): "
               "nobody links them.", n=len(groups), listed=listed)


def _at_risk(w: _Words, ids: list[str], m: Mapping[str, Any]) -> str:
    (aid,) = ids
    needs = w.needs(sorted(n for n, cov in w.net.cover.items() if aid in cov))
    return w._("{actor} covers {needs} and is at risk of dropping out (level: {level}): plan a back-up now.",
               actor=w.actor(aid), needs=needs, level=w.exhaustion(aid))


def _sole(w: _Words, ids: list[str], m: Mapping[str, Any]) -> str:
    (aid,) = ids
    return w._("{actor} is the only one covering {needs}: nobody takes over if they are away.",
               actor=w.actor(aid), needs=w.needs(m["sole_providers"][aid]))


def _cut(w: _Words, ids: list[str], m: Mapping[str, Any]) -> str:
    (aid,) = ids
    if w.net.case_managers:
        return w._("Without {actor} the network would fall apart once the case manager has gone: "
                   "the links go through them.", actor=w.actor(aid))
    return w._("Without {actor} the network would fall apart: the links go through them.", actor=w.actor(aid))


def _informal_only(w: _Words, ids: list[str], m: Mapping[str, Any]) -> str:
    (nid,) = ids
    return w._("The need {need} rests only on family and friends ({who}), with no professional.",
               need=w.need(nid), who=w.actors(sorted(w.net.cover[nid])))


def _exhausted(w: _Words, ids: list[str], m: Mapping[str, Any]) -> str:
    (aid,) = ids
    return w._("{actor} is wearing out (level: {level}): support them before they drop out.",
               actor=w.actor(aid), level=w.exhaustion(aid))


def _conflict(w: _Words, ids: list[str], m: Mapping[str, Any]) -> str:
    x, y = ids
    return w._("Conflict between {a} and {b}: to take into account in the coordination.",
               a=w.actor(x), b=w.actor(y))


def _siloed(w: _Words, ids: list[str], m: Mapping[str, Any]) -> str:
    (code,) = ids
    return w._("The sector {sector} has no tie with any other sector around the person.",
               sector=w.q(w.sector(code)))


def _isolated(w: _Words, ids: list[str], m: Mapping[str, Any]) -> str:
    (aid,) = ids
    return w._("{actor} has no tie with anyone else in the network.", actor=w.actor(aid))


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
          taxonomy: Taxonomy | None = None, sentences: bool = True,
          langs: Sequence[str] = ("fr", "en")) -> list[dict[str, Any]]:
    """The flags of one assessment, sorted by code then ids.

    Parameters
    ----------
    data : Assessment or Network
    measures : mapping, optional
        The Gaps, Fragility and Intersectoral measures of the same assessment, if already computed.
    taxonomy : Taxonomy, optional
        Names of domains, sectors and exhaustion levels (default: :func:`default_taxonomy`).
    sentences : bool
        Add a sentence in each language of ``langs`` (default True).
    langs : sequence of str
        The languages of the sentences, each a key of the flag: ``fr`` and ``en`` by default (the
        JSON of the measures specification); ``("nl",)`` for a Dutch report.

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
    words = [(lang, _Words(net, tax, lang)) for lang in langs]
    return [
        {"code": c, "severity": FLAG_SEVERITY[c], "ids": ids, **{lang: _SENTENCES[c](w, ids, m) for lang, w in words}}
        for c, ids in found
    ]


def sentence_of(data: Assessment | Network, result: Mapping[str, Any], lang: str,
                taxonomy: Taxonomy | None = None) -> Callable[[Mapping[str, Any]], str]:
    """A function giving each flag of ``result`` (an evaluation) its sentence in ``lang``: the one the
    flag carries (``fr``, ``en``), else worded now from ``data`` (e.g. Dutch)."""
    if all(lang in f for f in result["flags"]):
        return lambda f: f[lang]
    worded = {(f["code"], tuple(f["ids"])): f[lang]
              for f in flags(data, measures=result["measures"], taxonomy=taxonomy, langs=(lang,))}
    return lambda f: f[lang] if lang in f else worded[(f["code"], tuple(f["ids"]))]
