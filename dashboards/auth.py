"""Who may use the dashboard: salted password hashes in a user file, HTTP Basic, or a trusted proxy header.

The user file is JSON, written by ``netmap dashboard --add-user NAME --auth-file FILE``::

    {"format": "netmap-users/1",
     "users": {"alice": {"role": "internal", "hash": "scrypt$16384$8$1$<salt>$<key>"}}}

Passwords are never stored: each user has a random 16-byte salt and an scrypt key
(``pbkdf2_sha256`` entries are also verified). Keys are compared with
:func:`hmac.compare_digest`. Roles: ``internal`` may see per-situation pages;
``public`` sees aggregates only, with *k* at least 5.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import tempfile
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from netmap.errors import UsageError

__all__ = [
    "ROLES",
    "AuthConfig",
    "User",
    "add_user",
    "hash_password",
    "install_auth",
    "read_users",
    "verify_password",
]

ROLES = ("internal", "public")
FILE_FORMAT = "netmap-users/1"
_NAME = re.compile(r"^[A-Za-z0-9._@-]{1,64}$")
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
_PBKDF2_ITERATIONS = 600_000
_MIN_PASSWORD = 10
_VERIFIED_TTL = 300.0  # seconds a verified Basic credential is remembered (scrypt costs ~50 ms a check)


@dataclass(frozen=True, slots=True)
class User:
    name: str
    role: str
    hash: str = field(repr=False)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """An scrypt hash of ``password`` with a fresh random salt, as ``scrypt$n$r$p$salt$key``.

    Examples
    --------
    >>> h = hash_password("correct horse battery")
    >>> h.startswith("scrypt$16384$8$1$"), verify_password("correct horse battery", h), verify_password("x", h)
    (True, True, False)
    """
    salt = secrets.token_bytes(16) if salt is None else salt
    key = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32, **_SCRYPT)
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` matches the ``stored`` hash (scrypt or pbkdf2_sha256); constant-time compare."""
    parts = stored.split("$")
    try:
        if parts[0] == "scrypt" and len(parts) == 6:
            n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
            salt, key = base64.b64decode(parts[4]), base64.b64decode(parts[5])
            got = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=len(key),
                                 maxmem=256 * 1024 * 1024)
        elif parts[0] == "pbkdf2_sha256" and len(parts) == 4:
            iterations = int(parts[1])
            salt, key = base64.b64decode(parts[2]), base64.b64decode(parts[3])
            got = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations, dklen=len(key))
        else:
            return False
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, key)


def read_users(path: str | Path) -> dict[str, User]:
    """The users of an auth file; :class:`UsageError` naming the place of any problem (never a hash or name)."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{p}: auth file not found; create it with `netmap dashboard --add-user NAME "
                         f"--auth-file {p}`") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise UsageError(f"{p}: expected a readable JSON auth file written by `netmap dashboard --add-user`") from None
    if not isinstance(data, dict) or data.get("format") != FILE_FORMAT or not isinstance(data.get("users"), dict):
        raise UsageError(f"{p}: expected an object with \"format\": \"{FILE_FORMAT}\" and \"users\"")
    users: dict[str, User] = {}
    for i, (name, entry) in enumerate(data["users"].items()):
        where = f"{p}: user #{i + 1}"
        if not isinstance(name, str) or not _NAME.match(name):
            raise UsageError(f"{where}: expected a user name of 1-64 characters among A-Z a-z 0-9 . _ @ -")
        if not isinstance(entry, dict) or entry.get("role") not in ROLES:
            raise UsageError(f"{where}/role: expected one of {', '.join(ROLES)}")
        h = entry.get("hash")
        if not isinstance(h, str) or not h.startswith(("scrypt$", "pbkdf2_sha256$")):
            raise UsageError(f"{where}/hash: expected a salted scrypt or pbkdf2_sha256 hash (never a password)")
        users[name] = User(name, entry["role"], h)
    return users


def add_user(path: str | Path, name: str, password: str, role: str = "internal") -> None:
    """Create or replace ``name`` in the auth file at ``path`` (created with mode 0600)."""
    if not _NAME.match(name):
        raise UsageError("user name: expected 1-64 characters among A-Z a-z 0-9 . _ @ -")
    if role not in ROLES:
        raise UsageError(f"role: expected one of {', '.join(ROLES)}")
    if len(password) < _MIN_PASSWORD:
        raise UsageError(f"password: expected at least {_MIN_PASSWORD} characters")
    p = Path(path)
    users = read_users(p) if p.exists() else {}
    users[name] = User(name, role, hash_password(password))
    payload = {"format": FILE_FORMAT, "users": {u.name: {"role": u.role, "hash": u.hash} for u in users.values()}}
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".users-", dir=p.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(payload, fh, indent=2, sort_keys=True)
            fh.write("\n")
        os.chmod(tmp, 0o600)
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass
class AuthConfig:
    """How requests are authenticated: a user table (HTTP Basic) and/or a trusted proxy header.

    ``proxy_header`` is honoured only when set, and only on requests that come from the
    proxy itself (a loopback peer: the proxy runs on this machine), so that nobody reaching
    the dashboard directly can name themselves. The proxy authenticates and names the user
    in that header; the user's role is taken from ``users`` when listed there, otherwise
    ``public``.
    """

    users: Mapping[str, User] = field(default_factory=dict)
    proxy_header: str | None = None
    realm: str = "netmap"
    _verified: dict[tuple[str, bytes], float] = field(default_factory=dict, repr=False)
    _key: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def enabled(self) -> bool:
        return bool(self.users) or bool(self.proxy_header)

    def check_basic(self, name: str, password: str) -> User | None:
        """The user whose name and password match, or None (the answer is remembered a few minutes)."""
        user = self.users.get(name)
        if user is None:
            # spend the same time as a real check so that user names cannot be probed
            verify_password(password, hash_password("netmap-dummy", salt=b"\0" * 16))
            return None
        token = (name, hmac.new(self._key, password.encode("utf-8"), hashlib.sha256).digest())
        now = time.monotonic()
        with self._lock:
            seen = self._verified.get(token)
            if seen is not None and now - seen < _VERIFIED_TTL:
                return user
        if not verify_password(password, user.hash):
            return None
        with self._lock:
            if len(self._verified) > 1000:
                self._verified.clear()
            self._verified[token] = now
        return user

    def identify(self, headers, authorization, peer: str | None = "127.0.0.1") -> User | None:
        """The user of a request from its headers, parsed Basic credentials and peer address, or None."""
        from .security import is_loopback

        if self.proxy_header and peer is not None and is_loopback(peer):
            name = (headers.get(self.proxy_header) or "").strip()
            if name and _NAME.match(name):
                listed = self.users.get(name)
                return User(name, listed.role if listed else "public", "")
        if self.users and authorization is not None and authorization.type == "basic":
            return self.check_basic(authorization.username or "", authorization.password or "")
        return None


def install_auth(server, config: AuthConfig) -> None:
    """Require an authenticated user on every request of a Flask ``server``; sets ``flask.g.netmap_user``."""
    from flask import Response, g, request

    if not config.enabled:
        return

    @server.before_request
    def _authenticate():
        user = config.identify(request.headers, request.authorization, request.remote_addr)
        if user is None:
            headers = {}
            if config.users:
                headers["WWW-Authenticate"] = f'Basic realm="{config.realm}", charset="UTF-8"'
            return Response("Authentification requise. Authentication required.\n", 401, headers,
                            mimetype="text/plain")
        g.netmap_user = user
        return None
