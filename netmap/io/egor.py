"""egor's three tables (egos, alters, alter–alter ties), both ways, for R's egor package and Network Canvas.

One ego per situation: the person, with the situation's fields and the assessment in
force (the latest, or the latest on or before ``at``). Written with the ID columns that
egor's ``egor()`` and ``threefiles_to_egor()`` take by default (``egoID``, ``alterID``,
``Source``, ``Target``), so that in R::

    library(egor)
    e <- egor(alters = read.csv("alters.csv", na.strings = c("", "NA")),
              egos = read.csv("egos.csv", na.strings = c("", "NA")),
              aaties = read.csv("aaties.csv", na.strings = c("", "NA")))

egor has no table for the person's needs, so a fourth file, ``needs.csv`` (one row per
need, keyed by ``egoID``), keeps them, and each alter's ``covers`` lists the needs it
covers. See docs/egor.md for every column.

Reading accepts these files as netmap writes them and as other tools do: egor's own
export names (``.egoID``, ``.altID``, ``.srcID``, ``.tgtID``), Network Canvas's UUID
columns, ``;`` or ``,`` as delimiter, ``NA`` for a missing value, and a ``columns``
mapping (canonical key → header) for any column netmap cannot guess. Every missing or
wrong field is reported with its file, row and column, never with its value; a folder
with any problem gives no situation.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from ..errors import Problem, UsageError, ValidationError
from ..model import FORMAT, Actor, Situation
from ..taxonomy import Taxonomy, default_taxonomy
from . import cells
from .canonical import parse_situation
from .csv_folder import sniff_delimiter
from .graphml import atomic_write_bytes
from .network_graph import list_text
from .vocabulary import CHOICE_KINDS, code_lookup

__all__ = ["EGOR_FILES", "ID_ALIASES", "is_egor_folder", "read_egor", "write_egor"]

EGOR_FILES = {"egos": "egos.csv", "alters": "alters.csv", "aaties": "aaties.csv", "needs": "needs.csv"}
_FILE_ALIASES = {"egos": ("egos.csv", "ego.csv"), "alters": ("alters.csv", "alter.csv"),
                 "aaties": ("aaties.csv", "aatie.csv", "edges.csv"), "needs": ("needs.csv",)}

#: headers recognised for the id columns, first the one netmap writes (egor()'s defaults)
ID_ALIASES: Mapping[str, tuple[str, ...]] = {
    "ego": ("egoID", ".egoID", "ego_id", "EgoID", "networkCanvasEgoUUID"),
    "alter": ("alterID", ".altID", ".alterID", "alter_id", "networkCanvasUUID"),
    "source": ("Source", ".srcID", ".Source", "from", "networkCanvasSourceUUID"),
    "target": ("Target", ".tgtID", ".Target", "to", "networkCanvasTargetUUID"),
    "need": ("needID", "need_id", "need"),
}

_OPTIONAL_ACTOR = tuple(f.name for f in fields(Actor) if f.name in ("support", "reciprocity", "contact"))


@dataclass(frozen=True)
class _Col:
    key: str  # canonical key, also the header netmap writes (ids: the first alias)
    kind: str  # id, text, date, integer, boolean, ids, choice:<kind>
    required: bool = False
    nullable: bool = False


_EGO_COLS = (
    _Col("ego", "id", True), _Col("service", "id", True), _Col("requested", "date", True),
    _Col("opened", "date", nullable=True), _Col("closed", "date", nullable=True),
    _Col("outcome", "choice:outcome", True), _Col("age", "integer", nullable=True),
    _Col("gender", "text", nullable=True), _Col("region", "id", True), _Col("housing", "choice:housing", True),
    _Col("insured", "boolean", nullable=True), _Col("languages", "ids"), _Col("demand", "choice:demand", True),
    _Col("consent", "choice:consent", True), _Col("assessment", "date"), _Col("assessment_label", "text", nullable=True),
)
_ALTER_COLS = (
    _Col("ego", "id", True), _Col("alter", "id", True), _Col("label", "text", True),
    _Col("formal", "boolean", True), _Col("sector", "choice:sector", True),
    _Col("organisation", "text", nullable=True), _Col("role", "text", nullable=True),
    _Col("language", "id", nullable=True), _Col("exhaustion", "integer", nullable=True),
    _Col("mandate", "choice:mandate", nullable=True), _Col("case_manager", "boolean"), _Col("referent", "boolean"),
    _Col("tie_to_person", "choice:tie_to_person"), _Col("active", "boolean"),
    *(_Col(name, "ids" if name == "support" else "id", nullable=name != "support") for name in _OPTIONAL_ACTOR),
    _Col("covers", "ids"),
)
_AATIE_COLS = (_Col("ego", "id", True), _Col("source", "id", True), _Col("target", "id", True),
               _Col("kind", "choice:tie_kind", True), _Col("strength", "choice:tie_strength"))
_NEED_COLS = (_Col("ego", "id", True), _Col("need", "id", True), _Col("domain", "choice:domain", True),
              _Col("severity", "integer"), _Col("status", "choice:need_status"), _Col("priority", "boolean"),
              _Col("covered_by", "ids"), _Col("goal", "text", nullable=True))
_COLUMNS = {"egos": _EGO_COLS, "alters": _ALTER_COLS, "aaties": _AATIE_COLS, "needs": _NEED_COLS}
# canonical field each column fills (ids map to the format's keys)
_FIELD = {"ego": "id", "alter": "id", "source": "a", "target": "b", "need": "id"}
# and back: (table, canonical field) -> the column's key
_ID_KEY = {("egos", "id"): "ego", ("alters", "id"): "alter", ("aaties", "a"): "source", ("aaties", "b"): "target",
           ("needs", "id"): "need", ("egos", "date"): "assessment"}


def _header(key: str) -> str:
    return ID_ALIASES[key][0] if key in ID_ALIASES else key


# -- writing -----------------------------------------------------------------------------

def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"  # what R's read.csv takes for a logical
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, tuple | list):
        return list_text([str(x) for x in v])
    if isinstance(v, int | float):
        return str(v)
    return cells.protect(str(v))


def _csv_bytes(header: list[str], rows: Iterable[list[Any]]) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows([_cell(v) for v in row] for row in rows)
    return buf.getvalue().encode("utf-8")


def write_egor(situations: Iterable[Situation], folder: str | Path, *, at: dt.date | None = None) -> list[Path]:
    """Write ``egos.csv``, ``alters.csv``, ``aaties.csv`` and ``needs.csv`` into ``folder``: one ego per situation.

    A situation without an assessment on or before ``at`` is an ego without alters
    (its ``assessment`` cell is blank).
    """
    out = Path(folder)
    rows: dict[str, list[list[Any]]] = {k: [] for k in EGOR_FILES}
    for s in situations:
        a = s.assessment_at(at)
        p = s.person
        rows["egos"].append([s.id, s.service, s.requested, s.opened, s.closed, s.outcome, p.age, p.gender, p.region,
                             p.housing, p.insured, p.languages, p.demand, p.consent,
                             a.date if a else None, a.label if a else None])
        if a is None:
            continue
        for actor in a.actors:
            covers = [n.id for n in a.needs if actor.id in n.covered_by]
            rows["alters"].append([s.id, actor.id, *(getattr(actor, c.key) for c in _ALTER_COLS[2:-1]), covers])
        rows["aaties"].extend([s.id, t.a, t.b, t.kind, t.strength] for t in a.ties)
        rows["needs"].extend([s.id, n.id, n.domain, n.severity, n.status, n.priority, n.covered_by, n.goal]
                             for n in a.needs)
    written = []
    for name, file in EGOR_FILES.items():
        path = out / file
        atomic_write_bytes(path, _csv_bytes([_header(c.key) for c in _COLUMNS[name]], rows[name]))
        written.append(path)
    return written


# -- reading -----------------------------------------------------------------------------

def is_egor_folder(path: str | Path) -> bool:
    """A folder holding egor's alters file (``alters.csv``) and no netmap ``situations.csv``."""
    p = Path(path)
    return p.is_dir() and not (p / "situations.csv").is_file() and any(
        (p / n).is_file() for n in _FILE_ALIASES["alters"])


