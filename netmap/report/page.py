"""Self-contained HTML pages: an autoescaping jinja2 environment, inlined scripts, base CSS, safe JSON.

Every page netmap writes (the interactive map, the concertation report, the yearly
report) is one file that works with the network off: scripts and styles are inlined
from the installed packages (plotly.js from plotly, vis-network from pyvis), there is no
CDN, no web font and no image by URL, and a Content-Security-Policy forbids any other
source. Every text is escaped by the template engine; data for scripts goes through
:func:`json_for_script`.

Templates live in ``netmap/report/templates`` and may extend ``base.html.j2``, whose
blocks are ``title``, ``head`` (extra styles), ``body`` and ``scripts``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

__all__ = [
    "BASE_CSS",
    "CSP",
    "TEMPLATE_DIR",
    "environment",
    "inline_script",
    "json_for_script",
    "plotly_div",
    "plotly_js",
    "render",
    "vis_network_css",
    "vis_network_js",
]

TEMPLATE_DIR = Path(str(resources.files(__package__).joinpath("templates")))  # package data (pyproject)

# inline scripts and styles only; images only as data: URIs; nothing may be fetched
CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
       "connect-src 'none'; form-action 'none'; base-uri 'none'")

BASE_CSS = """
:root { --ink: #1F2933; --muted: #52606D; --line: #CBD2D9; --soft: #F5F7FA;
        --high: #B2182B; --medium: #B35806; --low: #3E4C59; --ok: #1A7F37; }
* { box-sizing: border-box; }
html { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; color: var(--ink); font-size: 14px; line-height: 1.45; }
body { margin: 0 auto; padding: 20px 28px 40px; max-width: 1500px; background: #FFFFFF; }
h1 { font-size: 1.6rem; margin: 0 0 .2rem; }
h2 { font-size: 1.2rem; margin: 1.6rem 0 .6rem; padding-bottom: .2rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
p.meta, .muted { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
caption { text-align: left; color: var(--muted); padding: .2rem 0; }
.tag { display: inline-block; padding: 0 .45rem; border-radius: .6rem; font-size: .85rem; font-weight: 600;
       border: 1px solid currentColor; white-space: nowrap; }
.high { color: var(--high); } .medium { color: var(--medium); } .low { color: var(--low); }
.pass { color: var(--ok); } .fail { color: var(--high); }
.figure { overflow-x: auto; }
.note { background: var(--soft); border-left: 4px solid var(--line); padding: .5rem .8rem; }
@page { size: A4 portrait; margin: 14mm 12mm; }
@page wide { size: A4 landscape; margin: 10mm; }
@media print {
  html { font-size: 10.5pt; }
  body { padding: 0; max-width: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  table, figure, .keep { break-inside: avoid; page-break-inside: avoid; }
  tr, li { break-inside: avoid; page-break-inside: avoid; }
  section.page { break-before: page; page-break-before: always; }
  section.wide { page: wide; }
  .figure { overflow: visible; }
  .screen-only { display: none !important; }
}
"""

_SCRIPT_END = re.compile(r"</(script)", re.IGNORECASE)


def inline_script(js: str) -> str:
    """JavaScript made safe to sit inside ``<script>…</script>``: no ``</script`` can end it early."""
    return _SCRIPT_END.sub(r"<\\/\1", js).replace("<!--", "<\\!--")


def json_for_script(obj: Any) -> str:
    """JSON that can be embedded in a ``<script>`` element and parsed as JavaScript.

    ``<``, ``>`` and ``&`` are written as ``\\u003c``, ``\\u003e``, ``\\u0026`` so that no
    label can close the element or open a comment, and U+2028/U+2029 (line terminators
    in older JavaScript) as escapes.

    >>> json_for_script({"label": "</script><b>"})
    '{"label": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, allow_nan=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@lru_cache(maxsize=1)
def plotly_js() -> str:
    """plotly.js as shipped inside the installed plotly package, ready to inline."""
    return inline_script(resources.files("plotly").joinpath("package_data", "plotly.min.js").read_text(encoding="utf-8"))


def _vis_dir() -> Path:
    base = Path(str(resources.files("pyvis"))) / "templates" / "lib"
    found = sorted(base.glob("vis-*/vis-network.min.js"))
    if not found:
        raise FileNotFoundError("vis-network.min.js not found inside the installed pyvis package")
    return found[-1].parent  # the newest version shipped


@lru_cache(maxsize=1)
def vis_network_js() -> str:
    """vis-network's script as shipped inside the installed pyvis package, ready to inline."""
    return inline_script((_vis_dir() / "vis-network.min.js").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def vis_network_css() -> str:
    """vis-network's styles (its images are data: URIs already)."""
    return (_vis_dir() / "vis-network.css").read_text(encoding="utf-8").replace("</", "<\\/")


@cache
def environment(extra_dirs: tuple[str, ...] = ()) -> jinja2.Environment:
    """A jinja2 environment that escapes every value, over netmap's templates (and ``extra_dirs``).

    Filters: ``json_script`` (:func:`json_for_script`), ``inline_js`` (:func:`inline_script`).
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*extra_dirs, str(TEMPLATE_DIR)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["json_script"] = lambda v: jinja2.utils.markupsafe.Markup(json_for_script(v))
    env.filters["inline_js"] = lambda v: jinja2.utils.markupsafe.Markup(inline_script(v))
    env.globals.update(base_css=jinja2.utils.markupsafe.Markup(BASE_CSS), csp=jinja2.utils.markupsafe.Markup(CSP))
    return env


def render(template: str, *, extra_dirs: Iterable[str | Path] = (), **context: Any) -> str:
    """Render a template of netmap (or of ``extra_dirs``) with an escaping environment."""
    return environment(tuple(str(d) for d in extra_dirs)).get_template(template).render(**context)


def plotly_div(fig: Any, div_id: str) -> str:
    """Markup for a plotly figure: an empty ``div`` and a script drawing it from escaped JSON.

    ``fig`` is a plotly Figure or a plain ``{"data", "layout"}`` mapping. plotly.js itself
    must be inlined once in the page (``plotly_js()``). Returns markup that is safe to mark
    as such: the figure is embedded with :func:`json_for_script`.
    """
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", div_id):
        raise ValueError("div_id: expected letters, digits, - or _")
    if isinstance(fig, dict):
        spec = fig
    else:
        import plotly.io

        spec = json.loads(plotly.io.to_json(fig, validate=False))
    data = json_for_script({"data": spec.get("data", []), "layout": spec.get("layout", {})})
    config = json_for_script({"displaylogo": False, "responsive": False, "staticPlot": False,
                              "modeBarButtonsToRemove": ["toImage", "sendDataToCloud"], "displayModeBar": False})
    return (f'<div id="{div_id}" class="plotly-figure"></div>\n'
            f"<script>(function(){{var f={data};Plotly.newPlot({json.dumps(div_id)},f.data,f.layout,{config});}})();</script>")
