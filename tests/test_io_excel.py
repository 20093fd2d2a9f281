"""Excel workbooks: JSON → xlsx → JSON gives back equal situations; cells are typed and formula-safe."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from netmap.io import load, save
from netmap.io.canonical import situation_from_dict
from netmap.io.excel import read_xlsx, write_xlsx
from netmap.io.json_files import read_json

DATA = Path(__file__).parent / "data"
EXAMPLES = ["youth-brussels.json", "elderly-namur.json"]


def edge_cases():
    """Hand-built situations covering what the examples do not: nulls, empty lists, several
    assessments (one empty), meetings, funding, requesters, accents and formula-like text."""
    pending = {
        "format": "netmap/1", "id": "-pending.1", "service": "kirikou-cm",
        "person": {"age": None, "gender": None, "region": "namur", "housing": "unknown", "insured": None,
                   "languages": [], "demand": "non_demand", "consent": "pending"},
        "requested": "2024-05-02", "opened": None, "closed": None, "outcome": "pending",
        "assessments": [],
    }
    busy = {
        "format": "netmap/1", "id": "BXL_2024.017", "service": "brusano-cm",
        "person": {"age": 0, "gender": "x", "region": "bruxelles", "housing": "badly_housed", "insured": False,
                   "languages": ["nl", "fr"], "demand": "expressed", "consent": "not_required"},
        "requested": "2024-01-02", "opened": "2024-01-03", "closed": "2024-12-20", "outcome": "closed_stabilised",
        "requesters": [{"type": "person", "sector": None, "organisation": None},
                       {"type": "professional", "sector": "cpas", "organisation": "=CPAS d'Etterbeek"}],
        "assessments": [
            {"date": "2024-09-01", "label": "avant retrait", "actors": [
                {"id": "ami", "label": "@Ami·e d'enfance", "formal": False, "sector": "informal",
                 "tie_to_person": "conflict", "active": False, "exhaustion": 0},
                {"id": "as", "label": "+Assistante sociale", "formal": True, "sector": "cpas",
                 "organisation": "-CPAS", "role": "'=quote kept", "language": "nl", "mandate": "judicial",
                 "case_manager": True, "referent": True, "tie_to_person": "tenuous"}],
             "ties": [{"a": "ami", "b": "as", "kind": "conflict", "strength": "tenuous"},
                      {"a": "as", "b": "ami", "kind": "information"}],
             "needs": [{"id": "n1", "domain": "housing", "severity": 1, "status": "dormant", "covered_by": [],
                        "priority": True, "goal": "=SUM(A1:A9)\nsur deux lignes, « guillemets »"},
                       {"id": "n2", "domain": "rights_admin", "status": "met", "covered_by": ["as", "ami"]}],
             "actions": [{"id": "a1", "what": "\tTabulation d'abord", "owner": None, "status": "dropped"},
                         {"id": "a2", "what": "Voir le CPAS", "owner": "person", "need": "n2", "due": "2024-10-01",
                          "status": "todo"}]},
            {"date": "2024-01-03", "label": None, "actors": [], "ties": [], "needs": [], "actions": []},
            {"date": "2024-04-15", "label": "  espaces autour  ", "actors": [
                {"id": "as", "label": "'", "formal": True, "sector": "cpas"}], "ties": [], "needs": []},
        ],
        "meetings": [{"date": "2024-04-20", "kind": "home_visit", "attendees": ["person", "as"]},
                     {"date": "2024-01-04", "kind": "other", "attendees": []}],
        "funding": [{"date": "2024-02-01", "fund": "Criseflex", "requested_eur": 1234.56, "granted_eur": None,
                     "status": "pending"},
                    {"date": "2024-03-01", "fund": "+fonds", "requested_eur": 0, "granted_eur": 250,
                     "status": "granted"}],
    }
    return [situation_from_dict(pending), situation_from_dict(busy)]


def _workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def examples():
    return [s for name in EXAMPLES for s in read_json(DATA / name)]


@pytest.mark.parametrize("lang", [None, "fr", "en"])
def test_examples_round_trip(tmp_path, lang):
    sits = examples()
    path = write_xlsx(sits, tmp_path / "ex.xlsx", lang=lang)
    assert read_xlsx(path) == sits


@pytest.mark.parametrize("lang", [None, "fr"])
def test_edge_cases_round_trip(tmp_path, lang):
    sits = edge_cases()
    path = write_xlsx(sits, tmp_path / "edge.xlsx", lang=lang)
    assert read_xlsx(path) == sits


def test_load_and_save_dispatch_to_xlsx(tmp_path):
    sits = examples() + edge_cases()
    save(sits, tmp_path / "all.xlsx")
    assert load(tmp_path / "all.xlsx") == sits


def test_convert_command_json_to_xlsx_to_json(tmp_path):
    from netmap.cli import main

    assert main(["convert", str(DATA / "youth-brussels.json"), str(tmp_path / "y.xlsx")]) == 0
    assert main(["convert", str(tmp_path / "y.xlsx"), str(tmp_path / "back")]) == 0
    assert read_json(tmp_path / "back") == read_json(DATA / "youth-brussels.json")


def test_formula_like_text_is_stored_as_quoted_text(tmp_path):
    path = write_xlsx(edge_cases(), tmp_path / "edge.xlsx")
    wb = load_workbook(path)  # full mode: shows how Excel will see each cell
    goals = [c.value for c in wb["needs"]["I"][1:]]
    labels = [(c.value, c.data_type) for c in wb["actors"]["D"][1:]]
    roles = [c.value for c in wb["actors"]["H"][1:]]
    what = [c.value for c in wb["actions"]["D"][1:]]
    assert goals[0] == "'=SUM(A1:A9)\nsur deux lignes, « guillemets »"
    # rows in assessment date order: 2024-04-15 (label "'"), then 2024-09-01
    assert labels == [("'", "s"),  # a lone quote is not protective: written as is
                      ("'@Ami·e d'enfance", "s"), ("'+Assistante sociale", "s")]
    assert roles == [None, None, "''=quote kept"]  # a quote before '=' gets one more, removed again on reading
    assert what[0] == "'\tTabulation d'abord"
    # no cell of any sheet is a formula
    assert all(c.data_type != "f" for ws in wb.worksheets for row in ws.iter_rows() for c in row)


def test_cells_are_typed(tmp_path):
    path = write_xlsx(examples(), tmp_path / "ex.xlsx")
    ws = load_workbook(path)["situations"]
    header = [c.value for c in ws[1]]
    row = dict(zip(header, [c.value for c in ws[2]], strict=True))
    assert row["requested"] == dt.datetime(2024, 1, 8)  # a real date cell (openpyxl reads dates as datetime)
    assert row["insured"] is True and row["age"] == 15 and row["languages"] == "fr"
    assert ws.freeze_panes == "A2" and ws["A1"].font.b


def test_reads_what_people_type(tmp_path):
    """French headers in any case, labels for codes, oui/non, dd/mm/yyyy dates, ids typed as numbers."""
    sheets = {
        "Situations": [["SITUATION", "Service", "Date de demande", "date d'ouverture", "issue", "Âge", "Region",
                        "logement", "En ordre de mutuelle", "Langues", "demande", "Consentement"],
                       [101, "kirikou-cm", "08/01/2024", dt.datetime(2024, 1, 22), "En cours", 15.0, "namur",
                        "En famille", "OUI", "fr; nl", "Exprimée", "donné"]],
        "acteurs": [["situation", "id acteur", "libellé", "formel", "secteur", "épuisement", "actif"],
                    [101, 7, "Mère", "non", "Entourage informel", "2", "Vrai"],
                    [101, "ssm", "SSM", "1", "Santé mentale", None, None]],
        "liens": [["situation", "acteur a", "acteur b", "type de lien", "force"],
                  [101, 7, "ssm", "Soutien", "fort"]],
        "besoins": [["situation", "id besoin", "domaine", "sévérité", "couvert par", "prioritaire"],
                    [101, "n1", "Santé mentale", "3", "ssm, 7", "yes"]],
        "actions": [["situation", "id action", "action", "porteur", "statut"]],
        "réunions": [["situation", "date", "type de réunion", "participants"],
                     [101, "2024-02-01 00:00:00", "Concertation", "person;7;ssm"]],
        "financements": [["situation", "date", "fonds", "montant demandé (€)", "montant accordé (€)", "statut"],
                         [101, "2024-02-02", "Criseflex", "1 200,50 €", None, "En attente"]],
        "notes": [["anything", "is ignored"]],
    }
    (s,) = read_xlsx(_workbook(tmp_path / "typed.xlsx", sheets))
    assert s.id == "101" and s.outcome == "open" and str(s.requested) == "2024-01-08"
    assert s.person.age == 15 and s.person.insured is True and s.person.languages == ("fr", "nl")
    assert (s.person.housing, s.person.demand, s.person.consent) == ("with_family", "expressed", "given")
    (a,) = s.assessments
    assert str(a.date) == "2024-01-22"  # blank assessment: dated `opened`
    mother = a.actor("7")
    assert (mother.formal, mother.sector, mother.exhaustion, mother.active) == (False, "informal", 2, True)
    assert a.actor("ssm").formal is True and a.actor("ssm").sector == "mental_health"
    assert (a.ties[0].kind, a.ties[0].strength) == ("support", "strong")
    assert a.needs[0].covered_by == ("ssm", "7") and a.needs[0].severity == 3 and a.needs[0].priority
    assert s.meetings[0].attendees == ("person", "7", "ssm") and str(s.meetings[0].date) == "2024-02-01"
    assert s.funding[0].requested_eur == 1200.5 and s.funding[0].granted_eur is None


def test_blank_assessment_of_an_unopened_situation_is_dated_requested(tmp_path):
    sheets = {
        "situations": [["situation", "service", "requested", "outcome", "region", "housing", "demand", "consent"],
                       ["R1", "brusano-cm", "2024-03-01", "refused_saturation", "bruxelles", "homeless",
                        "expressed", "given"]],
        "actors": [["situation", "id", "label", "formal", "sector"], ["R1", "gp", "GP", True, "primary_care"]],
        "ties": [["situation", "a", "b", "kind"]], "needs": [["situation", "id", "domain"]],
        "actions": [["situation", "id", "what", "status"]], "meetings": [["situation", "date", "kind"]],
        "funding": [["situation", "date", "fund", "requested_eur", "status"]],
    }
    (s,) = read_xlsx(_workbook(tmp_path / "r.xlsx", sheets))
    assert [str(a.date) for a in s.assessments] == ["2024-03-01"]


# -- property: any valid situation survives both table formats ------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from netmap.io.csv_folder import read_csv_folder, write_csv_folder  # noqa: E402
from netmap.taxonomy import default_taxonomy  # noqa: E402

_TAX = default_taxonomy()
_IDS = st.from_regex(r"[A-Za-z0-9._-]{1,6}", fullmatch=True).filter(lambda s: s != "person")
# any printable text (control characters other than tab/newline cannot be held by a workbook's XML)
_TEXT = st.text(st.characters(exclude_categories=("Cs", "Cc", "Cn")) | st.sampled_from("\t\n\r='+-@;,\""),
                min_size=1, max_size=8).filter(lambda t: t.strip())
_DAY = st.integers(0, 400)


def _date(base: dt.date, days: int) -> str:
    return (base + dt.timedelta(days=days)).isoformat()


@st.composite
def _situations(draw):
    base = dt.date(2023, 1, 1)
    requested = draw(_DAY)
    opened = requested + draw(st.integers(0, 30))
    actor_ids = draw(st.lists(_IDS, unique=True, max_size=4))
    pro_sectors = [c for c in _TAX.sectors if c != "informal"]
    assessments = []
    for day in draw(st.lists(st.integers(0, 200), unique=True, min_size=1, max_size=3)):
        actors = []
        for aid in actor_ids:
            formal = draw(st.booleans())
            actors.append({
                "id": aid, "label": draw(_TEXT), "formal": formal,
                "sector": draw(st.sampled_from(pro_sectors)) if formal else "informal",
                "organisation": draw(st.none() | _TEXT), "role": draw(st.none() | _TEXT),
                "language": draw(st.none() | st.sampled_from(["fr", "nl", "en"])),
                "exhaustion": draw(st.none() | st.integers(0, 3)),
                "mandate": draw(st.none() | st.sampled_from(["voluntary", "constrained", "judicial"])),
                "case_manager": draw(st.booleans()), "referent": draw(st.booleans()),
                "tie_to_person": draw(st.sampled_from(["strong", "normal", "tenuous", "conflict"])),
                "active": draw(st.booleans())})
        pairs = [(a, b) for i, a in enumerate(actor_ids) for b in actor_ids[i + 1:]]
        ties = [{"a": a, "b": b, "kind": k, "strength": draw(st.sampled_from(["strong", "normal", "tenuous"]))}
                for (a, b) in draw(st.lists(st.sampled_from(pairs), unique=True, max_size=3)) if pairs
                for k in draw(st.lists(st.sampled_from(["coordination", "support", "information", "conflict"]),
                                       unique=True, min_size=1, max_size=2))] if pairs else []
        need_ids = draw(st.lists(_IDS, unique=True, max_size=3))
        needs = [{"id": n, "domain": draw(st.sampled_from(list(_TAX.domains))), "severity": draw(st.integers(1, 3)),
                  "status": draw(st.sampled_from(["active", "met", "dormant"])),
                  "covered_by": draw(st.lists(st.sampled_from(actor_ids), unique=True)) if actor_ids else [],
                  "priority": draw(st.booleans()), "goal": draw(st.none() | _TEXT)} for n in need_ids]
        owners = st.sampled_from([*actor_ids, "person"]) | st.none()
        actions = [{"id": x, "what": draw(_TEXT), "owner": draw(owners),
                    "need": draw(st.sampled_from(need_ids) | st.none()) if need_ids else None,
                    "due": draw(st.none() | _DAY.map(lambda d: _date(base, d))),
                    "status": draw(st.sampled_from(["todo", "done", "dropped"]))}
                   for x in draw(st.lists(_IDS, unique=True, max_size=2))]
        assessments.append({"date": _date(base, opened + day), "label": draw(st.none() | _TEXT), "actors": actors,
                            "ties": ties, "needs": needs, "actions": actions})
    # amounts in cents: a workbook keeps 15 significant digits (Excel's precision), not a float's 17
    money = st.integers(0, 10**8).map(lambda cents: cents / 100) | st.integers(0, 10**6)
    obj = {
        "format": "netmap/1", "id": draw(_IDS), "service": draw(st.sampled_from(["bru-stars-cm", "kirikou-cm", "brusano-cm"])),
        "person": {"age": draw(st.none() | st.integers(0, 120)), "gender": draw(st.none() | _TEXT),
                   "region": draw(st.sampled_from(["bruxelles", "namur", "liege"])),
                   "housing": draw(st.sampled_from(["own_home", "homeless", "unknown"])),
                   "insured": draw(st.none() | st.booleans()),
                   "languages": draw(st.lists(st.sampled_from(["fr", "nl", "de"]), unique=True)),
                   "demand": "expressed", "consent": draw(st.sampled_from(["given", "not_required"]))},
        "requested": _date(base, requested), "opened": _date(base, opened), "closed": None, "outcome": "open",
        "requesters": [{"type": draw(st.sampled_from(["professional", "person", "relative"])),
                        "sector": draw(st.none() | st.sampled_from(pro_sectors)),
                        "organisation": draw(st.none() | _TEXT)} for _ in range(draw(st.integers(0, 2)))],
        "assessments": assessments,
        "meetings": [{"date": _date(base, opened + draw(st.integers(0, 300))),
                      "kind": draw(st.sampled_from(["concertation", "pre_concertation", "home_visit", "other"])),
                      "attendees": draw(st.lists(st.sampled_from([*actor_ids, "person"]), unique=True))}
                     for _ in range(draw(st.integers(0, 2)))],
        "funding": [{"date": _date(base, draw(_DAY)), "fund": draw(_TEXT), "requested_eur": draw(money),
                     "granted_eur": draw(st.none() | money),
                     "status": draw(st.sampled_from(["pending", "granted", "refused", "redirected"]))}
                    for _ in range(draw(st.integers(0, 2)))],
    }
    return situation_from_dict(obj)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(st.lists(_situations(), min_size=1, max_size=3, unique_by=lambda s: s.id))
def test_any_valid_dataset_round_trips_through_xlsx_and_csv(tmp_path, sits):
    assert read_xlsx(write_xlsx(sits, tmp_path / "p.xlsx")) == sits
    write_csv_folder(sits, tmp_path / "p", delimiter=";")
    assert read_csv_folder(tmp_path / "p") == sits


def test_control_character_is_refused_with_its_row_and_nothing_written(tmp_path):
    from dataclasses import replace

    from netmap.errors import UsageError

    (s,) = read_json(DATA / "elderly-namur.json")
    a = s.assessments[0]
    bell = replace(a.actors[1], label="bell\x07")  # the second actor: row 3 of the sheet actors
    s = replace(s, assessments=(replace(a, actors=(a.actors[0], bell, *a.actors[2:])), *s.assessments[1:]))
    with pytest.raises(UsageError, match=r"^sheet actors, row 3: a text holds a control character"):
        write_xlsx([s], tmp_path / "x.xlsx")
    assert list(tmp_path.iterdir()) == []  # no workbook, no temporary file left behind
