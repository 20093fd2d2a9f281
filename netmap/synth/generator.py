"""Synthetic situations: the services of the directory over 2018–2025, with saturation, as canonical data.

:func:`generate` draws ``n`` requests over a fixed reference period, lets each service
accept them while it has room (its capacity) and refuse them when saturated, then builds
each situation (person, dated assessments that improve or worsen, meetings, emergency
funding) and validates it through :func:`netmap.io.canonical.situation_from_dict`.
The same ``(n, seed)`` always gives the same situations, byte for byte once written:
every draw comes from one ``random.Random(seed)`` in a fixed order, and nothing depends
on today's date.

Examples
--------
>>> sits = generate(20, seed=1)
>>> len(sits), sits == generate(20, seed=1)
(20, True)
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..io.canonical import situation_from_dict
from ..model import FORMAT, Situation
from ..taxonomy import Taxonomy, default_taxonomy
from .network import Network, OrgPool, pick
from .profiles import PROFILES, Profile
from .vocab import COMMUNES, FUNDS, SERVICE_SHORT

__all__ = ["END", "START", "generate", "generate_dicts", "iter_situations"]

START = dt.date(2018, 1, 1)  # first request of the reference period
END = dt.date(2025, 12, 31)  # the period's end: situations still followed then are "open"
_SPAN = (END - START).days
_YEARS = _SPAN / 365.25
_ACCEPT = 0.85  # share of requests a service with room accepts (used to size capacities)
_ID_PREFIX = {"bru-stars-cm": "BRS", "dune-liaison": "DUN", "brusano-cm": "BSN", "mobile-107-precarite": "M107",
              "kirikou-cm": "KIR"}
_KIRIKOU_MAX = 130  # about what a 14-place service receives in eight years


@dataclass
class _Request:
    seq: int
    profile: Profile
    service: str
    requested: dt.date
    outcome: str = "pending"
    opened: dt.date | None = None
    end: dt.date | None = None  # planned end of follow-up (may lie after END: still open)
    trajectory: str = "mixed"


def _allocate(n: int) -> list[Profile]:
    """Exactly ``n`` profiles in proportion to their weights (largest remainder); Kirikou's public capped."""
    total = sum(p.weight for p in PROFILES)
    raw = [n * p.weight / total for p in PROFILES]
    counts = [math.floor(x) for x in raw]
    order = sorted(range(len(PROFILES)), key=lambda i: (-(raw[i] - counts[i]), i))
    for i in order[: n - sum(counts)]:
        counts[i] += 1
    keys = [p.key for p in PROFILES]
    k, b = keys.index("youth_namur"), keys.index("youth_bxl")
    if counts[k] > _KIRIKOU_MAX:
        counts[b] += counts[k] - _KIRIKOU_MAX
        counts[k] = _KIRIKOU_MAX
    out: list[Profile] = []
    for p, c in zip(PROFILES, counts, strict=True):
        out.extend([p] * c)
    return out


def _triangular(rng: random.Random, lo_mode_hi: tuple[int, int, int]) -> float:
    lo, mode, hi = lo_mode_hi
    return rng.triangular(lo, hi, mode)


def _network_size(rng: random.Random, lo_mode_hi: tuple[int, int, int]) -> int:
    """Actors in a network: most near the mode, a long tail of large networks up to the high end."""
    lo, mode, hi = lo_mode_hi
    if rng.random() < 0.85:
        return round(rng.triangular(lo, min(hi, 2 * mode - lo + 2), mode))
    return round(rng.triangular(mode, hi, mode + (hi - mode) / 2))


def _capacities(requests: list[_Request], tax: Taxonomy) -> dict[str, int]:
    """Directory capacity where known; otherwise sized from the expected load so that peaks saturate."""
    caps: dict[str, int] = {}
    for service in sorted({r.service for r in requests}):
        cap = tax.capacity(service)
        if cap is None:
            mine = [r for r in requests if r.service == service]
            months = sum(sum(r.profile.months) / 3 for r in mine) / len(mine)
            load = len(mine) / _YEARS * _ACCEPT * months / 12
            cap = max(4, round(load * 0.9))
        caps[service] = cap
    return caps


