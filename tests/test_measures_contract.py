"""Contract of every measure over the examples and many random valid assessments; properties (hypothesis)."""

from __future__ import annotations

import copy
import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import networkx as nx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netmap.io import load
from netmap.measures import CRITERIA, FLAG_SEVERITY, MEASURE_KEYS, evaluate, gaps, intersectoral, measure_assessment
from netmap.model import (
    ACTION_STATUSES,
    CONSENTS,
    NEED_STATUSES,
    PERSON,
    TIE_KINDS,
    TIES_TO_PERSON,
    Action,
    Actor,
    Assessment,
    Need,
    Tie,
)
from netmap.taxonomy import default_taxonomy

DATA = Path(__file__).parent / "data"
TAX = default_taxonomy()
SECTORS = sorted(s for s in TAX.sectors if s != "informal")
DOMAINS = sorted(TAX.domains)
ID_LISTS = ("uncovered_needs", "thin_needs", "informal_only_needs", "exhausted_actors", "exhausted_sole_providers",
            "cut_actors", "isolated_providers")
CODE_LISTS = ("missing_sectors", "sectors", "siloed_sectors")


@st.composite
def assessments(draw, max_actors: int = 9, max_needs: int = 6) -> Assessment:
    """A random assessment that passes every rule of the format."""
    n = draw(st.integers(0, max_actors))
    ids = [f"a{i}" for i in range(n)]
    actors = []
    for i in ids:
        formal = draw(st.booleans())
        actors.append(Actor(
            id=i, label=f"Acteur {i}", formal=formal,
            sector=draw(st.sampled_from(SECTORS)) if formal else "informal",
            language=draw(st.sampled_from([None, "fr", "nl"])),
            exhaustion=draw(st.sampled_from([None, 0, 1, 2, 3])),
            case_manager=formal and draw(st.integers(0, 5)) == 0,
            referent=draw(st.integers(0, 4)) == 0,
            tie_to_person=draw(st.sampled_from(TIES_TO_PERSON)),
            active=draw(st.integers(0, 6)) > 0,
        ))
    ties = {}
    if n >= 2:
        for x, y, kind in draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids),
                                                  st.sampled_from(TIE_KINDS)), max_size=3 * n)):
            if x != y:
                ties[(frozenset((x, y)), kind)] = Tie(x, y, kind)
    needs = []
    for j in range(draw(st.integers(0, max_needs))):
        cov = draw(st.lists(st.sampled_from(ids), unique=True, max_size=3)) if ids else []
        needs.append(Need(f"n{j}", draw(st.sampled_from(DOMAINS)), status=draw(st.sampled_from(NEED_STATUSES)),
                          covered_by=tuple(cov)))
    actions = []
    for k in range(draw(st.integers(0, 3))):
        owner = draw(st.sampled_from([None, PERSON, *ids]))
        actions.append(Action(f"p{k}", "x", owner, draw(st.sampled_from(ACTION_STATUSES)),
                              due=draw(st.sampled_from([None, dt.date(2024, 9, 1)]))))
    return Assessment(date=dt.date(2024, 1, 1), actors=tuple(actors), ties=tuple(ties.values()),
                      needs=tuple(needs), actions=tuple(actions))


