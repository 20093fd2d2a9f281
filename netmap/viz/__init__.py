"""Drawing the eco-map: conventions, the shared scene, and its renderers (SVG, plotly, vis-network page).

``ecomap_figure`` (plotly) and ``map_page_html`` (interactive page) are the entry points;
they load on first use so that importing :mod:`netmap.viz` stays light.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["ecomap_figure", "map_page_html"]

_WHERE = {"ecomap_figure": ".plotly_map", "map_page_html": ".pyvis_page"}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
