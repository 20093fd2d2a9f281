"""Tests of the synthetic data generator and `netmap synth`: determinism, validity, realism, the demo folder."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from netmap.cli import main
from netmap.io.canonical import parse_situation, situation_to_dict
from netmap.io.json_files import dump_situation, read_json
from netmap.synth import END, START, generate, generate_dicts
from netmap.synth.generator import _allocate
from netmap.synth.profiles import PROFILES

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "netmap" / "data" / "demo"

N, SEED = 200, 11  # the sample most feature tests look at


@pytest.fixture(scope="module")
def sample():
    return generate(N, SEED)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.json"))}


def _providers(a):
    return {x.id for x in a.actors if x.active and not x.case_manager}


# --- determinism ------------------------------------------------------------------------------
def test_same_seed_gives_byte_identical_files(tmp_path, capsys):
    assert main(["synth", "--n", "60", "--seed", "5", "-o", str(tmp_path / "a")]) == 0
    assert main(["synth", "--n", "60", "--seed", "5", "-o", str(tmp_path / "b")]) == 0
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert len(a) == 60
    assert a == b
    assert "60 synthetic situations written" in capsys.readouterr().out


def test_files_do_not_depend_on_string_hashing(tmp_path):
    # another process with another hash seed must write the same bytes (no set-order dependence)
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-m", "netmap", "synth", "--n", "40", "--seed", "9", "-o", str(tmp_path)],
                   check=True, env=env, capture_output=True)
    assert _files(tmp_path) == {f"{s.id}.json": dump_situation(s).encode("utf-8") for s in generate(40, 9)}


def test_different_seeds_differ():
    one = [dump_situation(s) for s in generate(40, 1)]
    two = [dump_situation(s) for s in generate(40, 2)]
    assert one != two
    assert len(set(one) & set(two)) == 0  # no situation is the same in both


def test_generate_is_what_the_command_writes(tmp_path):
    assert main(["synth", "--n", "25", "--seed", "3", "-o", str(tmp_path)]) == 0
    files = _files(tmp_path)
    sits = generate(25, 3)
    assert files == {f"{s.id}.json": dump_situation(s).encode("utf-8") for s in sits}


def test_output_folder_with_other_json_is_refused(tmp_path, capsys):
    (tmp_path / "mine.json").write_text("{}", encoding="utf-8")
    assert main(["synth", "--n", "3", "--seed", "1", "-o", str(tmp_path)]) == 2
    assert "already holds JSON files" in capsys.readouterr().err
    assert (tmp_path / "mine.json").read_text(encoding="utf-8") == "{}"  # nothing deleted


def test_replace_deletes_only_previous_synth_files(tmp_path):
    assert main(["synth", "--n", "30", "--seed", "1", "-o", str(tmp_path)]) == 0
    assert main(["synth", "--n", "30", "--seed", "1", "-o", str(tmp_path)]) == 2  # not empty
    assert main(["synth", "--n", "5", "--seed", "1", "-o", str(tmp_path), "--replace"]) == 0
    assert len(_files(tmp_path)) == 5


def test_allocation_follows_the_weights():
    # the weights sum to 109, so 109 requests give each public exactly its weight
    weights = {p.key: p.weight for p in PROFILES}
    assert sum(weights.values()) == 109
    assert Counter(p.key for p in _allocate(109)) == weights
    # Namur's youth public is capped at 130 requests (a 14-place service), the rest goes to Brussels youth:
    # 1000 * 20 / 109 = 183.49 -> 183 (+ remainder rounding), capped to 130
    counts = Counter(p.key for p in _allocate(1000))
    assert counts["youth_namur"] == 130
    assert sum(counts.values()) == 1000


# --- validity -----------------------------------------------------------------------------------
@pytest.mark.parametrize("n,seed", [(0, 0), (1, 0), (2, 99), (7, 123456789), (50, -4), (150, 2024)])
def test_every_situation_is_valid(n, seed):
    objs = generate_dicts(n, seed)
    assert len(objs) == n
    for obj in objs:
        sit, problems = parse_situation(json.loads(json.dumps(obj)), file="synth")
        assert problems == []
        assert situation_to_dict(sit) == obj  # canonical already: every key, in order
    assert len({o["id"] for o in objs}) == n


def test_folder_reads_back_as_a_dataset(tmp_path):
    assert main(["synth", "--n", "80", "--seed", "8", "-o", str(tmp_path)]) == 0
    assert len(read_json(tmp_path)) == 80  # raises ValidationError on any problem


def test_dates_lie_in_the_reference_period(sample):
    for s in sample:
        dates = [s.requested, s.opened, s.closed, *(a.date for a in s.assessments), *(m.date for m in s.meetings),
                 *(f.date for f in s.funding)]
        for d in dates:
            if d is not None:  # the fixed reference period, whatever the day the tests run
                assert dt.date(2018, 1, 1) == START <= d <= END == dt.date(2025, 12, 31)
        if s.opened:
            assert s.assessments[0].date == s.opened
            last = s.closed or END
            assert all(s.opened <= m.date <= last for m in s.meetings)
            assert all(a.date <= last for a in s.assessments)


# --- realism and coverage of features -----------------------------------------------------------
def test_lifecycle_outcomes(sample):
    outcomes = Counter(s.outcome for s in sample)
    for o in ("refused_saturation", "open", "closed_stabilised", "closed_interrupted", "closed_other", "redirected",
              "refused_criteria"):
        assert outcomes[o] > 0, o
    assert outcomes["open"] + sum(v for k, v in outcomes.items() if k.startswith("closed_")) > N / 2
    for s in sample:
        if s.outcome == "refused_saturation":
            assert s.opened is None and s.closed is None


def test_kirikou_refuses_only_when_full_and_accepts_only_with_room():
    # Kirikou's capacity in the directory is 14 situations followed at once; the demo's parameters
    # give Kirikou about 60 requests in 8 years, enough to fill it at times
    kir = [s for s in generate(300, 2024) if s.service == "kirikou-cm"]
    taken = [s for s in kir if s.opened]

    def following(day, strictly_before):
        return sum(1 for t in taken if (t.requested < day if strictly_before else t.requested <= day)
                   and (t.closed is None or t.closed > day))

    refused = [s for s in kir if s.outcome == "refused_saturation"]
    assert refused, "the sample should show Kirikou saturated at some point"
    for s in refused:
        assert following(s.requested, strictly_before=False) >= 14
    for s in taken:
        assert following(s.requested, strictly_before=True) < 14


def test_assessments_evolve(sample):
    followed = [s for s in sample if s.opened]
    counts = Counter(len(s.assessments) for s in followed)
    assert counts[1] > 0 and sum(v for k, v in counts.items() if k >= 3) > 0
    assert max(counts) <= 5
    left = joined = met = newly_covered = exh_changed = 0
    for s in followed:
        first, last = s.assessments[0], s.assessments[-1]
        ids1 = {a.id for a in first.actors if a.active}
        ids2 = {a.id for a in last.actors if a.active}
        left += bool(ids1 - ids2)
        joined += bool(ids2 - ids1)
        met += any(n.status == "met" for n in last.needs)
        for n in last.active_needs:
            before = first.need(n.id)
            if before and not set(before.covered_by) & _providers(first) and set(n.covered_by) & _providers(last):
                newly_covered += 1
        for a in last.actors:
            b = first.actor(a.id)
            if b and b.exhaustion is not None and a.exhaustion is not None and a.exhaustion != b.exhaustion:
                exh_changed += 1
    assert left and joined and met and newly_covered and exh_changed


def test_grey_zones_present(sample):
    # every service of the directory requires region bruxelles or namur, and Namur's only service
    # (Kirikou) ages 0-23: such persons fit no service, whatever their needs
    outside = [s for s in sample if s.person.region not in ("bruxelles", "namur")]
    namur_adults = [s for s in sample if s.person.region == "namur" and s.person.age is not None
                    and s.person.age > 23]
    assert outside and namur_adults
    assert any(s.opened for s in outside + namur_adults)  # some are followed anyway


def _fits(criteria, s):
    """The directory's rule (shared/spec/taxonomy.md), written out again here from the spec's text."""
    p, a = s.person, s.assessment_at()
    domains = {n.domain for n in a.active_needs} if a else set()
    informal = [x for x in (a.actors if a else ()) if x.active and not x.formal]
    for key, v in criteria.items():
        if key == "age_min":
            ok = p.age is not None and p.age >= v
        elif key == "age_max":
            ok = p.age is not None and p.age <= v
        elif key in ("regions", "housing", "demand"):
            ok = getattr(p, {"regions": "region"}.get(key, key)) in v
        elif key == "needs_any":
            ok = bool(domains & set(v))
        elif key == "network_exhausted":
            ok = not informal or any((x.exhaustion or 0) >= 2 for x in informal)
        else:
            assert key == "any_of"
            ok = any(_fits(c, s) for c in v)
        if not ok:
            return False
    return True


def test_followed_persons_fit_their_service_or_are_in_a_grey_zone(sample):
    from netmap.taxonomy import default_taxonomy

    services = default_taxonomy().services
    grey = 0
    for s in sample:
        if s.opened:
            fitting = [k for k, sv in services.items() if _fits(sv.criteria, s)]
            assert s.service in fitting or not fitting, s.id
            grey += not fitting
    assert grey > 0


def test_publics_fit_their_service(sample):
    for s in sample:
        p = s.person
        if s.service == "bru-stars-cm" and p.region == "bruxelles":
            assert p.age is not None and p.age <= 23
        if s.service == "mobile-107-precarite" and p.region == "bruxelles":
            assert p.age is not None and p.age >= 18
    elderly = [s.person.age for s in sample if s.service == "brusano-cm" and s.person.age and s.person.age >= 65]
    assert elderly and max(elderly) <= 98


def test_network_features(sample):
    ass = [a for s in sample for a in s.assessments]
    actors = [x for a in ass for x in a.actors]
    assert all(3 <= len(a.actors) <= 40 for a in ass)
    assert any(not x.formal and x.exhaustion is not None and x.exhaustion >= 2 for x in actors)  # exhausted carers
    assert sum(x.exhaustion is None for x in actors) > len(actors) / 2  # mostly not assessed
    assert any(t.kind == "conflict" for a in ass for t in a.ties)
    assert any(x.tie_to_person == "conflict" for x in actors)
    assert {t.kind for a in ass for t in a.ties} == {"coordination", "support", "information", "conflict"}
    assert {t.strength for a in ass for t in a.ties} == {"strong", "normal", "tenuous"}
    assert any(not x.active for x in actors)
    assert any(x.mandate == "judicial" for x in actors)
    assert any(x.referent for x in actors)
    uncovered = informal_only = cm_only = 0
    for a in ass:
        informal = {x.id for x in a.actors if x.active and not x.formal}
        cms = {x.id for x in a.actors if x.case_manager}
        for n in a.active_needs:
            cov = set(n.covered_by) & _providers(a)
            uncovered += not cov
            informal_only += bool(cov) and cov <= informal
            cm_only += bool(n.covered_by) and set(n.covered_by) <= cms
    assert uncovered and informal_only and cm_only
    assert {n.status for a in ass for n in a.needs} == {"active", "met", "dormant"}
    assert any(n.priority and n.goal for a in ass for n in a.needs)


def test_case_managers(sample):
    followed = [s for s in sample if s.opened]
    with_cm = [s for s in followed if any(x.case_manager for x in s.assessments[0].actors)]
    assert 0.8 * len(followed) <= len(with_cm) < len(followed)
    sectors = {"bru-stars-cm": {"mental_health"}, "kirikou-cm": {"mental_health"},
               "mobile-107-precarite": {"mental_health"}, "dune-liaison": {"addiction", "social_work"},
               "brusano-cm": {"social_work", "primary_care"}}
    for s in with_cm:
        cm = [x for x in s.assessments[0].actors if x.case_manager]
        assert len(cm) == 1 and cm[0].sector in sectors[s.service]


def test_language_ties_between_fr_and_nl(sample):
    found = 0
    for s in sample:
        for a in s.assessments:
            lang = {x.id: x.language for x in a.actors if x.active}
            for t in a.ties:
                if t.kind != "conflict" and {lang.get(t.a), lang.get(t.b)} == {"fr", "nl"}:
                    found += 1
    assert found


def test_plans(sample):
    actions = [(a.date, x) for s in sample for a in s.assessments for x in a.actions]
    statuses = Counter(x.status for _, x in actions)
    assert statuses["todo"] and statuses["done"] and statuses["dropped"]
    assert any(x.owner is None for _, x in actions)
    assert any(x.owner == "person" for _, x in actions)
    assert any(x.status == "todo" and x.due is not None and x.due < d for d, x in actions)  # overdue


def test_meetings_and_funding(sample):
    meetings = [m for s in sample for m in s.meetings]
    assert {m.kind for m in meetings} == {"concertation", "pre_concertation", "home_visit", "other"}
    conc = [m for m in meetings if m.kind == "concertation"]
    assert any("person" in m.attendees for m in conc) and any("person" not in m.attendees for m in conc)
    funding = [f for s in sample for f in s.funding]
    assert any(f.fund == "Criseflex" for f in funding) and len({f.fund for f in funding}) >= 2
    assert {"granted", "refused"} <= {f.status for f in funding}
    for f in funding:
        if f.status == "granted":
            assert f.granted_eur is not None and 0 < f.granted_eur <= f.requested_eur
        else:
            assert f.granted_eur in (None, 0)


def test_consent(sample):
    consents = Counter(s.person.consent for s in sample)
    assert consents["given"] > N / 2 and consents["not_required"] and consents["pending"] and consents["refused"]
    for s in sample:
        if s.person.consent == "not_required":
            assert s.person.age is not None and s.person.age < 18



def test_labels_are_roles_not_names(sample):
    from netmap.synth import profiles

    roles = {v.label for v in vars(profiles).values() if isinstance(v, profiles.ActorKind)}
    for s in sample:
        for a in s.assessments:
            for x in a.actors:
                base = re.sub(r" \(\d+\)$", "", x.label)
                assert base in roles or (x.case_manager and base.startswith("Case manager ")), x.label


# --- the demo dataset -----------------------------------------------------------------------------
def test_demo_folder_is_what_the_documented_command_writes(tmp_path):
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    cmd = re.search(r"netmap synth --n (\d+) --seed (\d+) -o netmap/data/demo", readme)
    assert cmd, "data/README.md should give the command that made the demo folder"
    n, seed = cmd.group(1), cmd.group(2)
    assert main(["synth", "--n", n, "--seed", seed, "-o", str(tmp_path)]) == 0
    assert _files(tmp_path) == _files(DEMO)
    assert sum(len(b) for b in _files(DEMO).values()) < 10_000_000



def test_progress_is_reported_once_per_situation():
    calls = []
    generate(5, 1, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]


def test_sample_raises_every_flag_and_some_networks_are_ready(sample):
    # the data drives the measures: every finding of shared/spec/measures.md shows up somewhere,
    # and some stabilised situations are ready for the case manager's withdrawal
    from netmap.measures import FLAG_SEVERITY, evaluate

    codes, ready_before_withdrawal = set(), 0
    for s in sample:
        for a in s.assessments:
            e = evaluate(s, assessment=a, sentences=False)
            codes |= {f["code"] for f in e["flags"]}
            ready_before_withdrawal += a.label == "avant retrait" and e["readiness"]["ready"]
    assert codes == set(FLAG_SEVERITY)
    assert ready_before_withdrawal > 0
