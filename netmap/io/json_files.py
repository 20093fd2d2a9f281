"""Canonical JSON files: one situation per file; a folder of such files is a dataset."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from ..errors import Problem, ValidationError
from ..model import Situation
from ..progress import tracked
from ..taxonomy import Taxonomy
from .atomic import write_text_atomic
from .canonical import KNOWN_KEYS, parse_situation, situation_to_dict
from .limits import (
    MAX_DEPTH,
    MAX_JSON_BYTES,
    check_values,
    find_duplicates,
    keep_duplicates,
    key_count,
    raw_depth_ok,
    screen_json,
)

__all__ = ["dump_situation", "json_files_in", "read_json", "read_one", "write_json_file", "write_json_folder"]

try:  # optional speed-up, same results
    import orjson
except ImportError:  # pragma: no cover - orjson is a declared dependency
    orjson = None  # type: ignore[assignment]

# files beside the situations that are not situations (e.g. expected outputs of examples)
_SKIP_SUFFIXES = (".expected.json",)


def json_files_in(folder: Path) -> list[Path]:
    """The situation files of a folder, sorted by name (``*.expected.json`` are not situations)."""
    # scandir knows each entry's type without a stat call; names sort as their paths do
    with os.scandir(folder) as entries:
        names = sorted(e.name for e in entries
                       if e.name.endswith(".json") and not e.name.endswith(_SKIP_SUFFIXES) and e.is_file())
    return [folder / n for n in names]


def _parse_bytes(raw: bytes) -> tuple[object, bool]:
    """JSON text to plain data: orjson when installed (about 2.5 times faster), else the standard library.

    Invalid text always goes through the standard library, whose error names the line and
    column; it marks objects that repeat a key (:func:`~netmap.io.limits.keep_duplicates`). Also
    says whether the objects were so marked (orjson keeps the last of repeated keys, unmarked).
    """
    if orjson is not None:
        try:
            return orjson.loads(raw), False
        except orjson.JSONDecodeError as exc:
            if "recursion" in str(exc).lower():
                raise RecursionError from None
    return json.loads(raw.decode("utf-8"), object_pairs_hook=keep_duplicates), True


def _too_deep(file: str) -> list[Problem]:
    return [Problem(file, "", f"expected arrays and objects nested at most {MAX_DEPTH} levels deep")]


def _deep_problems(raw: bytes, file: str) -> list[Problem]:
    """The problems of JSON text that may nest too deep (none when a closer look finds it fine).

    Named by pointer when the text parses without recursion and the nesting is under the
    format's keys; by the file alone otherwise (a pointer through an unknown key would repeat it).
    """
    obj = None
    if orjson is not None:
        try:
            obj = orjson.loads(raw)  # no Python recursion; refuses more than 1024 levels
        except orjson.JSONDecodeError:
            obj = None
    if obj is None:
        json.loads(raw.decode("utf-8"))  # invalid text: JSONDecodeError says where; too deep: RecursionError
        return _too_deep(file)
    under_known: list[Problem] = []
    check_values(obj, lambda ptr, msg: under_known.append(Problem(file, ptr or "/", msg)), KNOWN_KEYS)
    deep = [p for p in under_known if "nested" in p.expected]
    if deep:
        return deep
    anywhere: list[str] = []
    check_values(obj, lambda ptr, msg: anywhere.append(msg))
    return _too_deep(file) if any("nested" in m for m in anywhere) else []


def read_one(path: Path, taxonomy: Taxonomy | None = None) -> tuple[Situation | None, list[Problem]]:
    """One situation file: the situation (or None) and every problem found in it.

    The limits of "Hostile and oversized input" are checked first: the size before reading,
    the nesting before or while parsing, repeated keys right after it; the texts with the
    format's rules (:func:`~netmap.io.canonical.parse_situation`).
    """
    file = str(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_JSON_BYTES + 1)
        if len(raw) > MAX_JSON_BYTES:
            return None, [Problem(file, "", f"expected a JSON file of at most {MAX_JSON_BYTES // 1024 // 1024} MB")]
        keys = screen_json(raw)  # >= 0: no text over its limits and no deep nesting, nothing more to look at
        if keys < 0 and not raw_depth_ok(raw) and (deep := _deep_problems(raw, file)):
            return None, deep
        obj, marked = _parse_bytes(raw)
    except UnicodeDecodeError:
        return None, [Problem(file, "", "expected a UTF-8 text file")]
    except json.JSONDecodeError as exc:
        return None, [Problem(file, f"line {exc.lineno}, column {exc.colno}", f"expected valid JSON ({exc.msg})")]
    except RecursionError:
        return None, _too_deep(file)
    except OSError as exc:
        return None, [Problem(file, "", f"could not be read ({exc.strerror})")]
    if not marked:
        try:
            repeated = keys < 0 or key_count(orjson.dumps(obj)) != keys
        except (TypeError, ValueError):
            repeated = True
        if repeated:  # parse again, marking the objects that give a key twice
            obj = json.loads(raw.decode("utf-8"), object_pairs_hook=keep_duplicates)
            marked = True
    if marked:
        duplicates: list[Problem] = []
        find_duplicates(obj, lambda ptr, msg: duplicates.append(Problem(file, ptr or "/", msg)), KNOWN_KEYS)
        if duplicates:
            return None, duplicates
    return parse_situation(obj, file=file, taxonomy=taxonomy, texts_checked=keys >= 0 and not marked)


def read_json(path: str | Path, taxonomy: Taxonomy | None = None) -> list[Situation]:
    """Read one JSON file or a folder of them; raise :class:`ValidationError` with every problem."""
    p = Path(path)
    files = json_files_in(p) if p.is_dir() else [p]
    if p.is_dir() and not files:
        raise ValidationError([Problem(str(p), "", "expected at least one situation file (*.json) in this folder")])
    situations: list[Situation] = []
    problems: list[Problem] = []
    first: dict[str, Path] = {}
    for f in tracked(files, desc="netmap: lecture / reading"):
        sit, probs = read_one(f, taxonomy)
        problems.extend(probs)
        if sit is not None:
            if sit.id in first:
                problems.append(Problem(str(f), "/id", f"expected a situation id unique in the dataset "
                                                        f"(also used in {first[sit.id].name})"))
            else:
                first[sit.id] = f
                situations.append(sit)
    if problems:
        raise ValidationError(problems)
    return situations


def dump_situation(s: Situation) -> str:
    """The canonical JSON text of a situation (UTF-8, 2-space indent, final newline)."""
    return json.dumps(situation_to_dict(s), ensure_ascii=False, indent=2) + "\n"


_atomic_write = write_text_atomic


def write_json_file(s: Situation, path: str | Path) -> Path:
    p = Path(path)
    _atomic_write(p, dump_situation(s))
    return p


def write_json_folder(situations: Iterable[Situation], folder: str | Path) -> list[Path]:
    """Write each situation to ``folder/<id>.json``."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    return [write_json_file(s, out / f"{s.id}.json") for s in tracked(situations, desc="netmap: écriture / writing")]
