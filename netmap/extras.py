"""The optional parts of netmap and the packages each needs (pyproject's extras).

The core (model, files, measures, maps as HTML or SVG, reports, the command line) needs
none of them. A command that needs an optional part calls :func:`require` first, so that
a missing package gives one sentence naming the extra to install instead of a traceback.

>>> EXTRAS["png"]
('kaleido',)
"""

from __future__ import annotations

import importlib

from . import __version__
from .errors import UsageError

__all__ = ["EXTRAS", "MissingExtraError", "require"]

# extra -> the modules it provides that netmap imports (kept in step with pyproject.toml)
EXTRAS: dict[str, tuple[str, ...]] = {
    "dashboard": ("dash", "flask", "werkzeug", "dash_ag_grid"),
    "png": ("kaleido",),
    "postgres": ("psycopg",),
    "parquet": ("pyarrow",),
}

_WHAT = {
    "dashboard": "the dashboard",
    "png": "PNG export",
    "postgres": "PostgreSQL stores",
    "parquet": "the Parquet export",
}


class MissingExtraError(UsageError):
    """An optional part of netmap is needed but its packages are not installed."""

    def __init__(self, extra: str, module: str):
        self.extra = extra
        self.module = module
        # not `pip install netmap[...]`: the package called netmap on PyPI is another project
        super().__init__(
            f"{_WHAT[extra]} needs the optional part [{extra}] of netmap, which is not installed "
            f"(module {module} missing): install netmap again with it, from its wheel "
            f"(pip install 'netmap-{__version__}-py3-none-any.whl[{extra}]') or its folder (pip install '.[{extra}]')"
        )


def require(extra: str) -> None:
    """Import the modules of ``extra``; raise :class:`MissingExtraError` naming it when one is missing."""
    for module in EXTRAS[extra]:
        try:
            importlib.import_module(module)
        except ImportError:
            raise MissingExtraError(extra, module) from None
