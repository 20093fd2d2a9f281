"""Measures of one situation (shared/spec/measures.md): gaps, fragility, intersectoral links, readiness, flags.

Every function is pure: it reads a frozen :class:`~netmap.model.Assessment` (or a
:class:`Network` built from one) and returns plain data. :func:`evaluate` gives the
spec's machine-readable object; :func:`measure_table` one row per assessment for many
situations at once.
"""

from .change import compare
from .evaluate import MEASURE_KEYS, evaluate, measure_assessment, measures, what_if, without
from .flags import FLAG_SEVERITY, finding_changes, flags, fragility_level
from .fragility import fragility, is_at_risk, is_exhausted
from .gaps import gaps
from .graph import Network, actor_graph, need_cover, network
from .intersectoral import intersectoral
from .readiness import BLOCKING, CRITERIA, CRITERIA_TEXT, failure_texts, readiness
from .table import MEASURES_VERSION, assessment_key, measure_table
from .text import assessment_text, compare_text, dataset_summary_text, what_if_text

__all__ = [
    "BLOCKING",
    "CRITERIA",
    "CRITERIA_TEXT",
    "FLAG_SEVERITY",
    "MEASURES_VERSION",
    "MEASURE_KEYS",
    "Network",
    "actor_graph",
    "assessment_key",
    "assessment_text",
    "compare",
    "compare_text",
    "dataset_summary_text",
    "evaluate",
    "failure_texts",
    "finding_changes",
    "flags",
    "fragility",
    "fragility_level",
    "gaps",
    "intersectoral",
    "is_at_risk",
    "is_exhausted",
    "measure_assessment",
    "measure_table",
    "measures",
    "need_cover",
    "network",
    "readiness",
    "what_if",
    "what_if_text",
    "without",
]
