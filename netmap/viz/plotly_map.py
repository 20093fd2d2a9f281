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
from ..layout import label_top
from ..model import Situation
from ..taxonomy import Taxonomy
from . import conventions as cv
from .scene import LEGEND_FONT, Scene, _zigzag, badge_anchor, ecomap_scene
from .svg import FONT_FAMILY

__all__ = ["chromium_path", "ecomap_figure", "scene_figure", "scene_figure_spec", "write_png"]

_DASH = {None: "solid", "dash": "dash", "dot": "dot"}
_SYMBOL = {"circle": "circle", "square": "square"}


def _esc(lines: Sequence[str]) -> str:
    return "<br>".join(html.escape(t, quote=False) for t in lines)


def _lines_trace(segments, *, width: float, colour: str, dash: str | None, opacity: float) -> dict:
    xs: list[float | None] = []
    ys: list[float | None] = []
    for pts in segments:
        for x, y in pts:
            xs.append(x)
            ys.append(y)
        xs.append(None)
        ys.append(None)
    return {"type": "scatter", "x": xs, "y": ys, "mode": "lines", "hoverinfo": "skip", "showlegend": False,
            "opacity": opacity, "line": {"width": width, "color": colour, "dash": _DASH[dash]}}


def _rgba(hex_colour: str, alpha: float) -> str:
    c = hex_colour.lstrip("#")
    return f"rgba({int(c[0:2], 16)},{int(c[2:4], 16)},{int(c[4:6], 16)},{alpha:g})"


def scene_figure(scene: Scene) -> go.Figure:
    """Translate a scene into a plotly figure of the same size, positions and conventions.

    Nodes, labels and marks are batched into a few traces (one point per node), which
    keeps the figure quick to build and to draw at 60 actors.
    """
    spec = scene_figure_spec(scene)
    return go.Figure(data=spec["data"], layout=spec["layout"])


