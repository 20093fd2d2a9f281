"""Reading and writing situations: JSON files and folders, Excel workbooks, CSV folders, stores.

:func:`load` accepts anything a command takes as PATH; :func:`save` writes any file format.
Exchange with other tools (docs/graphml.md, gexf.md, egor.md, fhir.md): :func:`write_graphml`,
:func:`write_gexf`, :func:`write_egor` and :func:`read_egor`, :func:`write_fhir`, and
:func:`situation_graph` (one assessment as an attributed networkx graph).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from ..errors import Problem, UsageError, ValidationError
from ..model import Situation
from ..taxonomy import Taxonomy

__all__ = ["detect_format", "is_store_url", "load", "read_egor", "save", "situation_graph", "write_egor",
           "write_fhir", "write_gexf", "write_graphml"]

_EXCHANGE = {"write_graphml": "graphml", "write_gexf": "gexf", "write_egor": "egor", "read_egor": "egor",
             "write_fhir": "fhir", "situation_graph": "network_graph"}
EXCHANGE_FORMATS = ("graphml", "gexf", "egor", "fhir")


def __getattr__(name: str):  # the exchange modules load on first use (networkx and csv readers stay out of startup)
    if name in _EXCHANGE:
        import importlib

        return getattr(importlib.import_module(f"{__name__}.{_EXCHANGE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

STORE_SCHEMES = ("sqlite://", "postgresql://", "postgres://")


def is_store_url(path: str | Path) -> bool:
    return isinstance(path, str) and path.startswith(STORE_SCHEMES)


def detect_format(path: str | Path) -> str:
    """One of ``store``, ``json``, ``xlsx``, ``csv``, ``egor`` for an existing input."""
    if is_store_url(path):
        return "store"
    p = Path(path)
    if p.is_dir():
        if (p / "situations.csv").is_file():
            return "csv"
        from .egor import is_egor_folder

        if is_egor_folder(p):
            return "egor"
        return "json"
    if p.suffix.lower() == ".xlsx":
        return "xlsx"
    if p.suffix.lower() == ".json":
        return "json"
    if p.suffix.lower() == ".csv":
        return "csv"
    return "unknown"


def load(path: str | Path, taxonomy: Taxonomy | None = None) -> list[Situation]:
    """Read every situation of PATH: a JSON file, a folder of JSON files, an .xlsx, a CSV folder or a store URL.

    Raises :class:`ValidationError` naming the place of every problem; nothing is returned
    from a dataset with any error.
    """
    fmt = detect_format(path)
    if fmt == "store":
        from ..store import open_store

        with open_store(str(path), create=False) as store:
            return store.load_all()
    p = Path(path)
    if not p.exists():
        raise ValidationError([Problem(str(p), "", "expected an existing file, folder or a store URL "
                                                   "(sqlite:///… or postgresql://…)")])
    if fmt == "json":
        from .json_files import read_json

        return read_json(p, taxonomy)
    if fmt == "xlsx":
        from .excel import read_xlsx

        return read_xlsx(p, taxonomy)
    if fmt == "egor":
        from .egor import read_egor

        return read_egor(p, taxonomy=taxonomy)
    if fmt == "csv":
        from .csv_folder import read_csv_folder

        return read_csv_folder(p.parent if p.is_file() else p, taxonomy)
    raise ValidationError([Problem(str(p), "", "expected a .json file, a folder, an .xlsx workbook or a CSV folder")])


def save(situations: Iterable[Situation], path: str | Path, fmt: str | None = None, *,
         at: dt.date | None = None) -> None:
    """Write situations as ``json`` (a folder of files, or one file for a single situation), ``xlsx``, ``csv``,
    or for other tools ``graphml``, ``gexf`` or ``egor`` (``at``: the assessment in force that day, default the
    latest; GEXF holds them all). FHIR needs its de-identification options: see :func:`write_fhir`."""
    sits = list(situations)
    p = Path(path)
    fmt = fmt or ("xlsx" if p.suffix.lower() == ".xlsx" else "json")
    if fmt == "json":
        from .json_files import write_json_file, write_json_folder

        if p.suffix.lower() == ".json":
            if len(sits) != 1:
                raise UsageError(f"{p}: a .json file holds one situation; give a folder for {len(sits)}")
            write_json_file(sits[0], p)
        else:
            write_json_folder(sits, p)
    elif fmt == "xlsx":
        from .excel import write_xlsx

        write_xlsx(sits, p)
    elif fmt == "csv":
        from .csv_folder import write_csv_folder

        write_csv_folder(sits, p)
    elif fmt == "graphml":
        from .graphml import write_graphml

        write_graphml(sits, p, at=at)
    elif fmt == "gexf":
        from .gexf import write_gexf

        write_gexf(sits, p)
    elif fmt == "egor":
        from .egor import write_egor

        write_egor(sits, p, at=at)
    else:
        raise UsageError(f"unknown format {fmt!r}: expected json, xlsx, csv, graphml, gexf or egor")
