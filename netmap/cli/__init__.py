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
from ..i18n import DEFAULT_LANG, N_, lang_from_argv, translator
from ..progress import shown
from .common import add_lang_argument, set_cli_lang

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


#: argparse's own texts (usage, headings, errors), translated by netmap's catalogs
ARGPARSE_TEXTS = (
    N_("usage: "), N_("positional arguments"), N_("options"), N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"), N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"), N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"), N_("expected one argument"), N_("expected at most one argument"),
    N_("expected at least one argument"), N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"), N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("%(prog)s: error: %(message)s\n"), N_("ignored explicit argument %r"),
    N_("show program's version number and exit"),
)


def _add_lang_everywhere(parser: argparse.ArgumentParser) -> None:
    """``--lang`` on every command that does not declare it itself (sub-commands of sub-commands included)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                if child._subparsers is None and "--lang" not in child._option_string_actions:
                    add_lang_argument(child)
                _add_lang_everywhere(child)


def build_parser(lang: str = DEFAULT_LANG) -> argparse.ArgumentParser:
    """The ``netmap`` parser, its help in ``lang``; argparse's own texts follow ``lang`` too."""
    set_cli_lang(lang)
    _ = translator(lang)
    # argparse looks its texts up through its module's gettext functions: point them at netmap's catalog
    argparse._ = _.gettext  # type: ignore[attr-defined]
    argparse.ngettext = _.plain_ngettext  # type: ignore[attr-defined]
    parser = argparse.ArgumentParser(
        prog="netmap",
        description=_("Map, diagnose and follow the network around a person in a complex situation."),
    )
    parser.add_argument("--version", action="version", version=f"netmap {__version__}",
                        help=_("show program's version number and exit"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    _add_lang_everywhere(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    lang = lang_from_argv(argv)
    parser = build_parser(lang)
    args = parser.parse_args(argv)
    _ = translator(lang)
    try:
        with shown():  # progress bars on a terminal (never on a pipe)
            return int(args.func(args) or 0)
    except BrokenPipeError:
        # the reader went away (`netmap assess --json | head`): stop quietly, like other tools
        _silence_stdout()
        return 141  # 128 + SIGPIPE, what a shell reports for a process the pipe stopped
    except ValidationError as exc:
        print(exc.text(lang), file=sys.stderr)
        return 1
    except NetmapError as exc:
        print(f"netmap: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a defect of netmap: no traceback (it could quote data), the error's type only
        if os.environ.get("NETMAP_DEBUG"):
            raise
        print("netmap: " + _("internal error ({error}); nothing was imported and no output file was left "
                             "half-written. Run again with NETMAP_DEBUG=1 for the details, and report it.",
                             error=type(exc).__name__), file=sys.stderr)
        return 3


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that Python's own flush at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout replaced by an object without a file (tests)
        pass
