"""HTTP hardening of the dashboard: Content-Security-Policy and companion headers, bind checks."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable

__all__ = [
    "LOOPBACK_NAMES",
    "allowed_hosts",
    "build_csp",
    "host_name",
    "install_host_check",
    "install_security_headers",
    "is_loopback",
    "security_headers",
]

LOOPBACK_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost")
ALWAYS_ALLOWED = ("127.0.0.1", "localhost", "[::1]")


def is_loopback(host: str) -> bool:
    """True when ``host`` names this machine only (127.0.0.0/8, ::1 or localhost).

    Examples
    --------
    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("0.0.0.0"), is_loopback("10.1.2.3")
    (True, True, False, False)
    """
    name = host.strip().strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False  # any other name may resolve to a public interface


def build_csp(script_hashes: Iterable[str] = (), *, allow_eval: bool = False) -> str:
    """The Content-Security-Policy of every response.

    Scripts come from this server only; Dash's few inline scripts (its renderer bootstrap
    and the pages' title script) are allowed by their hashes, never by ``'unsafe-inline'``.
    No ``'unsafe-eval'``: the charts the dashboard draws (SVG bars, heat maps, scatter) do
    not need it (checked in Chromium, no CSP violation on any page); ``allow_eval`` is there
    for WebGL traces, which the dashboard does not use. Styles may be inline (Dash and
    plotly set ``style`` attributes).

    Examples
    --------
    >>> "frame-ancestors 'none'" in build_csp()
    True
    """
    scripts = ["'self'", *script_hashes]
    if allow_eval:
        scripts.append("'unsafe-eval'")
    parts = {
        "default-src": ["'self'"],
        "script-src": scripts,
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{key} {' '.join(values)}" for key, values in parts.items())


def security_headers(csp: str) -> dict[str, str]:
    """Headers set on every response, the CSP included."""
    return {
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    }


def install_security_headers(server, csp: str | Callable[[], str]) -> None:
    """Add :func:`security_headers` to every response of a Flask ``server``.

    ``csp`` may be a function, asked at each response: Dash adds inline scripts (and so
    script hashes) when it serves its first request. Pages and callback answers (which
    carry situation data in internal mode) are also marked ``Cache-Control: no-store`` so
    that no shared or browser cache keeps them.
    """

    from flask import request

    @server.after_request
    def _harden(response):
        for name, value in security_headers(csp() if callable(csp) else csp).items():
            response.headers[name] = value
        if not response.headers.get("Cache-Control") or response.mimetype in ("text/html", "application/json"):
            response.headers["Cache-Control"] = "no-store"
        response.headers.pop("Server", None)
        if request.is_secure:  # served over TLS: browsers keep to HTTPS for this host
            response.headers["Strict-Transport-Security"] = "max-age=31536000"
        return response


def host_name(header: str | None) -> str:
    """The host of a ``Host`` header without its port, lower case; IPv6 keeps its brackets.

    Examples
    --------
    >>> host_name("LocalHost:8050"), host_name("[::1]:8050"), host_name("[::1]"), host_name(None)
    ('localhost', '[::1]', '[::1]', '')
    """
    value = (header or "").strip().lower()
    if value.startswith("["):
        end = value.find("]")
        return value[:end + 1] if end > 0 else ""
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def allowed_hosts(extra: Iterable[str] = ()) -> frozenset[str]:
    """127.0.0.1, localhost and [::1], plus the names given with ``--allowed-host`` (port-less, lower case).

    Examples
    --------
    >>> sorted(allowed_hosts(["Netmap.Team.example:443", "::1"]))
    ['127.0.0.1', '[::1]', 'localhost', 'netmap.team.example']
    """
    names = set(ALWAYS_ALLOWED)
    for name in extra:
        name = name.strip()
        if ":" in name and not name.startswith("[") and name.count(":") > 1:
            name = f"[{name}]"  # a bare IPv6 address
        if name:
            names.add(host_name(name))
    return frozenset(names)


def install_host_check(server, hosts: Iterable[str]) -> None:
    """Answer 421 to any request whose ``Host`` is not in ``hosts`` (DNS rebinding).

    A page of another site whose name was rebound to this machine's address reaches the
    dashboard with its own name in ``Host``: refused before authentication or any data.
    Registered first, so it runs before every other ``before_request`` hook.
    """
    from flask import Response, request

    allowed = frozenset(hosts)

    def _check_host():
        if host_name(request.headers.get("Host")) not in allowed:
            return Response("Nom d'hôte non autorisé. Host not allowed (start the dashboard with "
                            "--allowed-host NAME to serve it under that name).\n", 421, mimetype="text/plain")
        return None

    server.before_request_funcs.setdefault(None, []).insert(0, _check_host)
