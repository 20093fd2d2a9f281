"""De-identification for tables leaving the service: keyed pseudonyms, no free text.

Situation ids become keyed HMAC-SHA-256 pseudonyms (``P-`` and the first 24 hex digits:
96 bits, stable for one key, not reversible without it). The key lives in a key file
kept outside the store (``--key-file``), readable by its owner only. Fund names are free
text and become pseudonyms too (``F-…``); organisation names are dropped (the partners
table is generalised to one row per sector, see :func:`netmap.aggregate.aggregate`).

Examples
--------
>>> pseudonym(bytes(32), "S-001")
'P-388072378582b71812ff82a4'
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

import pandas as pd

from ..errors import UsageError
from .keyfile import read_private_hex

__all__ = ["create_key_file", "deidentify_table", "pseudonym", "read_key"]

_MIN_KEY_BYTES = 32


def pseudonym(key: bytes, value: str, prefix: str = "P-") -> str:
    """The keyed pseudonym of ``value``: ``prefix`` + 24 hex digits of HMAC-SHA-256(key, value)."""
    return prefix + hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:24]


def create_key_file(path: str | Path) -> Path:
    """Create a new random key (32 bytes, hex) at ``path``, readable by its owner only (0600).

    Never overwrites: an existing file is a UsageError (a new key would break every
    pseudonym already handed out).
    """
    p = Path(path)
    try:
        fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise UsageError(f"{p}: a key file already exists there; it is kept as it is") from None
    except OSError as exc:
        raise UsageError(f"{p}: cannot create the key file ({exc.strerror})") from None
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(secrets.token_hex(_MIN_KEY_BYTES) + "\n")
    os.chmod(p, 0o600)
    return p


def read_key(path: str | Path | None) -> bytes:
    """The key held in ``path`` (hex text of at least 32 bytes), checked to be private to its owner."""
    if path is None:
        raise UsageError("--deidentify needs --key-file FILE (a key kept outside the store); "
                         "create one with --create-key")
    p = Path(path)
    if not p.is_file():
        raise UsageError(f"{p}: no key file there; create one with --create-key (it is written with 0600 permissions)")
    return read_private_hex(p, "key", _MIN_KEY_BYTES)


def deidentify_table(df: pd.DataFrame, key: bytes) -> pd.DataFrame:
    """A copy of an aggregate table with situation ids and fund names replaced by keyed pseudonyms
    and organisation names dropped (set to null)."""
    out = df.copy()
    if "situation" in out.columns:
        out["situation"] = [pseudonym(key, str(v)) for v in out["situation"]]
    if "fund" in out.columns:
        out["fund"] = [pseudonym(key, str(v), "F-") for v in out["fund"]]
    if "organisation" in out.columns:
        out["organisation"] = None
    return out
