"""Debian's headless Chromium for the browser tests: where it is, the flags it needs here, one driver per module."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# without the background-networking flags Chromium tries to reach outside hosts, which this machine refuses
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync")


def chromium_driver(window: str = "1400,1000", extra: Sequence[str] = (), *, console_log: bool = False) -> Iterator[Any]:
    """A Selenium driver of headless Chromium with a fresh, empty profile, quit and removed afterwards.

    Use it as the body of a pytest fixture (``yield from chromium_driver(...)``). Selenium is
    imported here, after the calling module has skipped itself when Chromium is missing.
    """
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    for flag in (*FLAGS, f"--window-size={window}", *extra):
        opts.add_argument(flag)
    profile = tempfile.TemporaryDirectory(prefix="netmap-chromium-")
    opts.add_argument(f"--user-data-dir={profile.name}")
    opts.binary_location = CHROMIUM
    if console_log:
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    drv.set_page_load_timeout(30)
    try:
        yield drv
    finally:
        drv.quit()
        profile.cleanup()
