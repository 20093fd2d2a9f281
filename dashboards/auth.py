"""Who may use the dashboard: salted password hashes in a user file, HTTP Basic, or a trusted proxy header.

The user file is JSON, written by ``netmap dashboard --add-user NAME --auth-file FILE``::

    {"format": "netmap-users/1",
     "users": {"alice": {"role": "internal", "services": ["SAM-BXL"],
                         "hash": "scrypt:131072:8:1$<salt>$<key>"}}}

Passwords are never stored: hashes come from :mod:`werkzeug.security` with OWASP's
scrypt parameters (N = 2^17, r = 8, p = 1). Entries of older netmap versions
(``scrypt$16384$…``, ``pbkdf2_sha256$…``) are still verified and rewritten with the
current parameters at the user's next successful login. Roles: ``internal`` may see
per-situation pages; ``public`` sees aggregates only, with *k* at least 5. ``services``
(optional) limits a user to the situations of those services.

Password guessing is slowed down by :class:`LoginLimiter` (temporary lockout per user
name and per address, answered 429 with ``Retry-After``); an unknown user name costs the
same hash computation as a known one, so names cannot be probed by timing.
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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

from netmap.errors import UsageError

__all__ = [
    "HASH_METHOD",
    "ROLES",
    "AuthConfig",
    "LoginLimiter",
    "User",
    "add_user",
    "hash_password",
    "install_auth",
    "needs_rehash",
    "parse_services",
    "read_users",
    "verify_password",
]

ROLES = ("internal", "public")
FILE_FORMAT = "netmap-users/1"
_NAME = re.compile(r"^[A-Za-z0-9._@-]{1,64}$")
_SERVICE = re.compile(r"^[^\x00-\x1f\x7f,]{1,100}$")
HASH_METHOD = "scrypt:131072:8:1"  # OWASP password storage cheat sheet: scrypt N=2^17, r=8, p=1 (128 MiB, ~0.4 s)
_HASH_PREFIXES = ("scrypt:", "pbkdf2:", "scrypt$", "pbkdf2_sha256$")
_MIN_PASSWORD = 10
_VERIFIED_TTL = 300.0  # seconds a verified Basic credential is remembered (a check costs ~0.4 s and 128 MiB)
# at most this many hash checks at once: each scrypt check holds 128 MiB, and the machine has few cores
_HASHING = threading.BoundedSemaphore(2)


@dataclass(frozen=True, slots=True)
class User:
    name: str
    role: str
    hash: str = field(repr=False)
    services: tuple[str, ...] | None = None  #: the services this user may see; None: all


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, *, method: str = HASH_METHOD) -> str:
    """A salted hash of ``password`` by :func:`werkzeug.security.generate_password_hash` (OWASP scrypt parameters).

    Examples
    --------
    >>> h = hash_password("correct horse battery")
    >>> h.startswith("scrypt:131072:8:1$"), verify_password("correct horse battery", h), verify_password("x", h)
    (True, True, False)
    """
    with _HASHING:
        return generate_password_hash(password, method=method, salt_length=16)


def needs_rehash(stored: str) -> bool:
    """True when ``stored`` was made with other parameters than :data:`HASH_METHOD` (rewritten at next login)."""
    return not stored.startswith(HASH_METHOD + "$")


def _verify_legacy(password: str, parts: list[str]) -> bool:
    """Hashes written by netmap before werkzeug.security: ``scrypt$n$r$p$salt$key`` and ``pbkdf2_sha256$i$salt$key``."""
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
    return hmac.compare_digest(got, key)


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` matches the ``stored`` hash (werkzeug's, or netmap's older format); constant-time compare."""
    try:
        with _HASHING:
            if stored.startswith(("scrypt:", "pbkdf2:")):
                return check_password_hash(stored, password)
            return _verify_legacy(password, stored.split("$"))
    except (ValueError, TypeError, MemoryError):
        return False


def parse_services(text: str | None) -> tuple[str, ...] | None:
    """The services of ``--services a,b`` (None when not given: every service).

    Examples
    --------
    >>> parse_services("SAM-BXL, SAM-LIE"), parse_services(None)
    (('SAM-BXL', 'SAM-LIE'), None)
    """
    if text is None:
        return None
    names = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    if not names or not all(_SERVICE.match(n) for n in names):
        raise UsageError("--services: expected service codes separated by commas (e.g. SAM-BXL,SAM-LIE)")
    return names


