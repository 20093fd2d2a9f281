"""netmap: map, diagnose and follow the network around a person in a complex situation.

The names below are the public API. The model, errors and file functions load at once;
the heavier parts (measures, maps, reports, aggregates, store) load on first use, so that
``import netmap`` and the command line stay quick.

Examples
--------
>>> import netmap
>>> sits = netmap.load("tests/data/youth-brussels.json")
>>> netmap.evaluate(sits[0])["readiness"]["ready"]
True
"""

from __future__ import annotations

import importlib
from typing import Any

from .errors import NetmapError, Problem, StoreError, TaxonomyError, UsageError, ValidationError
from .io import load, save
from .io.canonical import parse_situation, situation_from_dict, situation_to_dict
from .model import Action, Actor, Assessment, Funding, Meeting, Need, Person, Requester, Situation, Tie
from .taxonomy import default_taxonomy, load_taxonomy

__version__ = "0.1.0"

# public name -> module that defines it, loaded on first use (PEP 562)
_LAZY = {
    "TABLES": "netmap.aggregate",
    "Filters": "netmap.aggregate",
    "aggregate": "netmap.aggregate",
    "compare": "netmap.measures",
    "compare_text": "netmap.measures",
    "ecomap_figure": "netmap.viz.plotly_map",
    "eligible_services": "netmap.aggregate",
    "evaluate": "netmap.measures",
    "generate": "netmap.synth",
    "map_page_html": "netmap.viz.pyvis_page",
    "measure_table": "netmap.measures",
    "open_store": "netmap.store",
    "read_csv_folder": "netmap.io.csv_folder",
    "read_xlsx": "netmap.io.excel",
    "situation_report_html": "netmap.report.situation",
    "without": "netmap.measures",
    "write_csv_folder": "netmap.io.csv_folder",
    "write_template": "netmap.io.template",
    "write_xlsx": "netmap.io.excel",
    "yearly_report_html": "netmap.report.yearly",
}

__all__ = [
    "Action",
    "Actor",
    "Assessment",
    "Filters",
    "Funding",
    "Meeting",
    "Need",
    "NetmapError",
    "Person",
    "Problem",
    "Requester",
    "Situation",
    "StoreError",
    "TABLES",
    "TaxonomyError",
    "Tie",
    "UsageError",
    "ValidationError",
    "__version__",
    "aggregate",
    "compare",
    "compare_text",
    "default_taxonomy",
    "ecomap_figure",
    "eligible_services",
    "evaluate",
    "generate",
    "load",
    "load_taxonomy",
    "map_page_html",
    "measure_table",
    "open_store",
    "parse_situation",
    "read_csv_folder",
    "read_xlsx",
    "save",
    "situation_from_dict",
    "situation_report_html",
    "situation_to_dict",
    "without",
    "write_csv_folder",
    "write_template",
    "write_xlsx",
    "yearly_report_html",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'netmap' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
