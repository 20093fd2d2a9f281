"""Checks of a workbook before openpyxl parses it: unzipped size, rows in all, formula cells without a value.

A workbook is a zip of XML parts; a small file can unzip to gigabytes (a "zip bomb").
Sizes are read from the zip's directory (nothing is unzipped to learn them: the zip
module never gives more bytes than a part declares), then the sheets are scanned as
bytes, without building XML trees: rows are counted and formula cells lacking a cached
value are found, in about a second for 100 MB. Limits: format.md, "Hostile and oversized
input".
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import Problem
from .limits import MAX_WORKBOOK_ROWS, MAX_WORKBOOK_UNZIPPED

__all__ = ["check_workbook"]

_MB = 1024 * 1024
_CHUNK = 4 * _MB
_MAX_INDEX_PART = 5 * _MB  # workbook.xml and its relations: a list of sheets
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL_END = re.compile(rb"</(?:\w+:)?c>|<(?:\w+:)?c[\s>/]")
_VALUE = re.compile(rb"<(?:\w+:)?v>\s*[^<\s]")
_CELL_START = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br=\"([A-Z]{1,3}[0-9]{1,7})\"")
_ROW_END = re.compile(rb"</(?:\w+:)?row>")
_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml\Z")


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part name → sheet title, from xl/workbook.xml and its relations (empty if they cannot be read)."""
    from defusedxml import ElementTree

    try:
        infos = [zf.getinfo("xl/workbook.xml"), zf.getinfo("xl/_rels/workbook.xml.rels")]
        if any(i.file_size > _MAX_INDEX_PART for i in infos):
            return {}
        book = ElementTree.fromstring(zf.read(infos[0]))
        rels = ElementTree.fromstring(zf.read(infos[1]))
    except (KeyError, ValueError, SyntaxError, zipfile.BadZipFile, OSError, EOFError):
        return {}
    targets = {}
    for rel in rels:
        target = rel.get("Target") or ""
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        targets[rel.get("Id")] = part
    out = {}
    for el in book.iter():
        if el.tag.endswith("}sheet") or el.tag == "sheet":
            rid = next((v for k, v in el.attrib.items() if k.endswith("}id")), None)
            if rid in targets:
                out[targets[rid]] = el.get("name") or ""
    return out


def _blocks(zf: zipfile.ZipFile, name: str) -> Iterator[bytes]:
    """The part's bytes in blocks that end after a closing row tag (cells never straddle two blocks)."""
    carry = b""
    with zf.open(name) as fh:
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                break
            buf = carry + chunk
            cut = _after_last_row(buf)
            if cut < 0:
                carry = buf
                continue
            yield buf[:cut]
            carry = buf[cut:]
    if carry:
        yield carry


def _after_last_row(buf: bytes) -> int:
    """The position just after the last closing row tag of ``buf`` (``</row>``, ``</x:row>``), or -1."""
    pos = len(buf)
    while True:
        pos = buf.rfind(b"row>", 0, pos)
        if pos < 0:
            return -1
        opening = buf.rfind(b"<", 0, pos)
        if opening >= 0 and _ROW_END.fullmatch(buf, opening, pos + 4):
            return pos + 4


def _formulas_without_value(block: bytes) -> Iterator[str]:
    """The references (e.g. B7) of the formula cells of ``block`` that hold no cached value."""
    for m in _FORMULA.finditer(block):
        end = _CELL_END.search(block, m.end())
        stop = end.start() if end else len(block)
        if _VALUE.search(block, m.end(), stop):
            continue
        start = max(block.rfind(b"<c ", 0, m.start()), block.rfind(b":c ", 0, m.start()))
        ref = _CELL_START.search(block, max(start - 3, 0), m.start()) if start >= 0 else None
        yield ref.group(1).decode("ascii") if ref else "?"


def check_workbook(path: str | Path, reads: Callable[[str], bool] | None = None) -> list[Problem]:
    """Problems of size and formulas of the workbook at ``path``, found before parsing it.

    ``reads`` tells whether netmap reads the sheet of a title (None: every sheet): only
    their formula cells matter. A file that is not a readable zip gives no problem here (the
    reader then says so).
    """
    file = str(path)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return []
    with zf:
        infos = [i for i in zf.infolist() if _SHEET_PART.match(i.filename)]
        # every part counts: openpyxl also parses the shared strings, styles and the rest (a bomb may hide there)
        unzipped = sum(i.file_size for i in zf.infolist())
        if unzipped > MAX_WORKBOOK_UNZIPPED:
            return [Problem(file, "", f"expected a workbook whose sheets hold at most {MAX_WORKBOOK_UNZIPPED // _MB} MB "
                                      f"once unzipped (this one: {unzipped // _MB} MB or more)")]
        titles = _sheet_parts(zf)
        rows = 0
        problems: list[Problem] = []
        for info in infos:
            title = titles.get(info.filename)
            wanted = reads is None or (title is not None and reads(title))
            try:
                for block in _blocks(zf, info.filename):
                    rows += len(_ROW.findall(block))
                    if rows > MAX_WORKBOOK_ROWS:
                        return [Problem(file, "", f"expected a workbook of at most {MAX_WORKBOOK_ROWS:,} rows in "
                                                  "all its sheets")]
                    if wanted:
                        for ref in _formulas_without_value(block):
                            where = f"sheet {title or info.filename}, cell {ref}"
                            problems.append(Problem(file, where, "expected a cached value in this formula cell (save "
                                                    "the workbook in Excel or LibreOffice so that it computes it)"))
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
                return []  # damaged: the reader says so, by sheet
    return problems
