"""The yearly report of a case-management service to its funder: one self-contained, printable HTML page.

Every figure and table is built from the aggregate tables *after* disclosure control
(:mod:`netmap.aggregate`): counts perturbed by cell keys, a small count shown as ``"<k"``
and a derived value over fewer than k situations as ``"x"``, never plotted as a number.
Labels come from the taxonomy (French by default); codes are never shown.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from babel.dates import get_month_names
from babel.numbers import format_decimal
from markupsafe import Markup

from ..aggregate import Filters, select
from ..aggregate.activity import caseload_raw, cohort_raw, funding_raw, meetings_raw
from ..aggregate.cellkey import CellKeys
from ..aggregate.disclosure import RawTable, disclosure_note, hidden_marker, is_hidden, publish, with_total_row
from ..aggregate.fragility import fragility_raw
from ..aggregate.greyzones import greyzones_raw
from ..aggregate.needs import needs_raw
from ..aggregate.sectors import intersectoral_raw, partners_raw, sectors_raw
from ..errors import UsageError
from ..i18n import LANGS as _LANGS
from ..i18n import Np_, Texts, translator
from ..measures.flags import FLAG_NAMES, flag_name
from ..model import Situation
from ..taxonomy import Taxonomy, default_taxonomy
from .page import plotly_div, plotly_js, render

__all__ = ["yearly_report_html"]

LANGS = _LANGS

TEXT: Texts = Texts("yearly report", {
    'title': Np_("yearly report", "Yearly report {year}"),
    'all_services': Np_("yearly report", "All services"),
    'k_note': Np_("yearly report", "{note}"),
    'k_zero': Np_("yearly report", "Internal report: no count is hidden (k = 0). Do not circulate."),
    'generated': Np_("yearly report", "Produced by netmap on {today}."),
    'caseload': Np_("yearly report", "Caseload and capacity"),
    'month': Np_("yearly report", "Month"),
    'active': Np_("yearly report", "Active situations"),
    'requests': Np_("yearly report", "Requests"),
    'opened': Np_("yearly report", "Opened"),
    'closed': Np_("yearly report", "Closed"),
    'refused_saturation': Np_("yearly report", "Refused (saturation)"),
    'refused_criteria': Np_("yearly report", "Refused (criteria)"),
    'capacity': Np_("yearly report", "Capacity"),
    'saturated': Np_("yearly report", "Saturated"),
    'total': Np_("yearly report", "Total"),
    'yes': Np_("yearly report", "yes"),
    'no': Np_("yearly report", "no"),
    'saturation_summary': Np_("yearly report", "Months of saturation (active situations ≥ capacity): {n} of {m}."),
    'no_capacity': Np_("yearly report", "Capacity unknown in the service directory."),
    'hidden_bar': Np_("yearly report", "hidden"),
    'cohort': Np_("yearly report", "Cohorts: opening × closing"),
    'opened_year': Np_("yearly report", "Opened"),
    'closed_state': Np_("yearly report", "Closed"),
    'situations': Np_("yearly report", "Situations"),
    'funding_requests': Np_("yearly report", "Fund requests"),
    'granted_eur': Np_("yearly report", "Amount granted"),
    'not_opened': Np_("yearly report", "not opened"),
    'in_progress': Np_("yearly report", "in progress"),
    'meetings': Np_("yearly report", "Concertations and attendance"),
    'meetings_n': Np_("yearly report", "Concertations"),
    'attendees_mean': Np_("yearly report", "Attendees (mean)"),
    'person_present_share': Np_("yearly report", "Person present"),
    'funding': Np_("yearly report", "Emergency fund"),
    'fund': Np_("yearly report", "Fund"),
    'granted': Np_("yearly report", "Granted"),
    'refused': Np_("yearly report", "Refused"),
    'redirected': Np_("yearly report", "Redirected"),
    'pending': Np_("yearly report", "Pending"),
    'requested_eur': Np_("yearly report", "Amount requested"),
    'partners': Np_("yearly report", "Partners by sector"),
    'sector': Np_("yearly report", "Sector"),
    'present': Np_("yearly report", "Situations where present"),
    'missing': Np_("yearly report", "Situations where missing"),
    'organisations': Np_("yearly report", "Organisations"),
    'organisation': Np_("yearly report", "Organisation"),
    'other_orgs': Np_("yearly report", "{n} other organisation(s)"),
    'each': Np_("yearly report", "{marker} each"),
    'needs': Np_("yearly report", "Uncovered needs: at opening and now"),
    'domain': Np_("yearly report", "Domain"),
    'needs_situations': Np_("yearly report", "Situations with this need"),
    'uncovered_first': Np_("yearly report", "Uncovered at opening"),
    'uncovered_latest': Np_("yearly report", "Uncovered at latest assessment"),
    'informal_only_latest': Np_("yearly report", "Covered by informal network only"),
    'needs_intro': Np_("yearly report", "What case management changed: needs without any provider at the first assessment, and at the latest assessment of the year."),
    'fragility': Np_("yearly report", "Fragility and readiness to withdraw, at closure"),
    'code': Np_("yearly report", "Finding"),
    'share': Np_("yearly report", "Share"),
    'fragility_intro': Np_("yearly report", "Situations closed in {year}, at their latest assessment before closing."),
    'intersectoral': Np_("yearly report", "Ties between sectors"),
    'ties': Np_("yearly report", "Ties"),
    'sector_b': Np_("yearly report", "With sector"),
    'intersectoral_intro': Np_("yearly report", "Number of ties between actors of two sectors, all situations together."),
    'greyzones': Np_("yearly report", "Grey zones"),
    'age_band': Np_("yearly report", "Age"),
    'region': Np_("yearly report", "Region"),
    'housing': Np_("yearly report", "Housing"),
    'of_total': Np_("yearly report", "Share of total"),
    'greyzones_intro': Np_("yearly report", "Persons who fit the criteria of no service in the directory."),
    'empty': Np_("yearly report", "No data for this period."),
    'unknown_age': Np_("yearly report", "age unknown"),
    'level:high': Np_("yearly report", "High fragility"),
    'level:medium': Np_("yearly report", "Medium fragility"),
    'level:low': Np_("yearly report", "Low fragility"),
    'level:none': Np_("yearly report", "No fragility"),
    'ready': Np_("yearly report", "Ready to withdraw"),
})

# housing as the exports word it (netmap.aggregate.localize)
_HOUSING_IDS = {"own_home": "at home", "with_family": "with family", "institution": "in an institution",
                "homeless": "homeless", "badly_housed": "badly housed", "unknown": "unknown"}
# short month names of each language (Babel's CLDR data: janv. / jan. / Jan)
_LOCALES = {"fr": "fr_BE", "nl": "nl_BE", "en": "en_GB"}


class _Fmt:
    """Number and label formatting in one language; hidden cells pass through as ``"<k"``."""

    def __init__(self, lang: str, k: int, taxonomy: Taxonomy):
        self.lang, self.k, self.tax = lang, k, taxonomy
        self.t = TEXT[lang]
        self.months = get_month_names("abbreviated", locale=_LOCALES[lang])

    def hidden(self, v: Any) -> bool:
        return is_hidden(v)

    def num(self, v: Any, decimals: int = 0) -> str:
        if self.hidden(v):
            return v
        if v is None or (isinstance(v, float) and pd.isna(v)):
            return "–"
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(float(v), format=pattern, locale=_LOCALES[self.lang])

    def eur(self, v: Any) -> str:
        if self.hidden(v) or v is None or (isinstance(v, float) and pd.isna(v)):
            return self.num(v)
        return self.num(v) + ("\u00a0€" if self.lang != "en" else " €")

    def pct(self, v: Any) -> str:
        if self.hidden(v) or v is None or (isinstance(v, float) and pd.isna(v)):
            return self.num(v)
        return self.num(100 * float(v)) + ("\u00a0%" if self.lang != "en" else "%")

    def month(self, ym: str) -> str:
        if ym == "total":
            return self.t["total"]
        year, m = ym.split("-")
        return f"{self.months[int(m)]} {year}"

    def sector(self, code: str) -> str:
        return self.tax.sector_label(code, self.lang)

    def domain(self, code: str) -> str:
        return self.tax.domain_label(code, self.lang)

    def housing(self, code: str) -> str:
        return translator(self.lang).pgettext("housing", _HOUSING_IDS[code]) if code in _HOUSING_IDS else code

    def code(self, code: str) -> str:
        if code in FLAG_NAMES:
            return flag_name(code, self.lang)
        return self.t.get(code, code)

    def state(self, v: str) -> str:
        return self.t.get(v, v)


def _plot_value(v: Any) -> float | None:
    """What a chart may draw: a published number, else None (hidden cells are never plotted)."""
    if v is None or isinstance(v, str):
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(f) else f


FIGURE_WIDTH = 680  # px: the printable width of an A4 page (182 mm) at 96 dpi, so print and screen agree


def _figure_html(fig: go.Figure, div_id: str) -> Markup:
    fig.update_layout(margin={"l": 50, "r": 20, "t": 30, "b": 40}, font={"family": "sans-serif", "size": 12},
                      paper_bgcolor="white", plot_bgcolor="white", autosize=False, width=FIGURE_WIDTH,
                      height=fig.layout.height or 320)
    return Markup(plotly_div(fig, div_id))  # noqa: S704 - page.plotly_div escapes the figure's JSON for a script


def _table(headers: list[str], rows: list[list[str]], numeric_from: int = 1) -> dict:
    return {"headers": headers, "rows": rows, "numeric_from": numeric_from}


COUNTED = ("requests", "opened", "closed", "refused_saturation", "refused_criteria")


def _caseload_raws(sits: list[Situation], f: Filters, tax: Taxonomy, k: int) -> dict[str, RawTable]:
    """Per service: the caseload months and a total row (requests, openings, closures, refusals)."""
    raw = caseload_raw(sits, f, tax, k)
    out = {}
    for service in dict.fromkeys(raw.data["service"]):
        idx = raw.data.index[raw.data["service"] == service]
        sub = RawTable(raw.data.loc[idx].reset_index(drop=True),
                       ids={c: [per_row[i] for i in idx] for c, per_row in raw.ids.items()},
                       kinds=raw.kinds, derived=raw.derived)
        out[service] = with_total_row(sub, COUNTED, "month", "total")
    return out


def _caseload_part(service: str, pub: pd.DataFrame, several: bool, tax: Taxonomy, fm: _Fmt, number: int) -> dict:
    months = pub[pub["month"] != "total"]
    cap = tax.capacity(service)
    x = [fm.month(m) for m in months["month"]]
    fig = go.Figure()
    fig.add_bar(x=x, y=[_plot_value(v) for v in months["active"]], name=fm.t["active"], marker_color="#3b6ea8",
                text=[fm.num(v) if fm.hidden(v) else "" for v in months["active"]], textposition="outside")
    if cap is not None:
        fig.add_scatter(x=x, y=[cap] * len(x), mode="lines", name=f"{fm.t['capacity']} ({cap})",
                        line={"color": "#c0392b", "dash": "dash"})
    fig.update_layout(legend={"orientation": "h", "y": -0.2}, yaxis={"rangemode": "tozero"})
    rows = []
    for r in pub.itertuples(index=False):
        total = r.month == "total"
        saturated = ("" if total or cap is None else
                     fm.num(r.saturated) if fm.hidden(r.saturated) else fm.t["yes" if r.saturated else "no"])
        rows.append([fm.month(r.month), "" if total else fm.num(r.active), *[fm.num(getattr(r, c)) for c in COUNTED],
                     saturated])
    n_sat = int((months["saturated"] == True).sum())  # noqa: E712 - hidden cells are strings
    summary = fm.t["saturation_summary"].format(n=n_sat, m=len(months)) if cap is not None else fm.t["no_capacity"]
    name = tax.services[service].name if service in tax.services else service
    headers = [fm.t["month"], fm.t["active"], *[fm.t[c] for c in COUNTED], fm.t["saturated"]]
    return {"subtitle": name if several else None, "figure": _figure_html(fig, f"fig-caseload-{number}"), "summary": summary,
            "table": _table(headers, rows)}


def _activity(sits: list[Situation], f: Filters, tax: Taxonomy, k: int, keys: CellKeys | None
              ) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
    """Caseload per service (with a total row), cohort and fund tables, published.

    They share totals (the cohort's fund requests add up to the fund table, its rows opened
    in the year to the caseload's openings): each published count is perturbed by the cell
    key of its own situations, so none can be recomputed exactly from the others.
    """
    caseloads = {sv: publish(r, k, keys) for sv, r in _caseload_raws(sits, f, tax, k).items()}
    return caseloads, publish(cohort_raw(sits, f, tax, k), k, keys), publish(funding_raw(sits, f, tax, k), k, keys)


def _partner_rows(partners: pd.DataFrame, fm: _Fmt) -> list[list[str]]:
    """Organisations named one by one when published; per sector, the others (hidden counts) in one line."""
    rows: list[list[str]] = []
    for sector, group in partners.groupby("sector", sort=False):
        hidden = group["situations"].map(fm.hidden)
        rows += [[fm.sector(sector), r.organisation, fm.num(r.situations)]
                 for r in group[~hidden].itertuples(index=False)]
        if hidden.any():
            rows.append([fm.sector(sector), fm.t["other_orgs"].format(n=int(hidden.sum())),
                         fm.t["each"].format(marker=hidden_marker(fm.k))])
    return rows


def at_closure(measures: pd.DataFrame, closed: list[Situation]) -> pd.DataFrame:
    """The measure rows of ``closed`` situations dated on or before their closing day."""
    if measures.empty:
        return measures
    closing = pd.Series({s.id: pd.Timestamp(s.closed) for s in closed}, dtype="datetime64[ns]")
    m = measures[measures["situation"].isin(closing.index)]
    if m.empty:  # nothing closed: pandas cannot map an empty selection onto dates
        return m
    return m[pd.to_datetime(m["assessment"]) <= m["situation"].map(closing)]


def yearly_report_html(situations: list[Situation], year: int, *, service: str | None = None, k: int = 5,
                       lang: str = "fr", measures: pd.DataFrame | None = None,
                       taxonomy: Taxonomy | None = None, today: dt.date | None = None,
                       cell_keys: CellKeys | None = None) -> str:
    """The yearly report of ``service`` (or of all services) for ``year``, as one HTML page.

    Parameters
    ----------
    situations
        All situations; those of ``service`` that overlap the year are reported.
    year
        The calendar year; "in progress" is judged on 31 December.
    service
        A service id (e.g. ``kirikou-cm``); None reports every service together.
    k
        Disclosure threshold (default 5; 0 for internal use: nothing hidden).
    lang
        ``fr`` (default) or ``en``.
    measures
        The measure table of these situations if already computed (e.g. cached in the store).
    taxonomy
        Default: :func:`netmap.taxonomy.default_taxonomy`.
    today
        The date printed as the production date (default: today).
    cell_keys
        The cell keys of the store the situations come from
        (:func:`netmap.aggregate.cell_keys_for`); default: those of the default secret.

    Returns
    -------
    str
        A self-contained page (plotly.js inline, no external request), printable on A4.
    """
    if lang not in LANGS:
        raise UsageError(f"unknown language; expected one of {', '.join(LANGS)}")
    if k < 0:
        raise UsageError("k must be 0 or more")
    tax = taxonomy or default_taxonomy()
    f = Filters(service=service, date_from=dt.date(year, 1, 1), date_to=dt.date(year, 12, 31))
    sits = select(situations, f)
    if measures is None:
        from ..measures import measure_table

        measures = measure_table(sits, taxonomy=tax)
    if k > 0 and cell_keys is None:
        from ..aggregate import cell_keys_for

        cell_keys = cell_keys_for(None)
    keys = cell_keys

    def pub(raw: RawTable) -> pd.DataFrame:
        return publish(raw, k, keys)

    fm = _Fmt(lang, k, tax)
    t = fm.t
    sections: list[dict] = []

    caseloads, cohort, funding = _activity(sits, f, tax, k, keys)
    sections.append({"id": "caseload", "title": t["caseload"], "parts": [
        _caseload_part(sv, pub, len(caseloads) > 1, tax, fm, i) for i, (sv, pub) in enumerate(caseloads.items())]})

    sections.append({"id": "cohort", "title": t["cohort"], "parts": [{"table": _table(
        [t["opened_year"], t["closed_state"], t["situations"], t["funding_requests"], t["granted_eur"]],
        [[fm.state(r.opened), fm.state(r.closed), fm.num(r.situations), fm.num(r.funding_requests),
          fm.eur(r.granted_eur)] for r in cohort.itertuples(index=False)], numeric_from=2)}]})

    meetings = pub(meetings_raw(sits, f, tax, k, kinds=("concertation",)))
    sections.append({"id": "meetings", "title": t["meetings"], "parts": [{"table": _table(
        [t["month"], t["situations"], t["meetings_n"], t["attendees_mean"], t["person_present_share"]],
        [[fm.month(r.month), fm.num(r.situations), fm.num(r.meetings), fm.num(r.attendees_mean, 2),
          fm.pct(r.person_present_share)] for r in meetings.itertuples(index=False)])}]})

    sections.append({"id": "funding", "title": t["funding"], "parts": [{"table": _table(
        [t["fund"], t["requests"], t["granted"], t["refused"], t["redirected"], t["pending"], t["requested_eur"],
         t["granted_eur"]],
        [[r.fund, fm.num(r.requests), fm.num(r.granted), fm.num(r.refused), fm.num(r.redirected), fm.num(r.pending),
          fm.eur(r.requested_eur), fm.eur(r.granted_eur)] for r in funding.itertuples(index=False)])}]})

    sectors = pub(sectors_raw(sits, measures, f, tax, k))
    partners = pub(partners_raw(sits, measures, f, tax, k))
    sections.append({"id": "partners", "title": t["partners"], "parts": [
        {"table": _table([t["sector"], t["present"], t["missing"], t["organisations"]],
                         [[fm.sector(r.sector), fm.num(r.present), fm.num(r.missing), fm.num(r.organisations)]
                          for r in sectors.itertuples(index=False)])},
        {"table": _table([t["sector"], t["organisation"], t["situations"]], _partner_rows(partners, fm),
                         numeric_from=2)},
    ]})

    needs = pub(needs_raw(sits, measures, f, tax, k))
    nfig = go.Figure()
    labels = [fm.domain(d) for d in needs["domain"]]
    for col, color in (("uncovered_first", "#c0392b"), ("uncovered_latest", "#3b6ea8")):
        nfig.add_bar(y=labels, x=[_plot_value(v) for v in needs[col]], name=t[col], orientation="h",
                     marker_color=color, text=[v if fm.hidden(v) else "" for v in needs[col]], textposition="outside")
    nfig.update_layout(barmode="group", legend={"orientation": "h", "y": -0.15},
                       yaxis={"autorange": "reversed"}, height=max(320, 40 * len(labels) + 120))
    sections.append({"id": "needs", "title": t["needs"], "intro": t["needs_intro"], "parts": [
        {"figure": _figure_html(nfig, "fig-needs") if len(needs) else None,
         "table": _table([t["domain"], t["needs_situations"], t["uncovered_first"], t["uncovered_latest"],
                          t["informal_only_latest"]],
                         [[fm.domain(r.domain), fm.num(r.situations), fm.num(r.uncovered_first),
                           fm.num(r.uncovered_latest), fm.num(r.informal_only_latest)]
                          for r in needs.itertuples(index=False)])}]})

    closed = [s for s in sits if s.closed is not None and s.closed.year == year]
    frag = pub(fragility_raw(closed, at_closure(measures, closed), f, tax, k))
    # flags no closed situation raised are left out; levels and readiness always shown
    frag = frag[frag["code"].str.startswith("level:") | (frag["code"] == "ready") | (frag["situations"] != 0)]
    sections.append({"id": "fragility", "title": t["fragility"], "intro": t["fragility_intro"].format(year=year),
                     "parts": [{"table": _table([t["code"], t["situations"], t["share"]],
                                                [[fm.code(r.code), fm.num(r.situations), fm.pct(r.share)]
                                                 for r in frag.itertuples(index=False)])}]})

    inter = pub(intersectoral_raw(sits, measures, f, tax, k))
    sections.append({"id": "intersectoral", "title": t["intersectoral"], "intro": t["intersectoral_intro"],
                     "parts": [{"figure": _heatmap(inter, fm) if len(inter) else None,
                                "table": _table([t["sector"], t["sector_b"], t["ties"], t["situations"]],
                                                [[fm.sector(r.sector_a), fm.sector(r.sector_b), fm.num(r.ties),
                                                  fm.num(r.situations)] for r in inter.itertuples(index=False)],
                                                numeric_from=2)}]})

    grey = pub(greyzones_raw(sits, f, tax, k))
    sections.append({"id": "greyzones", "title": t["greyzones"], "intro": t["greyzones_intro"], "parts": [
        {"table": _table([t["age_band"], t["region"], t["housing"], t["situations"], t["of_total"]],
                         [[t["unknown_age"] if r.age_band == "unknown" else r.age_band, tax.region_label(r.region, lang),
                           fm.housing(r.housing), fm.num(r.situations), fm.pct(r.of_total)]
                          for r in grey.itertuples(index=False)], numeric_from=3)}]})

    service_name = (tax.services[service].name if service in tax.services else service) if service else t["all_services"]
    # every key the template reads, present (the page environment treats a missing one as an error)
    sections = [{"intro": None, **sec, "parts": [{"subtitle": None, "figure": None, "summary": None, "table": None, **part}
                                                 for part in sec["parts"]]} for sec in sections]
    return render(
        "yearly.html.j2",
        lang=lang, title=t["title"].format(year=year), service_name=service_name, year=year,
        k_note=t["k_zero"] if k == 0 else t["k_note"].format(note=disclosure_note(k, lang)),
        generated=t["generated"].format(today=(today or dt.date.today()).isoformat()),
        sections=sections, empty=t["empty"], plotly_js=Markup(plotly_js()),  # noqa: S704 - made safe by page
    )


def _heatmap(inter: pd.DataFrame, fm: _Fmt) -> Markup:
    codes = list(dict.fromkeys([*inter["sector_a"], *inter["sector_b"]]))
    order = {c: i for i, c in enumerate(fm.tax.sectors)}
    codes.sort(key=lambda c: (order.get(c, len(order)), c))
    pos = {c: i for i, c in enumerate(codes)}
    n = len(codes)
    z: list[list[float | None]] = [[None] * n for _ in range(n)]
    text = [[""] * n for _ in range(n)]
    for r in inter.itertuples(index=False):
        for a, b in ((r.sector_a, r.sector_b), (r.sector_b, r.sector_a)):
            z[pos[a]][pos[b]] = _plot_value(r.ties)
            text[pos[a]][pos[b]] = fm.num(r.ties)
    labels = [fm.sector(c) for c in codes]
    fig = go.Figure(go.Heatmap(z=z, x=labels, y=labels, text=text, texttemplate="%{text}", colorscale="Blues",
                               hoverongaps=False, colorbar={"title": fm.t["ties"]}))
    # hidden cells: a flat grey square marked "<k", never a colour on the scale
    grey = [[1.0 if fm.hidden(text[i][j]) else None for j in range(n)] for i in range(n)]
    if any(v is not None for row in grey for v in row):
        grey_text = [[text[i][j] if grey[i][j] is not None else "" for j in range(n)] for i in range(n)]
        fig.add_trace(go.Heatmap(z=grey, x=labels, y=labels, text=grey_text, texttemplate="%{text}", showscale=False,
                                 colorscale=[[0, "#d9dde3"], [1, "#d9dde3"]], hoverinfo="skip", hoverongaps=False))
    fig.update_layout(height=max(360, 40 * n + 160), yaxis={"autorange": "reversed"})
    return _figure_html(fig, "fig-sector-ties")
