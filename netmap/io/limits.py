"""Limits on hostile or oversized input (format.md, "Hostile and oversized input"), checked before or beside parsing.

Every check returns :class:`~netmap.errors.Problem` s naming a place (file, JSON pointer,
sheet and cell) and what was expected, never the offending text: a key or a text may
hold a name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

__all__ = [
    "MAX_DEPTH",
    "MAX_JSON_BYTES",
    "MAX_LABEL",
    "MAX_TEXT",
    "MAX_WORKBOOK_ROWS",
    "MAX_WORKBOOK_UNZIPPED",
    "bad_text",
    "check_values",
    "find_duplicates",
    "keep_duplicates",
    "raw_depth_ok",
    "key_count",
    "screen_json",
]

MAX_JSON_BYTES = 20 * 1024 * 1024  # 20 MB per JSON file
MAX_DEPTH = 32  # nesting of arrays and objects
MAX_WORKBOOK_UNZIPPED = 100 * 1024 * 1024  # the sheets of a workbook, once unzipped
MAX_WORKBOOK_ROWS = 200_000  # rows of all sheets together
MAX_LABEL = 200  # characters of a "label"
MAX_TEXT = 2_000  # characters of any other text

# C0 controls but tab, line feed and carriage return; DEL and the C1 controls; UTF-16 surrogates (never
# valid alone in text: JSON's "\ud800" escape or a damaged file gives them)
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _esc(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def bad_text(text: str, key: str | None) -> str | None:
    """What is wrong with ``text`` (the value of ``key``), or None.

    Examples
    --------
    >>> bad_text("Ana", "label"), bad_text("x" * 201, "label"), bad_text("a\\x07b", "goal")
    (None, 'expected at most 200 characters', 'expected text without control characters (other than tab and line breaks)')
    """
    limit = MAX_LABEL if key == "label" else MAX_TEXT
    if len(text) > limit:
        return f"expected at most {limit} characters"
    found = _BAD_CHARS.search(text)
    if found is None:
        return None
    if _SURROGATE.match(found.group()) or _SURROGATE.search(text):
        return "expected valid Unicode text (a lone surrogate such as \\ud800 was found)"
    return "expected text without control characters (other than tab and line breaks)"


def check_values(obj: Any, report: Callable[[str, str], None], known: frozenset[str] | None = None) -> None:
    """Walk plain JSON data (without recursion) and report every text too long or with a forbidden
    character, and every array or object nested deeper than :data:`MAX_DEPTH`, by JSON pointer.

    Keys are not checked here, and with ``known`` the values of other keys are not visited:
    the format's checker reports an unknown key by the pointer of its object, and a pointer
    through it would repeat its text.
    """
    stack: list[tuple[Any, str, str | None, int]] = [(obj, "", None, 0)]
    while stack:
        value, ptr, key, depth = stack.pop()
        if type(value) is str:
            problem = bad_text(value, key)
            if problem is not None:
                report(ptr, problem)
        elif isinstance(value, dict | list):
            if depth >= MAX_DEPTH:
                report(ptr, f"expected arrays and objects nested at most {MAX_DEPTH} levels deep")
                continue
            if isinstance(value, dict):
                stack.extend((v, f"{ptr}/{_esc(k)}", k, depth + 1) for k, v in value.items()
                             if known is None or k in known)
            else:
                stack.extend((v, f"{ptr}/{i}", key, depth + 1) for i, v in enumerate(value))


class DuplicatedKeys(dict):
    """An object of JSON text that gives some key twice (made by :func:`keep_duplicates`)."""

    duplicated: tuple[str, ...] = ()


def keep_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook`` for :func:`json.loads`: a dict, marked as :class:`DuplicatedKeys` when a key recurs."""
    out = dict(pairs)
    if len(out) != len(pairs):
        marked = DuplicatedKeys(out)
        seen: set[str] = set()
        marked.duplicated = tuple(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        return marked
    return out


def find_duplicates(obj: Any, report: Callable[[str, str], None], known: frozenset[str]) -> None:
    """Report each object of ``obj`` (parsed with :func:`keep_duplicates`) that gives a key twice, by pointer.

    The key is named only when it is one of the format's (``known``): another key's text may be a name.
    """
    stack: list[tuple[Any, str, int]] = [(obj, "", 0)]
    while stack:
        value, ptr, depth = stack.pop()
        if depth > MAX_DEPTH:
            continue
        if isinstance(value, DuplicatedKeys):
            named = sorted({k for k in value.duplicated if k in known})
            which = f"key {', '.join(named)}" if named else "a key"
            report(ptr, f"expected each key at most once in this object ({which} is given twice)")
        if isinstance(value, dict):
            stack.extend((v, f"{ptr}/{_esc(k)}", depth + 1) for k, v in value.items() if k in known)
        elif isinstance(value, list):
            stack.extend((v, f"{ptr}/{i}", depth + 1) for i, v in enumerate(value))


# Fast screening of JSON text, with bytes methods only (C speed: about 0.05 ms for a 20 kB file, where
# walking the parsed data costs 0.6 ms and a regular expression over the text 1 to 2 ms, measured on
# synthetic situations). When the screen passes, no text of the file can break a limit and nothing nests
# deeper than allowed; when it fails ("look closer"), the exact walks above run.
_C1 = re.compile(rb"\xc2[\x80-\x9f]")
_PAIR = re.compile(rb"\[\]|\{\}")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def screen_json(raw: bytes) -> int:
    """The number of keys of valid JSON text when it surely holds no text over its limit, no control
    character, no surrogate, and no array or object nested deeper than :data:`MAX_DEPTH`; else -1.

    Conservative: -1 means "look closer" (an escape sequence, a long text, a deep nesting). The
    keys are counted as the colons outside strings; comparing them with the keys of the parsed
    data tells whether an object repeats a key (the parser keeps one of them).
    """
    if b'\\"' in raw or b"\\u" in raw or (b"\xc2" in raw and _C1.search(raw)):
        return -1
    parts = raw.split(b'"')
    if len(parts) % 2 == 0:
        return -1
    if max(map(len, parts[1::2]), default=0) > MAX_LABEL:
        for i in range(1, len(parts), 2):
            n = len(parts[i])  # bytes: at least as many as characters
            if n > MAX_TEXT or (n > MAX_LABEL and i >= 2 and parts[i - 2] == b"label"):
                return -1
    outside = b"".join(parts[0::2])
    brackets = outside.translate(None, _NOT_BRACKETS)
    for _ in range(MAX_DEPTH + 1):
        if not brackets:
            return outside.count(b":")
        brackets = _PAIR.sub(b"", brackets)
    return -1


def key_count(compact: bytes) -> int:
    """The keys of JSON text written by orjson from data whose text :func:`screen_json` counted."""
    return compact.count(b'":')


def raw_depth_ok(raw: bytes) -> bool:
    """True when the arrays and objects of JSON text nest at most :data:`MAX_DEPTH` levels; False may also
    mean "look closer" (escaped quotes, or text that is not valid JSON)."""
    if b'\\"' in raw:
        parts = [raw]  # strings cannot be told apart by their quotes: count every bracket (may overcount)
    else:
        parts = raw.split(b'"')[0::2]
    brackets = b"".join(parts).translate(None, _NOT_BRACKETS)
    for _ in range(MAX_DEPTH):
        if not brackets:
            return True
        brackets = _PAIR.sub(b"", brackets)
    return not brackets


