"""netmap dashboard [PATH | --store URL]: serve the Dash dashboard (127.0.0.1 by default); --add-user manages its users."""

from __future__ import annotations

import argparse
import getpass
import sys

from ..errors import UsageError
from ..i18n import LANGS
from .common import tr

__all__ = ["check_bind", "read_new_password", "register", "run", "serve"]


def register(sub) -> None:
    _ = tr()
    p = sub.add_parser(
        "dashboard",
        help=_("serve the dashboard in the browser (127.0.0.1 by default)"),
        description=_("Serve the netmap dashboard. Without PATH or --store, the default store is used. "
        "A host other than 127.0.0.1/localhost needs authentication (--auth-file or --trusted-proxy-header)."),
    )
    p.add_argument("path", nargs="?", metavar="PATH",
                   help=_("a JSON file or folder, an .xlsx workbook, a CSV folder, or a store URL"))
    p.add_argument("--store", metavar="URL", help=_("a store URL (sqlite:///… or postgresql://…); default: the default store"))
    p.add_argument("--host", default="127.0.0.1", help=_("interface to listen on (default 127.0.0.1, this machine only)"))
    p.add_argument("--port", type=int, default=8050, help=_("port (default 8050)"))
    p.add_argument("--k", type=int, default=5, metavar="K",
                   help=_("hide counts of 1 to K-1 situations (default 5); 0 = the service's internal use, which also "
                   "opens the per-situation pages"))
    p.add_argument("--lang", choices=LANGS, default="fr",
                   help=_("language of a new visitor: fr (default), nl or en"))
    p.add_argument("--auth-file", metavar="FILE", help=_("users and salted password hashes (see --add-user)"))
    p.add_argument("--trusted-proxy-header", metavar="HEADER",
                   help=_("trust this request header, set by an authenticating reverse proxy on this machine, to "
                   "name the user (honoured only on requests from 127.0.0.1/::1)"))
    p.add_argument("--add-user", metavar="NAME",
                   help=_("add or replace a user in --auth-file (password read from the terminal, or stdin), then exit"))
    p.add_argument("--role", choices=("internal", "public"), default="internal",
                   help=_("role of the user added with --add-user: internal (per-situation pages) or public "
                   "(aggregates only, k >= 5); default internal"))
    p.set_defaults(func=run)


def check_bind(host: str, *, auth_configured: bool) -> None:
    """Refuse to listen beyond this machine without authentication (UsageError with what to do)."""
    from dashboards.security import is_loopback

    if not is_loopback(host) and not auth_configured:
        raise UsageError(tr().gettext(
            "refusing to listen on {host} without authentication: the dashboard shows health data under "
            "professional secrecy. Listen on 127.0.0.1 (the default), or configure users with "
            "`netmap dashboard --add-user NAME --auth-file FILE` and pass --auth-file FILE, or put an "
            "authenticating reverse proxy in front and pass --trusted-proxy-header HEADER.", host=host))


def read_new_password(stream=None) -> str:
    """The new user's password: asked twice on a terminal, else the first line of stdin."""
    stream = stream or sys.stdin
    if stream.isatty():
        first = getpass.getpass("Mot de passe / password: ")
        second = getpass.getpass("Encore une fois / again: ")
        if first != second:
            raise UsageError(tr().gettext("the two passwords differ; nothing was changed"))
        return first
    line = stream.readline()
    return line.rstrip("\r\n")


def _source(args: argparse.Namespace) -> str:
    if args.path and args.store:
        raise UsageError(tr().gettext("give either PATH or --store, not both"))
    if args.store:
        return args.store
    if args.path:
        return args.path
    from ..store import default_store_url

    return default_store_url()


def _check_free(host: str, port: int) -> None:
    """UsageError when ``host:port`` cannot be listened on (werkzeug would print and exit instead)."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host.strip("[]"), port))
        except OSError as exc:
            raise UsageError(tr().gettext("cannot listen on {host} port {port} ({error}); choose another port with --port",
                                  host=host, port=port, error=exc.strerror or exc)) from None


def serve(app, host: str, port: int) -> None:
    """Serve the app's WSGI server with threads, without logging request paths (they name situations)."""
    from werkzeug.serving import WSGIRequestHandler, make_server

    class QuietHandler(WSGIRequestHandler):
        server_version = "netmap"  # no server or Python version in the Server header
        sys_version = ""

        def log_request(self, *args, **kwargs) -> None:  # paths carry situation ids: not logged
            return None

    _check_free(host, port)
    server = make_server(host, port, app.server, threaded=True, request_handler=QuietHandler)
    shown = f"[{host}]" if ":" in host else host
    print("netmap dashboard: " + tr().gettext("{url}  (Ctrl+C to stop)", url=f"http://{shown}:{server.server_port}/"),
          flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


def run(args: argparse.Namespace) -> int:
    from dashboards.auth import AuthConfig, add_user, read_users

    if args.add_user:
        if not args.auth_file:
            raise UsageError(tr().gettext("--add-user needs --auth-file FILE (where the user is written)"))
        add_user(args.auth_file, args.add_user, read_new_password(), args.role)
        print(tr().gettext("{file}: user added or updated (role {role})", file=args.auth_file, role=args.role))
        return 0
    if args.k < 0:
        raise UsageError(tr().gettext("--k: expected 0 or more"))
    if not 0 < args.port < 65536:
        raise UsageError(tr().gettext("--port: expected a number from 1 to 65535"))
    users = read_users(args.auth_file) if args.auth_file else {}
    if args.auth_file and not users:
        raise UsageError(tr().gettext("{file}: no user in this auth file; add one with --add-user", file=args.auth_file))
    auth = AuthConfig(users=users, proxy_header=args.trusted_proxy_header or None)
    check_bind(args.host, auth_configured=auth.enabled)
    from dashboards.app import create_app

    print("netmap dashboard: " + tr().gettext("loading situations…"), flush=True)
    app = create_app(_source(args), k=args.k, auth=auth, lang=args.lang)
    serve(app, args.host, args.port)
    return 0
