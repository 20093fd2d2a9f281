"""The situation format as tables (one sheet or CSV file each), both ways, shared by Excel and CSV.

Sheets (format.md, "Files"): ``situations`` (the person's fields flattened), ``actors``,
``ties``, ``needs``, ``actions``, ``meetings``, ``funding``; every row carries
``situation``; rows of actors, ties, needs and actions carry ``assessment`` (a date;
blank means the situation's single assessment, dated ``opened`` or else ``requested``).
List cells (``covered_by``, ``attendees``, ``languages``) are ``;``-separated (a comma is
accepted too on reading: ids and language codes never hold one).

The spec's sheets cannot hold who requested the follow-up, the label of an assessment,
nor an assessment without any row, so netmap also writes two optional sheets,
``assessments`` (situation, date, label) and ``requesters`` (situation, type, sector,
organisation). They are read when present and never required.

Headers may be the canonical names or the French ones of the template (case, accents
and spacing do not matter); coded cells may hold the code or its label in any language.

Reading builds the canonical plain data of each situation and checks it with
:func:`netmap.io.canonical.parse_situation`; every problem is reported at once with
its sheet (or file), row and column as the user sees them (header = row 1), and never
with the value of the cell.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import Problem, ValidationError
from ..model import FORMAT, Situation
from ..taxonomy import Taxonomy, default_taxonomy
from . import cells
from .canonical import DATE_RE, parse_situation
from .vocabulary import choice_labels, code_lookup, normalise

__all__ = [
    "OPTIONAL_SHEETS",
    "SHEETS",
    "SPEC_SHEETS",
    "Column",
    "RawTable",
    "Sheet",
    "header_names",
    "read_tables",
    "sheet_named",
    "situation_rows",
]


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a sheet.

    ``kind`` is one of text, id, date, integer, number, boolean, ids (a ``;`` list) or
    choice (an enum of the format or a taxonomy table, named by ``choices``).
    ``field`` is the key of the canonical object it fills (empty for the ``situation``
    and ``assessment`` columns that only say where a row belongs). ``required``: the
    column must be in the header row. ``nullable``: a blank cell means null (otherwise
    the key is left out, so the format's default or "required" rule applies).
    """

    key: str
    fr: str
    kind: str
    field: str
    help_fr: str
    help_en: str
    choices: str | None = None
    required: bool = False
    nullable: bool = False
    person: bool = False
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Sheet:
    name: str
    fr: str
    columns: tuple[Column, ...]
    required: bool
    help_fr: str
    help_en: str

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


def _situation_col(help_fr: str = "Identifiant de la situation (comme dans la feuille situations).",
                   help_en: str = "Id of the situation (as in the situations sheet).") -> Column:
    return Column("situation", "situation", "id", "", help_fr, help_en, required=True)


_ASSESSMENT_COL = Column(
    "assessment", "évaluation", "date", "",
    "Date de l'évaluation (AAAA-MM-JJ). Vide : l'unique évaluation de la situation, datée de l'ouverture "
    "(ou de la demande si la situation n'est pas ouverte).",
    "Date of the assessment (YYYY-MM-DD). Blank: the situation's single assessment, dated opened "
    "(or requested when it was not opened).",
    aliases=("date d evaluation", "date evaluation"),
)

