"""Display labels of the format's enums and codes, and the reverse lookup a table reader needs.

Tables typed by people hold either the code (``mental_health``) or its label in any
language (``Santé mentale``, ``Geestelijke gezondheidszorg``). Sector and need-domain
labels come from the taxonomy; the labels of the format's own enums are here.

Examples
--------
>>> from netmap.taxonomy import default_taxonomy
>>> lookup = code_lookup("sector", default_taxonomy())
>>> lookup[normalise("Santé mentale")]
'mental_health'
>>> choice_labels("housing", "fr", default_taxonomy())[0]
('own_home', 'Chez soi')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from ..model import (
    ACTION_STATUSES,
    CONSENTS,
    CONTACTS,
    DEMANDS,
    FUNDING_STATUSES,
    HOUSINGS,
    MANDATES,
    MEETING_KINDS,
    NEED_STATUSES,
    OUTCOMES,
    RECIPROCITIES,
    REQUESTER_TYPES,
    SUPPORTS,
    TIE_KINDS,
    TIE_STRENGTHS,
    TIES_TO_PERSON,
)
from ..taxonomy import Taxonomy

__all__ = ["BOOLEAN_WORDS", "CHOICE_KINDS", "ENUM_LABELS", "choice_labels", "code_lookup", "normalise"]

# (code, French, English, Dutch label) for each enum of the format, in the spec's order;
# the words of the project's glossary (docs/glossaire.md), capitalised for display
ENUM_LABELS: Mapping[str, tuple[tuple[str, str, str, str], ...]] = {
    "outcome": (
        ("pending", "En attente", "Pending", "In afwachting"),
        ("refused_saturation", "Refusé (saturation)", "Refused (saturation)", "Geweigerd (verzadiging)"),
        ("refused_criteria", "Refusé (critères)", "Refused (criteria)", "Geweigerd (criteria)"),
        ("redirected", "Réorienté", "Redirected", "Doorverwezen"),
        ("open", "En cours", "Open", "Lopend"),
        ("closed_stabilised", "Clôturé (stabilisé)", "Closed (stabilised)", "Afgesloten (gestabiliseerd)"),
        ("closed_interrupted", "Clôturé (interrompu)", "Closed (interrupted)", "Afgesloten (onderbroken)"),
        ("closed_other", "Clôturé (autre)", "Closed (other)", "Afgesloten (andere)"),
    ),
    "housing": (
        ("own_home", "Chez soi", "Own home", "Eigen woning"),
        ("with_family", "En famille", "With family", "Bij familie"),
        ("institution", "En institution", "Institution", "Instelling"),
        ("homeless", "Sans abri", "Homeless", "Dakloos"),
        ("badly_housed", "Mal logé·e", "Badly housed", "Slecht gehuisvest"),
        ("unknown", "Inconnu", "Unknown", "Onbekend"),
    ),
    "demand": (
        ("expressed", "Exprimée", "Expressed", "Uitgesproken"),
        ("non_demand", "Non-demande", "Non-demand", "Geen hulpvraag"),
        ("unknown", "Inconnue", "Unknown", "Onbekend"),
    ),
    "consent": (
        ("given", "Donné", "Given", "Gegeven"),
        ("refused", "Refusé", "Refused", "Geweigerd"),
        ("pending", "En attente", "Pending", "In afwachting"),
        ("not_required", "Non requis", "Not required", "Niet vereist"),
    ),
    "requester_type": (
        ("professional", "Professionnel·le", "Professional", "Professional"),
        ("person", "La personne", "The person", "De persoon"),
        ("relative", "Un·e proche", "A relative", "Naaste"),
    ),
    "mandate": (
        ("voluntary", "Volontaire", "Voluntary", "Vrijwillig"),
        ("constrained", "Contraint", "Constrained", "Gedwongen"),
        ("judicial", "Judiciaire", "Judicial", "Gerechtelijk"),
    ),
    "tie_to_person": (
        ("strong", "Fort", "Strong", "Sterk"),
        ("normal", "Normal", "Normal", "Gewoon"),
        ("tenuous", "Ténu", "Tenuous", "Zwak"),
        ("conflict", "Conflictuel", "Conflict", "Conflict"),
    ),
    "tie_kind": (
        ("coordination", "Coordination", "Coordination", "Coördinatie"),
        ("support", "Soutien", "Support", "Steun"),
        ("information", "Information", "Information", "Informatie"),
        ("conflict", "Conflit", "Conflict", "Conflict"),
    ),
    "tie_strength": (
        ("strong", "Fort", "Strong", "Sterk"),
        ("normal", "Normal", "Normal", "Gewoon"),
        ("tenuous", "Ténu", "Tenuous", "Zwak"),
    ),
    "need_status": (
        ("active", "Actif", "Active", "Actief"),
        ("met", "Satisfait", "Met", "Beantwoord"),
        ("dormant", "En veille", "Dormant", "Sluimerend"),
    ),
    "action_status": (
        ("todo", "À faire", "To do", "Te doen"),
        ("done", "Faite", "Done", "Gedaan"),
        ("dropped", "Abandonnée", "Dropped", "Geschrapt"),
    ),
    "meeting_kind": (
        ("concertation", "Concertation", "Concertation", "Overleg"),
        ("pre_concertation", "Pré-concertation", "Pre-concertation", "Vooroverleg"),
        ("home_visit", "Visite à domicile", "Home visit", "Huisbezoek"),
        ("other", "Autre", "Other", "Andere"),
    ),
    "support": (
        ("concrete", "Concret", "Concrete", "Praktisch"),
        ("emotional", "Émotionnel", "Emotional", "Emotioneel"),
        ("informational", "Informatif", "Informational", "Informatief"),
    ),
    "reciprocity": (
        ("person_receives", "La personne reçoit", "The person receives", "De persoon ontvangt"),
        ("both_ways", "Dans les deux sens", "Both ways", "In beide richtingen"),
        ("person_gives", "La personne donne", "The person gives", "De persoon geeft"),
    ),
    "contact": (
        ("daily", "Quotidien", "Daily", "Dagelijks"),
        ("weekly", "Hebdomadaire", "Weekly", "Wekelijks"),
        ("monthly", "Mensuel", "Monthly", "Maandelijks"),
        ("rarely", "Rarement", "Rarely", "Zelden"),
    ),
    "funding_status": (
        ("pending", "En attente", "Pending", "In afwachting"),
        ("granted", "Accordé", "Granted", "Toegekend"),
        ("refused", "Refusé", "Refused", "Geweigerd"),
        ("redirected", "Réorienté", "Redirected", "Doorverwezen"),
    ),
}

_MODEL_ENUMS = {
    "outcome": OUTCOMES, "housing": HOUSINGS, "demand": DEMANDS, "consent": CONSENTS,
    "requester_type": REQUESTER_TYPES, "mandate": MANDATES, "tie_to_person": TIES_TO_PERSON,
    "tie_kind": TIE_KINDS, "tie_strength": TIE_STRENGTHS, "need_status": NEED_STATUSES,
    "action_status": ACTION_STATUSES, "meeting_kind": MEETING_KINDS, "funding_status": FUNDING_STATUSES,
    "support": SUPPORTS, "reciprocity": RECIPROCITIES, "contact": CONTACTS,
}
for _kind, _codes in _MODEL_ENUMS.items():  # the labels must follow the model, code for code
    if tuple(row[0] for row in ENUM_LABELS[_kind]) != _codes:
        raise RuntimeError(f"vocabulary: the labels of {_kind} do not match the model's codes")

#: kinds of coded cells: the format's enums plus the two taxonomy tables
CHOICE_KINDS = (*ENUM_LABELS, "sector", "domain")

#: words accepted for true and false in boolean cells (after :func:`normalise`)
BOOLEAN_WORDS: Mapping[str, bool] = {
    "true": True, "false": False, "vrai": True, "faux": False, "oui": True, "non": False,
    "yes": True, "no": False, "ja": True, "nee": False, "1": True, "0": False,
}

_NOT_WORD = re.compile(r"[^a-z0-9]+")


def normalise(text: str) -> str:
    """Lower case, accents removed, every run of other characters made one space.

    >>> normalise("  Date d'ouverture ")
    'date d ouverture'
    >>> normalise("montant demandé (€)")
    'montant demande'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return _NOT_WORD.sub(" ", plain).strip()


