"""netmap's own SVG renderer of an eco-map scene: works everywhere, no browser needed.

Plotly's static export needs a Chromium; a case manager's laptop or a CI runner may
lack one, and the SVG is the format that goes into a file, a report or a slide. So the
SVG is always drawn here, from the same :class:`~netmap.viz.scene.Scene` as the plotly
figure and the interactive page. Every text is XML-escaped; hover lines become SVG
``<title>`` tooltips.
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr

from ..layout import LINE_HEIGHT, label_top, text_width
from . import conventions as cv
from .scene import LEGEND_FONT, LegendEntry, Line, Node, Scene, badge_anchor

__all__ = ["FONT_FAMILY", "legend_svg", "scene_svg"]

FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif"
_DASH = {None: None, "dash": "7 5", "dot": "2 4"}


def _f(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


def _attr(**kw: object) -> str:
    out = []
    for k, v in kw.items():
        if v is None:
            continue
        out.append(f"{k.rstrip('_').replace('_', '-')}={quoteattr(_f(v) if isinstance(v, float) else str(v))}")
    return " ".join(out)


def _title(lines: Iterable[str]) -> str:
    text = "\n".join(lines)
    return f"<title>{escape(text)}</title>" if text else ""


def _points(pts) -> str:
    return " ".join(f"{_f(x)},{_f(y)}" for x, y in pts)


def _line(ln: Line) -> str:
    return (f"<polyline {_attr(points=_points(ln.points), fill='none', stroke=ln.colour, stroke_width=ln.width, stroke_dasharray=_DASH[ln.dash], stroke_linejoin='round', stroke_linecap='round', opacity=ln.opacity if ln.opacity < 1 else None)}>"
            f"{_title(ln.hover)}</polyline>")


def _shape(shape: str, x: float, y: float, r: float, **style: object) -> str:
    if shape == "square":
        return f"<rect {_attr(x=x - r, y=y - r, width=2 * r, height=2 * r, rx=2.0, **style)}/>"
    return f"<circle {_attr(cx=x, cy=y, r=r, **style)}/>"


def _text(x: float, y: float, lines: Iterable[str], size: float, *, anchor: str = "middle", weight: str | None = None,
          colour: str = cv.TEXT_COLOUR, halo: bool = True, italic: bool = False) -> str:
    lines = list(lines)
    spans = "".join(f"<tspan {_attr(x=x, dy=(0.0 if i == 0 else size * LINE_HEIGHT))}>{escape(t)}</tspan>"
                    for i, t in enumerate(lines))
    style = _attr(x=x, y=y, font_size=size, text_anchor=anchor, font_weight=weight, fill=colour,
                  font_style="italic" if italic else None,
                  stroke="#FFFFFF" if halo else None, stroke_width=3.0 if halo else None,
                  paint_order="stroke" if halo else None, stroke_linejoin="round" if halo else None)
    return f"<text {style}>{spans}</text>"


def badge_svg(badge: str, x: float, y: float, lang: str) -> str:
    """One badge at its anchor: a text tag (CM, Réf.), a warning triangle or a key-link diamond."""
    if badge in ("cm", "referent"):
        word = cv.text(lang, "cm_badge" if badge == "cm" else "ref_badge")
        w = text_width(word, 9) + 4
        return (f"<rect {_attr(x=x - w / 2, y=y - 6.5, width=w, height=13.0, rx=3.0, fill='#111111' if badge == 'cm' else '#FFFFFF', stroke='#111111', stroke_width=1.2)}/>"
                + _text(x, y + 3.3, [word], 9.0, weight="bold", colour="#FFFFFF" if badge == "cm" else "#111111", halo=False))
    if badge == "sole":
        pts: tuple[tuple[float, float], ...] = ((x, y - 8), (x + 7.5, y + 5.5), (x - 7.5, y + 5.5))
        return (f"<polygon {_attr(points=_points(pts), fill=cv.SOLE_COLOUR, stroke='#111111', stroke_width=1.2, stroke_linejoin='round')}/>"
                + _text(x, y + 4.2, ["!"], 9.5, weight="bold", colour="#111111", halo=False))
    pts = ((x, y - 6.5), (x + 5, y), (x, y + 6.5), (x - 5, y))
    return f"<polygon {_attr(points=_points(pts), fill=cv.CUT_COLOUR, stroke='#FFFFFF', stroke_width=1.2)}/>"


def _node(n: Node, lang: str, font: float) -> str:
    parts = [f"<g {_attr(class_='node', opacity=n.opacity if n.opacity < 1 else None)}>", _title(n.hover)]
    if n.exhaustion:
        w = cv.EXHAUSTION_WIDTH[n.exhaustion]
        parts.append(_shape(n.shape, n.x, n.y, n.size + w / 2 + 1.5, fill="none", stroke=cv.EXHAUSTION_COLOUR, stroke_width=w))
    parts.append(_shape(n.shape, n.x, n.y, n.size, fill=n.fill, stroke=n.stroke, stroke_width=n.stroke_width,
                        stroke_dasharray="4 3" if n.dashed else None))
    if n.glyph:
        parts.append(_text(n.x, n.y + 5, [n.glyph], 14.0, weight="bold", colour=n.stroke, halo=False))
    for b in n.badges:
        parts.append(badge_svg(b, *badge_anchor(n, b), lang))
    size = font + 2 if n.kind == "person" else font
    parts.append(_text(n.x, label_top(n.y, n.size) + size * 0.95, n.label, size, weight="bold" if n.kind == "person" else None,
                       italic=n.kind == "ghost"))
    parts.append("</g>")
    return "".join(parts)


def _legend_entry(e: LegendEntry, lang: str) -> str:
    lines = e.text.split("\n")
    tx = e.x + 42
    if e.kind == "title":
        return _text(e.x, e.y + 5, lines, LEGEND_FONT + 3, anchor="start", weight="bold", halo=False)
    if e.kind == "header":
        return _text(e.x, e.y + 4, lines, LEGEND_FONT + 1, anchor="start", weight="bold", halo=False)
    st = e.style
    out = ""
    if e.kind == "line":
        x0, x1 = e.x + 2, e.x + 34
        if st["zigzag"]:
            from .scene import _zigzag

            pts = _zigzag(x0, e.y, x1, e.y, step=6, amp=3.5)
        else:
            pts = ((x0, e.y), (x1, e.y))
        out = f"<polyline {_attr(points=_points(pts), fill='none', stroke=st['colour'], stroke_width=st['width'], stroke_dasharray=_DASH[st['dash']])}/>"
    elif e.kind == "node":
        if st["shape"] == "ghost":
            out = _shape("circle", e.x + 18, e.y, 8.0, fill="#FFFFFF", stroke="#555555", stroke_width=2.0, stroke_dasharray="4 3")
            out += _text(e.x + 18, e.y + 4, ["?"], 11.0, weight="bold", colour="#555555", halo=False)
        else:
            out = _shape(st["shape"], e.x + 18, e.y, 8.0, fill=st["fill"], stroke="#FFFFFF", stroke_width=1.0,
                         opacity=st.get("opacity"))
    elif e.kind == "badge":
        out = _shape("square", e.x + 18, e.y, 8.0, fill="#C8CED4", stroke="#FFFFFF", stroke_width=1.0)
        b = st["badge"]
        out += badge_svg(b, e.x + 18 + (9 if b in ("sole", "cut") else -6), e.y - (4 if b != "cut" else -2), lang)
    elif e.kind == "exhaustion":
        w = cv.EXHAUSTION_WIDTH[st["level"]]
        out = _shape("circle", e.x + 18, e.y, 7.0 + w / 2 + 1.5, fill="none", stroke=cv.EXHAUSTION_COLOUR, stroke_width=w)
        out += _shape("circle", e.x + 18, e.y, 7.0, fill="#C8CED4", stroke="#FFFFFF", stroke_width=1.0)
    elif e.kind == "swatch":
        out = f"<rect {_attr(x=e.x + 10, y=e.y - 7, width=16.0, height=14.0, rx=2.0, fill=st['colour'], stroke='#555555', stroke_width=0.6)}/>"
    return out + _text(tx, e.y + 4, lines, LEGEND_FONT, anchor="start", halo=False)


def legend_svg(scene: Scene) -> str:
    """The legend alone, as an SVG element (for the interactive page's side panel)."""
    x0, y0, x1, y1 = scene.legend_box
    body = "".join(_legend_entry(e, scene.lang) for e in scene.legend)
    return (f"<svg xmlns=\"http://www.w3.org/2000/svg\" {_attr(width=x1 - x0, height=y1 - y0, viewBox=f'{_f(x0)} {_f(y0)} {_f(x1 - x0)} {_f(y1 - y0)}', font_family=FONT_FAMILY)}"
            f" role=\"img\">{body}</svg>")


def scene_svg(scene: Scene) -> str:
    """The whole eco-map (title, rings, lines, nodes, labels, legend) as a standalone SVG document."""
    p = scene.person()
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f"<svg xmlns=\"http://www.w3.org/2000/svg\" {_attr(width=scene.width, height=scene.height, viewBox=f'0 0 {_f(scene.width)} {_f(scene.height)}', font_family=FONT_FAMILY)}>",
        _title([scene.title, scene.subtitle]),
        f"<rect {_attr(x=0.0, y=0.0, width=scene.width, height=scene.height, fill='#FFFFFF')}/>",
        _text(24.0, 30.0, [scene.title], 18.0, anchor="start", weight="bold", halo=False),
        _text(24.0, 50.0, [scene.subtitle], 12.5, anchor="start", colour="#52606D", halo=False),
    ]
    for r in scene.rings:
        parts.append(f"<circle {_attr(cx=p.x, cy=p.y, r=r, fill='none', stroke='#E4E7EB', stroke_width=1.0, stroke_dasharray='2 5')}/>")
    parts.extend(_line(ln) for ln in scene.lines)
    # nodes from the outside in, so that the person is drawn last, on top
    parts.extend(_node(n, scene.lang, scene.font_size) for n in scene.nodes[1:])
    parts.append(_node(p, scene.lang, scene.font_size))
    x0, y0, x1, y1 = scene.legend_box
    parts.append(f"<rect {_attr(x=x0, y=y0, width=x1 - x0, height=y1 - y0, rx=6.0, fill='#F5F7FA', stroke='#CBD2D9', stroke_width=1.0)}/>")
    parts.extend(_legend_entry(e, scene.lang) for e in scene.legend)
    parts.append("</svg>\n")
    return "".join(parts)
