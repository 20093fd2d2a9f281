"""The dashboard in real Chromium: every page, a filter change, a situation, a what-if, the language switch.

Screenshots go to tests/_artifacts/ (gitignored). Skipped when Debian's chromium or
chromedriver is missing.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from browser import CHROMEDRIVER, CHROMIUM, chromium_driver

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).parent / "_artifacts"

if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
    pytest.skip(f"browser tests need {CHROMIUM} and {CHROMEDRIVER} (installed by .ci/run)", allow_module_level=True)

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

# path, an element that only exists once the page's callback has drawn it
PAGES = (
    ("/", "#ov-levels .main-svg .bars"),
    ("/situations", "#situations-table"),
    ("/besoins", "#needs-table"),
    ("/fragilite", "#fragility-table"),
    ("/intersectoriel", "#inter-heatmap .main-svg"),
    ("/activite", "#caseload-table"),
    ("/services", "#greyzones-table"),
    ("/exports", "#exp-table-btn"),
)


@pytest.fixture(scope="module")
def server_url():
    from werkzeug.serving import WSGIRequestHandler, make_server

    from dashboards.app import create_app
    from dashboards.data import DashboardData
    from netmap.synth import generate

    app = create_app(data=DashboardData(situations=generate(60, 5), jobs=1), k=0)

    class Quiet(WSGIRequestHandler):
        def log_request(self, *args, **kwargs):
            return None

    server = make_server("127.0.0.1", 0, app.server, threaded=True, request_handler=Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


@pytest.fixture(scope="module")
def driver():
    yield from chromium_driver("1400,1000", console_log=True)


def _wait(drv, css: str, timeout: float = 20):
    return WebDriverWait(drv, timeout).until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))


def _shot(drv, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    height = drv.execute_script("return document.documentElement.scrollHeight")
    drv.set_window_size(1400, max(1000, min(int(height) + 150, 6000)))
    time.sleep(0.3)
    path = ARTIFACTS / f"dashboard-{name}.png"
    drv.save_screenshot(str(path))
    drv.set_window_size(1400, 1000)
    return path


def _h1(drv) -> str:
    return drv.execute_script("const h = document.querySelector('h1'); return h ? h.innerText : '';")


def _errors(drv) -> list[str]:
    """Severe console messages: CSP violations, failed requests, script errors."""
    return [e["message"] for e in drv.get_log("browser") if e["level"] == "SEVERE"]


def test_every_page_renders_without_error(server_url, driver):
    for path, marker in PAGES:
        driver.get(server_url + path)
        _wait(driver, marker)
        _wait(driver, "#filter-summary:not(:empty)")
        assert not _errors(driver), path
        body = driver.find_element(By.TAG_NAME, "body").text
        assert "mental_health" not in body and "refused_saturation" not in body
        _shot(driver, (path.strip("/") or "overview"))


def test_filter_change_redraws_the_page(server_url, driver):
    driver.get(server_url + "/")
    _wait(driver, "#ov-levels .main-svg .bars")
    before = driver.find_element(By.ID, "filter-summary").text
    driver.find_element(By.ID, "flt-region").click()
    options = WebDriverWait(driver, 10).until(
        ec.presence_of_all_elements_located((By.CSS_SELECTOR, ".dash-dropdown-option")))
    options[0].click()
    WebDriverWait(driver, 15).until(lambda d: d.find_element(By.ID, "filter-summary").text != before)
    _wait(driver, "#ov-levels .main-svg .bars")
    assert not _errors(driver)
    _shot(driver, "overview-filtered")


def test_situation_page_and_what_if(server_url, driver):
    driver.get(server_url + "/situations")
    link = _wait(driver, "#situations-table a")
    link.click()
    _wait(driver, "#one-map .main-svg")
    _wait(driver, "#one-details .checklist")
    driver.find_element(By.ID, "one-whatif").click()
    options = WebDriverWait(driver, 10).until(
        ec.presence_of_all_elements_located((By.CSS_SELECTOR, ".dash-dropdown-option")))
    options[0].click()
    _wait(driver, ".whatif-grid")
    driver.find_element(By.TAG_NAME, "h1").click()  # close the dropdown before the screenshot
    assert not _errors(driver)
    _shot(driver, "situation-whatif")


def test_language_switch(server_url, driver):
    driver.get(server_url + "/besoins")
    _wait(driver, "#needs-table")
    def pick(name: str) -> None:
        driver.find_element(By.XPATH, f"//*[@id='lang-switch']//label[contains(., '{name}')]").click()

    pick("English")
    WebDriverWait(driver, 15).until(lambda d: "Needs & gaps" in _h1(d))
    assert "Mental health" in driver.find_element(By.TAG_NAME, "body").text
    _shot(driver, "needs-english")
    pick("Nederlands")
    WebDriverWait(driver, 15).until(lambda d: "Noden & hiaten" in _h1(d))
    assert "Geestelijke gezondheid" in driver.find_element(By.TAG_NAME, "body").text
    _shot(driver, "needs-dutch")
    pick("Français")
    WebDriverWait(driver, 15).until(lambda d: "Besoins & lacunes" in _h1(d))
