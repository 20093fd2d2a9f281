"""GraphML and dynamic GEXF exports, read back by networkx and igraph (readers netmap did not write).

Expected values come from the JSON files themselves (every actor field compared with
the model read from JSON) and, for the Brussels youth example, from reading it by hand.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from pathlib import Path

import networkx as nx
import pytest

from netmap.cli import main
from netmap.io import load
from netmap.io.gexf import GEXF_NS, gexf_text, write_gexf
from netmap.io.graphml import write_graphml
from netmap.io.network_graph import ACTOR_FIELDS, assessment_from_graph
from netmap.measures import measures
from netmap.taxonomy import DATA_DIR

igraph = pytest.importorskip("igraph")


@pytest.fixture(scope="module")
def demo():
    return load(DATA_DIR / "demo")


@pytest.fixture
def youth(data_dir):
    return load(data_dir / "youth-brussels.json")[0]


def _expected(actor, name):
    v = getattr(actor, name)
    return ";".join(v) if isinstance(v, tuple) else v


# --- GraphML --------------------------------------------------------------------------------

def test_graphml_networkx_reads_every_actor_field_of_every_demo_situation(demo, tmp_path):
    paths = write_graphml(demo, tmp_path)
    assert [p.name for p in paths] == [f"{s.id}.graphml" for s in demo]
    for s, p in zip(demo, paths, strict=True):
        g = nx.read_graphml(p)
        a = s.assessment_at()
        if a is None:
            assert list(g.nodes) == ["person"]
            continue
        assert g.graph["situation"] == s.id and g.graph["assessment"] == a.date.isoformat()
        assert g.nodes["person"]["kind"] == "person"
        assert set(g.nodes) == {"person", *(x.id for x in a.actors)}
        for actor in a.actors:
            node = g.nodes[actor.id]
            for name in ACTOR_FIELDS:
                want = _expected(actor, name)
                if want is None:
                    assert name not in node, (s.id, actor.id, name)
                else:
                    assert node[name] == want and type(node[name]) is type(want), (s.id, actor.id, name)
            covered = [n.id for n in a.needs if actor.id in n.covered_by]
            assert node["covers"] == ";".join(covered)
        # every tie and every person–actor line is an edge with kind and strength
        ties = {(frozenset((u, v)), d["kind"], d["strength"]) for u, v, d in g.edges(data=True)}
        want = {(frozenset((t.a, t.b)), t.kind, t.strength) for t in a.ties}
        want |= {(frozenset(("person", x.id)), "tie_to_person", x.tie_to_person) for x in a.actors}
        assert ties == want


def test_graphml_youth_by_hand(youth, tmp_path):
    (path,) = write_graphml([youth], tmp_path / "youth.graphml")
    g = nx.read_graphml(path)
    mere = g.nodes["mere"]
    assert (mere["label"], mere["formal"], mere["sector"], mere["exhaustion"]) == ("Mère", False, "informal", 2)
    assert (mere["covers"], mere["covers_domains"], mere["covers_active"]) == ("n3;n5", "parenting;family_relations", 2)
    assert g.nodes["cm"]["case_manager"] is True and g.nodes["cm"]["covers"] == ""
    assert g.nodes["pms"]["referent"] is True and g.nodes["pere"]["tie_to_person"] == "tenuous"
    assert g.nodes["ssm"]["covers"] == "n1;n5" and "exhaustion" not in g.nodes["ssm"]
    assert g.graph["needs"] == "n1;n2;n3;n4;n5"
    assert g.graph["need.n1.severity"] == 3 and g.graph["need.n1.priority"] is True
    assert g.graph["need.n1.covered_by"] == "pedopsy;ssm"
    assert g.graph["need.n4.goal"] == "Faire du sport avec d'autres jeunes"
    assert (g.graph["service"], g.graph["outcome"], g.graph["opened"]) == ("bru-stars-cm", "open", "2024-01-22")
    assert g.graph["assessment"] == "2024-06-10" and "closed" not in g.graph
    # 10 person–actor lines and 12 ties, the conflict included
    assert g.number_of_edges() == 22
    assert g.edges["mere", "pere"]["kind"] == "conflict"


def test_graphml_at_picks_the_assessment_in_force(youth, tmp_path):
    (path,) = write_graphml([youth], tmp_path / "y.graphml", at=dt.date(2024, 3, 1))
    g = nx.read_graphml(path)
    assert g.graph["assessment"] == "2024-01-22"
    assert "mj" not in g and g.nodes["mere"]["exhaustion"] == 3


def test_graphml_igraph_reads_typed_attributes(youth, demo, tmp_path):
    for s in [youth, *demo[:40]]:
        (path,) = write_graphml([s], tmp_path / f"{s.id}.graphml")
        ig = igraph.Graph.Read_GraphML(str(path))
        a = s.assessment_at()
        if a is None:
            continue
        assert ig.vcount() == len(a.actors) + 1 and ig.ecount() == len(a.actors) + len(a.ties)
        by_id = {v["id"]: v for v in ig.vs}
        for actor in a.actors:
            v = by_id[actor.id]
            assert v["label"] == actor.label and v["sector"] == actor.sector
            for flag in ("formal", "case_manager", "referent", "active"):
                assert v[flag] is getattr(actor, flag)
            got = v.attributes().get("exhaustion")  # no key at all when no actor has a value
            if actor.exhaustion is None:
                assert got is None or math.isnan(got)  # igraph's missing number
            else:
                assert got == actor.exhaustion
        assert ig["situation"] == s.id


def test_measures_from_a_graphml_round_trip_equal_the_originals(demo, tmp_path):
    compared = 0
    for s in demo:
        a = s.assessment_at()
        if a is None:
            continue
        (path,) = write_graphml([s], tmp_path / "x.graphml")
        back = assessment_from_graph(nx.read_graphml(path))
        assert {x.id: x for x in back.actors} == {x.id: x for x in a.actors}
        assert back.needs == a.needs
        assert measures(back) == measures(a), s.id
        compared += 1
    assert compared == sum(1 for s in demo if s.assessments) > 200


# --- GEXF ------------------------------------------------------------------------------------

def _value_at(values, day: str):
    """The value of a dynamic attribute read by networkx ([(value, start, end)], end 'None' when open) on ``day``."""
    found = [v for v, start, end in values if start <= day and (end in (None, "None") or day <= end)]
    assert len(found) <= 1
    return found[0] if found else None


def _present(spells, day: str) -> bool:
    return any(start <= day and (end in (None, "None") or day <= end) for start, end in spells)


def test_gexf_youth_timeline_by_hand(youth, tmp_path):
    (path,) = write_gexf([youth], tmp_path / "youth.gexf")
    g = nx.read_gexf(path)
    assert g.graph["mode"] == "dynamic"
    mere = g.nodes["mere"]
    # exhaustion 3 at opening, 2 from the second assessment on (the follow-up is still open)
    assert mere["exhaustion"] == [(3, "2024-01-22", "2024-06-09"), (2, "2024-06-10", "None")]
    assert mere["label"] == "Mère" and mere["formal"] == [(False, "2024-01-22", "None")]
    assert g.nodes["pms"]["referent"] == [(False, "2024-01-22", "2024-06-09"), (True, "2024-06-10", "None")]
    assert g.nodes["mj"]["spells"] == [("2024-06-10", "None")]
    assert g.nodes["person"]["situation"] == "EX-YOUTH-01" and g.nodes["person"]["age"] == 15
    assert g.nodes["person"]["need.n1.covered_by"] == [("pedopsy", "2024-01-22", "2024-06-09"),
                                                       ("pedopsy;ssm", "2024-06-10", "None")]
    # the cm–pms information tie exists only at opening; mj–ssm only from the second assessment
    assert g.edges["cm", "pms"]["spells"] == [("2024-01-22", "2024-06-09")]
    assert g.edges["mj", "ssm"]["strength"] == [("tenuous", "2024-06-10", "None")]


def test_gexf_every_assessment_is_a_time_slice_of_every_demo_situation(demo, tmp_path):
    for s in demo:
        (path,) = write_gexf([s], tmp_path / "x.gexf")
        g = nx.read_gexf(path)
        known = {x.id for a in s.assessments for x in a.actors}
        assert set(g.nodes) == {"person", *known}
        for a in s.assessments:
            day = a.date.isoformat()
            here = {x.id for x in a.actors}
            for node in known:
                assert _present(g.nodes[node]["spells"], day) == (node in here), (s.id, day, node)
            for actor in a.actors:
                node = g.nodes[actor.id]
                for name in ACTOR_FIELDS:
                    if name == "label":
                        continue  # GEXF's node label is static: the latest
                    want = _expected(actor, name)
                    got = _value_at(node.get(name, []), day)
                    assert got == want and (want is None or type(got) is type(want)), (s.id, day, actor.id, name)
            ties = {(frozenset((u, v)), d["kind"], _value_at(d["strength"], day))
                    for u, v, d in g.edges(data=True) if _present(d["spells"], day)}
            want = {(frozenset((t.a, t.b)), t.kind, t.strength) for t in a.ties}
            want |= {(frozenset(("person", x.id)), "tie_to_person", x.tie_to_person) for x in a.actors}
            assert ties == want, (s.id, day)


def test_gexf_igraph_through_networkx(youth, tmp_path):
    # igraph has no GEXF reader of its own: Graph.from_networkx is how igraph users load one
    (path,) = write_gexf([youth], tmp_path / "youth.gexf")
    ig = igraph.Graph.from_networkx(nx.read_gexf(path))
    by_name = {v["_nx_name"]: v for v in ig.vs}
    assert by_name["mere"]["label"] == "Mère"
    assert by_name["saj"]["mandate"] == [("voluntary", "2024-01-22", "None")]
    assert ig.ecount() == 10 + 13  # 10 person–actor lines and 13 distinct ties over both assessments


def test_gexf_is_gexf_13_dynamic(youth):
    from lxml import etree

    root = etree.fromstring(gexf_text(youth).encode("utf-8"))
    assert root.tag == f"{{{GEXF_NS}}}gexf" and root.get("version") == "1.3"
    graph = root.find(f"{{{GEXF_NS}}}graph")
    assert (graph.get("mode"), graph.get("timeformat"), graph.get("timerepresentation")) == (
        "dynamic", "date", "interval")
    assert graph.get("start") == "2024-01-22" and graph.get("end") is None


@pytest.mark.skipif(not os.environ.get("NETMAP_GEXF_XSD"),
                    reason="set NETMAP_GEXF_XSD to the GEXF 1.3 gexf.xsd (github.com/gephi/gexf, specs/1.3)")
def test_gexf_validates_against_the_13_schema(demo):
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(os.environ["NETMAP_GEXF_XSD"]))
    for s in demo:
        doc = etree.fromstring(gexf_text(s).encode("utf-8"))
        assert schema.validate(doc), (s.id, schema.error_log.last_error)


def test_convert_cli_writes_graphml_and_gexf(data_dir, tmp_path, capsys):
    assert main(["convert", str(data_dir / "youth-brussels.json"), str(tmp_path / "y.graphml")]) == 0
    assert nx.read_graphml(tmp_path / "y.graphml").graph["situation"] == "EX-YOUTH-01"
    assert main(["convert", str(data_dir), str(tmp_path / "g"), "--format", "gexf"]) == 0
    assert sorted(p.name for p in Path(tmp_path / "g").iterdir()) == ["EX-ELDER-01.gexf", "EX-YOUTH-01.gexf"]
    assert main(["convert", str(data_dir), str(tmp_path / "g.gexf"), "--format", "gexf"]) == 2
    assert "give a folder" in capsys.readouterr().err