@dataclass
class _Table:
    name: str
    file: str
    index: dict[str, int]  # canonical key -> column position
    headers: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)

    def place(self, row: int, key: str | None = None) -> str:
        if key is not None and key in self.index:
            return f"row {row}, column {self.headers[self.index[key]]}"
        if key is not None and any(c.key == key for c in _COLUMNS[self.name]):
            return f"row {row}, column {_header(key)} (not in the file)"
        return f"row {row}"


def _find_file(root: Path, name: str) -> Path | None:
    for n in _FILE_ALIASES[name]:
        if (root / n).is_file():
            return root / n
    return None


# the format's limits for a workbook (format.md, "Hostile and oversized input"), per file here
MAX_BYTES = 100 * 1024 * 1024
MAX_ROWS = 200_000


def _read_table(path: Path, name: str, columns: Mapping[str, str], problems: list[Problem]) -> _Table | None:
    try:
        if path.stat().st_size > MAX_BYTES:
            problems.append(Problem(str(path), "", "expected a file of at most 100 MB"))
            return None
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(Problem(str(path), "", "expected UTF-8 text (in Excel: save as « CSV UTF-8 »)"))
        return None
    except OSError as exc:
        problems.append(Problem(str(path), "", f"could not be read ({exc.strerror})"))
        return None
    first = text.lstrip("\r\n").split("\n", 1)[0]
    try:
        all_rows = []
        for values in csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(first)):
            all_rows.append(values)
            if len(all_rows) > MAX_ROWS + 1:
                problems.append(Problem(str(path), "", "expected at most 200,000 rows"))
                return None
    except csv.Error as exc:
        problems.append(Problem(str(path), "", f"expected CSV text ({exc})"))
        return None
    if not all_rows:
        problems.append(Problem(str(path), "row 1", "expected a header row with the column names"))
        return None
    headers = [h.strip() for h in all_rows[0]]
    by_norm = {h.lower(): i for i, h in enumerate(headers) if h}
    index: dict[str, int] = {}
    for col in _COLUMNS[name]:
        wanted = columns.get(col.key)
        candidates = (wanted,) if wanted else (ID_ALIASES.get(col.key, (col.key,)))
        for c in candidates:
            if c.lower() in by_norm:
                index[col.key] = by_norm[c.lower()]
                break
        else:
            if wanted:
                problems.append(Problem(str(path), "row 1", f"expected a column named as --column gives it "
                                                            f"for the field {col.key}"))
            elif col.required:
                problems.append(Problem(str(path), "row 1", f"expected a column for the field {col.key} "
                                                            f"(name it with --column {col.key}=HEADER)"))
    table = _Table(name, str(path), index, headers)
    for n, values in enumerate(all_rows[1:], start=2):
        if any(v.strip() for v in values):
            table.rows.append((n, values))
    return table


