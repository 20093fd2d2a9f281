"""The eco-map layout: deterministic, rings by tie, wedges by sector, no label overlap, stable places."""

from __future__ import annotations

import datetime as dt
import math
import random

import pytest
from viz_situations import big, youth

from netmap.layout import RING, NodeSpec, compute_layout, wrap_label
from netmap.viz.scene import ecomap_scene, ghost_key

FONT = 12.0


def _boxes_by_hand(scene):
    """Label boxes worked out here from text length and font size: 0.6 em per character, 1.25 em a line,
    centred 12.5 px under the node; and the node's own square (with its badges, 12 px around)."""
    boxes = []
    for n in scene.nodes:
        size = FONT + 2 if n.kind == "person" else FONT
        w = max(len(t) for t in n.label) * 0.6 * size
        top = n.y + n.size + 12.5  # 3 px, below room for the thickest exhaustion ring (8 px + margin)
        boxes.append((n.key, (n.x - w / 2, top, n.x + w / 2, top + len(n.label) * 1.25 * size)))
        m = n.size + (0 if n.kind == "person" else 12)
        boxes.append((n.key, (n.x - m, n.y - m, n.x + m, n.y + m)))
    return boxes


def _overlapping(boxes):
    bad = []
    for i, (ka, a) in enumerate(boxes):
        for kb, b in boxes[i + 1:]:
            if ka != kb and a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]:
                bad.append((ka, kb))
    return bad


def test_same_input_same_positions_whatever_the_order():
    specs = [NodeSpec(f"x{i}", ("informal", "cpas", "hospital")[i % 3], i % 3 == 0, RING["normal"], (f"X {i}",))
             for i in range(15)]
    shuffled = specs[:]
    random.Random(4).shuffle(shuffled)
    a = compute_layout([specs], sector_order=("informal", "cpas", "hospital"))
    b = compute_layout([shuffled], sector_order=("informal", "cpas", "hospital"))
    assert a.scale == b.scale
    assert {s.key: a.xy(s) for s in specs} == {s.key: b.xy(s) for s in specs}


def test_rings_follow_the_tie_and_conflict_sits_on_the_normal_ring():
    sit = youth()  # January: Mère strong, Père tenuous, the others normal
    scene = ecomap_scene(sit, dt.date(2024, 1, 22))
    p = scene.person()
    dist = {n.key: math.hypot(n.x - p.x, n.y - p.y) for n in scene.nodes}
    assert dist["mere"] < dist["pedopsy"] < dist["pere"]
    # rings at 1.4, 2.2, 3.0 ring units (equally spaced; no stagger under 13 actors)
    assert dist["pedopsy"] == pytest.approx(2.2 / 1.4 * dist["mere"], rel=1e-3)
    assert dist["pere"] == pytest.approx(3.0 / 1.4 * dist["mere"], rel=1e-3)
    assert RING["conflict"] == RING["normal"]


def test_informal_on_the_left_and_sectors_in_contiguous_wedges():
    scene = ecomap_scene(big(40), dt.date(2024, 1, 10))
    p = scene.person()
    actors = [n for n in scene.nodes if n.kind == "actor"]
    for n in actors:
        if n.sector == "informal":
            assert n.x < p.x, n.key
    # walk round the circle: each sector appears as one run of consecutive actors
    around = sorted(actors, key=lambda n: math.atan2(-(n.y - p.y), n.x - p.x) % (2 * math.pi))
    runs = [n.sector for i, n in enumerate(around) if i == 0 or around[i - 1].sector != n.sector]
    if runs[0] == runs[-1] and len(runs) > 1:
        runs = runs[1:]  # the run that wraps round 0 degrees
    assert len(runs) == len(set(runs)), runs


@pytest.mark.parametrize("n", [1, 2, 12, 40, 60])
def test_no_label_overlaps(n):
    sit = big(n)
    for asmt in sit.assessments:
        scene = ecomap_scene(sit, asmt.date)
        assert _overlapping(_boxes_by_hand(scene)) == []


def test_forty_long_labels_do_not_overlap_and_stay_readable():
    sit = big(40, label="Service d'accompagnement à domicile numéro {i} de la commune")
    scene = ecomap_scene(sit)
    assert _overlapping(_boxes_by_hand(scene)) == []
    assert scene.font_size >= 11
    assert all(len(n.label) <= 3 and max(map(len, n.label)) <= 16 for n in scene.nodes if n.kind == "actor")


def test_an_actor_keeps_its_place_from_one_assessment_to_the_next():
    sit = big(30)
    first, second = (ecomap_scene(sit, a.date) for a in sit.assessments)
    assert (first.width, first.height) == (second.width, second.height)
    p = first.person()
    for n2 in second.nodes:
        n1 = first.node(n2.key)
        if n2.kind != "actor" or n1 is None:
            continue
        ang1 = math.atan2(n1.y - p.y, n1.x - p.x)
        ang2 = math.atan2(n2.y - p.y, n2.x - p.x)
        assert ang1 == pytest.approx(ang2, abs=1e-4), n2.key  # positions are rounded to 0.01 px
        a1 = sit.assessments[0].actor(n2.key)
        a2 = sit.assessments[1].actor(n2.key)
        if a1.tie_to_person == a2.tie_to_person:
            assert (n1.x, n1.y) == (n2.x, n2.y)


def test_youth_example_keeps_places_and_the_youth_club_fills_the_leisure_wedge():
    sit = youth()
    jan = ecomap_scene(sit, dt.date(2024, 1, 22))
    jun = ecomap_scene(sit, dt.date(2024, 6, 10))
    for key in ("mere", "pere", "pedopsy", "pms", "ecole", "saj", "mg", "cm"):
        assert (jan.node(key).x, jan.node(key).y) == (jun.node(key).x, jun.node(key).y)
    ghost = jan.node(ghost_key("n4"))
    assert ghost is not None and ghost.sector == "community"  # daily activities: primary sector community
    assert jun.node(ghost_key("n4")) is None and jun.node("mj").sector == "community"
    p = jan.person()
    # the ghost is on the outermost ring, in the same direction as the youth club will be
    g_ang = math.atan2(ghost.y - p.y, ghost.x - p.x)
    mj_ang = math.atan2(jun.node("mj").y - p.y, jun.node("mj").x - p.x)
    assert abs(g_ang - mj_ang) < math.radians(360 / 10)
    assert math.hypot(ghost.x - p.x, ghost.y - p.y) > max(math.hypot(n.x - p.x, n.y - p.y)
                                                          for n in jan.nodes if n.kind == "actor")


def test_wrap_label():
    assert wrap_label("Mère") == ("Mère",)
    assert wrap_label("Thérapeute familiale (SSM)") == ("Thérapeute familiale", "(SSM)")
    assert wrap_label("a" * 45, 20, 2) == ("a" * 20, "a" * 19 + "…")
