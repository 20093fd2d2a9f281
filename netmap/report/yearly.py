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
from ..measures.flags import FLAG_NAMES
from ..model import Situation
from ..taxonomy import Taxonomy, default_taxonomy
from .page import plotly_div, plotly_js, render

__all__ = ["yearly_report_html"]

LANGS = ("fr", "en")

TEXT: dict[str, dict[str, str]] = {
    "fr": {
        "title": "Rapport annuel {year}", "all_services": "Tous les services",
        "k_note": "{note}",
        "k_zero": "Rapport à usage interne : aucun effectif n'est masqué (k = 0). Ne pas diffuser.",
        "generated": "Produit par netmap le {today}.",
        "caseload": "File active et capacité", "month": "Mois", "active": "Situations actives",
        "requests": "Demandes", "opened": "Ouvertures", "closed": "Clôtures",
        "refused_saturation": "Refus (saturation)", "refused_criteria": "Refus (critères)",
        "capacity": "Capacité", "saturated": "Saturé", "total": "Total", "yes": "oui", "no": "non",
        "saturation_summary": "Mois à saturation (situations actives ≥ capacité) : {n} sur {m}.",
        "no_capacity": "Capacité inconnue dans l'annuaire des services.",
        "hidden_bar": "masqué",
        "cohort": "Cohortes : ouverture × clôture", "opened_year": "Ouverture", "closed_state": "Clôture",
        "situations": "Situations", "funding_requests": "Demandes au fonds", "granted_eur": "Montant accordé",
        "not_opened": "non ouverte", "in_progress": "en cours",
        "meetings": "Concertations et participation", "meetings_n": "Concertations",
        "attendees_mean": "Participants (moyenne)", "person_present_share": "Personne présente",
        "funding": "Fonds d'urgence", "fund": "Fonds", "granted": "Accordées", "refused": "Refusées",
        "redirected": "Réorientées", "pending": "En attente", "requested_eur": "Montant demandé",
        "partners": "Partenaires par secteur", "sector": "Secteur", "present": "Situations où présent",
        "missing": "Situations où manquant", "organisations": "Organisations", "organisation": "Organisation",
        "other_orgs": "{n} autre(s) organisation(s)", "each": "{marker} chacune",
        "needs": "Besoins non couverts : à l'ouverture et aujourd'hui", "domain": "Domaine",
        "needs_situations": "Situations avec ce besoin", "uncovered_first": "Non couvert à l'ouverture",
        "uncovered_latest": "Non couvert à la dernière évaluation", "informal_only_latest": "Couvert par l'entourage seul",
        "needs_intro": "Ce que le case management a changé : besoins sans aucun prestataire à la première évaluation, "
                       "et à la dernière évaluation de l'année.",
        "fragility": "Fragilité et préparation au retrait, à la clôture", "code": "Constat", "share": "Part",
        "fragility_intro": "Situations clôturées en {year}, à leur dernière évaluation avant la clôture.",
        "intersectoral": "Liens entre secteurs", "ties": "Liens", "sector_b": "Avec le secteur",
        "intersectoral_intro": "Nombre de liens entre acteurs de deux secteurs, toutes situations confondues.",
        "greyzones": "Zones grises", "age_band": "Âge", "region": "Région", "housing": "Logement",
        "of_total": "Part du total",
        "greyzones_intro": "Personnes qui ne correspondent aux critères d'aucun service de l'annuaire.",
        "empty": "Aucune donnée pour cette période.", "unknown_age": "âge inconnu",
        "level:high": "Fragilité élevée", "level:medium": "Fragilité moyenne", "level:low": "Fragilité faible",
        "level:none": "Aucune fragilité", "ready": "Prête pour le retrait",
    },
    "en": {
        "title": "Yearly report {year}", "all_services": "All services",
        "k_note": "{note}",
        "k_zero": "Internal report: no count is hidden (k = 0). Do not circulate.",
        "generated": "Produced by netmap on {today}.",
        "caseload": "Caseload and capacity", "month": "Month", "active": "Active situations",
        "requests": "Requests", "opened": "Opened", "closed": "Closed",
        "refused_saturation": "Refused (saturation)", "refused_criteria": "Refused (criteria)",
        "capacity": "Capacity", "saturated": "Saturated", "total": "Total", "yes": "yes", "no": "no",
        "saturation_summary": "Months of saturation (active situations ≥ capacity): {n} of {m}.",
        "no_capacity": "Capacity unknown in the service directory.",
        "hidden_bar": "hidden",
        "cohort": "Cohorts: opening × closing", "opened_year": "Opened", "closed_state": "Closed",
        "situations": "Situations", "funding_requests": "Fund requests", "granted_eur": "Amount granted",
        "not_opened": "not opened", "in_progress": "in progress",
        "meetings": "Concertations and attendance", "meetings_n": "Concertations",
        "attendees_mean": "Attendees (mean)", "person_present_share": "Person present",
        "funding": "Emergency fund", "fund": "Fund", "granted": "Granted", "refused": "Refused",
        "redirected": "Redirected", "pending": "Pending", "requested_eur": "Amount requested",
        "partners": "Partners by sector", "sector": "Sector", "present": "Situations where present",
        "missing": "Situations where missing", "organisations": "Organisations", "organisation": "Organisation",
        "other_orgs": "{n} other organisation(s)", "each": "{marker} each",
        "needs": "Uncovered needs: at opening and now", "domain": "Domain",
        "needs_situations": "Situations with this need", "uncovered_first": "Uncovered at opening",
        "uncovered_latest": "Uncovered at latest assessment", "informal_only_latest": "Covered by informal network only",
        "needs_intro": "What case management changed: needs without any provider at the first assessment, and at the "
                       "latest assessment of the year.",
        "fragility": "Fragility and readiness to withdraw, at closure", "code": "Finding", "share": "Share",
        "fragility_intro": "Situations closed in {year}, at their latest assessment before closing.",
        "intersectoral": "Ties between sectors", "ties": "Ties", "sector_b": "With sector",
        "intersectoral_intro": "Number of ties between actors of two sectors, all situations together.",
        "greyzones": "Grey zones", "age_band": "Age", "region": "Region", "housing": "Housing",
        "of_total": "Share of total",
        "greyzones_intro": "Persons who fit the criteria of no service in the directory.",
        "empty": "No data for this period.", "unknown_age": "age unknown",
        "level:high": "High fragility", "level:medium": "Medium fragility", "level:low": "Low fragility",
        "level:none": "No fragility", "ready": "Ready to withdraw",
    },
}

