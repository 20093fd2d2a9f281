"""Every measure of one assessment in the spec's machine-readable shape; the what-if.

:func:`evaluate` gives the object ``netmap assess --json`` prints for one situation
(shared/spec/measures.md, *Machine-readable output*); :func:`without` the same object
with some actors made inactive (*What-if*).

Examples
--------
>>> from netmap.model import Actor, Assessment, Need
>>> import datetime as dt
>>> a = Assessment(date=dt.date(2024, 1, 1), actors=(Actor("gp", "Dr G.", True, "primary_care"),),
...                needs=(Need("n1", "physical_health", covered_by=("gp",)),))
>>> out = measure_assessment(a, consent="given")
>>> list(out), out["fragility"], out["readiness"]["ready"]
(['measures', 'readiness', 'flags', 'fragility'], 'medium', True)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from ..errors import UsageError
from ..model import Assessment, Situation
from ..taxonomy import Taxonomy, default_taxonomy
from .flags import finding_changes, fragility_level
from .flags import flags as _flags
from .fragility import FRAGILITY_KEYS, fragility
from .gaps import GAPS_KEYS, gaps
from .graph import Network, network
from .intersectoral import INTERSECTORAL_KEYS, intersectoral
from .readiness import readiness

__all__ = ["MEASURE_KEYS", "evaluate", "measure_assessment", "measures", "what_if", "without"]

MEASURE_KEYS = GAPS_KEYS + FRAGILITY_KEYS + INTERSECTORAL_KEYS


def measures(data: Assessment | Network, *, taxonomy: Taxonomy | None = None) -> dict[str, Any]:
    """Every key of the Gaps, Fragility and Intersectoral tables, in the spec's order.

    Parameters
    ----------
    data : Assessment or Network
    taxonomy : Taxonomy, optional

    Returns
    -------
    dict
    """
    net = network(data)
    return {**gaps(net, taxonomy=taxonomy), **fragility(net, taxonomy=taxonomy), **intersectoral(net)}


def measure_assessment(assessment: Assessment | Network, *, consent: str, taxonomy: Taxonomy | None = None,
                       sentences: bool = True) -> dict[str, Any]:
    """Measures, readiness, flags and fragility level of one assessment.

    Parameters
    ----------
    assessment : Assessment or Network
    consent : str
        The person's consent (a readiness criterion).
    taxonomy : Taxonomy, optional
    sentences : bool
        Give each flag its ``fr`` and ``en`` sentence (default True).

    Returns
    -------
    dict
        ``{"measures", "readiness", "flags", "fragility"}``.
    """
    tax = taxonomy or default_taxonomy()
    net = network(assessment)
    m = measures(net, taxonomy=tax)
    found = _flags(net, measures=m, taxonomy=tax, sentences=sentences)
    return {
        "measures": m,
        "readiness": readiness(net, consent=consent, measures=m, taxonomy=tax),
        "flags": found,
        "fragility": fragility_level(found),
    }


def evaluate(situation: Situation, at: dt.date | None = None, *, without: Iterable[str] = (),
             assessment: Assessment | None = None, taxonomy: Taxonomy | None = None,
             sentences: bool = True) -> dict[str, Any] | None:
    """The machine-readable object of one situation at one assessment.

    Parameters
    ----------
    situation : Situation
    at : datetime.date, optional
        Use the latest assessment dated on or before ``at`` (default: the latest).
    without : iterable of str
        Actor ids to make inactive first (what-if); ids absent from the assessment are ignored.
    assessment : Assessment, optional
        Use this assessment instead of picking one by date.
    taxonomy : Taxonomy, optional
    sentences : bool
        Give each flag its ``fr`` and ``en`` sentence (default True).

    Returns
    -------
    dict or None
        ``{"situation", "assessment", "measures", "readiness", "flags", "fragility"}``, or
        None when the situation has no assessment on or before ``at``.
    """
    chosen = assessment if assessment is not None else situation.assessment_at(at)
    if chosen is None:
        return None
    gone = list(without)
    if gone:
        chosen = chosen.without(gone)
    out = measure_assessment(chosen, consent=situation.person.consent, taxonomy=taxonomy, sentences=sentences)
    return {"situation": situation.id, "assessment": chosen.date.isoformat(), **out}


def without(situation: Situation, actor_ids: Iterable[str], at: dt.date | None = None, *,
            taxonomy: Taxonomy | None = None) -> dict[str, Any]:
    """What if these actors were no longer there: :func:`evaluate` with them made inactive.

    Parameters
    ----------
    situation : Situation
    actor_ids : iterable of str
        Ids of actors of the assessment.
    at : datetime.date, optional

    Returns
    -------
    dict
        As :func:`evaluate`.

    Raises
    ------
    UsageError
        When the situation has no assessment on or before ``at``, or an id is not an actor of it.
    """
    gone = _assessment_without(situation, actor_ids, at)
    out = measure_assessment(gone, consent=situation.person.consent, taxonomy=taxonomy)
    return {"situation": situation.id, "assessment": gone.date.isoformat(), **out}


def _assessment_without(situation: Situation, actor_ids: Iterable[str], at: dt.date | None) -> Assessment:
    chosen = situation.assessment_at(at)
    if chosen is None:
        raise UsageError("this situation has no assessment on or before the date given")
    ids = list(actor_ids)
    known = {a.id for a in chosen.actors}
    unknown = sum(1 for i in ids if i not in known)
    if unknown:
        raise UsageError(f"{unknown} of the actor ids to remove {'is' if unknown == 1 else 'are'} not an actor "
                         f"of the assessment of {chosen.date.isoformat()}")
    return chosen.without(ids)


def what_if(situation: Situation, actor_ids: Iterable[str], at: dt.date | None = None, *,
            taxonomy: Taxonomy | None = None) -> dict[str, Any]:
    """Before and after removing some actors, with the findings that the removal brings and lifts.

    Findings are matched by (``code``, ``ids``) (shared/spec/measures.md, *What-if*): a
    finding is *new* only when no finding with the same code and ids existed before, *gone*
    only when none exists after; a sentence worded differently is not a change.

    Parameters
    ----------
    situation : Situation
    actor_ids : iterable of str
        Ids of actors of the assessment ("what if the mother can no longer cope").
    at : datetime.date, optional
        The latest assessment on or before ``at`` (default: the latest).
    taxonomy : Taxonomy, optional

    Returns
    -------
    dict
        ``situation``, ``assessment`` (ISO date), ``without`` (the ids, sorted), ``before`` and
        ``after`` (each as :func:`evaluate`), ``findings``: ``{"new": [...], "gone": [...]}``.

    Raises
    ------
    UsageError
        As :func:`without`.

    Examples
    --------
    >>> from netmap.model import Actor, Assessment, Need, Person, Situation, Tie
    >>> a = Assessment(date=dt.date(2024, 1, 1),
    ...                actors=(Actor("cm", "CM", True, "social_work", case_manager=True),
    ...                        Actor("gp", "GP", True, "primary_care"), Actor("ais", "AIS", True, "housing")),
    ...                ties=(Tie("cm", "gp", "coordination"), Tie("cm", "ais", "coordination")),
    ...                needs=(Need("n1", "physical_health", covered_by=("gp",)),
    ...                       Need("n2", "housing", covered_by=("ais",))))
    >>> s = Situation("S-1", "brusano-cm", Person("bruxelles", "own_home", "expressed", "given"),
    ...               dt.date(2024, 1, 1), "open", opened=dt.date(2024, 1, 1), assessments=(a,))
    >>> w = what_if(s, ["cm"])
    >>> w["before"]["fragility"], w["after"]["fragility"]
    ('high', 'high')
    >>> [f["code"] for f in w["findings"]["gone"]], sorted({f["code"] for f in w["findings"]["new"]})
    (['CM_HOLDS_NETWORK'], ['ISOLATED_PROVIDER', 'SILOED_SECTOR', 'SPLIT_NETWORK'])
    """
    tax = taxonomy or default_taxonomy()
    gone = _assessment_without(situation, actor_ids, at)
    chosen = situation.assessment_at(at)
    before = evaluate(situation, assessment=chosen, taxonomy=tax)
    after = evaluate(situation, assessment=gone, taxonomy=tax)
    assert before is not None and after is not None  # _assessment_without found the assessment
    return {"situation": situation.id, "assessment": gone.date.isoformat(), "without": sorted(set(actor_ids)),
            "before": before, "after": after, "findings": finding_changes(before["flags"], after["flags"])}
