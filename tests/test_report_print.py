"""The concertation report prints on A4: the eco-map on one page, at most 4 pages for a 20-actor situation.

Printed by headless Chromium (`--print-to-pdf`), pages counted with pypdf. Needs Debian's chromium
(installed by .ci/run); skipped otherwise.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from netmap.io.canonical import situation_from_dict
from netmap.report.situation import situation_report_html

pypdf = pytest.importorskip("pypdf")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [pytest.mark.browser, pytest.mark.skipif(CHROMIUM is None, reason="needs chromium")]

SECTORS = ["informal", "primary_care", "mental_health", "social_work", "cpas", "housing", "home_care",
           "youth_family", "education", "justice"]
DOMAINS = ["mental_health", "housing", "finances", "physical_health", "family_relations", "schooling",
           "social_network", "rights_admin"]


def _situation(n_actors: int):
    """A fictional situation whose latest assessment has ``n_actors`` actors, ties, needs and actions."""
    actors = [{"id": "cm", "label": "Case manager", "formal": True, "sector": "mental_health", "case_manager": True}]
    for i in range(1, n_actors):
        sector = SECTORS[i % len(SECTORS)]
        actors.append({"id": f"a{i}", "label": f"Intervenant {i}" if sector != "informal" else f"Proche {i}",
                       "formal": sector != "informal", "sector": sector, "exhaustion": i % 4 if i % 3 == 0 else None})
    ties = [{"a": f"a{i}", "b": f"a{i + 1}", "kind": "coordination"} for i in range(1, n_actors - 1, 2)]
    ties += [{"a": "cm", "b": f"a{i}", "kind": "coordination"} for i in range(1, n_actors, 3)]
    ties.append({"a": "a2", "b": "a5", "kind": "conflict"})
    needs = [{"id": f"n{j}", "domain": d, "covered_by": [f"a{1 + (j * 3) % (n_actors - 1)}"] if j % 4 else []}
             for j, d in enumerate(DOMAINS)]
    actions = [{"id": f"p{j}", "what": "Action fictive", "owner": f"a{j + 1}", "due": "2025-03-01", "status": "todo"}
               for j in range(5)]
    asmt = {"date": "2025-01-15", "label": "concertation 2", "actors": actors, "ties": ties, "needs": needs,
            "actions": actions}
    first = {**asmt, "date": "2024-09-01", "label": "ouverture", "actors": actors[: n_actors // 2],
             "ties": [t for t in ties if all(int(x[1:]) < n_actors // 2 if x != "cm" else True for x in (t["a"], t["b"]))],
             "needs": [{**n, "covered_by": []} for n in needs], "actions": []}
    return situation_from_dict({
        "format": "netmap/1", "id": "PRINT-20", "service": "bru-stars-cm", "requested": "2024-08-20",
        "opened": "2024-09-01", "closed": None, "outcome": "open",
        "person": {"age": 16, "region": "bruxelles", "housing": "with_family", "insured": True, "demand": "expressed",
                   "consent": "given"},
        "assessments": [first, asmt]})


def _print(html: str, tmp: Path) -> Path:
    page, pdf = tmp / "r.html", tmp / "r.pdf"
    page.write_text(html, encoding="utf-8")
    profile = tempfile.mkdtemp(prefix="netmap-print-", dir=tmp)
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={profile}", "--no-pdf-header-footer", "--virtual-time-budget=10000",
                    f"--print-to-pdf={pdf}", page.as_uri()], check=True, capture_output=True, timeout=180)
    return pdf


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_a_20_actor_report_prints_in_at_most_4_pages_with_the_map_on_one(tmp_path, lang):
    sit = _situation(20)
    assert len(sit.assessments[-1].actors) == 20
    reader = pypdf.PdfReader(_print(situation_report_html(sit, lang=lang, today=dt.date(2025, 2, 1)), tmp_path))
    assert len(reader.pages) <= 4
    heading = {"fr": "Carte du réseau", "nl": "Kaart van het netwerk"}[lang]
    texts = [p.extract_text() for p in reader.pages]
    on = [i for i, t in enumerate(texts) if heading in t]
    assert len(on) == 1  # the map's section starts on one page …
    landscape = [i for i, p in enumerate(reader.pages) if p.mediabox.width > p.mediabox.height]
    assert landscape == on  # … the only landscape page: nothing of the map runs onto a next page
    following = texts[on[0] + 1] if on[0] + 1 < len(texts) else ""
    assert "Intervenant 1" not in following.split("\n")[0]
