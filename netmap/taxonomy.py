"""Need domains, sectors, exhaustion levels and the service directory, shipped inside the package.

The files are in ``netmap/data/taxonomy`` and found with ``importlib.resources``, so an
installed wheel has them; ``NETMAP_DATA`` names another folder holding ``taxonomy/`` and
``demo/``.

The codes are stable keys; labels (fr, nl, en) are for display. A user file may add
domains, sectors and services (or set a directory service's capacity) but never
change what a default domain or sector code means.

Examples
--------
>>> tax = default_taxonomy()
>>> tax.domains["housing"].primary_sector
'housing'
>>> tax.sector_label("cpas", "nl")
'OCMW'
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .errors import TaxonomyError

__all__ = [
    "DATA_DIR",
    "LANGS",
    "Domain",
    "Sector",
    "Service",
    "Taxonomy",
    "default_taxonomy",
    "load_taxonomy",
]

# a wheel is installed unpacked, so the package's data folder is a real directory (pyvis and
# Dash need real files too); NETMAP_DATA replaces it as a whole
DATA_DIR = Path(os.environ.get("NETMAP_DATA") or str(resources.files("netmap").joinpath("data")))
LANGS = ("fr", "nl", "en")
_CONDITION_KEYS = {"age_min", "age_max", "regions", "housing", "demand", "needs_any", "network_exhausted", "any_of"}


@dataclass(frozen=True, slots=True)
class Domain:
    code: str
    labels: Mapping[str, str]
    primary_sector: str
    secondary_sectors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Sector:
    code: str
    labels: Mapping[str, str]
    examples: str = ""


@dataclass(frozen=True, slots=True)
class Service:
    """A service of the directory: its criteria are a conjunction of conditions."""

    id: str
    name: str
    criteria: Mapping[str, Any]
    region: str | None = None
    capacity: int | None = None
    notes: str = ""


@dataclass(frozen=True)
class Taxonomy:
    domains: Mapping[str, Domain]
    sectors: Mapping[str, Sector]
    exhaustion_levels: Mapping[int, Mapping[str, str]]
    exhaustion_not_assessed: Mapping[str, str]
    services: Mapping[str, Service]
    exhausted_from: int = 2
    sources: tuple[str, ...] = field(default=())
    regions: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    @property
    def at_risk_level(self) -> int:
        """The top of the exhaustion scale ("at risk of dropping out"): the highest level the scale defines."""
        return max(self.exhaustion_levels) if self.exhaustion_levels else 3

    def domain_label(self, code: str, lang: str = "fr") -> str:
        d = self.domains.get(code)
        return _label(d.labels, lang) if d else code

    def sector_label(self, code: str, lang: str = "fr") -> str:
        s = self.sectors.get(code)
        return _label(s.labels, lang) if s else code

    def exhaustion_label(self, level: int | None, lang: str = "fr") -> str:
        if level is None:
            return _label(self.exhaustion_not_assessed, lang)
        labels = self.exhaustion_levels.get(level)
        return _label(labels, lang) if labels else str(level)

    def region_label(self, code: str | None, lang: str = "fr") -> str:
        """The display name of a region code (``liege`` → ``Liège``); unknown codes are tidied, not invented."""
        if not code:
            return "—"
        labels = self.regions.get(code)
        if labels:
            return _label(labels, lang)
        return code.replace("_", " ").replace("-", " - ").capitalize()

    def service_name(self, service_id: str) -> str:
        """The directory's name of a service, or its id when the directory does not list it."""
        s = self.services.get(service_id)
        return s.name if s else service_id

    def capacity(self, service_id: str) -> int | None:
        s = self.services.get(service_id)
        return s.capacity if s else None


def _label(labels: Mapping[str, str], lang: str) -> str:
    return labels.get(lang) or labels.get("fr") or next(iter(labels.values()), "")


def _read(path: Path) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        raise TaxonomyError(f"{path}: file not found") from None
    except json.JSONDecodeError as exc:
        raise TaxonomyError(f"{path}: line {exc.lineno}, column {exc.colno}: expected valid JSON") from None
    if not isinstance(data, dict):
        raise TaxonomyError(f"{path}: expected a JSON object at the top level")
    return data


def _labels(obj: Any, where: str) -> Mapping[str, str]:
    if not isinstance(obj, dict) or not all(isinstance(obj.get(k), str) and obj.get(k) for k in LANGS):
        raise TaxonomyError(f"{where}/labels: expected an object with non-empty fr, nl and en labels")
    return MappingProxyType(dict(obj))


def _add_domains(target: dict[str, Domain], items: Any, src: str, *, redefine: bool) -> None:
    if not isinstance(items, list):
        raise TaxonomyError(f"{src}: /domains: expected a list")
    for i, item in enumerate(items):
        where = f"{src}: /domains/{i}"
        if not isinstance(item, dict) or not isinstance(item.get("code"), str):
            raise TaxonomyError(f"{where}: expected an object with a string code")
        code = item["code"]
        if code in target and not redefine:
            raise TaxonomyError(f"{where}/code: default domain codes cannot be redefined; expected a new code")
        sec = item.get("secondary_sectors", [])
        if not isinstance(item.get("primary_sector"), str) or not isinstance(sec, list):
            raise TaxonomyError(f"{where}: expected primary_sector (a sector code) and secondary_sectors (a list)")
        target[code] = Domain(code, _labels(item.get("labels"), where), item["primary_sector"], tuple(sec))


