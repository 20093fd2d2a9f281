"""Aggregates from compact columns: the situations' facts and measure rows as pandas frames, no model objects.

At 10⁵ situations the model objects of every situation take gigabytes and a minute to
build (issue 16: 3.1 GB and 28.5 s for 40,000); the aggregate tables only read a few
columns of each. :class:`CompactData` holds those columns — one row per situation, per
assessment (with its measure row), per meeting and per emergency-fund request — read
from the store's compact tables (:meth:`CompactData.from_store`) or made from situations
in memory (:meth:`CompactData.from_situations`). :func:`compact_raw_table` builds every
table of :data:`netmap.aggregate.TABLES` from them with the same computation as the
situation-based builders, so the outputs are identical (tests compare both paths), the
situation ids behind each cell included (cell-key perturbation needs them).

Engine: pandas on these columns (figures in bench/README.md, bench/bench_scale.py): the
cell ids the perturbation needs are Python sets whatever the engine, and at 100,000
situations the frames hold well under 1 GB. DuckDB was measured too: it reads SQLite only through an extension downloaded
at run time (no request may leave the machine), and over Parquet or pandas it gains
nothing on tables this size once the ids per cell are collected; it stays the analyst's
engine over `netmap export parquet` (docs/scale.md).
"""

from __future__ import annotations

import datetime as dt
import sys
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import pandas as pd

from ..model import Situation
from ..store.compact import AGGREGATE_MEASURES, partner_codes
from ..taxonomy import Taxonomy, default_taxonomy
from .activity import caseload_from_frame, cohort_from, funding_from_rows, meetings_from_rows
from .disclosure import RawTable
from .filters import Filters, age_band, pick_measures
from .fragility import fragility_from
from .greyzones import UNKNOWN_BAND, fits_facts, greyzones_from
from .indicators import indicator_columns
from .keyfigures import key_figures_from
from .needs import needs_raw
from .sectors import intersectoral_raw, language_ties_raw, partners_raw, sectors_raw, siloed_raw

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["CompactData", "compact_raw_table", "eligible_frame"]

_loads: Callable[[Any], Any]
try:
    import orjson

    _loads = orjson.loads
except ImportError:  # pragma: no cover - orjson is a declared dependency
    import json

    _loads = json.loads

_SINGLE_EVENT = ("refused_saturation", "refused_criteria", "redirected")
SITUATION_COLUMNS = ("situation", "service", "region", "age", "age_band", "housing", "demand", "requested", "opened",
                     "closed", "outcome")
_BATCH = 2000  # situations loaded in full at once to compute measure rows not cached yet


class _Person(NamedTuple):
    age: int | None
    region: str
    housing: str
    demand: str


def _shared(value: Any, pool: dict[Any, Any]) -> Any:
    """``value`` with lists as tuples, and every equal string, tuple or map one shared object (``pool``).

    10⁵ situations repeat a few dozen codes and a few thousand lists of them: measured at
    100,000 situations, sharing them took the measure frame from about 1 GB resident to a
    fraction of it. Values are only read (never changed in place), so sharing is safe.
    """
    if isinstance(value, str):
        return pool.setdefault(value, value)
    if isinstance(value, list):
        items = tuple(_shared(x, pool) for x in value)
        try:
            return pool.setdefault(("list", items), items)
        except TypeError:  # a map inside: not hashable, kept as it is
            return items
    if isinstance(value, dict):
        pairs = tuple((_shared(k, pool), _shared(x, pool)) for k, x in value.items())
        try:
            got = pool.get(("dict", pairs))
        except TypeError:  # a map inside: not hashable, kept as it is
            return dict(pairs)
        if got is None:
            got = pool[("dict", pairs)] = dict(pairs)
        return got
    return value


_FACT_NAMES = ("situation", "date", "idx", "measure_key", "needs", "active_domains", "partners", "network_exhausted",
               "exhausted_carer")


def _columns(rows: Sequence[tuple], names: Sequence[str]) -> dict[str, list]:
    """Rows as plain column lists."""
    cols = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    return {n: list(c) for n, c in zip(names, cols, strict=True)}


