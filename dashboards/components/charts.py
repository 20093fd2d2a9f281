"""Plotly figures of aggregate tables, in the dashboard's style; hidden cells ("<k") are left out of bars."""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

__all__ = ["GRAPH_CONFIG", "LEVEL_COLOURS", "PALETTE", "bar_figure", "empty_figure", "graph", "heatmap_figure",
           "line_with_capacity", "numeric", "series_frame"]

PALETTE = ("#2f6f9f", "#d9822b", "#5a9e6f", "#b5455a", "#7d6bb3", "#8c8c8c")
LEVEL_COLOURS = {"high": "#b5455a", "medium": "#d9822b", "low": "#e3c55b", "none": "#5a9e6f"}

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


def graph(figure: go.Figure, graph_id: str, height: int | None = None):
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


def _style(fig: go.Figure, title: str | None, height: int) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "font": {"size": 15}} if title else None,
        height=height,
        margin={"l": 10, "r": 10, "t": 40 if title else 10, "b": 10},
        paper_bgcolor="white",
        plot_bgcolor="white",
        font={"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13, "color": "#1d2a3a"},
        legend={"orientation": "h", "y": -0.15},
        hoverlabel={"font": {"family": "system-ui, sans-serif"}},
    )
    fig.update_xaxes(gridcolor="#e5e9ef", zerolinecolor="#c9d1db", automargin=True)
    fig.update_yaxes(gridcolor="#e5e9ef", zerolinecolor="#c9d1db", automargin=True)
    return fig


def empty_figure(message: str, height: int = 260) -> go.Figure:
    """A blank figure carrying a message (no axes)."""
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, font={"size": 14, "color": "#5b6b7d"},
                       x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _style(fig, None, height)


def bar_figure(categories: Sequence[str], series: dict[str, Sequence], *, title: str | None = None,
               horizontal: bool = False, height: int = 360, stacked: bool = False,
               colours: Sequence[str] | None = None, hover_suffix: str = "") -> go.Figure:
    """Bars of one or more series over ``categories``; hidden values leave a gap."""
    fig = go.Figure()
    cols = colours or PALETTE
    for i, (name, values) in enumerate(series.items()):
        nums = numeric(values)
        texts = [str(v) if n is None and isinstance(v, str) else "" for v, n in zip(values, nums, strict=True)]
        kwargs = {"y": list(categories), "x": nums, "orientation": "h"} if horizontal else \
            {"x": list(categories), "y": nums}
        fig.add_trace(go.Bar(name=name, marker_color=cols[i % len(cols)], text=texts, textposition="outside",
                             hovertemplate="%{" + ("y" if horizontal else "x") + "}: %{"
                             + ("x" if horizontal else "y") + "}" + hover_suffix + "<extra>" + name + "</extra>",
                             **kwargs))
    fig.update_layout(barmode="stack" if stacked else "group", showlegend=len(series) > 1)
    if horizontal:
        fig.update_yaxes(autorange="reversed")
    return _style(fig, title, height)


def heatmap_figure(labels: Sequence[str], matrix: list[list[float | None]], *, title: str | None = None,
                   height: int = 520, hover_label: str = "") -> go.Figure:
    """A symmetric sector × sector heat map; hidden cells are blank."""
    fig = go.Figure(go.Heatmap(z=matrix, x=list(labels), y=list(labels), colorscale="Blues", hoverongaps=False,
                               hovertemplate="%{y} — %{x}: %{z}" + hover_label + "<extra></extra>",
                               colorbar={"thickness": 12}))
    fig.update_xaxes(tickangle=-40, side="bottom")
    fig.update_yaxes(autorange="reversed")
    return _style(fig, title, height)


def line_with_capacity(months: Sequence[str], active: Sequence, capacity: Sequence, *, active_name: str,
                       capacity_name: str, title: str | None = None, height: int = 340) -> go.Figure:
    """Active situations by month as bars, the capacity as a step line."""
    fig = go.Figure()
    fig.add_trace(go.Bar(x=list(months), y=numeric(active), name=active_name, marker_color=PALETTE[0]))
    cap = numeric(capacity)
    if any(c is not None for c in cap):
        fig.add_trace(go.Scatter(x=list(months), y=cap, name=capacity_name, mode="lines",
                                 line={"shape": "hv", "color": PALETTE[3], "width": 2, "dash": "dash"}))
    return _style(fig, title, height)


def series_frame(df: pd.DataFrame, column: str) -> list[float | None]:
    return numeric(df[column].tolist()) if column in df else []
