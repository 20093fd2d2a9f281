"""The graph algorithms of netmap.measures.algorithms against networkx, and worked by hand.

networkx is the oracle: netmap's measures run the same algorithms on plain adjacency
mappings (for speed) and must give exactly networkx's answers.
"""

from __future__ import annotations

import itertools

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_measures_contract import assessments

from netmap.measures.algorithms import articulation_points, betweenness, components
from netmap.measures.graph import network


def _adj(nodes, edges):
    adj = {v: {} for v in nodes}
    for x, y in edges:
        adj[x][y] = None
        adj[y][x] = None
    return adj


def _nx(nodes, edges):
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from(edges)
    return g


@st.composite
def graphs(draw, max_nodes=16):
    """Simple undirected graphs of any density, nodes and edges in a drawn order."""
    n = draw(st.integers(0, max_nodes))
    nodes = [f"v{i}" for i in draw(st.permutations(range(n)))]
    pairs = list(itertools.combinations(nodes, 2))
    edges = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs))) if pairs else []
    flips = draw(st.lists(st.booleans(), min_size=len(edges), max_size=len(edges)))
    return nodes, [(y, x) if flip else (x, y) for (x, y), flip in zip(edges, flips, strict=True)]


@settings(max_examples=400, deadline=None)
@given(graphs())
def test_same_answers_as_networkx(g):
    nodes, edges = g
    adj, ref = _adj(nodes, edges), _nx(nodes, edges)
    assert sorted(map(sorted, components(adj))) == sorted(map(sorted, nx.connected_components(ref)))
    assert articulation_points(adj) == set(nx.articulation_points(ref))
    # the same sums in the same order: equal to the last bit, normalised or not
    assert betweenness(adj) == nx.betweenness_centrality(ref)
    assert betweenness(adj, normalized=False) == nx.betweenness_centrality(ref, normalized=False)


@settings(max_examples=150, deadline=None)
@given(assessments(max_actors=14))
def test_network_is_networkx_actor_graph(a):
    net = network(a)
    # G built with networkx straight from the ties, as the spec defines it
    active = [x.id for x in a.actors if x.active]
    g = _nx(active, [(t.a, t.b) for t in a.ties if t.kind != "conflict" and t.a in active and t.b in active])
    assert nx.utils.graphs_equal(net.graph, g)
    assert list(net.adjacency) == list(g.nodes)
    assert {v: list(nbrs) for v, nbrs in net.adjacency.items()} == {v: list(g.adj[v]) for v in g}
    assert list(net.edges) == list(g.edges())
    h = g.copy()
    h.remove_nodes_from(net.case_managers)
    # G − CM feeds set-valued answers only (components, cut vertices): compare as sets
    assert {v: set(nbrs) for v, nbrs in net.adjacency_without_cm.items()} == {v: set(h.adj[v]) for v in h}


def test_worked_by_hand():
    # path a - b - c - d, plus e alone: 5 nodes, so (5-1)(5-2)/2 = 6 pairs of other nodes for each node
    adj = _adj("abcde", [("a", "b"), ("b", "c"), ("c", "d")])
    assert [sorted(c) for c in components(adj)] == [["a", "b", "c", "d"], ["e"]]
    assert articulation_points(adj) == {"b", "c"}
    bc = betweenness(adj)
    # b is inside the paths a-c and a-d (2 of 6 pairs); c inside a-d and b-d
    assert bc == pytest.approx({"a": 0.0, "b": 2 / 6, "c": 2 / 6, "d": 0.0, "e": 0.0})
    assert betweenness(adj, normalized=False) == pytest.approx({"a": 0, "b": 2, "c": 2, "d": 0, "e": 0})
    # a 4-cycle: two shortest paths between opposite corners, each through one of the other two nodes
    cycle = _adj("wxyz", [("w", "x"), ("x", "y"), ("y", "z"), ("z", "w")])
    assert articulation_points(cycle) == set()
    # x lies on half of the w-y paths: 0.5 of the 3 pairs {w,y}, {w,z}, {y,z}
    assert betweenness(cycle) == pytest.approx({v: 0.5 / 3 for v in "wxyz"})
    # a star: the centre is inside every path between two leaves; the centre is the only cut vertex
    star = _adj("hijk", [("h", "i"), ("h", "j"), ("h", "k")])
    assert articulation_points(star) == {"h"}
    assert betweenness(star) == {"h": 1.0, "i": 0.0, "j": 0.0, "k": 0.0}


def test_small_and_empty_graphs():
    assert components({}) == [] and articulation_points({}) == set() and betweenness({}) == {}
    one = _adj("a", [])
    assert components(one) == [{"a"}] and articulation_points(one) == set() and betweenness(one) == {"a": 0.0}
    two = _adj("ab", [("a", "b")])
    assert articulation_points(two) == set() and betweenness(two) == {"a": 0.0, "b": 0.0}


def test_deep_path_does_not_recurse():
    # the depth-first search is iterative: a path far longer than Python's recursion limit works
    n = 5000
    nodes = [f"n{i}" for i in range(n)]
    adj = _adj(nodes, list(zip(nodes, nodes[1:], strict=False)))
    assert articulation_points(adj) == set(nodes[1:-1])
    assert len(components(adj)) == 1
