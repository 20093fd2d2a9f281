"""The map page and the concertation report in real Chromium: offline, nothing injected runs, stable.

Needs Debian's chromium and chromedriver (installed by .ci/run); skipped otherwise.
Screenshots go to tests/_artifacts/ (git-ignored) to be looked at.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from viz_situations import hostile, youth

from netmap.report.situation import situation_report_html
from netmap.viz.pyvis_page import map_page_html
from netmap.viz.scene import ecomap_scene

CHROMIUM, DRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).resolve().parent / "_artifacts"
JAN, JUN = dt.date(2024, 1, 22), dt.date(2024, 6, 10)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not (CHROMIUM.exists() and DRIVER.exists()),
                       reason="needs /usr/bin/chromium and /usr/bin/chromedriver (apt install chromium chromium-driver)"),
]


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="netmap-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-proxy-server", f"--user-data-dir={profile}", "--window-size=1400,1000"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=opts)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _load(driver, path: Path, ready_js: str) -> list[str]:
    """Open a file, wait until ``ready_js`` is true, return every URL the page requested."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get("about:blank")
    driver.get_log("performance")  # drop what came before (the browser's own start-up pages)
    driver.get(path.as_uri())
    WebDriverWait(driver, 30).until(lambda d: d.execute_script(f"return !!({ready_js});"))
    urls = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            params = msg["params"]
            if params.get("documentURL", "").startswith("chrome://"):
                continue  # the browser's own pages, not this one
            urls.append(params["request"]["url"])
    return urls


def _assert_nothing_injected(driver) -> None:
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    assert driver.execute_script("return document.querySelectorAll('img, iframe, object, embed, #injected, b#injected').length") == 0
    # no element created from a label: every svg on the page is netmap's own (the legend, plotly's)
    assert driver.execute_script("return Array.from(document.querySelectorAll('svg[onload], [onerror], [onload]')).length") == 0


def _screenshot(driver, name: str, full: bool = False) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    out = ARTIFACTS / name
    if full:
        height = driver.execute_script("return document.documentElement.scrollHeight")
        shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": 1400, "height": height, "scale": 1}})
        out.write_bytes(base64.b64decode(shot["data"]))
    else:
        driver.save_screenshot(str(out))
    return out


def test_map_page_loads_offline_and_shows_every_node(browser, tmp_path):
    page = tmp_path / "jan.html"
    page.write_text(map_page_html(youth(), JAN), encoding="utf-8")
    urls = _load(browser, page, "window.netmapMap && document.querySelector('#map canvas')")
    assert urls and all(u.startswith(("file://", "data:")) for u in urls), urls
    # January: the person, 8 actors, 1 gap (daily activities)
    assert browser.execute_script("return window.netmapMap.nodes.length") == 10
    assert browser.execute_script("return document.querySelectorAll('#map canvas').length") == 1
    # the positions drawn are the layout's, unchanged by vis-network (physics off)
    scene = ecomap_scene(youth(), JAN)
    drawn = browser.execute_script("return window.netmapMap.network.getPositions()")
    for n in scene.nodes:
        assert (drawn[n.key]["x"], drawn[n.key]["y"]) == pytest.approx((n.x, n.y), abs=1)  # vis rounds to whole px
    assert browser.execute_script("return document.getElementById('details').children.length") > 3
    _screenshot(browser, "map-youth-jan.png")


def test_hostile_labels_never_run_in_the_map(browser, tmp_path):
    page = tmp_path / "hostile.html"
    page.write_text(map_page_html(hostile(), JUN), encoding="utf-8")
    urls = _load(browser, page, "window.netmapMap && document.querySelector('#map canvas')")
    assert all(u.startswith(("file://", "data:")) for u in urls), urls
    _assert_nothing_injected(browser)
    titles = browser.execute_script("return window.netmapMap.nodes.get().map(function (n) { return n.title; })")
    assert any("</script><script>window.__pwned=1</script>" in t for t in titles)  # still there, as text
    assert "<img src=x" in browser.find_element("css selector", "#side h1").text
    _screenshot(browser, "map-hostile.png")


def test_hostile_texts_never_run_in_the_report(browser, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(situation_report_html(hostile(), JUN, today=dt.date(2024, 8, 1)), encoding="utf-8")
    urls = _load(browser, page, "document.querySelector('#ecomap .main-svg')")
    assert all(u.startswith(("file://", "data:")) for u in urls), urls
    _assert_nothing_injected(browser)
    plan = browser.find_element("css selector", "#plan table").text
    assert "</script><script>window.__pwned=1</script>" in plan or "<img src=x" in plan


def test_layout_is_the_same_on_two_runs(browser, tmp_path):
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    first.write_text(map_page_html(youth(), JUN), encoding="utf-8")
    second.write_text(map_page_html(youth(), JUN), encoding="utf-8")
    assert first.read_bytes() == second.read_bytes()
    _load(browser, first, "window.netmapMap")
    pos_a = browser.execute_script("return window.netmapMap.network.getPositions()")
    _load(browser, second, "window.netmapMap")
    pos_b = browser.execute_script("return window.netmapMap.network.getPositions()")
    assert pos_a == pos_b


def test_report_page_renders_the_map_and_prints(browser, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(situation_report_html(youth(), JUN, today=dt.date(2024, 8, 1)), encoding="utf-8")
    urls = _load(browser, page, "document.querySelector('#ecomap .main-svg')")
    assert all(u.startswith(("file://", "data:")) for u in urls), urls
    # the plotly map drew one point per node, with the hover texts of the scene
    assert browser.execute_script("return document.querySelectorAll('#ecomap .scatterlayer .point').length") > 11
    _screenshot(browser, "report-youth-jun.png", full=True)
    pdf = browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})
    data = base64.b64decode(pdf["data"])
    assert data.startswith(b"%PDF") and data.count(b"/Type /Page") >= 3
    (ARTIFACTS / "report-youth-jun.pdf").write_bytes(data)


def test_png_export_through_chromium(tmp_path):
    import struct

    from netmap.cli import main

    out = tmp_path / "jan.png"
    assert main(["map", "tests/data/youth-brussels.json", "--at", "2024-01-22", "-o", str(out)]) == 0
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    scene = ecomap_scene(youth(), JAN)
    assert (width, height) == (round(scene.width), round(scene.height))
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "map-youth-jan-plotly.png").write_bytes(data)
