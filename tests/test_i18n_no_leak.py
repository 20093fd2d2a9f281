"""No English word reaches a French user, no French word a Dutch user (issue 13's "done when").

Every text netmap writes for one situation (assess, what-if, compare, the concertation report, the
eco-map, the template's instructions, the exports' headers) is scanned for words of the other
languages. The situation's own labels (roles such as « Mère », organisations) are data, not netmap's
words, and are removed first.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from netmap.cli import main

DATA = Path(__file__).parent / "data" / "youth-brussels.json"
# words only one language uses for netmap's ideas (checked by hand against the catalogs and the glossary)
WORDS = {
    "en": {"need", "needs", "assessment", "provider", "providers", "covered", "finding", "findings", "withdraw",
           "withdrawal", "network", "exhausted", "nobody", "written", "ready", "level", "tie", "ties",
           "with", "without", "the"},
    "fr": {"besoin", "besoins", "évaluation", "intervenant", "intervenants", "couvert", "couverts", "constat",
           "constats", "retrait", "réseau", "épuisé", "personne", "écrit", "prêt", "niveau", "critères", "lien",
           "liens", "avec", "sans", "le", "les", "des", "du", "une"},
    "nl": {"nood", "noden", "evaluatie", "hulpverlener", "gedekt", "vaststelling", "afbouw", "netwerk",
           "uitgeput", "geschreven", "niveau", "banden", "zonder", "het", "een", "de"},
}


def _labels() -> set[str]:
    import json

    o = json.loads(DATA.read_text(encoding="utf-8"))
    words: set[str] = set()
    for a in o["assessments"]:
        for x in a["actors"]:
            for field in ("label", "organisation", "role"):
                words |= set(re.findall(r"\w+", (x.get(field) or "").lower()))
        words |= set(re.findall(r"\w+", (a.get("label") or "").lower()))
        for act in a.get("actions", []):
            words |= set(re.findall(r"\w+", act["what"].lower()))
        for n in a["needs"]:
            words |= set(re.findall(r"\w+", (n.get("goal") or "").lower()))
    return words


def _words(text: str) -> set[str]:
    text = re.sub(r"<script.*?</script>|<style.*?</style>", " ", text, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return set(re.findall(r"[^\W\d_]+", text.lower())) - _labels()


def _outputs(lang: str, tmp: Path, capsys) -> str:
    out = []
    for args in (["assess", str(DATA)], ["assess", str(DATA), "--situation", "EX-YOUTH-01", "--without", "mere"],
                 ["compare", str(DATA), "--situation", "EX-YOUTH-01"], ["validate", str(DATA)]):
        assert main([*args, "--lang", lang]) == 0
        captured = capsys.readouterr()
        out += [captured.out, captured.err]
    report, svg = tmp / "r.html", tmp / "m.svg"
    assert main(["report", "situation", str(DATA), "--lang", lang, "-o", str(report)]) == 0
    assert main(["map", str(DATA), "--lang", lang, "-o", str(svg)]) == 0
    out += [report.read_text(encoding="utf-8"), svg.read_text(encoding="utf-8"), capsys.readouterr().out]
    return "\n".join(out)


@pytest.mark.parametrize(("lang", "others"), [("fr", ("en", "nl")), ("nl", ("fr", "en")), ("en", ("fr", "nl"))])
def test_no_word_of_another_language(lang, others, tmp_path, capsys):
    words = _words(_outputs(lang, tmp_path, capsys))
    assert words & WORDS[lang], "the check would pass on an empty output"
    for other in others:
        leaked = (words & WORDS[other]) - WORDS[lang]
        assert not leaked, f"{other} words in the {lang} output: {sorted(leaked)}"
