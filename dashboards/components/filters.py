"""The global filters shown on every page (service, period, region, age band) and their parsing."""

from __future__ import annotations

import datetime as dt

from dash import Input, dcc, html

from netmap.aggregate.filters import AGE_BANDS

from ..data import make_filters
from ..i18n import dropdown_labels, label, region_label, service_label, t

__all__ = ["AGE_BAND_CODES", "FILTER_INPUTS", "LANG_INPUT", "filter_bar", "filter_options", "on_filters",
           "filters_from_values"]

AGE_BAND_CODES = AGE_BANDS  # netmap.aggregate's bands, in order

# what every page callback listens to, in this order: service, from, to, region, age band, then language
FILTER_INPUTS = [
    Input("flt-service", "value"),
    Input("flt-period", "start_date"),
    Input("flt-period", "end_date"),
    Input("flt-region", "value"),
    Input("flt-age", "value"),
]
LANG_INPUT = Input("lang", "data")


def filters_from_values(service, start, end, region, age):
    """The :class:`netmap.aggregate.Filters` of the filter controls' values."""
    return make_filters(service, start, end, region, age)


def filter_options(options: dict, lang: str) -> dict[str, list[dict]]:
    """The options of the three dropdowns, labelled in ``lang`` (values stay codes)."""
    return {
        "service": [{"label": service_label(s), "value": s} for s in options["services"]],
        "region": [{"label": region_label(r, lang), "value": r} for r in options["regions"]],
        "age": [{"label": label("age", b, lang), "value": b} for b in AGE_BAND_CODES],
    }


def filter_bar(options: dict, period: tuple[dt.date | None, dt.date | None], lang: str, badge=None) -> html.Div:
    """The filter controls; labels and option texts are refreshed by the shell's language callback."""
    opts = filter_options(options, lang)
    first, last = options.get("first"), options.get("last")
    return html.Div(className="filters", id="filters", children=[
        html.Div(className="filter", children=[
            html.Label(t("filter.service", lang), id="lbl-service", htmlFor="flt-service"),
            dcc.Dropdown(id="flt-service", labels=dropdown_labels(lang), options=opts["service"], placeholder=t("filter.all_services", lang),
                         clearable=True, searchable=True),
        ]),
        html.Div(className="filter period", children=[
            html.Label(t("filter.period", lang), id="lbl-period", htmlFor="flt-period"),
            dcc.DatePickerRange(
                id="flt-period",
                start_date=period[0].isoformat() if period[0] else None,
                end_date=period[1].isoformat() if period[1] else None,
                min_date_allowed=first.isoformat() if first else None,
                max_date_allowed=(last + dt.timedelta(days=366)).isoformat() if last else None,
                display_format="DD/MM/YYYY",
                first_day_of_week=1,
                clearable=True,
                start_date_placeholder_text=t("filter.from", lang),
                end_date_placeholder_text=t("filter.to", lang),
            ),
        ]),
        html.Div(className="filter", children=[
            html.Label(t("filter.region", lang), id="lbl-region", htmlFor="flt-region"),
            dcc.Dropdown(id="flt-region", labels=dropdown_labels(lang), options=opts["region"], placeholder=t("filter.all_regions", lang),
                         clearable=True),
        ]),
        html.Div(className="filter", children=[
            html.Label(t("filter.age", lang), id="lbl-age", htmlFor="flt-age"),
            dcc.Dropdown(id="flt-age", labels=dropdown_labels(lang), options=opts["age"], placeholder=t("filter.all_ages", lang), clearable=True),
        ]),
        html.Div(className="filter summary", children=[
            badge,
            html.Span(id="filter-summary", className="filter-summary"),
            html.Button(t("filter.reset", lang), id="flt-reset", n_clicks=0, className="link-button"),
        ]),
    ])


def on_filters(output_id: str, render):
    """Register the callback that redraws ``output_id`` whenever a filter or the language changes.

    ``render(data, access, filters, lang)`` is a plain function of the page (unit-tested as such);
    the callback only reads the app's data and the viewer's access, and parses the inputs.
    """
    import dash
    from dash import Output

    from ..data import current_access, current_context
    from ..i18n import lang_of

    def update(service, start, end, region, age, lang):
        return render(current_context().data, current_access(), filters_from_values(service, start, end, region, age),
                      lang_of(lang))

    update.__name__ = f"update_{output_id.replace('-', '_')}"
    dash.callback(Output(output_id, "children"), *FILTER_INPUTS, LANG_INPUT)(update)
    return update
