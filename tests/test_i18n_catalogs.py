"""The message catalogs: complete in French and Dutch, consistent with the code, compiled.

The texts are extracted from the source here, as `make messages` does, so a text added
to the code and not to the catalogs fails this test (run `make messages`, then translate
the new entries of netmap/locale/fr and nl).
"""

from __future__ import annotations

import gettext
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "netmap" / "locale"
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None, "ngettext": (1, 2), "Nn_": (1, 2), "Np_": ((1, "c"), 2), "pgettext": ((1, "c"), 2)}


def _source_ids() -> set:
    ids = set()
    for top in ("netmap", "dashboards"):
        for _file, _line, message, _comments, context in extract_from_dir(
                ROOT / top, method_map=[("**.py", "python")], keywords=KEYWORDS):
            ids.add((context, message if isinstance(message, str) else tuple(message)))
    from dashboards.i18n import catalog_entries  # the dashboard's tables (STRINGS, COLUMNS), added by make messages
    from netmap.io.template import catalog_entries as template_entries  # the template's column helps

    ids |= {(context, msgid) for context, msgid, _fr in [*catalog_entries(), *template_entries()]}
    return ids


SOURCE_IDS = _source_ids()


def _catalog(lang: str):
    with open(LOCALE / lang / "LC_MESSAGES" / "netmap.po", "rb") as handle:
        return read_po(handle, locale=lang)


def _fields(text: str) -> set[str]:
    return set(re.findall(r"\{(\w*)\}", text)) | set(re.findall(r"%\((\w+)\)[sdr]", text))


def test_the_code_has_texts_to_translate() -> None:
    assert len(SOURCE_IDS) > 150
    assert (None, "template written to {path}") in SOURCE_IDS
    assert (None, ("{path}: {n} situation, valid", "{path}: {n} situations, valid")) in SOURCE_IDS


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_every_text_of_the_code_is_in_the_catalog(lang: str) -> None:
    cat = _catalog(lang)
    have = {(m.context, m.id) for m in cat if m.id}
    missing = sorted(map(str, SOURCE_IDS - have))
    assert not missing, f"run `make messages` and translate: {missing[:10]}"


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_french_and_dutch_are_complete(lang: str) -> None:
    untranslated = []
    for m in _catalog(lang):
        if not m.id:
            continue
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if m.fuzzy or not all(strings):
            untranslated.append(m.id)
    assert not untranslated, f"{lang}: {len(untranslated)} untranslated, e.g. {untranslated[:5]}"


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_translations_keep_their_parameters(lang: str) -> None:
    for m in _catalog(lang):
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = [s for s in (m.string if isinstance(m.string, tuple) else (m.string,)) if s]
        wanted = set().union(*(_fields(i) for i in ids))
        for s in strings:
            # a plural form may leave {n} out ("une situation"); nothing else may be lost or invented
            assert _fields(s) - wanted == set(), (lang, m.id, s)
            assert wanted - _fields(s) <= {"n"}, (lang, m.id, s)


def test_dutch_is_not_french() -> None:
    """A Dutch entry copied from French by mistake: no Dutch text holds these French words."""
    french = re.compile(r"\b(le|la|les|une|des|du|est|sont|aucun|aucune|avec|pour|dans)\b")
    leaks = [m.string for m in _catalog("nl") if m.id and isinstance(m.string, str) and french.search(m.string)
             and not french.search(str(m.id))]
    assert not leaks, leaks[:5]


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_compiled_catalogs_match_their_po_files(lang: str) -> None:
    """The .mo files netmap reads (package data) are compiled from the .po files as they are now."""
    import io

    buffer = io.BytesIO()
    write_mo(buffer, _catalog(lang))
    buffer.seek(0)
    fresh = gettext.GNUTranslations(buffer)
    with open(LOCALE / lang / "LC_MESSAGES" / "netmap.mo", "rb") as handle:
        shipped = gettext.GNUTranslations(handle)
    # the header entry ("") names the Babel version that compiled it: not a message, left out of the comparison
    messages = {k: v for k, v in fresh._catalog.items() if k != ""}  # type: ignore[attr-defined]
    assert messages == {k: v for k, v in shipped._catalog.items() if k != ""}, (  # type: ignore[attr-defined]
        "run `make messages` (or pybabel compile) after editing a .po file")
    assert fresh.plural(1) == shipped.plural(1) and fresh.plural(2) == shipped.plural(2)


def test_plural_forms_follow_each_language() -> None:
    """French: 0 and 1 are singular (« 0 situation ») ; Dutch and English: only 1."""
    from netmap.i18n import translator

    s, p = "{path}: {n} situation, valid", "{path}: {n} situations, valid"
    assert [translator("fr").ngettext(s, p, n, path="x") for n in (0, 1, 2)] == [
        "x : 0 situation, valide", "x : 1 situation, valide", "x : 2 situations, valides"]
    assert [translator("nl").ngettext(s, p, n, path="x") for n in (0, 1, 2)] == [
        "x: 0 situaties, geldig", "x: 1 situatie, geldig", "x: 2 situaties, geldig"]
    assert [translator("en").ngettext(s, p, n, path="x") for n in (0, 1, 2)] == [
        "x: 0 situations, valid", "x: 1 situation, valid", "x: 2 situations, valid"]


def _netmap(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "netmap", *args], capture_output=True, text=True, cwd=ROOT)


def test_cli_help_speaks_the_language_asked() -> None:
    fr = _netmap("template", "--help").stdout
    nl = _netmap("template", "--help", "--lang", "nl").stdout
    en = _netmap("template", "--lang=en", "--help").stdout
    assert fr.startswith("usage : ") and "le classeur à écrire" in fr and "options:" in fr
    assert nl.startswith("gebruik: ") and "de te schrijven werkmap" in nl and "opties:" in nl
    assert en.startswith("usage: ") and "the workbook to write" in en
    for word in ("usage:", "show this help", "the workbook", "positional"):
        assert word not in fr and word not in nl


def test_cli_errors_speak_the_language_asked(tmp_path: Path) -> None:
    out = tmp_path / "x.txt"
    fr = _netmap("template", "-o", str(out))
    nl = _netmap("template", "-o", str(out), "--lang", "nl")
    assert fr.returncode == 2 and "donnez un nom de sortie terminé par .xlsx" in fr.stderr
    assert nl.returncode == 2 and "geef een uitvoernaam op .xlsx" in nl.stderr
    missing = _netmap("validate", "--lang", "nl")
    assert "fout: deze argumenten zijn verplicht: PATH" in missing.stderr


def test_every_command_takes_lang() -> None:
    import argparse

    from netmap.cli import build_parser

    def leaves(parser: argparse.ArgumentParser):
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            yield parser
        for action in subs:
            for child in action.choices.values():
                yield from leaves(child)

    commands = list(leaves(build_parser()))
    assert len(commands) >= 15
    for command in commands:
        action = command._option_string_actions.get("--lang")
        assert action is not None and tuple(action.choices) == ("fr", "nl", "en"), command.prog


def test_the_dashboard_speaks_the_three_languages() -> None:
    from dashboards.i18n import STRINGS, t

    assert (t("page.needs", "fr"), t("page.needs", "nl"), t("page.needs", "en")) == (
        "Besoins & lacunes", "Noden & hiaten", "Needs & gaps")
    nl_leaks = [k for k, (fr, en) in STRINGS.items() if t(k, "nl") == fr and fr != en and len(fr) > 4]
    assert not nl_leaks, nl_leaks[:5]  # a Dutch entry must not be the French one
