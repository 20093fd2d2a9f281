"""The eco-map never lies by geometry (issue 13): no line passes through a node it does not join, nor
through a label, on the demo data and on crowded networks of 40 actors.

Checked independently of netmap.viz.routing: each drawn line is sampled every half pixel and every
sample is tested against every other node's disc (its half-size plus 2 px) and every label's box.
"""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest

from netmap.io.canonical import situation_from_dict
from netmap.layout import label_box
from netmap.viz.scene import ecomap_scene

SECTORS = ["informal", "primary_care", "mental_health", "social_work", "cpas", "housing", "home_care",
           "youth_family", "education", "justice", "hospital", "addiction", "disability", "community"]
DOMAINS = ["mental_health", "housing", "finances", "physical_health", "family_relations", "schooling",
           "social_network", "rights_admin", "basic_adl", "justice"]


def _samples(points) -> np.ndarray:
    out = []
    for (x0, y0), (x1, y1) in zip(points[:-1], points[1:], strict=True):
        n = max(2, int(np.hypot(x1 - x0, y1 - y0) * 2))
        t = np.linspace(0.0, 1.0, n)
        out.append(np.column_stack([x0 + (x1 - x0) * t, y0 + (y1 - y0) * t]))
    return np.vstack(out)


def lies(scene) -> list[str]:
    """Every line that crosses a node it does not join or a label (its own ends' labels aside)."""
    found = []
    for ln in scene.lines:
        pts = _samples(ln.points)
        for n in scene.nodes:
            if n.key in (ln.a, ln.b):
                continue
            d = np.hypot(pts[:, 0] - n.x, pts[:, 1] - n.y)
            if (d < n.size + 2).any():
                found.append(f"{ln.a}–{ln.b} through node {n.key}")
            if n.label:
                b = label_box(n.x, n.y, n.size, n.label, scene.font_size)
                inside = ((pts[:, 0] > b.x0 + 1) & (pts[:, 0] < b.x1 - 1) & (pts[:, 1] > b.y0 + 1)
                          & (pts[:, 1] < b.y1 - 1))
                if inside.any():
                    found.append(f"{ln.a}–{ln.b} through the label of {n.key}")
    return found


def crowded(n_actors: int, seed: int):
    """A fictional assessment of ``n_actors`` actors in many sectors, with many ties between them."""
    rnd = random.Random(seed)
    actors = [{"id": "cm", "label": "Case manager", "formal": True, "sector": "mental_health", "case_manager": True}]
    for i in range(1, n_actors):
        sector = rnd.choice(SECTORS)
        actors.append({"id": f"a{i}", "label": f"{'Proche' if sector == 'informal' else 'Service'} {i}",
                       "formal": sector != "informal", "sector": sector,
                       "tie_to_person": rnd.choice(["strong", "normal", "tenuous", "conflict"]),
                       "exhaustion": rnd.choice([None, 0, 1, 2, 3])})
    pairs = {tuple(sorted(rnd.sample(range(n_actors), 2))) for _ in range(n_actors * 2)}
    ties = [{"a": "cm" if a == 0 else f"a{a}", "b": f"a{b}",
             "kind": rnd.choice(["coordination", "support", "information", "conflict"])} for a, b in sorted(pairs)]
    needs = [{"id": f"n{j}", "domain": d, "covered_by": rnd.sample([f"a{i}" for i in range(1, n_actors)], rnd.randint(0, 2))}
             for j, d in enumerate(DOMAINS)]
    return situation_from_dict({
        "format": "netmap/1", "id": f"CROWD-{seed}", "service": "brusano-cm", "requested": "2025-01-01",
        "opened": "2025-01-02", "closed": None, "outcome": "open",
        "person": {"age": 40, "region": "bruxelles", "housing": "own_home", "insured": True, "demand": "expressed",
                   "consent": "given"},
        "assessments": [{"date": "2025-02-01", "actors": actors, "ties": ties, "needs": needs}]})


def test_the_check_sees_a_lie():
    """A straight line drawn through a third node is caught (the check can fail)."""
    import dataclasses

    scene = ecomap_scene(crowded(12, 1), None)
    a, b, c = [n for n in scene.nodes if n.kind == "actor"][:3]
    fake = dataclasses.replace(scene.lines[0], a=a.key, b=b.key, points=((a.x, a.y), (c.x, c.y), (b.x, b.y)))
    assert lies(dataclasses.replace(scene, lines=(fake,)))


def test_demo_maps_tell_no_lie():
    from netmap.io.json_files import read_json
    from netmap.taxonomy import DATA_DIR

    sits = [s for s in read_json(DATA_DIR / "demo") if s.assessments]
    found = {s.id: lies(ecomap_scene(s, None)) for s in sits}
    assert not {k: v for k, v in found.items() if v}


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_crowded_maps_of_40_actors_tell_no_lie(seed):
    sit = crowded(40, seed)
    assert len(sit.assessments[0].actors) == 40
    scene = ecomap_scene(sit, dt.date(2025, 2, 1))
    assert lies(scene) == []