def _decide(rng: random.Random, requests: list[_Request], caps: dict[str, int]) -> None:
    """Lifecycle: accept while the service has room, refuse for saturation when it has none."""
    # planned ends of the follow-ups under way, a heap per service (requests come in date order)
    taken: dict[str, list[dt.date]] = {s: [] for s in caps}
    for r in requests:
        ends = taken[r.service]
        while ends and ends[0] <= r.requested:
            heapq.heappop(ends)
        full = len(ends) >= caps[r.service]
        near_end = (END - r.requested).days
        grey = r.profile.grey
        if full:
            r.outcome = pick(rng, (("refused_saturation", 0.85), ("redirected", 0.1), ("pending", 0.05)) if not grey
                             else (("refused_saturation", 0.5), ("refused_criteria", 0.3), ("redirected", 0.2)))
        elif near_end < 21:
            r.outcome = "pending"
        else:
            r.outcome = pick(rng, (("open", 0.9), ("refused_criteria", 0.04), ("redirected", 0.06)) if not grey
                             else (("open", 0.35), ("refused_criteria", 0.35), ("redirected", 0.3)))
        if r.outcome != "open":
            continue
        opened = r.requested + dt.timedelta(days=round(rng.triangular(1, 40, 10)))
        if opened > END:
            r.outcome = "pending"
            continue
        r.opened = opened
        r.end = opened + dt.timedelta(days=round(_triangular(rng, r.profile.months) * 30.44))
        r.trajectory = pick(rng, (("improving", 0.5), ("mixed", 0.3), ("worsening", 0.2)))
        heapq.heappush(ends, r.end)
        if r.end <= END:
            r.outcome = pick(rng, {
                "improving": (("closed_stabilised", 0.8), ("closed_other", 0.1), ("closed_interrupted", 0.1)),
                "mixed": (("closed_stabilised", 0.5), ("closed_interrupted", 0.3), ("closed_other", 0.2)),
                "worsening": (("closed_interrupted", 0.6), ("closed_other", 0.25), ("closed_stabilised", 0.15)),
            }[r.trajectory])


_LANGS_BXL = ((("fr",), 0.6), (("nl",), 0.1), (("fr", "nl"), 0.08), (("ar", "fr"), 0.08), (("fr", "en"), 0.03),
              ((), 0.04), (("pt", "fr"), 0.03), (("ro",), 0.02), (("pl", "fr"), 0.02))
_LANGS_WAL = ((("fr",), 0.88), (("ar", "fr"), 0.05), (("it", "fr"), 0.04), ((), 0.03))


def _person(rng: random.Random, r: _Request) -> dict[str, Any]:
    p = r.profile
    age: int | None = round(_triangular(rng, p.ages))
    if p.unknown_age and rng.random() < p.unknown_age:
        age = None  # e.g. not known at a low-threshold desk
    region = pick(rng, p.regions)
    gender = pick(rng, p.genders)
    insured = True if rng.random() < p.insured else pick(rng, ((False, 0.7), (None, 0.3)))
    opened = r.opened is not None
    if opened and age is not None and age < 18 and rng.random() < p.minor_consent_free:
        consent = "not_required"
    elif opened:
        consent = pick(rng, (("given", 0.92), ("pending", 0.05), ("refused", 0.03)))
    else:
        consent = pick(rng, (("given", 0.55), ("pending", 0.35), ("refused", 0.1)))
    return {
        "age": age, "gender": gender, "region": region, "housing": pick(rng, p.housing), "insured": insured,
        "languages": list(pick(rng, _LANGS_BXL if region == "bruxelles" else _LANGS_WAL)),
        "demand": pick(rng, p.demand), "consent": consent,
    }


def _requesters(rng: random.Random, r: _Request, orgs: OrgPool, region: str, commune: str) -> list[dict[str, Any]]:
    p = r.profile
    k = 2 if r.service == "bru-stars-cm" and rng.random() < 0.8 else pick(rng, ((1, 0.6), (2, 0.3), (3, 0.1)))
    chosen = rng.sample(p.requesters, min(k, len(p.requesters)))
    out = []
    for typ, sector, org_kind in chosen:
        org = orgs.name(org_kind, region, commune) if org_kind else None
        out.append({"type": typ, "sector": sector, "organisation": org})
    return out