def read_users(path: str | Path) -> dict[str, User]:
    """The users of an auth file; :class:`UsageError` naming the place of any problem (never a hash or name)."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{p}: auth file not found; create it with `netmap dashboard --add-user NAME "
                         f"--auth-file {p}`") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError):
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
        if not isinstance(h, str) or not h.startswith(_HASH_PREFIXES):
            raise UsageError(f"{where}/hash: expected a salted scrypt or pbkdf2 hash (never a password)")
        services = entry.get("services")
        if services is not None and (not isinstance(services, list) or not services or not all(
                isinstance(x, str) and _SERVICE.match(x) for x in services)):
            raise UsageError(f"{where}/services: expected a non-empty list of service codes, or no such key")
        users[name] = User(name, entry["role"], h, tuple(services) if services is not None else None)
    return users


def _write_users(p: Path, users: Iterable[User]) -> None:
    """Write the auth file atomically, readable by its owner only."""
    entries = {}
    for u in users:
        entry: dict[str, object] = {"role": u.role, "hash": u.hash}
        if u.services is not None:
            entry["services"] = list(u.services)
        entries[u.name] = entry
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".users-", dir=p.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"format": FILE_FORMAT, "users": entries}, fh, indent=2, sort_keys=True)
            fh.write("\n")
        os.chmod(tmp, 0o600)
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def add_user(path: str | Path, name: str, password: str, role: str = "internal",
             services: Iterable[str] | None = None) -> None:
    """Create or replace ``name`` in the auth file at ``path`` (created with mode 0600).

    ``services`` limits the user to the situations of those services (None: every service).
    """
    if not _NAME.match(name):
        raise UsageError("user name: expected 1-64 characters among A-Z a-z 0-9 . _ @ -")
    if role not in ROLES:
        raise UsageError(f"role: expected one of {', '.join(ROLES)}")
    if len(password) < _MIN_PASSWORD:
        raise UsageError(f"password: expected at least {_MIN_PASSWORD} characters")
    p = Path(path)
    users = read_users(p) if p.exists() else {}
    users[name] = User(name, role, hash_password(password), tuple(services) if services is not None else None)
    _write_users(p, users.values())


def _replace_hash(path: Path, name: str, old: str, new: str) -> None:
    """Rewrite one user's hash in the auth file, unless the entry changed meanwhile (then leave it)."""
    users = read_users(path)
    user = users.get(name)
    if user is None or user.hash != old:
        return
    users[name] = User(user.name, user.role, new, user.services)
    _write_users(path, users.values())


class LoginLimiter:
    """Failed logins counted per user name and per address; too many in ``window`` seconds lock that key out.

    A user name is locked after ``per_user`` failures, an address after ``per_address``
    (an address may serve several people); a lockout lasts ``lockout`` seconds, and
    doubles at each further lockout of the same key within a day (at most a day). Counts
    live in memory (one dashboard process serves every request).
    """

    def __init__(self, per_user: int = 5, per_address: int = 20, window: float = 900.0, lockout: float = 900.0,
                 clock=time.monotonic) -> None:
        self.per_user, self.per_address, self.window, self.lockout = per_user, per_address, window, lockout
        self._clock = clock
        self._failures: dict[tuple[str, str], list[float]] = {}
        self._locked: dict[tuple[str, str], tuple[float, int]] = {}  # key -> (until, lockouts so far)
        self._lock = threading.Lock()

    def retry_after(self, name: str, address: str | None) -> int:
        """Seconds until this user name and address may try again (0: they may now)."""
        now = self._clock()
        with self._lock:
            waits = [until - now for key in self._keys(name, address)
                     if (entry := self._locked.get(key)) and (until := entry[0]) > now]
        return int(max(waits) + 0.999) if waits else 0

    def failure(self, name: str, address: str | None) -> None:
        now = self._clock()
        with self._lock:
            if len(self._failures) > 10_000:
                self._forget(now)
            for key in self._keys(name, address):
                recent = [t for t in self._failures.get(key, []) if now - t < self.window] + [now]
                limit = self.per_user if key[0] == "user" else self.per_address
                if len(recent) >= limit:
                    _, count = self._locked.get(key, (0.0, 0))
                    self._locked[key] = (now + min(self.lockout * 2 ** count, 86_400.0), count + 1)
                    recent = []
                self._failures[key] = recent

    def success(self, name: str) -> None:
        with self._lock:
            self._failures.pop(("user", name), None)

    @staticmethod
    def _keys(name: str, address: str | None) -> list[tuple[str, str]]:
        keys = [("user", name)]
        if address:
            keys.append(("address", address))
        return keys

    def _forget(self, now: float) -> None:
        self._failures = {k: v for k, v in self._failures.items() if v and now - v[-1] < self.window}
        self._locked = {k: v for k, v in self._locked.items() if now - v[0] < 86_400.0}


