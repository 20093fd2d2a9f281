"""Withdrawal readiness: can the case manager step back without the network falling apart?

Nine criteria, five of them blocking (shared/spec/measures.md, *Withdrawal readiness*).
``ready`` is true when every blocking criterion passes.

Examples
--------
>>> from netmap.model import Actor, Assessment, Need
>>> import datetime as dt
>>> a = Assessment(date=dt.date(2024, 1, 1),
...                actors=(Actor("gp", "GP", True, "primary_care", referent=True),),
...                needs=(Need("n1", "physical_health", covered_by=("gp",)),))
>>> r = readiness(a, consent="given")
>>> r["ready"], r["score"], r["blocking_failures"]
(True, 0.778, [])
>>> failure_texts(a, r, consent="given", lang="en")
{'redundancy': 'a need rests on a single provider: “Physical health” (GP)', 'several_providers': 'only one provider'}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..i18n import LANGS, N_, Nn_, translator
from ..model import PERSON, Assessment
from ..taxonomy import Taxonomy, default_taxonomy
from .fragility import fragility
from .gaps import gaps
from .graph import Network, network

__all__ = ["BLOCKING", "CRITERIA", "CRITERIA_TEXT", "failure_texts", "readiness"]

# (key, blocking) in the order of the spec's table
CRITERIA = (
    ("all_needs_covered", True),
    ("no_exhausted_sole_provider", True),
    ("holds_without_cm", True),
    ("plan_owned", True),
    ("consent", True),
    ("referent_named", False),
    ("redundancy", False),
    ("no_conflict", False),
    ("several_providers", False),
)
BLOCKING = tuple(k for k, b in CRITERIA if b)

# what each criterion asks, in words, for reports (from the catalogs of netmap.i18n)
_CRITERIA_IDS: Mapping[str, str] = {
    "all_needs_covered": N_("every need is covered by a provider"),
    "no_exhausted_sole_provider": N_("no need rests on a single exhausted provider"),
    "holds_without_cm": N_("the providers stay linked to each other without the case manager"),
    "plan_owned": N_("every action still to do has a due date and an owner who can act (the person or an "
                     "active provider, not the case manager)"),
    "consent": N_("the person has consented (or consent is not required)"),
    "referent_named": N_("a referent is named among the providers"),
    "redundancy": N_("no need rests on a single provider"),
    "no_conflict": N_("no conflict in the network"),
    "several_providers": N_("at least two providers"),
}
#: criterion -> {lang: what it asks}, in every language of netmap
CRITERIA_TEXT: Mapping[str, Mapping[str, str]] = {
    key: {lang: translator(lang)(msgid) for lang in LANGS} for key, msgid in _CRITERIA_IDS.items()
}


def readiness(data: Assessment | Network, *, consent: str, measures: Mapping[str, Any] | None = None,
              taxonomy: Taxonomy | None = None) -> dict[str, Any]:
    """The withdrawal-readiness criteria of one assessment.

    Parameters
    ----------
    data : Assessment or Network
    consent : str
        The person's ``consent`` (``given``, ``refused``, ``pending``, ``not_required``).
    measures : mapping, optional
        The Gaps and Fragility measures of the same assessment, if already computed.
    taxonomy : Taxonomy, optional
        Used only when ``measures`` is not given.

    Returns
    -------
    dict
        ``ready`` (bool), ``score`` (passed criteria / 9, 3 decimals), ``criteria``
        (key → ``"pass"``/``"fail"`` in the spec's order), ``blocking_failures`` (failing
        blocking criteria in that order).
    """
    net = network(data)
    m = measures if measures is not None else {**gaps(net, taxonomy=taxonomy), **fragility(net, taxonomy=taxonomy)}
    covering = net.covering_providers
    passed = {
        "all_needs_covered": not m["uncovered_needs"],
        "no_exhausted_sole_provider": not m["exhausted_sole_providers"],
        "holds_without_cm": not m["cm_holds_network"] and net.in_one_component(covering, without_cm=True),
        "plan_owned": not _plan_faults(net),
        "consent": consent in ("given", "not_required"),
        "referent_named": any(net.actors[p].referent for p in net.providers),
        "redundancy": not m["thin_needs"],
        "no_conflict": not m["conflicts"],
        "several_providers": len(net.providers) >= 2,
    }
    criteria = {k: "pass" if passed[k] else "fail" for k, _ in CRITERIA}
    failures = [k for k in BLOCKING if not passed[k]]
    return {
        "ready": not failures,
        "score": round(sum(passed.values()) / len(CRITERIA), 3),
        "criteria": criteria,
        "blocking_failures": failures,
    }


def _plan_faults(net: Network) -> dict[str, int]:
    """What keeps the plan from being owned: counts of open actions by fault (empty when it is owned).

    An open (``todo``) action needs a ``due`` date and an owner who can act: the person, or
    an active provider. Its owner fails when null (``no_owner``), a case manager
    (``cm_owner``) or an actor no longer active or not in the assessment (``inactive_owner``).
    """
    faults: dict[str, int] = {}
    for x in net.assessment.actions:
        if x.status != "todo":
            continue
        if x.owner is None:
            fault = "no_owner"
        elif x.owner == PERSON or x.owner in net.providers:
            fault = None
        elif x.owner in net.case_managers or _is_case_manager(net, x.owner):
            fault = "cm_owner"
        else:
            fault = "inactive_owner"
        if fault:
            faults[fault] = faults.get(fault, 0) + 1
        if x.due is None:
            faults["no_due"] = faults.get("no_due", 0) + 1
    return faults


def _is_case_manager(net: Network, actor_id: str) -> bool:
    """An owner is a case manager when the assessment lists it as one (active or not)."""
    a = net.assessment.actor(actor_id)
    return bool(a and a.case_manager)


# the sentence that says what fails, for each criterion with a count: (singular, plural) by the catalogs
_FAILURE: Mapping[str, tuple[str, str]] = {
    "all_needs_covered": Nn_("a need is covered by nobody: {items}", "{n} needs are covered by nobody: {items}"),
    "no_exhausted_sole_provider": Nn_("an exhausted provider is the only one covering a need: {items}", "{n} exhausted providers are each the only one covering a need: {items}"),
    "plan_owned": Nn_("an action still to do has no owner who can act or no due date: {items}", "{n} actions still to do have no owner who can act or no due date: {items}"),
    "redundancy": Nn_("a need rests on a single provider: {items}", "{n} needs each rest on a single provider: {items}"),
    "no_conflict": Nn_("a conflict in the network: {items}", "{n} conflicts in the network: {items}"),
}

_PLAN_FAULTS: Mapping[str, tuple[str, str]] = {
    "no_owner": Nn_("{n} with no owner", "{n} with no owner"),
    "cm_owner": Nn_("{n} left to the case manager", "{n} left to the case manager"),
    "inactive_owner": Nn_("{n} owned by an actor no longer involved", "{n} owned by actors no longer involved"),
    "no_due": Nn_("{n} with no due date", "{n} with no due date"),
}

_CONSENT = {"refused": N_("refused"), "pending": N_("pending")}


def failure_texts(data: Assessment | Network, result: Mapping[str, Any], *, consent: str | None,
                  measures: Mapping[str, Any] | None = None, taxonomy: Taxonomy | None = None,
                  lang: str = "fr") -> dict[str, str]:
    """What fails, in words, for each failing criterion: what reports and the dashboard show under "what blocks".

    Each sentence names the cause ("un besoin n'est couvert par personne : « Logement »",
    "les intervenants forment 3 groupes qui ne se parlent pas : …"), never the text of the
    criterion that would pass. Built only from actor labels and taxonomy names.

    Parameters
    ----------
    data : Assessment or Network
        The assessment measured (with a what-if applied, if any).
    result : mapping
        Its :func:`readiness` object.
    consent : str or None
        The person's consent, named in the sentence when it fails (None: not named).
    measures : mapping, optional
        The Gaps and Fragility measures of the same assessment, if already computed.
    taxonomy : Taxonomy, optional
    lang : {"fr", "nl", "en"}

    Returns
    -------
    dict
        Failing criterion key → sentence (lower-case start), in the order of :data:`CRITERIA`.
    """
    net = network(data)
    tax = taxonomy or default_taxonomy()
    _ = translator(lang)
    m = measures if measures is not None else {**gaps(net, taxonomy=tax), **fragility(net, taxonomy=tax)}
    domain = {n.id: _("“{text}”", text=tax.domain_label(n.domain, lang)) for n in net.assessment.needs}

    def actor(i: str) -> str:
        if i == PERSON:
            return _("the person")
        a = net.assessment.actor(i)
        return a.label if a else i

    def join(items: list[str]) -> str:
        return _("; ").join(items)  # the separator of a list of items: " ; " in French

    def sole_items(ids: list[str]) -> list[str]:
        return [f"{actor(p)} ({', '.join(domain[n] for n in m['sole_providers'][p])})" for p in ids]

    out: dict[str, str] = {}
    for key, _blocking in CRITERIA:
        if result["criteria"][key] != "fail":
            continue
        items: list[str] = []
        if key == "all_needs_covered":
            items = [domain[n] for n in m["uncovered_needs"]]
        elif key == "no_exhausted_sole_provider":
            items = sole_items(m["exhausted_sole_providers"])
        elif key == "holds_without_cm":
            groups = [sorted(actor(p) for p in c if p in net.covering_providers)
                      for c in net.components_without_cm if not c.isdisjoint(net.covering_providers)]
            items = [", ".join(g) for g in sorted(groups)]
            # the first sentence when the case manager is what holds them together, the second when they are
            # split even with the case manager (or there is none)
            if m["cm_holds_network"]:
                out[key] = _("without the case manager, the providers form {n} groups that do not talk to each "
                             "other: {items}", n=len(items), items=join(items))
            else:
                out[key] = _("the providers form {n} groups that do not talk to each other: {items}",
                             n=len(items), items=join(items))
            continue
        elif key == "plan_owned":
            faults = _plan_faults(net)
            n_actions = sum(1 for x in net.assessment.actions if x.status == "todo" and _fails(net, x))
            items = [_.ngettext(*_PLAN_FAULTS[f], faults[f]) for f in _PLAN_FAULTS if f in faults]
            out[key] = _.ngettext(*_FAILURE[key], n_actions, items=", ".join(items))
            continue
        elif key == "consent":
            out[key] = (_("the person's consent is not given: {items}", items=_(_CONSENT[consent]))
                        if consent in _CONSENT else _("the person's consent is not given"))
            continue
        elif key == "redundancy":
            cover = net.cover
            items = [f"{domain[n]} ({actor(next(iter(cover[n])))})" for n in m["thin_needs"]]
        elif key == "no_conflict":
            items = [f"{actor(x)} – {actor(y)}" for x, y in m["conflicts"]]
        elif key == "several_providers":
            out[key] = _("only one provider") if len(net.providers) == 1 else _("no provider at all")
            continue
        elif key == "referent_named":
            out[key] = _("no referent is named among the providers")
            continue
        out[key] = _.ngettext(*_FAILURE[key], len(items), items=join(items))
    return out


def _fails(net: Network, x: Any) -> bool:
    """Whether one open action keeps the plan from being owned."""
    return x.due is None or not (x.owner == PERSON or x.owner in net.providers)
