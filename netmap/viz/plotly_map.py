"""The eco-map as a plotly figure, for notebooks, the dashboard, the reports and PNG export.

The figure is drawn in pixel coordinates from the same :class:`~netmap.viz.scene.Scene`
as the SVG and the interactive page (x right, y down, one data unit = one pixel), so
positions, styles and the legend panel are identical. Texts given to plotly are
HTML-escaped (plotly reads a few tags in texts and hovers).
"""

from __future__ import annotations

import datetime as dt
import html
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

import plotly.graph_objects as go

from ..errors import UsageError
from ..model import Situation
from ..taxonomy import Taxonomy
from . import conventions as cv
from .scene import LEGEND_FONT, Scene, _zigzag, badge_anchor, ecomap_scene
from .svg import FONT_FAMILY

__all__ = ["chromium_path", "ecomap_figure", "scene_figure", "write_png"]

_DASH = {None: "solid", "dash": "dash", "dot": "dot"}
_SYMBOL = {"circle": "circle", "square": "square"}


def _esc(lines: Sequence[str]) -> str:
    return "<br>".join(html.escape(t, quote=False) for t in lines)


def _lines_trace(segments, *, width: float, colour: str, dash: str | None, opacity: float) -> go.Scatter:
    xs: list[float | None] = []
    ys: list[float | None] = []
    for pts in segments:
        for x, y in pts:
            xs.append(x)
            ys.append(y)
        xs.append(None)
        ys.append(None)
    return go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False, opacity=opacity,
                      line={"width": width, "color": colour, "dash": _DASH[dash]})


def _text_trace(xs, ys, texts, *, size: float, colour: str = cv.TEXT_COLOUR, position: str = "bottom center",
                bold: bool = False) -> go.Scatter:
    return go.Scatter(x=xs, y=ys, mode="text", text=[f"<b>{t}</b>" if bold else t for t in texts],
                      textposition=position, hoverinfo="skip", showlegend=False,
                      textfont={"size": size, "color": colour, "family": FONT_FAMILY})


def scene_figure(scene: Scene) -> go.Figure:
    """Translate a scene into a plotly figure of the same size, positions and conventions."""
    fig = go.Figure()
    shapes: list[dict] = []
    annotations: list[dict] = []
    p = scene.person()
    for r in scene.rings:
        shapes.append({"type": "circle", "x0": p.x - r, "x1": p.x + r, "y0": p.y - r, "y1": p.y + r, "layer": "below",
                       "line": {"color": "#E4E7EB", "width": 1, "dash": "dot"}})
    # lines grouped by style, one trace per style, in the scene's drawing order
    groups: dict[tuple, list] = {}
    for ln in scene.lines:
        groups.setdefault((ln.kind, ln.width, ln.colour, ln.dash, ln.opacity), []).append(ln.points)
    for (_, width, colour, dash, opacity), segs in groups.items():
        fig.add_trace(_lines_trace(segs, width=width, colour=colour, dash=dash, opacity=opacity))
    # nodes: exhaustion rings, then shapes, with hover
    for n in scene.nodes[1:] + scene.nodes[:1]:
        if n.exhaustion:
            w = cv.EXHAUSTION_WIDTH[n.exhaustion]
            fig.add_trace(go.Scatter(
                x=[n.x], y=[n.y], mode="markers", hoverinfo="skip", showlegend=False, opacity=n.opacity,
                marker={"symbol": _SYMBOL[n.shape] + "-open", "size": 2 * (n.size + w / 2 + 1.5), "color": cv.EXHAUSTION_COLOUR,
                        "line": {"width": w, "color": cv.EXHAUSTION_COLOUR}}))
        if n.dashed:  # plotly markers have no dashed outline: a shape, with a transparent marker for the hover
            shapes.append({"type": "circle", "x0": n.x - n.size, "x1": n.x + n.size, "y0": n.y - n.size, "y1": n.y + n.size,
                           "fillcolor": n.fill, "line": {"color": n.stroke, "width": n.stroke_width, "dash": "dash"}})
            marker = {"symbol": "circle", "size": 2 * n.size, "color": "rgba(0,0,0,0)"}
        else:
            marker = {"symbol": _SYMBOL[n.shape], "size": 2 * n.size, "color": n.fill,
                      "line": {"width": n.stroke_width, "color": n.stroke}}
        fig.add_trace(go.Scatter(x=[n.x], y=[n.y], mode="markers", marker=marker, opacity=n.opacity, showlegend=False,
                                 hovertext=[_esc(n.hover)], hoverinfo="text", name="", customdata=[n.key]))
        if n.glyph:
            annotations.append({"x": n.x, "y": n.y, "text": html.escape(n.glyph), "showarrow": False,
                                "font": {"size": 14, "color": n.stroke, "family": FONT_FAMILY}})
        size = scene.font_size + 2 if n.kind == "person" else scene.font_size
        label = _esc(n.label)
        annotations.append({"x": n.x, "y": n.y + n.size + 3, "yanchor": "top", "text": f"<i>{label}</i>" if n.kind == "ghost" else (f"<b>{label}</b>" if n.kind == "person" else label),
                            "showarrow": False, "bgcolor": "rgba(255,255,255,0.75)", "borderpad": 0, "opacity": n.opacity,
                            "font": {"size": size, "color": cv.TEXT_COLOUR, "family": FONT_FAMILY}})
        for b in n.badges:
            bx, by = badge_anchor(n, b)
            _badge(fig, annotations, b, bx, by, scene.lang, n.opacity)
    _legend(fig, shapes, annotations, scene)
    annotations.append({"x": 24, "y": 30, "xanchor": "left", "yanchor": "bottom", "showarrow": False,
                        "text": f"<b>{html.escape(scene.title, quote=False)}</b>", "font": {"size": 18, "color": cv.TEXT_COLOUR, "family": FONT_FAMILY}})
    annotations.append({"x": 24, "y": 52, "xanchor": "left", "yanchor": "bottom", "showarrow": False,
                        "text": html.escape(scene.subtitle, quote=False), "font": {"size": 12.5, "color": "#52606D", "family": FONT_FAMILY}})
    fig.update_layout(
        width=round(scene.width), height=round(scene.height), margin={"l": 0, "r": 0, "t": 0, "b": 0},
        paper_bgcolor="#FFFFFF", plot_bgcolor="#FFFFFF", showlegend=False, hovermode="closest", dragmode=False,
        shapes=shapes, annotations=annotations, font={"family": FONT_FAMILY},
        hoverlabel={"bgcolor": "#FFFFFF", "font": {"size": 12, "family": FONT_FAMILY}, "align": "left"},
        xaxis={"range": [0, scene.width], "visible": False, "fixedrange": True},
        yaxis={"range": [scene.height, 0], "visible": False, "fixedrange": True, "scaleanchor": "x"},
        meta={"netmap": "ecomap", "title": scene.title},
    )
    return fig


