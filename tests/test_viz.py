"""The eco-map's conventions and its three renderings (SVG, plotly, vis-network page), and `netmap map`."""

from __future__ import annotations

import datetime as dt
import json
import re
from xml.etree import ElementTree

import plotly.graph_objects as go
import pytest
from defusedxml.ElementTree import fromstring
from viz_situations import HOSTILE, big_dict, hostile, tags_and_attributes, youth

from netmap.cli import main
from netmap.report.page import json_for_script
from netmap.viz.plotly_map import ecomap_figure
from netmap.viz.pyvis_page import map_page_html
from netmap.viz.scene import ecomap_scene, ghost_key
from netmap.viz.svg import scene_svg

JAN, JUN = dt.date(2024, 1, 22), dt.date(2024, 6, 10)
SVG = "{http://www.w3.org/2000/svg}"
# codes that must never be shown to a user (taxonomy keys of the youth example)
RAW_CODES = ("daily_activities", "mental_health", "family_relations", "youth_family", "primary_care",
             "tie_to_person", "case_manager", "with_family")
RAW_CODES_FR = RAW_CODES + ("informal", "community", "schooling", "parenting", "tenuous")  # English words too


def _svg_texts(svg: str) -> list[str]:
    root = fromstring(svg.encode("utf-8"))
    return ["".join(t.itertext()) for t in root.iter() if t.tag in (SVG + "text", SVG + "title")]


def test_january_map_shows_the_gap_and_the_exhausted_mother_alone():
    scene = ecomap_scene(youth(), JAN)
    ghost = scene.node(ghost_key("n4"))
    # n4 (daily activities) has no provider; its primary sector, community, has no actor: missing
    assert ghost.label == ("Occupation du temps", "manque : Vie", "associative & loisirs")
    assert ghost.dashed and ghost.glyph == "?"
    mere = scene.node("mere")
    # Mère: exhaustion 3, the only provider of n5 (the case manager does not count): ring + warning badge
    assert mere.exhaustion == 3 and "sole" in mere.badges and mere.shape == "circle"
    assert scene.node("cm").badges == ("cm",)
    assert scene.node("pedopsy").shape == "square" and "sole" in scene.node("pedopsy").badges  # alone on n1
    assert scene.title == "EX-YOUTH-01 — 22/01/2024 — ouverture"
    assert "tient sans le case manager : non" in scene.subtitle


def test_june_map_youth_club_therapist_and_network_holding_without_the_cm():
    scene = ecomap_scene(youth(), JUN)
    assert scene.node(ghost_key("n4")) is None
    assert scene.node("mj").label == ("Maison de jeunes",) and scene.node("mj").sector == "community"
    assert scene.node("ssm").label == ("Thérapeute", "familiale (SSM)")
    assert scene.node("pms").badges == ("referent",)
    assert "tient sans le case manager : oui" in scene.subtitle and "prêt au retrait : oui" in scene.subtitle
    mere = scene.node("mere")
    assert mere.exhaustion == 2 and "sole" not in mere.badges  # n5 now shared with the therapist


def test_line_conventions_person_ties_and_conflict_zigzag():
    scene = ecomap_scene(youth(), JAN)
    person_lines = {ln.b: ln for ln in scene.lines if ln.kind == "person"}
    assert person_lines["mere"].width > person_lines["pedopsy"].width  # strong thicker than normal
    assert person_lines["pere"].dash == "dash" and person_lines["pedopsy"].dash is None  # tenuous dashed
    conflict = [ln for ln in scene.lines if ln.kind == "actor" and ln.conflict]
    assert [(ln.a, ln.b) for ln in conflict] == [("mere", "pere")]
    assert len(conflict[0].points) > 10  # a zig-zag, not a straight line
    actor_lines = [ln for ln in scene.lines if ln.kind == "actor" and not ln.conflict]
    assert len(actor_lines) == 7 and max(ln.width for ln in actor_lines) < person_lines["mere"].width
    ghost_lines = [ln for ln in scene.lines if ln.kind == "ghost"]
    assert [ln.b for ln in ghost_lines] == [ghost_key("n4")] and ghost_lines[0].dash == "dot"


def test_what_if_fades_the_actor_and_shows_the_new_gap():
    scene = ecomap_scene(youth(), JUN, without=["mere"])
    assert scene.node("mere").opacity < 1
    # without Mère, n3 is still covered by SAJ, n5 still by the therapist: nothing newly uncovered
    assert not [n for n in scene.nodes if n.kind == "ghost"]
    scene2 = ecomap_scene(youth(), JAN, without=["mere"])
    # in January n5 rests on Mère alone (the CM does not count): it becomes a gap
    assert scene2.node(ghost_key("n5")) is not None
    assert "Hypothèse : sans Mère" in scene2.subtitle
    # the what-if keeps every actor where it was, relative to the person (the new gap may enlarge the picture)
    plain = ecomap_scene(youth(), JAN)
    for key in ("pedopsy", "mere", "cm"):
        p0, p1 = plain.person(), scene2.person()
        assert (plain.node(key).x - p0.x, plain.node(key).y - p0.y) == pytest.approx(
            (scene2.node(key).x - p1.x, scene2.node(key).y - p1.y), abs=0.02)


def test_hover_gives_sector_organisation_needs_and_exhaustion_and_the_coverage_of_needs():
    scene = ecomap_scene(youth(), JAN)
    hover = scene.node("pedopsy").hover
    assert hover[:3] == ("Pédopsychiatre", "Secteur : Santé mentale", "Organisation : Hôpital des enfants")
    assert "Besoins couverts : Santé mentale" in hover and "Épuisement : Tension légère" in hover
    person = scene.person().hover
    assert "• Occupation du temps (sévérité 1) : NON COUVERT" in person
    assert "• Relations familiales (sévérité 2) : Mère (seul·e)" in person
    assert "• Santé mentale (sévérité 3, priorité) : Pédopsychiatre (seul·e)" in person
    ghost = scene.node(ghost_key("n4")).hover
    assert "Objectif : Faire du sport avec d'autres jeunes" in ghost
    assert "Secteur attendu : Vie associative & loisirs (absent du réseau)" in ghost


