"""What several commands share: reading PATH, picking a situation, writing output."""

from __future__ import annotations

import argparse
import datetime as dt

from ..errors import UsageError
from ..model import Situation

__all__ = ["add_path_argument", "iso_date", "load_path", "pick_situations"]


def iso_date(text: str) -> dt.date:
    """argparse type for a YYYY-MM-DD date."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("expected a date YYYY-MM-DD") from None


def add_path_argument(parser: argparse.ArgumentParser, nargs: str | None = None) -> None:
    parser.add_argument(
        "path",
        nargs=nargs,
        metavar="PATH",
        help="a JSON file, a folder of JSON files, an .xlsx workbook, a CSV folder, or a store URL "
        "(sqlite:///… or postgresql://…)",
    )


def load_path(path: str) -> list[Situation]:
    from ..io import load

    return load(path)


def pick_situations(situations: list[Situation], situation_id: str | None) -> list[Situation]:
    """All situations, or the one with ``situation_id`` (UsageError if absent)."""
    if situation_id is None:
        return situations
    found = [s for s in situations if s.id == situation_id]
    if not found:
        raise UsageError(f"no situation with the id given to --situation in this dataset ({len(situations)} situations)")
    return found