def _badge(fig: go.Figure, annotations: list[dict], badge: str, x: float, y: float, lang: str, opacity: float) -> None:
    if badge in ("cm", "referent"):
        word = cv.text(lang, "cm_badge" if badge == "cm" else "ref_badge")
        dark = badge == "cm"
        annotations.append({"x": x, "y": y, "text": f"<b>{html.escape(word)}</b>", "showarrow": False, "opacity": opacity,
                            "bgcolor": "#111111" if dark else "#FFFFFF", "bordercolor": "#111111", "borderwidth": 1.2,
                            "borderpad": 1, "font": {"size": 9, "color": "#FFFFFF" if dark else "#111111", "family": FONT_FAMILY}})
    elif badge == "sole":
        fig.add_trace(go.Scatter(x=[x], y=[y + 1], mode="markers+text", text=["<b>!</b>"], textposition="middle center",
                                 textfont={"size": 9, "color": "#111111"}, hoverinfo="skip", showlegend=False, opacity=opacity,
                                 marker={"symbol": "triangle-up", "size": 17, "color": cv.SOLE_COLOUR, "line": {"width": 1.2, "color": "#111111"}}))
    else:
        fig.add_trace(go.Scatter(x=[x], y=[y], mode="markers", hoverinfo="skip", showlegend=False, opacity=opacity,
                                 marker={"symbol": "diamond", "size": 12, "color": cv.CUT_COLOUR, "line": {"width": 1.2, "color": "#FFFFFF"}}))