SHEETS: tuple[Sheet, ...] = (
    Sheet("situations", "situations", (
        Column("situation", "situation", "id", "id",
               "Identifiant pseudonyme de la situation (lettres, chiffres, . _ -). Jamais un nom ni un numéro de registre national.",
               "Pseudonymous id of the situation (letters, digits, . _ -). Never a name or national number.",
               required=True, aliases=("id", "identifiant")),
        Column("service", "service", "text", "service", "Service de case management qui suit la situation.",
               "Case-management service holding the situation.", required=True),
        Column("requested", "date de demande", "date", "requested", "Date d'arrivée de la demande (AAAA-MM-JJ).",
               "Date the request reached the service (YYYY-MM-DD).", required=True),
        Column("opened", "date d'ouverture", "date", "opened", "Début du suivi ; vide si pas (encore) ouverte.",
               "Follow-up started; blank if not (yet) opened.", nullable=True),
        Column("closed", "date de clôture", "date", "closed", "Fin du suivi ; vide si pas clôturée.",
               "Follow-up ended; blank if not closed.", nullable=True),
        Column("outcome", "issue", "choice", "outcome", "Où en est la demande (liste).",
               "Where the request stands (list).", choices="outcome", required=True),
        Column("age", "âge", "integer", "age", "Âge à la demande (0 à 120) ; vide si inconnu.",
               "Age at request (0 to 120); blank if unknown.", nullable=True, person=True),
        Column("gender", "genre", "text", "gender", "Libre ; vide si non renseigné.", "Free text; blank if not given.",
               nullable=True, person=True),
        Column("region", "région", "text", "region", "Lieu de vie, en minuscules (ex. bruxelles, namur, liege).",
               "Place of residence, lower case (e.g. bruxelles, namur, liege).", required=True, person=True),
        Column("housing", "logement", "choice", "housing", "Situation de logement (liste).", "Housing (list).",
               choices="housing", required=True, person=True),
        Column("insured", "en ordre de mutuelle", "boolean", "insured",
               "En ordre d'assurance soins de santé : oui, non, ou vide si inconnu.",
               "In order with health insurance: yes, no, or blank if unknown.", nullable=True, person=True,
               aliases=("mutuelle", "assure")),
        Column("languages", "langues", "ids", "languages", "Langues de la personne, codes ISO séparés par ; (ex. fr;nl).",
               "The person's languages, ISO codes separated by ; (e.g. fr;nl).", person=True),
        Column("demand", "demande", "choice", "demand", "La personne exprime-t-elle une demande ? (liste)",
               "Does the person express a demand? (list)", choices="demand", required=True, person=True),
        Column("consent", "consentement", "choice", "consent", "Consentement de la personne au suivi (liste).",
               "The person's consent to the follow-up (list).", choices="consent", required=True, person=True),
    ), True, "Une ligne par situation : la demande, son issue et la personne.",
        "One row per situation: the request, its outcome and the person."),
    Sheet("actors", "acteurs", (
        _situation_col(), _ASSESSMENT_COL,
        Column("id", "id acteur", "id", "id",
               "Identifiant de l'acteur, stable d'une évaluation à l'autre (ex. mere, mg). « person » est réservé à la personne.",
               "Actor id, stable across assessments (e.g. mother, gp). 'person' is reserved for the person.",
               required=True, aliases=("acteur", "identifiant")),
        Column("label", "libellé", "text", "label", "Comment vous le nommez : un rôle (Mère, Dr G.) ou une organisation.",
               "What you call them: a role (Mother, Dr G.) or an organisation.", required=True, aliases=("libelle", "nom")),
        Column("formal", "formel", "boolean", "formal", "oui = professionnel, non = entourage informel.",
               "yes = professional, no = informal network.", required=True, aliases=("professionnel",)),
        Column("sector", "secteur", "choice", "sector", "Secteur (liste) ; « Entourage informel » pour l'informel.",
               "Sector (list); 'Informal network' for informal actors.", choices="sector", required=True),
        Column("organisation", "organisation", "text", "organisation", "Organisation (facultatif).",
               "Organisation (optional).", nullable=True),
        Column("role", "rôle", "text", "role", "Rôle, texte libre (facultatif).", "Role, free text (optional).",
               nullable=True),
        Column("language", "langue", "id", "language", "Langue de travail, code ISO (fr, nl…) (facultatif).",
               "Working language, ISO code (fr, nl…) (optional).", nullable=True),
        Column("exhaustion", "épuisement", "integer", "exhaustion",
               "0 pas ou peu de tension, 1 légère, 2 marquée, 3 épuisé·e / risque de décrochage ; vide = non évalué.",
               "0 none or little strain, 1 mild, 2 marked, 3 exhausted / at risk of dropping out; blank = not assessed.",
               nullable=True, aliases=("epuisement",)),
        Column("mandate", "mandat", "choice", "mandate", "Cadre de l'intervention (liste, facultatif).",
               "Frame of the intervention (list, optional).", choices="mandate", nullable=True),
        Column("case_manager", "case manager", "boolean", "case_manager",
               "oui si cet acteur est la fonction de case management elle-même.",
               "yes if this actor is the case-management function itself.", aliases=("case management",)),
        Column("referent", "référent", "boolean", "referent",
               "oui pour le référent désigné qui garde le fil après le retrait.",
               "yes for the designated referent who keeps the thread after withdrawal."),
        Column("tie_to_person", "lien à la personne", "choice", "tie_to_person",
               "Le trait de l'écocarte entre la personne et l'acteur (liste ; vide = normal).",
               "The eco-map line between person and actor (list; blank = normal).", choices="tie_to_person"),
        Column("active", "actif", "boolean", "active",
               "non = encore listé mais plus impliqué (vide = oui).", "no = still listed but no longer involved (blank = yes)."),
    ), True, "Une ligne par acteur et par évaluation : les acteurs formels et informels autour de la personne.",
        "One row per actor and assessment: the formal and informal actors around the person."),
    Sheet("ties", "liens", (
        _situation_col(), _ASSESSMENT_COL,
        Column("a", "acteur a", "id", "a", "Identifiant d'un acteur (pas « person »).", "Id of an actor (not 'person').",
               required=True),
        Column("b", "acteur b", "id", "b", "Identifiant d'un autre acteur.", "Id of another actor.", required=True),
        Column("kind", "type de lien", "choice", "kind", "Nature du lien (liste).", "Kind of tie (list).",
               choices="tie_kind", required=True, aliases=("type",)),
        Column("strength", "force", "choice", "strength", "Force du lien (liste ; vide = normal).",
               "Strength (list; blank = normal).", choices="tie_strength"),
    ), True, "Une ligne par lien entre deux acteurs (non orienté). Le lien avec la personne se note dans acteurs.",
        "One row per tie between two actors (undirected). The tie to the person is given in actors."),
    Sheet("needs", "besoins", (
        _situation_col(), _ASSESSMENT_COL,
        Column("id", "id besoin", "id", "id", "Identifiant du besoin, stable d'une évaluation à l'autre (ex. n1).",
               "Need id, stable across assessments (e.g. n1).", required=True, aliases=("besoin", "identifiant")),
        Column("domain", "domaine", "choice", "domain", "Domaine de vie (liste).", "Life domain (list).",
               choices="domain", required=True),
        Column("severity", "sévérité", "integer", "severity", "1, 2 ou 3 (vide = 2).", "1, 2 or 3 (blank = 2).",
               aliases=("gravite",)),
        Column("status", "statut", "choice", "status", "Actif, satisfait ou en veille (vide = actif).",
               "Active, met or dormant (blank = active).", choices="need_status"),
        Column("covered_by", "couvert par", "ids", "covered_by",
               "Identifiants des acteurs qui répondent à ce besoin, séparés par ; (vide = personne).",
               "Ids of the actors who answer this need, separated by ; (blank = nobody)."),
        Column("priority", "prioritaire", "boolean", "priority", "oui si c'est une priorité de la personne.",
               "yes if it is a priority of the person's."),
        Column("goal", "objectif", "text", "goal", "L'objectif de la personne, dans ses mots (facultatif).",
               "The person's goal, in their words (optional).", nullable=True),
    ), True, "Une ligne par besoin et par évaluation, avec les acteurs qui le couvrent.",
        "One row per need and assessment, with the actors who cover it."),
    Sheet("actions", "actions", (
        _situation_col(), _ASSESSMENT_COL,
        Column("id", "id action", "id", "id", "Identifiant de l'action (ex. p1).", "Action id (e.g. p1).",
               required=True, aliases=("identifiant",)),
        Column("what", "action", "text", "what", "Ce qui doit être fait.", "What is to be done.", required=True,
               aliases=("quoi",)),
        Column("owner", "porteur", "id", "owner", "Identifiant de l'acteur qui s'en charge, « person », ou vide.",
               "Id of the actor who takes it on, 'person', or blank.", nullable=True, aliases=("responsable",)),
        Column("need", "besoin", "id", "need", "Identifiant du besoin concerné (facultatif).",
               "Id of the need it serves (optional).", nullable=True),
        Column("due", "échéance", "date", "due", "Date prévue (facultatif).", "Due date (optional).", nullable=True),
        Column("status", "statut", "choice", "status", "À faire, faite ou abandonnée (liste).",
               "To do, done or dropped (list).", choices="action_status", required=True),
    ), True, "Le plan d'action : qui fait quoi, pour quel besoin, pour quand.",
        "The action plan: who does what, for which need, by when."),
    Sheet("meetings", "réunions", (
        _situation_col(),
        Column("date", "date", "date", "date", "Date de la réunion.", "Date of the meeting.", required=True),
        Column("kind", "type de réunion", "choice", "kind", "Type de réunion (liste).", "Kind of meeting (list).",
               choices="meeting_kind", required=True, aliases=("type",)),
        Column("attendees", "participants", "ids", "attendees",
               "Identifiants des participants (acteurs de l'évaluation en vigueur, ou person), séparés par ;.",
               "Ids of those present (actors of the assessment in force, or person), separated by ;."),
    ), True, "Les concertations et autres réunions.", "Concertations and other meetings."),
    Sheet("funding", "financements", (
        _situation_col(),
        Column("date", "date", "date", "date", "Date de la demande de financement.", "Date of the funding request.",
               required=True),
        Column("fund", "fonds", "text", "fund", "Le fonds sollicité (ex. Criseflex).", "The fund asked (e.g. Criseflex).",
               required=True),
        Column("requested_eur", "montant demandé (€)", "number", "requested_eur", "Montant demandé en euros.",
               "Amount requested in euros.", required=True, aliases=("montant demande",)),
        Column("granted_eur", "montant accordé (€)", "number", "granted_eur", "Montant accordé en euros ; vide si pas encore connu.",
               "Amount granted in euros; blank if not known yet.", nullable=True, aliases=("montant accorde",)),
        Column("status", "statut", "choice", "status", "Suite donnée (liste).", "Decision (list).",
               choices="funding_status", required=True),
    ), True, "Les demandes à un fonds d'urgence.", "Requests to an emergency fund."),
    Sheet("assessments", "évaluations", (
        _situation_col(),
        Column("date", "date", "date", "date", "Date de l'évaluation (vide = l'unique évaluation, datée de l'ouverture).",
               "Date of the assessment (blank = the single assessment, dated opened)."),
        Column("label", "libellé", "text", "label", "Nom de l'évaluation (ex. ouverture, concertation 3, avant retrait).",
               "Name of the assessment (e.g. opening, concertation 3, before withdrawal).", nullable=True),
    ), False, "Facultatif : le nom de chaque évaluation (et les évaluations encore vides).",
        "Optional: the name of each assessment (and assessments that have no rows yet)."),
    Sheet("requesters", "demandeurs", (
        _situation_col(),
        Column("type", "type de demandeur", "choice", "type", "Qui a fait la demande (liste).", "Who asked (list).",
               choices="requester_type", required=True, aliases=("type", "demandeur")),
        Column("sector", "secteur", "choice", "sector", "Secteur du demandeur (liste, facultatif).",
               "Sector of the requester (list, optional).", choices="sector", nullable=True),
        Column("organisation", "organisation", "text", "organisation", "Organisation du demandeur (facultatif).",
               "Organisation of the requester (optional).", nullable=True),
    ), False, "Facultatif : qui a demandé le suivi (une ligne par demandeur).",
        "Optional: who asked for the follow-up (one row per requester)."),
)

