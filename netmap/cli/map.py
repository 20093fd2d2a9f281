"""netmap map PATH [--situation ID] [--at DATE] [--without IDS] [--lang fr|en] -o FILE: draw the eco-map."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import UsageError
from ..io.atomic import write_text_atomic
from ..model import Situation
from .common import add_path_argument, iso_date, load_path, pick_situations

__all__ = ["add_situation_arguments", "one_situation", "register", "run", "split_ids"]

FORMATS = (".html", ".svg", ".png")


def split_ids(values: list[str] | None) -> tuple[str, ...]:
    """Actor ids given as ``--without a,b --without c``."""
    out: list[str] = []
    for v in values or ():
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return tuple(dict.fromkeys(out))


def one_situation(args: argparse.Namespace) -> Situation:
    """The one situation a command works on: the only one in PATH, or the one named by --situation."""
    sits = pick_situations(load_path(args.path), args.situation)
    if len(sits) != 1:
        raise UsageError(f"PATH holds {len(sits)} situations: name one with --situation ID")
    return sits[0]


def add_situation_arguments(p: argparse.ArgumentParser, *, verb: str, output: str) -> None:
    """PATH, --situation, --at, --lang and -o, shared by the commands that show one situation."""
    add_path_argument(p)
    p.add_argument("--situation", metavar="ID", help="the situation (required when PATH holds several)")
    p.add_argument("--at", type=iso_date, metavar="DATE",
                   help=f"{verb} the latest assessment dated on or before DATE (default: the latest)")
    p.add_argument("--lang", choices=("fr", "en"), default="fr", help="language (default: fr)")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help=f"output file: {output}")


def register(sub) -> None:
    p = sub.add_parser("map", help="draw the eco-map of a situation (.html interactive, .svg, .png)",
                       description="Draw the eco-map of one situation at one assessment: an interactive page (.html, "
                       "works offline), an SVG (.svg, always) or a PNG (.png, needs Chromium).")
    add_situation_arguments(p, verb="draw", output=".html, .svg or .png")
    p.add_argument("--without", action="append", metavar="IDS",
                   help="what-if: draw these actors as gone (comma-separated actor ids; may be repeated)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    out = Path(args.output)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise UsageError("-o: expected a file name ending in .html, .svg or .png")
    sit = one_situation(args)
    asmt = sit.assessment_at(args.at)
    if asmt is None:
        raise UsageError("this situation has no assessment dated on or before --at")
    gone = split_ids(args.without)
    unknown = [g for g in gone if asmt.actor(g) is None]
    if unknown:
        raise UsageError(f"--without: {len(unknown)} of the ids given are not actors of the assessment of "
                         f"{asmt.date.isoformat()}")
    from ..viz.scene import ecomap_scene

    scene = ecomap_scene(sit, args.at, without=gone, lang=args.lang)
    if suffix == ".html":
        from ..viz.pyvis_page import scene_page_html

        write_text_atomic(out, scene_page_html(scene))
    elif suffix == ".svg":
        from ..viz.svg import scene_svg

        write_text_atomic(out, scene_svg(scene))
    else:
        from ..viz.plotly_map import scene_figure, write_png

        write_png(scene_figure(scene), out)
    print(f"eco-map written to {out}")
    return 0
