"""Dashboard hardening: loopback checks, CSP and companion headers, no request leaving the machine, public bind refused."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest

from dashboards.security import build_csp, is_loopback

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def app():
    from dashboards.app import create_app
    from dashboards.data import DashboardData
    from netmap.io import load

    return create_app(data=DashboardData(situations=load(DATA / "youth-brussels.json") + load(DATA / "elderly-namur.json"),
                                         jobs=1), k=0)


@pytest.mark.parametrize(("host", "expected"), [
    ("127.0.0.1", True), ("127.8.9.1", True), ("::1", True), ("[::1]", True), ("localhost", True),
    ("0.0.0.0", False), ("::", False), ("192.168.1.10", False), ("example.org", False),
])
def test_loopback_hosts(host, expected):
    # 127.0.0.0/8 and ::1 are loopback by RFC 1122 / RFC 4291; "0.0.0.0" and "::" mean every interface
    assert is_loopback(host) is expected


def test_csp_policy_text():
    csp = build_csp(["'sha256-abc'"])
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "connect-src 'self'" in csp
    assert "img-src 'self' data:" in csp
    script = re.search(r"script-src ([^;]+)", csp).group(1)
    assert "'sha256-abc'" in script and "'unsafe-inline'" not in script and "'unsafe-eval'" not in script


def test_every_response_carries_the_security_headers(app):
    client = app.server.test_client()
    for url in ("/", "/_dash-layout", "/_dash-dependencies", "/assets/netmap.css", "/nowhere"):
        r = client.get(url)
        assert "default-src 'self'" in r.headers["Content-Security-Policy"], url
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["Referrer-Policy"] == "no-referrer"


def test_inline_scripts_are_allowed_by_hash_only(app):
    r = app.server.test_client().get("/")
    page = r.get_data(as_text=True)
    csp = r.headers["Content-Security-Policy"]
    inline = [m.group(2) for m in re.finditer(r"<script([^>]*)>(.*?)</script>", page, re.S)
              if "src=" not in m.group(1) and "application/json" not in m.group(1)]
    assert inline, "Dash serves at least its renderer bootstrap inline"
    for body in inline:
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    script_src = re.search(r"script-src ([^;]+)", csp).group(1)
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src


def test_no_url_to_another_host_in_served_html_or_assets(app):
    client = app.server.test_client()
    page = client.get("/").get_data(as_text=True)
    refs = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page)
    assert refs, "the page links its scripts and stylesheet"
    for ref in refs:
        assert ref.startswith("/") and not ref.startswith("//"), ref
    assert not re.search(r"https?://", page), "no absolute URL at all in the page (config included)"
    layout = client.get("/_dash-layout").get_data(as_text=True)
    assert not re.search(r"https?://", layout)
    css = client.get("/assets/netmap.css").get_data(as_text=True)
    assert "@import" not in css and "url(" not in css and "http" not in css


def test_debug_is_off_and_config_names_no_remote_server(app):
    page = app.server.test_client().get("/").get_data(as_text=True)
    config = json.loads(re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', page, re.S)
                        .group(1))
    assert config["ui"] is False and config["props_check"] is False
    assert "dash_version_url" not in config and "python_version" not in config
    assert config["serve_locally"] is True
    assert app.server.debug is False


def test_public_bind_without_auth_is_refused(capsys):
    from netmap.cli import main

    code = main(["dashboard", str(DATA / "youth-brussels.json"), "--host", "0.0.0.0"])
    err = capsys.readouterr().err
    assert code == 2
    assert "refusing to listen on 0.0.0.0 without authentication" in err
    assert "--auth-file" in err and "--trusted-proxy-header" in err


def test_bind_check_accepts_loopback_and_authenticated_public_bind():
    from netmap.cli.dashboard import check_bind
    from netmap.errors import UsageError

    check_bind("127.0.0.1", auth_configured=False)
    check_bind("0.0.0.0", auth_configured=True, tls=True)
    check_bind("0.0.0.0", auth_configured=True, proxy=True)
    with pytest.raises(UsageError, match="without TLS"):
        check_bind("0.0.0.0", auth_configured=True)
    with pytest.raises(UsageError):
        check_bind("192.168.1.4", auth_configured=False)


def test_port_in_use_is_a_clear_error(app):
    import socket

    from netmap.cli.dashboard import serve
    from netmap.errors import UsageError

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        with pytest.raises(UsageError, match=f"cannot listen on 127.0.0.1 port {port}"):
            serve(app, "127.0.0.1", port)
