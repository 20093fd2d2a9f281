"""netmap report KIND …: self-contained HTML reports, one sub-command per kind (module report_<kind>.py)."""

from __future__ import annotations

import importlib

from .common import tr

__all__ = ["REPORT_KINDS", "register"]

# each kind is a module netmap.cli.report_<kind> with register(subparsers)
REPORT_KINDS = ("situation", "yearly")


def register(sub) -> None:
    _ = tr()
    p = sub.add_parser("report", help=_("write a self-contained, print-ready HTML report"),
                       description=_("Write a self-contained HTML report (works offline, prints on A4)."))
    kinds = p.add_subparsers(dest="report_kind", metavar="KIND", required=True)
    for kind in REPORT_KINDS:
        importlib.import_module(f"{__package__}.report_{kind}").register(kinds)
