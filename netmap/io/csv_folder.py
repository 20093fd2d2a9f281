"""CSV folders: the tables of :mod:`netmap.io.tables`, one ``<sheet>.csv`` file each.

Reading accepts UTF-8 with or without a byte-order mark and finds the delimiter of each
file from its header line: ``,`` or ``;`` (what Excel writes in a Belgian locale).
Files other than the tables are ignored. Writing is UTF-8, formula-injection safe
(:func:`netmap.io.cells.protect`, the same protective quote as in workbooks) and
atomic per file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..model import Situation
from ..taxonomy import Taxonomy
from . import cells
from .tables import SHEETS, RawTable, Sheet, header_names, read_tables, sheet_named, situation_rows

__all__ = ["read_csv_folder", "sniff_delimiter", "write_csv_folder"]


def sniff_delimiter(header_line: str) -> str:
    """``;`` when the header line holds more semicolons than commas, else ``,``.

    >>> sniff_delimiter("situation;date de demande;issue")
    ';'
    >>> sniff_delimiter("situation,requested,outcome")
    ','
    """
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _raw_table(path: Path, sheet: Sheet, text: str) -> RawTable:
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(first_line))
    header: Sequence[Any] = ()
    header_row = 1
    rows: list[tuple[int, Sequence[Any]]] = []
    for n, values in enumerate(reader, start=1):
        if not header:
            if any(not cells.is_blank(v) for v in values):
                header, header_row = values, n
            continue
        rows.append((n, values))
    return RawTable(sheet, str(path), "", header, rows, header_row=header_row)


def read_csv_folder(folder: str | Path, taxonomy: Taxonomy | None = None) -> list[Situation]:
    """Read every situation of a CSV folder; raise :class:`ValidationError` naming the file, row and column of every problem."""
    root = Path(folder)
    raws: dict[str, RawTable] = {}
    problems: list[Problem] = []
    for path in sorted(root.glob("*.csv")):
        sheet = sheet_named(path.stem)
        if sheet is None or not path.is_file():
            continue
        if sheet.name in raws:
            problems.append(Problem(str(path), "", f"expected one file for the table {sheet.name} "
                                                   f"(also given as {Path(raws[sheet.name].file).name})"))
            continue
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            problems.append(Problem(str(path), "", "expected UTF-8 text (in Excel: save as « CSV UTF-8 »)"))
            continue
        except OSError as exc:
            problems.append(Problem(str(path), "", f"could not be read ({exc.strerror})"))
            continue
        try:
            raws[sheet.name] = _raw_table(path, sheet, text)
        except csv.Error as exc:
            problems.append(Problem(str(path), "", f"expected CSV text ({exc})"))
    return read_tables(raws, problems=problems, taxonomy=taxonomy,
                       missing=lambda s: Problem(str(root / f"{s.name}.csv"), "",
                                                 f"expected this file (the table {s.name}) in the folder, "
                                                 "even if it holds only its header row"))


_BOOLEANS = {"fr": ("oui", "non"), "en": ("yes", "no")}


def _text(value: Any, lang: str | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        yes, no = _BOOLEANS.get(lang or "", ("true", "false"))
        return yes if value else no
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    return cells.protect(str(value))


def _write_file(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]], delimiter: str, bom: bool,
                lang: str | None) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".netmap-", suffix=".csv")
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
            writer = csv.writer(fh, delimiter=delimiter)
            writer.writerow(header)
            writer.writerows([_text(v, lang) for v in row] for row in rows)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_csv_folder(situations: Iterable[Situation], folder: str | Path, *, lang: str | None = None,
                     delimiter: str = ",", bom: bool = False, taxonomy: Taxonomy | None = None) -> list[Path]:
    """Write situations as one CSV file per table, every field, so that reading the folder back gives the same situations.

    ``delimiter=";"`` and ``bom=True`` give files that Excel in a Belgian locale opens
    directly; ``lang="fr"`` writes the template's French headers, labels and oui/non
    (``"en"``: labels and yes/no).
    """
    if delimiter not in (",", ";"):
        raise ValueError("delimiter must be ',' or ';'")
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    tables = situation_rows(situations, lang=lang, taxonomy=taxonomy)
    written = []
    for sheet in SHEETS:
        path = out / f"{sheet.name}.csv"
        _write_file(path, header_names(sheet, lang), tables[sheet.name], delimiter, bom, lang)
        written.append(path)
    return written
