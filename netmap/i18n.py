"""The user's language: gettext message catalogs in French (default), Dutch and English.

Every text a user reads is written in the code in English (the gettext ``msgid``) and
looked up in ``netmap/locale/<lang>/LC_MESSAGES/netmap.mo`` (package data compiled from
the ``.po`` files next to it; ``make messages`` extracts, updates and compiles them, see
docs/traduction.md). One word per idea: the catalogs follow docs/glossaire.md.

>>> _ = translator("fr")
>>> _("template written to {path}", path="a.xlsx")
'modèle écrit dans a.xlsx'
>>> _.ngettext("{n} situation", "{n} situations", 1), _.ngettext("{n} situation", "{n} situations", 2)
('1 situation', '2 situations')
>>> import datetime as dt
>>> format_date(dt.date(2026, 3, 5), "nl"), format_date(dt.date(2026, 3, 5), "en")
('05/03/2026', '05/03/2026')
>>> format_number(1234.5, "fr"), format_number(1234.5, "nl"), format_number(1234.5, "en")
('1\u202f234,5', '1.234,5', '1,234.5')
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext as _gettext
from collections.abc import Iterator, Mapping
from importlib import resources
from typing import Any

__all__ = ["DEFAULT_LANG", "LANGS", "LANG_NAMES", "N_", "Nn_", "Np_", "Translator", "check_lang", "format_date",
           "format_number", "lang_from_argv", "Texts", "translator"]

#: the languages every catalog is complete in; the first is the default
LANGS: tuple[str, ...] = ("fr", "nl", "en")
DEFAULT_LANG = "fr"
#: each language in its own words (the dashboard's switch, --lang help)
LANG_NAMES = {"fr": "Français", "nl": "Nederlands", "en": "English"}
DOMAIN = "netmap"
# Babel locales for numbers (Belgian French and Dutch; British English)
_LOCALES = {"fr": "fr_BE", "nl": "nl_BE", "en": "en_GB"}


def N_(msgid: str) -> str:
    """Mark ``msgid`` for extraction where it is defined; it is translated where it is shown."""
    return msgid


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a plural pair for extraction (as ``ngettext`` does); ``_.ngettext(*pair, n)`` translates it."""
    return singular, plural


def Np_(context: str, msgid: str) -> tuple[str, str]:
    """Mark a message with its context for extraction (as ``pgettext`` does); ``_.pgettext(*pair)`` translates it."""
    return context, msgid


def check_lang(lang: str | None) -> str:
    """``lang`` if netmap speaks it, else ValueError; None is the default language."""
    if lang is None:
        return DEFAULT_LANG
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: expected one of {', '.join(LANGS)}")
    return lang


@functools.cache
def _catalog(lang: str) -> _gettext.NullTranslations:
    mo = resources.files("netmap") / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with mo.open("rb") as handle:
        return _gettext.GNUTranslations(handle)


class Translator:
    """Texts of one language: ``_(msgid, **params)`` and ``_.ngettext(singular, plural, n, **params)``.

    Parameters are substituted with ``str.format`` after the lookup, so a translation may
    move them; ``n`` is always a parameter of ``ngettext``. Numbers given as parameters
    are not formatted here: pass ``format_number(x, lang)`` when a decimal is shown.
    """

    def __init__(self, lang: str | None = None) -> None:
        self.lang = check_lang(lang)
        self._catalog = _catalog(self.lang)

    def __call__(self, msgid: str, /, **params: Any) -> str:
        text = self._catalog.gettext(msgid)
        return text.format(**params) if params else text

    def gettext(self, msgid: str, /, **params: Any) -> str:
        return self(msgid, **params)

    def ngettext(self, singular: str, plural: str, n: int, /, **params: Any) -> str:
        return self._catalog.ngettext(singular, plural, n).format(n=n, **params)

    def plain_ngettext(self, singular: str, plural: str, n: int, /) -> str:
        """gettext's own ngettext (no formatting), for libraries that format themselves (argparse)."""
        return self._catalog.ngettext(singular, plural, n)

    def has(self, context: str | None, msgid: str) -> bool:
        """Whether the catalog holds ``msgid`` (in ``context``): a text added to the code but not yet
        to the catalogs (``make messages``) is not there."""
        key = msgid if context is None else f"{context}\x04{msgid}"
        return key in getattr(self._catalog, "_catalog", {})

    def pgettext(self, context: str, msgid: str, /, **params: Any) -> str:
        text = self._catalog.pgettext(context, msgid)
        return text.format(**params) if params else text

    def date(self, day: dt.date) -> str:
        return format_date(day, self.lang)

    def number(self, value: float) -> str:
        return format_number(value, self.lang)


