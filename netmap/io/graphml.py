"""GraphML: one graph per situation, for Gephi, Cytoscape, igraph, networkx, yEd.

Each file holds the attributed graph of :mod:`netmap.io.network_graph` for one
assessment (the latest, or the latest on or before ``at``), with typed keys
(``boolean``, ``int``, ``string``) so that a reader gets ``formal`` as a boolean and
``exhaustion`` as a number. Written with networkx's GraphML writer, which declares each
key's type from the Python values. See docs/graphml.md for the mapping table.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..errors import UsageError
from ..model import Situation
from .network_graph import situation_graph

__all__ = ["graphml_text", "output_paths", "write_graphml"]


def output_paths(situations: list[Situation], path: str | Path, suffix: str) -> list[Path]:
    """Where each situation goes: ``path`` itself for one situation and a name ending in ``suffix``, else ``path/<id><suffix>``."""
    p = Path(path)
    if p.suffix.lower() == suffix:
        if len(situations) != 1:
            raise UsageError(f"{p}: a {suffix} file holds one situation; give a folder for {len(situations)}")
        return [p]
    return [p / f"{s.id}{suffix}" for s in situations]


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write a file whole or not at all (a temporary file renamed over it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".netmap-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def graphml_text(situation: Situation, at: dt.date | None = None) -> str:
    """The GraphML document of a situation's assessment in force at ``at`` (default: its latest)."""
    import networkx as nx

    g = situation_graph(situation, situation.assessment_at(at))
    return "\n".join(nx.generate_graphml(g, encoding="utf-8", prettyprint=True)) + "\n"


def write_graphml(situations: Iterable[Situation], path: str | Path, *, at: dt.date | None = None) -> list[Path]:
    """Write one GraphML file per situation (a single ``.graphml`` file when ``path`` names one and there is one situation)."""
    sits = list(situations)
    out = output_paths(sits, path, ".graphml")
    for s, p in zip(sits, out, strict=True):
        atomic_write_bytes(p, graphml_text(s, at).encode("utf-8"))
    return out
