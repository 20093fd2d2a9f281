"""The names of the aggregate tables, age bands and export formats, importable without pandas (for the CLI)."""

from __future__ import annotations

__all__ = ["AGE_BANDS", "EXPORT_FORMATS", "TABLE_NAMES"]

TABLE_NAMES = ("cohort", "caseload", "meetings", "funding", "needs", "sectors", "partners", "key_figures",
               "fragility", "intersectoral", "greyzones", "siloed", "language_ties")
AGE_BANDS = ("0-11", "12-17", "18-23", "24-64", "65+")
EXPORT_FORMATS = ("csv", "json", "xlsx")
