"""The dashboard on a team's server, in real Chromium: DNS rebinding refused, HTTPS, a user limited to their
services, and the access log written as they browse.

Skipped when Debian's chromium or chromedriver is missing.
"""

from __future__ import annotations

import os

import pytest
from browser import CHROMEDRIVER, CHROMIUM, chromium_driver

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"

if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
    pytest.skip(f"browser tests need {CHROMIUM} and {CHROMEDRIVER} (installed by .ci/run)", allow_module_level=True)

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from dashboards.app import create_app  # noqa: E402
from dashboards.audit import AuditLog  # noqa: E402
from dashboards.auth import AuthConfig, User, hash_password  # noqa: E402
from dashboards.data import DashboardData  # noqa: E402
from dashboards.serving import make_server  # noqa: E402


@pytest.fixture(scope="module")
def situations():
    from netmap.synth import generate

    return generate(40, 5)


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory):
    from test_dashboard_hardening import _self_signed

    return _self_signed(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def audit_url(tmp_path_factory):
    return f"sqlite:///{tmp_path_factory.mktemp('audit') / 'audit.sqlite3'}"


@pytest.fixture(scope="module")
def server(situations, tls_files, audit_url):
    """HTTPS (cheroot), Basic users: ana sees one service; every opening logged."""
    users = {"ana": User("ana", "internal", hash_password(PASSWORD, method="pbkdf2:sha256:1000"), ("kirikou-cm",))}
    app = create_app(data=DashboardData(situations=situations, jobs=1), k=0, auth=AuthConfig(users=users),
                     audit_log=AuditLog(audit_url))
    srv = make_server(app.server, "127.0.0.1", 0, threads=4, certfile=str(tls_files[0]), keyfile=str(tls_files[1]))
    srv.start_thread()
    yield srv
    srv.close()


@pytest.fixture(scope="module")
def plain_server(situations):
    """The loopback internal dashboard (waitress, no authentication)."""
    app = create_app(data=DashboardData(situations=situations, jobs=1), k=0)
    srv = make_server(app.server, "127.0.0.1", 0, threads=4)
    srv.start_thread()
    yield srv
    srv.close()


@pytest.fixture(scope="module")
def driver():
    # an attacker's name resolving to this machine, as a rebinding DNS server would make it; the test's
    # self-signed certificate accepted
    yield from chromium_driver("1400,1000", ("--host-resolver-rules=MAP rebind.attacker.test 127.0.0.1",
                                        "--ignore-certificate-errors"))


def _wait(drv, css: str, timeout: float = 20):
    return WebDriverWait(drv, timeout).until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))


def test_dns_rebinding_gets_nothing(plain_server, driver):
    driver.get(f"http://127.0.0.1:{plain_server.port}/situations")
    _wait(driver, "#situations-table a")  # the case manager's own tab works
    driver.get(f"http://rebind.attacker.test:{plain_server.port}/situations")
    body = driver.find_element(By.TAG_NAME, "body").text
    assert "Host not allowed" in body
    assert "situations-table" not in driver.page_source
    # what a script of the attacker's page would read from the dashboard's callbacks
    status = driver.execute_script(
        "const r = new XMLHttpRequest(); r.open('GET', '/_dash-layout', false); r.send(); return r.status;")
    assert status == 421


def test_https_user_sees_only_their_service_and_openings_are_logged(server, driver, situations, audit_url):
    import base64

    from netmap.store import open_store

    # what the browser sends once the user typed name and password in its Basic prompt
    token = base64.b64encode(f"ana:{PASSWORD}".encode()).decode()
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {"Authorization": f"Basic {token}"}})
    base = f"https://127.0.0.1:{server.port}"
    driver.get(base + "/situations")
    _wait(driver, "#situations-table a")
    WebDriverWait(driver, 20).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#situations-table a")) > 0)
    shown = {a.text for a in driver.find_elements(By.CSS_SELECTOR, "#situations-table a")}
    kirikou = {s.id for s in situations if s.service == "kirikou-cm"}
    assert shown and shown <= kirikou
    assert driver.execute_script("return location.protocol") == "https:"
    first = sorted(shown)[0]
    driver.find_element(By.LINK_TEXT, first).click()
    _wait(driver, "#one-map .main-svg")
    with open_store(audit_url, create=False) as store:
        entries = store.audit_entries(user="ana")
    assert ("ana", "open_situation", first) in [(e["user"], e["action"], e["situation"]) for e in entries]
    other = next(s.id for s in situations if s.service != "kirikou-cm")
    driver.get(f"https://127.0.0.1:{server.port}/situations/{other}")
    _wait(driver, ".page-body")
    WebDriverWait(driver, 20).until(lambda d: "one-map" not in d.page_source and d.find_elements(By.TAG_NAME, "h1"))
    assert not driver.find_elements(By.ID, "one-map")  # another service's situation is unknown to ana
    driver.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {}})
    driver.get(base + "/situations")  # without credentials: the 401 and its prompt, no dashboard
    assert "situations-table" not in driver.page_source and "flt-service" not in driver.page_source
