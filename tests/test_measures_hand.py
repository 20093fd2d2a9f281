"""Small situations worked out by hand, one check per measure, with the derivation beside it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from netmap.errors import UsageError
from netmap.io import load
from netmap.measures import (
    actor_graph,
    evaluate,
    flags,
    fragility,
    fragility_level,
    gaps,
    intersectoral,
    measure_assessment,
    readiness,
    without,
)
from netmap.model import Action, Actor, Assessment, Need, Tie

DATA = Path(__file__).parent / "data"
D = dt.date(2024, 5, 1)

# Case A: the "home" case. G (active actors, non-conflict ties) is the path
#     ais — cm — gp — nurse — daughter      plus friend with no edge.
# psy is inactive (ignored with its tie); gp–nurse has two ties (one edge);
# gp–daughter is a conflict (no edge, but a conflict pair).
CASE_A = Assessment(
    date=D,
    actors=(
        Actor("cm", "Case manager", True, "social_work", case_manager=True),
        Actor("gp", "Dr G.", True, "primary_care", language="fr", referent=True),
        Actor("nurse", "Infirmière", True, "home_care", language="nl", exhaustion=2),
        Actor("daughter", "Fille", False, "informal", exhaustion=3),
        Actor("ais", "AIS", True, "housing"),
        Actor("psy", "Psy", True, "mental_health", active=False),
        Actor("friend", "Ami", False, "informal", tie_to_person="conflict"),
    ),
    ties=(
        Tie("cm", "gp", "coordination"),
        Tie("cm", "ais", "coordination"),
        Tie("gp", "nurse", "coordination"),
        Tie("nurse", "gp", "information"),
        Tie("nurse", "daughter", "support"),
        Tie("gp", "daughter", "conflict"),
        Tie("psy", "gp", "coordination"),
    ),
    needs=(
        Need("n1", "physical_health", covered_by=("gp", "nurse")),
        Need("n2", "basic_adl", covered_by=("daughter",)),
        Need("n3", "housing", covered_by=("ais", "cm")),
        Need("n4", "mental_health", covered_by=("psy",)),
        Need("n5", "finances", covered_by=("cm",)),
        Need("n6", "social_network", status="met"),
        Need("n7", "daily_activities", covered_by=("friend",)),
    ),
    actions=(
        Action("a1", "x", "gp", "todo", due=D),
        Action("a2", "x", "cm", "done"),
        Action("a3", "x", "person", "todo", due=D),
        Action("a4", "x", "nurse", "todo"),
    ),
)

# Case B: the case manager holds the network.  G: b — a — cm — c, and d alone.
# G − CM: {a, b}, {c}, {d}.
CASE_B = Assessment(
    date=D,
    actors=(
        Actor("cm", "Case manager", True, "mental_health", case_manager=True),
        Actor("a", "SSM", True, "mental_health"),
        Actor("b", "Psychiatre", True, "mental_health"),
        Actor("c", "CPAS", True, "cpas"),
        Actor("d", "Avocat", True, "justice"),
    ),
    ties=(Tie("cm", "a", "coordination"), Tie("cm", "c", "coordination"), Tie("a", "b", "support")),
    needs=(Need("n1", "mental_health", covered_by=("a", "b")), Need("n2", "finances", covered_by=("c",))),
)

EMPTY = Assessment(date=D)


def test_actor_graph():
    g = actor_graph(CASE_A)
    # nodes: the 6 active actors (psy inactive); edges: 7 ties − 1 conflict − 1 to psy − 1 duplicate pair = 4
    assert sorted(g.nodes) == ["ais", "cm", "daughter", "friend", "gp", "nurse"]
    assert sorted(tuple(sorted(e)) for e in g.edges) == [("ais", "cm"), ("cm", "gp"), ("daughter", "nurse"),
                                                          ("gp", "nurse")]


def test_gaps_case_a():
    g = gaps(CASE_A)
    # N = n1 n2 n3 n4 n5 n7 (n6 is met). cov: n1 {gp,nurse}, n2 {daughter}, n3 {ais} (cm never counts),
    # n4 {} (psy inactive), n5 {} (cm only), n7 {friend}.
    assert g["uncovered_needs"] == ["n4", "n5"]
    assert g["thin_needs"] == ["n2", "n3", "n7"]
    assert g["informal_only_needs"] == ["n2", "n7"]  # daughter, friend are informal
    # n4 mental_health → primary mental_health, n5 finances → cpas; no provider of either sector
    assert g["missing_sectors"] == ["cpas", "mental_health"]
    assert g["coverage"] == pytest.approx(4 / 6)  # (6 − 2) / 6
    assert list(g) == ["uncovered_needs", "thin_needs", "informal_only_needs", "missing_sectors", "coverage"]


def test_missing_sector_not_reported_when_a_provider_has_it():
    # n1 housing uncovered, but an actor of sector housing is a provider (covering nothing): not missing
    a = Assessment(date=D, actors=(Actor("ais", "AIS", True, "housing"),), needs=(Need("n1", "housing"),))
    assert gaps(a)["missing_sectors"] == []
    # ... whereas a case manager of that sector does not count (not a provider)
    b = Assessment(date=D, actors=(Actor("cm", "CM", True, "housing", case_manager=True),),
                   needs=(Need("n1", "housing"),))
    assert gaps(b)["missing_sectors"] == ["housing"]


def test_fragility_case_a():
    f = fragility(CASE_A)
    assert f["exhausted_actors"] == ["daughter", "nurse"]  # 3 and 2; friend null is not exhausted
    # sole providers: cov(n2)={daughter}, cov(n3)={ais}, cov(n7)={friend}
    assert f["sole_providers"] == {"ais": ["n3"], "daughter": ["n2"], "friend": ["n7"]}
    assert list(f["sole_providers"]) == ["ais", "daughter", "friend"]
    assert f["exhausted_sole_providers"] == ["daughter"]
    # G − CM: gp — nurse — daughter, ais, friend: nurse is the only articulation point
    assert f["cut_actors"] == ["nurse"]
    assert f["components"] == 2  # the path and friend
    assert f["isolated_providers"] == ["friend"]  # ais has its edge to cm
    assert f["components_without_cm"] == 3  # {gp, nurse, daughter}, {ais}, {friend}
    # covering providers gp nurse daughter ais friend are already apart in G (friend): CM does not hold it
    assert f["cm_holds_network"] is False
    # ... but they are split: the 3 components of G − CM each hold a covering provider
    assert f["provider_groups"] == 3
    # daughter (3) covers n2; nurse (2) is exhausted but not at the top of the scale
    assert f["at_risk_providers"] == ["daughter"]
    # conflict tie gp–daughter → [daughter, gp]; friend's tie_to_person conflict → [person, friend]
    assert f["conflicts"] == [["daughter", "gp"], ["person", "friend"]]


def test_fragility_case_b_cm_holds():
    f = fragility(CASE_B)
    assert f["components"] == 2  # {cm, a, b, c}, {d}
    assert f["components_without_cm"] == 3  # {a, b}, {c}, {d}
    # covering a, b, c: one component of G, two of G − CM
    assert f["cm_holds_network"] is True
    assert f["provider_groups"] == 2  # {a, b} and {c}; {d} covers nothing
    assert f["cut_actors"] == []  # G − CM has only the edge a–b
    assert f["isolated_providers"] == ["d"]
    assert f["sole_providers"] == {"c": ["n2"]}


def test_intersectoral_case_a():
    m = intersectoral(CASE_A)
    assert m["sectors"] == ["home_care", "housing", "informal", "primary_care", "social_work"]
    assert m["sector_count"] == 5
    # edges cm–gp, cm–ais, gp–nurse, nurse–daughter, all between different sectors
    assert m["sector_ties"] == {"home_care|informal": 1, "home_care|primary_care": 1, "housing|social_work": 1,
                                "primary_care|social_work": 1}
    assert m["ei_index"] == 1.0  # (4 − 0) / 4
    assert m["cross_sector_ties"] == 4
    assert m["siloed_sectors"] == []
    # betweenness on the path ais–cm–gp–nurse–daughter plus an isolated node (n = 6):
    # cm lies on 3 pairs (ais × gp, nurse, daughter), gp on 4 ({ais,cm} × {nurse,daughter}), nurse on 3;
    # normalised by (n−1)(n−2)/2 = 10 → 0.3, 0.4, 0.3; ordered by value then id
    assert m["brokers"] == {"cm": 0.3, "nurse": 0.3, "gp": 0.4}
    assert list(m["brokers"]) == ["cm", "nurse", "gp"]
    assert m["language_ties"] == 1  # gp fr – nurse nl; other ends have no language


def test_intersectoral_case_b():
    m = intersectoral(CASE_B)
    assert m["sector_count"] == 3
    # cm–a, a–b inside mental_health (I = 2); cm–c across (E = 1)
    assert m["sector_ties"] == {"cpas|mental_health": 1, "mental_health|mental_health": 2}
    assert m["ei_index"] == pytest.approx(-1 / 3)  # (1 − 2) / 3
    assert m["cross_sector_ties"] == 1
    assert m["siloed_sectors"] == ["justice"]  # d has no edge at all
    # path b–a–cm–c, n = 5: a on (b,cm), (b,c) = 2; cm on (b,c), (a,c) = 2; / (4·3/2 = 6) = 0.3333
    assert m["brokers"] == {"a": 0.3333, "cm": 0.3333}


def test_brokers_of_a_clique_and_a_star():
    clique = Assessment(date=D, actors=tuple(Actor(i, i, True, "cpas") for i in "abc"),
                        ties=(Tie("a", "b", "support"), Tie("b", "c", "support"), Tie("a", "c", "support")))
    assert intersectoral(clique)["brokers"] == {}  # every pair is adjacent: no shortest path has an inside
    star = Assessment(date=D, actors=tuple(Actor(i, i, True, "cpas") for i in "hxyz"),
                      ties=(Tie("h", "x", "support"), Tie("h", "y", "support"), Tie("h", "z", "support")))
    # h lies on all 3 pairs of leaves; normalised by (4−1)(4−2)/2 = 3 → 1.0
    assert intersectoral(star)["brokers"] == {"h": 1.0}


def test_siloed_needs_two_sectors():
    one = Assessment(date=D, actors=(Actor("x", "X", True, "cpas"), Actor("y", "Y", True, "cpas")))
    assert intersectoral(one)["siloed_sectors"] == []  # sector_count 1 < 2
    assert intersectoral(one)["ei_index"] is None  # no edge


def test_language_ties_need_both_languages_set():
    a = Assessment(
        date=D,
        actors=(Actor("a", "A", True, "cpas", language="fr"), Actor("b", "B", True, "cpas", language="fr"),
                Actor("c", "C", True, "cpas", language="nl"), Actor("d", "D", True, "cpas")),
        ties=(Tie("a", "b", "coordination"), Tie("b", "c", "coordination"), Tie("c", "d", "coordination"),
              Tie("a", "c", "conflict")),
    )
    assert intersectoral(a)["language_ties"] == 1  # only b–c; a–b same, c–d unset, a–c is a conflict


def test_readiness_case_a():
    r = readiness(CASE_A, consent="given")
    # plan: a1 ok, a2 done (ignored), a3 owner person with a due date ok, a4 has no due date → fail
    assert r["criteria"] == {
        "all_needs_covered": "fail",  # n4, n5
        "no_exhausted_sole_provider": "fail",  # daughter
        "holds_without_cm": "fail",  # covering providers in 3 components of G − CM
        "plan_owned": "fail",
        "consent": "pass",
        "referent_named": "pass",  # gp
        "redundancy": "fail",  # n2 n3 n7
        "no_conflict": "fail",
        "several_providers": "pass",  # 5 providers
    }
    assert r["score"] == 0.333  # 3 / 9
    assert r["ready"] is False
    assert r["blocking_failures"] == ["all_needs_covered", "no_exhausted_sole_provider", "holds_without_cm",
                                      "plan_owned"]


def test_readiness_case_b_and_consent():
    r = readiness(CASE_B, consent="refused")
    # pass: all_needs_covered, no_exhausted_sole_provider, plan_owned (no action), no_conflict,
    # several_providers (a b c d) = 5 / 9 = 0.556; fail: holds (cm holds), consent, referent, redundancy (n2)
    assert r["score"] == 0.556
    assert r["blocking_failures"] == ["holds_without_cm", "consent"]
    assert readiness(CASE_B, consent="not_required")["blocking_failures"] == ["holds_without_cm"]


@pytest.mark.parametrize(
    ("action", "passes"),
    [
        (Action("p", "x", "gp", "todo", due=D), True),
        (Action("p", "x", None, "todo", due=D), False),  # nobody took it
        (Action("p", "x", "cm", "todo", due=D), False),  # the case manager owns it
        (Action("p", "x", "gp", "todo"), False),  # no due date
        (Action("p", "x", None, "dropped"), True),  # not todo: ignored
        (Action("p", "x", "cm", "done", due=D), True),
        (Action("p", "x", "person", "todo", due=D), True),  # the person can act
        (Action("p", "x", "old", "todo", due=D), False),  # version 2: an inactive owner cannot act
    ],
)
def test_plan_owned(action, passes):
    a = Assessment(date=D, actors=(Actor("cm", "CM", True, "cpas", case_manager=True),
                                   Actor("gp", "GP", True, "primary_care"),
                                   Actor("old", "Former GP", True, "primary_care", active=False)), actions=(action,))
    assert readiness(a, consent="given")["criteria"]["plan_owned"] == ("pass" if passes else "fail")


def test_flags_case_a():
    found = flags(CASE_A)
    # one flag per id; daughter is EXHAUSTED_SOLE_PROVIDER so neither SOLE_PROVIDER nor EXHAUSTED_ACTOR
    assert [(f["code"], f["ids"]) for f in found] == [
        ("CONFLICT", ["daughter", "gp"]),
        ("CONFLICT", ["person", "friend"]),
        ("CUT_ACTOR", ["nurse"]),
        ("EXHAUSTED_ACTOR", ["nurse"]),
        ("EXHAUSTED_SOLE_PROVIDER", ["daughter"]),
        ("INFORMAL_ONLY", ["n2"]),
        ("INFORMAL_ONLY", ["n7"]),
        ("ISOLATED_PROVIDER", ["friend"]),
        ("SOLE_PROVIDER", ["ais"]),
        ("SOLE_PROVIDER", ["friend"]),
        # G − CM = {gp, nurse, daughter}, {ais}, {friend}: covering providers in 3 groups, and not because of the
        # CM (friend is apart even with the CM), so the split is SPLIT_NETWORK; ids = the 5 covering providers
        ("SPLIT_NETWORK", ["ais", "daughter", "friend", "gp", "nurse"]),
        ("UNCOVERED_NEED", ["n4"]),
        ("UNCOVERED_NEED", ["n5"]),
    ]
    # daughter (3, the top of the scale) is at risk, but already EXHAUSTED_SOLE_PROVIDER: no AT_RISK_PROVIDER;
    # version 2 has no THIN_NEED flag (n2 n3 n7 are the SOLE_PROVIDER / EXHAUSTED_SOLE_PROVIDER above)
    sev = {f["code"]: f["severity"] for f in found}
    assert sev["UNCOVERED_NEED"] == sev["EXHAUSTED_SOLE_PROVIDER"] == sev["SPLIT_NETWORK"] == "high"
    assert sev["CONFLICT"] == sev["CUT_ACTOR"] == "medium" and sev["ISOLATED_PROVIDER"] == "low"
    assert fragility_level(found) == "high"


def test_flag_sentences_use_labels_and_taxonomy_names():
    found = {(f["code"], tuple(f["ids"])): f for f in flags(CASE_A)}
    f = found[("UNCOVERED_NEED", ("n5",))]
    assert f["fr"] == "Le besoin « Finances » n'est couvert par personne ; aucun acteur du secteur CPAS."
    assert f["en"] == ("The need “Finances” is not covered by anyone; no actor of the sector "
                       "“Public social welfare centre” is involved.")
    f = found[("CONFLICT", ("person", "friend"))]
    assert f["fr"].startswith("Conflit entre la personne et Ami")
    f = found[("EXHAUSTED_SOLE_PROVIDER", ("daughter",))]
    assert "Fille" in f["fr"] and "« AVQ de base »" in f["fr"] and "Basic daily living" in f["en"]
    f = found[("SOLE_PROVIDER", ("ais",))]
    assert "AIS" in f["en"] and "“Housing”" in f["en"]
    for f in found.values():  # never a raw code or an opaque need id
        for text in (f["fr"], f["en"]):
            assert "n2" not in text and "basic_adl" not in text and "primary_care" not in text
    holds = [f for f in flags(CASE_B) if f["code"] == "CM_HOLDS_NETWORK"]
    assert holds[0]["ids"] == ["cm"] and "Case manager" in holds[0]["fr"]
    assert "Not ready to withdraw" in holds[0]["en"]
    # provider_groups 2 but cm_holds_network: CM_HOLDS_NETWORK, not SPLIT_NETWORK as well
    assert [f["code"] for f in flags(CASE_B)] == ["CM_HOLDS_NETWORK", "ISOLATED_PROVIDER", "SILOED_SECTOR",
                                                   "SOLE_PROVIDER"]
    assert "« Justice & aide juridique »" in [f for f in flags(CASE_B) if f["code"] == "SILOED_SECTOR"][0]["fr"]


def test_fragility_levels():
    assert fragility_level([]) == "none"
    assert fragility_level([{"severity": "low"}]) == "low"
    assert fragility_level([{"severity": "low"}, {"severity": "medium"}]) == "medium"
    assert fragility_level([{"severity": "medium"}, {"severity": "high"}]) == "high"


def test_empty_assessment():
    out = measure_assessment(EMPTY, consent="given")
    m = out["measures"]
    assert m["coverage"] is None and m["ei_index"] is None  # N = ∅, no edge
    assert (m["components"], m["components_without_cm"], m["sector_count"]) == (0, 0, 0)
    assert m["brokers"] == {} and m["cm_holds_network"] is False
    # fail only referent_named and several_providers → 7 / 9
    assert out["readiness"]["score"] == 0.778 and out["readiness"]["ready"] is True
    assert out["flags"] == [] and out["fragility"] == "none"


def test_exhausted_case_manager_counts():
    a = Assessment(date=D, actors=(Actor("cm", "CM", True, "cpas", case_manager=True, exhaustion=2),
                                   Actor("x", "X", True, "cpas", exhaustion=1)))
    assert fragility(a)["exhausted_actors"] == ["cm"]  # A includes CM; 1 is not exhausted


def test_what_if_without_son():
    [s] = load(DATA / "elderly-namur.json")
    out = without(s, ["fils"])
    # without fils: avq (fils only) joins memo uncovered; N still 5 → coverage 3/5
    assert out["measures"]["uncovered_needs"] == ["avq", "memo"]
    assert out["measures"]["coverage"] == pytest.approx(0.6)
    # avq is basic_adl → home_care, which infi provides: only mental_health is missing
    assert out["measures"]["missing_sectors"] == ["mental_health"]
    assert out == evaluate(s, without=["fils"])
    assert s.assessments[0].actor("fils").active is True  # input untouched
    with pytest.raises(UsageError) as err:
        without(s, ["nobody-here"])
    assert "nobody-here" not in str(err.value)


# ---- version 2: new keys and flags, worked out by hand -------------------------------------------------------

def test_at_risk_provider_flag_for_a_carer_at_the_top_of_the_scale():
    # mother (3) covers basic_adl with the home-care service: not a sole provider, so not EXHAUSTED_SOLE_PROVIDER;
    # at the top of the scale and covering a need → AT_RISK_PROVIDER (high), and not EXHAUSTED_ACTOR as well.
    # uncle (3) covers nothing: exhausted, not "at risk provider". cm (3) is not a provider.
    a = Assessment(date=D, actors=(Actor("cm", "CM", True, "social_work", case_manager=True, exhaustion=3),
                                   Actor("mere", "Mère", False, "informal", exhaustion=3),
                                   Actor("sad", "Aide à domicile", True, "home_care"),
                                   Actor("oncle", "Oncle", False, "informal", exhaustion=3)),
                   ties=(Tie("mere", "sad", "coordination"), Tie("mere", "oncle", "support"),
                         Tie("cm", "sad", "coordination")),
                   needs=(Need("n1", "basic_adl", covered_by=("mere", "sad")),))
    f = fragility(a)
    assert f["at_risk_providers"] == ["mere"]
    assert f["exhausted_actors"] == ["cm", "mere", "oncle"]
    found = [(x["code"], x["ids"], x["severity"]) for x in flags(a)]
    # G − CM is the path sad — mere — oncle: mere is also a cut actor
    assert found == [("AT_RISK_PROVIDER", ["mere"], "high"), ("CUT_ACTOR", ["mere"], "medium"),
                     ("EXHAUSTED_ACTOR", ["cm"], "medium"), ("EXHAUSTED_ACTOR", ["oncle"], "medium")]
    assert fragility_level(flags(a)) == "high"  # version 1 said "medium" for this mother
    text = [x for x in flags(a) if x["code"] == "AT_RISK_PROVIDER"][0]["fr"]
    assert "Mère" in text and "« AVQ de base »" in text and "décrocher" in text


def test_split_network_without_a_case_manager():
    # no case manager at all: gp–ais tied, nurse apart; all three cover a need → 2 groups, SPLIT_NETWORK
    a = Assessment(date=D, actors=(Actor("gp", "GP", True, "primary_care"), Actor("ais", "AIS", True, "housing"),
                                   Actor("nurse", "Infirmière", True, "home_care")),
                   ties=(Tie("gp", "ais", "information"),),
                   needs=(Need("n1", "physical_health", covered_by=("gp", "nurse")),
                          Need("n2", "housing", covered_by=("ais",))))
    f = fragility(a)
    assert (f["components_without_cm"], f["provider_groups"], f["cm_holds_network"]) == (2, 2, False)
    split = [x for x in flags(a) if x["code"] == "SPLIT_NETWORK"]
    assert [x["ids"] for x in split] == [["ais", "gp", "nurse"]] and split[0]["severity"] == "high"
    assert "2 groupes" in split[0]["fr"] and "(AIS, GP | Infirmière)" in split[0]["fr"]
    r = readiness(a, consent="given")
    assert r["criteria"]["holds_without_cm"] == "fail"


def test_provider_groups_counts_only_components_with_a_covering_provider():
    assert fragility(EMPTY)["provider_groups"] == 0  # no need covered
    # two isolated providers, only one covers a need → 1 group; isolated x covers nothing
    a = Assessment(date=D, actors=(Actor("x", "X", True, "cpas"), Actor("y", "Y", True, "cpas")),
                   needs=(Need("n1", "finances", covered_by=("y",)),))
    assert fragility(a)["provider_groups"] == 1


def test_exhaustion_threshold_and_top_come_from_the_taxonomy():
    import dataclasses

    from netmap.taxonomy import default_taxonomy

    strict = dataclasses.replace(default_taxonomy(), exhausted_from=3)
    a = Assessment(date=D, actors=(Actor("m", "M", False, "informal", exhaustion=2),
                                   Actor("p", "P", False, "informal", exhaustion=3)),
                   needs=(Need("n1", "basic_adl", covered_by=("m", "p")),))
    assert fragility(a)["exhausted_actors"] == ["m", "p"]  # default: 2 and up
    assert fragility(a, taxonomy=strict)["exhausted_actors"] == ["p"]  # a service whose scale says 3
    # a scale with a fourth level: 3 is no longer its top, 4 is
    levels = dict(default_taxonomy().exhaustion_levels)
    levels[4] = {"fr": "Rupture", "en": "Breakdown"}
    wider = dataclasses.replace(default_taxonomy(), exhaustion_levels=levels)
    assert fragility(a)["at_risk_providers"] == ["p"]
    assert fragility(a, taxonomy=wider)["at_risk_providers"] == []


def test_failure_sentences_name_what_fails():
    from netmap.measures import failure_texts

    r = readiness(CASE_A, consent="given")
    fr = failure_texts(CASE_A, r, consent="given", lang="fr")
    # only failing criteria, in the spec's order
    assert list(fr) == ["all_needs_covered", "no_exhausted_sole_provider", "holds_without_cm", "plan_owned",
                        "redundancy", "no_conflict"]
    assert fr["all_needs_covered"] == "2 besoins ne sont couverts par personne : « Santé mentale » ; « Finances »"
    assert fr["no_exhausted_sole_provider"] == "un intervenant épuisé est seul à couvrir un besoin : Fille (« AVQ de base »)"
    # G − CM groups with a covering provider: {gp, nurse, daughter}, {ais}, {friend}; the CM is not what splits them
    assert fr["holds_without_cm"] == ("les intervenants forment 3 groupes qui ne se parlent pas : "
                                      "AIS ; Ami ; Dr G., Fille, Infirmière")
    assert fr["plan_owned"] == "une action à faire n'a pas de porteur qui peut agir ou pas d'échéance : 1 sans échéance"
    assert fr["no_conflict"] == "2 conflits dans le réseau : Fille – Dr G. ; la personne – Ami"
    en = failure_texts(CASE_B, readiness(CASE_B, consent="pending"), consent="pending", lang="en")
    assert en["holds_without_cm"] == ("without the case manager, the providers form 2 groups that do not talk to "
                                      "each other: CPAS; Psychiatre, SSM")
    assert en["consent"] == "the person's consent is not given: pending"
    assert en["referent_named"] == "no referent is named among the providers"
    assert en["redundancy"] == "a need rests on a single provider: “Finances” (CPAS)"


def test_every_failing_network_criterion_has_a_flag_naming_its_cause():
    """Spec: when a blocking criterion fails a flag says why. The flag table has flags for the three network
    criteria; plan_owned and consent have no flag in the spec (their cause is in the failure sentence)."""
    from netmap.synth import generate

    cause = {"all_needs_covered": {"UNCOVERED_NEED"}, "no_exhausted_sole_provider": {"EXHAUSTED_SOLE_PROVIDER"},
             "holds_without_cm": {"CM_HOLDS_NETWORK", "SPLIT_NETWORK"}}
    seen = dict.fromkeys(cause, 0)
    for s in [*generate(150, 11), *load(DATA / "youth-brussels.json"), *load(DATA / "elderly-namur.json")]:
        for a in s.assessments:
            out = measure_assessment(a, consent=s.person.consent, sentences=False)
            codes = {f["code"] for f in out["flags"]}
            high = {f["code"] for f in out["flags"] if f["severity"] == "high"}
            for key in out["readiness"]["blocking_failures"]:
                if key in cause:
                    seen[key] += 1
                    assert codes & cause[key], (s.id, a.date, key)
            if out["readiness"]["criteria"]["holds_without_cm"] == "fail":
                assert high & {"CM_HOLDS_NETWORK", "SPLIT_NETWORK"}
    assert all(n > 5 for n in seen.values()), seen  # the generated data exercises each criterion