#: the seven sheets of format.md, all required
SPEC_SHEETS = tuple(s.name for s in SHEETS if s.required)
#: the two sheets netmap adds for lossless round trips, read when present
OPTIONAL_SHEETS = tuple(s.name for s in SHEETS if not s.required)
_SHEET_BY_NAME = {normalise(n): s for s in SHEETS for n in (s.name, s.fr)}
_ASSESSED = ("actors", "ties", "needs", "actions")  # sheets whose rows carry `assessment`


def sheet_named(name: str) -> Sheet | None:
    """The sheet a workbook sheet or CSV file name stands for (canonical or French, any case), or None."""
    return _SHEET_BY_NAME.get(normalise(name))


def header_names(sheet: Sheet, lang: str | None) -> list[str]:
    """The header row of a sheet: French names for ``fr``, else the canonical names."""
    return [c.fr if lang == "fr" else c.key for c in sheet.columns]


# -- writing ---------------------------------------------------------------------------

def _records(sheet: str, s: Situation) -> Iterator[tuple[Any, dt.date | None]]:
    if sheet == "situations":
        yield s, None
    elif sheet in _ASSESSED:
        for a in s.assessments:
            for item in getattr(a, sheet):
                yield item, a.date
    elif sheet == "assessments":
        for a in s.assessments:
            yield a, None
    else:
        yield from ((item, None) for item in getattr(s, sheet))


