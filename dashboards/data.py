"""Server-side data of the dashboard: compact columns loaded once per process, filtered views, one situation on demand.

Nothing is loaded at import time. :class:`DashboardData` loads its source (a path or a
store URL) on first use, once per process, behind a lock. From a store it reads only the
compact tables (the measure rows and the facts aggregates need, :mod:`netmap.aggregate.compact`):
100,000 situations fit in well under 1 GB; a situation is built as model objects only when
its page, what-if or report asks for it. Aggregates go through
:func:`netmap.aggregate.aggregate` with the dashboard's *k*; answers are memoised per
(filters, k) so that a filter seen before costs nothing. Callbacks reach the data of
their app with :func:`current_context` and the viewer's rights with :func:`current_access`.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from netmap.errors import UsageError
from netmap.model import Situation

if TYPE_CHECKING:
    from netmap.aggregate.compact import CompactData

__all__ = [
    "CONTEXT_KEY",
    "PUBLIC_MIN_K",
    "Access",
    "DashboardContext",
    "DashboardData",
    "access_for",
    "current_access",
    "current_context",
    "make_filters",
]

CONTEXT_KEY = "NETMAP_DASHBOARD"
PUBLIC_MIN_K = 5  # a public (aggregate-only) viewer never sees counts below this
_MEMO_SIZE = 256


@dataclass(frozen=True, slots=True)
class Access:
    """What the viewer of a request may see.

    ``internal`` viewers may open per-situation pages; everyone else sees aggregates only.
    ``k`` is the disclosure threshold applied to every aggregate they are shown.
    """

    internal: bool
    k: int
    user: str | None = None
    services: tuple[str, ...] | None = None  #: the services the viewer may see; None: all


def access_for(k: int, role: str | None = None) -> Access:
    """The access of a viewer with ``role`` on a dashboard started with ``--k k``.

    Without authentication (``role`` None) the dashboard is internal only when ``k`` is 0:
    a dashboard started with ``k >= 1`` is a policymaker's view. An ``internal`` role sees
    per-situation pages with the dashboard's ``k``; a ``public`` role sees aggregates only,
    with ``k`` raised to at least 5.

    Examples
    --------
    >>> access_for(0), access_for(5)
    (Access(internal=True, k=0, user=None, services=None), Access(internal=False, k=5, user=None, services=None))
    >>> access_for(0, "public").k, access_for(3, "internal").internal
    (5, True)
    """
    if role is None:
        return Access(internal=k == 0, k=k)
    if role == "internal":
        return Access(internal=True, k=k)
    return Access(internal=False, k=max(k, PUBLIC_MIN_K))


def make_filters(service: str | None = None, start: str | dt.date | None = None, end: str | dt.date | None = None,
                 region: str | None = None, age_band: str | None = None):
    """A :class:`netmap.aggregate.Filters` from the values of the filter controls (empty values mean "all").

    Dates arrive from the date pickers as ISO strings (sometimes with a time part); a
    period given backwards is put in order rather than refused.
    """
    from netmap.aggregate.filters import AGE_BANDS, Filters

    def day(v: str | dt.date | None) -> dt.date | None:
        if v in (None, ""):
            return None
        if isinstance(v, dt.date):
            return v
        try:
            return dt.date.fromisoformat(str(v)[:10])
        except ValueError:
            return None

    d0, d1 = day(start), day(end)
    if d0 and d1 and d0 > d1:
        d0, d1 = d1, d0
    return Filters(
        service=service or None,
        date_from=d0,
        date_to=d1,
        region=region or None,
        age_band=age_band if age_band in AGE_BANDS else None,
    )


class _Memo:
    """A small thread-safe LRU of computed answers.

    Callbacks of one filter change run at once in several threads and often need the same
    answer (the selection, the latest measure rows): the first computes it, the others wait
    for it instead of computing it again.
    """

    def __init__(self, size: int = _MEMO_SIZE) -> None:
        self._size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._pending: dict[Hashable, threading.Event] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        while True:
            with self._lock:
                if key in self._items:
                    self._items.move_to_end(key)
                    return self._items[key]
                waiting = self._pending.get(key)
                if waiting is None:
                    self._pending[key] = threading.Event()
                    break
            waiting.wait()  # another thread computes it; then look again (it may have failed)
        try:
            value = compute()
            with self._lock:
                self._items[key] = value
                while len(self._items) > self._size:
                    self._items.popitem(last=False)
            return value
        finally:
            with self._lock:
                self._pending.pop(key).set()


class DashboardData:
    """The situations of one source and everything derived from them, computed once and memoised.

    Parameters
    ----------
    source
        A path (JSON file or folder, workbook, CSV folder) or a store URL; None with
        ``situations`` given.
    situations
        Situations already in memory (tests, notebooks); ``source`` is then ignored.
    jobs
        Worker processes for the measure table (default: netmap's choice).
    """

    def __init__(self, source: str | None = None, *, situations: Sequence[Situation] | None = None,
                 jobs: int | None = None) -> None:
        if source is None and situations is None:
            raise UsageError("the dashboard needs a PATH or a store URL")
        self.source = source
        self._given = tuple(situations) if situations is not None else None
        self._jobs = jobs
        self._lock = threading.RLock()
        self._loaded = False
        self._compact: CompactData | None = None
        self._full: tuple[Situation, ...] | None = None  # every situation as model objects (not for a store)
        self._memo = _Memo()
        self._views: dict[frozenset[str], DashboardData] = {}
        self._parent: DashboardData | None = None  # a per-service view perturbs with its parent's cell keys

    # ---- loading -------------------------------------------------------------------------------------------
    def load(self) -> DashboardData:
        """Load the compact columns of the source (once; later calls return at once).

        From a store only its compact tables are read (:meth:`CompactData.from_store`): no
        situation is built as model objects until its own page asks for it. Files and
        situations given in memory are read whole, then made compact.
        """
        if self._loaded:
            return self
        with self._lock:
            if self._loaded:
                return self
            from netmap.aggregate.compact import CompactData

            if self._given is None and _is_store_url(self.source):
                from netmap.store import open_store

                with open_store(self.source, create=False) as store:
                    self._compact = CompactData.from_store(store, jobs=self._jobs)
            else:
                if self._given is not None:
                    sits = list(self._given)
                else:
                    from netmap.io import load

                    assert self.source is not None  # checked by __init__
                    sits = load(self.source)
                self._full = tuple(sorted(sits, key=lambda s: s.id))
                self._compact = CompactData.from_situations(self._full, jobs=self._jobs)
            self._loaded = True
        return self

    @property
    def compact(self) -> CompactData:
        """The compact columns every aggregate and list of the dashboard reads."""
        self.load()
        assert self._compact is not None  # set by load()
        return self._compact

    @property
    def measures(self) -> pd.DataFrame:
        """One row per assessment: the measure columns aggregates read, ``exhausted_carer`` and the compact facts."""
        return self.compact.measures

    def situations_of(self, ids: Sequence[str]) -> list[Situation]:
        """These situations as model objects (loaded from the store, a report's or a page's worth at a time)."""
        self.load()
        if self._full is not None:
            by_id = self._memo.get(("by_id",), lambda: {s.id: s for s in self._full or ()})
            return [by_id[i] for i in ids if i in by_id]
        from netmap.store import open_store

        with open_store(self.source, create=False) as store:
            return store.load(list(ids))

    @property
    def situations(self) -> tuple[Situation, ...]:
        """Every situation as model objects: costly for a large store (use :attr:`compact` and :meth:`situation`)."""
        self.load()
        if self._full is None:
            self._full = tuple(self.situations_of(list(self.compact.situations["situation"])))
        return self._full

    def situation(self, situation_id: str) -> Situation | None:
        """The situation with this id, or None (loaded in full on demand, a few kept in memory)."""
        if situation_id not in self._ids():
            return None

        def fetch() -> Situation | None:
            found = self.situations_of([situation_id])
            return found[0] if found else None

        return self._situation_memo.get(situation_id, fetch)

    @property
    def _situation_memo(self) -> _Memo:
        with self._lock:
            if not hasattr(self, "_one"):
                self._one = _Memo(size=32)
            return self._one

    def _ids(self) -> frozenset[str]:
        return self._memo.get(("ids",), lambda: frozenset(self.compact.situations["situation"]))

    def years(self) -> list[int]:
        """Years with a request, an opening or a closing in the data."""
        return self._memo.get(("years",), self.compact.years)

    # ---- filter options ------------------------------------------------------------------------------------
    def options(self) -> dict[str, Any]:
        """Values offered by the filter controls: services, regions, and the span of dates of the data."""
        return self._memo.get(("options",), self.compact.options)

    def default_period(self) -> tuple[dt.date | None, dt.date | None]:
        """The last twelve months of the data (ending on its latest date), the period shown first."""
        opts = self.options()
        last = opts["last"]
        if last is None:
            return None, None
        start = max(opts["first"], last - dt.timedelta(days=364))
        return start, last

    # ---- filtered views ------------------------------------------------------------------------------------
    def selected(self, filters) -> pd.DataFrame:
        """The compact rows (one per situation, id order) passing ``filters`` (netmap.aggregate's rules)."""
        return self._memo.get(("selected", filters), lambda: self.compact.select(filters))

    def select(self, filters) -> list[str]:
        """The ids of the situations passing ``filters``, in id order."""
        return self._memo.get(("select", filters), lambda: list(self.selected(filters)["situation"]))

    def latest_rows(self, filters) -> pd.DataFrame:
        """For each selected situation, the measure row of its latest assessment on or before the period's end.

        Besides netmap's measure columns, ``exhausted_carer`` tells whether an active informal
        actor of that assessment has exhaustion ≥ 2 (the overview's "exhausted carers").
        """
        from netmap.aggregate.filters import pick_measures

        def compute() -> pd.DataFrame:
            return pick_measures(self.measures_of(filters), filters, self.select(filters))

        return self._memo.get(("latest", filters), compute)

    def measures_of(self, filters) -> pd.DataFrame:
        """The rows of the measure table (every assessment) of the situations passing ``filters``."""

        def compute() -> pd.DataFrame:
            m = self.measures
            return m[m["situation"].isin(set(self.select(filters)))]

        return self._memo.get(("measures_of", filters), compute)

    def table(self, name: str, filters, k: int, **options: Any) -> pd.DataFrame:
        """The aggregate ``name`` over the filtered situations, with disclosure control at ``k``.

        Every figure a page shows comes from here. Published (``k`` ≥ 1), the period is made
        of whole calendar months (:func:`netmap.aggregate.published_filters`) and counts are
        perturbed with the cell keys of the source's secret. Tables are computed from the
        compact columns (:mod:`netmap.aggregate.compact`): the same values as from the situations.
        """
        from netmap.aggregate import aggregate, published_filters

        f = published_filters(filters, k)
        key = ("table", name, f, k, tuple(sorted(options.items())))
        return self._memo.get(key, lambda: aggregate(name, self.compact, filters=f, k=k,
                                                     cell_keys=self.cell_keys() if k > 0 else None, **options))

    def selection_size(self, filters, k: int) -> int | str:
        """How many situations pass ``filters``: exact at ``k`` = 0; published, the count perturbed by their
        cell key over whole months, ``"<k"`` from 1 to k−1."""
        from netmap.aggregate import published_filters
        from netmap.aggregate.disclosure import hidden_marker

        f = published_filters(filters, k)
        chosen = self.select(f)
        if k <= 0:
            return len(chosen)
        n = self.cell_keys().perturb(len(chosen), chosen)
        return hidden_marker(k) if 0 < n < k else n

    def cell_keys(self):
        """The cell keys of this source (its secret beside it, created on first use; the default one for
        situations given in memory)."""
        from netmap.aggregate import cell_keys_for

        if self._parent is not None:  # the same secret for every viewer: the same situations, the same noise
            return self._parent.cell_keys()
        def keys():
            made = cell_keys_for(self.source if self._given is None else None)
            # every record key once, now (10⁵ HMACs: about 0.2 s), rather than a few thousand in each first filter change
            made.prime(self.compact.situations["situation"])
            return made

        return self._memo.get(("cell_keys",), keys)

    def greyzone_detail(self, filters) -> pd.DataFrame:
        """One row per filtered situation with the directory services it fits (internal use, no disclosure)."""
        from netmap.aggregate.compact import eligible_frame
        from netmap.taxonomy import default_taxonomy

        return self._memo.get(("greyzone_detail", filters),
                              lambda: eligible_frame(self.compact, self.selected(filters), filters,
                                                     default_taxonomy()).reset_index(drop=True))

    def memo(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """Memoise any other answer derived from this data (keys must include every input)."""
        return self._memo.get(key, compute)

    # ---- per-service views -----------------------------------------------------------------------------------
    def restricted(self, services: Iterable[str]) -> DashboardData:
        """The same data limited to the situations of ``services``: what a user given those services sees.

        The view shares the loaded situations and measure rows (nothing is loaded or measured
        again); it has its own memo, and is made once per set of services.
        """
        key = frozenset(services)
        with self._lock:
            view = self._views.get(key)
            if view is None:
                from netmap.aggregate.compact import CompactData

                data = self.compact
                keep = set(data.situations.loc[data.situations["service"].isin(key), "situation"])
                full = tuple(s for s in self._full if s.service in key) if self._full is not None else None
                view = DashboardData(self.source, situations=full, jobs=self._jobs)  # loads nothing until asked
                view._compact = CompactData(*(df[df["situation"].isin(keep)] for df in
                                              (data.situations, data.measures, data.meetings, data.funding)))
                view._full = full
                view._loaded = True  # the rows above, already measured: nothing to compute again
                view._parent = self
                self._views[key] = view
        return view


def _is_store_url(source: str | None) -> bool:
    from netmap.io import is_store_url

    return source is not None and is_store_url(source)


@dataclass
class DashboardContext:
    """Everything a callback needs, held in the Flask app's config (never in module globals)."""

    data: DashboardData
    k: int = 5
    auth_enabled: bool = False
    lang: str = "fr"
    extras: dict[str, Any] = field(default_factory=dict)


def current_context() -> DashboardContext:
    """The :class:`DashboardContext` of the app serving the current request, for its viewer.

    A viewer limited to some services gets a context whose ``data`` holds only their
    situations (:meth:`DashboardData.restricted`): every page and callback that reads
    ``current_context().data`` shows those services only.
    """
    from flask import current_app, g

    ctx: DashboardContext = current_app.config[CONTEXT_KEY]
    user = g.get("netmap_user")
    services = getattr(user, "services", None)
    if services is None:
        return ctx
    return DashboardContext(data=ctx.data.restricted(services), k=ctx.k, auth_enabled=ctx.auth_enabled,
                            lang=ctx.lang, extras=ctx.extras)


def current_access() -> Access:
    """The viewer's :class:`Access` for the current request (authenticated user's role, or the dashboard's k)."""
    from flask import current_app, g

    ctx: DashboardContext = current_app.config[CONTEXT_KEY]
    user = g.get("netmap_user")
    if user is None:
        return access_for(ctx.k)
    acc = access_for(ctx.k, user.role)
    return Access(acc.internal, acc.k, user.name, getattr(user, "services", None))
