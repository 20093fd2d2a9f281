"""netmap dashboard [PATH | --store URL]: serve the Dash dashboard (127.0.0.1 by default); --add-user manages its users."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from ..errors import UsageError

__all__ = ["check_bind", "read_new_password", "register", "run", "serve"]


def register(sub) -> None:
    p = sub.add_parser(
        "dashboard",
        help="serve the dashboard in the browser (127.0.0.1 by default)",
        description="Serve the netmap dashboard (waitress; cheroot for HTTPS). Without PATH or --store, the default "
        "store is used. A host other than 127.0.0.1/localhost needs authentication (--auth-file or "
        "--trusted-proxy-header) and TLS (--certfile/--keyfile, or --trusted-proxy-header: an authenticating TLS "
        "proxy on this machine).",
    )
    p.add_argument("path", nargs="?", metavar="PATH",
                   help="a JSON file or folder, an .xlsx workbook, a CSV folder, or a store URL")
    p.add_argument("--store", metavar="URL", help="a store URL (sqlite:///… or postgresql://…); default: the default store")
    p.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8050, help="port (default 8050)")
    p.add_argument("--k", type=int, default=5, metavar="K",
                   help="hide counts of 1 to K-1 situations (default 5); 0 = the service's internal use, which also "
                   "opens the per-situation pages")
    p.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of a new visitor (default fr)")
    p.add_argument("--auth-file", metavar="FILE", help="users and salted password hashes (see --add-user)")
    p.add_argument("--trusted-proxy-header", metavar="HEADER",
                   help="trust this request header, set by an authenticating reverse proxy on this machine, to "
                   "name the user (honoured only on requests from 127.0.0.1/::1)")
    p.add_argument("--add-user", metavar="NAME",
                   help="add or replace a user in --auth-file (password read from the terminal, or stdin), then exit")
    p.add_argument("--services", metavar="A,B",
                   help="with --add-user: the services whose situations this user may see (default: all)")
    p.add_argument("--allowed-host", action="append", default=[], metavar="NAME",
                   help="a host name the dashboard answers to besides 127.0.0.1, localhost and [::1] "
                   "(repeatable); any other Host header is refused (DNS rebinding)")
    p.add_argument("--certfile", metavar="PEM", help="TLS certificate (chain) in PEM: serve HTTPS")
    p.add_argument("--keyfile", metavar="PEM", help="the TLS private key of --certfile, in PEM")
    p.add_argument("--threads", type=int, default=8, metavar="N", help="threads serving requests (default 8)")
    p.add_argument("--audit-store", metavar="URL",
                   help="store whose access log records openings of situations, what-ifs, reports and exports "
                   "(default: the store served, else the default store)")
    p.add_argument("--role", choices=("internal", "public"), default="internal",
                   help="role of the user added with --add-user: internal (per-situation pages) or public "
                   "(aggregates only, k >= 5); default internal")
    p.set_defaults(func=run)


def check_bind(host: str, *, auth_configured: bool, tls: bool = False, proxy: bool = False) -> None:
    """Refuse to listen beyond this machine without authentication, or without TLS (UsageError with what to do)."""
    from dashboards.security import is_loopback

    if is_loopback(host):
        return
    if not auth_configured:
        raise UsageError(
            f"refusing to listen on {host} without authentication: the dashboard shows health data under "
            "professional secrecy. Listen on 127.0.0.1 (the default), or configure users with "
            "`netmap dashboard --add-user NAME --auth-file FILE` and pass --auth-file FILE, or put an "
            "authenticating reverse proxy in front and pass --trusted-proxy-header HEADER."
        )
    if not (tls or proxy):
        raise UsageError(
            f"refusing to listen on {host} without TLS: passwords and health data would cross the network in "
            "clear text. Pass --certfile CERT.pem --keyfile KEY.pem, or put an authenticating TLS reverse proxy "
            "on this machine in front and pass --trusted-proxy-header HEADER."
        )


def read_new_password(stream=None) -> str:
    """The new user's password: asked twice on a terminal, else the first line of stdin."""
    stream = stream or sys.stdin
    if stream.isatty():
        first = getpass.getpass("Mot de passe / password: ")
        second = getpass.getpass("Encore une fois / again: ")
        if first != second:
            raise UsageError("the two passwords differ; nothing was changed")
        return first
    line = stream.readline()
    return line.rstrip("\r\n")


