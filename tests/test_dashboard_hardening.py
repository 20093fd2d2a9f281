"""The dashboard on a team's server (issue 15): production servers, Host allow-list, TLS, login hardening,
per-service access and the access log."""

from __future__ import annotations

import base64
import datetime as dt
import http.client
import json
import ssl
import statistics
import threading
import time
import warnings
from pathlib import Path

import pytest

from dashboards.app import create_app
from dashboards.audit import AuditLog
from dashboards.auth import AuthConfig, LoginLimiter, User, add_user, hash_password, read_users, verify_password
from dashboards.data import DashboardData, current_access, current_context
from dashboards.serving import make_server
from netmap.cli import main

PASSWORD = "correct horse battery staple"
CHEAP = "pbkdf2:sha256:1000"  # where hashing is not what is tested (the real parameters cost ~0.5 s a check)


@pytest.fixture(scope="module")
def situations():
    from netmap.synth import generate

    return generate(60, 5)


@pytest.fixture(scope="module")
def open_app(situations):
    """The internal dashboard without authentication (k = 0, loopback)."""
    return create_app(data=DashboardData(situations=situations, jobs=1), k=0,
                      allowed_hosts=["netmap.team.example"])


def _basic(name: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{name}:{password}".encode()).decode()}


# ---- Host allow-list (DNS rebinding) -----------------------------------------------------------------------
@pytest.mark.parametrize(("host", "status"), [
    ("127.0.0.1:8050", 200), ("localhost:8050", 200), ("[::1]:8050", 200), ("LOCALHOST", 200),
    ("netmap.team.example", 200), ("netmap.team.example:443", 200),
    ("attacker.example", 421), ("attacker.example:8050", 421), ("localhost.attacker.example", 421),
    ("127.0.0.1.nip.io", 421), ("", 421),
])
def test_host_allow_list(open_app, host, status):
    r = open_app.server.test_client().get("/_dash-layout", headers={"Host": host})
    assert r.status_code == status
    if status == 421:
        assert b"situation" not in r.data.lower() and "Content-Security-Policy" in r.headers


def test_rebinding_refused_before_authentication(situations):
    auth = AuthConfig(users={"ana": User("ana", "internal", hash_password(PASSWORD, method=CHEAP))})
    app = create_app(data=DashboardData(situations=situations, jobs=1), k=0, auth=auth)
    client = app.server.test_client()
    r = client.get("/", headers={"Host": "attacker.example", **_basic("ana", "wrong password")})
    assert r.status_code == 421
    assert auth.limiter.retry_after("ana", "127.0.0.1") == 0  # not even counted as a failed login


# ---- the production servers ----------------------------------------------------------------------------------
def _get(port: int, path: str, host: str | None = None, *, tls: ssl.SSLContext | None = None,
         headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    conn = (http.client.HTTPSConnection("127.0.0.1", port, context=tls, timeout=30) if tls
            else http.client.HTTPConnection("127.0.0.1", port, timeout=30))
    conn.putrequest("GET", path, skip_host=True)
    conn.putheader("Host", host or f"127.0.0.1:{port}")
    for k, v in (headers or {}).items():
        conn.putheader(k, v)
    conn.endheaders()
    r = conn.getresponse()
    body = r.read()
    conn.close()
    return r.status, dict(r.getheaders()), body


def test_waitress_serves_concurrent_requests_from_data_loaded_once(situations, monkeypatch):
    import netmap.measures as measures

    calls = []
    real = measures.measure_table
    monkeypatch.setattr(measures, "measure_table", lambda *a, **k: calls.append(1) or real(*a, **k))
    data = DashboardData(situations=situations, jobs=1)
    app = create_app(data=data, k=0, preload=False)  # loaded by the first requests, all at once
    server = make_server(app.server, "127.0.0.1", 0, threads=4)
    assert server.kind == "waitress"
    server.start_thread()
    try:
        results: list[int] = []

        def hit():
            results.append(_get(server.port, "/_dash-layout")[0])

        threads = [threading.Thread(target=hit) for _ in range(12)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert results == [200] * 12
        assert len(calls) == 1  # one measure table, shared by every thread
        status, headers, _ = _get(server.port, "/", host="attacker.example")
        assert status == 421
        assert "waitress" not in headers.get("Server", "").lower()
    finally:
        server.close()


def _self_signed(tmp: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    import ipaddress

    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                                                        x509.DNSName("localhost")]), critical=False)
            .sign(key, hashes.SHA256()))
    certfile, keyfile = tmp / "cert.pem", tmp / "key.pem"
    certfile.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    keyfile.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    return certfile, keyfile


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory):
    return _self_signed(tmp_path_factory.mktemp("tls"))


