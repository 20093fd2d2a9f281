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
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..model import Assessment
from ..taxonomy import Taxonomy
from .fragility import fragility
from .gaps import gaps
from .graph import Network, network

__all__ = ["BLOCKING", "CRITERIA", "CRITERIA_TEXT", "readiness"]

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

# what each criterion asks, in words, for reports: (fr, en)
CRITERIA_TEXT: Mapping[str, Mapping[str, str]] = {
    "all_needs_covered": {"fr": "chaque besoin est couvert par un intervenant",
                          "en": "every need is covered by a provider"},
    "no_exhausted_sole_provider": {"fr": "aucun besoin ne repose sur un seul intervenant épuisé",
                                   "en": "no need rests on a single exhausted provider"},
    "holds_without_cm": {"fr": "les intervenants restent reliés entre eux sans le case manager",
                         "en": "the providers stay linked to each other without the case manager"},
    "plan_owned": {"fr": "chaque action à faire a un porteur autre que le case manager et une échéance",
                   "en": "every action still to do has an owner other than the case manager and a due date"},
    "consent": {"fr": "la personne a donné son accord (ou il n'est pas requis)",
                "en": "the person has consented (or consent is not required)"},
    "referent_named": {"fr": "un référent est désigné parmi les intervenants",
                       "en": "a referent is named among the providers"},
    "redundancy": {"fr": "aucun besoin ne repose sur un seul intervenant",
                   "en": "no need rests on a single provider"},
    "no_conflict": {"fr": "aucun conflit dans le réseau", "en": "no conflict in the network"},
    "several_providers": {"fr": "au moins deux intervenants", "en": "at least two providers"},
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
    m = measures if measures is not None else {**gaps(net, taxonomy=taxonomy), **fragility(net)}
    covering = net.covering_providers
    passed = {
        "all_needs_covered": not m["uncovered_needs"],
        "no_exhausted_sole_provider": not m["exhausted_sole_providers"],
        "holds_without_cm": not m["cm_holds_network"] and net.in_one_component(covering, without_cm=True),
        "plan_owned": all(
            x.owner is not None and not _is_case_manager(net, x.owner) and x.due is not None
            for x in net.assessment.actions if x.status == "todo"
        ),
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


def _is_case_manager(net: Network, actor_id: str) -> bool:
    """An owner is a case manager when the assessment lists it as one (active or not)."""
    a = net.assessment.actor(actor_id)
    return bool(a and a.case_manager)
