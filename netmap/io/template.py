"""The workbook template case managers fill in: French headers, drop-down lists, instructions.

:func:`write_template` writes the table sheets of :mod:`netmap.io.tables` (empty, or
pre-filled with situations) with a drop-down list on every coded column (the lists
live on a hidden ``listes`` sheet, in the chosen language, with the taxonomy's labels)
and an ``instructions`` sheet explaining each sheet and column, with the code tables.
A filled template reads back with :func:`netmap.io.excel.read_xlsx`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..model import Situation
from ..taxonomy import Taxonomy, default_taxonomy
from .excel import HEADER_FONT, add_table_sheet, cell_rows, save_workbook
from .tables import SHEETS, Column, situation_rows
from .vocabulary import choice_labels

__all__ = ["LIST_SHEET", "TEMPLATE_LANGS", "template_lists", "write_template"]

TEMPLATE_LANGS = ("fr", "en")
LIST_SHEET = "listes"
_TITLE_FONT = Font(bold=True, size=14)
_WRAP = Alignment(wrap_text=True, vertical="top")

_TEXT = {
    "fr": {
        "title": "netmap – modèle de saisie des situations (format netmap/1)",
        "intro": (
            "Une feuille par table. La première ligne de chaque feuille porte les noms de colonnes : ne les changez pas "
            "(les noms français ou anglais sont acceptés, majuscules et accents indifférents).",
            "Chaque ligne porte l'identifiant de sa situation (colonne « situation »). Utilisez des identifiants "
            "pseudonymes (ex. BXL-2024-017) et des rôles (« Mère », « Dr G. ») : jamais de nom ni de numéro de registre national.",
            "Dates au format AAAA-MM-JJ (ou JJ/MM/AAAA). Listes d'identifiants séparées par ; (ex. mere;pedopsy;cm).",
            "Les colonnes codées ont une liste déroulante. Oui/non : oui, non (ou vrai/faux, 1/0). Une cellule vide "
            "signifie « non renseigné » ou la valeur par défaut indiquée.",
            "Le réseau vit dans des évaluations datées : la colonne « évaluation » des feuilles actors (acteurs), ties "
            "(liens), needs (besoins) et actions donne la date de l'évaluation ; vide = l'unique évaluation, datée de "
            "l'ouverture. Les "
            "identifiants des acteurs et des besoins restent les mêmes d'une évaluation à l'autre.",
            "Un texte qui commence par = + - ou @ est enregistré précédé d'une apostrophe ' pour qu'aucun tableur ne "
            "l'exécute ; netmap retire cette apostrophe à la lecture.",
            "Vérifiez le fichier avec : netmap validate FICHIER.xlsx (chaque problème est signalé avec sa feuille, sa "
            "ligne et sa colonne ; un fichier avec une erreur est refusé en entier).",
        ),
        "sheets": "Feuilles et colonnes",
        "head": ("Feuille", "Colonne", "Obligatoire", "Signification", "Valeurs"),
        "yes": "oui", "no": "non",
        "required_sheet": " (obligatoire)", "optional_sheet": " (facultative)",
        "list": "liste déroulante", "dates": "date", "number": "nombre", "ids": "identifiants séparés par ;",
        "codes": "Tables de codes (les listes déroulantes montrent les libellés ; le code est accepté aussi)",
        "code_head": ("Table", "Libellé", "Code"),
        "sector": "Secteurs", "domain": "Domaines de besoins", "exhaustion": "Épuisement",
        "primary": "Secteur principal",
    },
    "en": {
        "title": "netmap – situation entry template (format netmap/1)",
        "intro": (
            "One sheet per table. The first row of each sheet holds the column names: do not change them "
            "(English or French names are accepted, case and accents do not matter).",
            "Every row carries the id of its situation (column 'situation'). Use pseudonymous ids (e.g. BXL-2024-017) "
            "and roles ('Mother', 'Dr G.'): never a name or a national register number.",
            "Dates as YYYY-MM-DD (or DD/MM/YYYY). Lists of ids separated by ; (e.g. mother;psychiatrist;cm).",
            "Coded columns have a drop-down list. Yes/no: yes, no (or true/false, 1/0). A blank cell means "
            "'not given' or the default stated.",
            "The network lives in dated assessments: the 'assessment' column of the actors, ties, needs and actions "
            "sheets gives the date of the assessment; blank = the single assessment, dated opened. Actor and need ids "
            "stay the same from one assessment to the next.",
            "A text starting with = + - or @ is saved with a leading apostrophe ' so that no spreadsheet runs it; "
            "netmap removes that apostrophe when reading.",
            "Check the file with: netmap validate FILE.xlsx (every problem is named with its sheet, row and column; "
            "a file with any error is rejected whole).",
        ),
        "sheets": "Sheets and columns",
        "head": ("Sheet", "Column", "Required", "Meaning", "Values"),
        "yes": "yes", "no": "no",
        "required_sheet": " (required)", "optional_sheet": " (optional)",
        "list": "drop-down list", "dates": "date", "number": "number", "ids": "ids separated by ;",
        "codes": "Code tables (the drop-down lists show the labels; the code is accepted too)",
        "code_head": ("Table", "Label", "Code"),
        "sector": "Sectors", "domain": "Need domains", "exhaustion": "Exhaustion",
        "primary": "Primary sector",
    },
}


def _list_key(c: Column) -> str | None:
    if c.kind == "choice":
        return c.choices
    if c.kind == "boolean":
        return "boolean"
    if c.key in ("exhaustion", "severity"):
        return c.key
    return None


def template_lists(lang: str, taxonomy: Taxonomy) -> dict[str, list[Any]]:
    """The values of every drop-down list of the template, by list name, in display order."""
    t = _TEXT[lang]
    lists: dict[str, list[Any]] = {}
    for sheet in SHEETS:
        for c in sheet.columns:
            key = _list_key(c)
            if key is None or key in lists:
                continue
            if key == "boolean":
                lists[key] = [t["yes"], t["no"]]
            elif key == "exhaustion":
                lists[key] = [0, 1, 2, 3]
            elif key == "severity":
                lists[key] = [1, 2, 3]
            else:
                lists[key] = [label for _, label in choice_labels(key, lang, taxonomy)]
    return lists


def _cell(ws: Any, value: Any, font: Font | None = None, wrap: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    if font is not None:
        cell.font = font
    if wrap:
        cell.alignment = _WRAP
    return cell


def _values_text(c: Column, lang: str) -> str:
    t = _TEXT[lang]
    if _list_key(c):
        return t["list"]  # type: ignore[return-value]
    return {"date": t["dates"], "number": t["number"], "ids": t["ids"]}.get(c.kind, "")  # type: ignore[return-value]


def _instructions(wb: Workbook, lang: str, taxonomy: Taxonomy) -> None:
    t = _TEXT[lang]
    ws = wb.create_sheet("instructions")
    for letter, width in zip("ABCDE", (16, 24, 12, 80, 22), strict=True):
        ws.column_dimensions[letter].width = width
    ws.append([_cell(ws, t["title"], _TITLE_FONT)])
    ws.append([])
    for line in t["intro"]:
        ws.append([None, None, None, _cell(ws, line, wrap=True)])
    ws.append([])
    ws.append([_cell(ws, t["sheets"], _TITLE_FONT)])
    ws.append([_cell(ws, h, HEADER_FONT) for h in t["head"]])
    for sheet in SHEETS:
        help_text = sheet.help_fr if lang == "fr" else sheet.help_en
        state = t["required_sheet"] if sheet.required else t["optional_sheet"]
        ws.append([_cell(ws, sheet.name, HEADER_FONT), None, None, _cell(ws, help_text + state, wrap=True)])  # type: ignore[operator]
        for c in sheet.columns:
            ws.append([sheet.name, c.fr if lang == "fr" else c.key, t["yes"] if c.required else "",
                       _cell(ws, c.help_fr if lang == "fr" else c.help_en, wrap=True), _values_text(c, lang)])
    ws.append([])
    ws.append([_cell(ws, t["codes"], _TITLE_FONT)])
    ws.append([_cell(ws, h, HEADER_FONT) for h in (*t["code_head"], t["primary"])])
    for code, label in choice_labels("sector", lang, taxonomy):
        ws.append([t["sector"], label, code])
    for code, label in choice_labels("domain", lang, taxonomy):
        ws.append([t["domain"], label, code, taxonomy.sector_label(taxonomy.domains[code].primary_sector, lang)])
    for level in sorted(taxonomy.exhaustion_levels):
        ws.append([t["exhaustion"], taxonomy.exhaustion_label(level, lang), level])
    ws.append([t["exhaustion"], taxonomy.exhaustion_label(None, lang), ""])
    for sheet in SHEETS:
        for c in sheet.columns:
            if c.kind == "choice" and c.choices not in ("sector", "domain"):
                for code, label in choice_labels(c.choices, lang, taxonomy):  # type: ignore[arg-type]
                    ws.append([f"{sheet.name}: {c.fr if lang == 'fr' else c.key}", label, code])


def _list_sheet(wb: Workbook, lists: dict[str, list[Any]]) -> dict[str, str]:
    """Write the hidden sheet of lists; return each list's range formula."""
    ws = wb.create_sheet(LIST_SHEET)
    ws.sheet_state = "hidden"
    names = list(lists)
    depth = max(len(v) for v in lists.values())
    ws.append(names)
    for i in range(depth):
        ws.append([lists[n][i] if i < len(lists[n]) else None for n in names])
    return {n: f"{LIST_SHEET}!${get_column_letter(j)}$2:${get_column_letter(j)}${len(lists[n]) + 1}"
            for j, n in enumerate(names, start=1)}


