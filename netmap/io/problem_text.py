"""Validation problems in the user's language (French by default, Dutch, English): places and expected texts.

netmap builds every :class:`netmap.errors.Problem` in English (its ``place`` and
``expected`` are the API and stay so). This module reads each English text as a *code*
and its *parameters*: an ordered table of patterns, each naming its message (an English
template, the ``msgid`` of netmap's catalogs, see :mod:`netmap.i18n`) and capturing its
parameters (codes, counts, JSON pointers, sheet and file names, column headers), which
are carried over unchanged or rendered in turn (a place inside a message, the kind of a
JSON value, a nested description). :func:`parse` gives the code and parameters;
:func:`render` gives the text in French, Dutch or English. No pattern adds anything from
the input: the English texts never hold a value, and neither do their translations.

>>> from netmap.errors import Problem
>>> p = Problem("a.xlsx", "sheet actors, row 3, column J (secteur)",
...             "expected a sector code of the taxonomy (e.g. mental_health, housing, informal)")
>>> render(p)
'a.xlsx : feuille actors, ligne 3, colonne J (secteur) : attendu : un code de secteur de la taxonomie (p. ex. mental_health, housing, informal)'
>>> render(p, "nl")
'a.xlsx: blad actors, rij 3, kolom J (secteur): verwacht: een code van sector uit de taxonomie (bv. mental_health, housing, informal)'
>>> parse("expected at most 200 characters")
('expected {body}', {'body': ('at most {n} characters', {'n': '200'})})
>>> expected_text("a required value is missing")
'valeur obligatoire manquante'
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from ..i18n import LANGS as _ALL_LANGS
from ..i18n import N_, translator

if TYPE_CHECKING:
    from ..errors import Problem

__all__ = ["LANGS", "expected_text", "parse", "place_text", "render", "summary"]

#: languages problems can be rendered in; the first is the default
LANGS = _ALL_LANGS

# -- places ---------------------------------------------------------------------------

# (pattern, message, text kept after it); the pattern's group ``pre`` is kept before it
_PLACE_PARTS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"(?P<pre>^|, )sheet "), N_("sheet"), " "),
    (re.compile(r"(?P<pre>^|, )row (?P<n>\d+)(?=, |\)|$)"), N_("row {n}"), ""),
    (re.compile(r"(?P<pre>^|, )line (?P<n>\d+)(?=, |$)"), N_("line {n}"), ""),
    (re.compile(r"(?P<pre>^|, )column "), N_("column"), " "),
    (re.compile(r"(?P<pre>) \(not in the header row\)"), N_(" (not in the header row)"), ""),
    (re.compile(r"(?P<pre>) \(not in the file\)"), N_(" (not in the file)"), ""),
    (re.compile(r"(?P<pre>), item (?P<n>\d+)$"), N_(", item {n}"), ""),
    (re.compile(r"(?P<pre>), cell (?P<cell>[A-Z?]+[0-9]*)$"), N_(", cell {cell}"), ""),
    (re.compile(r"(?P<pre>^)situation #(?P<n>\d+)$"), N_("situation #{n}"), ""),
    (re.compile(r"(?P<pre>^)another row$"), N_("another row"), ""),
)


def place_text(place: str, lang: str = "fr") -> str:
    """A problem's place in ``lang``: sheet, row, column, item, line; a JSON pointer stays as it is.

    >>> place_text("sheet actors, row 3, column J (secteur)")
    'feuille actors, ligne 3, colonne J (secteur)'
    >>> place_text("row 4, column b", "nl"), place_text("line 1, column 2"), place_text("/assessments/0/ties/2/b")
    ('rij 4, kolom b', 'ligne 1, colonne 2', '/assessments/0/ties/2/b')
    """
    if lang == "en" or not place or place.startswith("/"):
        return place
    _ = translator(lang)

    def part(m: re.Match[str], message: str, after: str) -> str:
        return m.group("pre") + _(message, **{k: v for k, v in m.groupdict().items() if k != "pre"}) + after

    for pattern, message, after in _PLACE_PARTS:
        place = pattern.sub(functools.partial(part, message=message, after=after), place)
    return place


# -- what was expected -------------------------------------------------------------------

#: kinds of JSON values (after ", got ")
_KINDS = (N_("null"), N_("a boolean"), N_("a number"), N_("a string"), N_("an empty string"), N_("a list"),
          N_("an object"), N_("a value of another type"))

#: descriptions of what was expected (after "expected "), word for word
_PHRASES = frozenset((
    N_("a non-empty string"), N_("a string"), N_("an object"), N_("a list"), N_("true or false"),
    N_("a number >= 0"), N_("a date YYYY-MM-DD"), N_("a date that exists in the calendar (YYYY-MM-DD)"),
    N_("an id of 1 to 64 characters among A-Z a-z 0-9 . _ -"),
    N_("a lower-case region name (e.g. bruxelles)"),
    N_("a region of the taxonomy: its code (e.g. bruxelles, namur, liege) or its name in French, Dutch or English"),
    N_("a service of the directory: its id (e.g. bru-stars-cm, kirikou-cm) or its name"),
    N_("a two-letter ISO 639-1 code in lower case (e.g. fr, nl)"),
    N_("an actor id other than 'person', which is reserved for the person"),
    N_("sector 'informal' for an informal actor (formal = false)"),
    N_("a professional sector for a formal actor (formal = true)"),
    N_("an actor id: ties to the person are given by the actor's tie_to_person"),
    N_("a different actor from a: an actor cannot be tied to itself"),
    N_("the id of an actor of this assessment"),
    N_("each actor at most once"),
    N_("each kind of support at most once"),
    N_("'person', the id of an actor of this assessment, or null"),
    N_("the id of a need of this assessment"),
    N_("a date on or after requested"),
    N_("a date on or after opened"),
    N_("null unless the outcome is closed_stabilised, closed_interrupted or closed_other"),
    N_("the closing date of a situation whose outcome is closed_…"),
    N_("the opening date of a situation that was followed and closed"),
    N_("the opening date of an open situation"),
    N_("null for an open situation"),
    N_("at least one assessment for a situation that was opened"),
    N_("'person' or the id of an actor of the assessment in force at the meeting"),
    N_("at least one situation file (*.json) in this folder"),
    # egor's tables (netmap.io.egor)
    N_("a header row with the column names"),
    N_("the id of an ego (this cell is blank)"),
    N_("the id of an ego listed in the egos table"),
    N_("the id of a need listed in needs.csv"),
    N_("a file of at most 100 MB"),
    N_("at most 200,000 rows"),
    N_("no need ids without needs.csv beside this file"),
    N_("the stored content to match its content hash (it was changed outside netmap): restore a backup or "
       "import it again"),
    N_("valid JSON in the stored content"),
    N_("an existing file, folder or a store URL (sqlite:///… or postgresql://…)"),
    N_("a .json file, a folder, an .xlsx workbook or a CSV folder"),
    N_("an Excel workbook (.xlsx) that can be opened: this file is not one, is damaged, or holds forbidden XML "
       "(e.g. entity declarations)"),
    N_("a sheet that can be read (this one is damaged or holds forbidden XML such as entity declarations)"),
    N_("UTF-8 text (in Excel: save as « CSV UTF-8 »)"),
    N_("a UTF-8 text file"),
    N_("a column name above these values"),
    N_("the id of a situation of the sheet situations (the cell is blank)"),
    N_("the id of a situation listed in the sheet situations"),
    N_("the date of an assessment (YYYY-MM-DD, a date that exists), or a blank cell for the situation's single "
       "assessment"),
    N_("the date of the assessment: this situation has several assessments"),
))

_UNIQUE_IDS = {"actor id": N_("actor id"), "need id": N_("need id"), "action id": N_("action id")}
_TABLES = {"sector": N_("sector"), "domain": N_("need domain")}

#: messages of Python's JSON reader, as json.JSONDecodeError.msg gives them
_JSON_MESSAGES = frozenset((
    N_("Expecting value"), N_("Expecting ',' delimiter"), N_("Expecting ':' delimiter"),
    N_("Expecting property name enclosed in double quotes"), N_("Unterminated string starting at"),
    N_("Invalid control character at"), N_("Invalid \\escape"), N_("Invalid \\uXXXX escape"), N_("Extra data"),
    N_("Illegal trailing comma before end of object"), N_("Illegal trailing comma before end of array"),
))

# parts a pattern captures that are rendered in turn; any other part is carried over as it is
_NESTED = {"body", "kind", "place", "unique", "table", "json"}

_KIND_RE = "|".join(re.escape(k) for k in _KINDS)


def _patterns(pairs: tuple[tuple[str, str], ...]) -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(regex + r"\Z", re.S), message) for regex, message in pairs)


#: (English description after "expected ", its message), tried in order after the phrases
_BODIES = _patterns((
    (rf"(?P<body>.+), got (?P<kind>{_KIND_RE})", N_("{body} (got {kind})")),
    (r"(?P<body>.+) or null", N_("{body} or null")),
    (r"at most (?P<n>\d+) characters", N_("at most {n} characters")),
    (r"a JSON file of at most (?P<n>\d+) MB", N_("a JSON file of at most {n} MB")),
    (r"arrays and objects nested at most (?P<n>\d+) levels deep",
     N_("arrays and objects nested at most {n} levels deep")),
    (r"text without control characters \(other than tab and line breaks\)",
     N_("text without control characters (other than tab and line breaks)")),
    (r"valid Unicode text \(a lone surrogate such as \\ud800 was found\)",
     N_("valid Unicode text (a lone surrogate such as \\ud800 was found)")),
    (r"each key at most once in this object \(key (?P<key>.+) is given twice\)",
     N_("each key at most once in this object (key {key} is given twice)")),
    (r"each key at most once in this object \(a key is given twice\)",
     N_("each key at most once in this object (a key is given twice)")),
    (r"a workbook whose sheets hold at most (?P<n>\d+) MB once unzipped \(this one: (?P<m>\d+) MB or more\)",
     N_("a workbook whose sheets hold at most {n} MB once unzipped (this one: {m} MB or more)")),
    (r"a workbook of at most (?P<n>[\d,]+) rows in all its sheets", N_("a workbook of at most {n} rows in all its sheets")),
    (r"a cached value in this formula cell \(save the workbook in Excel or LibreOffice so that it computes it\)",
     N_("a cached value in this formula cell (save the workbook in Excel or LibreOffice so that it computes it)")),
    (r"one of: (?P<list>.+)", N_("one of: {list}")),
    (r"a (?P<table>sector|domain) code of the taxonomy \(e\.g\. (?P<list>.+)\)",
     N_("a {table} code of the taxonomy (e.g. {list})")),
    (r"a whole number from (?P<lo>-?\d+) to (?P<hi>-?\d+)", N_("a whole number from {lo} to {hi}")),
    (r"at most one tie of each kind between two actors \(same pair and kind as (?P<place>.+)\)",
     N_("at most one tie of each kind between two actors (same pair and kind as {place})")),
    (r"a unique (?P<unique>actor id|need id|action id) \(the same id is used at (?P<place>.+)\)",
     N_("a unique {unique} (the same id is used at {place})")),
    (r'"(?P<format>[^"]+)"', N_('"{format}" as format')),
    (r"a date unique within the situation \(same as (?P<place>.+)\)",
     N_("a date unique within the situation (same as {place})")),
    (r"null for a situation with outcome (?P<code>\w+) \(never opened\)",
     N_("null for a situation with outcome {code} (never opened)")),
    (r"a situation id unique in the dataset \(also used in (?P<file>.+)\)",
     N_("a situation id unique in the dataset (also used in {file})")),
    (r"valid JSON \((?P<json>.+)\)", N_("valid JSON ({json})")),
    (r"CSV text \((?P<error>.+)\)", N_("CSV text ({error})")),
    (r"one sheet for the table (?P<t>\w+) \(also given as sheet (?P<sheet>.+)\)",
     N_("one sheet for the table {t} (also given as sheet {sheet})")),
    (r"a sheet named (?P<t>\w+) \(or (?P<fr>.+)\), even if it holds only its header row",
     N_("a sheet named {t} (or {fr}), even if it holds only its header row")),
    (r"one file for the table (?P<t>\w+) \(also given as (?P<file>.+)\)",
     N_("one file for the table {t} (also given as {file})")),
    (r"this file \(the table (?P<t>\w+)\) in the folder, even if it holds only its header row",
     N_("this file (the table {t}) in the folder, even if it holds only its header row")),
    (r"a column name of this sheet: (?P<list>.+) \(or their French names, as in the template\)",
     N_("a column name of this sheet: {list} (or their French names, as in the template)")),
    (r"each column once \(this is (?P<key>\w+) again, first in column (?P<col>.+)\)",
     N_("each column once (this is {key} again, first in column {col})")),
    (r"a column (?P<key>\w+) \((?P<fr>.+)\) in the header row", N_("a column {key} ({fr}) in the header row")),
    (r"a column named as --column gives it for the field (?P<key>\w+)",
     N_("a column named as --column gives it for the field {key}")),
    (r"a column for the field (?P<key>\w+) \(name it with --column (?P=key)=HEADER\)",
     N_("a column for the field {key} (name it with --column {key}=HEADER)")),
    (r"an ego id used on one row only \(also on row (?P<row>\d+)\)",
     N_("an ego id used on one row only (also on row {row})")),
    (r"this file \(the table (?P<t>\w+)\) in the folder", N_("this file (the table {t}) in the folder")),
    (r"a situation id used on one row only \(also on row (?P<row>\d+)\)",
     N_("a situation id used on one row only (also on row {row})")),
    (r"one row per situation and assessment date \(also on row (?P<row>\d+)\)",
     N_("one row per situation and assessment date (also on row {row})")),
))

#: whole messages (what follows the place)
_MESSAGES = _patterns((
    (r"expected (?P<body>.+)", N_("expected {body}")),
    (r"a required value is missing", N_("a required value is missing")),
    (r"unexpected key; expected only: (?P<list>.+)", N_("unexpected key; expected only: {list}")),
    (r"unexpected key \(key number (?P<n>\d+) of this object, not repeated here\); expected only: (?P<list>.+)",
     N_("unexpected key (key number {n} of this object, not repeated here); expected only: {list}")),
    (r"could not be read \((?P<error>.+)\)", N_("could not be read ({error})")),
))

_LABEL_SUFFIX = N_(" (or its label, as in the lists of the template)")

#: a parsed text: its message (the code) and its parameters, some parsed in turn
Parsed = tuple[str, dict[str, Any]]


def _match(patterns: tuple[tuple[re.Pattern[str], str], ...], text: str) -> Parsed | None:
    for pattern, message in patterns:
        m = pattern.match(text)
        if m is not None:
            return message, {k: _part(k, v) for k, v in m.groupdict().items()}
    return None


def _part(name: str, value: str) -> Any:
    """A captured parameter: kept as text, or parsed in turn when it is itself a message."""
    if name == "body":
        return _parse_body(value)
    if name == "kind" and value in _KINDS:
        return (value, {})
    if name == "unique":
        return (_UNIQUE_IDS[value], {})
    if name == "table":
        return (_TABLES[value], {})
    if name == "json" and value in _JSON_MESSAGES:
        return (value, {})
    if name == "place" and value.startswith(("sheet ", "row ", "another row")):
        return ("", {"place": value})  # a place, rendered by place_text
    return value


def _parse_body(text: str) -> Any:
    if text in _PHRASES:
        return (text, {})
    return _match(_BODIES, text) or text


def parse(expected: str) -> Parsed | str:
    """The code (the message's English template) and parameters of a problem's ``expected`` text;
    the text itself when no pattern knows it (it is then shown as it is)."""
    return _match(_MESSAGES, expected) or expected


def _render(parsed: Any, lang: str) -> str:
    if isinstance(parsed, str):
        return parsed
    message, params = parsed
    if message == "" and "place" in params:
        return place_text(params["place"], lang)
    return translator(lang)(message, **{k: _render(v, lang) for k, v in params.items()})


def expected_text(expected: str, lang: str = "fr") -> str:
    """A problem's ``expected`` text in ``lang``; a text no pattern knows stays as it is.

    >>> expected_text("expected the id of an actor of this assessment")
    "attendu : l'identifiant d'un acteur de cette évaluation"
    >>> expected_text("expected the id of an actor of this assessment", "nl")
    'verwacht: de id van een actor van deze evaluatie'
    """
    if lang == "en":
        return expected
    suffix = ""
    if expected.endswith(_LABEL_SUFFIX):
        expected, suffix = expected[: -len(_LABEL_SUFFIX)], translator(lang)(_LABEL_SUFFIX)
    return _render(parse(expected), lang) + suffix


def render(problem: Problem, lang: str = "fr") -> str:
    """One problem as one line in ``lang``: file, place and what was expected."""
    if lang == "en":
        return str(problem)
    _ = translator(lang)
    where = _("{file}: {place}", file=problem.file, place=place_text(problem.place, lang)) if problem.place \
        else problem.file
    return _("{file}: {place}", file=where, place=expected_text(problem.expected, lang))


def summary(count: int, lang: str = "fr") -> str:
    """The head of a list of problems: "2 problèmes trouvés" / "2 problemen gevonden" / "2 problems found".

    >>> summary(1), summary(2), summary(0, "en"), summary(2, "nl")
    ('1 problème trouvé', '2 problèmes trouvés', '0 problems found', '2 problemen gevonden')
    """
    return translator(lang).ngettext("{n} problem found", "{n} problems found", count)
