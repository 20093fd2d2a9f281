"""The ``netmap`` command: one sub-command per module of this package.

Each module defines ``register(subparsers)`` which adds its parser and sets ``func``,
a function of the parsed arguments returning the exit code.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from .. import __version__
from ..errors import NetmapError, ValidationError
from ..io.problem_text import LANGS
from ..progress import shown

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
    parser.add_argument("--version", action="version", version=f"netmap {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        with shown():  # progress bars on a terminal (never on a pipe)
            return int(args.func(args) or 0)
    except BrokenPipeError:
        # the reader went away (`netmap assess --json | head`): stop quietly, like other tools
        _silence_stdout()
        return 141  # 128 + SIGPIPE, what a shell reports for a process the pipe stopped
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


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that Python's own flush at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout replaced by an object without a file (tests)
        pass
