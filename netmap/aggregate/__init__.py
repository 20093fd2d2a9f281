"""Advocacy across situations: the aggregate tables of shared/spec/measures.md, with disclosure control.

The public names are loaded on first use (PEP 562), so that the command line can read
the table names from :mod:`netmap.aggregate.names` without importing pandas.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "AGE_BANDS",
    "TABLES",
    "CellKeys",
    "CompactData",
    "Filters",
    "Table",
    "age_band",
    "aggregate",
    "cell_keys_for",
    "eligible_services",
    "greyzones_detail",
    "published_filters",
    "raw_table",
    "select",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module(".tables", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