def situation_rows(situations: Iterable[Situation], *, lang: str | None = None,
                   taxonomy: Taxonomy | None = None) -> dict[str, list[list[Any]]]:
    """The rows (without header) of every sheet, as Python values in the columns' order.

    Dates are ``datetime.date``, booleans ``bool``, numbers ``int``/``float``, lists a
    ``;``-joined text, blanks ``None``. Coded cells hold the code, or with ``lang``
    (``fr``, ``en``) its label in that language. Text is not protected here: each
    writer protects what it writes.
    """
    tax = taxonomy or default_taxonomy()
    labels = {kind: dict(choice_labels(kind, lang, tax)) for kind in _choice_kinds()} if lang else {}
    sits = list(situations)
    out: dict[str, list[list[Any]]] = {}
    for sheet in SHEETS:
        rows: list[list[Any]] = []
        for s in sits:
            for obj, adate in _records(sheet.name, s):
                row = []
                for c in sheet.columns:
                    if c.key == "situation":
                        v: Any = s.id
                    elif c is _ASSESSMENT_COL:
                        v = adate
                    else:
                        v = getattr(s.person if c.person else obj, c.field)
                    if c.kind == "ids":
                        v = ";".join(v) if v else None
                    elif c.kind == "choice" and v is not None and lang:
                        v = labels[c.choices].get(v, v)  # type: ignore[index]
                    row.append(v)
                rows.append(row)
        out[sheet.name] = rows
    return out


