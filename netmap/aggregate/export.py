"""Writing aggregate tables as CSV, JSON or XLSX, safe against spreadsheet formula injection.

A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return could run
as a formula when the file is opened in a spreadsheet; such cells are written with a
leading apostrophe (OWASP's advice for CSV injection). Lists are written ``;``-separated
in CSV and XLSX, as lists in JSON; missing values are empty / ``null``.

Examples
--------
>>> safe_cell("=HYPERLINK(1)"), safe_cell("<5"), safe_cell(-3)
("'=HYPERLINK(1)", '<5', -3)
"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import UsageError
from .names import EXPORT_FORMATS

__all__ = ["FORMATS", "records", "safe_cell", "table_bytes", "write_table"]

FORMATS = EXPORT_FORMATS
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value`` with a leading apostrophe when it is text a spreadsheet could run as a formula."""
    if isinstance(value, str) and value.startswith(_DANGEROUS):
        return "'" + value
    return value


def _plain(value: Any) -> Any:
    """A JSON-ready Python value: numpy scalars unwrapped, NaN/NaT → None, tuples → lists."""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or value is pd.NaT:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """The table as a list of row objects with plain Python values (what JSON output holds)."""
    cols = list(df.columns)
    return [{c: _plain(v) for c, v in zip(cols, row, strict=True)} for row in df.itertuples(index=False, name=None)]


def _flat(value: Any) -> Any:
    value = _plain(value)
    if isinstance(value, list):
        value = ";".join(str(v) for v in value)
    elif isinstance(value, bool):
        value = "true" if value else "false"
    return safe_cell(value)


def table_bytes(df: pd.DataFrame, fmt: str, note: str | None = None) -> bytes:
    """The table encoded as ``csv`` (UTF-8), ``json`` (UTF-8, a list of row objects) or ``xlsx``.

    ``note`` (the disclosure sentence, :func:`netmap.aggregate.disclosure.disclosure_note`)
    goes into a second sheet ``note`` of an XLSX file; CSV and JSON hold the table only
    (their readers expect nothing else), so the command line prints it on standard error.
    """
    if fmt == "json":
        return (json.dumps(records(df), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)  # RFC 4180 line ends: a field holding \r or \n is quoted
        w.writerow([safe_cell(str(c)) for c in df.columns])
        for row in df.itertuples(index=False, name=None):
            w.writerow(["" if (v := _flat(x)) is None else v for x in row])
        return buf.getvalue().encode("utf-8")
    if fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = "table"
        ws.append([safe_cell(str(c)) for c in df.columns])
        for row in df.itertuples(index=False, name=None):
            ws.append([_flat(x) for x in row])
        if note:
            ws_note = wb.create_sheet("note")
            ws_note.append([safe_cell(note)])
        for sheet in wb.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str):
                        cell.data_type = "s"  # never a formula, whatever the text
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()
    raise UsageError(f"unknown format; expected one of {', '.join(FORMATS)}")


def write_table(df: pd.DataFrame, path: str | Path, fmt: str | None = None) -> None:
    """Write the table to ``path``; the format defaults to the file's suffix (``.csv``, ``.json``, ``.xlsx``)."""
    p = Path(path)
    fmt = fmt or p.suffix.lower().lstrip(".")
    p.write_bytes(table_bytes(df, fmt))
