"""Cell-key perturbation (ONS / ABS method) for published aggregates: record keys, cell keys, the perturbation table.

Every situation has a *record key*, an integer 0–255: the first byte of
HMAC-SHA-256(secret, situation id). The secret is 32 random bytes kept beside the store
(:func:`secret_path`), created on first use with permissions 0600, never exported, and
copied by ``netmap backup``. A cell's *key* is the sum of the record keys of the
situations it counts, modulo 256. A published count is the true count plus the value of
the perturbation table at (true count, cell key): at most ±2, zero on average over the
256 cell keys, never below 1 for a true count of 1 or more, and 0 for a true 0.

The same situations give the same cell key, hence the same published count, in every
table, filter and release; two queries that differ by a few situations have unrelated
cell keys, so their difference is blurred by two independent perturbations.

Why not the ONS ``cell-key-perturbation`` package (3.1.0) itself: it builds frequency
tables by cross-tabulating one row per person, whereas netmap's tables count a
situation in several rows (every flag it raises, every month it is active) and also
perturb counts of meetings and ties by the key of their situations; it prints to
standard output on every call (netmap aggregate writes CSV there); and its bundled
table is the "10-5 rule" (counts below 10 become 0, others rounded to 5), not a
zero-mean ±2 table. netmap follows its documented layout instead — a table of
(``pcv``, ``ckey``, ``pvalue``), cell key = sum of record keys modulo (largest ``ckey``
+ 1), a count above 750 read at row ((count − 1) mod 250) + 501 — and the tests check
that both give the same counts on a cross-table when the package is installed.

Examples
--------
>>> ck = CellKeys(bytes(32))
>>> ck.record_key("S-001") == ck.record_key("S-001") and 0 <= ck.record_key("S-001") <= 255
True
>>> [perturb(0, c) for c in (0, 77, 255)], {perturb(1, c) for c in range(256)}
([0, 0, 0], {1})
>>> sorted({perturb(40, c) - 40 for c in range(256)})
[-2, -1, 0, 1, 2]
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from ..errors import UsageError
from .keyfile import read_private_hex

__all__ = ["CELL_KEYS", "MAX_PCV", "PTABLE_ROWS", "CellKeys", "beside", "cell_key", "copy_secret", "default_secret_path",
           "load_secret", "perturb", "ptable_frame", "secret_path"]

CELL_KEYS = 256  # cell keys 0..255
MAX_PCV = 750  # rows of the table in the ONS layout; counts above it reuse rows 501..750
SECRET_SUFFIX = ".cellkey"
ENV_SECRET = "NETMAP_CELL_KEY_FILE"  # when set: the one secret used, whatever the source (e.g. kept on another volume)
_SECRET_BYTES = 32


def _row(spread: dict[int, int], seed: int) -> np.ndarray:
    """One row of the table: ``spread`` maps a perturbation to how many of the 256 cell keys get it.

    The keys are dealt out in a fixed pseudo-random order (the table is public, as at
    the ONS): the order only has to be unrelated to the arithmetic of the keys.
    """
    assert sum(spread.values()) == CELL_KEYS and sum(p * n for p, n in spread.items()) == 0  # zero mean
    values = np.repeat(np.array(list(spread), dtype=np.int64), list(spread.values()))
    return np.random.default_rng(seed).permutation(values)


# Rows for true counts 0, 1, 2 and "3 or more". A true 0 stays 0; a true 1 stays 1 (the
# only zero-mean choice that never turns a person into nobody); a true 2 moves by −1..+2;
# from 3 on, by −2..+2 with P(0) = 1/4, so two independent cells agree (their difference
# comes out exact) with probability Σp² ≈ 0.21.
PTABLE_ROWS = np.vstack([
    np.zeros(CELL_KEYS, dtype=np.int64),
    np.zeros(CELL_KEYS, dtype=np.int64),
    _row({-1: 96, 0: 96, 1: 32, 2: 32}, 2),
    _row({-2: 40, -1: 56, 0: 64, 1: 56, 2: 40}, 3),
])


def perturb(count: int, key: int) -> int:
    """The published value of a true ``count`` whose cell key is ``key``."""
    if count <= 0:
        return 0 if count == 0 else count
    return int(count + PTABLE_ROWS[min(count, 3), key % CELL_KEYS])


def ptable_frame(max_pcv: int = MAX_PCV):
    """The perturbation table in the ONS layout: one row per (``pcv`` 1..max_pcv, ``ckey`` 0..255), with ``pvalue``."""
    import pandas as pd

    pcv = np.repeat(np.arange(1, max_pcv + 1), CELL_KEYS)
    ckey = np.tile(np.arange(CELL_KEYS), max_pcv)
    return pd.DataFrame({"pcv": pcv, "ckey": ckey, "pvalue": PTABLE_ROWS[np.minimum(pcv, 3), ckey]})


class CellKeys:
    """Record keys of situation ids under one secret (memoised: one HMAC per situation and process)."""

    def __init__(self, secret: bytes):
        if len(secret) < 16:
            raise UsageError("the cell-key secret is too short: expected at least 16 bytes")
        self._secret = secret
        self._keys: dict[str, int] = {}

    def __repr__(self) -> str:  # never show the secret
        return f"CellKeys(<secret>, {len(self._keys)} record keys)"

    def record_key(self, situation_id: str) -> int:
        """The record key of a situation: the first byte of HMAC-SHA-256(secret, id), 0–255."""
        k = self._keys.get(situation_id)
        if k is None:
            k = hmac.new(self._secret, situation_id.encode("utf-8"), hashlib.sha256).digest()[0]
            self._keys[situation_id] = k
        return k

    def prime(self, ids: Iterable[str]) -> None:
        """Work out the record keys of ``ids`` now (a server does it once for all its situations)."""
        for i in ids:
            self.record_key(i)

    def cell_key(self, ids: Iterable[str]) -> int:
        """The cell key of the situations ``ids``: the sum of their record keys, modulo 256."""
        ids = ids if isinstance(ids, (set, frozenset, list, tuple)) else list(ids)
        try:  # keys known: summed in C (measured: 6 times faster on the dashboard's cells of 10⁵ situations)
            return sum(map(self._keys.__getitem__, ids)) % CELL_KEYS
        except KeyError:
            return sum(self.record_key(i) for i in ids) % CELL_KEYS

    def perturb(self, count: int, ids: Iterable[str]) -> int:
        """``count`` (of the situations ``ids``, or of meetings or ties belonging to them), perturbed."""
        return perturb(count, self.cell_key(ids))


def cell_key(secret: bytes, ids: Iterable[str]) -> int:
    """The cell key of ``ids`` under ``secret`` (see :class:`CellKeys`)."""
    return CellKeys(secret).cell_key(ids)


# ---- the secret ----------------------------------------------------------------------------------------------
def default_secret_path() -> Path:
    """The secret used for situations that come from no file or store: ``$NETMAP_CELL_KEY_FILE``, else
    ``cellkey.secret`` in the user's netmap data folder."""
    env = os.environ.get(ENV_SECRET, "").strip()
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("netmap")) / "cellkey.secret"


