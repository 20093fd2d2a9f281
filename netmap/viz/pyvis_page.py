"""The interactive eco-map page: vis-network (the library pyvis ships) in one self-contained HTML file.

pyvis's own template loads vis-network from a CDN and writes its heading unescaped, and
``Network.from_nx`` mutates the caller's graph (see STYLE.md); so this module builds the
node and edge lists itself from the shared :class:`~netmap.viz.scene.Scene`, inlines the
vis-network script and styles found inside the installed pyvis package, and renders
netmap's own escaping template. The page makes no request of any kind: it works with
the network off, and its Content-Security-Policy allows inline code only.

Positions are fixed (physics off), taken from the layout; what vis-network cannot draw
(conflict zig-zags, exhaustion rings, badges) is painted on its canvas from the scene's
own geometry, so the page shows what the SVG shows. Tooltips are plain text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..layout import LABEL_GAP
from ..model import Situation
from ..report.page import render, vis_network_css, vis_network_js
from ..taxonomy import Taxonomy
from . import conventions as cv
from .scene import Scene, badge_anchor, ecomap_scene
from .svg import FONT_FAMILY, legend_svg

__all__ = ["map_page_html", "scene_page_html", "vis_data"]

TEMPLATE_DIR = Path(str(resources.files(__package__).joinpath("templates")))  # package data (pyproject)
_DASHES = {None: False, "dash": [7, 5], "dot": [2, 4]}


def vis_data(scene: Scene) -> dict[str, Any]:
    """Nodes, edges and canvas overlays for vis-network, as plain JSON-ready data."""
    nodes = []
    overlays: dict[str, list] = {"rings": list(scene.rings), "zigzags": [], "exhaustion": [], "badges": [], "glyphs": []}
    for n in scene.nodes:
        is_person = n.kind == "person"
        nodes.append({
            "id": n.key,
            "x": n.x, "y": n.y,
            "shape": "square" if n.shape == "square" else "dot",
            "size": n.size,
            "label": "\n".join(n.label),
            "title": "\n".join(n.hover),
            "opacity": n.opacity,
            "borderWidth": n.stroke_width,
            "borderWidthSelected": n.stroke_width + 1.5,
            "color": {"background": n.fill, "border": n.stroke,
                      "highlight": {"background": n.fill, "border": "#111111"},
                      "hover": {"background": n.fill, "border": "#111111"}},
            "shapeProperties": {"borderDashes": [4, 3] if n.dashed else False},
            "font": {"size": scene.font_size + (2 if is_person else 0), "face": FONT_FAMILY, "color": cv.TEXT_COLOUR,
                     "strokeWidth": 3, "strokeColor": "#FFFFFF", "bold": {"size": scene.font_size + 2},
                     "multi": False, "ital": {"size": scene.font_size},
                     "vadjust": LABEL_GAP - 3.0},  # vis leaves ~3 px; the rest is room for the exhaustion ring
            "kind": n.kind,
        })
        if n.exhaustion:
            overlays["exhaustion"].append({"id": n.key, "width": cv.EXHAUSTION_WIDTH[n.exhaustion], "shape": n.shape,
                                           "size": n.size, "opacity": n.opacity})
        for b in n.badges:
            x, y = badge_anchor(n, b)
            overlays["badges"].append({"id": n.key, "dx": round(x - n.x, 2), "dy": round(y - n.y, 2), "kind": b,
                                       "text": cv.text(scene.lang, "cm_badge" if b == "cm" else "ref_badge") if b in ("cm", "referent") else "",
                                       "opacity": n.opacity})
        if n.glyph:
            overlays["glyphs"].append({"id": n.key, "text": n.glyph, "colour": n.stroke})
    edges = []
    for i, ln in enumerate(scene.lines):
        edge = {"id": f"e{i}", "from": ln.a, "to": ln.b, "width": ln.width, "title": "\n".join(ln.hover),
                "color": {"color": ln.colour, "highlight": ln.colour, "hover": ln.colour, "opacity": ln.opacity},
                "dashes": _DASHES[ln.dash], "smooth": False, "selectionWidth": 1.5, "hoverWidth": 1.0}
        if ln.conflict:  # drawn as a zig-zag on the canvas; the straight edge stays for hover
            edge["color"] = {"color": "rgba(0,0,0,0)", "highlight": "rgba(0,0,0,0.15)", "hover": "rgba(0,0,0,0.15)"}
            overlays["zigzags"].append({"points": [list(p) for p in ln.points], "width": ln.width,
                                        "colour": ln.colour, "opacity": ln.opacity})
        edges.append(edge)
    return {"nodes": nodes, "edges": edges, "overlays": overlays,
            "exhaustionColour": cv.EXHAUSTION_COLOUR, "soleColour": cv.SOLE_COLOUR, "cutColour": cv.CUT_COLOUR,
            "font": FONT_FAMILY}


def scene_page_html(scene: Scene) -> str:
    """The interactive page of a scene (one self-contained HTML document)."""
    return render(
        "map.html.j2", extra_dirs=(TEMPLATE_DIR,),
        lang=scene.lang, title=scene.title, subtitle=scene.subtitle,
        words={k: cv.text(scene.lang, k) for k in ("legend", "person")} | _page_words(scene.lang),
        data=vis_data(scene),
        legend=Markup(legend_svg(scene)),  # built by netmap.viz.svg, every text XML-escaped
        vis_js=Markup(vis_network_js()), vis_css=Markup(vis_network_css()),
    )


def _page_words(lang: str) -> dict[str, str]:
    if lang == "en":
        return {"details": "Details", "hint": "Point at or click a person, actor or need to see the details. "
                "Scroll to zoom, drag to move.", "offline": "This page works offline: it loads nothing from the Internet."}
    return {"details": "Détails", "hint": "Survolez ou cliquez une personne, un intervenant ou un besoin pour voir le détail. "
            "Molette : zoom ; glisser : déplacer.", "offline": "Cette page fonctionne hors ligne : elle ne charge rien depuis Internet."}


def map_page_html(situation: Situation, at: dt.date | None = None, *, without: Sequence[str] = (), lang: str = "fr",
                  taxonomy: Taxonomy | None = None) -> str:
    """The interactive eco-map page of a situation's assessment in force at ``at``.

    Parameters
    ----------
    situation : Situation
    at : date, optional
    without : sequence of str
        Actor ids to draw as gone (what-if).
    lang : {"fr", "en"}
    taxonomy : Taxonomy, optional

    Returns
    -------
    str
        One HTML document; scripts and styles inline; no external request.
    """
    return scene_page_html(ecomap_scene(situation, at, without=without, lang=lang, taxonomy=taxonomy))