def scene_figure_spec(scene: Scene) -> dict:
    """The figure of :func:`scene_figure` as plain ``{"data": [...], "layout": {...}}`` JSON-ready data
    (what a page embeds; skips plotly's object validation)."""
    traces: list[dict] = []
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
        traces.append(_lines_trace(segs, width=width, colour=colour, dash=dash, opacity=opacity))
    order = scene.nodes[1:] + scene.nodes[:1]  # the person last, on top
    ringed = [n for n in order if n.exhaustion]
    if ringed:
        widths = [cv.EXHAUSTION_WIDTH[n.exhaustion or 0] for n in ringed]  # ringed: exhaustion set
        traces.append({"type": "scatter", "x": [n.x for n in ringed], "y": [n.y for n in ringed], "mode": "markers",
                       "hoverinfo": "skip", "showlegend": False,
                       "marker": {"symbol": [_SYMBOL[n.shape] + "-open" for n in ringed],
                                  "size": [2 * (n.size + w / 2 + 1.5) for n, w in zip(ringed, widths, strict=True)],
                                  "color": cv.EXHAUSTION_COLOUR, "opacity": [n.opacity for n in ringed],
                                  "line": {"width": widths, "color": cv.EXHAUSTION_COLOUR}}})
    for n in order:
        if n.dashed:  # plotly markers have no dashed outline: a shape, under a transparent marker for the hover
            shapes.append({"type": "circle", "x0": n.x - n.size, "x1": n.x + n.size, "y0": n.y - n.size, "y1": n.y + n.size,
                           "fillcolor": n.fill, "line": {"color": n.stroke, "width": n.stroke_width, "dash": "dash"}})
    traces.append({
        "type": "scatter", "x": [n.x for n in order], "y": [n.y for n in order], "mode": "markers",
        "hovertext": [_esc(n.hover) for n in order], "hoverinfo": "text", "name": "", "showlegend": False,
        "customdata": [n.key for n in order],
        "marker": {"symbol": [_SYMBOL[n.shape] for n in order], "size": [2 * n.size for n in order],
                   "color": ["rgba(0,0,0,0)" if n.dashed else n.fill for n in order],
                   "opacity": [n.opacity for n in order],
                   "line": {"width": [0 if n.dashed else n.stroke_width for n in order],
                            "color": [n.stroke for n in order]}},
    })
    for n in order:
        if n.glyph:  # an annotation: above the ghost's shape
            annotations.append({"x": n.x, "y": n.y, "text": f"<b>{html.escape(n.glyph)}</b>", "showarrow": False,
                                "font": {"size": 14, "color": n.stroke, "family": FONT_FAMILY}})
    for kind, wrap in (("actor", "{}"), ("ghost", "<i>{}</i>"), ("person", "<b>{}</b>")):
        ns = [n for n in order if n.kind == kind]
        if not ns:
            continue
        size = scene.font_size + 2 if kind == "person" else scene.font_size
        traces.append({"type": "scatter", "x": [n.x for n in ns], "y": [label_top(n.y, n.size) - 1 for n in ns], "mode": "text",
                       "text": [wrap.format(_esc(n.label)) for n in ns], "textposition": "bottom center",
                       "hoverinfo": "skip", "showlegend": False,
                       "textfont": {"size": size, "family": FONT_FAMILY,
                                    "color": [_rgba(cv.TEXT_COLOUR, max(n.opacity, 0.45)) for n in ns]}})
    marks: dict[str, list] = {"sole": [], "cut": []}
    for n in order:
        for b in n.badges:
            bx, by = badge_anchor(n, b)
            if b in marks:
                marks[b].append((bx, by, n.opacity))
            else:
                annotations.append(_tag(b, bx, by, scene.lang, n.opacity))
    traces.extend(_marks(marks))
    _legend(traces, shapes, annotations, scene)
    annotations.append({"x": 24, "y": 30, "xanchor": "left", "yanchor": "bottom", "showarrow": False,
                        "text": f"<b>{html.escape(scene.title, quote=False)}</b>", "font": {"size": 18, "color": cv.TEXT_COLOUR, "family": FONT_FAMILY}})
    annotations.append({"x": 24, "y": 52, "xanchor": "left", "yanchor": "bottom", "showarrow": False,
                        "text": html.escape(scene.subtitle, quote=False), "font": {"size": 12.5, "color": "#52606D", "family": FONT_FAMILY}})
    layout = {
        "width": round(scene.width), "height": round(scene.height), "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "paper_bgcolor": "#FFFFFF", "plot_bgcolor": "#FFFFFF", "showlegend": False, "hovermode": "closest", "dragmode": False,
        "shapes": shapes, "annotations": annotations, "font": {"family": FONT_FAMILY},
        "hoverlabel": {"bgcolor": "#FFFFFF", "font": {"size": 12, "family": FONT_FAMILY}, "align": "left"},
        "xaxis": {"range": [0, scene.width], "visible": False, "fixedrange": True},
        "yaxis": {"range": [scene.height, 0], "visible": False, "fixedrange": True, "scaleanchor": "x"},
        "meta": {"netmap": "ecomap", "title": scene.title},
    }
    return {"data": traces, "layout": layout}


def _tag(badge: str, x: float, y: float, lang: str, opacity: float) -> dict:
    """A text badge (CM, Réf.) as an annotation."""
    word = cv.text(lang, "cm_badge" if badge == "cm" else "ref_badge")
    dark = badge == "cm"
    return {"x": x, "y": y, "text": f"<b>{html.escape(word)}</b>", "showarrow": False, "opacity": opacity,
            "bgcolor": "#111111" if dark else "#FFFFFF", "bordercolor": "#111111", "borderwidth": 1.2,
            "borderpad": 1, "font": {"size": 9, "color": "#FFFFFF" if dark else "#111111", "family": FONT_FAMILY}}


def _marks(marks: dict[str, list]) -> list[dict]:
    """Warning triangles (sole providers) and key-link diamonds (cut actors), one trace each."""
    out = []
    if marks["sole"]:
        xs, ys, ops = zip(*marks["sole"], strict=True)
        out.append({"type": "scatter", "x": list(xs), "y": [y + 1 for y in ys], "mode": "markers+text",
                    "text": ["<b>!</b>"] * len(xs), "textposition": "middle center", "hoverinfo": "skip", "showlegend": False,
                    "textfont": {"size": 9, "color": "#111111"},
                    "marker": {"symbol": "triangle-up", "size": 17, "color": cv.SOLE_COLOUR, "opacity": list(ops),
                               "line": {"width": 1.2, "color": "#111111"}}})
    if marks["cut"]:
        xs, ys, ops = zip(*marks["cut"], strict=True)
        out.append({"type": "scatter", "x": list(xs), "y": list(ys), "mode": "markers", "hoverinfo": "skip", "showlegend": False,
                    "marker": {"symbol": "diamond", "size": 12, "color": cv.CUT_COLOUR, "opacity": list(ops),
                               "line": {"width": 1.2, "color": "#FFFFFF"}}})
    return out