def test_svg_is_valid_labelled_from_the_taxonomy_and_never_shows_codes():
    for lang, words in (("fr", ("Occupation du temps", "Légende", "Épuisement", "Seul·e à couvrir un besoin")),
                        ("en", ("Daytime activities", "Legend", "Exhaustion", "Only one covering a need"))):
        svg = scene_svg(ecomap_scene(youth(), JAN, lang=lang))
        texts = _svg_texts(svg)
        visible = "\n".join(texts)
        for w in words:
            assert w in visible
        for code in RAW_CODES_FR if lang == "fr" else RAW_CODES:
            assert not re.search(rf"\b{code}\b", visible), code


def test_svg_escapes_hostile_labels():
    svg = scene_svg(ecomap_scene(hostile(), JUN))
    root = fromstring(svg.encode("utf-8"))  # parses: nothing broke the XML
    tags = {el.tag.split("}")[-1] for el in root.iter()}
    assert tags <= {"svg", "title", "rect", "text", "tspan", "circle", "polyline", "polygon", "g"}
    assert any(HOSTILE[1] in t for t in _svg_texts(svg))  # shown as text, not markup


def test_plotly_figure_same_positions_and_escaped_texts():
    sit = hostile()
    fig = ecomap_figure(sit, JUN)
    assert isinstance(fig, go.Figure)
    scene = ecomap_scene(sit, JUN)
    hover = {key: (x, y, text) for tr in fig.data if tr.customdata is not None
             for key, x, y, text in zip(tr.customdata, tr.x, tr.y, tr.hovertext, strict=True)}
    assert len(hover) == len(scene.nodes)
    for n in scene.nodes:
        x, y, text = hover[n.key]
        assert (x, y) == (n.x, n.y)
        assert "<img" not in text and "<script" not in text and "<svg" not in text
    texts = [a.text for a in fig.layout.annotations]
    assert not any("<img" in t or "<script" in t or "<svg" in t or "<b id" in t for t in texts)
    assert fig.layout.width == round(scene.width) and list(fig.layout.yaxis.range) == [scene.height, 0]


def test_json_for_script_cannot_close_the_script():
    text = json_for_script({"a": "</script><!--\u2028\u2029&"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!--\u2028\u2029&"}


def test_map_page_is_self_contained_escaped_and_deterministic():
    sit = hostile()
    html = map_page_html(sit, JUN)
    assert html == map_page_html(sit, JUN)  # same bytes twice
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    tags, attrs = tags_and_attributes(html)
    assert not attrs & {"src", "href", "action", "srcset", "poster", "data", "onerror", "onload"}  # nothing to load
    assert not tags & {"link", "img", "iframe", "object", "embed", "base", "b"}  # and no injected element
    styles = " ".join(re.findall(r"<style>(.*?)</style>", html, re.S))
    assert "@import" not in styles and all(u.startswith(("data:", '"data:', "'data:"))
                                           for u in re.findall(r"url\(\s*([^)]*)\)", styles))
    for bad in HOSTILE[:3]:
        assert bad not in html
    assert "window.__pwned=1\"" not in html and "<b id=injected>" not in html
    data = json.loads(re.search(r'<script id="netmap-data" type="application/json">(.*?)</script>', html, re.S).group(1))
    assert len(data["nodes"]) == 1 + 10  # the person and ten actors, no gap in June
    assert data["nodes"][0]["id"] == "person"


def test_cli_map_writes_every_format_and_refuses_bad_calls(tmp_path, capsys):
    src = "tests/data/youth-brussels.json"
    assert main(["map", src, "--at", "2024-01-22", "-o", str(tmp_path / "m.svg")]) == 0
    assert main(["map", src, "--lang", "en", "--without", "mere,pere", "-o", str(tmp_path / "m.html")]) == 0
    svg = (tmp_path / "m.svg").read_text(encoding="utf-8")
    ElementTree.fromstring(svg.encode("utf-8"))
    assert "EX-YOUTH-01 — 22/01/2024 — ouverture" in svg
    assert "What if: without Mère, Père" in (tmp_path / "m.html").read_text(encoding="utf-8")
    assert main(["map", src, "-o", str(tmp_path / "m.pdf")]) == 2
    assert main(["map", src, "--without", "nobody", "-o", str(tmp_path / "x.svg")]) == 2
    err = capsys.readouterr().err
    assert "nobody" not in err  # ids typed by users are not echoed
    folder = tmp_path / "two"
    folder.mkdir()
    for sid in ("S-1", "S-2"):
        (folder / f"{sid}.json").write_text(json.dumps(big_dict(3, sid=sid)), encoding="utf-8")
    assert main(["map", str(folder), "-o", str(tmp_path / "x.svg")]) == 2
    assert "--situation" in capsys.readouterr().err
    assert main(["map", str(folder), "--situation", "S-2", "-o", str(tmp_path / "x.svg")]) == 0


def test_same_situation_same_svg_bytes():
    a = scene_svg(ecomap_scene(youth(), JAN))
    b = scene_svg(ecomap_scene(youth(), JAN))
    assert a == b


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_sector_shown_is_in_the_legend(lang):
    scene = ecomap_scene(youth(), JAN, lang=lang)
    swatches = {e.style["colour"] for e in scene.legend if e.kind == "swatch"}
    assert {n.fill for n in scene.nodes if n.kind == "actor"} <= swatches