@dataclass
class AuthConfig:
    """How requests are authenticated: a user table (HTTP Basic) and/or a trusted proxy header.

    ``proxy_header`` is honoured only when set, and only on requests that come from the
    proxy itself (a loopback peer: the proxy runs on this machine), so that nobody reaching
    the dashboard directly can name themselves. The proxy authenticates and names the user
    in that header; the user's role and services are taken from ``users`` when listed
    there, otherwise ``public``. ``path`` is the auth file, where older hashes are
    rewritten with the current parameters at a successful login.
    """

    users: Mapping[str, User] = field(default_factory=dict)
    proxy_header: str | None = None
    realm: str = "netmap"
    path: Path | None = None
    limiter: LoginLimiter = field(default_factory=LoginLimiter)
    _verified: dict[tuple[str, bytes], float] = field(default_factory=dict, repr=False)
    _key: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _dummy: list[str] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.users = dict(self.users)

    @property
    def enabled(self) -> bool:
        return bool(self.users) or bool(self.proxy_header)

    def _dummy_hash(self) -> str:
        """A hash of a random password with the parameters of the users' hashes (an unknown name then costs
        what a known one costs)."""
        if not self._dummy:
            methods = [u.hash.split("$", 1)[0] for u in self.users.values() if u.hash.startswith(("scrypt:", "pbkdf2:"))]
            method = max(set(methods), key=methods.count) if methods else HASH_METHOD
            self._dummy.append(hash_password(secrets.token_urlsafe(16), method=method))
        return self._dummy[0]

    def remembered(self, name: str, password: str) -> User | None:
        """The user, when this exact name and password were verified in the last few minutes."""
        token = (name, hmac.new(self._key, password.encode("utf-8", "surrogatepass"), hashlib.sha256).digest())
        with self._lock:
            seen = self._verified.get(token)
        if seen is not None and time.monotonic() - seen < _VERIFIED_TTL:
            return self.users.get(name)
        return None

    def check_basic(self, name: str, password: str) -> User | None:
        """The user whose name and password match, or None (the answer is remembered a few minutes).

        An unknown name is checked against a dummy hash of the same parameters, so that it
        takes as long as a wrong password of a known user.
        """
        user = self.remembered(name, password)
        if user is not None:
            return user
        user = self.users.get(name)
        if user is None:
            verify_password(password, self._dummy_hash())
            return None
        if not verify_password(password, user.hash):
            return None
        if needs_rehash(user.hash):
            user = self._upgrade(user, password)
        token = (name, hmac.new(self._key, password.encode("utf-8", "surrogatepass"), hashlib.sha256).digest())
        with self._lock:
            if len(self._verified) > 1000:
                self._verified.clear()
            self._verified[token] = time.monotonic()
        return user

    def _upgrade(self, user: User, password: str) -> User:
        """Rehash a verified password with the current parameters, in memory and in the auth file."""
        new = User(user.name, user.role, hash_password(password), user.services)
        with self._lock:
            self.users[user.name] = new  # type: ignore[index]
            if self.path is not None:
                try:
                    _replace_hash(self.path, user.name, user.hash, new.hash)
                except (OSError, UsageError):
                    pass  # the file cannot be rewritten now: the old hash stays valid, retried next login
        return new

    def identify(self, headers, authorization, peer: str | None = "127.0.0.1") -> User | None:
        """The user of a request from its headers, parsed Basic credentials and peer address, or None."""
        from .security import is_loopback

        if self.proxy_header and peer is not None and is_loopback(peer):
            name = (headers.get(self.proxy_header) or "").strip()
            if name and _NAME.match(name):
                listed = self.users.get(name)
                return User(name, listed.role if listed else "public", "", listed.services if listed else None)
        if self.users and authorization is not None and authorization.type == "basic":
            return self.check_basic(authorization.username or "", authorization.password or "")
        return None


def install_auth(server, config: AuthConfig) -> None:
    """Require an authenticated user on every request of a Flask ``server``; sets ``flask.g.netmap_user``.

    Basic credentials are refused with 429 and ``Retry-After`` while their user name or the
    client's address is locked out (a credential verified before the lockout still works:
    it proves its holder knows the password).
    """
    from flask import Response, g, request

    if not config.enabled:
        return

    def refuse() -> Response:
        headers = {}
        if config.users:
            headers["WWW-Authenticate"] = f'Basic realm="{config.realm}", charset="UTF-8"'
        return Response("Authentification requise. Authentication required.\n", 401, headers, mimetype="text/plain")

    @server.before_request
    def _authenticate():
        auth = request.authorization
        peer = request.remote_addr
        if config.users and auth is not None and auth.type == "basic" and not (
                config.proxy_header and peer and _loopback(peer) and request.headers.get(config.proxy_header)):
            name, password = auth.username or "", auth.password or ""
            user = config.remembered(name, password)
            if user is None:
                wait = config.limiter.retry_after(name, peer)
                if wait:
                    return Response("Trop d'essais : réessayez plus tard. Too many attempts: try again later.\n",
                                    429, {"Retry-After": str(wait)}, mimetype="text/plain")
                user = config.check_basic(name, password)
                if user is None:
                    config.limiter.failure(name, peer)
                    return refuse()
                config.limiter.success(name)
        else:
            user = config.identify(request.headers, None, peer)
        if user is None:
            return refuse()
        g.netmap_user = user
        return None


def _loopback(peer: str) -> bool:
    from .security import is_loopback

    return is_loopback(peer)