def check_contract(a: Assessment, consent: str) -> None:
    """Keys, types, ranges, sorted ids, and the assessment unchanged."""
    before = copy.deepcopy(a)
    out = measure_assessment(a, consent=consent)
    assert a == before
    json.dumps(out)  # plain JSON data
    assert list(out) == ["measures", "readiness", "flags", "fragility"]
    m = out["measures"]
    assert tuple(m) == MEASURE_KEYS
    active = {x.id for x in a.actors if x.active}
    providers = {x.id for x in a.actors if x.active and not x.case_manager}
    need_ids = {x.id for x in a.needs if x.status == "active"}
    for k in ID_LISTS + CODE_LISTS:
        assert isinstance(m[k], list) and all(isinstance(v, str) for v in m[k]), k
        assert m[k] == sorted(set(m[k])), k
    for k in ("uncovered_needs", "thin_needs", "informal_only_needs"):
        assert set(m[k]) <= need_ids
    assert not set(m["uncovered_needs"]) & set(m["thin_needs"])
    assert set(m["informal_only_needs"]) <= need_ids - set(m["uncovered_needs"])
    assert set(m["exhausted_actors"]) <= active
    assert set(m["cut_actors"]) <= providers and set(m["isolated_providers"]) <= providers
    assert set(m["exhausted_sole_providers"]) <= set(m["exhausted_actors"]) & set(m["sole_providers"])
    assert list(m["sole_providers"]) == sorted(m["sole_providers"]) and set(m["sole_providers"]) <= providers
    for v in m["sole_providers"].values():
        assert v and v == sorted(v) and set(v) <= set(m["thin_needs"])
    if need_ids:
        assert 0.0 <= m["coverage"] <= 1.0
        assert abs(m["coverage"] - (len(need_ids) - len(m["uncovered_needs"])) / len(need_ids)) < 1e-12
    else:
        assert m["coverage"] is None
    for k in ("components", "components_without_cm", "sector_count", "cross_sector_ties", "language_ties"):
        assert isinstance(m[k], int) and not isinstance(m[k], bool) and m[k] >= 0, k
    assert m["components"] <= len(active)
    if any(x.case_manager for x in a.actors if x.active):
        assert m["components_without_cm"] <= len(providers)
    else:
        assert m["components_without_cm"] == m["components"]
    assert isinstance(m["cm_holds_network"], bool)
    assert m["conflicts"] == sorted(m["conflicts"])
    for pair in m["conflicts"]:
        assert len(pair) == 2 and (pair[0] == PERSON or pair[0] < pair[1]) and pair[1] in active
    assert m["sector_count"] == len(m["sectors"])
    assert list(m["sector_ties"]) == sorted(m["sector_ties"])
    for key, count in m["sector_ties"].items():
        s1, s2 = key.split("|")
        assert s1 <= s2 and s1 in m["sectors"] and s2 in m["sectors"] and count >= 1
    edges = sum(m["sector_ties"].values())
    assert m["cross_sector_ties"] <= edges
    if edges:
        assert -1.0 <= m["ei_index"] <= 1.0
    else:
        assert m["ei_index"] is None
    assert set(m["siloed_sectors"]) <= set(m["sectors"])
    values = list(m["brokers"].items())
    assert values == sorted(values, key=lambda kv: (kv[1], kv[0]))
    assert all(0 < v <= 1 and i in active for i, v in values)
    r = out["readiness"]
    assert list(r) == ["ready", "score", "criteria", "blocking_failures"]
    assert list(r["criteria"]) == [k for k, _ in CRITERIA] and set(r["criteria"].values()) <= {"pass", "fail"}
    assert 0 <= r["score"] <= 1 and r["ready"] is (not r["blocking_failures"])
    assert r["blocking_failures"] == [k for k, b in CRITERIA if b and r["criteria"][k] == "fail"]
    keys = [(f["code"], f["ids"]) for f in out["flags"]]
    assert keys == sorted(keys)
    for f in out["flags"]:
        assert list(f) == ["code", "severity", "ids", "fr", "en"]
        assert f["severity"] == FLAG_SEVERITY[f["code"]] and f["fr"] and f["en"]
    assert out["fragility"] in ("high", "medium", "low", "none")


def test_contract_on_examples():
    for path in sorted(DATA.glob("*.json")):
        if path.name.endswith(".expected.json"):
            continue
        [s] = load(path)
        before = copy.deepcopy(s)
        for a in s.assessments:
            check_contract(a, s.person.consent)
            evaluate(s, a.date)
            for x in a.actors:  # every what-if too
                evaluate(s, a.date, without=[x.id])
        assert s == before


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(assessments(), st.sampled_from(CONSENTS))
def test_contract_on_random_assessments(a, consent):
    check_contract(a, consent)


@settings(max_examples=100, deadline=None)
@given(assessments(), st.data())
def test_adding_a_provider_never_uncovers(a, data):
    providers = [x.id for x in a.actors if x.active and not x.case_manager]
    if not providers or not a.needs:
        return
    j = data.draw(st.integers(0, len(a.needs) - 1))
    p = data.draw(st.sampled_from(providers))
    need = a.needs[j]
    more = replace(a, needs=a.needs[:j] + (replace(need, covered_by=tuple(dict.fromkeys((*need.covered_by, p)))),)
                   + a.needs[j + 1:])
    before, after = gaps(a), gaps(more)
    assert set(after["uncovered_needs"]) <= set(before["uncovered_needs"])
    assert need.id not in after["uncovered_needs"]
    if before["coverage"] is not None:
        assert after["coverage"] >= before["coverage"]


@settings(max_examples=100, deadline=None)
@given(assessments(), st.data())
def test_removing_an_actor_never_adds_coverage(a, data):
    if not a.actors:
        return
    x = data.draw(st.sampled_from([y.id for y in a.actors]))
    before, after = gaps(a), gaps(a.without([x]))
    assert set(before["uncovered_needs"]) <= set(after["uncovered_needs"])
    if before["coverage"] is not None:
        assert after["coverage"] <= before["coverage"]


@settings(max_examples=100, deadline=None)
@given(assessments(max_actors=14))
def test_ei_index_in_range(a):
    ei = intersectoral(a)["ei_index"]
    assert ei is None or -1.0 <= ei <= 1.0


@settings(max_examples=120, deadline=None)
@given(assessments(max_actors=12))
def test_brokers_are_networkx_betweenness(a):
    # independent of the shortcut that skips graphs where no node can broker
    g = nx.Graph()
    active = {x.id for x in a.actors if x.active}
    g.add_nodes_from(active)
    g.add_edges_from((t.a, t.b) for t in a.ties if t.kind != "conflict" and t.a in active and t.b in active)
    want = {i: round(v, 4) for i, v in nx.betweenness_centrality(g).items() if v > 0}
    assert intersectoral(a)["brokers"] == want