def test_tls_serves_https_only(open_app, tls_files):
    certfile, keyfile = tls_files
    server = make_server(open_app.server, "127.0.0.1", 0, threads=2, certfile=str(certfile), keyfile=str(keyfile))
    assert server.tls and server.url.startswith("https://127.0.0.1:")
    server.start_thread()
    try:
        trusted = ssl.create_default_context(cafile=str(certfile))
        status, headers, body = _get(server.port, "/_dash-layout", tls=trusted)
        assert status == 200 and b"flt-service" in body
        assert "max-age=" in headers.get("Strict-Transport-Security", "")
        assert _get(server.port, "/", host="attacker.example", tls=trusted)[0] == 421
        old = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        old.load_verify_locations(str(certfile))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            old.maximum_version = ssl.TLSVersion.TLSv1_1
        with pytest.raises((ssl.SSLError, OSError)):
            _get(server.port, "/", tls=old)  # TLS 1.0/1.1 refused
        try:  # plain HTTP to the TLS port: an error answer or a reset, never data
            status, _, body = _get(server.port, "/_dash-layout")
            assert status == 400 and b"flt-service" not in body
        except (ConnectionError, http.client.HTTPException):
            pass
    finally:
        server.close()


def test_cli_requires_tls_or_proxy_beyond_loopback(tmp_path, monkeypatch, capsys, tls_files):
    import io

    users = tmp_path / "users.json"
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["dashboard", "--add-user", "ana", "--auth-file", str(users)]) == 0
    src = str(Path(__file__).parent / "data" / "youth-brussels.json")
    code = main(["dashboard", src, "--host", "0.0.0.0", "--auth-file", str(users)])
    err = capsys.readouterr().err
    assert code == 2 and "refusing to listen on 0.0.0.0 without TLS" in err and "--certfile" in err
    code = main(["dashboard", src, "--certfile", str(tls_files[0])])
    assert code == 2 and "--certfile and --keyfile go together" in capsys.readouterr().err
    bad = tmp_path / "not-a-cert.pem"
    bad.write_text("no certificate here\n")
    code = main(["dashboard", src, "--certfile", str(bad), "--keyfile", str(bad),
                 "--audit-store", f"sqlite:///{tmp_path / 'audit.sqlite3'}"])
    assert code == 2 and "expected a PEM certificate and its matching private key" in capsys.readouterr().err


# ---- passwords -----------------------------------------------------------------------------------------------
def _legacy_scrypt(password: str) -> str:
    import hashlib

    salt = b"0123456789abcdef"
    key = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    return f"scrypt$16384$8$1${base64.b64encode(salt).decode()}${base64.b64encode(key).decode()}"


def test_old_hash_is_upgraded_at_login(tmp_path, situations):
    path = tmp_path / "users.json"
    path.write_text(json.dumps({"format": "netmap-users/1", "users": {
        "ana": {"role": "internal", "hash": _legacy_scrypt(PASSWORD), "services": ["brusano-cm"]}}}))
    auth = AuthConfig(users=read_users(path), path=path)
    app = create_app(data=DashboardData(situations=situations, jobs=1), k=0, auth=auth)
    client = app.server.test_client()
    assert client.get("/_dash-layout", headers=_basic("ana", "wrong password")).status_code == 401
    assert read_users(path)["ana"].hash.startswith("scrypt$16384$")  # a failed login changes nothing
    assert client.get("/_dash-layout", headers=_basic("ana", PASSWORD)).status_code == 200
    upgraded = read_users(path)["ana"]
    assert upgraded.hash.startswith("scrypt:131072:8:1$") and verify_password(PASSWORD, upgraded.hash)
    assert upgraded.services == ("brusano-cm",) and upgraded.role == "internal"  # the rest is kept


def test_lockout_per_user_then_429_with_retry_after(situations):
    auth = AuthConfig(users={"ana": User("ana", "internal", hash_password(PASSWORD, method=CHEAP))},
                      limiter=LoginLimiter(per_user=3, per_address=100))
    client = create_app(data=DashboardData(situations=situations, jobs=1), k=0, auth=auth).server.test_client()
    for _ in range(3):
        assert client.get("/_dash-layout", headers=_basic("ana", "wrong guess 123")).status_code == 401
    r = client.get("/_dash-layout", headers=_basic("ana", PASSWORD))  # even the right password now waits
    assert r.status_code == 429 and 800 < int(r.headers["Retry-After"]) <= 900
    r = client.get("/_dash-layout", headers=_basic("nobody", "wrong guess 123"))
    assert r.status_code == 401  # another name from this address is not locked (yet)


