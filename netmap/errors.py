"""The exceptions netmap raises.

::

    NetmapError
    ├── ValidationError      a dataset breaks the format; carries every Problem found
    ├── TaxonomyError        a taxonomy or service-directory file is malformed
    ├── StoreError           the store cannot be opened, is of another schema, or failed
    └── UsageError           a command was called with arguments that cannot work
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["NetmapError", "Problem", "StoreError", "TaxonomyError", "UsageError", "ValidationError"]


class NetmapError(Exception):
    """Base class of every error netmap raises on purpose."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input, and where it is.

    ``file`` names the file (or store), ``place`` the JSON pointer (``/assessments/0/ties/2/b``)
    or the sheet, row and column, ``expected`` what was expected there. No part of it
    repeats the offending value: values may be personal data.
    """

    file: str
    place: str
    expected: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.place}" if self.place else self.file
        return f"{where}: {self.expected}"

    def text(self, lang: str = "fr") -> str:
        """The problem as one line in ``lang`` (``fr``, the default, or ``en``, which is ``str(self)``)."""
        from .io.problem_text import render

        return render(self, lang)


class ValidationError(NetmapError):
    """A dataset breaks the format. ``problems`` lists every problem found, in order."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} found"
        super().__init__(head + ("\n" + "\n".join(f"  {p}" for p in self.problems) if n else ""))

    def text(self, lang: str = "fr") -> str:
        """The count of problems then one indented line each, in ``lang`` (``fr`` by default, or ``en``)."""
        from .io.problem_text import summary

        lines = [summary(len(self.problems), lang), *(f"  {p.text(lang)}" for p in self.problems)]
        return "\n".join(lines)


class TaxonomyError(NetmapError):
    """A taxonomy or service-directory file is malformed."""


class StoreError(NetmapError):
    """The store cannot be opened, has another schema version, or an operation failed."""


class UsageError(NetmapError):
    """Arguments that cannot work together (e.g. an unknown situation id)."""
