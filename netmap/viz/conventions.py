"""Drawing conventions of the eco-map (Hartman): colours, line styles, marks and their words (fr/nl/en catalogs).

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

from ..i18n import LANGS, Np_, Texts, format_date

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


TEXT: Texts = Texts("eco-map", {
    'person': Np_("eco-map", "Person"),
    'legend': Np_("eco-map", "Legend"),
    'sec_person_ties': Np_("eco-map", "Tie to the person"),
    'sec_actor_ties': Np_("eco-map", "Tie between actors"),
    'sec_nodes': Np_("eco-map", "Who"),
    'sec_marks': Np_("eco-map", "Marks"),
    'sec_exhaustion': Np_("eco-map", "Exhaustion"),
    'sec_sectors': Np_("eco-map", "Sectors"),
    'tie_strong': Np_("eco-map", "strong"),
    'tie_normal': Np_("eco-map", "ordinary"),
    'tie_tenuous': Np_("eco-map", "tenuous"),
    'tie_conflict': Np_("eco-map", "conflict (zig-zag)"),
    'actor_tie': Np_("eco-map", "working tie (thin, grey)"),
    'actor_conflict': Np_("eco-map", "conflict between actors"),
    'formal': Np_("eco-map", "Professional (square)"),
    'informal': Np_("eco-map", "Informal network (circle)"),
    'ghost': Np_("eco-map", "Uncovered need (dashed)"),
    'inactive': Np_("eco-map", "No longer involved (faded)"),
    'cm_badge': Np_("eco-map", "CM"),
    'cm': Np_("eco-map", "Case manager (does not count as coverage)"),
    'ref_badge': Np_("eco-map", "Ref."),
    'referent': Np_("eco-map", "Named referent"),
    'sole': Np_("eco-map", "Only one covering a need"),
    'cut': Np_("eco-map", "Key link: holds the network together without the case manager"),
    'ghost_missing': Np_("eco-map", "missing: {sector}"),
    'ghost_uncovered': Np_("eco-map", "nobody covers it"),
    'title_whatif': Np_("eco-map", "What if: without {actors}"),
    'subtitle': Np_("eco-map", "{needs} need(s), {uncovered} uncovered · fragility: {fragility} · holds without the case manager: {holds} · ready for withdrawal: {ready}"),
    'yes': Np_("eco-map", "yes"),
    'no': Np_("eco-map", "no"),
    'fragility_high': Np_("eco-map", "high"),
    'fragility_medium': Np_("eco-map", "medium"),
    'fragility_low': Np_("eco-map", "low"),
    'fragility_none': Np_("eco-map", "none"),
    'h_sector': Np_("eco-map", "Sector: {v}"),
    'h_organisation': Np_("eco-map", "Organisation: {v}"),
    'h_role': Np_("eco-map", "Role: {v}"),
    'h_formal': Np_("eco-map", "Professional"),
    'h_informal': Np_("eco-map", "Informal network"),
    'h_tie': Np_("eco-map", "Tie to the person: {v}"),
    'h_support': Np_("eco-map", "Support given: {v}"),
    'h_reciprocity': Np_("eco-map", "Reciprocity: {v}"),
    'h_contact': Np_("eco-map", "Contact: {v}"),
    'h_covers': Np_("eco-map", "Needs covered: {v}"),
    'h_covers_none': Np_("eco-map", "Covers no active need"),
    'h_exhaustion': Np_("eco-map", "Exhaustion: {v}"),
    'h_sole': Np_("eco-map", "Only one covering: {v}"),
    'h_cut': Np_("eco-map", "Key link: without this actor the network splits (case manager aside)"),
    'h_cm': Np_("eco-map", "Case manager: coordinates, does not count as coverage"),
    'h_referent': Np_("eco-map", "Named referent"),
    'h_inactive': Np_("eco-map", "No longer involved"),
    'h_mandate': Np_("eco-map", "Mandate: {v}"),
    'h_language': Np_("eco-map", "Working language: {v}"),
    'h_needs': Np_("eco-map", "The person's needs:"),
    'h_need_line': Np_("eco-map", "{domain} (severity {severity}{priority}): {cover}"),
    'h_priority': Np_("eco-map", ", priority"),
    'h_uncovered': Np_("eco-map", "UNCOVERED"),
    'h_alone': Np_("eco-map", " (alone)"),
    'h_goal': Np_("eco-map", "Goal: {v}"),
    'h_ghost': Np_("eco-map", "Uncovered need: {v}"),
    'h_severity': Np_("eco-map", "Severity: {v} / 3"),
    'h_expected': Np_("eco-map", "Expected sector: {v}"),
    'h_missing': Np_("eco-map", "Expected sector: {v} (missing from the network)"),
    'h_cm_only': Np_("eco-map", "Only the case manager handles it: does not count"),
    'h_tie_kind': Np_("eco-map", "{a} – {b}: {kind}, {strength}"),
    'none': Np_("eco-map", "none"),
    'strong': Np_("eco-map", "strong"),
    'normal': Np_("eco-map", "ordinary"),
    'tenuous': Np_("eco-map", "tenuous"),
    'conflict': Np_("eco-map", "conflict"),
    'coordination': Np_("eco-map", "coordination"),
    'support': Np_("eco-map", "support"),
    'information': Np_("eco-map", "information"),
    'voluntary': Np_("eco-map", "voluntary"),
    'constrained': Np_("eco-map", "constrained"),
    'judicial': Np_("eco-map", "judicial"),
})


def text(lang: str, key: str, **values: object) -> str:
    """A display text in ``lang`` (``fr``, ``nl`` or ``en``), with ``{name}`` fields filled in."""
    words = TEXT[lang if lang in LANGS else "fr"]
    return words[key].format(**values) if values else words[key]


def fmt_date(value, lang: str) -> str:
    """A date as people read it: 22/01/2024 (the glossary's one date format, in every language)."""
    return format_date(value, lang)