def write_template(path: str | Path, *, lang: str = "fr", situations: Iterable[Situation] = (),
                   taxonomy: Taxonomy | None = None) -> Path:
    """Write the entry template: table sheets with headers in ``lang``, drop-down lists and instructions.

    With ``situations``, the tables are pre-filled (labels instead of codes), ready to edit.
    """
    if lang not in TEMPLATE_LANGS:
        raise ValueError(f"lang must be one of {', '.join(TEMPLATE_LANGS)}")
    tax = taxonomy or default_taxonomy()
    lists = template_lists(lang, tax)
    yes_no = {True: lists["boolean"][0], False: lists["boolean"][1]}
    tables = cell_rows({name: [[yes_no[v] if isinstance(v, bool) else v for v in row] for row in rows]
                        for name, rows in situation_rows(situations, lang=lang, taxonomy=tax).items()})
    wb = Workbook(write_only=True)
    _instructions(wb, lang, tax)
    sheets = [(sheet, add_table_sheet(wb, sheet, tables[sheet.name], "fr" if lang == "fr" else None))
              for sheet in SHEETS]
    ranges = _list_sheet(wb, lists)
    message = {"fr": ("Valeur hors liste", "Choisissez une valeur de la liste déroulante."),
               "en": ("Value not in the list", "Choose a value from the drop-down list.")}[lang]
    for sheet, ws in sheets:
        for j, c in enumerate(sheet.columns, start=1):
            key = _list_key(c)
            if key is None:
                continue
            dv = DataValidation(type="list", formula1=f"={ranges[key]}", allow_blank=True, showErrorMessage=True,
                                errorTitle=message[0], error=message[1])
            letter = get_column_letter(j)
            dv.add(f"{letter}2:{letter}1048576")
            ws.data_validations.append(dv)
    return save_workbook(wb, path)
