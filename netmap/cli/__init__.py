"""The ``netmap`` command: one sub-command per module of this package.

Each module defines ``register(subparsers)`` which adds its parser and sets ``func``,
a function of the parsed arguments returning the exit code.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from ..errors import NetmapError, ValidationError
from ..io.problem_text import LANGS

__all__ = ["build_parser", "main"]

# modules of netmap.cli, in the order of `netmap --help`
COMMAND_MODULES = (
    "template",
    "validate",
    "convert",
    "store_commands",
    "assess",
    "compare",
    "map",
    "report",
    "aggregate",
    "export",
    "synth",
    "demo",
    "dashboard",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="netmap",
        description="Cartographier, diagnostiquer et suivre le réseau autour d'une personne en situation complexe. "
        "Map, diagnose and follow the network around a person in a complex situation.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except ValidationError as exc:
        lang = getattr(args, "lang", "fr")  # the command's language if it has one; problems are French by default
        print(exc.text(lang if lang in LANGS else "fr"), file=sys.stderr)
        return 1
    except NetmapError as exc:
        print(f"netmap: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a defect of netmap: no traceback (it could quote data), the error's type only
        if os.environ.get("NETMAP_DEBUG"):
            raise
        print(f"netmap: internal error ({type(exc).__name__}); nothing was imported and no output file was "
              "left half-written. Run again with NETMAP_DEBUG=1 for the details, and report it.", file=sys.stderr)
        return 3
