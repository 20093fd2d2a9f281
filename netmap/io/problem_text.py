"""Validation problems in French (the default) or English: places and expected texts.

netmap builds every :class:`netmap.errors.Problem` in English (its ``place`` and
``expected`` are the API and stay so). This module renders them for case managers, who
read French: an ordered table of patterns over the English texts, each with its French
wording, whose captured parts (codes, counts, JSON pointers, sheet and file names,
column headers) are carried over unchanged or translated in turn (a place inside a
message, the kind of a JSON value, a nested description). No pattern adds anything
from the input: the English texts never hold a value, and neither does their French.

>>> from netmap.errors import Problem
>>> render(Problem("a.xlsx", "sheet actors, row 3, column J (secteur)",
...                "expected a sector code of the taxonomy (e.g. mental_health, housing, informal)"))
'a.xlsx : feuille actors, ligne 3, colonne J (secteur) : attendu : un code de secteur de la taxonomie (p. ex. mental_health, housing, informal)'
>>> expected_text("a required value is missing")
'valeur obligatoire manquante'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..errors import Problem

__all__ = ["LANGS", "expected_text", "place_text", "render", "summary"]

#: languages problems can be rendered in; the first is the default
LANGS = ("fr", "en")

# -- places ---------------------------------------------------------------------------

_PLACE_PARTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(^|, )sheet "), r"\1feuille "),
    (re.compile(r"(^|, )row (\d+)(?=, |\)|$)"), r"\1ligne \2"),
    (re.compile(r"(^|, )line (\d+)(?=, |$)"), r"\1ligne \2"),
    (re.compile(r"(^|, )column "), r"\1colonne "),
    (re.compile(r" \(not in the header row\)"), " (absente de la ligne d'en-tête)"),
    (re.compile(r" \(not in the file\)"), " (absente du fichier)"),
    (re.compile(r", item (\d+)$"), r", élément \1"),
    (re.compile(r", cell ([A-Z?]+[0-9]*)$"), r", cellule \1"),
    (re.compile(r"^situation #(\d+)$"), r"situation n° \1"),
    (re.compile(r"^another row$"), "une autre ligne"),
)


def place_text(place: str, lang: str = "fr") -> str:
    """A problem's place in ``lang``: sheet, row, column, item, line; a JSON pointer stays as it is.

    >>> place_text("sheet actors, row 3, column J (secteur)")
    'feuille actors, ligne 3, colonne J (secteur)'
    >>> place_text("row 4, column b"), place_text("line 1, column 2"), place_text("/assessments/0/ties/2/b")
    ('ligne 4, colonne b', 'ligne 1, colonne 2', '/assessments/0/ties/2/b')
    """
    if lang != "fr" or not place or place.startswith("/"):
        return place
    for pattern, french in _PLACE_PARTS:
        place = pattern.sub(french, place)
    return place


# -- what was expected -------------------------------------------------------------------

_KINDS = {
    "null": "null",
    "a boolean": "un booléen",
    "a number": "un nombre",
    "a string": "un texte",
    "an empty string": "un texte vide",
    "a list": "une liste",
    "an object": "un objet",
    "a value of another type": "une valeur d'un autre type",
}

#: descriptions of what was expected (after "expected "), word for word
_PHRASES = {
    "a non-empty string": "un texte non vide",
    "a string": "un texte",
    "an object": "un objet",
    "a list": "une liste",
    "true or false": "true ou false",
    "a number >= 0": "un nombre positif ou nul",
    "a date YYYY-MM-DD": "une date AAAA-MM-JJ",
    "a date that exists in the calendar (YYYY-MM-DD)": "une date qui existe dans le calendrier (AAAA-MM-JJ)",
    "an id of 1 to 64 characters among A-Z a-z 0-9 . _ -":
        "un identifiant de 1 à 64 caractères parmi A-Z a-z 0-9 . _ -",
    "a lower-case region name (e.g. bruxelles)": "un nom de région en minuscules (p. ex. bruxelles)",
    "a two-letter ISO 639-1 code in lower case (e.g. fr, nl)":
        "un code de langue ISO 639-1 de deux lettres en minuscules (p. ex. fr, nl)",
    "an actor id other than 'person', which is reserved for the person":
        "un identifiant d'acteur autre que « person », réservé à la personne",
    "sector 'informal' for an informal actor (formal = false)":
        "le secteur « informal » (Entourage informel) pour un acteur informel (formal = false)",
    "a professional sector for a formal actor (formal = true)":
        "un secteur professionnel pour un acteur formel (formal = true)",
    "an actor id: ties to the person are given by the actor's tie_to_person":
        "un identifiant d'acteur : le lien avec la personne se donne par le tie_to_person de l'acteur",
    "a different actor from a: an actor cannot be tied to itself":
        "un acteur différent de a : un acteur ne peut pas être lié à lui-même",
    "the id of an actor of this assessment": "l'identifiant d'un acteur de cette évaluation",
    "each actor at most once": "chaque acteur une seule fois au plus",
    "'person', the id of an actor of this assessment, or null":
        "« person », l'identifiant d'un acteur de cette évaluation, ou null",
    "the id of a need of this assessment": "l'identifiant d'un besoin de cette évaluation",
    "a date on or after requested": "une date égale ou postérieure à la date de la demande (requested)",
    "a date on or after opened": "une date égale ou postérieure à la date d'ouverture (opened)",
    "null unless the outcome is closed_stabilised, closed_interrupted or closed_other":
        "null, sauf si l'issue est closed_stabilised, closed_interrupted ou closed_other",
    "the closing date of a situation whose outcome is closed_…":
        "la date de clôture d'une situation dont l'issue est closed_…",
    "the opening date of a situation that was followed and closed":
        "la date d'ouverture d'une situation qui a été suivie puis clôturée",
    "the opening date of an open situation": "la date d'ouverture d'une situation en cours",
    "null for an open situation": "null pour une situation en cours",
    "at least one assessment for a situation that was opened":
        "au moins une évaluation pour une situation qui a été ouverte",
    "'person' or the id of an actor of the assessment in force at the meeting":
        "« person » ou l'identifiant d'un acteur de l'évaluation en vigueur à la date de la réunion",
    "at least one situation file (*.json) in this folder": "au moins un fichier de situation (*.json) dans ce dossier",
    # egor's tables (netmap.io.egor)
    "a header row with the column names": "une ligne d'en-tête avec les noms des colonnes",
    "the id of an ego (this cell is blank)": "l'identifiant d'un ego (cette cellule est vide)",
    "the id of an ego listed in the egos table": "l'identifiant d'un ego de la table egos",
    "the id of a need listed in needs.csv": "l'identifiant d'un besoin de needs.csv",
    "a file of at most 100 MB": "un fichier de 100 Mo au plus",
    "at most 200,000 rows": "au plus 200 000 lignes",
    "no need ids without needs.csv beside this file": "aucun identifiant de besoin sans needs.csv à côté de ce fichier",
    "the stored content to match its content hash (it was changed outside netmap): restore a backup or import it again":
        "un contenu stocké conforme à son empreinte (il a été modifié en dehors de netmap) : "
        "restaurez une sauvegarde ou importez-le à nouveau",
    "valid JSON in the stored content": "du JSON valide dans le contenu stocké",
    "an existing file, folder or a store URL (sqlite:///… or postgresql://…)":
        "un fichier ou un dossier existant, ou l'adresse d'une base (sqlite:///… ou postgresql://…)",
    "a .json file, a folder, an .xlsx workbook or a CSV folder":
        "un fichier .json, un dossier, un classeur .xlsx ou un dossier de fichiers CSV",
    "an Excel workbook (.xlsx) that can be opened: this file is not one, is damaged, "
    "or holds forbidden XML (e.g. entity declarations)":
        "un classeur Excel (.xlsx) qui peut être ouvert : ce fichier n'en est pas un, est endommagé "
        "ou contient du XML interdit (p. ex. des déclarations d'entités)",
    "a sheet that can be read (this one is damaged or holds forbidden XML such as entity declarations)":
        "une feuille lisible (celle-ci est endommagée ou contient du XML interdit, "
        "comme des déclarations d'entités)",
    "UTF-8 text (in Excel: save as « CSV UTF-8 »)":
        "du texte UTF-8 (dans Excel : « Enregistrer sous », type « CSV UTF-8 »)",
    "a UTF-8 text file": "un fichier texte UTF-8",
    "a column name above these values": "un nom de colonne au-dessus de ces valeurs",
    "the id of a situation of the sheet situations (the cell is blank)":
        "l'identifiant d'une situation de la feuille situations (la cellule est vide)",
    "the id of a situation listed in the sheet situations":
        "l'identifiant d'une situation présente dans la feuille situations",
    "the date of an assessment (YYYY-MM-DD, a date that exists), or a blank cell for the situation's single assessment":
        "la date d'une évaluation (AAAA-MM-JJ, une date qui existe), "
        "ou une cellule vide pour l'évaluation unique de la situation",
    "the date of the assessment: this situation has several assessments":
        "la date de l'évaluation : cette situation a plusieurs évaluations",
}

_UNIQUE_IDS = {"actor id": "d'acteur", "need id": "de besoin", "action id": "d'action"}
_TABLES = {"sector": "secteur", "domain": "domaine de besoin"}

#: messages of Python's JSON reader, as json.JSONDecodeError.msg gives them
_JSON_MESSAGES = {
    "Expecting value": "une valeur est attendue",
    "Expecting ',' delimiter": "une virgule est attendue",
    "Expecting ':' delimiter": "un deux-points est attendu",
    "Expecting property name enclosed in double quotes": "un nom de clé entre guillemets doubles est attendu",
    "Unterminated string starting at": "texte sans guillemet de fin",
    "Invalid control character at": "caractère de contrôle interdit",
    "Invalid \\escape": "séquence d'échappement \\ invalide",
    "Invalid \\uXXXX escape": "séquence d'échappement \\uXXXX invalide",
    "Extra data": "données en trop après la fin du JSON",
    "Illegal trailing comma before end of object": "virgule en trop avant la fin de l'objet",
    "Illegal trailing comma before end of array": "virgule en trop avant la fin de la liste",
}

# parts a pattern captures, and how each is rendered; any other part is carried over as it is
_PARTS: dict[str, Callable[[str], str]] = {
    "body": lambda s: _body(s),
    "kind": lambda s: _KINDS[s],
    "place": lambda s: place_text(s) if s.startswith(("sheet ", "row ", "another row")) else s,
    "unique": lambda s: _UNIQUE_IDS[s],
    "table": lambda s: _TABLES[s],
    "json": lambda s: _JSON_MESSAGES.get(s, s),
}

_KIND_RE = "|".join(re.escape(k) for k in _KINDS)

#: (English description after "expected ", French), tried in order after the phrases
_BODIES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(en + r"\Z", re.S), fr) for en, fr in (
    (rf"(?P<body>.+), got (?P<kind>{_KIND_RE})", "{body} (trouvé : {kind})"),
    (r"(?P<body>.+) or null", "{body} ou null"),
    (r"at most (?P<n>\d+) characters", "au plus {n} caractères"),
    (r"a JSON file of at most (?P<n>\d+) MB", "un fichier JSON d'au plus {n} Mo"),
    (r"arrays and objects nested at most (?P<n>\d+) levels deep",
     "des listes et des objets imbriqués sur au plus {n} niveaux"),
    (r"text without control characters \(other than tab and line breaks\)",
     "un texte sans caractère de contrôle (hors tabulation et sauts de ligne)"),
    (r"valid Unicode text \(a lone surrogate such as \\ud800 was found\)",
     "un texte Unicode valide (un demi-codet d'indirection isolé, comme \\ud800, s'y trouve)"),
    (r"each key at most once in this object \(key (?P<key>.+) is given twice\)",
     "chaque clé au plus une fois dans cet objet (la clé {key} y figure deux fois)"),
    (r"each key at most once in this object \(a key is given twice\)",
     "chaque clé au plus une fois dans cet objet (une clé y figure deux fois)"),
    (r"a workbook whose sheets hold at most (?P<n>\d+) MB once unzipped \(this one: (?P<m>\d+) MB or more\)",
     "un classeur dont les feuilles font au plus {n} Mo une fois décompressées (celui-ci : {m} Mo ou plus)"),
    (r"a workbook of at most (?P<n>[\d,]+) rows in all its sheets",
     "un classeur d'au plus {n} lignes dans l'ensemble de ses feuilles"),
    (r"a cached value in this formula cell \(save the workbook in Excel or LibreOffice so that it computes it\)",
     "une valeur calculée dans cette cellule à formule (enregistrez le classeur dans Excel ou LibreOffice "
     "pour qu'il la calcule)"),
    (r"one of: (?P<list>.+)", "une de ces valeurs : {list}"),
    (r"a (?P<table>sector|domain) code of the taxonomy \(e\.g\. (?P<list>.+)\)",
     "un code de {table} de la taxonomie (p. ex. {list})"),
    (r"a whole number from (?P<lo>-?\d+) to (?P<hi>-?\d+)", "un nombre entier de {lo} à {hi}"),
    (r"at most one tie of each kind between two actors \(same pair and kind as (?P<place>.+)\)",
     "au plus un lien de chaque type entre deux acteurs (même paire et même type : {place})"),
    (r"a unique (?P<unique>actor id|need id|action id) \(the same id is used at (?P<place>.+)\)",
     "un identifiant {unique} unique (le même identifiant est déjà utilisé : {place})"),
    (r'"(?P<format>[^"]+)"', "« {format} » comme format"),
    (r"a date unique within the situation \(same as (?P<place>.+)\)",
     "une date unique dans la situation (la même date : {place})"),
    (r"null for a situation with outcome (?P<code>\w+) \(never opened\)",
     "null pour une situation d'issue {code} (jamais ouverte)"),
    (r"a situation id unique in the dataset \(also used in (?P<file>.+)\)",
     "un identifiant de situation unique dans le jeu de données (déjà utilisé dans {file})"),
    (r"valid JSON \((?P<json>.+)\)", "du JSON valide ({json})"),
    (r"CSV text \((?P<error>.+)\)", "du texte CSV ({error})"),
    (r"one sheet for the table (?P<t>\w+) \(also given as sheet (?P<sheet>.+)\)",
     "une seule feuille pour la table {t} (déjà donnée par la feuille {sheet})"),
    (r"a sheet named (?P<t>\w+) \(or (?P<fr>.+)\), even if it holds only its header row",
     "une feuille nommée {t} (ou {fr}), même si elle ne contient que sa ligne d'en-tête"),
    (r"one file for the table (?P<t>\w+) \(also given as (?P<file>.+)\)",
     "un seul fichier pour la table {t} (déjà donnée par {file})"),
    (r"this file \(the table (?P<t>\w+)\) in the folder, even if it holds only its header row",
     "ce fichier (la table {t}) dans le dossier, même s'il ne contient que sa ligne d'en-tête"),
    (r"a column name of this sheet: (?P<list>.+) \(or their French names, as in the template\)",
     "un nom de colonne de cette feuille : {list} (ou leur nom français, comme dans le modèle)"),
    (r"each column once \(this is (?P<key>\w+) again, first in column (?P<col>.+)\)",
     "chaque colonne une seule fois (c'est à nouveau {key}, déjà en colonne {col})"),
    (r"a column (?P<key>\w+) \((?P<fr>.+)\) in the header row", "une colonne {key} ({fr}) dans la ligne d'en-tête"),
    (r"a column named as --column gives it for the field (?P<key>\w+)",
     "une colonne nommée comme --column l'indique pour le champ {key}"),
    (r"a column for the field (?P<key>\w+) \(name it with --column (?P=key)=HEADER\)",
     "une colonne pour le champ {key} (nommez-la avec --column {key}=EN-TÊTE)"),
    (r"an ego id used on one row only \(also on row (?P<row>\d+)\)",
     "un identifiant d'ego sur une seule ligne (déjà en ligne {row})"),
    (r"this file \(the table (?P<t>\w+)\) in the folder", "ce fichier (la table {t}) dans le dossier"),
    (r"a situation id used on one row only \(also on row (?P<row>\d+)\)",
     "un identifiant de situation sur une seule ligne (déjà en ligne {row})"),
    (r"one row per situation and assessment date \(also on row (?P<row>\d+)\)",
     "une seule ligne par situation et date d'évaluation (déjà en ligne {row})"),
))

#: whole messages that do not start with "expected "
_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(en + r"\Z", re.S), fr) for en, fr in (
    (r"expected (?P<body>.+)", "attendu : {body}"),
    (r"a required value is missing", "valeur obligatoire manquante"),
    (r"unexpected key; expected only: (?P<list>.+)", "clé inattendue ; clés admises : {list}"),
    (r"unexpected key \(key number (?P<n>\d+) of this object, not repeated here\); expected only: (?P<list>.+)",
     "clé inattendue (clé n° {n} de cet objet, non reproduite ici) ; clés admises : {list}"),
    (r"could not be read \((?P<error>.+)\)", "illisible ({error})"),
))

_LABEL_SUFFIX = " (or its label, as in the lists of the template)"
_LABEL_SUFFIX_FR = " (ou son libellé, comme dans les listes du modèle)"


def _apply(patterns: tuple[tuple[re.Pattern[str], str], ...], text: str) -> str | None:
    for pattern, french in patterns:
        m = pattern.match(text)
        if m is not None:
            return french.format(**{k: _PARTS.get(k, str)(v) for k, v in m.groupdict().items()})
    return None


def _body(text: str) -> str:
    """What was expected (the text after "expected "), in French; unchanged if unknown."""
    if text in _PHRASES:
        return _PHRASES[text]
    french = _apply(_BODIES, text)
    return text if french is None else french


def expected_text(expected: str, lang: str = "fr") -> str:
    """A problem's ``expected`` text in ``lang``; a text no pattern knows stays in English.

    >>> expected_text("expected the id of an actor of this assessment")
    "attendu : l'identifiant d'un acteur de cette évaluation"
    """
    if lang != "fr":
        return expected
    suffix = ""
    if expected.endswith(_LABEL_SUFFIX):
        expected, suffix = expected[: -len(_LABEL_SUFFIX)], _LABEL_SUFFIX_FR
    french = _apply(_MESSAGES, expected)
    return (expected if french is None else french) + suffix


def render(problem: Problem, lang: str = "fr") -> str:
    """One problem as one line in ``lang``: file, place and what was expected."""
    if lang != "fr":
        return str(problem)
    sep = " : "
    where = f"{problem.file}{sep}{place_text(problem.place)}" if problem.place else problem.file
    return f"{where}{sep}{expected_text(problem.expected)}"


def summary(count: int, lang: str = "fr") -> str:
    """The head of a list of problems: "2 problèmes trouvés" / "2 problems found".

    >>> summary(1), summary(2), summary(0, "en")
    ('1 problème trouvé', '2 problèmes trouvés', '0 problems found')
    """
    if lang == "fr":
        return f"{count} problème trouvé" if count in (0, 1) else f"{count} problèmes trouvés"
    return f"{count} problem{'s' if count != 1 else ''} found"
