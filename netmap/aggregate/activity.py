"""Activity tables of a service: cohort, caseload by month, meetings by month, emergency funding.

These tables need only the situations (no network measures). Each ``*_raw`` function
returns a :class:`~netmap.aggregate.disclosure.RawTable`; :func:`netmap.aggregate.aggregate`
applies disclosure control.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ..model import Situation
from ..taxonomy import Taxonomy
from .disclosure import Line, RawTable
from .filters import Filters, month_range, situation_frame

__all__ = ["caseload_raw", "cohort_raw", "funding_raw", "meetings_raw"]

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
    ``funding_requests`` counts the requests of these situations dated in the period
    (protected by the number of situations that made them: 2 requests reveal that 1 or 2
    persons asked); ``granted_eur`` sums the amounts granted on them (a sum over the
    situations with a granted amount, protected as such). Both are hidden with
    ``situations``. Rows sorted by opening year, then closing state.
    """
    sf = situation_frame(situations, filters)
    opened = sf["opened"].dt.year.astype("Int64").astype(str).where(sf["opened"].notna(), "not_opened")
    closed = sf["closed"].dt.year.astype("Int64").astype(str)
    closed = closed.where(sf["closed"].notna(), np.where(sf["opened"].notna(), "in_progress", "not_opened"))
    n_req, granted = [], []
    for s in situations:
        fs = [x for x in s.funding if _in_window(x.date, filters)]
        n_req.append(len(fs))
        granted.append(sum((x.granted_eur or 0.0) for x in fs if x.status == "granted"))
    df = pd.DataFrame({"opened": opened.to_numpy(), "closed": closed.to_numpy(), "n_req": n_req, "granted": granted})
    df["has_grant"] = df["granted"] > 0
    df["has_req"] = df["n_req"] > 0
    g = df.groupby(["opened", "closed"], sort=False).agg(
        situations=("n_req", "size"), funding_requests=("n_req", "sum"), req_support=("has_req", "sum"),
        granted_eur=("granted", "sum"), grant_support=("has_grant", "sum")).reset_index()
    g["key"] = [(_year_sort(o, ("not_opened",)), _year_sort(c, ("in_progress", "not_opened")))
                for o, c in zip(g["opened"], g["closed"], strict=True)]
    g = g.sort_values("key").reset_index(drop=True)
    g["granted_eur"] = g["granted_eur"].round(2)
    data = g[COHORT_COLUMNS].astype({"situations": int, "funding_requests": int})
    return RawTable(
        data,
        support={"situations": data["situations"], "funding_requests": g["req_support"],
                 "granted_eur": g["grant_support"]},
        counts=("situations",),
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
    from ``--from`` (else the earliest request) to the period's end. ``saturated`` is
    hidden with ``active`` unless it is false and the capacity is at least k (then it says
    nothing the hidden ``active`` does not already say).
    """
    sf = situation_frame(situations, filters)
    first = sf["requested"].min().date() if len(sf) else None
    months = _months(filters, first)
    services = sorted(sf["service"].unique()) if len(sf) else ([filters.service] if filters.service else [])
    if filters.service and not services:
        services = [filters.service]
    frames = []
    if months:
        periods = pd.PeriodIndex(months, freq="M")
        m_start = periods.start_time.to_numpy()
        m_end = periods.end_time.to_numpy()
        for service in services:
            sub = sf[sf["service"] == service]
            op = sub["opened"].to_numpy()[:, None]
            cl = sub["closed"].to_numpy()[:, None]
            active = ((~np.isnat(op)) & (op <= m_end) & (np.isnat(cl) | (cl >= m_start))).sum(axis=0)

            def per_month(dates: pd.Series, mask: pd.Series | None = None) -> np.ndarray:
                d = dates if mask is None else dates[mask]
                counts = d.dropna().dt.to_period("M").value_counts()
                return counts.reindex(periods, fill_value=0).to_numpy()

            cap = taxonomy.capacity(service)
            frame = pd.DataFrame({
                "service": service,
                "month": months,
                "active": active.astype(int),
                "requests": per_month(sub["requested"]),
                "opened": per_month(sub["opened"]),
                "closed": per_month(sub["closed"]),
                "refused_saturation": per_month(sub["requested"], sub["outcome"] == "refused_saturation"),
                "refused_criteria": per_month(sub["requested"], sub["outcome"] == "refused_criteria"),
                "capacity": cap,
            })
            frame["saturated"] = (frame["active"] >= cap) if cap is not None else None
            frames.append(frame)
    data = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=CASELOAD_COLUMNS)
    data = data[CASELOAD_COLUMNS]
    data["capacity"] = data["capacity"].astype(object).where(data["capacity"].notna(), None)
    counts = ("active", "requests", "opened", "closed", "refused_saturation", "refused_criteria")
    support = {c: data[c] for c in counts}
    harmless = (data["saturated"] == False) & pd.to_numeric(data["capacity"]).ge(k)  # noqa: E712
    support["saturated"] = data["active"].where(~harmless, 0)
    return RawTable(data, support=support, counts=counts)


def meetings_raw(situations: list[Situation], filters: Filters, taxonomy: Taxonomy, k: int = 5,
                 kinds: tuple[str, ...] | None = None) -> RawTable:
    """Meetings by month, plus a row ``month = "total"`` over the whole period.

    Meetings dated in the period count (all kinds, or only ``kinds``). ``situations``:
    situations with a meeting that month (in the total row: over the period, each counted
    once); ``attendees_mean``: mean number of attendees per meeting, the person included,
    2 decimals; ``person_present_share``: share of meetings the person attended (4
    decimals). Months run over the period when ``--from`` and ``--to`` are given, else
    from the first to the last month with a meeting. ``meetings`` and the means are hidden
    with their row's ``situations``; the month rows of ``situations`` and ``meetings``
    add up to the total row (for ``situations`` at most), so both columns are lines for
    secondary suppression.
    """
    rows = [(s.id, m.date, len(m.attendees), "person" in m.attendees)
            for s in situations for m in s.meetings
            if _in_window(m.date, filters) and (kinds is None or m.kind in kinds)]
    mt = pd.DataFrame(rows, columns=["situation", "date", "attendees", "person"])
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
        }

    by_month = dict(iter(mt.groupby("month"))) if len(mt) else {}
    empty = mt.iloc[0:0]
    records = [{"month": mo, **summary(by_month.get(mo, empty))} for mo in months]
    records.append({"month": "total", **summary(mt)})
    data = pd.DataFrame(records, columns=MEETINGS_COLUMNS)
    n = len(months)
    lines = [Line(tuple((i, col) for i in range(n)), (n, col)) for col in ("situations", "meetings")]
    return RawTable(
        data,
        support={c: data["situations"] for c in ("situations", "meetings", "attendees_mean", "person_present_share")},
        counts=("situations",),
        lines=lines,
        links={"situations": ("meetings", "attendees_mean", "person_present_share")},
    )


def funding_raw(situations: list[Situation], filters: Filters, taxonomy: Taxonomy, k: int = 5) -> RawTable:
    """Emergency-fund requests dated in the period, one row per fund (sorted by name).

    ``requests`` = ``granted`` + ``refused`` + ``redirected`` + ``pending`` (a line for
    secondary suppression). Each count is protected by the number of distinct situations
    behind it; ``requested_eur`` by the fund's situations, ``granted_eur`` by the
    situations granted. Everything is hidden with ``requests``.
    """
    rows = [(s.id, x.fund, x.status, float(x.requested_eur), float(x.granted_eur or 0.0) if x.status == "granted" else 0.0)
            for s in situations for x in s.funding if _in_window(x.date, filters)]
    ft = pd.DataFrame(rows, columns=["situation", "fund", "status", "requested_eur", "granted_eur"])
    funds = sorted(ft["fund"].unique())
    records, sup = [], []
    for fund in funds:
        sub = ft[ft["fund"] == fund]
        rec = {"fund": fund, "requests": len(sub)}
        srec = {"requests": sub["situation"].nunique()}
        for status in ("granted", "refused", "redirected", "pending"):
            st = sub[sub["status"] == status]
            rec[status] = len(st)
            srec[status] = st["situation"].nunique()
        rec["requested_eur"] = round(float(sub["requested_eur"].sum()), 2)
        rec["granted_eur"] = round(float(sub["granted_eur"].sum()), 2)
        srec["requested_eur"] = srec["requests"]
        srec["granted_eur"] = srec["granted"]
        records.append(rec)
        sup.append(srec)
    data = pd.DataFrame(records, columns=FUNDING_COLUMNS)
    support = pd.DataFrame(sup, columns=FUNDING_COLUMNS[1:])
    lines = [Line(tuple((i, c) for c in ("granted", "refused", "redirected", "pending")), (i, "requests"))
             for i in range(len(data))]
    return RawTable(
        data,
        support={c: support[c] for c in support.columns},
        counts=(),
        lines=lines,
        links={"requests": tuple(FUNDING_COLUMNS[2:]), "granted": ("granted_eur",)},
    )
