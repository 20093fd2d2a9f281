"""Dashboard users: salted hashes, the auth file, HTTP Basic, trusted proxy header, roles and what they open."""

from __future__ import annotations

import base64
import io
import json
import os
import stat
from pathlib import Path

import pytest

from dashboards.auth import AuthConfig, User, add_user, hash_password, read_users, verify_password
from dashboards.data import access_for
from netmap.errors import UsageError

DATA = Path(__file__).parent / "data"
PASSWORD = "correct horse battery staple"


def test_hash_is_salted_and_verifies():
    a, b = hash_password(PASSWORD), hash_password(PASSWORD)
    assert a != b  # a fresh 16-byte salt each time
    assert PASSWORD not in a
    assert a.startswith("scrypt:131072:8:1$")  # werkzeug.security, OWASP's scrypt parameters (N=2^17, r=8, p=1)
    assert verify_password(PASSWORD, a) and verify_password(PASSWORD, b)
    assert not verify_password(PASSWORD + "!", a)
    assert not verify_password(PASSWORD, "plaintext-is-never-accepted")


def test_pbkdf2_entries_verify():
    import hashlib

    salt = b"0123456789abcdef"
    key = hashlib.pbkdf2_hmac("sha256", PASSWORD.encode(), salt, 1000)
    stored = f"pbkdf2_sha256$1000${base64.b64encode(salt).decode()}${base64.b64encode(key).decode()}"
    assert verify_password(PASSWORD, stored) and not verify_password("other password", stored)


def test_add_user_writes_a_private_file_without_the_password(tmp_path):
    path = tmp_path / "users.json"
    add_user(path, "ana", PASSWORD, "internal")
    add_user(path, "policy", "another long password", "public")
    text = path.read_text()
    assert PASSWORD not in text and "another long password" not in text
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    users = read_users(path)
    assert {u.name: u.role for u in users.values()} == {"ana": "internal", "policy": "public"}
    assert verify_password(PASSWORD, users["ana"].hash)


def test_add_user_refuses_short_password_bad_name_and_role(tmp_path):
    with pytest.raises(UsageError, match="at least 10"):
        add_user(tmp_path / "u.json", "ana", "short", "internal")
    with pytest.raises(UsageError, match="user name"):
        add_user(tmp_path / "u.json", "ana smith", PASSWORD, "internal")
    with pytest.raises(UsageError, match="role"):
        add_user(tmp_path / "u.json", "ana", PASSWORD, "admin")


def test_read_users_names_the_problem_without_echoing(tmp_path):
    bad = tmp_path / "users.json"
    bad.write_text(json.dumps({"format": "netmap-users/1", "users": {"ana": {"role": "internal", "hash": "hunter2"}}}))
    with pytest.raises(UsageError) as exc:
        read_users(bad)
    assert "user #1/hash" in str(exc.value) and "hunter2" not in str(exc.value)


def test_cli_add_user_reads_the_password_from_stdin(tmp_path, monkeypatch, capsys):
    from netmap.cli import main

    path = tmp_path / "users.json"
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["dashboard", "--add-user", "ana", "--auth-file", str(path), "--role", "public"]) == 0
    assert PASSWORD not in capsys.readouterr().out
    users = read_users(path)
    assert users["ana"].role == "public" and verify_password(PASSWORD, users["ana"].hash)


@pytest.mark.parametrize(("k", "role", "internal", "effective_k"), [
    (0, None, True, 0),        # no auth, k = 0: the service's internal use
    (5, None, False, 5),       # no auth, k >= 1: a policymaker's view
    (1, None, False, 1),
    (0, "internal", True, 0),  # internal role keeps the dashboard's k
    (5, "internal", True, 5),
    (0, "public", False, 5),   # public role: aggregates only and k raised to 5
    (8, "public", False, 8),
])
def test_access_rules(k, role, internal, effective_k):
    acc = access_for(k, role)
    assert acc.internal is internal and acc.k == effective_k


@pytest.fixture(scope="module")
def auth_app():
    from dashboards.app import create_app
    from dashboards.data import DashboardData
    from netmap.io import load

    users = {"ana": User("ana", "internal", hash_password(PASSWORD)),
             "policy": User("policy", "public", hash_password(PASSWORD))}
    data = DashboardData(situations=load(DATA / "youth-brussels.json"), jobs=1)
    return create_app(data=data, k=0, auth=AuthConfig(users=users))


def _basic(name: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{name}:{password}".encode()).decode()}


def test_basic_auth_required(auth_app):
    client = auth_app.server.test_client()
    r = client.get("/")
    assert r.status_code == 401 and r.headers["WWW-Authenticate"].startswith("Basic")
    assert "Content-Security-Policy" in r.headers
    assert client.get("/", headers=_basic("ana", "wrong password!")).status_code == 401
    assert client.get("/", headers=_basic("nobody", PASSWORD)).status_code == 401
    assert client.get("/_dash-layout", headers=_basic("ana", PASSWORD)).status_code == 200


def test_roles_decide_per_situation_pages(auth_app):
    from flask import g

    from dashboards.data import current_access

    server = auth_app.server
    with server.test_request_context("/"):
        g.netmap_user = User("policy", "public", "")
        acc = current_access()
        assert (acc.internal, acc.k, acc.user) == (False, 5, "policy")
        layout = __import__("dashboards.pages.situation", fromlist=["layout"]).layout(situation_id="EX-YOUTH-01")
        assert _ids(layout) >= {"refused"} and "one-map" not in _ids(layout)
    with server.test_request_context("/"):
        g.netmap_user = User("ana", "internal", "")
        layout = __import__("dashboards.pages.situation", fromlist=["layout"]).layout(situation_id="EX-YOUTH-01")
        assert "one-map" in _ids(layout) and "refused" not in _ids(layout)


def test_proxy_header_only_when_configured():
    from werkzeug.datastructures import Headers

    headers = Headers({"X-Remote-User": "ana"})
    without = AuthConfig(users={"ana": User("ana", "internal", hash_password(PASSWORD))})
    assert without.identify(headers, None) is None  # the header is ignored unless configured
    proxied = AuthConfig(users={"ana": User("ana", "internal", "x")}, proxy_header="X-Remote-User")
    assert proxied.identify(headers, None).role == "internal"
    assert proxied.identify(Headers({"X-Remote-User": "someone"}), None).role == "public"
    assert proxied.identify(Headers(), None) is None
    assert proxied.identify(Headers({"X-Remote-User": "a b<script>"}), None) is None
    # the header counts only from the proxy on this machine, never from a client reaching the dashboard directly
    assert proxied.identify(headers, None, "192.168.1.50") is None
    assert proxied.identify(headers, None, "::1").role == "internal"


def _ids(component) -> set[str]:
    found: set[str] = set()
    stack = [component]
    while stack:
        c = stack.pop()
        if isinstance(c, (list, tuple)):
            stack.extend(c)
            continue
        cid = getattr(c, "id", None)
        if isinstance(cid, str):
            found.add(cid)
        kids = getattr(c, "children", None)
        if kids is not None and not isinstance(kids, str):
            stack.append(kids)
    return found
