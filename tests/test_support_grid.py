"""Format revision 2: the optional actor fields support, reciprocity and contact, through every format."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from netmap.errors import ValidationError
from netmap.io import load, save
from netmap.io.canonical import situation_from_dict, situation_to_dict
from netmap.io.csv_folder import read_csv_folder, write_csv_folder
from netmap.io.excel import read_xlsx, write_xlsx
from netmap.io.template import template_lists, write_template
from netmap.report.situation import situation_report_html
from netmap.store import open_store
from netmap.taxonomy import default_taxonomy
from netmap.viz.scene import ecomap_scene

DATA = Path(__file__).parent / "data"


def _with_grid():
    d = json.loads((DATA / "youth-brussels.json").read_text(encoding="utf-8"))
    actors = d["assessments"][-1]["actors"]
    actors[1].update(support=["concrete", "emotional"], reciprocity="both_ways", contact="daily")
    actors[2].update(contact="rarely")
    return d, situation_from_dict(d)


def test_json_reads_and_writes_the_three_fields_only_when_set():
    d, s = _with_grid()
    mere = s.assessments[-1].actors[1]
    assert (mere.support, mere.reciprocity, mere.contact) == (("concrete", "emotional"), "both_ways", "daily")
    out = situation_to_dict(s)["assessments"][-1]["actors"]
    assert out[1]["support"] == ["concrete", "emotional"] and out[2]["contact"] == "rarely" and "support" not in out[2]
    assert "support" not in out[0] and "contact" not in out[0]  # a revision-1 actor is written as it was
    # a revision-1 file round-trips to the same dict
    plain = json.loads((DATA / "youth-brussels.json").read_text(encoding="utf-8"))
    assert situation_to_dict(situation_from_dict(plain)) == situation_to_dict(load(DATA / "youth-brussels.json")[0])


@pytest.mark.parametrize("bad, pointer", [
    ({"support": ["moral"]}, "/assessments/1/actors/1/support/0"),
    ({"support": ["concrete", "concrete"]}, "/assessments/1/actors/1/support/1"),
    ({"support": "concrete"}, "/assessments/1/actors/1/support"),
    ({"reciprocity": "sometimes"}, "/assessments/1/actors/1/reciprocity"),
    ({"contact": "yearly"}, "/assessments/1/actors/1/contact"),
])
def test_bad_values_are_refused_at_their_pointer(bad, pointer):
    d = json.loads((DATA / "youth-brussels.json").read_text(encoding="utf-8"))
    d["assessments"][1]["actors"][1].update(bad)
    with pytest.raises(ValidationError) as err:
        situation_from_dict(d)
    assert [p.place for p in err.value.problems] == [pointer]


def test_workbook_csv_and_store_keep_them(tmp_path):
    _, s = _with_grid()
    write_xlsx([s], tmp_path / "s.xlsx", lang="fr")
    assert read_xlsx(tmp_path / "s.xlsx") == [s]
    write_csv_folder([s], tmp_path / "csv")
    assert read_csv_folder(tmp_path / "csv") == [s]
    with open_store(f"sqlite:///{tmp_path / 'st.sqlite3'}") as store:
        store.import_situations([s])
        assert store.load_all() == [s]
    save([s], tmp_path / "s.json")
    assert load(tmp_path / "s.json") == [s]


def test_workbook_cells_take_labels_in_any_language_and_the_template_offers_combinations(tmp_path):
    _, s = _with_grid()
    lists = template_lists("fr", default_taxonomy())
    # 3 kinds of support: 7 non-empty combinations, singles first
    assert lists["support"][:3] == ["Concret", "Émotionnel", "Informatif"] and len(lists["support"]) == 7
    assert "Concret; Émotionnel; Informatif" in lists["support"]
    assert lists["contact"] == ["Quotidien", "Hebdomadaire", "Mensuel", "Rarement"]
    # the pre-filled template writes labels ("Concret; Émotionnel") and reads them back as codes
    write_template(tmp_path / "t.xlsx", lang="fr", situations=[s])
    assert read_xlsx(tmp_path / "t.xlsx") == [s]


def test_map_details_and_report_show_them_and_no_measure_reads_them():
    _, s = _with_grid()
    scene = ecomap_scene(s, s.assessments[-1].date, lang="fr")
    hover = next(n.hover for n in scene.nodes if n.key == "mere")
    assert "Soutien apporté : concret, émotionnel" in hover
    assert "Réciprocité : Dans les deux sens" in hover and "Contact : quotidien" in hover
    html = situation_report_html(s, lang="en")
    assert "Support grid" in html and "Concrete, Emotional" in html and "Rarely" in html
    assert "Support grid" not in situation_report_html(load(DATA / "youth-brussels.json")[0], lang="en")
    from netmap.measures import evaluate
    plain = load(DATA / "youth-brussels.json")[0]
    assert evaluate(s) == evaluate(plain)


def test_actor_defaults_are_empty():
    f = {x.name: x.default for x in dataclasses.fields(load(DATA / "youth-brussels.json")[0].assessments[0].actors[0])}
    assert (f["support"], f["reciprocity"], f["contact"]) == ((), None, None)
