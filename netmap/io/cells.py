"""Spreadsheet cells both ways: typed values from what people type, and text that cannot run as a formula.

Reading turns a cell into the value the canonical format wants (an ISO date string, a
whole number, a boolean, a list of ids, a code) when it can be read as one, and leaves
anything else as text so that the validator reports it with its place. Blank cells
become :data:`BLANK`.

Writing protects text against formula injection: a text starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return (after any leading single quotes) gets one
single quote ``'`` in front, so no spreadsheet runs it. Reading removes exactly that
one quote again, so the round trip gives back the text as it was.

Examples
--------
>>> protect("=HYPERLINK(...)")
"'=HYPERLINK(...)"
>>> unprotect(protect("=1+1")), unprotect(protect("'=1")), unprotect("'plain")
('=1+1', "'=1", "'plain")
>>> to_boolean("Oui"), to_boolean(0), to_boolean("peut-être")
(True, False, 'peut-être')
>>> to_date("30/01/2024"), to_date("2024-02-30")
('2024-01-30', '2024-02-30')
>>> to_id_list("mere; pedopsy ;;cm")
['mere', 'pedopsy', 'cm']
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from .vocabulary import BOOLEAN_WORDS, normalise

__all__ = [
    "BLANK",
    "DANGEROUS_STARTS",
    "is_blank",
    "protect",
    "to_boolean",
    "to_choice",
    "to_date",
    "to_id",
    "to_id_list",
    "to_integer",
    "to_number",
    "to_text",
    "unprotect",
]


class _Blank:
    __slots__ = ()

    def __repr__(self) -> str:
        return "BLANK"


#: an empty cell (no value, or only spaces)
BLANK: Any = _Blank()

#: first characters that make a spreadsheet read a text as a formula (or as a DDE call)
DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")

_INT_RE = re.compile(r"^[+-]?\d+(?:[.,]0*)?$")
_NUMBER_RE = re.compile(r"^\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?$")
_ISO_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ]00:00(?::00(?:\.0+)?)?)?$")
_DMY_RE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_LIST_SPLIT = re.compile(r"[;,]")


def _dangerous(text: str) -> bool:
    return text.lstrip("'").startswith(DANGEROUS_STARTS)


def protect(text: str) -> str:
    """The text as a spreadsheet may hold it: one ``'`` in front when it could start a formula."""
    return "'" + text if _dangerous(text) else text


def unprotect(text: str) -> str:
    """Undo :func:`protect`: drop the one ``'`` it adds, and nothing else."""
    return text[1:] if text.startswith("'") and _dangerous(text) else text


def is_blank(value: Any) -> bool:
    """No value, or a text of spaces only."""
    return value is None or (isinstance(value, str) and not value.strip())


def _number_text(value: int | float) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def to_text(value: Any) -> Any:
    """Free text, kept exactly as typed (only the protective quote is removed)."""
    if is_blank(value):
        return BLANK
    if isinstance(value, str):
        return unprotect(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return _number_text(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def to_id(value: Any) -> Any:
    """An id: text without surrounding spaces (a whole number typed as a number becomes its digits)."""
    text = to_text(value)
    return text if text is BLANK else text.strip()


def to_date(value: Any) -> Any:
    """An ISO date string from a date cell, ``YYYY-MM-DD``, ``DD/MM/YYYY`` or a midnight timestamp.

    The calendar is not checked here (the validator says that 2024-02-30 does not exist).
    """
    if is_blank(value):
        return BLANK
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        return value
    text = unprotect(value).strip()
    m = _ISO_RE.match(text)
    if m:
        return m.group(1)
    m = _DMY_RE.match(text)
    if m:
        return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    return text


def to_integer(value: Any) -> Any:
    """A whole number from a number cell or digits (``3``, ``3.0``, ``3,0``)."""
    if is_blank(value):
        return BLANK
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = unprotect(value).strip()
        if _INT_RE.match(text):
            return int(re.split(r"[.,]", text)[0])
        return text
    return value


def to_number(value: Any) -> Any:
    """A number from a number cell or text such as ``12.5``, ``12,50``, ``1 200 €``."""
    if is_blank(value):
        return BLANK
    if isinstance(value, str):
        text = re.sub(r"[\s\u00a0\u202f€]", "", unprotect(value))
        if _NUMBER_RE.match(text):
            number = float(text.replace(",", "."))
            return int(number) if number.is_integer() else number
        return value.strip()
    return value


def to_boolean(value: Any) -> Any:
    """True or false from a boolean cell, 1/0, or TRUE/FALSE, vrai/faux, oui/non, yes/no, ja/nee."""
    if is_blank(value):
        return BLANK
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = BOOLEAN_WORDS.get(normalise(value))
        return value.strip() if word is None else word
    return value


def to_id_list(value: Any) -> list[Any]:
    """Ids separated by ``;`` (or ``,``), blanks dropped; a blank cell is the empty list."""
    if is_blank(value):
        return []
    if isinstance(value, str):
        return [part.strip() for part in _LIST_SPLIT.split(unprotect(value)) if part.strip()]
    return [to_id(value)]


def to_choice(value: Any, lookup: Mapping[str, str]) -> Any:
    """A code from the code itself or its label in any language; anything else stays as typed."""
    if is_blank(value):
        return BLANK
    if not isinstance(value, str):
        return to_text(value)
    text = unprotect(value).strip()
    return lookup.get(normalise(text), text)
