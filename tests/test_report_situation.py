"""The concertation report: contents worked out by hand from the youth example, escaping, self-containment."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

from viz_situations import HOSTILE, hostile, tags_and_attributes, youth

from netmap.cli import main
from netmap.report.situation import report_context, situation_report_html

JAN, JUN = dt.date(2024, 1, 22), dt.date(2024, 6, 10)


def _visible_text(html: str) -> str:
    parts: list[str] = []

    class Text(HTMLParser):
        skip = 0

        def handle_starttag(self, tag, attrs):
            self.skip += tag in ("script", "style")

        def handle_endtag(self, tag):
            self.skip -= tag in ("script", "style")

        def handle_data(self, data):
            if not self.skip:
                parts.append(data)

    Text().feed(html)
    return " ".join(" ".join(parts).split())


def test_january_blocking_failures_worked_out_by_hand():
    ctx = report_context(youth(), JAN)
    # n4 uncovered; Mère exhausted (3) and sole provider of n5 (the CM does not count); without the CM the
    # providers split into {pedopsy, pms, ecole} and {saj, mere}; action p1 is owned by the CM; consent given.
    # "What blocks" names what fails, never the text of the criterion that would pass.
    assert ctx["blocks"] == [
        "Un besoin n'est couvert par personne : « Occupation du temps »",
        "Un intervenant épuisé est seul à couvrir un besoin : Mère (« Relations familiales »)",
        "Sans le case manager, les intervenants forment 2 groupes qui ne se parlent pas : "
        "CPMS, Pédopsychiatre, École (enseignement spécialisé) ; Mère, SAJ",
        "Une action à faire n'a pas de porteur qui peut agir ou pas d'échéance : 1 confiée au case manager",
    ]
    assert ctx["checklist"][4]["text"] == "La personne a donné son accord (ou il n'est pas requis)"  # passes: what it asks
    assert [c["result"] for c in ctx["checklist"]] == ["fail", "fail", "fail", "fail", "pass",
                                                       "fail", "fail", "fail", "pass"]
    assert [c["blocking"] for c in ctx["checklist"]] == [True] * 5 + [False] * 4
    assert ctx["summary"]["score"] == "2/9" and ctx["summary"]["coverage"] == "80 %"
    assert ctx["change"] is None  # first assessment


def test_january_coverage_table():
    rows = {r["need"]: r for r in report_context(youth(), JAN)["coverage"]}
    assert rows["Occupation du temps"]["backup"] == "non couvert" and rows["Occupation du temps"]["providers"] == []
    assert rows["Santé mentale"]["backup"] == "un seul intervenant : pas de relais" and rows["Santé mentale"]["priority"]
    fam = rows["Relations familiales"]
    assert [p["label"] for p in fam["providers"]] == ["Mère"]  # the CM is shown apart
    assert fam["cm"] == "aussi (ne compte pas)" and fam["providers"][0]["exhaustion"] == "Épuisé·e / risque de décrochage"
    assert fam["backup"] == "un seul intervenant : pas de relais · entourage seulement"
    assert rows["Scolarité"]["backup"] == "2 intervenants"


def test_june_plan_overdue_against_today_and_change_since_january():
    ctx = report_context(youth(), JUN, today=dt.date(2024, 8, 1))
    plan = {a["what"]: a for a in ctx["plan"]}
    # p3 due 1 July, still to do: overdue on 1 August; p2 due 15 September: open, not overdue; p1 done
    assert plan["Soutien à la mère (groupe d'aidants)"]["late"]
    assert not plan["Point trimestriel école–pédopsychiatre"]["late"] and plan["Point trimestriel école–pédopsychiatre"]["open"]
    assert plan["Chercher une activité extrascolaire adaptée"]["status"] == "fait"
    assert ctx["plan_note"] == "Actions ouvertes : 2, dont en retard au 01/08/2024 : 1."
    assert ctx["blocks"] == []
    # by default the plan is judged on the assessment's own date: nothing overdue on 10 June
    assert report_context(youth(), JUN)["plan_note"].endswith("au 10/06/2024 : 0.")
    change = dict(ctx["change"]["lists"])
    assert change["Nouveaux intervenants"] == ["Maison de jeunes", "Thérapeute familiale (SSM)"]
    assert change["Besoins désormais couverts"] == ["Occupation du temps"]
    assert change["Épuisement modifié"] == ["Mère : Épuisé·e / risque de décrochage → Tension marquée"]
    side = {name: (a, b) for name, a, b in ctx["change"]["side"]}
    assert side["Besoins couverts"] == ("80 %", "100 %") and side["Retrait possible"] == ("non", "oui")


def test_report_page_shows_findings_in_the_language_chosen():
    sit = youth()
    html = situation_report_html(sit, JAN)
    text = _visible_text(html)
    from netmap.measures import evaluate

    for flag in evaluate(sit, JAN)["flags"]:
        assert " ".join(flag["fr"].split()) in text
    assert "Rapport de concertation — EX-YOUTH-01" in text and "Priorité haute" in text
    en = _visible_text(situation_report_html(sit, JAN, lang="en"))
    assert "Concertation report — EX-YOUTH-01" in en and "What blocks withdrawal" in en
    assert "Constats" not in en and "Besoins" not in en
    for flag in evaluate(sit, JAN)["flags"]:
        assert " ".join(flag["en"].split()) in en


def test_report_is_self_contained_and_escapes_every_user_text():
    html = situation_report_html(hostile(), JUN, today=dt.date(2024, 8, 1))
    assert html == situation_report_html(hostile(), JUN, today=dt.date(2024, 8, 1))
    for bad in HOSTILE[:3]:
        assert bad not in html
    assert "<b id=injected>" not in html
    tags, attrs = tags_and_attributes(html)
    assert not attrs & {"src", "href", "action", "onerror", "onload"}
    assert not tags & {"img", "link", "iframe", "object", "embed", "svg"}
    assert "Plotly.newPlot" in html and "default-src 'none'" in html
    assert "@page" in html and "A4" in html
    text = _visible_text(html)
    assert HOSTILE[0] in text  # shown as text


def test_cli_report_situation(tmp_path, capsys):
    out = tmp_path / "r.html"
    assert main(["report", "situation", "tests/data/youth-brussels.json", "--situation", "EX-YOUTH-01",
                 "--at", "2024-06-10", "--today", "2024-08-01", "--lang", "en", "-o", str(out)]) == 0
    text = _visible_text(out.read_text(encoding="utf-8"))
    assert "Open actions: 2, overdue on 01/08/2024: 1." in text
    assert main(["report", "situation", "tests/data/youth-brussels.json", "-o", str(tmp_path / "r.pdf")]) == 2
    assert main(["report", "situation", "tests/data/youth-brussels.json", "--situation", "NOPE-1",
                 "-o", str(tmp_path / "r.html")]) == 2
    captured = capsys.readouterr()
    assert "NOPE-1" not in captured.err  # ids typed by users are not echoed
    assert re.search(r"^report written to .*r\.html$", captured.out, re.M)