def test_lockout_per_address_covers_every_name(situations):
    auth = AuthConfig(users={"ana": User("ana", "internal", hash_password(PASSWORD, method=CHEAP))},
                      limiter=LoginLimiter(per_user=100, per_address=4))
    client = create_app(data=DashboardData(situations=situations, jobs=1), k=0, auth=auth).server.test_client()
    for i in range(4):
        assert client.get("/_dash-layout", headers=_basic(f"guess{i}", "x" * 12)).status_code == 401
    assert client.get("/_dash-layout", headers=_basic("ana", PASSWORD)).status_code == 429
    other = {"REMOTE_ADDR": "10.0.0.9"}
    assert client.get("/_dash-layout", headers=_basic("ana", PASSWORD), environ_base=other).status_code == 200


def test_lockout_expires_and_doubles():
    now = [1000.0]
    lim = LoginLimiter(per_user=2, per_address=100, window=60, lockout=100, clock=lambda: now[0])
    lim.failure("ana", "10.0.0.1")
    assert lim.retry_after("ana", "10.0.0.1") == 0
    lim.failure("ana", "10.0.0.1")
    assert lim.retry_after("ana", "10.0.0.2") == 100  # the user name is locked, from any address
    now[0] += 101
    assert lim.retry_after("ana", "10.0.0.1") == 0
    lim.failure("ana", "10.0.0.1")
    lim.failure("ana", "10.0.0.1")
    assert lim.retry_after("ana", "10.0.0.1") == 200  # a second lockout lasts twice as long


def test_a_session_verified_before_the_lockout_goes_on(situations):
    auth = AuthConfig(users={"ana": User("ana", "internal", hash_password(PASSWORD, method=CHEAP))},
                      limiter=LoginLimiter(per_user=2, per_address=100))
    client = create_app(data=DashboardData(situations=situations, jobs=1), k=0, auth=auth).server.test_client()
    assert client.get("/_dash-layout", headers=_basic("ana", PASSWORD)).status_code == 200
    other = {"REMOTE_ADDR": "10.6.6.6"}
    for _ in range(2):  # someone else guesses ana's password from elsewhere
        assert client.get("/_dash-layout", headers=_basic("ana", "guess guess!"), environ_base=other).status_code == 401
    assert client.get("/_dash-layout", headers=_basic("ana", "guess guess!"), environ_base=other).status_code == 429
    assert client.get("/_dash-layout", headers=_basic("ana", PASSWORD)).status_code == 200  # ana keeps working


def test_unknown_user_costs_the_same_time_as_a_wrong_password(situations, capsys):
    """Loose bound: the medians of 5 tries each are within a factor 1.6 (both are one scrypt N=2^17)."""
    auth = AuthConfig(users={"ana": User("ana", "internal", hash_password(PASSWORD))},
                      limiter=LoginLimiter(per_user=1000, per_address=1000))
    client = create_app(data=DashboardData(situations=situations, jobs=1), k=0, auth=auth).server.test_client()
    client.get("/_dash-layout", headers=_basic("nobody", "warm up the dummy hash"))

    def timed(name: str) -> float:
        start = time.perf_counter()
        assert client.get("/_dash-layout", headers=_basic(name, "a wrong password")).status_code == 401
        return time.perf_counter() - start

    known, unknown = [], []
    for _ in range(5):
        known.append(timed("ana"))
        unknown.append(timed("nobody"))
    k, u = statistics.median(known), statistics.median(unknown)
    with capsys.disabled():
        print(f"\n  login timing: known user, wrong password {k * 1000:.0f} ms; unknown user {u * 1000:.0f} ms "
              f"(medians of 5)")
    assert 1 / 1.6 < u / k < 1.6
    assert k > 0.05  # a real scrypt of N = 2^17 ran (128 MiB, tenths of a second)


# ---- per-service access and the access log ----------------------------------------------------------------
@pytest.fixture()
def audited_app(situations, tmp_path):
    url = f"sqlite:///{tmp_path / 'audit.sqlite3'}"
    users = {"ana": User("ana", "internal", "", ("brusano-cm", "dune-liaison")),
             "bob": User("bob", "internal", "")}
    app = create_app(data=DashboardData(situations=situations, jobs=1), k=0,
                     auth=AuthConfig(users=users), audit_log=AuditLog(url))
    return app, users, url


