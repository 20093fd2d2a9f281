"""Drawing conventions of the eco-map (Hartman): colours, line styles, marks and their words in fr/en.

Every renderer (SVG, plotly, the vis-network page) draws from these, so the three
pictures read the same. Colours are never the only carrier of meaning: tie strength is
line width and dash, conflict a zig-zag, formal/informal a shape, exhaustion a ring
thickness, and each mark has a text badge or a shape.

The sector palette draws on Paul Tol's *muted* scheme and Okabe & Ito's palette, both
designed to stay distinct under the common colour-vision deficiencies.

References
----------
Hartman, A. (1978). Diagrammatic assessment of family relationships. *Social Casework*, 59(8), 465-476.
Okabe, M. & Ito, K. (2008). Color Universal Design. https://jfly.uni-koeln.de/color/
Tol, P. (2021). Colour schemes. SRON/EPS/TN/09-002.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "EDGE",
    "EXHAUSTION_COLOUR",
    "EXHAUSTION_WIDTH",
    "GHOST_EDGE",
    "GHOST_STROKE",
    "INACTIVE_OPACITY",
    "LANGS",
    "PERSON_FILL",
    "SECTOR_COLOURS",
    "TEXT",
    "fmt_date",
    "ghost_fill",
    "sector_colour",
    "text",
]

LANGS = ("fr", "en")

SECTOR_COLOURS: Mapping[str, str] = {
    "informal": "#E69F00",  # orange (Okabe-Ito)
    "cpas": "#332288",  # indigo (Tol)
    "social_work": "#88CCEE",  # cyan
    "housing": "#999933",  # olive
    "primary_care": "#117733",  # green
    "hospital": "#44AA99",  # teal
    "mental_health": "#AA4499",  # purple
    "addiction": "#882255",  # wine
    "home_care": "#CC6677",  # rose
    "disability": "#DDCC77",  # sand
    "youth_family": "#0072B2",  # blue (Okabe-Ito)
    "education": "#56B4E9",  # sky blue
    "employment": "#009E73",  # bluish green
    "justice": "#5A5A5A",  # dark grey
    "community": "#F0E442",  # yellow
    "migration": "#D55E00",  # vermillion
}
OTHER_SECTOR_COLOUR = "#BBBBBB"
PERSON_FILL = "#2F3B4C"
EXHAUSTION_COLOUR = "#C0001A"
EXHAUSTION_WIDTH: Mapping[int, float] = {1: 2.5, 2: 5.0, 3: 8.0}  # ring around the node, px
INACTIVE_OPACITY = 0.3
TEXT_COLOUR = "#1F2933"
SOLE_COLOUR = "#F2B600"  # warning triangle fill (with a black "!")
CUT_COLOUR = "#1F2933"
GHOST_EDGE: dict[str, Any] = {"colour": "#8A939B", "width": 1.3, "dash": "dot"}

# line styles: (width px, colour, dash) — dash None = solid; conflict is drawn as a zig-zag
EDGE: Mapping[tuple[str, str], tuple[float, str, str | None]] = {
    ("person", "strong"): (5.5, "#3E4C59", None),
    ("person", "normal"): (2.5, "#3E4C59", None),
    ("person", "tenuous"): (2.0, "#3E4C59", "dash"),
    ("person", "conflict"): (2.2, "#B2182B", None),
    ("actor", "strong"): (3.0, "#9AA5B1", None),
    ("actor", "normal"): (1.6, "#9AA5B1", None),
    ("actor", "tenuous"): (1.4, "#9AA5B1", "dash"),
    ("actor", "conflict"): (1.6, "#D6604D", None),
}


GHOST_STROKE = "#3E4C59"


def ghost_fill(code: str) -> str:
    """A pale tint of the missing sector's colour (one third of the colour on white)."""
    c = sector_colour(code).lstrip("#")
    rgb = [int(c[i:i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(255 - (255 - v) / 3):02X}" for v in rgb)


def sector_colour(code: str) -> str:
    """The fill colour of a sector (grey for a sector outside the default taxonomy)."""
    return SECTOR_COLOURS.get(code, OTHER_SECTOR_COLOUR)


TEXT: Mapping[str, Mapping[str, str]] = {
    "fr": {
        "person": "Personne",
        "legend": "Légende",
        "sec_person_ties": "Lien avec la personne",
        "sec_actor_ties": "Lien entre intervenants",
        "sec_nodes": "Qui",
        "sec_marks": "Repères",
        "sec_exhaustion": "Épuisement",
        "sec_sectors": "Secteurs",
        "tie_strong": "fort",
        "tie_normal": "habituel",
        "tie_tenuous": "ténu",
        "tie_conflict": "conflictuel (zig-zag)",
        "actor_tie": "collaboration (trait fin, gris)",
        "actor_conflict": "conflit entre intervenants",
        "formal": "Professionnel (carré)",
        "informal": "Entourage informel (rond)",
        "ghost": "Besoin non couvert (pointillés)",
        "inactive": "Plus impliqué (estompé)",
        "cm_badge": "CM",
        "cm": "Case manager (ne compte pas comme couverture)",
        "ref_badge": "Réf.",
        "referent": "Référent·e désigné·e",
        "sole": "Seul·e à couvrir un besoin",
        "cut": "Maillon clé : relie le réseau sans le case manager",
        "ghost_missing": "manque : {sector}",
        "ghost_uncovered": "personne ne le couvre",
        "title_whatif": "Hypothèse : sans {actors}",
        "subtitle": "{needs} besoin(s), {uncovered} non couvert(s) · fragilité : {fragility} · tient sans le case manager : {holds} · prêt au retrait : {ready}",
        "yes": "oui",
        "no": "non",
        "fragility_high": "élevée",
        "fragility_medium": "moyenne",
        "fragility_low": "faible",
        "fragility_none": "aucune",
        "h_sector": "Secteur : {v}",
        "h_organisation": "Organisation : {v}",
        "h_role": "Rôle : {v}",
        "h_formal": "Professionnel",
        "h_informal": "Entourage informel",
        "h_tie": "Lien avec la personne : {v}",
        "h_covers": "Besoins couverts : {v}",
        "h_covers_none": "Ne couvre aucun besoin actif",
        "h_exhaustion": "Épuisement : {v}",
        "h_sole": "Seul·e à couvrir : {v}",
        "h_cut": "Maillon clé : sans cet acteur, le réseau se coupe (hors case manager)",
        "h_cm": "Case manager : coordonne, ne compte pas comme couverture",
        "h_referent": "Référent·e désigné·e",
        "h_inactive": "N'est plus impliqué",
        "h_mandate": "Mandat : {v}",
        "h_language": "Langue de travail : {v}",
        "h_needs": "Besoins de la personne :",
        "h_need_line": "{domain} (sévérité {severity}{priority}) : {cover}",
        "h_priority": ", priorité",
        "h_uncovered": "NON COUVERT",
        "h_alone": " (seul·e)",
        "h_goal": "Objectif : {v}",
        "h_ghost": "Besoin non couvert : {v}",
        "h_severity": "Sévérité : {v} / 3",
        "h_expected": "Secteur attendu : {v}",
        "h_missing": "Secteur attendu : {v} (absent du réseau)",
        "h_cm_only": "Seul le case manager s'en occupe : ne compte pas",
        "h_tie_kind": "{a} – {b} : {kind}, {strength}",
        "none": "aucun",
        "strong": "fort",
        "normal": "habituel",
        "tenuous": "ténu",
        "conflict": "conflictuel",
        "coordination": "coordination",
        "support": "soutien",
        "information": "information",
        "voluntary": "volontaire",
        "constrained": "contraint",
        "judicial": "judiciaire",
    },
    "en": {
        "person": "Person",
        "legend": "Legend",
        "sec_person_ties": "Tie to the person",
        "sec_actor_ties": "Tie between actors",
        "sec_nodes": "Who",
        "sec_marks": "Marks",
        "sec_exhaustion": "Exhaustion",
        "sec_sectors": "Sectors",
        "tie_strong": "strong",
        "tie_normal": "ordinary",
        "tie_tenuous": "tenuous",
        "tie_conflict": "conflict (zig-zag)",
        "actor_tie": "working tie (thin, grey)",
        "actor_conflict": "conflict between actors",
        "formal": "Professional (square)",
        "informal": "Informal network (circle)",
        "ghost": "Uncovered need (dashed)",
        "inactive": "No longer involved (faded)",
        "cm_badge": "CM",
        "cm": "Case manager (does not count as coverage)",
        "ref_badge": "Ref.",
        "referent": "Named referent",
        "sole": "Only one covering a need",
        "cut": "Key link: holds the network together without the case manager",
        "ghost_missing": "missing: {sector}",
        "ghost_uncovered": "nobody covers it",
        "title_whatif": "What if: without {actors}",
        "subtitle": "{needs} need(s), {uncovered} uncovered · fragility: {fragility} · holds without the case manager: {holds} · ready for withdrawal: {ready}",
        "yes": "yes",
        "no": "no",
        "fragility_high": "high",
        "fragility_medium": "medium",
        "fragility_low": "low",
        "fragility_none": "none",
        "h_sector": "Sector: {v}",
        "h_organisation": "Organisation: {v}",
        "h_role": "Role: {v}",
        "h_formal": "Professional",
        "h_informal": "Informal network",
        "h_tie": "Tie to the person: {v}",
        "h_covers": "Needs covered: {v}",
        "h_covers_none": "Covers no active need",
        "h_exhaustion": "Exhaustion: {v}",
        "h_sole": "Only one covering: {v}",
        "h_cut": "Key link: without this actor the network splits (case manager aside)",
        "h_cm": "Case manager: coordinates, does not count as coverage",
        "h_referent": "Named referent",
        "h_inactive": "No longer involved",
        "h_mandate": "Mandate: {v}",
        "h_language": "Working language: {v}",
        "h_needs": "The person's needs:",
        "h_need_line": "{domain} (severity {severity}{priority}): {cover}",
        "h_priority": ", priority",
        "h_uncovered": "UNCOVERED",
        "h_alone": " (alone)",
        "h_goal": "Goal: {v}",
        "h_ghost": "Uncovered need: {v}",
        "h_severity": "Severity: {v} / 3",
        "h_expected": "Expected sector: {v}",
        "h_missing": "Expected sector: {v} (missing from the network)",
        "h_cm_only": "Only the case manager handles it: does not count",
        "h_tie_kind": "{a} – {b}: {kind}, {strength}",
        "none": "none",
        "strong": "strong",
        "normal": "ordinary",
        "tenuous": "tenuous",
        "conflict": "conflict",
        "coordination": "coordination",
        "support": "support",
        "information": "information",
        "voluntary": "voluntary",
        "constrained": "constrained",
        "judicial": "judicial",
    },
}


def text(lang: str, key: str, **values: object) -> str:
    """A display text in ``lang`` (``fr`` or ``en``), with ``{name}`` fields filled in."""
    words = TEXT.get(lang, TEXT["fr"])
    return words[key].format(**values) if values else words[key]


def fmt_date(value, lang: str) -> str:
    """A date as people read it: 22/01/2024 in French, 2024-01-22 in English."""
    return value.strftime("%d/%m/%Y") if lang == "fr" else value.isoformat()
