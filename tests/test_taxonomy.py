"""The taxonomies shipped as data, and their extension by a user file."""

from __future__ import annotations

import json

import pytest

from netmap.errors import TaxonomyError
from netmap.taxonomy import default_taxonomy, load_taxonomy


def test_default_codes_match_taxonomy_md():
    tax = default_taxonomy()
    # 18 need domains and 16 sectors in shared/spec/taxonomy.md
    assert len(tax.domains) == 18
    assert len(tax.sectors) == 16
    assert tax.domains["daily_activities"].primary_sector == "community"
    assert tax.domains["rights_admin"].secondary_sectors == ("social_work", "justice", "migration")
    assert tax.sector_label("housing", "fr") == "Logement & sans-abrisme"
    assert tax.sector_label("housing", "nl") == "Wonen & dakloosheid"
    assert tax.domain_label("basic_adl", "en") == "Basic daily living"
    assert tax.exhaustion_label(None, "fr") == "Non évalué"
    assert tax.capacity("kirikou-cm") == 14
    assert tax.capacity("brusano-cm") is None
    assert set(tax.services) == {"bru-stars-cm", "dune-liaison", "brusano-cm", "mobile-107-precarite", "kirikou-cm"}


def test_every_label_in_three_languages():
    tax = default_taxonomy()
    for table in (tax.domains, tax.sectors):
        for item in table.values():
            assert all(item.labels[lang] for lang in ("fr", "nl", "en"))


def test_user_file_extends(tmp_path):
    extra = {
        "sectors": [{"code": "culture", "labels": {"fr": "Culture", "nl": "Cultuur", "en": "Culture"}}],
        "domains": [{"code": "leisure", "labels": {"fr": "Loisirs", "nl": "Vrije tijd", "en": "Leisure"},
                     "primary_sector": "culture", "secondary_sectors": ["community"]}],
        "services": [{"id": "brusano-cm", "name": "Brusano", "capacity": 60,
                      "criteria": {"age_min": 18, "regions": ["bruxelles"]}}],
    }
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(extra), encoding="utf-8")
    tax = load_taxonomy(path)
    assert tax.domains["leisure"].primary_sector == "culture"
    assert tax.capacity("brusano-cm") == 60
    assert "housing" in tax.domains


def test_user_file_cannot_redefine_a_default_code(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"sectors": [{"code": "cpas", "labels": {"fr": "a", "nl": "b", "en": "c"}}]}))
    with pytest.raises(TaxonomyError, match="cannot be redefined"):
        load_taxonomy(path)


def test_user_file_unknown_sector_in_domain(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"domains": [{"code": "x", "labels": {"fr": "a", "nl": "b", "en": "c"},
                                             "primary_sector": "nowhere", "secondary_sectors": []}]}))
    with pytest.raises(TaxonomyError, match="not in the sector taxonomy"):
        load_taxonomy(path)


def test_region_and_service_names():
    tax = default_taxonomy()
    assert tax.region_label("liege") == "Liège"
    assert tax.region_label("bruxelles", "nl") == "Brussel"
    assert tax.region_label("brabant_wallon") == "Brabant wallon"
    assert tax.region_label("saint_ghislain") == "Saint ghislain"  # unknown: tidied, not invented
    assert tax.region_label(None) == "—"
    assert tax.service_name("kirikou-cm") == "Kirikou — case management (Namur)"
    assert tax.service_name("other-cm") == "other-cm"
