"""Server-side data of the dashboard: situations loaded once per process, the cached measure table, filtered views.

Nothing is loaded at import time. :class:`DashboardData` loads its source (a path or a
store URL) on first use, once per process, behind a lock; the measure table comes
through the store's cache when the source is a store. Aggregates go through
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
from typing import Any

import pandas as pd

from netmap.errors import UsageError
from netmap.model import Situation

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
        self._situations: tuple[Situation, ...] = ()
        self._by_id: dict[str, Situation] = {}
        self._measures: pd.DataFrame | None = None
        self._memo = _Memo()
        self._views: dict[frozenset[str], DashboardData] = {}
        self._parent: DashboardData | None = None  # a per-service view perturbs with its parent's cell keys

    # ---- loading -------------------------------------------------------------------------------------------
    def load(self) -> DashboardData:
        """Load the source and compute the measure table (once; later calls return at once)."""
        if self._loaded:
            return self
        with self._lock:
            if self._loaded:
                return self
            from netmap.measures import measure_table

            if self._given is not None:
                sits = list(self._given)
                table = measure_table(sits, jobs=self._jobs)
            elif _is_store_url(self.source):
                from netmap.store import open_store

                with open_store(self.source, create=False) as store:
                    sits = store.load_all()
                    table = measure_table(sits, cache=store, jobs=self._jobs)
            else:
                from netmap.io import load

                sits = load(self.source)  # type: ignore[arg-type]
                table = measure_table(sits, jobs=self._jobs)
            self._situations = tuple(sorted(sits, key=lambda s: s.id))
            self._by_id = {s.id: s for s in self._situations}
            # one more column, computed once: an exhausted informal carer in that assessment
            carers = _carer_frame(self._situations)
            self._measures = table.merge(carers, on=["situation", "assessment"], how="left").fillna(
                {"exhausted_carer": False})
            self._loaded = True
        return self

    @property
    def situations(self) -> tuple[Situation, ...]:
        return self.load()._situations

    @property
    def measures(self) -> pd.DataFrame:
        self.load()
        assert self._measures is not None  # set by load()
        return self._measures

    def situation(self, situation_id: str) -> Situation | None:
        """The situation with this id, or None."""
        return self.load()._by_id.get(situation_id)

    # ---- filter options ------------------------------------------------------------------------------------
    def options(self) -> dict[str, Any]:
        """Values offered by the filter controls: services, regions, and the span of dates of the data."""

        def compute() -> dict[str, Any]:
            sits = self.situations
            days = [s.requested for s in sits] + [s.closed for s in sits if s.closed]
            days += [a.date for s in sits for a in s.assessments[-1:]]
            return {
                "services": sorted({s.service for s in sits}),
                "regions": sorted({s.person.region for s in sits}),
                "first": min(days) if days else None,
                "last": max(days) if days else None,
            }

        return self._memo.get(("options",), compute)

    def default_period(self) -> tuple[dt.date | None, dt.date | None]:
        """The last twelve months of the data (ending on its latest date), the period shown first."""
        opts = self.options()
        last = opts["last"]
        if last is None:
            return None, None
        start = max(opts["first"], last - dt.timedelta(days=364))
        return start, last

    # ---- filtered views ------------------------------------------------------------------------------------
    def select(self, filters) -> list[Situation]:
        """The situations passing ``filters`` (netmap.aggregate's rules for the period)."""
        from netmap.aggregate.filters import select

        return self._memo.get(("select", filters), lambda: select(self.situations, filters))

    def latest_rows(self, filters) -> pd.DataFrame:
        """For each selected situation, the measure row of its latest assessment on or before the period's end.

        Besides netmap's measure columns, ``exhausted_carer`` tells whether an active informal
        actor of that assessment has exhaustion ≥ 2 (the overview's "exhausted carers").
        """
        from netmap.aggregate.filters import pick_measures

        def compute() -> pd.DataFrame:
            ids = [s.id for s in self.select(filters)]
            return pick_measures(self.measures_of(filters), filters, ids)

        return self._memo.get(("latest", filters), compute)

    def measures_of(self, filters) -> pd.DataFrame:
        """The rows of the measure table (every assessment) of the situations passing ``filters``."""

        def compute() -> pd.DataFrame:
            ids = {s.id for s in self.select(filters)}
            m = self.measures
            return m[m["situation"].isin(ids)]

        return self._memo.get(("measures_of", filters), compute)

    def table(self, name: str, filters, k: int, **options: Any) -> pd.DataFrame:
        """The aggregate ``name`` over the filtered situations, with disclosure control at ``k``.

        Every figure a page shows comes from here. Published (``k`` ≥ 1), the period is made
        of whole calendar months (:func:`netmap.aggregate.published_filters`) and counts are
        perturbed with the cell keys of the source's secret. netmap.aggregate filters again
        what it is given, so handing it the situations and measure rows already selected
        (memoised) gives the same table at a fraction of the cost.
        """
        from netmap.aggregate import aggregate, published_filters

        f = published_filters(filters, k)
        key = ("table", name, f, k, tuple(sorted(options.items())))
        return self._memo.get(key, lambda: aggregate(name, self.select(f), self.measures_of(f), filters=f, k=k,
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
        n = self.cell_keys().perturb(len(chosen), [s.id for s in chosen])
        return hidden_marker(k) if 0 < n < k else n

    def cell_keys(self):
        """The cell keys of this source (its secret beside it, created on first use; the default one for
        situations given in memory)."""
        from netmap.aggregate import cell_keys_for

        if self._parent is not None:  # the same secret for every viewer: the same situations, the same noise
            return self._parent.cell_keys()
        return self._memo.get(("cell_keys",), lambda: cell_keys_for(self.source if self._given is None else None))

    def greyzone_detail(self, filters) -> pd.DataFrame:
        """One row per filtered situation with the directory services it fits (internal use, no disclosure)."""
        from netmap.aggregate import greyzones_detail
        from netmap.taxonomy import default_taxonomy

        return self._memo.get(("greyzone_detail", filters),
                              lambda: greyzones_detail(self.select(filters), filters, default_taxonomy()))

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
                self.load()
                sits = tuple(s for s in self._situations if s.service in key)
                view = DashboardData(situations=sits, jobs=self._jobs)  # loads nothing until asked
                view.source = self.source
                view._situations = sits
                view._by_id = {s.id: s for s in sits}
                assert self._measures is not None  # set by load()
                view._measures = self._measures[self._measures["situation"].isin(view._by_id)]
                view._loaded = True  # the rows above, already measured: nothing to compute again
                view._parent = self
                self._views[key] = view
        return view


def _is_store_url(source: str | None) -> bool:
    from netmap.io import is_store_url

    return source is not None and is_store_url(source)


def _carer_frame(situations: Iterable[Situation]) -> pd.DataFrame:
    """One row per assessment: whether an active informal actor is exhausted (netmap.measures.is_exhausted) in it."""
    from netmap.measures import is_exhausted

    rows_s, rows_a, rows_x = [], [], []
    for s in situations:
        for a in s.assessments:
            rows_s.append(s.id)
            rows_a.append(a.date)
            rows_x.append(any(not x.formal and x.active and is_exhausted(x.exhaustion) for x in a.actors))
    return pd.DataFrame({"situation": rows_s, "assessment": rows_a, "exhausted_carer": rows_x})


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