_CONVERT: dict[str, Callable[[Any], Any]] = {
    "id": cells.to_id, "text": cells.to_text, "date": cells.to_date, "integer": cells.to_integer,
    "boolean": cells.to_boolean,
}


class _Reader:
    def __init__(self, root: Path, columns: Mapping[str, str], taxonomy: Taxonomy):
        self.root = root
        self.columns = columns
        self.tax = taxonomy
        self.problems: list[Problem] = []
        self.lookups = {k: code_lookup(k, taxonomy) for k in CHOICE_KINDS}

    def values(self, table: _Table, row: int, raw: list[str]) -> dict[str, Any]:
        """The row's cells by canonical key, converted; blank cells left out (nullable ones as None)."""
        out: dict[str, Any] = {}
        for col in _COLUMNS[table.name]:
            i = table.index.get(col.key)
            if i is None:
                continue
            v = raw[i] if i < len(raw) else ""
            if cells.is_blank(v) or v.strip() == "NA":
                if col.nullable:
                    out[col.key] = None
                elif col.key == "ego":  # other required blanks are named by the format's check
                    self.problems.append(Problem(table.file, table.place(row, col.key),
                                                 "expected the id of an ego (this cell is blank)"))
                continue
            if col.kind == "ids":
                out[col.key] = cells.to_id_list(v)
            elif col.kind.startswith("choice:"):
                out[col.key] = cells.to_choice(v, self.lookups[col.kind.split(":", 1)[1]])
            else:
                out[col.key] = _CONVERT[col.kind](v)
        return out

    def read(self) -> list[Situation]:
        tables: dict[str, _Table] = {}
        for name in EGOR_FILES:
            path = _find_file(self.root, name)
            if path is None:
                if name in ("egos", "alters"):
                    self.problems.append(Problem(str(self.root / EGOR_FILES[name]), "",
                                                 f"expected this file (the table {name}) in the folder"))
                continue
            t = _read_table(path, name, self.columns, self.problems)
            if t is not None:
                tables[name] = t
        if self.problems:
            raise ValidationError(self.problems)
        sits: dict[str, dict[str, Any]] = {}
        origins: dict[str, dict[str, tuple[_Table, int]]] = {}
        egos = tables["egos"]
        first_row: dict[str, int] = {}
        for row, raw in egos.rows:
            v = self.values(egos, row, raw)
            sid = v.get("ego")
            if not isinstance(sid, str):
                continue
            if sid in sits:
                self.problems.append(Problem(egos.file, egos.place(row, "ego"),
                                             f"expected an ego id used on one row only (also on row {first_row[sid]})"))
                continue
            first_row[sid] = row
            person = {k: v[k] for k in ("age", "gender", "region", "housing", "insured", "languages", "demand",
                                        "consent") if k in v}
            obj: dict[str, Any] = {"format": FORMAT, "id": sid, "person": person, "assessments": []}
            obj.update({k: v[k] for k in ("service", "requested", "opened", "closed", "outcome") if k in v})
            when = v.get("assessment") or v.get("opened") or v.get("requested")
            assessment: dict[str, Any] = {"date": when, "actors": [], "ties": [], "needs": []}
            if v.get("assessment_label") is not None:
                assessment["label"] = v["assessment_label"]
            obj["_assessment"] = assessment
            sits[sid] = obj
            origins[sid] = {"": (egos, row), "/person": (egos, row), "/assessments/0": (egos, row)}
        covers: dict[str, dict[str, list[str]]] = {}
        for name, kind in (("alters", "actors"), ("aaties", "ties"), ("needs", "needs")):
            table = tables.get(name)
            if table is None:
                continue
            for row, raw in table.rows:
                v = self.values(table, row, raw)
                sid = v.get("ego")
                if sid is None:
                    continue
                if sid not in sits:
                    self.problems.append(Problem(table.file, table.place(row, "ego"),
                                                 "expected the id of an ego listed in the egos table"))
                    continue
                items = sits[sid]["_assessment"][kind]
                item = self._item(name, v)
                if name == "alters" and "covers" in v:
                    for nid in v["covers"]:
                        covers.setdefault(sid, {}).setdefault(nid, []).append(str(item.get("id")))
                origins[sid][f"/assessments/0/{kind}/{len(items)}"] = (table, row)
                items.append(item)
        needs_table = tables.get("needs")
        for sid, obj in sits.items():
            a = obj.pop("_assessment")
            if a["actors"] or a["needs"] or a["ties"] or obj.get("opened") is not None:
                obj["assessments"] = [a]
            for n in a["needs"]:  # who covers a need: needs.csv's covered_by, else the alters' covers
                if "covered_by" not in n:
                    n["covered_by"] = covers.get(sid, {}).pop(n.get("id"), [])
                else:
                    covers.get(sid, {}).pop(n.get("id"), None)
            for nid in covers.get(sid, {}):
                for alter_id in dict.fromkeys(covers[sid][nid]):
                    table_, row_ = self._alter_row(origins[sid], a, alter_id)
                    self.problems.append(Problem(table_.file, table_.place(row_, "covers"),
                                                 "expected the id of a need listed in needs.csv" if needs_table
                                                 else "expected no need ids without needs.csv beside this file"))
        out: list[Situation] = []
        for sid, obj in sits.items():
            sit, problems = parse_situation(obj, file="", locate=lambda p: p, taxonomy=self.tax)
            for p in problems:
                self.problems.append(self._locate(origins[sid], p))
            if sit is not None:
                out.append(sit)
        if self.problems:
            raise ValidationError(self.problems)
        return out

    @staticmethod
    def _alter_row(origin: Mapping[str, tuple[_Table, int]], a: dict[str, Any], alter_id: str) -> tuple[_Table, int]:
        for i, actor in enumerate(a["actors"]):
            if actor.get("id") == alter_id:
                return origin[f"/assessments/0/actors/{i}"]
        return origin[""]  # pragma: no cover - every covering alter has a row

    @staticmethod
    def _item(name: str, v: dict[str, Any]) -> dict[str, Any]:
        skip = {"ego", "covers"}
        return {_FIELD.get(k, k): val for k, val in v.items() if k not in skip}

    def _locate(self, origin: Mapping[str, tuple[_Table, int]], p: Problem) -> Problem:
        parts = p.place.split("/")
        for k in range(len(parts), 0, -1):
            hit = origin.get("/".join(parts[:k]))
            if hit is not None:
                rest = parts[k:]
                break
        else:  # pragma: no cover - "" is always registered
            hit, rest = origin[""], []
        table, row = hit
        name = rest[0] if rest else None
        key = _ID_KEY.get((table.name, name or ""), name)
        expected = p.expected  # the format's check worded it (its French is in problem_text)
        return Problem(table.file, table.place(row, key), expected)


def read_egor(folder: str | Path, *, columns: Mapping[str, str] | None = None,
              taxonomy: Taxonomy | None = None) -> list[Situation]:
    """Read egor's tables from ``folder``: one situation per ego, one assessment each.

    ``columns`` maps a canonical key (``ego``, ``alter``, ``source``, ``target``, ``need``,
    or a field such as ``sector``) to the header that holds it in these files. Raises
    :class:`ValidationError` naming the file, row and column of every problem.
    """
    unknown = sorted(set(columns or {}) - {c.key for cols in _COLUMNS.values() for c in cols})
    if unknown:
        raise UsageError(f"--column: no field named {', '.join(unknown)} in the egor tables (see docs/egor.md)")
    return _Reader(Path(folder), dict(columns or {}), taxonomy or default_taxonomy()).read()