def choice_labels(kind: str, lang: str, taxonomy: Taxonomy) -> list[tuple[str, str]]:
    """(code, label) of every choice of a coded column, in display language ``lang`` (fr, en or nl; else fr)."""
    if kind == "sector":
        return [(c, taxonomy.sector_label(c, lang)) for c in taxonomy.sectors]
    if kind == "domain":
        return [(c, taxonomy.domain_label(c, lang)) for c in taxonomy.domains]
    if kind == "region":
        return [(c, taxonomy.region_label(c, lang)) for c in taxonomy.regions]
    if kind == "service":
        return [(c, taxonomy.service_name(c)) for c in taxonomy.services]
    column = {"en": 2, "nl": 3}.get(lang, 1)
    return [(row[0], row[column]) for row in ENUM_LABELS[kind]]


def code_lookup(kind: str, taxonomy: Taxonomy) -> dict[str, str]:
    """Map a normalised code or label (any language) to its code, for one coded column.

    A label shared by two codes of the same column is left out: it cannot be resolved.
    Codes win over labels. Made once per taxonomy and kind (a taxonomy never changes): made
    for each file read, it was 15 % of a worker's time in `netmap import` (0.29 ms per file).
    """
    cache = taxonomy.__dict__.setdefault("_code_lookups", {})  # beside the frozen fields, not one of them
    if kind not in cache:
        cache[kind] = _code_lookup(kind, taxonomy)
    return cache[kind]


def _code_lookup(kind: str, taxonomy: Taxonomy) -> dict[str, str]:
    if kind in ("sector", "domain"):
        entries = taxonomy.sectors if kind == "sector" else taxonomy.domains
        pairs = [(code, label) for code, e in entries.items() for label in e.labels.values()]
        codes = list(entries)
    elif kind == "region":  # the taxonomy's regions: a code, or its name in any language (Liège, Luik)
        pairs = [(code, label) for code, labels in taxonomy.regions.items() for label in labels.values()]
        codes = list(taxonomy.regions)
    elif kind == "service":  # the service directory: an id, or its name
        pairs = [(code, s.name) for code, s in taxonomy.services.items()]
        codes = list(taxonomy.services)
    else:
        pairs = [(row[0], label) for row in ENUM_LABELS[kind] for label in row[1:]]
        codes = [row[0] for row in ENUM_LABELS[kind]]
    by_label: dict[str, str | None] = {}
    for code, label in pairs:
        key = normalise(label)
        by_label[key] = code if by_label.get(key, code) == code else None
    out = {k: v for k, v in by_label.items() if v is not None}
    out.update({normalise(c): c for c in codes})
    return out
