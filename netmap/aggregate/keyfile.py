"""Reading a private key file: hex text, at least so many bytes, readable by its owner only.

The cell-key secret (:mod:`netmap.aggregate.cellkey`) and the pseudonym key
(:mod:`netmap.aggregate.deidentify`) are both kept this way. Errors name the file, never its content.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import UsageError

__all__ = ["read_private_hex"]


def read_private_hex(path: Path, noun: str, min_bytes: int) -> bytes:
    """The bytes written as hex text in ``path``; ``noun`` names the key in the errors ("cell-key secret")."""
    if os.name == "posix" and stat.S_IMODE(path.stat().st_mode) & 0o077:
        raise UsageError(f"{path}: the {noun} is readable by others; expected permissions 0600 (chmod 600)")
    text = path.read_text(encoding="ascii", errors="replace").strip()
    try:
        value = bytes.fromhex(text)
    except ValueError:
        raise UsageError(f"{path}: expected the {noun} as hexadecimal text") from None
    if len(value) < min_bytes:
        raise UsageError(f"{path}: expected a {noun} of at least {min_bytes} bytes ({2 * min_bytes} hex digits)")
    return value