@functools.cache
def translator(lang: str | None = None) -> Translator:
    """The (cached) translator of ``lang`` (French when None)."""
    return Translator(lang)


def format_date(day: dt.date, lang: str | None = None) -> str:
    """A date as users of ``lang`` read it: dd/mm/yyyy (the glossary's one date format)."""
    from babel.dates import format_date as babel_date

    return babel_date(day, "dd/MM/yyyy", locale=_LOCALES[check_lang(lang)])


def format_number(value: float, lang: str | None = None) -> str:
    """A number with the decimal and grouping signs of ``lang`` (``1 234,5`` / ``1.234,5`` / ``1,234.5``)."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=_LOCALES[check_lang(lang)])


def lang_from_argv(argv: list[str], default: str = DEFAULT_LANG) -> str:
    """The language a command line asks for (``--lang X`` or ``--lang=X``), before it is parsed,
    so that the help and argparse's own messages are already in it; ``default`` otherwise.

    >>> lang_from_argv(["validate", "--lang", "nl", "a.json"]), lang_from_argv(["--lang=en"]), lang_from_argv([])
    ('nl', 'en', 'fr')
    """
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv) and argv[i + 1] in LANGS:
            return argv[i + 1]
        if arg.startswith("--lang=") and arg[7:] in LANGS:
            return arg[7:]
    return default


class _LangView(Mapping[str, Any]):
    def __init__(self, texts: Texts, lang: str) -> None:
        self._texts, self._ = texts, translator(lang)

    def __getitem__(self, key: str) -> Any:
        msgid = self._texts.ids[key]
        if isinstance(msgid, dict):  # a group of words (e.g. the levels): a dict in this language
            return {k: self._word(v) for k, v in msgid.items()}
        if isinstance(msgid, list):
            return [self._word(v) for v in msgid]
        return self._word(msgid)

    def _word(self, msgid: str | tuple[str, str]) -> str:
        if isinstance(msgid, tuple):
            return self._.pgettext(*msgid)
        return self._.pgettext(self._texts.context, msgid)

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts.ids)

    def __len__(self) -> int:
        return len(self._texts.ids)


class Texts(Mapping[str, Mapping[str, Any]]):
    """A keyed table of texts (``TABLE[lang][key]``), each an English msgid of the catalogs in a context.

    The context (e.g. ``"eco-map"``) lets one English word read differently in two places of
    the product; every entry is marked with :func:`Np_` so ``make messages`` extracts it.

    >>> T = Texts("eco-map", {"legend": Np_("eco-map", "Legend")})
    >>> T["fr"]["legend"], T["nl"]["legend"], T["en"]["legend"], sorted(T)
    ('Légende', 'Legende', 'Legend', ['en', 'fr', 'nl'])
    """

    def __init__(self, context: str, ids: Mapping[str, Any]) -> None:
        self.context = context
        self.ids: dict[str, Any] = {k: self._msgid(v) for k, v in ids.items()}

    def _msgid(self, value: Any) -> Any:
        """A msgid of this table's context, or (context, msgid) for one shared with other tables."""
        if isinstance(value, Mapping):
            return {k: self._msgid(v) for k, v in value.items()}
        if isinstance(value, list):  # a sequence of texts (e.g. a table's headers)
            return [self._msgid(v) for v in value]
        if isinstance(value, tuple):
            return value[1] if value[0] == self.context else value
        return value

    def __getitem__(self, lang: str) -> Mapping[str, Any]:
        if lang not in LANGS:
            raise KeyError(lang)
        return _LangView(self, lang)

    def __iter__(self) -> Iterator[str]:
        return iter(LANGS)

    def __len__(self) -> int:
        return len(LANGS)
