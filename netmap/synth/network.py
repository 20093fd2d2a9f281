"""The network of one synthetic situation as it evolves: actors, ties, needs and plan between assessments.

:class:`Network` is mutable scaffolding used only while generating; :meth:`Network.snapshot`
returns a canonical assessment object (plain dicts, format netmap/1) of its current state.
Every random draw goes through the ``random.Random`` it is given, in a fixed order.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from typing import Any

from ..taxonomy import Taxonomy
from .profiles import ActorKind, Profile
from .vocab import ACTION_TEXTS, COMMUNES, GOALS, ORG_PATTERNS, ORG_WORDS, ORG_WORDS_NL, SEATS

__all__ = ["Network", "OrgPool", "pick"]


def pick(rng: random.Random, weighted: tuple[tuple[Any, float], ...]) -> Any:
    """One value of ``(value, weight)`` pairs, drawn with ``rng``."""
    total = sum(w for _, w in weighted)
    x = rng.random() * total
    for v, w in weighted:
        x -= w
        if x < 0:
            return v
    return weighted[-1][0]


_ELISION = re.compile(r"\bde ([AEIOUÉÈÎ])")


def _elide(name: str) -> str:
    """French elision: "CPAS de Ixelles" -> "CPAS d'Ixelles"."""
    return _ELISION.sub(r"d'\1", name)


class OrgPool:
    """Invented organisation names, a small pool per (region, kind), so organisations recur across situations."""

    def __init__(self, rng: random.Random):
        self._rng = rng
        self._pools: dict[tuple[str, str], list[str]] = {}

    def name(self, kind: str, region: str, commune: str) -> str:
        """An organisation of this kind serving this region (CPAS and the like: the person's commune)."""
        patterns = ORG_PATTERNS[kind]
        if len(patterns) == 1 and "{w" not in patterns[0]:
            return _elide(patterns[0].format(c=commune, r=SEATS.get(region, region.title())))
        key = (region, kind)
        pool = self._pools.get(key)
        if pool is None:
            communes = COMMUNES.get(region, COMMUNES["bruxelles"])
            pool = []
            for _ in range(8 if region in ("bruxelles", "namur") else 4):
                pat = self._rng.choice(patterns)
                name = pat.format(c=self._rng.choice(communes), w=self._rng.choice(ORG_WORDS),
                                  wn=self._rng.choice(ORG_WORDS_NL))
                name = _elide(name)
                if name not in pool:
                    pool.append(name)
            self._pools[key] = pool
        return self._rng.choice(pool)


_STRENGTH = (("strong", 0.25), ("normal", 0.55), ("tenuous", 0.2))
_SEVERITY = ((1, 0.25), (2, 0.45), (3, 0.3))
_EXH_CARER = ((None, 0.3), (0, 0.1), (1, 0.2), (2, 0.22), (3, 0.18))
_EXH_INFORMAL = ((None, 0.6), (0, 0.15), (1, 0.13), (2, 0.08), (3, 0.04))
_EXH_FORMAL = ((None, 0.85), (0, 0.06), (1, 0.06), (2, 0.025), (3, 0.005))
_TTP_INFORMAL = (("strong", 0.35), ("normal", 0.4), ("tenuous", 0.15), ("conflict", 0.1))
_TTP_FORMAL = (("normal", 0.65), ("strong", 0.15), ("tenuous", 0.15), ("conflict", 0.05))

# per trajectory: chance a professional leaves, joins drawn, cover an uncovered need, need met, new need,
# planned action done
_EVOLVE: dict[str, dict[str, Any]] = {
    "improving": dict(leave=0.06, joins=(1, 3), cover=0.6, uncover=0.03, met=0.18, new_need=0.1, done=0.6),
    "mixed": dict(leave=0.1, joins=(0, 2), cover=0.35, uncover=0.08, met=0.08, new_need=0.3, done=0.4),
    "worsening": dict(leave=0.16, joins=(0, 1), cover=0.15, uncover=0.15, met=0.03, new_need=0.5, done=0.25),
}


class Network:
    """The evolving network of one situation (see module docstring)."""

    def __init__(self, rng: random.Random, tax: Taxonomy, profile: Profile, orgs: OrgPool, region: str,
                 commune: str, person_langs: tuple[str, ...]):
        self.rng = rng
        self.tax = tax
        self.profile = profile
        self.orgs = orgs
        self.region = region
        self.commune = commune
        self.person_langs = person_langs
        self.actors: dict[str, dict[str, Any]] = {}
        self.needs: dict[str, dict[str, Any]] = {}
        self.ties: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.actions: dict[str, dict[str, Any]] = {}
        self.required: set[str] = set()  # need ids that stay active (the service's criteria use them)
        self.exh_floor: dict[str, int] = {}  # actor id -> lowest exhaustion allowed
        self.exh_ceiling: dict[str, int] = {}  # actor id -> highest exhaustion allowed
        self.protected: set[str] = set()  # actors who never leave
        self._stems: dict[str, int] = {}
        self._org_of_kind: dict[str, str] = {}
        self._need_seq = 0
        self._action_seq = 0
        self.cm: str | None = None

    # --- actors -------------------------------------------------------------------------------
    def _new_id(self, stem: str) -> tuple[str, int]:
        k = self._stems.get(stem, 0) + 1
        self._stems[stem] = k
        return (stem if k == 1 else f"{stem}{k}"), k

    def _language(self, kind: ActorKind) -> str | None:
        if kind.lang:
            return kind.lang
        r = self.rng.random()
        if not kind.formal:
            return self.person_langs[0] if (self.person_langs and r < 0.2) else None
        if self.region == "bruxelles":
            return "fr" if r < 0.55 else ("nl" if r < 0.67 else None)
        return "fr" if r < 0.4 else None

    def add_actor(self, kind: ActorKind, *, carer: bool = False, active: bool = True) -> str:
        """Add an actor of this kind; return its id."""
        rng = self.rng
        aid, k = self._new_id(kind.key)
        org = None
        if kind.org:
            if kind.org in self._org_of_kind and rng.random() < 0.8:
                org = self._org_of_kind[kind.org]
            else:
                org = self.orgs.name(kind.org, self.region, self.commune)
                self._org_of_kind.setdefault(kind.org, org)
        if kind.formal:
            exh = pick(rng, _EXH_FORMAL)
        else:
            exh = pick(rng, _EXH_CARER if carer else _EXH_INFORMAL)
        self.actors[aid] = {
            "id": aid,
            "label": kind.label if k == 1 else f"{kind.label} ({k})",
            "formal": kind.formal,
            "sector": kind.sector,
            "organisation": org,
            "role": kind.role,
            "language": self._language(kind),
            "exhaustion": exh,
            "mandate": kind.mandate,
            "case_manager": False,
            "referent": False,
            "tie_to_person": pick(rng, _TTP_FORMAL if kind.formal else _TTP_INFORMAL),
            "active": active,
        }
        return aid

    def _cm_language(self) -> str | None:
        if self.region == "bruxelles":
            return pick(self.rng, (("fr", 0.7), ("nl", 0.1), (None, 0.2)))
        return pick(self.rng, (("fr", 0.5), (None, 0.5)))

    def fresh_kind(self, kinds: tuple[ActorKind, ...]) -> ActorKind:
        """One of ``kinds``, mostly one not yet in the network (two police officers are rarer than one)."""
        unused = [k for k in kinds if k.key not in self._stems]
        if unused and self.rng.random() < 0.85:
            return self.rng.choice(unused)
        return self.rng.choice(kinds)

    def add_case_manager(self, short: str, sector: str) -> str:
        """Add the case-management function itself (the service's case manager); return its id."""
        aid, _ = self._new_id("cm")
        self.actors[aid] = {
            "id": aid, "label": f"Case manager {short}", "formal": True, "sector": sector, "organisation": short,
            "role": "case management", "language": self._cm_language(), "exhaustion": None, "mandate": None, "case_manager": True,
            "referent": False, "tie_to_person": pick(self.rng, (("strong", 0.3), ("normal", 0.6), ("tenuous", 0.1))),
            "active": True,
        }
        self.cm = aid
        self.protected.add(aid)
        return aid

    def active_ids(self, *, formal: bool | None = None, providers: bool = True) -> list[str]:
        """Ids of active actors (providers only: not the case manager), optionally formal/informal only."""
        return [a["id"] for a in self.actors.values()
                if a["active"] and (formal is None or a["formal"] == formal)
                and not (providers and a["case_manager"])]

    def remove_actor(self, aid: str) -> None:
        """Drop an actor from the network: its ties, coverage and plan ownership go too."""
        del self.actors[aid]
        for key in [k for k in self.ties if aid in k[:2]]:
            del self.ties[key]
        for n in self.needs.values():
            if aid in n["covered_by"]:
                n["covered_by"].remove(aid)
        for act in self.actions.values():
            if act["owner"] == aid:
                act["owner"] = None

    # --- needs ----------------------------------------------------------------------------------
    def add_need(self, domain: str, *, required: bool = False) -> str:
        """Add an active, uncovered need of this domain (``required``: it stays active); return its id."""
        self._need_seq += 1
        nid = f"n{self._need_seq}"
        sev = pick(self.rng, _SEVERITY)
        if required:
            sev = max(sev, 2)
            self.required.add(nid)
        self.needs[nid] = {"id": nid, "domain": domain, "severity": sev, "status": "active", "covered_by": [],
                           "priority": False, "goal": None}
        return nid

    def candidates(self, domain: str) -> tuple[list[str], list[str]]:
        """Active formal and informal providers whose sector answers this domain, formal ones shuffled.

        The formal ones of the domain's primary sector come first most of the time (a GP answers
        physical health before a hospital does), so drawing the first few gives typical coverage.
        """
        rng = self.rng
        d = self.tax.domains[domain]
        sectors = {d.primary_sector, *d.secondary_sectors}
        formal = [a for a in self.active_ids(formal=True) if self.actors[a]["sector"] in sectors]
        primary = [a for a in formal if self.actors[a]["sector"] == d.primary_sector]
        if rng.random() < 0.8:
            rest = [a for a in formal if a not in primary]
            formal = rng.sample(primary, len(primary)) + rng.sample(rest, len(rest))
        else:
            formal = rng.sample(formal, len(formal))
        informal = self.active_ids(formal=False) if "informal" in sectors else []
        return formal, informal

    def cover(self, nid: str, *, mode: str | None = None) -> None:
        """Set who covers a need: ``uncovered``, ``cm_only``, ``informal_only`` or ``normal`` (drawn if None)."""
        rng = self.rng
        need = self.needs[nid]
        formal, informal = self.candidates(need["domain"])
        if mode is None:
            mode = pick(rng, (("uncovered", 0.16), ("cm_only", 0.05), ("informal_only", 0.08), ("normal", 0.71)))
        if mode == "informal_only" and not informal:
            mode = "normal"
        if mode == "normal" and not formal:
            mode = "informal_only" if informal and rng.random() < 0.5 else "uncovered"
        cov: list[str] = []
        if mode == "cm_only" and self.cm:
            cov = [self.cm]
        elif mode == "informal_only":
            cov = rng.sample(informal, min(len(informal), 1 + (rng.random() < 0.3)))
        elif mode == "normal":
            k = pick(rng, ((1, 0.45), (2, 0.35), (3, 0.2)))
            cov = formal[:k]
            if informal and rng.random() < 0.3:
                cov.append(rng.choice(informal))
            if self.cm and rng.random() < 0.1:
                cov.append(self.cm)
        need["covered_by"] = cov

    # --- ties -----------------------------------------------------------------------------------
    def tie(self, a: str, b: str, kind: str, strength: str | None = None) -> None:
        """Tie two actors (at most one tie of each kind per pair; the strength is drawn if not given)."""
        if a == b:
            return
        key = (min(a, b), max(a, b), kind)
        if key not in self.ties:
            self.ties[key] = {"a": a, "b": b, "kind": kind, "strength": strength or pick(self.rng, _STRENGTH)}

    def tie_new_actor(self, aid: str) -> None:
        """Ties of an actor joining the network: to the case manager and to co-providers."""
        rng = self.rng
        if self.cm and self.actors[aid]["formal"] and rng.random() < 0.7:
            self.tie(self.cm, aid, "coordination")
        for n in self.needs.values():
            if aid in n["covered_by"]:
                for other in n["covered_by"]:
                    if other != aid and other != self.cm and rng.random() < 0.45:
                        self.tie(aid, other, pick(rng, (("coordination", 0.6), ("information", 0.25),
                                                        ("support", 0.15))))

    def initial_ties(self) -> None:
        """Ties at opening: the case manager to most professionals, co-providers, family, a few conflicts."""
        rng = self.rng
        formal = self.active_ids(formal=True)
        informal = self.active_ids(formal=False)
        everyone = [a for a in self.actors if a != self.cm]
        if self.cm:
            for a in formal:
                r = rng.random()
                if r < 0.6:
                    self.tie(self.cm, a, "coordination")
                elif r < 0.85:
                    self.tie(self.cm, a, "information")
            if informal and rng.random() < 0.5:
                self.tie(self.cm, informal[0], "support")
        for n in self.needs.values():
            cov = [a for a in n["covered_by"] if a != self.cm]
            for i, a in enumerate(cov):
                for b in cov[i + 1:]:
                    if rng.random() < 0.5:
                        kind = "coordination" if self.actors[a]["formal"] and self.actors[b]["formal"] else "support"
                        self.tie(a, b, kind)
        p = min(0.12, 1.2 / max(1, len(everyone)))
        for i, a in enumerate(everyone):
            for b in everyone[i + 1:]:
                fa, fb = self.actors[a]["formal"], self.actors[b]["formal"]
                r = rng.random()
                if fa and fb:
                    if r < p:
                        self.tie(a, b, pick(rng, (("coordination", 0.5), ("information", 0.5))))
                elif fa != fb:
                    main = informal and informal[0] in (a, b)
                    if r < (0.2 if main else 0.06):
                        self.tie(a, b, pick(rng, (("support", 0.6), ("information", 0.4))))
                else:
                    if r < 0.4:
                        self.tie(a, b, "support")
                    elif r < 0.52:
                        self.tie(a, b, "conflict")
        if len(formal) >= 2 and rng.random() < 0.08:
            a, b = rng.sample(formal, 2)
            self.tie(a, b, "conflict")
        if formal and informal and rng.random() < 0.08:
            self.tie(rng.choice(informal), rng.choice(formal), "conflict")

    # --- priorities, goals, plan ------------------------------------------------------------------
    def set_priorities(self) -> None:
        """Mark the person's own priorities (one or two needs, often) and goals in their words."""
        rng = self.rng
        ids = list(self.needs)
        if ids and rng.random() < 0.7:
            for nid in rng.sample(ids, min(len(ids), 1 + (rng.random() < 0.35))):
                self.needs[nid]["priority"] = True
        for n in self.needs.values():
            if rng.random() < (0.8 if n["priority"] else 0.12):
                n["goal"] = rng.choice(GOALS[n["domain"]])

    def _owner(self, nid: str) -> str | None:
        rng = self.rng
        cov = [a for a in self.needs[nid]["covered_by"] if a in self.actors and self.actors[a]["active"]
               and a != self.cm]
        r = rng.random()
        if cov and r < 0.55:
            return rng.choice(cov)
        if r < 0.65:
            return "person"
        if self.cm and r < 0.82:
            return self.cm
        providers = self.active_ids(formal=True)
        if providers and r < 0.88:
            return rng.choice(providers)
        return None

    def plan(self, date: dt.date, p_new: float) -> None:
        """Add plan items for uncovered or priority needs that have no open item."""
        rng = self.rng
        busy = {a["need"] for a in self.actions.values() if a["status"] == "todo"}
        for n in self.needs.values():
            if n["status"] != "active" or n["id"] in busy:
                continue
            uncovered = not [a for a in n["covered_by"] if a != self.cm]
            if (uncovered or n["priority"]) and rng.random() < p_new:
                self._action_seq += 1
                self.actions[f"p{self._action_seq}"] = {
                    "id": f"p{self._action_seq}", "what": rng.choice(ACTION_TEXTS[n["domain"]]),
                    "owner": self._owner(n["id"]), "need": n["id"],
                    "due": None if rng.random() < 0.1 else date + dt.timedelta(days=rng.randint(14, 120)),
                    "status": "todo",
                }

    # --- evolution ------------------------------------------------------------------------------
    def _exhaustion(self, actor: dict[str, Any], trajectory: str) -> None:
        rng = self.rng
        e = actor["exhaustion"]
        if e is None:
            if not actor["formal"] and rng.random() < 0.3:
                e = pick(rng, ((0, 0.2), (1, 0.3), (2, 0.3), (3, 0.2)))
        else:
            r = rng.random()
            if trajectory == "improving" and r < 0.4:
                e -= 1
            elif trajectory == "worsening" and r < 0.45:
                e += 1
            elif trajectory == "mixed":
                e += -1 if r < 0.25 else (1 if r < 0.5 else 0)
            e = max(0, min(3, e))
        aid = actor["id"]
        if aid in self.exh_floor:
            e = max(e if e is not None else 0, self.exh_floor[aid])
        if aid in self.exh_ceiling and e is not None:
            e = min(e, self.exh_ceiling[aid])
        actor["exhaustion"] = e

    def evolve(self, date: dt.date, trajectory: str, join_pool: tuple[ActorKind, ...]) -> None:
        """Move the network on to the next assessment along a trajectory."""
        rng = self.rng
        ev = _EVOLVE[trajectory]
        # plan items of the previous assessment move on; closed ones are shown once more then dropped
        for key in [k for k, a in self.actions.items() if a["status"] != "todo"]:
            del self.actions[key]
        for act in self.actions.values():
            r = rng.random()
            if r < ev["done"]:
                act["status"] = "done"
            elif r < ev["done"] + 0.1:
                act["status"] = "dropped"
        # people leave (made inactive or dropped from the map), exhaustion changes
        for aid in list(self.actors):
            actor = self.actors[aid]
            if not actor["active"] or aid in self.protected:
                if actor["active"]:
                    self._exhaustion(actor, trajectory)
                continue
            if rng.random() < (ev["leave"] if actor["formal"] else ev["leave"] / 3):
                if rng.random() < 0.55:
                    actor["active"] = False
                    if rng.random() < 0.5:
                        for n in self.needs.values():
                            if aid in n["covered_by"]:
                                n["covered_by"].remove(aid)
                else:
                    self.remove_actor(aid)
                continue
            self._exhaustion(actor, trajectory)
            if actor["tie_to_person"] == "conflict" and trajectory == "improving" and rng.random() < 0.4:
                actor["tie_to_person"] = "normal"
        # needs: met, dormant, relapse, new
        for n in self.needs.values():
            r = rng.random()
            if n["status"] == "active" and n["id"] not in self.required:
                if r < ev["met"]:
                    n["status"] = "met"
                elif r < ev["met"] + 0.04:
                    n["status"] = "dormant"
            elif n["status"] != "active" and trajectory == "worsening" and r < 0.2:
                n["status"] = "active"
        if rng.random() < ev["new_need"]:
            present = {n["domain"] for n in self.needs.values()}
            options = [d for d, _ in self.profile.needs_optional if d not in present]
            if options:
                nid = self.add_need(rng.choice(options))
                self.cover(nid)
        # new actors, mostly for uncovered needs
        lo, hi = ev["joins"]
        for _ in range(rng.randint(lo, hi)):
            if len(self.actors) >= 40:
                break
            uncovered = [n for n in self.needs.values() if n["status"] == "active"
                         and not [a for a in n["covered_by"] if a != self.cm and self.actors[a]["active"]]]
            target = rng.choice(uncovered) if uncovered else None
            kind = None
            if target is not None:
                d = self.tax.domains[target["domain"]]
                fitting = [k for k in join_pool if k.sector == d.primary_sector] or \
                          [k for k in join_pool if k.sector in d.secondary_sectors]
                kind = self.fresh_kind(tuple(fitting)) if fitting else None
            kind = kind or self.fresh_kind(join_pool)
            aid = self.add_actor(kind)
            if target is not None:
                d = self.tax.domains[target["domain"]]
                if kind.sector == d.primary_sector or kind.sector in d.secondary_sectors:
                    target["covered_by"].append(aid)
            self.tie_new_actor(aid)
        # coverage moves
        for n in self.needs.values():
            if n["status"] != "active":
                continue
            live = [a for a in n["covered_by"] if a != self.cm and self.actors[a]["active"]]
            if not live and rng.random() < ev["cover"]:
                self.cover(n["id"], mode="normal")
            elif live and rng.random() < ev["uncover"]:
                n["covered_by"].remove(rng.choice(live))
        # ties come and go
        for tie_key in list(self.ties):
            t = self.ties[tie_key]
            if t["kind"] == "conflict" and trajectory == "improving" and rng.random() < 0.3:
                del self.ties[tie_key]
            elif rng.random() < 0.04:
                del self.ties[tie_key]
        formal = self.active_ids(formal=True)
        if len(formal) >= 2 and rng.random() < (0.5 if trajectory == "improving" else 0.25):
            a, b = rng.sample(formal, 2)
            self.tie(a, b, "coordination")
        if len(formal) >= 2 and trajectory == "worsening" and rng.random() < 0.2:
            a, b = rng.sample(formal, 2)
            self.tie(a, b, "conflict")
        self.plan(date, 0.6)

    def _groups_without_cm(self) -> dict[str, str]:
        """Actor id -> representative of its connected group once the case manager is gone (conflicts cut)."""
        parent = {a: a for a in self.actors if a != self.cm and self.actors[a]["active"]}

        def find(x: str) -> str:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for t in self.ties.values():
            if t["kind"] != "conflict" and t["a"] in parent and t["b"] in parent:
                parent[find(t["a"])] = find(t["b"])
        return {a: find(a) for a in parent}

    def prepare_withdrawal(self, date: dt.date) -> None:
        """What a case manager does before withdrawing from a stabilised situation.

        Providers who answer a need are put in touch with each other (so the network holds
        without the case manager), open plan items go to a provider with a date, most uncovered
        needs find someone, and often a referent is named.
        """
        rng = self.rng
        for n in self.needs.values():
            live = [a for a in n["covered_by"] if a != self.cm and self.actors[a]["active"]]
            if n["status"] == "active" and not live and rng.random() < 0.6:
                self.cover(n["id"], mode="normal")
        groups = self._groups_without_cm()
        covering = [a for a in groups
                    if any(a in n["covered_by"] for n in self.needs.values() if n["status"] == "active")]
        reps: dict[str, str] = {}
        for a in covering:
            reps.setdefault(groups[a], a)
        firsts = list(reps.values())
        if len(firsts) > 1 and rng.random() < 0.8:
            for a, b in zip(firsts, firsts[1:], strict=False):
                both_formal = self.actors[a]["formal"] and self.actors[b]["formal"]
                self.tie(a, b, "coordination" if both_formal else "information")
        providers = self.active_ids(formal=True)
        for act in self.actions.values():
            if act["status"] == "todo" and providers and rng.random() < 0.8:
                if act["owner"] in (None, self.cm):
                    act["owner"] = rng.choice(providers)
                if act["due"] is None:
                    act["due"] = date + dt.timedelta(days=rng.randint(30, 90))
        if rng.random() < 0.75:
            self.name_referent()

    def name_referent(self) -> None:
        """Designate one active professional as referent (kept in later assessments)."""
        formal = self.active_ids(formal=True)
        if formal and not any(a["referent"] for a in self.actors.values()):
            self.actors[self.rng.choice(formal)]["referent"] = True

    # --- output ---------------------------------------------------------------------------------
    def snapshot(self, date: dt.date, label: str | None) -> dict[str, Any]:
        """The current state as a canonical assessment object (fresh dicts: later changes do not leak)."""
        return {
            "date": date.isoformat(),
            "label": label,
            "actors": [dict(a) for a in self.actors.values()],
            "ties": [dict(t) for t in self.ties.values()],
            "needs": [dict(n, covered_by=list(n["covered_by"])) for n in self.needs.values()],
            "actions": [dict(a, due=a["due"].isoformat() if a["due"] else None) for a in self.actions.values()],
        }