def _legend(traces: list[dict], shapes: list[dict], annotations: list[dict], scene: Scene) -> None:
    x0, y0, x1, y1 = scene.legend_box
    shapes.append({"type": "rect", "x0": x0, "x1": x1, "y0": y0, "y1": y1, "layer": "below",
                   "fillcolor": "#F5F7FA", "line": {"color": "#CBD2D9", "width": 1}})
    points: list[tuple[float, float, str, float, str, str, float]] = []  # x, y, symbol, size, fill, line colour, line width
    marks: dict[str, list] = {"sole": [], "cut": []}
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
            traces.append(_lines_trace([pts], width=st["width"], colour=st["colour"], dash=st["dash"], opacity=1.0))
        elif e.kind == "node" and st["shape"] == "ghost":
            shapes.append({"type": "circle", "x0": cx - 8, "x1": cx + 8, "y0": e.y - 8, "y1": e.y + 8, "fillcolor": "#FFFFFF",
                           "line": {"color": cv.GHOST_STROKE, "width": 2, "dash": "dash"}})
        elif e.kind == "node":
            fill = _rgba(st["fill"], st.get("opacity", 1.0))
            points.append((cx, e.y, _SYMBOL[st["shape"]], 16, fill, "#FFFFFF", 1))
        elif e.kind == "badge":
            points.append((cx, e.y, "square", 16, "#C8CED4", "#FFFFFF", 1))
            b = st["badge"]
            bx, by = cx + (9 if b in ("sole", "cut") else -6), e.y - (4 if b != "cut" else -2)
            if b in marks:
                marks[b].append((bx, by, 1.0))
            else:
                annotations.append(_tag(b, bx, by, scene.lang, 1.0))
        elif e.kind == "exhaustion":
            w = cv.EXHAUSTION_WIDTH[st["level"]]
            points.append((cx, e.y, "circle-open", 2 * (7 + w / 2 + 1.5), cv.EXHAUSTION_COLOUR, cv.EXHAUSTION_COLOUR, w))
            points.append((cx, e.y, "circle", 14, "#C8CED4", "#FFFFFF", 1))
        elif e.kind == "swatch":
            shapes.append({"type": "rect", "x0": e.x + 10, "x1": e.x + 26, "y0": e.y - 7, "y1": e.y + 7,
                           "fillcolor": st["colour"], "line": {"color": "#555555", "width": 0.6}})
        annotations.append({"x": e.x + 42, "y": e.y - LEGEND_FONT * 0.65, "xanchor": "left", "yanchor": "top", "align": "left",
                            "showarrow": False, "text": _esc(lines),
                            "font": {"size": LEGEND_FONT, "color": cv.TEXT_COLOUR, "family": FONT_FAMILY}})
    if points:
        xs, ys, sym, size, fill, lc, lw = zip(*points, strict=True)  # type: ignore[assignment]
        traces.append({"type": "scatter", "x": list(xs), "y": list(ys), "mode": "markers", "hoverinfo": "skip",
                       "showlegend": False, "marker": {"symbol": list(sym), "size": list(size), "color": list(fill),
                                                       "line": {"color": list(lc), "width": list(lw)}}})
    traces.extend(_marks(marks))


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
    from ..extras import require

    require("png")  # plotly's own error would only say that kaleido is missing
    browser = chromium_path()
    if browser is None:
        raise UsageError("PNG export needs Chromium (e.g. apt install chromium); write an .svg or .html instead")
    os.environ.setdefault("BROWSER_PATH", browser)
    try:
        data = fig.to_image(format="png", width=fig.layout.width, height=fig.layout.height, scale=scale)
    except Exception as exc:  # kaleido reports browser failures with its own exception types
        raise UsageError(f"PNG export through Chromium failed ({type(exc).__name__}); write an .svg or .html instead") from None
    Path(path).write_bytes(data)
