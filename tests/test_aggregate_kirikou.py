"""Tried as a new user would: rebuild the 2019 yearly report table of kirikou-cm (capacity 14).

tests/data/yearly/ holds 27 situations entered as the service would enter them (one JSON
file each; README.md there lists their dates). Every expected number below was worked
out by hand from that list, not from the code.
"""

from __future__ import annotations

import json
from pathlib import Path

from netmap.cli import main
from netmap.io import load

DATA = Path(__file__).parent / "data" / "yearly"
YEAR = ["--from", "2019-01-01", "--to", "2019-12-31", "--service", "kirikou-cm"]


def run_json(capsys, table: str, *extra: str) -> list[dict]:
    assert main(["aggregate", "--codes", table, str(DATA), *YEAR, "--format", "json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def test_cohort_as_the_service_counts_it(capsys):
    rows = run_json(capsys, "cohort", "--k", "0")
    got = {(r["opened"], r["closed"]): (r["situations"], r["funding_requests"], r["granted_eur"]) for r in rows}
    assert got == {
        # K01-K06 opened 2018, closed 2019; Criseflex 2019: K03 400 granted, K05 500 granted of 600
        # (K06's request of 2018-12-01 is outside the year)
        ("2018", "2019"): (6, 2, 900.0),
        ("2018", "in_progress"): (3, 0, 0.0),  # K07-K09
        # K10-K14, K25-K27; requests K10 refused, K12 800 granted, K13 250 granted, K25 redirected
        ("2019", "2019"): (8, 4, 1050.0),
        ("2019", "in_progress"): (4, 1, 0.0),  # K15-K18; K15's request pending
        ("not_opened", "not_opened"): (5, 0, 0.0),  # K19-K21 saturation, K22 criteria, K24 pending
    }
    # K23 (opened 2017, closed June 2018) is not in 2019
    assert sum(r["situations"] for r in rows) == 26


def test_caseload_against_capacity_14(capsys):
    rows = run_json(capsys, "caseload", "--k", "0")
    assert [r["month"] for r in rows] == [f"2019-{m:02d}" for m in range(1, 13)]
    # active = opened <= month end and not closed before month start, listed by hand in README.md
    assert [r["active"] for r in rows] == [10, 12, 13, 14, 15, 14, 13, 11, 11, 10, 10, 9]
    assert [r["requests"] for r in rows] == [1, 2, 4, 2, 2, 1, 0, 1, 1, 1, 1, 1]
    assert [r["opened"] for r in rows] == [1, 2, 2, 2, 1, 0, 1, 0, 1, 1, 1, 0]
    assert [r["closed"] for r in rows] == [0, 1, 1, 0, 1, 2, 2, 1, 2, 1, 1, 2]
    assert [r["refused_saturation"] for r in rows] == [0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
    assert [r["refused_criteria"] for r in rows] == [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]
    assert {r["capacity"] for r in rows} == {14}
    assert [r["month"] for r in rows if r["saturated"]] == ["2019-04", "2019-05", "2019-06"]
    assert all(set(r) == {"service", "month", "active", "requests", "opened", "closed", "refused_saturation",
                          "refused_criteria", "capacity", "saturated"} for r in rows)


def test_concertations_and_attendance(capsys):
    rows = run_json(capsys, "meetings", "--k", "0")
    total = rows[-1]
    # 24 concertations + 1 home visit (K07, July); 21 distinct situations (K05, K06, K07 twice)
    assert total["month"] == "total"
    assert (total["situations"], total["meetings"]) == (21, 25)
    # attendees: 103 in the 24 concertations + 2 at the home visit = 105 / 25 = 4.2
    assert total["attendees_mean"] == 4.2
    # person absent at 6 concertations: 19 of 25 meetings
    assert total["person_present_share"] == 0.76
    jan = rows[0]
    assert (jan["month"], jan["situations"], jan["meetings"], jan["attendees_mean"]) == ("2019-01", 2, 2, 4.5)


def test_emergency_fund(capsys):
    rows = run_json(capsys, "funding", "--k", "0")
    assert rows == [{"fund": "Criseflex", "requests": 7, "granted": 4, "refused": 1, "redirected": 1, "pending": 1,
                     "requested_eur": 3200.0, "granted_eur": 1950.0}]


COUNTS = {"cohort": ("situations",), "caseload": ("active", "requests", "opened", "closed", "refused_saturation",
                                                 "refused_criteria"),
          "meetings": ("situations",), "needs": ("situations", "uncovered_first", "uncovered_latest",
                                                 "informal_only_latest"),
          "sectors": ("present", "missing"), "partners": ("situations",), "fragility": ("situations",),
          "intersectoral": ("situations",), "greyzones": ("situations",), "key_figures": (
              "situations", "in_progress", "requests", "refused_saturation", "with_exhausted_actor",
              "with_uncovered_need", "ready")}


def test_published_with_k5_against_the_exact_figures(capsys):
    """Every published count of the 2019 tables is its exact (k = 0) value moved by at most 2, shown "<5"
    only when that value is below 7, and never a number from 1 to 4; exact small counts (1, 2) always hidden."""
    hidden_somewhere = 0
    for table, cols in COUNTS.items():
        exact, pub = run_json(capsys, table, "--k", "0"), run_json(capsys, table)
        assert len(exact) == len(pub), table
        for e, p in zip(exact, pub, strict=True):
            for col in cols:
                if p[col] == "<5":
                    assert 1 <= e[col] <= 6, (table, col, e[col])
                    hidden_somewhere += 1
                else:
                    assert isinstance(p[col], int) and abs(p[col] - e[col]) <= 2, (table, col, e[col], p[col])
                    assert p[col] == 0 or p[col] >= 5, (table, col, p[col])
                    assert (p[col] == 0) == (e[col] == 0)
                    assert e[col] == 0 or e[col] > 2, (table, col)  # 1 and 2 can never come out as 5 or more
    assert hidden_somewhere > 10
    # euro sums: rounded to 100, or "x" over fewer than 5 situations (the 900 EUR granted to K03 and K05)
    cohort = run_json(capsys, "cohort")
    assert all(c["granted_eur"] == "x" or c["granted_eur"] % 100 == 0 for c in cohort)
    assert cohort[0]["granted_eur"] == "x"
    fund = run_json(capsys, "funding")[0]
    assert fund["requested_eur"] == 3200 and fund["granted_eur"] == "x"  # granted on 4 situations
    # the mean attendance of a month with fewer than 5 situations in meetings is "x", not "<5"
    meetings = run_json(capsys, "meetings")
    assert all(r["attendees_mean"] == "x" for r in meetings if r["situations"] == "<5")


def test_published_note_on_standard_error(capsys):
    assert main(["aggregate", "--codes", "needs", str(DATA), *YEAR]) == 0
    err = capsys.readouterr().err
    assert "<5" in err and "x" in err and "un total peut différer un peu de la somme de ses lignes" in err
    assert main(["aggregate", "--codes", "needs", str(DATA), *YEAR, "--k", "0"]) == 0
    assert "légèrement modifié" not in capsys.readouterr().err


def test_measured_tables_by_hand(capsys):
    needs = {r["domain"]: r for r in run_json(capsys, "needs", "--k", "0")}
    # 21 opened situations have schooling uncovered at opening; 14 are closed with it covered
    assert needs["schooling"] == {"domain": "schooling", "situations": 21, "uncovered_first": 21,
                                  "uncovered_latest": 7, "informal_only_latest": 0}
    # family relations: informal only unless the SAJ joined before closing (K02 K05 K06 K13 K25 closed with SAJ)
    assert needs["family_relations"]["informal_only_latest"] == 21 - 5
    # mental health: 21 opened + 3 saturation intakes + K22 (uncovered)
    assert (needs["mental_health"]["situations"], needs["mental_health"]["uncovered_latest"]) == (25, 1)
    inter = {(r["sector_a"], r["sector_b"]): (r["ties"], r["situations"])
             for r in run_json(capsys, "intersectoral", "--k", "0")}
    # cm-ecole in 21 assessments + psy-ecole in 14 closing ones
    assert inter[("education", "mental_health")] == (35, 21)
    assert inter[("informal", "mental_health")] == (24, 24)  # mere-psy: 21 + 3 intakes
    partners = run_json(capsys, "partners", "--k", "0")
    # the case manager's own organisation (Kirikou) is not a partner
    assert {(r["sector"], r["organisation"], r["situations"]) for r in partners} == {
        ("mental_health", "SSM La Gerbe", 24), ("youth_family", "SAJ de Namur", 7),
        ("education", "Athénée royal de Namur", 21)}


def test_fragility_at_closure_by_hand():
    """The 14 situations closed in 2019, at their closing assessment (README.md: the network then)."""
    import datetime as dt

    from netmap.aggregate import Filters, aggregate

    sits = [s for s in load(DATA) if s.closed and s.closed.year == 2019]
    assert len(sits) == 14
    f = Filters(date_from=dt.date(2019, 1, 1), date_to=dt.date(2019, 12, 31))
    got = {r.code: r.situations for r in aggregate("fragility", sits, filters=f, k=0).itertuples()}
    # psy ties mere and ecole once the case manager leaves: a cut actor everywhere
    assert got["CUT_ACTOR"] == 14
    # the SAJ is tied only to the case manager: the CM holds those 5 networks
    assert got["CM_HOLDS_NETWORK"] == 5
    # K03 and K12: the exhausted mother is the sole provider of family relations
    assert got["EXHAUSTED_SOLE_PROVIDER"] == 2
    assert (got["level:high"], got["level:medium"], got["level:low"], got["level:none"]) == (7, 7, 0, 0)
    assert got["ready"] == 14 - 5 - 2


def test_greyzones_and_detail(capsys):
    rows = run_json(capsys, "greyzones", "--k", "0")
    # K22 (30, refused on criteria) and K24 (pending, no assessment yet: no recorded need)
    assert rows == [{"age_band": "12-17", "region": "namur", "housing": "with_family", "situations": 1,
                     "of_total": round(1 / 26, 4)},
                    {"age_band": "24-64", "region": "namur", "housing": "badly_housed", "situations": 1,
                     "of_total": round(1 / 26, 4)}]
    detail = {r["situation"]: r["eligible"] for r in run_json(capsys, "greyzones", "--k", "0", "--detail")}
    assert detail["K22"] == [] and detail["K24"] == [] and detail["K19"] == ["kirikou-cm"]
    assert main(["aggregate", "--codes", "greyzones", str(DATA), "--detail"]) == 2
    assert "--k 0" in capsys.readouterr().err


def test_as_of_judges_in_progress(capsys):
    # judged on 30 June 2019, K04 (closed 28 June) is closed but K05 (closed September) is in progress
    rows = run_json(capsys, "cohort", "--k", "0", "--as-of", "2019-06-30")
    got = {(r["opened"], r["closed"]): r["situations"] for r in rows}
    assert got[("2018", "2019")] == 4  # K01-K04
    assert got[("2018", "in_progress")] == 5  # K05-K09
    assert got[("2019", "2019")] == 1  # K10 (closed 14 June)
    assert got[("2019", "in_progress")] == 7  # K11-K14, K25-K27
    assert got[("not_opened", "not_opened")] == 9  # the 5 never opened + K15-K18, opened after 30 June


def test_key_figures_by_hand(capsys):
    """README.md of the data: followed in 2019 = K01-K18 and K25-K27 (K23 closed in 2018); in progress on
    31 December = K07-K09 and K15-K18; requests of 2019 = K10-K22, K24, K25-K27; refused (full) = K19-K21."""
    [row] = run_json(capsys, "key_figures", "--k", "0")
    assert (row["situations"], row["in_progress"], row["requests"], row["refused_saturation"]) == (21, 7, 17, 3)
    levels = {r["code"]: r["situations"] for r in run_json(capsys, "fragility", "--k", "0")
              if r["code"].startswith("level:")}
    assert sum(levels.values()) == 21  # the fragility levels of the followed situations add up
    [pub] = run_json(capsys, "key_figures")
    assert abs(pub["situations"] - 21) <= 2 and abs(pub["requests"] - 17) <= 2
    assert pub["refused_saturation"] in ("<5", 5)
