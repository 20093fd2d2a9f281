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
>>> sorted(net.providers), sorted(net.graph.edges())
(['gp', 'son'], [('cm', 'gp')])
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import networkx as nx

from ..model import Actor, Assessment, Need

__all__ = ["Network", "actor_graph", "network"]


def actor_graph(assessment: Assessment) -> nx.Graph:
    """The actor graph G: active actors as nodes, an edge per pair with a non-conflict tie.

    Nodes are actor ids, in the order of the assessment (the actors themselves are in
    :attr:`Network.actors`). Several ties on one pair make one edge; ties touching an
    inactive actor are ignored.

    Parameters
    ----------
    assessment : Assessment

    Returns
    -------
    networkx.Graph
        A new graph; the assessment is not changed.
    """
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
    graph : networkx.Graph
        G (see :func:`actor_graph`).
    """

    assessment: Assessment
    actors: Mapping[str, Actor]
    case_managers: frozenset[str]
    providers: frozenset[str]
    needs: tuple[Need, ...]
    cover: Mapping[str, frozenset[str]]
    graph: nx.Graph

    @cached_property
    def graph_without_cm(self) -> nx.Graph:
        """G − CM: G without the case managers (a new graph; G itself when CM = ∅)."""
        if not self.case_managers:
            return self.graph
        keep = self.providers
        h = nx.Graph()
        h.add_nodes_from(n for n in self.graph if n in keep)
        h.add_edges_from((x, y) for x, y in self.graph.edges() if x in keep and y in keep)
        return h

    @cached_property
    def components(self) -> tuple[frozenset[str], ...]:
        """The connected components of G."""
        return tuple(frozenset(c) for c in nx.connected_components(self.graph))

    @cached_property
    def components_without_cm(self) -> tuple[frozenset[str], ...]:
        """The connected components of G − CM."""
        if not self.case_managers:
            return self.components
        return tuple(frozenset(c) for c in nx.connected_components(self.graph_without_cm))

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
    cover = {n.id: frozenset(x for x in n.covered_by if x in providers) for n in needs}
    return Network(
        assessment=data,
        actors=actors,
        case_managers=cms,
        providers=providers,
        needs=needs,
        cover=cover,
        graph=actor_graph(data),
    )