def secret_path(source: str | Path | None) -> Path:
    """Where the cell-key secret of a source lives: beside it, never inside it.

    - an SQLite store ``sqlite:///…/x.sqlite3``: ``…/x.sqlite3.cellkey``;
    - a file or folder of situations ``…/x``: ``…/x.cellkey`` (a folder copied whole
      does not carry it);
    - a PostgreSQL store: ``cellkey-<hash of its masked URL>.secret`` in the user's data folder;
    - None, or an SQLite store in memory: :func:`default_secret_path`;
    - whatever the source, ``$NETMAP_CELL_KEY_FILE`` when it is set.

    >>> beside("sqlite:////srv/netmap/n.sqlite3")
    PosixPath('/srv/netmap/n.sqlite3.cellkey')
    >>> beside("/data/situations/")
    PosixPath('/data/situations.cellkey')
    """
    if source is None or os.environ.get(ENV_SECRET, "").strip():
        return default_secret_path()
    return beside(source)


def beside(source: str | Path) -> Path:
    """The secret's place beside ``source`` (see :func:`secret_path`), whatever ``$NETMAP_CELL_KEY_FILE`` says."""
    text = str(source)
    if "://" in text:
        from ..store.urls import parse_store_url

        parsed = parse_store_url(text)
        if parsed.backend == "sqlite":
            if parsed.path is None:
                from platformdirs import user_data_dir

                return Path(user_data_dir("netmap")) / "cellkey.secret"
            return parsed.path.with_name(parsed.path.name + SECRET_SUFFIX)
        digest = hashlib.sha256(parsed.masked.encode("utf-8")).hexdigest()[:16]
        from platformdirs import user_data_dir

        return Path(user_data_dir("netmap")) / f"cellkey-{digest}.secret"
    p = Path(text).expanduser()
    p = Path(os.path.abspath(p))
    return p.with_name(p.name + SECRET_SUFFIX)


def load_secret(path: str | Path, *, create: bool = True) -> bytes:
    """The secret in ``path``; created (32 random bytes, hex, mode 0600) when absent and ``create``.

    A secret readable by others, or not holding at least 32 bytes of hex, is refused with a
    UsageError naming the file (never its content).
    """
    p = Path(path)
    if not p.exists():
        if not create:
            raise UsageError(f"{p}: no cell-key secret there")
        p.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process created it first: read theirs
        except OSError as exc:
            raise UsageError(f"{p}: cannot create the cell-key secret ({exc.strerror}); set {ENV_SECRET} to keep "
                             "it in a private place of your choice") from None
        else:
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                fh.write(secrets.token_hex(_SECRET_BYTES) + "\n")
            os.chmod(p, 0o600)
    return read_private_hex(p, "cell-key secret", _SECRET_BYTES)


def copy_secret(source: str | Path | None, dest: str | Path) -> Path | None:
    """Copy the secret of ``source`` to ``dest`` + ``.cellkey`` (mode 0600), for a backup; None when it has none."""
    src = secret_path(source)
    if not src.exists():
        return None
    data = load_secret(src, create=False)
    target = Path(dest).expanduser()
    target = target.with_name(target.name + SECRET_SUFFIX)
    tmp = target.with_name(target.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(data.hex() + "\n")
    os.chmod(tmp, 0o600)
    os.replace(tmp, target)
    return target