def test_a_user_sees_only_their_services(audited_app, situations):
    from flask import g

    from dashboards.data import make_filters
    from dashboards.pages.situation import layout as situation_layout
    from dashboards.pages.situations import situation_rows

    app, users, _ = audited_app
    mine = {s.id for s in situations if s.service in ("brusano-cm", "dune-liaison")}
    other = next(s.id for s in situations if s.service == "kirikou-cm")
    with app.server.test_request_context("/"):
        g.netmap_user = users["ana"]
        data = current_context().data
        assert {s.id for s in data.situations} == mine
        assert set(data.measures["situation"]) == {s.id for s in situations if s.id in mine and s.assessments}
        assert data.options()["services"] == ["brusano-cm", "dune-liaison"]
        assert {r["_id"] for r in situation_rows(data, make_filters(), "fr")} == mine
        assert current_access().services == ("brusano-cm", "dune-liaison")
        assert "one-map" not in str(situation_layout(situation_id=other))  # another service's: unknown here
        assert current_context().data is data  # the view is made once per set of services
    with app.server.test_request_context("/"):
        g.netmap_user = users["bob"]
        assert len(current_context().data.situations) == len(situations)


def test_the_layout_offers_only_the_users_services(situations):
    auth = AuthConfig(users={"ana": User("ana", "internal", hash_password(PASSWORD, method=CHEAP), ("kirikou-cm",))})
    client = create_app(data=DashboardData(situations=situations, jobs=1), k=0, auth=auth).server.test_client()
    body = client.get("/_dash-layout", headers=_basic("ana", PASSWORD)).get_data(as_text=True)
    assert "kirikou-cm" in body and "brusano-cm" not in body and "dune-liaison" not in body


def test_openings_what_ifs_reports_and_exports_are_logged(audited_app, situations, capsys):
    from flask import g

    from dashboards.pages import exports
    from dashboards.pages import situation as page

    app, users, url = audited_app
    sid = next(s.id for s in situations if s.service == "brusano-cm" and s.assessments)
    actor = next(s for s in situations if s.id == sid).assessments[-1].actors[0].id
    before = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    with app.server.test_request_context("/"):
        g.netmap_user = users["ana"]
        page.layout(situation_id=sid)
        page._whatif(None, [actor], "fr", sid)
        page._whatif(None, [], "fr", sid)  # no actor taken away: not a what-if
        page._report(1, sid, None, "fr")
        exports._table(1, "caseload", "csv", None, None, None, None, None)
    from netmap.store import open_store

    with open_store(url, create=False) as store:
        entries = store.audit_entries()
        columns = store.execute("SELECT * FROM audit_log")
    assert [(e["user"], e["action"], e["situation"]) for e in entries] == [
        ("ana", "open_situation", sid), ("ana", "what_if", sid), ("ana", "report_download", sid),
        ("ana", "export", None)]
    assert all(before <= e["at"] <= dt.datetime.now(dt.UTC) for e in entries)
    labels = {a.label for s in situations for x in s.assessments for a in x.actors}
    assert not any(str(v) in labels for row in columns for v in row)  # ids and names of actions only
    assert main(["store", "audit", "--store", url, "--format", "csv", "--user", "ana"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "at,user,action,situation" and len(lines) == 5
    assert lines[1].endswith(f",ana,open_situation,{sid}") and lines[4].endswith(",ana,export,")
    assert main(["store", "audit", "--store", url, "--situation", sid, "--last", "1"]) == 0
    out = capsys.readouterr()
    assert "report_download" in out.out and "open_situation" not in out.out and "1 entry" in out.err


def test_add_user_with_services(tmp_path, monkeypatch, capsys):
    import io

    path = tmp_path / "users.json"
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["dashboard", "--add-user", "ana", "--auth-file", str(path), "--services", "kirikou-cm, dune-liaison"]) == 0
    assert "services kirikou-cm, dune-liaison" in capsys.readouterr().out
    assert read_users(path)["ana"].services == ("kirikou-cm", "dune-liaison")
    add_user(path, "bob", PASSWORD)
    assert read_users(path)["bob"].services is None
    assert main(["dashboard", "x.json", "--services", "a"]) == 2


def test_a_per_service_view_perturbs_with_the_same_secret(situations, tmp_path):
    """Two viewers must get the same published count for the same situations, or subtracting one view from the
    other would undo the perturbation: a per-service view uses its parent's cell keys, not a secret of its own."""
    from dashboards.data import DashboardData

    data = DashboardData(situations=situations, jobs=1)
    services = sorted({s.service for s in situations})
    view = data.restricted(services[:1])
    assert view.cell_keys() is data.cell_keys()
    ids = [s.id for s in situations if s.service == services[0]]
    assert view.cell_keys().perturb(len(ids), ids) == data.cell_keys().perturb(len(ids), ids)


def test_serving_a_missing_store_creates_nothing(tmp_path, capsys):
    missing = tmp_path / "none.sqlite3"
    assert main(["dashboard", "--store", f"sqlite:///{missing}"]) == 2
    assert "there is no such file" in capsys.readouterr().err and not missing.exists()