def _choice_kinds() -> set[str]:
    return {c.choices for s in SHEETS for c in s.columns if c.choices}


# -- reading ---------------------------------------------------------------------------

@dataclass
class RawTable:
    """One sheet or CSV file as read: its header cells and its rows, with their numbers.

    ``file`` names the file in problems; ``where`` is put before each place (``"sheet
    actors, "`` for a workbook, empty for a CSV file); ``letters`` names columns by their
    spreadsheet letter as well as their header.
    """

    sheet: Sheet
    file: str
    where: str
    header: Sequence[Any]
    rows: Sequence[tuple[int, Sequence[Any]]]
    header_row: int = 1
    letters: bool = False


def _letter(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


class _Table:
    """A RawTable whose header has been matched to the sheet's columns."""

    def __init__(self, raw: RawTable, order: int, report: Callable[..., None]):
        self.raw = raw
        self.sheet = raw.sheet
        self.order = order
        self.index: dict[str, int] = {}  # column key -> position in the row
        self.unnamed: list[int] = []  # positions with a blank header
        self.absent_required: set[str] = set()
        self.convert: dict[str, tuple[int | None, Callable[[Any], Any]]] = {}
        self.plan: list[tuple[str, int | None, Callable[[Any], Any], bool, bool, bool]] = []
        names = {normalise(n): c for c in self.sheet.columns for n in (c.key, c.fr, *c.aliases)}
        for i, h in enumerate(raw.header):
            if cells.is_blank(h):
                self.unnamed.append(i)
                continue
            col = names.get(normalise(str(h)))
            if col is None:
                report(self, raw.header_row, i, "expected a column name of this sheet: "
                       + ", ".join(c.key for c in self.sheet.columns) + " (or their French names, as in the template)")
            elif col.key in self.index:
                report(self, raw.header_row, i, f"expected each column once (this is {col.key} again, "
                                                f"first in column {self.column_name(self.index[col.key])})")
            else:
                self.index[col.key] = i
        for c in self.sheet.columns:
            if c.required and c.key not in self.index:
                self.absent_required.add(c.key)
                report(self, raw.header_row, None, f"expected a column {c.key} ({c.fr}) in the header row")

    def column_name(self, i: int | None, key: str | None = None) -> str:
        if i is None:
            return f"{key} (not in the header row)"
        header = self.raw.header[i] if i < len(self.raw.header) else None
        text = "" if cells.is_blank(header) else str(header).strip()
        if self.raw.letters:
            return f"{_letter(i)} ({text})" if text else _letter(i)
        return text or f"{i + 1}"

    def place(self, row: int | None, i: int | None, key: str | None = None, item: int | None = None) -> str:
        parts = [f"{self.raw.where}row {row}"] if row is not None else [self.raw.where.rstrip(", ")]
        if i is not None or key is not None:
            parts.append(f"column {self.column_name(i, key)}")
        if item is not None:
            parts.append(f"item {item + 1}")
        return ", ".join(p for p in parts if p)


@dataclass
class _Origin:
    """Where an object of the canonical data came from: a row, and for some keys another cell."""

    table: _Table
    row: int
    cells: dict[str, tuple[_Table, int, str]] = field(default_factory=dict)


_SUPPRESSED = "\0"  # place of a problem already reported another way
_POINTER = re.compile(r"(?<![\w/])(/(?:assessments|actors|ties|needs|actions|meetings|funding|requesters|person)"
                      r"(?:/[A-Za-z0-9_~]+)*)")


class _Reader:
    def __init__(self, raws: Mapping[str, RawTable], taxonomy: Taxonomy):
        self.tax = taxonomy
        self.found: list[tuple[tuple[int, int, int], Problem]] = []
        self.tables = {name: _Table(raw, i, self.report)
                       for i, (name, raw) in enumerate(sorted(raws.items(), key=lambda kv: _order(kv[0])))}
        self.lookups = {kind: code_lookup(kind, taxonomy) for kind in _choice_kinds()}
        self.coerce: dict[str, Callable[[Any], Any]] = {
            "text": cells.to_text, "id": cells.to_id, "date": cells.to_date, "integer": cells.to_integer,
            "number": cells.to_number, "boolean": cells.to_boolean, "ids": cells.to_id_list,
        }
        for table in self.tables.values():
            self._plan(table)

    # -- problems --------------------------------------------------------------------
    def report(self, table: _Table, row: int | None, i: int | None, expected: str, key: str | None = None) -> None:
        sort = (table.order, row or 0, i if i is not None else -1)
        self.found.append((sort, Problem(table.raw.file, table.place(row, i, key), expected)))

    # -- cells -----------------------------------------------------------------------
    def _converter(self, col: Column) -> Callable[[Any], Any]:
        if col.kind == "choice":
            lookup = self.lookups[col.choices]  # type: ignore[index]
            return lambda v: cells.to_choice(v, lookup)
        return self.coerce[col.kind]

    def _plan(self, table: _Table) -> None:
        """Per column: its position in the row (or None) and its converter, computed once per table."""
        table.convert = {c.key: (table.index.get(c.key), self._converter(c)) for c in table.sheet.columns}
        table.plan = [(c.field, table.index.get(c.key), self._converter(c), c.nullable, c.person, c.kind == "ids")
                      for c in table.sheet.columns if c.field]

    def cell(self, table: _Table, values: Sequence[Any], key: str) -> Any:
        i, convert = table.convert[key]
        if i is None or i >= len(values):
            return [] if table.sheet.column(key).kind == "ids" else cells.BLANK
        return convert(values[i])

    def fill(self, table: _Table, values: Sequence[Any], target: dict[str, Any], person: dict[str, Any] | None = None):
        width = len(values)
        blank = cells.BLANK
        for name, i, convert, nullable, in_person, is_list in table.plan:
            if i is None or i >= width:
                v = [] if is_list else blank
            else:
                v = convert(values[i])
            if v is blank:
                if not nullable:
                    continue
                v = None
            (person if in_person and person is not None else target)[name] = v

    def rows(self, table: _Table) -> Iterator[tuple[int, Sequence[Any]]]:
        """Non-blank rows; a value under a column without header is reported once per column."""
        unnamed = set(table.unnamed)
        width = len(table.raw.header)
        reported: set[int] = set()
        is_blank = cells.is_blank
        for row, values in table.raw.rows:
            if all(is_blank(v) for v in values):
                continue
            if unnamed or len(values) > width:
                for i, v in enumerate(values):
                    if (i in unnamed or i >= width) and i not in reported and not is_blank(v):
                        reported.add(i)
                        self.report(table, table.raw.header_row, i, "expected a column name above these values")
            yield row, values

    # -- the whole dataset -------------------------------------------------------------
    def read(self) -> list[Situation]:
        if "situations" not in self.tables or "situation" in self.tables["situations"].absent_required:
            return []  # nothing can be told apart: the header problem says it all
        sits: dict[str, dict[str, Any]] = {}
        origins: dict[str, dict[str, _Origin]] = {}
        first_row: dict[str, int] = {}
        st = self.tables["situations"]
        order: list[tuple[dict[str, Any], dict[str, _Origin]]] = []
        for row, values in self.rows(st):
            obj: dict[str, Any] = {"format": FORMAT, "person": {}, "assessments": [], "meetings": [], "funding": []}
            self.fill(st, values, obj, obj["person"])
            org = {"": _Origin(st, row), "/person": _Origin(st, row)}
            sid = obj.get("id")
            if sid in sits:  # the rows of other sheets go to the first; this one is only reported
                self.report(st, row, st.index.get("situation"),
                            f"expected a situation id used on one row only (also on row {first_row[sid]})")
                continue
            order.append((obj, org))
            if isinstance(sid, str):
                sits[sid], origins[sid], first_row[sid] = obj, org, row
        builds = {sid: _Assessments(self, obj, origins[sid]) for sid, obj in sits.items()}
        for name in ("assessments", *_ASSESSED):
            table = self.tables.get(name)
            for row, values, sid in self._owned_rows(table, sits):
                builds[sid].add(table, row, values)  # type: ignore[arg-type]
        for name in ("meetings", "funding", "requesters"):
            table = self.tables.get(name)
            for row, values, sid in self._owned_rows(table, sits):
                items = sits[sid].setdefault(name, [])
                item: dict[str, Any] = {}
                self.fill(table, values, item)  # type: ignore[arg-type]
                origins[sid][f"/{name}/{len(items)}"] = _Origin(table, row)  # type: ignore[arg-type]
                items.append(item)
        for b in builds.values():
            b.finish()
        out: list[Situation] = []
        for obj, org in order:
            sit, problems = parse_situation(obj, file="", locate=lambda p: p, taxonomy=self.tax)
            for p in problems:
                self.locate(org, p.place, p.expected)
            if sit is not None:
                out.append(sit)
        return out

    def _owned_rows(self, table: _Table | None, sits: Mapping[str, Any]) -> Iterator[tuple[int, Sequence[Any], str]]:
        if table is None:
            return
        i = table.index.get("situation")
        if i is None:
            return  # reported once at the header
        for row, values in self.rows(table):
            sid = self.cell(table, values, "situation")
            if sid is cells.BLANK:
                self.report(table, row, i, "expected the id of a situation of the sheet situations (the cell is blank)")
            elif sid not in sits:
                self.report(table, row, i, "expected the id of a situation listed in the sheet situations")
            else:
                yield row, values, sid

    def locate(self, origins: Mapping[str, _Origin], pointer: str, expected: str) -> None:
        """Report a problem of the canonical data at the cell its JSON pointer came from."""
        place = self._place(origins, pointer)
        if place is None:
            return
        table, row, i, key, item = place
        col = table.sheet.column(key) if key and any(c.key == key for c in table.sheet.columns) else None
        if col is not None and i is None and col.key in table.absent_required:
            return  # the missing column was reported once at the header
        if col is not None and col.kind == "choice":
            expected += " (or its label, as in the lists of the template)"
        expected = _POINTER.sub(lambda m: self._mention(origins, pointer, m.group(1)), expected)
        sort = (table.order, row, i if i is not None else -1)
        self.found.append((sort, Problem(table.raw.file, table.place(row, i, key if col else None, item), expected)))

    def _place(self, origins: Mapping[str, _Origin], pointer: str):
        parts = pointer.split("/")
        for k in range(len(parts), 0, -1):
            origin = origins.get("/".join(parts[:k]))
            if origin is not None:
                rest = parts[k:]
                break
        else:  # pragma: no cover - "" is always registered
            return None
        if not rest:
            return origin.table, origin.row, None, None, None
        name = rest[0]
        item = int(rest[1]) if len(rest) > 1 and rest[1].isdigit() else None
        if name in origin.cells:
            table, row, key = origin.cells[name]
            if key == _SUPPRESSED:
                return None
        else:
            table, row = origin.table, origin.row
            key = next((c.key for c in table.sheet.columns if c.field == name), None)  # type: ignore[assignment]
        if key is None:
            return table, row, None, None, None
        return table, row, table.index.get(key), key, item

    def _mention(self, origins: Mapping[str, _Origin], pointer: str, target: str) -> str:
        if not target.startswith("/assessments") and pointer.startswith("/assessments/"):
            target = "/".join(pointer.split("/")[:3]) + target  # relative to the assessment, e.g. /ties/3
        place = self._place(origins, target)
        if place is None:
            return "another row"
        table, row = place[0], place[1]
        return table.place(row, None)


def _order(name: str) -> int:
    return next(i for i, s in enumerate(SHEETS) if s.name == name)


class _Assessments:
    """The assessments of one situation, gathered from the rows that name them."""

    def __init__(self, reader: _Reader, sit: dict[str, Any], origins: dict[str, _Origin]):
        self.reader = reader
        self.sit = sit
        self.origins = origins
        self.by_date: dict[str, int] = {}
        self.blank_cells: list[tuple[_Table, int]] = []
        self.labelled: dict[str, int] = {}
        default = sit.get("opened") or sit.get("requested")
        self.default = default if _is_date(default) else None

    def _get(self, date: str, table: _Table, row: int, valid: bool) -> dict[str, Any]:
        i = self.by_date.get(date)
        if i is None:
            i = len(self.sit["assessments"])
            self.by_date[date] = i
            self.sit["assessments"].append({"date": date, "actors": [], "ties": [], "needs": [], "actions": []})
            date_key = "date" if table.sheet.name == "assessments" else "assessment"
            self.origins[f"/assessments/{i}"] = _Origin(
                table, row, {"date": (table, row, date_key if valid else _SUPPRESSED)})
        return self.sit["assessments"][i]

    def add(self, table: _Table, row: int, values: Sequence[Any]) -> None:
        reader = self.reader
        key = "date" if table.sheet.name == "assessments" else "assessment"
        raw = reader.cell(table, values, key)
        valid = True
        if raw is cells.BLANK:
            self.blank_cells.append((table, row))
            date = self.default if self.default is not None else "\0default"
            valid = self.default is not None  # else: opened/requested is reported on the situations row
        elif not _is_date(raw):
            reader.report(table, row, table.index.get(key),
                          "expected the date of an assessment (YYYY-MM-DD, a date that exists), "
                          "or a blank cell for the situation's single assessment")
            date, valid = f"\0{raw}", False
        else:
            date = raw
        assessment = self._get(date, table, row, valid)
        n = self.by_date[date]
        if table.sheet.name == "assessments":
            if date in self.labelled:
                reader.report(table, row, table.index.get(key),
                              f"expected one row per situation and assessment date (also on row {self.labelled[date]})")
                return
            self.labelled[date] = row
            label = reader.cell(table, values, "label")
            assessment["label"] = None if label is cells.BLANK else label
            origin = self.origins[f"/assessments/{n}"]
            origin.cells["label"] = (table, row, "label")
            if valid:
                origin.cells["date"] = (table, row, "date")
            return
        item: dict[str, Any] = {}
        reader.fill(table, values, item)
        items = assessment[table.sheet.name]
        self.origins[f"/assessments/{n}/{table.sheet.name}/{len(items)}"] = _Origin(table, row)
        items.append(item)

    def finish(self) -> None:
        if len(self.by_date) > 1:
            for table, row in self.blank_cells:
                key = "date" if table.sheet.name == "assessments" else "assessment"
                self.reader.report(table, row, table.index.get(key),
                                   "expected the date of the assessment: this situation has several assessments")
        for a in self.sit["assessments"]:
            if a["date"].startswith("\0"):
                a["date"] = None  # its problem is already reported; the validator's is suppressed


def _is_date(value: Any) -> bool:
    if not isinstance(value, str) or not DATE_RE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def read_tables(raws: Mapping[str, RawTable], *, missing: Callable[[Sheet], Problem | None],
                problems: Sequence[Problem] = (), taxonomy: Taxonomy | None = None) -> list[Situation]:
    """Build and check every situation of a set of tables; raise :class:`ValidationError` listing every problem.

    ``raws`` maps canonical sheet names to the tables read; ``missing`` gives the problem
    for a required sheet that is not there (None if the caller reported it already, e.g.
    a damaged sheet); ``problems`` are those the caller already
    found (e.g. a sheet given twice). A missing sheet stops the reading once the headers
    are checked (its rows would only give false problems); every other problem is
    collected and reported at once.
    """
    reader = _Reader(raws, taxonomy or default_taxonomy())
    absent = [p for p in (missing(s) for s in SHEETS if s.required and s.name not in raws) if p is not None]
    situations = [] if absent or problems else reader.read()
    found = [p for _, p in sorted(reader.found, key=lambda sp: sp[0])]
    if absent or problems or found:
        raise ValidationError([*absent, *problems, *found])
    return situations