FLAG_LABELS = {code: (names["fr"], names["en"]) for code, names in FLAG_NAMES.items()}

HOUSING_LABELS = {
    "own_home": ("Domicile propre", "Own home"),
    "with_family": ("En famille", "With family"),
    "institution": ("Institution", "Institution"),
    "homeless": ("Sans abri", "Homeless"),
    "badly_housed": ("Mal logé", "Badly housed"),
    "unknown": ("Inconnu", "Unknown"),
}

MONTHS = {
    "fr": ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


class _Fmt:
    """Number and label formatting in one language; hidden cells pass through as ``"<k"``."""

    def __init__(self, lang: str, k: int, taxonomy: Taxonomy):
        self.lang, self.k, self.tax = lang, k, taxonomy
        self.t = TEXT[lang]
        self.i = 0 if lang == "fr" else 1

    def hidden(self, v: Any) -> bool:
        return is_hidden(v)

    def num(self, v: Any, decimals: int = 0) -> str:
        if self.hidden(v):
            return v
        if v is None or (isinstance(v, float) and pd.isna(v)):
            return "–"
        text = f"{float(v):,.{decimals}f}"
        if self.lang == "fr":
            text = text.replace(",", "\u202f").replace(".", ",")
        return text

    def eur(self, v: Any) -> str:
        if self.hidden(v) or v is None or (isinstance(v, float) and pd.isna(v)):
            return self.num(v)
        return self.num(v) + ("\u00a0€" if self.lang == "fr" else " €")

    def pct(self, v: Any) -> str:
        if self.hidden(v) or v is None or (isinstance(v, float) and pd.isna(v)):
            return self.num(v)
        return self.num(100 * float(v)) + ("\u00a0%" if self.lang == "fr" else "%")

    def month(self, ym: str) -> str:
        if ym == "total":
            return self.t["total"]
        year, m = ym.split("-")
        return f"{MONTHS[self.lang][int(m) - 1]} {year}"

    def sector(self, code: str) -> str:
        return self.tax.sector_label(code, self.lang)

    def domain(self, code: str) -> str:
        return self.tax.domain_label(code, self.lang)

    def housing(self, code: str) -> str:
        return HOUSING_LABELS.get(code, (code, code))[self.i]

    def code(self, code: str) -> str:
        if code in FLAG_LABELS:
            return FLAG_LABELS[code][self.i]
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
