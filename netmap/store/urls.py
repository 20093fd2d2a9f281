"""Store URLs: which backend, where, and how to print them with the password masked."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..errors import StoreError

__all__ = ["ENV_VAR", "StoreURL", "default_store_url", "mask_url", "parse_store_url"]

ENV_VAR = "NETMAP_STORE"
_PG_SCHEMES = ("postgresql", "postgres")
_MASK = "***"


def mask_url(url: str) -> str:
    """The URL with any password (in the authority or a ``password=`` parameter) replaced by ``***``.

    Examples
    --------
    >>> mask_url("postgresql://ana:s3cret@db.local:5432/netmap")
    'postgresql://ana:***@db.local:5432/netmap'
    >>> mask_url("sqlite:////var/lib/netmap.sqlite3")
    'sqlite:////var/lib/netmap.sqlite3'
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unreadable store URL>"
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        if ":" in userinfo:
            userinfo = userinfo.split(":", 1)[0] + ":" + _MASK
        netloc = f"{userinfo}@{host}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(k.lower() == "password" for k, _ in pairs):
            query = urlencode([(k, _MASK if k.lower() == "password" else v) for k, v in pairs], safe="*")
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment)) if parts.scheme != "sqlite" else url


@dataclass(frozen=True, slots=True)
class StoreURL:
    """A parsed store URL: ``backend`` is ``sqlite`` or ``postgresql``.

    ``path`` is the SQLite file (None for ``sqlite:///:memory:``); ``conninfo`` is the URL
    handed to libpq for PostgreSQL. ``masked`` is safe to print.
    """

    backend: str
    raw: str
    masked: str
    path: Path | None = None
    conninfo: str | None = None


def parse_store_url(url: str) -> StoreURL:
    """Parse ``sqlite:///relative/path``, ``sqlite:////absolute/path``, ``sqlite:///:memory:`` or ``postgresql://…``.

    Examples
    --------
    >>> parse_store_url("sqlite:////tmp/n.sqlite3").path
    PosixPath('/tmp/n.sqlite3')
    >>> parse_store_url("sqlite:///data/n.sqlite3").path
    PosixPath('data/n.sqlite3')
    >>> parse_store_url("postgresql://ana:pw@h/db").masked
    'postgresql://ana:***@h/db'
    """
    masked = mask_url(url)
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme == "sqlite":
        if not url.startswith("sqlite:///"):
            raise StoreError(f"store URL {masked}: expected sqlite:///relative/path or sqlite:////absolute/path "
                             "(three slashes, then the path)")
        rest = url[len("sqlite:///"):]
        if "?" in rest or "#" in rest:
            raise StoreError(f"store URL {masked}: expected a file path without '?' or '#' parameters")
        if not rest:
            raise StoreError(f"store URL {masked}: expected a file path after sqlite:///")
        if rest == ":memory:":
            return StoreURL("sqlite", url, masked, None, None)
        return StoreURL("sqlite", url, masked, Path(os.path.expanduser(rest)), None)
    if scheme in _PG_SCHEMES:
        parts = urlsplit(url)
        if not parts.path.strip("/") and not parts.query:
            raise StoreError(f"store URL {masked}: expected a database name (postgresql://user@host:port/database)")
        return StoreURL("postgresql", url, masked, None, url)
    raise StoreError(f"store URL {masked}: expected sqlite:///path or postgresql://user@host:port/database")


def default_store_url() -> str:
    """``$NETMAP_STORE`` if set, else the SQLite file ``netmap.sqlite3`` in the user's data directory."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return env
    from platformdirs import user_data_dir

    return "sqlite:///" + str(Path(user_data_dir("netmap")) / "netmap.sqlite3")