def _assessment_dates(rng: random.Random, opened: dt.date, last: dt.date) -> list[dt.date]:
    """1–5 dates from ``opened``, before ``last`` (closing or period end), at least a month apart."""
    span = (last - opened).days
    m = 1 if span < 45 else min(5, 1 + int(span / rng.uniform(90, 270)))
    dates = [opened]
    for i in range(1, m):
        d = opened + dt.timedelta(days=round(span * (i + rng.uniform(-0.3, 0.3)) / m))
        if (d - dates[-1]).days >= 30 and d < last:
            dates.append(d)
    return dates


class _Builder:
    """Builds the canonical object of one situation from its request."""

    def __init__(self, rng: random.Random, tax: Taxonomy, orgs: OrgPool):
        self.rng = rng
        self.tax = tax
        self.orgs = orgs

    def _network(self, r: _Request, person: dict[str, Any], commune: str, *, opened: bool) -> Network:
        rng, p = self.rng, r.profile
        net = Network(rng, self.tax, p, self.orgs, person["region"], commune, tuple(person["languages"]))
        if opened and rng.random() < 0.92:
            net.add_case_manager(SERVICE_SHORT[r.service], pick(rng, p.cm_sectors))
        size = _network_size(rng, p.size) if opened else rng.randint(3, 6)
        # informal actors, shaped by what the service's criteria rely on (Profile.network)
        informal_kinds = [k for k, prob in p.informal if rng.random() < prob]
        exhausted = p.network == "exhausted_unless_non_demand" and person["demand"] != "non_demand"
        supportive = p.network == "supportive"
        if exhausted and rng.random() < 0.5:
            informal_kinds = []
        for i, kind in enumerate(informal_kinds[: max(1, size // 2)]):
            aid = net.add_actor(kind, carer=(i == 0))
            if i == 0 and exhausted:  # the main carer stays, exhausted
                net.protected.add(aid)
                net.exh_floor[aid] = 2
                net.actors[aid]["exhaustion"] = max(2, net.actors[aid]["exhaustion"] or 0)
            if supportive:  # nobody exhausted; the main carer stays
                if i == 0:
                    net.protected.add(aid)
                net.exh_ceiling[aid] = 1
                net.actors[aid]["exhaustion"] = min(1, net.actors[aid]["exhaustion"] or 0) \
                    if net.actors[aid]["exhaustion"] is not None else None
        if supportive and not net.active_ids(formal=False):
            aid = net.add_actor(p.informal[0][0], carer=True)
            net.protected.add(aid)
            net.exh_ceiling[aid] = 1
            net.actors[aid]["exhaustion"] = min(1, net.actors[aid]["exhaustion"] or 0)
        for kind, prob in p.core:
            if rng.random() < prob and len(net.actors) < size:
                net.add_actor(kind, active=rng.random() > 0.04)
        while len(net.actors) < size:
            net.add_actor(net.fresh_kind(p.extra), active=rng.random() > 0.03)
        if not net.active_ids(formal=True):
            net.add_actor(p.core[0][0])
        # needs
        for domain in p.needs_required:
            net.add_need(domain, required=True)
        for domain, prob in p.needs_optional:
            if domain not in p.needs_required and rng.random() < prob:
                net.add_need(domain)
        if not net.needs:
            net.add_need(p.needs_optional[0][0])
        for nid in net.needs:
            net.cover(nid)
        net.set_priorities()
        net.initial_ties()
        return net

    def situation(self, r: _Request, sid: str) -> dict[str, Any]:
        rng, p = self.rng, r.profile
        person = _person(rng, r)
        commune = rng.choice(COMMUNES.get(person["region"], COMMUNES["bruxelles"]))
        closed = r.end if r.outcome.startswith("closed_") else None
        obj: dict[str, Any] = {
            "format": FORMAT, "id": sid, "service": r.service, "person": person,
            "requested": r.requested.isoformat(),
            "requesters": _requesters(rng, r, self.orgs, person["region"], commune),
            "opened": r.opened.isoformat() if r.opened else None,
            "closed": closed.isoformat() if closed else None,
            "outcome": r.outcome, "assessments": [], "meetings": [], "funding": [],
        }
        if r.opened is None:
            if rng.random() < 0.5:  # the intake form was filled in before the decision
                net = self._network(r, person, commune, opened=False)
                obj["assessments"].append(net.snapshot(r.requested, "demande"))
            return obj
        last = closed or END
        net = self._network(r, person, commune, opened=True)
        net.plan(r.opened, 0.7)
        dates = _assessment_dates(rng, r.opened, last)
        referent_at = rng.randrange(len(dates)) if rng.random() < 0.35 else None
        join_pool = tuple(k for k, _ in p.core) + p.extra
        snaps = []
        for i, d in enumerate(dates):
            if i > 0:
                net.evolve(d, r.trajectory, join_pool)
            if referent_at == i:
                net.name_referent()
            if i == 0:
                label = "ouverture"
            elif i == len(dates) - 1 and r.outcome == "closed_stabilised":
                net.prepare_withdrawal(d)
                label = "avant retrait"
            else:
                label = pick(rng, ((f"concertation {i + 1}", 0.7), ("réévaluation", 0.2), (None, 0.1)))
            snaps.append(net.snapshot(d, label))
        obj["assessments"] = snaps
        obj["meetings"] = self._meetings(r.opened, last, dates, snaps)
        obj["funding"] = self._funding(p, r.opened, last)
        return obj

    def _attendees(self, snap: dict[str, Any], kind: str) -> list[str]:
        rng = self.rng
        out = []
        for a in snap["actors"]:
            if not a["active"]:
                continue
            if a["case_manager"]:
                out.append(a["id"])
                continue
            if kind == "concertation":
                p = 0.6 if a["formal"] else 0.4
            elif kind == "pre_concertation":
                p = 0.5 if a["formal"] else 0.0
            elif kind == "home_visit":
                p = 0.1 if a["formal"] else 0.5
            else:
                p = 0.25 if a["formal"] else 0.1
            if rng.random() < p:
                out.append(a["id"])
        if kind == "pre_concertation" and len(out) < 2:
            formal = [a["id"] for a in snap["actors"] if a["active"] and a["formal"] and a["id"] not in out]
            out.extend(rng.sample(formal, min(2, len(formal))))
        person_p = {"concertation": 0.45, "pre_concertation": 0.05, "home_visit": 0.95, "other": 0.3}[kind]
        if rng.random() < person_p or not out:
            out.append("person")
        return out

    def _meetings(self, opened: dt.date, last: dt.date, dates: list[dt.date],
                  snaps: list[dict[str, Any]]) -> list[dict[str, Any]]:
        rng = self.rng
        planned: list[tuple[dt.date, str]] = []
        if rng.random() < 0.5:
            planned.append((opened + dt.timedelta(days=rng.randint(0, 10)), "home_visit"))
        for d in dates[1:]:
            if rng.random() < 0.75:
                if rng.random() < 0.3 and (d - dt.timedelta(days=7)) >= opened:
                    planned.append((d - dt.timedelta(days=rng.randint(3, 10)), "pre_concertation"))
                planned.append((d, "concertation"))
        t = opened + dt.timedelta(days=rng.randint(14, 60))
        while t <= last:
            if rng.random() < 0.5:
                planned.append((t, pick(rng, (("concertation", 0.45), ("home_visit", 0.3), ("pre_concertation", 0.1),
                                              ("other", 0.15)))))
            t += dt.timedelta(days=rng.randint(45, 120))
        planned = sorted(x for x in planned if opened <= x[0] <= last)
        out = []
        for d, kind in planned:
            in_force = snaps[0]
            for s, sd in zip(snaps, dates, strict=True):
                if sd <= d:
                    in_force = s
            out.append({"date": d.isoformat(), "kind": kind, "attendees": self._attendees(in_force, kind)})
        return out

    def _funding(self, p: Profile, opened: dt.date, last: dt.date) -> list[dict[str, Any]]:
        rng = self.rng
        if rng.random() >= p.funding:
            return []
        out = []
        for _ in range(pick(rng, ((1, 0.7), (2, 0.22), (3, 0.08)))):
            d = opened + dt.timedelta(days=rng.randint(0, (last - opened).days))
            requested: float = rng.choice((150, 200, 250, 300, 350, 400, 500, 600, 750, 800, 1000, 1200, 1500, 2000, 2500))
            if rng.random() < 0.1:
                requested += 0.5 * rng.randint(1, 99)  # an exact invoice
            if (END - d).days < 60 and rng.random() < 0.6:
                status = "pending"  # not decided yet at the period's end
            else:
                status = pick(rng, (("granted", 0.67), ("refused", 0.22), ("redirected", 0.11)))
            granted: float | None = None
            if status == "granted":
                granted = requested if rng.random() < 0.7 else float(round(requested * rng.uniform(0.4, 0.9), -1))
            elif status == "refused" and rng.random() < 0.5:
                granted = 0
            out.append({"date": d.isoformat(), "fund": pick(rng, FUNDS), "requested_eur": requested,
                        "granted_eur": granted, "status": status})
        return sorted(out, key=lambda f: f["date"])


def _requests(rng: random.Random, n: int) -> list[_Request]:
    reqs = []
    for seq, profile in enumerate(_allocate(n)):
        # more requests in later years (services become known): density grows over the period
        day = int(_SPAN * rng.random() ** 0.8)
        reqs.append(_Request(seq, profile, pick(rng, profile.services), START + dt.timedelta(days=day)))
    reqs.sort(key=lambda r: (r.requested, r.seq))
    return reqs


def generate_dicts(n: int, seed: int, taxonomy: Taxonomy | None = None) -> list[dict[str, Any]]:
    """``n`` synthetic situations as canonical JSON objects (format netmap/1), in order of request.

    Parameters
    ----------
    n : int
        Number of situations (requests), ``n >= 0``.
    seed : int
        Seed of the one random generator used; the same seed gives the same objects.
    taxonomy : Taxonomy, optional
        Where capacities and domain sectors come from (default: the shipped taxonomy).

    Returns
    -------
    list of dict
        Situation objects; ids are ``<service prefix>-<year>-<number>``.
    """
    return list(_iter_dicts(n, seed, taxonomy or default_taxonomy()))


def _iter_dicts(n: int, seed: int, tax: Taxonomy) -> Iterator[dict[str, Any]]:
    """The objects of :func:`generate_dicts`, one at a time (the lifecycle is decided up front)."""
    if n < 0:
        raise ValueError("n must be >= 0")
    rng = random.Random(seed)
    reqs = _requests(rng, n)
    if not reqs:
        return
    _decide(rng, reqs, _capacities(reqs, tax))
    builder = _Builder(rng, tax, OrgPool(rng))
    numbering: dict[tuple[str, int], int] = {}
    for r in reqs:
        key = (r.service, r.requested.year)
        numbering[key] = numbering.get(key, 0) + 1
        yield builder.situation(r, f"{_ID_PREFIX[r.service]}-{r.requested.year}-{numbering[key]:04d}")


def iter_situations(n: int, seed: int, taxonomy: Taxonomy | None = None,
                    progress: Callable[[int, int], None] | None = None) -> Iterator[Situation]:
    """The situations of :func:`generate`, one at a time, so that large datasets need little memory."""
    tax = taxonomy or default_taxonomy()
    done = 0
    for obj in _iter_dicts(n, seed, tax):
        yield situation_from_dict(obj, file=f"<synth {obj['id']}>", taxonomy=tax)
        done += 1
        if progress is not None:
            progress(done, n)


def generate(n: int, seed: int, taxonomy: Taxonomy | None = None,
             progress: Callable[[int, int], None] | None = None) -> list[Situation]:
    """``n`` valid synthetic situations (see the module docstring); the same seed gives the same list.

    Each situation is checked against the format by :func:`situation_from_dict`, which
    raises :class:`netmap.errors.ValidationError` if the generator ever broke a rule.

    Parameters
    ----------
    n, seed, taxonomy
        As for :func:`generate_dicts`.
    progress : callable, optional
        Called as ``progress(done, n)`` after each situation is checked (for a progress display).

    Returns
    -------
    list of Situation
        In order of request.
    """
    return list(iter_situations(n, seed, taxonomy, progress))

