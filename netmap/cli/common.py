"""What several commands share: reading PATH, picking a situation, writing output."""

from __future__ import annotations

import argparse
import datetime as dt

from ..errors import UsageError
from ..i18n import LANGS, Translator, translator
from ..model import Situation

__all__ = ["add_lang_argument", "add_path_argument", "iso_date", "load_path", "pick_situations", "set_cli_lang",
           "tr"]

_CLI_LANG = ["fr"]


def set_cli_lang(lang: str) -> None:
    """The language of the command being built and run (``--lang``, read before parsing)."""
    _CLI_LANG[0] = lang


def tr() -> Translator:
    """The translator of the command line's language (help, messages, errors)."""
    return translator(_CLI_LANG[0])


def add_lang_argument(parser: argparse.ArgumentParser) -> None:
    """``--lang fr|nl|en``: every command speaks the user's language (default French)."""
    _ = tr()
    parser.add_argument("--lang", choices=LANGS, default="fr",
                        help=_("language of every text, list and export header: fr (default), nl or en"))


def iso_date(text: str) -> dt.date:
    """argparse type for a YYYY-MM-DD date."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(tr().gettext("expected a date YYYY-MM-DD")) from None


def add_path_argument(parser: argparse.ArgumentParser, nargs: str | None = None) -> None:
    _ = tr()
    parser.add_argument(
        "path",
        nargs=nargs,
        metavar="PATH",
        help=_("a JSON file, a folder of JSON files, an .xlsx workbook, a CSV folder, or a store URL "
        "(sqlite:///… or postgresql://…)"),
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
        raise UsageError(tr().ngettext("no situation with the id given to --situation in this dataset ({n} situation)",
                                       "no situation with the id given to --situation in this dataset ({n} situations)",
                                       len(situations)))
    return found
