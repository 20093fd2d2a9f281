"""The three graph algorithms the measures need, on a plain adjacency mapping.

A care network has about ten actors, so the cost of measuring one is not in the
algorithms but in the machinery around them: building a ``networkx.Graph``, its views,
its dispatch. These functions run the same textbook algorithms as networkx on a plain
``dict`` of ``dict`` (actor id → neighbour ids, in insertion order) and give the same
answers: the test suite checks each one against networkx on the examples and on
thousands of random graphs (``tests/test_measures_algorithms.py``). Betweenness even adds
up its terms in networkx's order, so the values agree to the last bit.

:func:`netmap.measures.actor_graph` still gives the actor graph as a ``networkx.Graph``
for anyone who wants to explore it further.

References
----------
Brandes, U. (2001). A faster algorithm for betweenness centrality. *Journal of
Mathematical Sociology*, 25(2), 163–177.
Hopcroft, J. & Tarjan, R. (1973). Algorithm 447: efficient algorithms for graph
manipulation. *Communications of the ACM*, 16(6), 372–378.

Examples
--------
>>> adj = {"a": {"b": None}, "b": {"a": None, "c": None}, "c": {"b": None}, "d": {}}
>>> [sorted(c) for c in components(adj)]
[['a', 'b', 'c'], ['d']]
>>> articulation_points(adj)
{'b'}
>>> betweenness(adj)  # b is on the one path between a and c: 1 pair of the 3 pairs of the other nodes
{'a': 0.0, 'b': 0.3333333333333333, 'c': 0.0, 'd': 0.0}
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping

__all__ = ["Adjacency", "articulation_points", "betweenness", "components"]

# node → its neighbours (a dict used as an ordered set: the values are not read); undirected,
# so ``w in adj[v]`` exactly when ``v in adj[w]``
Adjacency = Mapping[str, Mapping[str, object]]


def components(adj: Adjacency) -> list[set[str]]:
    """The connected components, as sets of nodes, in the order of their first node.

    Parameters
    ----------
    adj : Adjacency

    Returns
    -------
    list of set of str
        Every node in exactly one component; an isolated node is a component of its own.
    """
    seen: set[str] = set()
    out: list[set[str]] = []
    for start in adj:
        if start in seen:
            continue
        comp = {start}
        stack = [start]
        while stack:
            for w in adj[stack.pop()]:
                if w not in comp:
                    comp.add(w)
                    stack.append(w)
        seen |= comp
        out.append(comp)
    return out


def articulation_points(adj: Adjacency) -> set[str]:
    """The cut vertices: nodes whose removal leaves more connected components (Hopcroft–Tarjan).

    An iterative depth-first search keeps, for each node, its discovery time and the
    lowest discovery time reachable from its subtree through one back edge. A root is a
    cut vertex when it has two or more DFS children, any other node ``v`` when some child's
    subtree reaches nothing discovered before ``v``.

    Parameters
    ----------
    adj : Adjacency

    Returns
    -------
    set of str
        As ``set(networkx.articulation_points(G))``.
    """
    disc: dict[str, int] = {}
    low: dict[str, int] = {}
    cut: set[str] = set()
    clock = 0
    for root in adj:
        if root in disc:
            continue
        disc[root] = low[root] = clock
        clock += 1
        root_children = 0
        stack = [(root, root, iter(adj[root]))]  # (node, its DFS parent, its neighbours still to look at)
        while stack:
            v, parent, todo = stack[-1]
            for w in todo:
                if w == parent:
                    continue
                if w in disc:  # a back edge (or the edge to an ancestor seen from below)
                    if disc[w] < low[v]:
                        low[v] = disc[w]
                else:
                    disc[w] = low[w] = clock
                    clock += 1
                    stack.append((w, v, iter(adj[w])))
                    break
            else:  # every neighbour of v looked at: v's subtree is done
                stack.pop()
                if v == root:
                    continue
                if low[v] < low[parent]:
                    low[parent] = low[v]
                if parent == root:
                    root_children += 1
                elif low[v] >= disc[parent]:
                    cut.add(parent)
        if root_children >= 2:
            cut.add(root)
    return cut


def betweenness(adj: Adjacency, *, normalized: bool = True) -> dict[str, float]:
    """Betweenness centrality of every node (Brandes' algorithm), as ``networkx.betweenness_centrality``.

    For a node ``v``: the sum over the pairs ``{s, t}`` of other nodes of the share of the
    shortest ``s``–``t`` paths that pass through ``v``. Normalised, it is divided by the
    number of such pairs, ``(n − 1)(n − 2) / 2`` with ``n`` every node of the graph, isolated
    ones included; below three nodes nothing is divided (every value is 0 anyway).

    Parameters
    ----------
    adj : Adjacency
    normalized : bool
        Divide by the number of pairs (default True, as networkx).

    Returns
    -------
    dict
        Node → betweenness, in the order of ``adj``.
    """
    bc = dict.fromkeys(adj, 0.0)
    for s in adj:
        # single-source shortest paths by breadth-first search: order, predecessors, path counts
        order: list[str] = []
        pred: dict[str, list[str]] = {s: []}
        sigma: dict[str, float] = {s: 1.0}
        dist = {s: 0}
        queue = deque((s,))
        while queue:
            v = queue.popleft()
            order.append(v)
            dv = dist[v] + 1
            sv = sigma[v]
            for w in adj[v]:
                if w not in dist:
                    dist[w] = dv
                    queue.append(w)
                    sigma[w] = sv
                    pred[w] = [v]
                elif dist[w] == dv:
                    sigma[w] += sv
                    pred[w].append(v)
        # dependencies, farthest nodes first
        delta = dict.fromkeys(order, 0.0)
        while order:
            w = order.pop()
            coeff = (1.0 + delta[w]) / sigma[w]
            for v in pred[w]:
                delta[v] += sigma[v] * coeff
            if w != s:
                bc[w] += delta[w]
    n = len(adj)
    # every pair was counted from both of its ends: halve, then divide by the (n-1)(n-2)/2 pairs
    scale = (1.0 / ((n - 1) * (n - 2)) if n > 2 else None) if normalized else 0.5
    if scale is not None:
        for v in bc:
            bc[v] *= scale
    return bc