def _decoded(texts: Sequence[Any], decode: Callable[[Any], Any]) -> np.ndarray:
    """The column of JSON ``texts`` as objects, each distinct text decoded once and its object shared.

    pandas' hash table finds the distinct texts in C; at 100,000 situations (221,888
    assessments) most measure columns hold a few to a few thousand distinct texts, so this is
    where loading went from one JSON object per row to one per distinct value.
    """
    codes, uniques = pd.factorize(np.asarray(texts, dtype=object), use_na_sentinel=True)
    objects = np.empty(len(uniques) + 1, dtype=object)  # the last one: None, for a missing value (code -1)
    for i, text in enumerate(uniques):
        objects[i] = decode(text)
    return objects[codes]


@dataclass
class CompactData:
    """The columns every aggregate reads, for a set of situations sorted by id.

    ``situations``: one row per situation (:data:`SITUATION_COLUMNS`; dates ``datetime64``,
    ``age`` float with NaN when unknown). ``measures``: one row per assessment, the columns of
    :func:`netmap.measures.measure_table` the aggregates read, plus ``need_domains`` (need id →
    domain), ``active_domains``, ``partners`` ((sector, organisation) of active partners),
    ``network_exhausted``, ``exhausted_carer`` and ``_day`` (the assessment date as
    ``datetime64``). ``meetings`` (situation, date, kind, attendees, person) and
    ``funding`` (situation, date, fund, status, requested_eur, granted_eur): one row per item,
    in each situation's order.
    """

    situations: pd.DataFrame
    measures: pd.DataFrame
    meetings: pd.DataFrame
    funding: pd.DataFrame
    # the last selections and their measure rows, per Filters: one filter change asks each several times
    _recent: OrderedDict[tuple[str, Filters], Any] = field(default_factory=OrderedDict, repr=False, compare=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    # -- building ---------------------------------------------------------------------------------------------
    @classmethod
    def from_situations(cls, situations: Iterable[Situation], measures: pd.DataFrame | None = None, *,
                        taxonomy: Taxonomy | None = None, jobs: int | None = None) -> CompactData:
        """The compact columns of situations in memory (their measure table computed when not given)."""
        from .. import measures as measures_module  # looked up at call time (tests count the calls)
        from ..measures.table import taxonomy_fingerprint as measures_fingerprint
        from ..store.compact import compact_facts

        tax = taxonomy or default_taxonomy()
        sits = sorted(situations, key=lambda s: s.id)
        if measures is None:
            measures = measures_module.measure_table(sits, jobs=jobs)
        fp = measures_fingerprint(tax)
        srows, arows, mrows, frows = [], [], [], []
        for s in sits:
            f = compact_facts(s, tax, fp)
            p = s.person
            srows.append((s.id, s.service, p.region, p.age, p.housing, f.demand, s.requested.isoformat(),
                          _iso(s.opened), _iso(s.closed), s.outcome))
            arows += [(s.id, *a) for a in f.assessments]
            mrows += [(s.id, *m[1:]) for m in f.meetings]
            frows += [(s.id, *x[1:]) for x in f.funding]
        facts: dict[str, Any] = _columns(arows, _FACT_NAMES)
        by_row = {(sid, d): i for i, (sid, d) in enumerate(zip(measures["situation"], measures["assessment"],
                                                               strict=True))}
        order = [by_row[(sid, dt.date.fromisoformat(d))] for sid, d in zip(facts["situation"], facts["date"],
                                                                            strict=True)]
        pool: dict[Any, Any] = {}
        for c in AGGREGATE_MEASURES:
            col = measures[c].tolist()
            facts[c] = [_shared(col[i], pool) for i in order]
        for name in ("needs", "active_domains"):
            facts[name] = _decoded(facts[name], lambda text: _shared(_loads(text), pool))
        facts["partners"] = [tuple(pool.setdefault(pair, (_shared(pair[0], pool), _shared(pair[1], pool)))
                                   for pair in p) for p in facts["partners"]]
        return cls._assemble(srows, facts, mrows, frows, pool)

    @classmethod
    def from_store(cls, store: Store, *, jobs: int | None = None, progress: bool = False) -> CompactData:
        """The compact columns of every situation of ``store``, read from its compact tables.

        Measure rows not in the store yet (first start after an import or a new measures
        version) are computed from the situations loaded in full, in batches of
        :data:`_BATCH`, and cached in the store; nothing else is built as model objects.
        """
        import gc

        measure_cols = ", ".join(f"m.{c}" for c in AGGREGATE_MEASURES)
        query = ("SELECT s.id, a.date, a.idx, a.measure_key, a.needs, a.active_domains, a.partners, "
                 f"a.network_exhausted, a.exhausted_carer, {measure_cols} FROM compact_assessments a "
                 "JOIN situations s ON s.num = a.situation_num LEFT JOIN compact_measures m ON m.key = a.measure_key "
                 "ORDER BY s.id, a.idx")
        names = (*_FACT_NAMES, *AGGREGATE_MEASURES)
        enabled = gc.isenabled()
        gc.disable()  # millions of tuples and no cycle among them: collecting while building only costs time
        try:
            facts: dict[str, Any] = _columns(store.execute(query), names)
            missing = sorted({sid for sid, v in zip(facts["situation"], facts[AGGREGATE_MEASURES[0]], strict=True)
                              if v is None})
            if missing:  # first start after an import: model objects are built, let the collector run meanwhile
                if enabled:
                    gc.enable()
                _compute_measures(store, missing, jobs=jobs, progress=progress)
                gc.disable()
                facts = _columns(store.execute(query), names)
                if any(v is None for v in facts[AGGREGATE_MEASURES[0]]):  # pragma: no cover - just written
                    from ..errors import StoreError

                    raise StoreError(f"store {store.url}: measure rows are missing after computing them")
            pool: dict[Any, Any] = {}

            def shared(text: Any) -> Any:
                return _shared(_loads(text), pool)

            for c in (*AGGREGATE_MEASURES, "needs", "active_domains"):
                # sector_ties: 181,292 distinct maps at 100,000 situations; orjson already shares their keys
                facts[c] = _decoded(facts[c], _loads if c == "sector_ties" else shared)
            pairs = {code: pool.setdefault((sector, org), (pool.setdefault(sector, sector), org))
                     for (sector, org), code in partner_codes(store).items()}
            facts["partners"] = _decoded(facts["partners"], lambda text: tuple(pairs[c] for c in _loads(text)))
            srows = store.execute(
                "SELECT s.id, s.service, s.region, s.age, s.housing, c.demand, s.requested, s.opened, s.closed, "
                "s.outcome FROM situations s JOIN compact_situations c ON c.situation_num = s.num ORDER BY s.id")
            mrows = store.execute("SELECT s.id, m.date, m.kind, m.attendees, m.person_present FROM compact_meetings m "
                                  "JOIN situations s ON s.num = m.situation_num ORDER BY s.id, m.pos")
            frows = store.execute("SELECT s.id, f.date, f.fund, f.status, f.requested_eur, f.granted_eur "
                                  "FROM compact_funding f JOIN situations s ON s.num = f.situation_num "
                                  "ORDER BY s.id, f.pos")
            data = cls._assemble(srows, facts, mrows, frows, pool)
            del srows, facts, mrows, frows
        finally:
            if enabled:
                gc.enable()
        _give_back_memory()  # the rows read are gone: hand their memory back (a server keeps the frames only)
        return data

    @classmethod
    def _assemble(cls, srows: Sequence[tuple], facts: dict[str, Any], mrows: Sequence[tuple],
                  frows: Sequence[tuple], pool: dict[Any, Any]) -> CompactData:
        """The frames, from the rows read; ``facts``: per assessment, :data:`_FACT_NAMES` and the measure columns
        (AGGREGATE_MEASURES), ``needs``, ``active_domains`` and ``partners`` decoded."""
        cat = "category"
        sf = pd.DataFrame(list(srows), columns=["situation", "service", "region", "age", "housing", "demand",
                                                "requested", "opened", "closed", "outcome"])
        sf["age"] = sf["age"].astype("float64")
        sf["age_band"] = [age_band(None if pd.isna(a) else int(a)) for a in sf["age"]]
        for col in ("requested", "opened", "closed"):
            sf[col] = pd.to_datetime(sf[col])
        for col in ("service", "region", "housing", "demand", "outcome", "age_band"):
            sf[col] = sf[col].astype(cat)
        # plain Python strings, the same objects as in the measure frame: sets of ids are made from this column on
        # every filter change, and an Arrow string column gives new strings whose hashes are computed again
        sf["situation"] = pd.Series([pool.setdefault(x, sys.intern(x)) for x in sf["situation"]], dtype=object)
        sf = sf[list(SITUATION_COLUMNS)]

        service_of = dict(zip(sf["situation"], sf["service"].astype(object), strict=True))
        sids = [pool.setdefault(x, sys.intern(x)) for x in facts["situation"]]
        m = pd.DataFrame({"situation": pd.Series(sids, dtype=object)})
        m["service"] = pd.Series([service_of[s] for s in sids], dtype=object)
        days = pd.to_datetime(pd.Series(facts["date"], dtype=object))
        codes, uniques = pd.factorize(days)
        as_dates = np.empty(len(uniques), dtype=object)
        for i, d in enumerate(uniques):
            as_dates[i] = d.date()
        m["assessment"] = pd.Series(as_dates[codes], dtype=object)
        m["index"] = pd.Series(facts["idx"], dtype="int64")
        counts = m.groupby("situation", sort=False)["index"].transform("size")
        m["is_first"] = m["index"] == 0
        m["is_latest"] = m["index"] == counts - 1
        for c in AGGREGATE_MEASURES:
            m[c] = pd.Series(facts[c], index=m.index, dtype=object)
        for col, name in (("need_domains", "needs"), ("active_domains", "active_domains"), ("partners", "partners")):
            m[col] = pd.Series(facts[name], index=m.index, dtype=object)
        position = {sid: i for i, sid in enumerate(sf["situation"])}
        m["_sit"] = pd.Series([position[s] for s in sids], dtype="int64")  # the row of its situation in ``situations``
        m["network_exhausted"] = pd.Series(facts["network_exhausted"], dtype=bool)
        m["exhausted_carer"] = pd.Series(facts["exhausted_carer"], dtype=bool)
        m["_day"] = days.to_numpy()
        m = pd.concat([m, pd.DataFrame(indicator_columns(m), index=m.index)], axis=1)
        # one block per dtype instead of one per column: every selection takes rows of all of them at once
        # (measured at 100,000 situations: 667 array takes → a few dozen per overview filter change)
        m = m.copy()

        mt = pd.DataFrame(list(mrows), columns=["situation", "date", "kind", "attendees", "person"])
        mt["date"] = pd.to_datetime(mt["date"])
        mt["kind"] = mt["kind"].astype(cat)
        mt["person"] = mt["person"].astype(bool)
        ft = pd.DataFrame(list(frows), columns=["situation", "date", "fund", "status", "requested_eur", "granted_eur"])
        ft["date"] = pd.to_datetime(ft["date"])
        ft["status"] = ft["status"].astype(cat)
        return cls(sf.reset_index(drop=True), m, mt, ft)

    # -- views ------------------------------------------------------------------------------------------------
    def _remember(self, key: tuple[str, Filters], compute: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._recent:
                self._recent.move_to_end(key)
                return self._recent[key]
        value = compute()  # outside the lock: two threads may both compute it, and get equal values
        with self._lock:
            self._recent[key] = value
            # at most 16 answers, and copied measure rows worth at most one whole measure frame (a view of
            # most of the situations is a copy of most of the frame: 16 of them would hold gigabytes)
            while len(self._recent) > 16 or (len(self._recent) > 1 and self._copied_rows() > len(self.measures)):
                self._recent.popitem(last=False)
        return value

    def _copied_rows(self) -> int:
        return sum(len(v.measures) for v in self._recent.values() if isinstance(v, CompactData) and v is not self)

    def select(self, filters: Filters | None = None) -> pd.DataFrame:
        """The rows of ``situations`` passing ``filters`` (netmap.aggregate.select's rules), in id order.

        The frame returned is shared with later calls for the same filters: read it, do not change it.
        """
        f = filters or Filters()
        return self._remember(("select", f), lambda: self._select(f))

    def selected_view(self, filters: Filters | None = None) -> CompactData:
        """This data with only the measure rows of the situations ``filters`` select (the other frames whole).

        Every table restricts its measure rows to selected situations; doing it once here by row
        numbers (``_sit``) spares each table a test of membership over every assessment of the store
        (measured at 100,000 situations: about 10 ms per table and filter change).
        """
        f = filters or Filters()

        def compute() -> CompactData:
            sel, m = self.select(f), self.measures
            if len(sel) == len(self.situations):
                return self
            chosen = np.zeros(int(self.situations.index.max()) + 1, dtype=bool)
            chosen[sel.index.to_numpy()] = True
            return CompactData(self.situations, m[chosen[m["_sit"].to_numpy()]], self.meetings, self.funding)

        return self._remember(("view", f), compute)

    def _select(self, f: Filters) -> pd.DataFrame:
        sf = self.situations
        end = pd.Timestamp(f.period_end)
        keep = (sf["requested"] <= end).to_numpy().copy()
        if f.service is not None:
            keep &= (sf["service"] == f.service).to_numpy()
        if f.region is not None:
            keep &= (sf["region"] == f.region).to_numpy()
        if f.age_band is not None:
            keep &= (sf["age_band"] == f.age_band).to_numpy()
        if f.date_from is not None:
            start = pd.Timestamp(f.date_from)
            single = sf["outcome"].isin(_SINGLE_EVENT).to_numpy()
            closed = sf["closed"].to_numpy()
            last = np.where(~np.isnat(closed), closed, np.where(single, sf["requested"].to_numpy(),
                                                                np.datetime64("NaT")))
            keep &= np.isnat(last) | (last >= start.to_datetime64())
        return sf[keep]

    def options(self) -> dict[str, Any]:
        """Services, regions and the span of dates of the data (the dashboard's filter controls)."""
        sf, m = self.situations, self.measures
        days = [sf["requested"].min(), sf["closed"].max()]
        latest = m.loc[m["is_latest"], "_day"]
        if len(latest):
            days.append(latest.max())
        days = [d for d in days if not pd.isna(d)]
        return {
            "services": sorted(set(sf["service"].astype(object))),
            "regions": sorted(set(sf["region"].astype(object))),
            "first": min(days).date() if days else None,
            "last": max(days).date() if days else None,
        }

    def years(self) -> list[int]:
        """The years of a request, an opening or a closing in the data."""
        sf = self.situations
        out: set[int] = set()
        for col in ("requested", "opened", "closed"):
            out |= {int(y) for y in sf[col].dt.year.dropna().unique()}
        return sorted(out)


def _constant(value: bool) -> Callable[[], bool]:
    return lambda: value


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _compute_measures(store: Store, ids: list[str], *, jobs: int | None, progress: bool) -> None:
    """Compute and cache the measure rows of these situations, loading them in full a batch at a time."""
    from ..measures.table import measure_table

    bar = _bar(len(ids), "measures", progress)
    try:
        for i in range(0, len(ids), _BATCH):
            part = ids[i:i + _BATCH]
            measure_table(store.load(part), cache=store, jobs=jobs)  # cache_put fills compact_measures too
            if bar is not None:
                bar.update(len(part))
    finally:
        if bar is not None:
            bar.close()
    _give_back_memory()


def _give_back_memory() -> None:
    """Return freed heap to the system after the situations of a cold start were built and dropped.

    Measured at 100,000 situations: the server kept about 1.9 GB resident after its first start
    (the batches of model objects, freed but held by the allocator), against well under 1 GB
    once the memory is handed back. glibc only; elsewhere nothing happens.
    """
    import ctypes
    import ctypes.util
    import gc

    gc.collect()
    name = ctypes.util.find_library("c")
    if name and sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(name).malloc_trim(0)
        except (OSError, AttributeError):  # not glibc
            pass


def _bar(total: int, unit: str, show: bool) -> Any:
    if not show:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit=" situations", desc=unit, file=sys.stderr, leave=False)


# ---- tables ---------------------------------------------------------------------------------------------------
def situation_frame_of(sel: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """:func:`netmap.aggregate.filters.situation_frame` of the selected rows: opened/closed as known on judged_on."""
    on = pd.Timestamp(filters.judged_on)
    df = pd.DataFrame({
        "situation": sel["situation"].to_numpy(),
        "service": sel["service"].astype(object).to_numpy(),
        "region": sel["region"].astype(object).to_numpy(),
        "age_band": sel["age_band"].astype(object).to_numpy(),
        "housing": sel["housing"].astype(object).to_numpy(),
        "outcome": sel["outcome"].astype(object).to_numpy(),
        "requested": sel["requested"].to_numpy(),
        "opened": sel["opened"].where(sel["opened"] <= on).to_numpy(),
        "closed": sel["closed"].where(sel["closed"] <= on).to_numpy(),
    })
    df["age_band"] = df["age_band"].where(df["age_band"].notna(), None)
    df.loc[df["opened"].isna(), "closed"] = pd.NaT
    return df


def _window(dates: pd.Series, f: Filters) -> np.ndarray:
    keep = (dates <= pd.Timestamp(f.period_end)).to_numpy().copy()
    if f.date_from is not None:
        keep &= (dates >= pd.Timestamp(f.date_from)).to_numpy()
    return keep


def _cohort(data: CompactData, sel: pd.DataFrame, f: Filters) -> RawTable:
    ft = data.funding
    ft = ft[ft["situation"].isin(set(sel["situation"])).to_numpy() & _window(ft["date"], f)]
    n_req: Counter[str] = Counter()
    granted: dict[str, float] = {}
    for sid, status, amount in zip(ft["situation"], ft["status"].astype(object), ft["granted_eur"], strict=True):
        n_req[sid] += 1
        if status == "granted":  # the same sum, in the same order, as the situation-based builder
            granted[sid] = granted.get(sid, 0) + (0.0 if amount is None or pd.isna(amount) else amount)
    return cohort_from(situation_frame_of(sel, f), n_req, granted)


def _meetings(data: CompactData, sel: pd.DataFrame, f: Filters) -> RawTable:
    mt = data.meetings
    mt = mt[mt["situation"].isin(set(sel["situation"])).to_numpy() & _window(mt["date"], f)]
    rows = pd.DataFrame({"situation": mt["situation"].to_numpy(), "date": [d.date() for d in mt["date"]],
                         "attendees": mt["attendees"].to_numpy(), "person": mt["person"].to_numpy()},
                        columns=["situation", "date", "attendees", "person"])
    return meetings_from_rows(rows, f)


def _funding(data: CompactData, sel: pd.DataFrame, f: Filters) -> RawTable:
    ft = data.funding
    ft = ft[ft["situation"].isin(set(sel["situation"])).to_numpy() & _window(ft["date"], f)]
    status = ft["status"].astype(object)
    granted = [float(0.0 if g is None or pd.isna(g) else g) if s == "granted" else 0.0
               for s, g in zip(status, ft["granted_eur"], strict=True)]
    return funding_from_rows(pd.DataFrame({
        "situation": ft["situation"].to_numpy(), "fund": ft["fund"].to_numpy(), "status": status.to_numpy(),
        "requested_eur": ft["requested_eur"].astype(float).to_numpy(), "granted_eur": granted,
    }, columns=["situation", "fund", "status", "requested_eur", "granted_eur"]))


def _followed(sel: pd.DataFrame, f: Filters) -> set[str]:
    end, on, start = pd.Timestamp(f.period_end), pd.Timestamp(f.judged_on), f.date_from
    op, cl = sel["opened"], sel["closed"]
    keep = op.notna() & (op <= min(end, on))
    if start is not None:
        keep &= cl.isna() | (cl > on) | (cl >= pd.Timestamp(start))
    return set(sel.loc[keep, "situation"])


def _key_figures(data: CompactData, sel: pd.DataFrame, f: Filters) -> RawTable:
    end, on, start = pd.Timestamp(f.period_end), pd.Timestamp(f.judged_on), f.date_from
    op, cl, req = sel["opened"], sel["closed"], sel["requested"]
    in_progress = op.notna() & (op <= on) & (cl.isna() | (cl > on))
    requests = req <= end
    if start is not None:
        requests &= req >= pd.Timestamp(start)
    refused = requests & (sel["outcome"] == "refused_saturation")
    ids = {"situations": _followed(sel, f), "in_progress": set(sel.loc[in_progress, "situation"]),
           "requests": set(sel.loc[requests, "situation"]), "refused_saturation": set(sel.loc[refused, "situation"])}
    return key_figures_from(ids, data.measures, f)


def eligible_frame(data: CompactData, sel: pd.DataFrame, f: Filters, taxonomy: Taxonomy) -> pd.DataFrame:
    """One row per selected situation: ``situation``, ``eligible`` (sorted ids of directory services that fit,
    judged on the latest assessment dated on or before the period's end)."""
    latest = pick_measures(data.measures, f, sel["situation"])
    judged = {sid: (set(d), bool(x)) for sid, d, x in zip(latest["situation"], latest["active_domains"],
                                                          latest["network_exhausted"], strict=True)}
    services = sorted(taxonomy.services.items())
    out = []
    for sid, age, region, housing, demand in zip(sel["situation"], sel["age"], sel["region"].astype(object),
                                                 sel["housing"].astype(object), sel["demand"].astype(object),
                                                 strict=True):
        person = _Person(None if pd.isna(age) else int(age), region, housing, demand)
        domains, exhausted = judged.get(sid, (set(), True))  # no assessment: no need, no informal network
        out.append(sorted(code for code, svc in services
                          if fits_facts(svc.criteria, person, domains, _constant(exhausted))))
    return pd.DataFrame({"situation": list(sel["situation"]), "eligible": out}, columns=["situation", "eligible"])


def _greyzones(data: CompactData, sel: pd.DataFrame, f: Filters, taxonomy: Taxonomy) -> RawTable:
    el = eligible_frame(data, sel, f, taxonomy)
    grey = sel[np.array([not e for e in el["eligible"]], dtype=bool)]
    return greyzones_from(pd.DataFrame({
        "age_band": [b if isinstance(b, str) else UNKNOWN_BAND for b in grey["age_band"].astype(object)],
        "region": list(grey["region"].astype(object)),
        "housing": list(grey["housing"].astype(object)),
        "situation": list(grey["situation"]),
    }), frozenset(sel["situation"]))


def compact_raw_table(name: str, data: CompactData, filters: Filters, taxonomy: Taxonomy, *,
                      generalise: bool = False) -> RawTable:
    """The raw table ``name`` over the situations of ``data`` passing ``filters`` (already published-snapped)."""
    sel = data.select(filters)
    data = data.selected_view(filters)
    f = filters
    if name == "cohort":
        return _cohort(data, sel, f)
    if name == "caseload":
        return caseload_from_frame(situation_frame_of(sel, f), f, taxonomy)
    if name == "meetings":
        return _meetings(data, sel, f)
    if name == "funding":
        return _funding(data, sel, f)
    if name == "key_figures":
        return _key_figures(data, sel, f)
    if name == "fragility":
        return fragility_from(_followed(sel, f), data.measures, f)
    if name == "greyzones":
        return _greyzones(data, sel, f, taxonomy)
    ids = list(sel["situation"])
    if name == "partners":
        return partners_raw(ids, data.measures, f, taxonomy, generalise=generalise)
    builders = {"needs": needs_raw, "sectors": sectors_raw, "intersectoral": intersectoral_raw,
                "siloed": siloed_raw, "language_ties": language_ties_raw}
    return builders[name](ids, data.measures, f, taxonomy)

