"""The actor graph G of one assessment and the sets every measure is defined on.

Notation of shared/spec/measures.md: A the active actors, CM the case managers among
them, P = A \\ CM the providers, N the active needs, cov(n) = covered_by(n) ∩ P, and G
the actor graph (nodes A, one edge per pair of actors joined by a tie whose kind is not
``conflict``). The person is not a node of G.

Examples
--------
>>> from netmap.model import Actor, Assessment, Tie
>>> import datetime as dt
>>> a = Assessment(date=dt.date(2024, 1, 1),
...                actors=(Actor("cm", "CM", True, "social_work", case_manager=True),
...                        Actor("gp", "GP", True, "primary_care"),
...                        Actor("son", "Son", False, "informal")),
...                ties=(Tie("cm", "gp", "coordination"), Tie("gp", "son", "conflict")))
>>> net = network(a)
>>> sorted(net.providers), net.adjacency
(['gp', 'son'], {'cm': {'gp': None}, 'gp': {'cm': None}, 'son': {}})
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from ..model import Actor, Assessment, Need
from . import algorithms

if TYPE_CHECKING:  # networkx is imported only when a networkx graph is asked for
    import networkx as nx

__all__ = ["Network", "actor_graph", "adjacency", "need_cover", "network"]


def adjacency(assessment: Assessment) -> dict[str, dict[str, None]]:
    """G as a plain adjacency mapping: active actor id → the ids it is tied to (not by a conflict).

    Nodes in the order of the assessment's actors, neighbours in the order of the ties
    (as networkx keeps them). Several ties on one pair make one edge; ties touching an
    inactive actor are ignored. The algorithms of :mod:`netmap.measures.algorithms` read it.

    Parameters
    ----------
    assessment : Assessment

    Returns
    -------
    dict
        A new mapping; the assessment is not changed.
    """
    adj: dict[str, dict[str, None]] = {a.id: {} for a in assessment.actors if a.active}
    for t in assessment.ties:
        if t.kind != "conflict" and t.a in adj and t.b in adj:
            adj[t.a][t.b] = None
            adj[t.b][t.a] = None
    return adj


def need_cover(assessment: Assessment) -> dict[str, tuple[str, ...]]:
    """cov(n) for every active need: the ids in its ``covered_by`` that are active providers.

    This is the one coverage rule of netmap (shared/spec/measures.md, *Notation*): the case
    manager coordinates but never counts as covering a need, and an inactive actor covers
    nothing. Reports, maps and the dashboard read it from here.

    Parameters
    ----------
    assessment : Assessment

    Returns
    -------
    dict
        Active need id → covering provider ids, in the order of ``covered_by`` (each once).

    Examples
    --------
    >>> from netmap.model import Actor, Assessment, Need
    >>> import datetime as dt
    >>> a = Assessment(date=dt.date(2024, 1, 1),
    ...                actors=(Actor("cm", "CM", True, "social_work", case_manager=True),
    ...                        Actor("gp", "GP", True, "primary_care"), Actor("ex", "Ex", False, "informal", active=False)),
    ...                needs=(Need("n1", "housing", covered_by=("cm", "gp", "ex")), Need("n2", "finances", status="met")))
    >>> need_cover(a)
    {'n1': ('gp',)}
    """
    providers = {a.id for a in assessment.actors if a.active and not a.case_manager}
    return {n.id: tuple(dict.fromkeys(x for x in n.covered_by if x in providers))
            for n in assessment.needs if n.status == "active"}


def actor_graph(assessment: Assessment) -> nx.Graph:
    """The actor graph G as a ``networkx.Graph``: active actors as nodes, an edge per pair with a non-conflict tie.

    The measures themselves read :func:`adjacency` (the same graph, without networkx's
    machinery); this graph is for exploring a network further with networkx.

    Parameters
    ----------
    assessment : Assessment

    Returns
    -------
    networkx.Graph
        A new graph; the assessment is not changed.
    """
    import networkx as nx

    g = nx.Graph()
    active = {a.id for a in assessment.actors if a.active}
    g.add_nodes_from(a.id for a in assessment.actors if a.active)
    g.add_edges_from((t.a, t.b) for t in assessment.ties if t.kind != "conflict" and t.a in active and t.b in active)
    return g


@dataclass(frozen=True, eq=False)
class Network:
    """The sets of the spec's notation for one assessment, built once and shared by every measure.

    Attributes
    ----------
    assessment : Assessment
        The assessment the network was built from (unchanged).
    actors : Mapping[str, Actor]
        A: the active actors by id, in the order of the assessment.
    case_managers : frozenset of str
        CM ⊆ A.
    providers : frozenset of str
        P = A \\ CM.
    needs : tuple of Need
        N: the active needs, in the order of the assessment.
    cover : Mapping[str, frozenset of str]
        cov(n) for each need id of N: its covering actors that are providers.
    adjacency : Mapping[str, Mapping[str, None]]
        G (see :func:`adjacency`); do not change it.
    """

    assessment: Assessment
    actors: Mapping[str, Actor]
    case_managers: frozenset[str]
    providers: frozenset[str]
    needs: tuple[Need, ...]
    cover: Mapping[str, frozenset[str]]
    adjacency: Mapping[str, Mapping[str, None]]

    @cached_property
    def graph(self) -> nx.Graph:
        """G as a ``networkx.Graph`` (see :func:`actor_graph`)."""
        return actor_graph(self.assessment)

    @cached_property
    def edges(self) -> tuple[tuple[str, str], ...]:
        """The edges of G, each pair once, in the order networkx's ``G.edges()`` gives them."""
        seen: set[str] = set()
        out = []
        for x, nbrs in self.adjacency.items():
            out.extend([(x, y) for y in nbrs if y not in seen])
            seen.add(x)
        return tuple(out)

    @cached_property
    def adjacency_without_cm(self) -> Mapping[str, Mapping[str, None]]:
        """G − CM: G without the case managers (G itself when CM = ∅)."""
        if not self.case_managers:
            return self.adjacency
        cms = self.case_managers
        return {x: {y: None for y in nbrs if y not in cms} for x, nbrs in self.adjacency.items() if x not in cms}

    @cached_property
    def components(self) -> tuple[frozenset[str], ...]:
        """The connected components of G."""
        return tuple(frozenset(c) for c in algorithms.components(self.adjacency))

    @cached_property
    def components_without_cm(self) -> tuple[frozenset[str], ...]:
        """The connected components of G − CM."""
        if not self.case_managers:
            return self.components
        return tuple(frozenset(c) for c in algorithms.components(self.adjacency_without_cm))

    @cached_property
    def covering_providers(self) -> frozenset[str]:
        """Providers covering at least one need of N."""
        out: set[str] = set()
        for cov in self.cover.values():
            out |= cov
        return frozenset(out)

    def in_one_component(self, nodes: frozenset[str] | set[str], *, without_cm: bool = False) -> bool:
        """True when all ``nodes`` lie in one connected component of G (or of G − CM)."""
        if len(nodes) <= 1:
            return True
        parts = self.components_without_cm if without_cm else self.components
        return any(nodes <= c for c in parts)


def network(data: Assessment | Network) -> Network:
    """The :class:`Network` of an assessment (a Network is returned as it is).

    Parameters
    ----------
    data : Assessment or Network

    Returns
    -------
    Network
    """
    if isinstance(data, Network):
        return data
    actors = {a.id: a for a in data.actors if a.active}
    cms = frozenset(i for i, a in actors.items() if a.case_manager)
    providers = frozenset(actors) - cms
    needs = tuple(n for n in data.needs if n.status == "active")
    cover = {nid: frozenset(cov) for nid, cov in need_cover(data).items()}
    return Network(
        assessment=data,
        actors=actors,
        case_managers=cms,
        providers=providers,
        needs=needs,
        cover=cover,
        adjacency=adjacency(data),
    )