def _source(args: argparse.Namespace) -> str:
    if args.path and args.store:
        raise UsageError("give either PATH or --store, not both")
    if args.store:
        return args.store
    if args.path:
        return args.path
    from ..store import default_store_url

    return default_store_url()


def serve(app, host: str, port: int, *, threads: int = 8, certfile: str | None = None,
          keyfile: str | None = None) -> None:
    """Serve the app with a production server (see :mod:`dashboards.serving`) until Ctrl+C."""
    import ssl

    from dashboards.serving import make_server

    try:
        server = make_server(app.server, host, port, threads=threads, certfile=certfile, keyfile=keyfile)
    except ssl.SSLError:
        raise UsageError("--certfile/--keyfile: expected a PEM certificate and its matching private key") from None
    except OSError as exc:
        if certfile and exc.filename:
            raise UsageError(f"{exc.filename}: cannot be read ({exc.strerror})") from None
        raise UsageError(f"cannot listen on {host} port {port} ({exc.strerror or exc}); "
                         "choose another port with --port") from None
    print(f"netmap dashboard: {server.url}  (Ctrl+C pour arrêter / to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


def _check_tls(certfile: str, keyfile: str) -> None:
    import ssl

    from dashboards.serving import tls_context

    try:
        tls_context(certfile, keyfile)
    except ssl.SSLError:
        raise UsageError("--certfile/--keyfile: expected a PEM certificate and its matching private key") from None
    except OSError as exc:
        raise UsageError(f"{exc.filename or certfile}: cannot be read ({exc.strerror})") from None


def _audit_url(args: argparse.Namespace, source: str) -> str:
    if args.audit_store:
        return args.audit_store
    from ..io import is_store_url
    from ..store import default_store_url

    return source if is_store_url(source) else default_store_url()


def run(args: argparse.Namespace) -> int:
    from ..extras import require

    require("dashboard")  # a sentence naming the extra to install, not a traceback
    from dashboards.auth import AuthConfig, add_user, parse_services, read_users

    if args.add_user:
        if not args.auth_file:
            raise UsageError("--add-user needs --auth-file FILE (where the user is written)")
        services = parse_services(args.services)
        add_user(args.auth_file, args.add_user, read_new_password(), args.role, services)
        scope = f", services {', '.join(services)}" if services else ""
        print(f"{args.auth_file}: user added or updated (role {args.role}{scope})")
        return 0
    if args.services is not None:
        raise UsageError("--services goes with --add-user (the services of the user added)")
    if bool(args.certfile) != bool(args.keyfile):
        raise UsageError("--certfile and --keyfile go together (the certificate and its private key)")
    if not 1 <= args.threads <= 64:
        raise UsageError("--threads: expected a number from 1 to 64")
    if args.certfile:
        _check_tls(args.certfile, args.keyfile)  # before loading anything
    if args.k < 0:
        raise UsageError("--k: expected 0 or more")
    if not 0 < args.port < 65536:
        raise UsageError("--port: expected a number from 1 to 65535")
    users = read_users(args.auth_file) if args.auth_file else {}
    if args.auth_file and not users:
        raise UsageError(f"{args.auth_file}: no user in this auth file; add one with --add-user")
    auth = AuthConfig(users=users, proxy_header=args.trusted_proxy_header or None,
                      path=Path(args.auth_file) if args.auth_file else None)
    check_bind(args.host, auth_configured=auth.enabled, tls=bool(args.certfile),
               proxy=bool(args.trusted_proxy_header))
    from dashboards.app import create_app
    from dashboards.audit import AuditLog

    source = _source(args)
    audit_url = _audit_url(args, source)
    audit_log = AuditLog(audit_url, create=audit_url != source)  # the store served must exist already
    print("netmap dashboard: chargement des situations / loading situations…", flush=True)
    app = create_app(source, k=args.k, auth=auth, lang=args.lang, allowed_hosts=args.allowed_host,
                     audit_log=audit_log)
    serve(app, args.host, args.port, threads=args.threads, certfile=args.certfile, keyfile=args.keyfile)
    return 0
