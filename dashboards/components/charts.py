"""Plotly figures of aggregate tables, in the dashboard's style.

A hidden cell ("<k" or "x") is never drawn as a number: a bar chart leaves it out and
writes the marker in its place, a heat map paints it flat grey with the marker (never a
colour of the scale, so it cannot be read as 0).
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["GRAPH_CONFIG", "PALETTE", "bar_figure", "empty_figure", "graph", "heatmap_figure",
           "line_with_capacity", "numeric"]

HIDDEN_FILL = "#e3d9c6"  # a hidden heat-map cell: warm grey, on no point of the blue scale
PALETTE = ("#2f6f9f", "#d9822b", "#5a9e6f", "#b5455a", "#7d6bb3", "#8c8c8c")

# no plotly logo, no link to plotly's cloud, no MathJax (it would come from a CDN)
GRAPH_CONFIG = {
    "displaylogo": False,
    "showLink": False,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "plotlyServerURL": "",
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"],
    "responsive": True,
    "typesetMath": False,
}


def graph(figure: dict, graph_id: str, height: int | None = None):
    """A dcc.Graph with the offline, logo-free configuration."""
    from dash import dcc

    extra = {"style": {"height": f"{height}px"}} if height else {}
    return dcc.Graph(id=graph_id, figure=figure, config=GRAPH_CONFIG, mathjax=False, **extra)


def numeric(values: Sequence) -> list[float | None]:
    """Numbers of a column; hidden cells ("<k") and blanks become None (drawn as gaps)."""
    out: list[float | None] = []
    for v in values:
        if isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_)) and not pd.isna(v):
            out.append(float(v))
        else:
            out.append(None)
    return out


# Figures are plain dicts in plotly's schema: dcc.Graph draws them as they are, without
# plotly.py's per-property validation (which costs more than the aggregate behind a chart).
FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13, "color": "#1d2a3a"}
AXIS = {"gridcolor": "#e5e9ef", "zerolinecolor": "#c9d1db", "automargin": True}


def _layout(title: str | None, height: int, **extra) -> dict:
    layout: dict[str, Any] = {
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 40 if title else 28, "b": 10},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "font": FONT,
        "legend": {"orientation": "h", "y": -0.15},
        "hoverlabel": {"font": {"family": FONT["family"]}},
        "xaxis": dict(AXIS),
        "yaxis": dict(AXIS),
    }
    if title:
        layout["title"] = {"text": title, "x": 0, "font": {"size": 15}}
    for key, value in extra.items():
        if key in ("xaxis", "yaxis"):
            layout[key].update(value)
        else:
            layout[key] = value
    return layout


def empty_figure(message: str, height: int = 260) -> dict:
    """A blank figure carrying a message (no axes)."""
    return {"data": [], "layout": _layout(None, height, xaxis={"visible": False}, yaxis={"visible": False},
                                          annotations=[{"text": message, "showarrow": False, "x": 0.5, "y": 0.5,
                                                        "xref": "paper", "yref": "paper",
                                                        "font": {"size": 14, "color": "#5b6b7d"}}])}


def bar_figure(categories: Sequence[str], series: Mapping[str, Sequence], *, title: str | None = None,
               horizontal: bool = False, height: int = 360, stacked: bool = False,
               colours: Sequence[str] | None = None, hover_suffix: str = "") -> dict:
    """Bars of one or more series over ``categories``; a hidden value ("<k", "x") has no bar, its marker
    is written in its place (an annotation at the foot of the axis, in grey italics)."""
    cols = colours or PALETTE
    traces: list[dict[str, Any]] = []
    cat_axis, val_axis = ("y", "x") if horizontal else ("x", "y")
    hidden: dict[str, list[str]] = {}  # category -> its markers, each in its series' colour
    tops: dict[str, float] = {}  # category -> where its bars end (the markers are written just after)
    for i, (name, values) in enumerate(series.items()):
        values = list(values)
        nums = numeric(values)
        traces.append({
            "type": "bar", "name": name, "marker": {"color": cols[i % len(cols)]},
            cat_axis: list(categories), val_axis: nums, "orientation": "h" if horizontal else "v",
            "hovertemplate": "%{" + cat_axis + "}: %{" + val_axis + "}" + hover_suffix + "<extra>" + name + "</extra>",
        })
        for cat, v, n in zip(categories, values, nums, strict=True):
            if n is None and isinstance(v, str) and v:
                hidden.setdefault(cat, []).append(f"<span style='color:{cols[i % len(cols)]}'>{_escape(v)}</span>")
            elif n is not None:
                tops[cat] = tops.get(cat, 0.0) + n if stacked else max(tops.get(cat, 0.0), n)
    notes = [{cat_axis: cat, val_axis: tops.get(cat, 0.0), "text": "<i>" + " ".join(marks) + "</i>",
              "showarrow": False, ("xanchor" if horizontal else "yanchor"): ("left" if horizontal else "bottom"),
              ("xshift" if horizontal else "yshift"): 3} for cat, marks in hidden.items()]
    extra: dict = {"barmode": "stack" if stacked else "group", "showlegend": len(series) > 1}
    if notes:
        extra["annotations"] = notes
    top = max([v for t in traces for v in t["x" if horizontal else "y"] if v is not None], default=0)
    counts = {"rangemode": "tozero", **({"dtick": 1} if top <= 8 and not stacked else {})}  # no "0.5 situation" ticks
    if horizontal:
        extra["yaxis"] = {"autorange": "reversed"}
        extra["xaxis"] = counts
    else:
        extra["yaxis"] = counts
    return {"data": traces, "layout": _layout(title, height, **extra)}


def _escape(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def heatmap_figure(labels: Sequence[str], matrix: list[list[float | None]], *, title: str | None = None,
                   height: int = 520, hover_label: str = "", markers: list[list[str | None]] | None = None) -> dict:
    """A symmetric sector × sector heat map; a cell with no tie is blank, a hidden cell (its marker in
    ``markers``) a flat grey square showing the marker, never a colour of the scale."""
    # plotly.js's "Blues" runs dark to light: reversed, more ties are darker and a few ties pale blue
    trace = {"type": "heatmap", "z": matrix, "x": list(labels), "y": list(labels), "colorscale": "Blues",
             "reversescale": True, "zmin": 0, "hoverongaps": False, "hovertemplate": "%{y} — %{x}: %{z}" + hover_label + "<extra></extra>",
             "colorbar": {"thickness": 12}}
    data = [trace]
    if markers and any(m for row in markers for m in row):
        data.append({"type": "heatmap", "z": [[1.0 if m else None for m in row] for row in markers],
                     "x": list(labels), "y": list(labels), "showscale": False, "hoverongaps": False,
                     "colorscale": [[0, HIDDEN_FILL], [1, HIDDEN_FILL]],
                     "text": [[m or "" for m in row] for row in markers], "texttemplate": "%{text}",
                     "hovertemplate": "%{y} — %{x}: %{text}<extra></extra>"})
    return {"data": data, "layout": _layout(title, height, xaxis={"tickangle": -40, "side": "bottom"},
                                            yaxis={"autorange": "reversed"})}


def line_with_capacity(months: Sequence[str], active: Sequence, capacity: Sequence, *, active_name: str,
                       capacity_name: str, title: str | None = None, height: int = 340) -> dict:
    """Active situations by month as bars, the capacity as a step line."""
    active = list(active)
    traces = [{"type": "bar", "x": list(months), "y": numeric(active), "name": active_name,
               "marker": {"color": PALETTE[0]}}]
    notes = [{"x": m, "y": 0, "text": f"<i>{_escape(v)}</i>", "showarrow": False, "yanchor": "bottom",
              "font": {"color": "#5b6b7d"}} for m, v, n in zip(months, active, numeric(active), strict=True)
             if n is None and isinstance(v, str) and v]
    cap = numeric(capacity)
    if any(c is not None for c in cap):
        traces.append({"type": "scatter", "x": list(months), "y": cap, "name": capacity_name, "mode": "lines",
                       "line": {"shape": "hv", "color": PALETTE[3], "width": 2, "dash": "dash"}})
    return {"data": traces, "layout": _layout(title, height, **({"annotations": notes} if notes else {}))}
