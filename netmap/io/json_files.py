"""Canonical JSON files: one situation per file; a folder of such files is a dataset."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..errors import Problem, ValidationError
from ..model import Situation
from ..progress import tracked
from ..taxonomy import Taxonomy
from .canonical import parse_situation, situation_to_dict

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


def _parse_bytes(raw: bytes) -> object:
    """JSON text to plain data: orjson when installed (about 2.5 times faster), else the standard library.

    Invalid text always goes through the standard library, whose error names the line and column.
    """
    if orjson is not None:
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass
    return json.loads(raw.decode("utf-8"))


def read_one(path: Path, taxonomy: Taxonomy | None = None) -> tuple[Situation | None, list[Problem]]:
    """One situation file: the situation (or None) and every problem found in it."""
    try:
        with open(path, "rb") as fh:
            obj = _parse_bytes(fh.read())
    except UnicodeDecodeError:
        return None, [Problem(str(path), "", "expected a UTF-8 text file")]
    except json.JSONDecodeError as exc:
        return None, [Problem(str(path), f"line {exc.lineno}, column {exc.colno}", f"expected valid JSON ({exc.msg})")]
    except OSError as exc:
        return None, [Problem(str(path), "", f"could not be read ({exc.strerror})")]
    return parse_situation(obj, file=str(path), taxonomy=taxonomy)


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


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".netmap-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json_file(s: Situation, path: str | Path) -> Path:
    p = Path(path)
    _atomic_write(p, dump_situation(s))
    return p


def write_json_folder(situations: Iterable[Situation], folder: str | Path) -> list[Path]:
    """Write each situation to ``folder/<id>.json``."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    return [write_json_file(s, out / f"{s.id}.json") for s in tracked(situations, desc="netmap: écriture / writing")]
