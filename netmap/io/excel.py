"""Excel workbooks (.xlsx): the tables of :mod:`netmap.io.tables`, one sheet each.

Reading uses openpyxl in read-only mode with cached values (``data_only``); openpyxl
parses the XML through defusedxml, which netmap installs. Sheets other than the
tables (``instructions``, ``listes``, a user's notes) are ignored. Writing is
formula-injection safe (:func:`netmap.io.cells.protect`) and atomic: the workbook
appears complete or not at all.

Limits of the format itself: a workbook keeps numbers to 15 significant digits (as
Excel does), so an amount such as 0.1 + 0.2 comes back as 0.3; and a text cannot hold
control characters other than tab, newline and carriage return (writing one raises
:class:`netmap.errors.UsageError` naming the sheet and row).
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError, InvalidFileException

from ..errors import Problem, UsageError, ValidationError
from ..model import Situation
from ..progress import tracked
from ..taxonomy import Taxonomy
from . import cells
from .tables import SHEETS, RawTable, Sheet, header_names, read_tables, sheet_named, situation_rows
from .workbook_limits import check_workbook

__all__ = ["HEADER_FONT", "add_table_sheet", "cell_rows", "read_xlsx", "save_workbook", "write_xlsx"]

HEADER_FONT = Font(bold=True)
_WIDTHS = {"date": 12, "boolean": 10, "integer": 10, "number": 14, "id": 14, "choice": 24, "ids": 24, "text": 28}


def _raw_table(ws: Any, sheet: Sheet, file: str) -> RawTable:
    ws.reset_dimensions()  # some writers store a wrong sheet size; read every row there is
    header: Sequence[Any] = ()
    header_row = 1
    rows: list[tuple[int, Sequence[Any]]] = []
    # openpyxl's parsing is most of the time of reading a workbook: a bar per sheet on a terminal
    for n, values in enumerate(tracked(ws.iter_rows(values_only=True), desc=f"netmap: {ws.title}", unit=" row"), start=1):
        if not header:
            if any(not cells.is_blank(v) for v in values):
                header, header_row = values, n
            continue
        rows.append((n, values))
    return RawTable(sheet, file, f"sheet {ws.title}, ", header, rows, header_row=header_row, letters=True)


def read_xlsx(path: str | Path, taxonomy: Taxonomy | None = None) -> list[Situation]:
    """Read every situation of a workbook; raise :class:`ValidationError` naming the sheet, row and column of every problem."""
    file = str(path)
    found = check_workbook(path, lambda title: sheet_named(title) is not None)
    if found:
        raise ValidationError(found)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
        raise ValidationError([Problem(file, "", "expected an Excel workbook (.xlsx) that can be opened: this file is "
                                       "not one, is damaged, or holds forbidden XML (e.g. entity declarations)")]) from None
    raws: dict[str, RawTable] = {}
    problems: list[Problem] = []
    damaged: set[str] = set()
    try:
        for ws in wb.worksheets:
            sheet = sheet_named(ws.title)
            if sheet is None:
                continue  # instructions, lists, the user's own notes
            if sheet.name in raws:
                problems.append(Problem(file, f"sheet {ws.title}", f"expected one sheet for the table {sheet.name} "
                                        f"(also given as sheet {raws[sheet.name].where[6:-2]})"))
                continue
            try:
                raws[sheet.name] = _raw_table(ws, sheet, file)
            except (ParseError, ValueError, KeyError, zipfile.BadZipFile, EOFError):  # defusedxml's are ValueErrors
                damaged.add(sheet.name)
                problems.append(Problem(file, f"sheet {ws.title}", "expected a sheet that can be read "
                                        "(this one is damaged or holds forbidden XML such as entity declarations)"))
    finally:
        wb.close()
    return read_tables(raws, problems=problems, taxonomy=taxonomy,
                       missing=lambda s: None if s.name in damaged else Problem(
                           file, f"sheet {s.name}", f"expected a sheet named {s.name} (or {s.fr}), "
                                                    "even if it holds only its header row"))


def _cell_value(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if ILLEGAL_CHARACTERS_RE.search(value):
        raise IllegalCharacterError
    return cells.protect(value)


def cell_rows(tables: dict[str, list[list[Any]]]) -> dict[str, list[list[Any]]]:
    """The rows of every table as workbook cells: text protected against formulas.

    Raises :class:`UsageError` naming the sheet and row of a text a workbook cannot hold
    (a control character). Called on every table before any sheet is written, so a
    refused dataset leaves no half-written workbook behind.
    """
    out = {}
    for name, rows in tables.items():
        converted = []
        for n, row in enumerate(rows, start=2):
            try:
                converted.append([_cell_value(v) for v in row])
            except IllegalCharacterError:
                raise UsageError(f"sheet {name}, row {n}: a text holds a control character that a workbook "
                                 "cannot hold; write JSON or CSV instead") from None
        out[name] = converted
    return out


def add_table_sheet(wb: Workbook, sheet: Sheet, rows: Sequence[Sequence[Any]], lang: str | None) -> Any:
    """Append a table to a write-only workbook: bold frozen header, sensible widths.

    ``rows`` are cells as :func:`cell_rows` gives them.
    """
    ws = wb.create_sheet(sheet.name)
    headers = header_names(sheet, lang)
    # write-only sheets omit <dimension>; without it every reader scans the whole sheet once more to size it
    ws.calculate_dimension = lambda: f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
    for i, (c, h) in enumerate(zip(sheet.columns, headers, strict=True), start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(len(h) + 3, _WIDTHS[c.kind])
    ws.freeze_panes = "A2"
    bold = []
    for h in headers:
        cell = WriteOnlyCell(ws, value=h)
        cell.font = HEADER_FONT
        bold.append(cell)
    ws.append(bold)
    for row in rows:
        ws.append(row)
    return ws


def save_workbook(wb: Workbook, path: str | Path) -> Path:
    """Save atomically: to a temporary file beside ``path``, then renamed over it."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=".netmap-", suffix=".xlsx")
    os.close(fd)
    try:
        wb.save(tmp)
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return p


def write_xlsx(situations: Iterable[Situation], path: str | Path, *, lang: str | None = None,
               taxonomy: Taxonomy | None = None) -> Path:
    """Write situations as a workbook with every field, so that reading it back gives the same situations.

    Headers and coded cells are canonical by default; ``lang="fr"`` (or ``"en"``) writes
    the template's headers and the labels of codes instead (both are read back).
    """
    tables = cell_rows(situation_rows(situations, lang=lang, taxonomy=taxonomy))
    wb = Workbook(write_only=True)
    for sheet in SHEETS:
        add_table_sheet(wb, sheet, tables[sheet.name], lang)
    return save_workbook(wb, path)
