"""netmap: map, diagnose and follow the network around a person in a complex situation."""

from .errors import NetmapError, Problem, StoreError, TaxonomyError, UsageError, ValidationError
from .io import load, save
from .io.canonical import situation_from_dict, situation_to_dict
from .model import Action, Actor, Assessment, Funding, Meeting, Need, Person, Requester, Situation, Tie
from .taxonomy import default_taxonomy, load_taxonomy

__version__ = "0.1.0"

__all__ = [
    "Action",
    "Actor",
    "Assessment",
    "Funding",
    "Meeting",
    "Need",
    "NetmapError",
    "Person",
    "Problem",
    "Requester",
    "Situation",
    "StoreError",
    "TaxonomyError",
    "Tie",
    "UsageError",
    "ValidationError",
    "__version__",
    "default_taxonomy",
    "load",
    "load_taxonomy",
    "save",
    "situation_from_dict",
    "situation_to_dict",
]