def _legend(fig: go.Figure, shapes: list[dict], annotations: list[dict], scene: Scene) -> None:
    x0, y0, x1, y1 = scene.legend_box
    shapes.append({"type": "rect", "x0": x0, "x1": x1, "y0": y0, "y1": y1, "layer": "below",
                   "fillcolor": "#F5F7FA", "line": {"color": "#CBD2D9", "width": 1}})
    for e in scene.legend:
        lines = e.text.split("\n")
        if e.kind in ("title", "header"):
            annotations.append({"x": e.x, "y": e.y + 5, "xanchor": "left", "yanchor": "bottom", "showarrow": False,
                                "text": f"<b>{_esc(lines)}</b>", "font": {"size": LEGEND_FONT + (3 if e.kind == "title" else 1),
                                                                          "color": cv.TEXT_COLOUR, "family": FONT_FAMILY}})
            continue
        st = e.style
        cx = e.x + 18
        if e.kind == "line":
            pts = _zigzag(e.x + 2, e.y, e.x + 34, e.y, step=6, amp=3.5) if st["zigzag"] else ((e.x + 2, e.y), (e.x + 34, e.y))
            fig.add_trace(_lines_trace([pts], width=st["width"], colour=st["colour"], dash=st["dash"], opacity=1.0))
        elif e.kind == "node" and st["shape"] == "ghost":
            shapes.append({"type": "circle", "x0": cx - 8, "x1": cx + 8, "y0": e.y - 8, "y1": e.y + 8, "fillcolor": "#FFFFFF",
                           "line": {"color": cv.GHOST_STROKE, "width": 2, "dash": "dash"}})
        elif e.kind == "node":
            fig.add_trace(go.Scatter(x=[cx], y=[e.y], mode="markers", hoverinfo="skip", showlegend=False, opacity=st.get("opacity", 1.0),
                                     marker={"symbol": _SYMBOL[st["shape"]], "size": 16, "color": st["fill"], "line": {"width": 1, "color": "#FFFFFF"}}))
        elif e.kind == "badge":
            fig.add_trace(go.Scatter(x=[cx], y=[e.y], mode="markers", hoverinfo="skip", showlegend=False,
                                     marker={"symbol": "square", "size": 16, "color": "#C8CED4", "line": {"width": 1, "color": "#FFFFFF"}}))
            b = st["badge"]
            _badge(fig, annotations, b, cx + (9 if b in ("sole", "cut") else -6), e.y - (4 if b != "cut" else -2), scene.lang, 1.0)
        elif e.kind == "exhaustion":
            w = cv.EXHAUSTION_WIDTH[st["level"]]
            fig.add_trace(go.Scatter(x=[cx, cx], y=[e.y, e.y], mode="markers", hoverinfo="skip", showlegend=False,
                                     marker={"symbol": ["circle-open", "circle"], "size": [2 * (7 + w / 2 + 1.5), 14],
                                             "color": [cv.EXHAUSTION_COLOUR, "#C8CED4"], "line": {"width": [w, 1], "color": [cv.EXHAUSTION_COLOUR, "#FFFFFF"]}}))
        elif e.kind == "swatch":
            shapes.append({"type": "rect", "x0": e.x + 10, "x1": e.x + 26, "y0": e.y - 7, "y1": e.y + 7,
                           "fillcolor": st["colour"], "line": {"color": "#555555", "width": 0.6}})
        annotations.append({"x": e.x + 42, "y": e.y - LEGEND_FONT * 0.65, "xanchor": "left", "yanchor": "top", "align": "left",
                            "showarrow": False, "text": _esc(lines),
                            "font": {"size": LEGEND_FONT, "color": cv.TEXT_COLOUR, "family": FONT_FAMILY}})


def ecomap_figure(situation: Situation, at: dt.date | None = None, *, without: Sequence[str] = (), lang: str = "fr",
                  taxonomy: Taxonomy | None = None) -> go.Figure:
    """The eco-map of a situation as a plotly figure.

    Parameters
    ----------
    situation : Situation
    at : date, optional
        Draw the latest assessment dated on or before this day (default: the latest).
    without : sequence of str
        Actor ids to draw as gone, with the measures of that what-if.
    lang : {"fr", "en"}
    taxonomy : Taxonomy, optional

    Returns
    -------
    plotly.graph_objects.Figure
        Fixed size in pixels (``layout.width``/``height``); the legend is part of the figure.
    """
    return scene_figure(ecomap_scene(situation, at, without=without, lang=lang, taxonomy=taxonomy))


def chromium_path() -> str | None:
    """The Chromium (or Chrome) that plotly's static export can drive, or None."""
    for cand in (os.environ.get("BROWSER_PATH"), "/usr/bin/chromium", shutil.which("chromium"),
                 shutil.which("chromium-browser"), shutil.which("google-chrome")):
        if cand and Path(cand).is_file() and os.access(cand, os.X_OK):
            return cand
    return None


def write_png(fig: go.Figure, path: str | Path, *, scale: float = 1.0) -> None:
    """Write a figure as PNG through kaleido and the system's Chromium.

    Raises
    ------
    UsageError
        When no Chromium is installed (the SVG output needs none).
    """
    browser = chromium_path()
    if browser is None:
        raise UsageError("PNG export needs Chromium (e.g. apt install chromium); write an .svg or .html instead")
    os.environ.setdefault("BROWSER_PATH", browser)
    try:
        data = fig.to_image(format="png", width=fig.layout.width, height=fig.layout.height, scale=scale)
    except Exception as exc:  # kaleido reports browser failures with its own exception types
        raise UsageError(f"PNG export through Chromium failed ({type(exc).__name__}); write an .svg or .html instead") from None
    Path(path).write_bytes(data)