def _add_sectors(target: dict[str, Sector], items: Any, src: str, *, redefine: bool) -> None:
    if not isinstance(items, list):
        raise TaxonomyError(f"{src}: /sectors: expected a list")
    for i, item in enumerate(items):
        where = f"{src}: /sectors/{i}"
        if not isinstance(item, dict) or not isinstance(item.get("code"), str):
            raise TaxonomyError(f"{where}: expected an object with a string code")
        if item["code"] in target and not redefine:
            raise TaxonomyError(f"{where}/code: default sector codes cannot be redefined; expected a new code")
        target[item["code"]] = Sector(item["code"], _labels(item.get("labels"), where), str(item.get("examples", "")))


def _add_services(target: dict[str, Service], items: Any, src: str) -> None:
    if not isinstance(items, list):
        raise TaxonomyError(f"{src}: /services: expected a list")
    for i, item in enumerate(items):
        where = f"{src}: /services/{i}"
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise TaxonomyError(f"{where}: expected an object with a string id")
        crit = item.get("criteria", {})
        if not isinstance(crit, dict) or set(crit) - _CONDITION_KEYS:
            raise TaxonomyError(f"{where}/criteria: expected an object with keys among {sorted(_CONDITION_KEYS)}")
        cap = item.get("capacity")
        if cap is not None and (not isinstance(cap, int) or isinstance(cap, bool) or cap < 0):
            raise TaxonomyError(f"{where}/capacity: expected a whole number >= 0 or null")
        target[item["id"]] = Service(
            id=item["id"],
            name=str(item.get("name", item["id"])),
            criteria=MappingProxyType(dict(crit)),
            region=item.get("region"),
            capacity=cap,
            notes=str(item.get("notes", "")),
        )


def load_taxonomy(extra: str | Path | None = None, data_dir: str | Path | None = None) -> Taxonomy:
    """Load the default taxonomies from ``data_dir`` (default ``DATA_DIR/taxonomy``), extended by ``extra``.

    ``extra`` is a JSON object with any of ``domains``, ``sectors``, ``services`` in the
    shape of the default files. New codes are added; a service with an existing id
    replaces the default entry (e.g. to set its capacity).
    """
    base = Path(data_dir) if data_dir else DATA_DIR / "taxonomy"
    domains: dict[str, Domain] = {}
    sectors: dict[str, Sector] = {}
    services: dict[str, Service] = {}
    _add_domains(domains, _read(base / "domains.json").get("domains"), str(base / "domains.json"), redefine=False)
    _add_sectors(sectors, _read(base / "sectors.json").get("sectors"), str(base / "sectors.json"), redefine=False)
    _add_services(services, _read(base / "services.json").get("services"), str(base / "services.json"))
    exh = _read(base / "exhaustion.json")
    regions_file = base / "regions.json"
    regions = (
        {r["code"]: MappingProxyType(dict(r["labels"])) for r in _read(regions_file).get("regions", [])}
        if regions_file.exists()
        else {}
    )
    levels = {int(x["level"]): MappingProxyType(dict(x["labels"])) for x in exh["levels"]}
    sources = [str(base)]
    if extra:
        user = _read(Path(extra))
        src = str(extra)
        unknown = set(user) - {"version", "domains", "sectors", "services"}
        if unknown:
            raise TaxonomyError(f"{src}: expected only the keys domains, sectors, services")
        if "sectors" in user:
            _add_sectors(sectors, user["sectors"], src, redefine=False)
        if "domains" in user:
            _add_domains(domains, user["domains"], src, redefine=False)
        if "services" in user:
            _add_services(services, user["services"], src)
        sources.append(src)
    for d in domains.values():
        for s in (d.primary_sector, *d.secondary_sectors):
            if s not in sectors:
                raise TaxonomyError(f"domain {d.code}: sector code {s} is not in the sector taxonomy")
    return Taxonomy(
        domains=MappingProxyType(domains),
        sectors=MappingProxyType(sectors),
        exhaustion_levels=MappingProxyType(levels),
        exhaustion_not_assessed=MappingProxyType(dict(exh["not_assessed"])),
        services=MappingProxyType(services),
        exhausted_from=int(exh.get("exhausted_from", 2)),
        sources=tuple(sources),
        regions=MappingProxyType(regions),
    )


@lru_cache(maxsize=1)
def default_taxonomy() -> Taxonomy:
    """The taxonomy in force: the shipped one (or ``NETMAP_DATA``'s), extended by the file named in ``NETMAP_TAXONOMY``."""
    return load_taxonomy(os.environ.get("NETMAP_TAXONOMY") or None)
