"""Activity tables of a service: cohort, caseload by month, meetings by month, emergency funding.

These tables need only the situations (no network measures). Each ``*_raw`` function
returns a :class:`~netmap.aggregate.disclosure.RawTable`; :func:`netmap.aggregate.aggregate`
applies disclosure control.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..model import Situation
from ..taxonomy import Taxonomy
from .disclosure import RawTable
from .filters import Filters, month_range, situation_frame

__all__ = ["caseload_from_frame", "caseload_raw", "cohort_from", "cohort_raw", "funding_from_rows", "funding_raw", "meetings_from_rows",
           "meetings_raw"]

COHORT_COLUMNS = ["opened", "closed", "situations", "funding_requests", "granted_eur"]
CASELOAD_COLUMNS = ["service", "month", "active", "requests", "opened", "closed",
                    "refused_saturation", "refused_criteria", "capacity", "saturated"]
MEETINGS_COLUMNS = ["month", "situations", "meetings", "attendees_mean", "person_present_share"]
FUNDING_COLUMNS = ["fund", "requests", "granted", "refused", "redirected", "pending", "requested_eur", "granted_eur"]


def _in_window(d: dt.date, f: Filters) -> bool:
    return (f.date_from is None or d >= f.date_from) and d <= f.period_end


def _year_sort(v: str, last: tuple[str, ...]) -> tuple[int, str]:
    return (last.index(v) + 1, "") if v in last else (0, v)


def cohort_raw(situations: list[Situation], filters: Filters, taxonomy: Taxonomy, k: int = 5) -> RawTable:
    """Situations by opening year × closing state, with their emergency-fund requests.

    ``opened`` is the opening year, or ``"not_opened"`` (requests refused, redirected or
    pending, and follow-ups opened after ``as_of``). ``closed`` is the closing year, or
    ``"in_progress"`` for a follow-up not closed on ``as_of``, or ``"not_opened"``.
    ``funding_requests`` counts the requests of these situations dated in the period (a
    count of requests, perturbed by the key of the situations that made them);
    ``granted_eur`` sums the amounts granted on them (a sum over the situations with a
    granted amount). Both are hidden with ``situations``. Rows sorted by opening year,
    then closing state.
    """
    n_req: dict[str, int] = {}
    granted: dict[str, float] = {}
    for s in situations:
        fs = [x for x in s.funding if _in_window(x.date, filters)]
        n_req[s.id] = len(fs)
        granted[s.id] = sum((x.granted_eur or 0.0) for x in fs if x.status == "granted")
    return cohort_from(situation_frame(situations, filters), n_req, granted)


def cohort_from(sf: pd.DataFrame, n_req: Mapping[str, int], granted: Mapping[str, float]) -> RawTable:
    """:func:`cohort_raw` from the situation frame and, per situation, its requests dated in the period
    and the amount granted on them (absent: none)."""
    opened = sf["opened"].dt.year.astype("Int64").astype(str).where(sf["opened"].notna(), "not_opened")
    closed = sf["closed"].dt.year.astype("Int64").astype(str)
    closed = closed.where(sf["closed"].notna(), np.where(sf["opened"].notna(), "in_progress", "not_opened"))
    groups: dict[tuple[str, str], dict] = {}
    for sid, o, c in zip(sf["situation"], opened, closed, strict=True):
        g = groups.setdefault((o, c), {"ids": set(), "n_req": 0, "req_ids": set(), "granted": 0.0, "grant_ids": set()})
        g["ids"].add(sid)
        if n_req.get(sid, 0):
            g["n_req"] += n_req[sid]
            g["req_ids"].add(sid)
        amount = granted.get(sid, 0)
        if amount > 0:
            g["granted"] += amount
            g["grant_ids"].add(sid)
    keys = sorted(groups, key=lambda oc: (_year_sort(oc[0], ("not_opened",)),
                                          _year_sort(oc[1], ("in_progress", "not_opened"))))
    rows = [groups[oc] for oc in keys]
    data = pd.DataFrame({
        "opened": [o for o, _ in keys], "closed": [c for _, c in keys],
        "situations": [len(g["ids"]) for g in rows], "funding_requests": [g["n_req"] for g in rows],
        "granted_eur": [round(g["granted"], 2) for g in rows],
    }, columns=COHORT_COLUMNS).astype({"situations": int, "funding_requests": int})
    return RawTable(
        data,
        ids={"situations": [g["ids"] for g in rows], "funding_requests": [g["req_ids"] for g in rows],
             "granted_eur": [g["grant_ids"] for g in rows]},
        kinds={"situations": "count", "funding_requests": "events", "granted_eur": "eur"},
        links={"situations": ("funding_requests", "granted_eur")},
    )


def _months(filters: Filters, first: dt.date | None) -> list[str]:
    start = filters.date_from or first
    if start is None:
        return []
    return month_range(start, filters.period_end)


def caseload_raw(situations: list[Situation], filters: Filters, taxonomy: Taxonomy, k: int = 5) -> RawTable:
    """Service × month over the period: active follow-ups against the directory capacity.

    ``active``: opened on or before the month's end and not closed before its start (as
    known on ``as_of``). ``requests``, ``opened``, ``closed``: dated in the month.
    ``refused_saturation`` / ``refused_criteria``: requests of the month with that outcome
    (the refusal is dated by the request). ``capacity`` from the service directory (null if
    unknown); ``saturated`` = active ≥ capacity (null without capacity). The months run
    from ``--from`` (else the earliest request) to the period's end. Published, ``saturated``
    compares the published ``active`` with the capacity, and is hidden (``"x"``) with it.
    """
    return caseload_from_frame(situation_frame(situations, filters), filters, taxonomy)


def caseload_from_frame(sf: pd.DataFrame, filters: Filters, taxonomy: Taxonomy) -> RawTable:
    """:func:`caseload_raw` from the situation frame of the situations (:func:`.filters.situation_frame`)."""
    first = sf["requested"].min().date() if len(sf) else None
    months = _months(filters, first)
    services = sorted(sf["service"].unique()) if len(sf) else ([filters.service] if filters.service else [])
    if filters.service and not services:
        services = [filters.service]
    frames = []
    ids: dict[str, list[frozenset]] = {c: [] for c in _CASELOAD_COUNTS}
    if months:
        periods = pd.PeriodIndex(months, freq="M")
        m_start = periods.start_time.to_numpy()
        m_end = periods.end_time.to_numpy()
        month_numbers = periods.start_time.to_numpy().astype("datetime64[M]").astype("int64")
        for service in services:
            sub = sf[sf["service"] == service]
            sid = sub["situation"].to_numpy()
            op = sub["opened"].to_numpy()[:, None]
            cl = sub["closed"].to_numpy()[:, None]
            masks = {"active": (~np.isnat(op)) & (op <= m_end) & (np.isnat(cl) | (cl >= m_start))}

            def in_month(dates: pd.Series, mask: pd.Series | None = None) -> np.ndarray:
                # months as numbers since 1970-01 on both sides (comparing Period objects took 38 s of the 39 s
                # of this table over 100,000 situations)
                d = pd.to_datetime(dates).to_numpy().astype("datetime64[M]").astype("int64")[:, None]
                hit = d == month_numbers[None, :]
                hit &= dates.notna().to_numpy()[:, None]
                return hit if mask is None else hit & mask.to_numpy()[:, None]

            masks["requests"] = in_month(sub["requested"])
            masks["opened"] = in_month(sub["opened"])
            masks["closed"] = in_month(sub["closed"])
            masks["refused_saturation"] = in_month(sub["requested"], sub["outcome"] == "refused_saturation")
            masks["refused_criteria"] = in_month(sub["requested"], sub["outcome"] == "refused_criteria")
            cap = taxonomy.capacity(service)
            frame = pd.DataFrame({"service": service, "month": months,
                                  **{c: m.sum(axis=0).astype(int) for c, m in masks.items()}, "capacity": cap})
            for c, m in masks.items():
                ids[c] += [frozenset(sid[m[:, j]]) for j in range(len(months))]
            frame["saturated"] = (frame["active"] >= cap) if cap is not None else None
            frames.append(frame)
    data = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=CASELOAD_COLUMNS)
    data = data[CASELOAD_COLUMNS]
    data["capacity"] = data["capacity"].astype(object).where(data["capacity"].notna(), None)
    return RawTable(data, ids=ids, kinds=dict.fromkeys(_CASELOAD_COUNTS, "count"),
                    derived={"saturated": ("active", _saturated)})


_CASELOAD_COUNTS = ("active", "requests", "opened", "closed", "refused_saturation", "refused_criteria")


def _saturated(active: object, row: pd.Series) -> bool | None:
    """Saturation as published: the published number of active follow-ups against the capacity."""
    cap = row["capacity"]
    if cap is None or active is None or (isinstance(cap, float) and pd.isna(cap)):
        return None
    return bool(active >= cap)


def meetings_raw(situations: list[Situation], filters: Filters, taxonomy: Taxonomy, k: int = 5,
                 kinds: tuple[str, ...] | None = None) -> RawTable:
    """Meetings by month, plus a row ``month = "total"`` over the whole period.

    Meetings dated in the period count (all kinds, or only ``kinds``). ``situations``:
    situations with a meeting that month (in the total row: over the period, each counted
    once); ``attendees_mean``: mean number of attendees per meeting, the person included,
    2 decimals; ``person_present_share``: share of meetings the person attended (4
    decimals). Months run over the period when ``--from`` and ``--to`` are given, else
    from the first to the last month with a meeting. ``meetings`` is perturbed by the cell
    key of the row's situations; it and the means are hidden with the row's ``situations``.
    Published, ``person_present_share`` is the perturbed number of meetings the person
    attended over the published ``meetings``.
    """
    rows = [(s.id, m.date, len(m.attendees), "person" in m.attendees)
            for s in situations for m in s.meetings
            if _in_window(m.date, filters) and (kinds is None or m.kind in kinds)]
    return meetings_from_rows(pd.DataFrame(rows, columns=["situation", "date", "attendees", "person"]), filters)


def meetings_from_rows(mt: pd.DataFrame, filters: Filters) -> RawTable:
    """:func:`meetings_raw` from one row per meeting counted (``situation``, ``date`` a datetime.date,
    ``attendees``, ``person``), in the order of the situations and of their meetings."""
    mt["month"] = pd.to_datetime(mt["date"]).dt.strftime("%Y-%m")
    if filters.date_from and filters.date_to:
        months = month_range(filters.date_from, filters.date_to)
    elif len(mt):
        months = month_range(min(mt["date"]), max(mt["date"]))
    else:
        months = []

    def summary(sub: pd.DataFrame) -> dict:
        n = len(sub)
        return {
            "situations": int(sub["situation"].nunique()),
            "meetings": n,
            "attendees_mean": round(float(sub["attendees"].mean()), 2) if n else None,
            "person_present_share": round(float(sub["person"].mean()), 4) if n else None,
            "_present": int(sub["person"].sum()),
            "ids": frozenset(sub["situation"]),
            "present_ids": frozenset(sub.loc[sub["person"].astype(bool), "situation"]),
        }

    by_month = dict(iter(mt.groupby("month"))) if len(mt) else {}
    empty = mt.iloc[0:0]
    records = [{"month": mo, **summary(by_month.get(mo, empty))} for mo in months]
    records.append({"month": "total", **summary(mt)})
    data = pd.DataFrame(records, columns=[*MEETINGS_COLUMNS, "_present"])
    ids = [r["ids"] for r in records]
    return RawTable(
        data,
        ids={"situations": ids, "meetings": ids, "attendees_mean": ids, "_present": [r["present_ids"] for r in records]},
        kinds={"situations": "count", "meetings": "events", "attendees_mean": "mean", "_present": "events"},
        shares={"person_present_share": ("_present", "meetings")},
        links={"situations": ("meetings", "attendees_mean", "person_present_share")},
    )


def funding_raw(situations: list[Situation], filters: Filters, taxonomy: Taxonomy, k: int = 5) -> RawTable:
    """Emergency-fund requests dated in the period, one row per fund (sorted by name).

    ``requests`` = ``granted`` + ``refused`` + ``redirected`` + ``pending`` (exactly; once
    published, each is perturbed on its own). Each count of requests is perturbed by the
    cell key of the situations that made them and hidden with them; ``requested_eur`` stands
    on the fund's situations, ``granted_eur`` on the situations granted. Everything is
    hidden with ``requests``.
    """
    rows = [(s.id, x.fund, x.status, float(x.requested_eur), float(x.granted_eur or 0.0) if x.status == "granted" else 0.0)
            for s in situations for x in s.funding if _in_window(x.date, filters)]
    return funding_from_rows(pd.DataFrame(rows, columns=["situation", "fund", "status", "requested_eur",
                                                          "granted_eur"]))


def funding_from_rows(ft: pd.DataFrame) -> RawTable:
    """:func:`funding_raw` from one row per request dated in the period (``situation``, ``fund``, ``status``,
    ``requested_eur``, ``granted_eur`` the amount granted or 0)."""
    funds = sorted(ft["fund"].unique())
    records = []
    ids: dict[str, list[frozenset]] = {c: [] for c in FUNDING_COLUMNS[1:]}
    for fund in funds:
        sub = ft[ft["fund"] == fund]
        rec = {"fund": fund, "requests": len(sub)}
        ids["requests"].append(frozenset(sub["situation"]))
        for status in ("granted", "refused", "redirected", "pending"):
            st = sub[sub["status"] == status]
            rec[status] = len(st)
            ids[status].append(frozenset(st["situation"]))
        rec["requested_eur"] = round(float(sub["requested_eur"].sum()), 2)
        rec["granted_eur"] = round(float(sub["granted_eur"].sum()), 2)
        ids["requested_eur"].append(ids["requests"][-1])
        ids["granted_eur"].append(ids["granted"][-1])
        records.append(rec)
    data = pd.DataFrame(records, columns=FUNDING_COLUMNS)
    counts = ("requests", "granted", "refused", "redirected", "pending")
    return RawTable(
        data,
        ids=ids,
        kinds={**dict.fromkeys(counts, "events"), "requested_eur": "eur", "granted_eur": "eur"},
        links={"requests": tuple(FUNDING_COLUMNS[2:]), "granted": ("granted_eur",)},
    )
