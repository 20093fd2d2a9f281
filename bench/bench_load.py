"""Load test of ``netmap dashboard``: 25 users at once on 10,000 situations, for 60 s, on 127.0.0.1.

What the users send is what Chromium sent: the script first opens a few pages and changes a filter
in real Chromium, records every request the browser made (Chrome's network log, request bodies
included), then 25 simulated users replay them in a loop, each as a browser would:

- a page load: ``GET`` the page, ``/_dash-layout``, ``/_dash-dependencies`` one after the other
  (plus the JavaScript and CSS files on a user's first load, as a browser with an empty cache), then
  the callbacks the browser fired for that page, all at once over up to 6 connections;
- a filter change: the callbacks the browser fired when a filter changed, all at once, with the
  service and age band of the filter drawn at random among the values offered (so that answers are
  not all served from the dashboard's memo).

Each user does a page load then three filter changes, and again, with no pause. Printed (JSON):
latency percentiles (p50/p95/p99, ms) of every request, of page loads and of filter changes (first
request sent to last answer received), errors (any status other than 200/204, or no answer within
30 s), requests per second, the server's CPU seconds and the load average (the machine may be shared).

Usage::

    python bench/bench_load.py [--n 10000] [--users 25] [--seconds 60] [--keep DIR] [--checkout DIR]

``--checkout DIR`` serves the netmap of another checkout (e.g. the main branch, to compare).
Target: p95 < 300 ms and 0 errors.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import http.client
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).absolute().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from bench_dashboard import FLAGS, cpu_seconds, free_port, idle_js, wait_http  # noqa: E402

from netmap.aggregate.filters import AGE_BANDS  # noqa: E402

PAGES = ("/", "/besoins", "/fragilite")
TIMEOUT = 30.0


# ---- recording what Chromium sends ----------------------------------------------------------------------------
def _requests_from_log(entries: list[dict], port: int) -> list[dict]:
    """The requests to the dashboard in Chrome's performance log: method, path, body (POST)."""
    out = []
    for e in entries:
        msg = json.loads(e["message"])["message"]
        if msg.get("method") != "Network.requestWillBeSent":
            continue
        req = msg["params"]["request"]
        m = re.match(rf"https?://127\.0\.0\.1:{port}(/[^#]*)", req["url"])
        if not m:
            continue
        out.append({"method": req["method"], "path": m.group(1), "body": req.get("postData")})
    return out


def record(port: int) -> dict:
    """Open each page and change a filter in Chromium; return the requests of each, as the browser sent them."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    opts = webdriver.ChromeOptions()
    for flag in FLAGS:
        opts.add_argument(flag)
    opts.add_argument(f"--user-data-dir={tempfile.mkdtemp(prefix='netmap-chromium-')}")
    opts.add_argument("--window-size=1400,1000")
    opts.binary_location = "/usr/bin/chromium"
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    drv = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    base = f"http://127.0.0.1:{port}"
    recorded: dict = {"pages": {}, "assets": [], "filter_change": []}

    def idle(d) -> bool:
        return d.execute_script("return !document.querySelector('[data-dash-is-loading=\"true\"]') && "
                                "!document.querySelector('._dash-loading') && "
                                "document.querySelector('#filter-summary') !== null && "
                                "document.querySelector('#filter-summary').innerText !== '';")

    try:
        drv.set_script_timeout(60)
        for page in PAGES:
            drv.get("about:blank")
            drv.get_log("performance")
            drv.get(base + page)
            WebDriverWait(drv, 120, poll_frequency=0.05).until(idle)
            time.sleep(1.0)
            reqs = _requests_from_log(drv.get_log("performance"), port)
            recorded["assets"] += [r for r in reqs if r["path"].startswith(("/_dash-component-suites", "/assets"))]
            recorded["pages"][page] = {
                "gets": [r["path"] for r in reqs if r["method"] == "GET" and not r["path"].startswith(
                    ("/_dash-component-suites", "/assets", "/_favicon"))],
                "callbacks": [(r["path"], r["body"]) for r in reqs if r["path"].startswith("/_dash-update-component")],
            }
        # a filter change on the overview: a service picked in the dropdown
        drv.get(base + "/")
        WebDriverWait(drv, 120, poll_frequency=0.05).until(idle)
        WebDriverWait(drv, 60).until(lambda d: d.execute_script(idle_js()))
        time.sleep(1.0)
        drv.get_log("performance")
        drv.find_element(By.ID, "flt-service").click()
        options = WebDriverWait(drv, 10).until(
            ec.presence_of_all_elements_located((By.CSS_SELECTOR, ".dash-dropdown-option")))
        options[0].click()
        time.sleep(0.5)
        WebDriverWait(drv, 120, poll_frequency=0.05).until(idle)
        time.sleep(1.0)
        reqs = _requests_from_log(drv.get_log("performance"), port)
        recorded["filter_change"] = [(r["path"], r["body"]) for r in reqs
                                     if r["path"].startswith("/_dash-update-component")]
    finally:
        drv.quit()
    seen = set()
    recorded["assets"] = [a["path"] for a in recorded["assets"] if not (a["path"] in seen or seen.add(a["path"]))]
    return recorded


# ---- replaying it ---------------------------------------------------------------------------------------------
def _set_filters(body: str, service: str | None, age: str | None) -> str:
    """A callback body with the service and age filter values replaced (inputs and states alike)."""
    data = json.loads(body)
    for group in ("inputs", "state"):
        for item in data.get(group) or []:
            entries = item if isinstance(item, list) else [item]
            for e in entries:
                if isinstance(e, dict) and e.get("property") == "value":
                    if e.get("id") == "flt-service":
                        e["value"] = service
                    elif e.get("id") == "flt-age":
                        e["value"] = age
    return json.dumps(data)


class User:
    """One simulated browser: up to 6 connections, like Chromium to one host."""

    def __init__(self, port: int, rec: dict, services: list[str], seed: int, stats: dict, lock: threading.Lock):
        self.port, self.rec, self.services = port, rec, services
        self.rng = random.Random(seed)
        self.stats, self.lock = stats, lock
        self.local = threading.local()
        self.pool = concurrent.futures.ThreadPoolExecutor(6)
        self.first = True

    def _conn(self) -> http.client.HTTPConnection:
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = self.local.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        return conn

    def request(self, method: str, path: str, body: str | None = None) -> float:
        headers = {"Host": f"127.0.0.1:{self.port}", "Accept-Encoding": "identity"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        t0 = time.perf_counter()
        ok = False
        for attempt in range(2):  # a kept-alive connection the server closed meanwhile: reconnect once
            try:
                conn = self._conn()
                conn.request(method, path, body=body.encode() if body is not None else None, headers=headers)
                r = conn.getresponse()
                r.read()
                ok = r.status in (200, 204)
                if r.getheader("Connection", "").lower() == "close":
                    conn.close()
                    self.local.conn = None
                break
            except (ConnectionError, http.client.RemoteDisconnected, http.client.BadStatusLine) as exc:
                self.local.conn = None
                if attempt == 1 or time.perf_counter() - t0 > TIMEOUT:
                    self._error(type(exc).__name__)
                    return time.perf_counter() - t0
            except OSError as exc:  # timeouts
                self.local.conn = None
                self._error(f"{type(exc).__name__} {path.split('?')[0][:40]}")
                return time.perf_counter() - t0
        took = time.perf_counter() - t0
        with self.lock:
            self.stats["requests"].append(took)
            if not ok:
                self.stats["errors"]["status"] = self.stats["errors"].get("status", 0) + 1
        return took

    def _error(self, kind: str) -> None:
        with self.lock:
            self.stats["errors"][kind] = self.stats["errors"].get(kind, 0) + 1

    def callbacks(self, calls: list[tuple[str, str]]) -> None:
        list(self.pool.map(lambda call: self.request("POST", *call), calls))

    def page_load(self) -> None:
        page = self.rng.choice(list(self.rec["pages"]))
        rec = self.rec["pages"][page]
        t0 = time.perf_counter()
        for path in rec["gets"]:
            self.request("GET", path)
        if self.first:  # an empty cache: the scripts and styles too, 6 at a time
            list(self.pool.map(lambda p: self.request("GET", p), self.rec["assets"]))
            self.first = False
        self.callbacks(rec["callbacks"])
        with self.lock:
            self.stats["page_loads"].append(time.perf_counter() - t0)

    def filter_change(self) -> None:
        service = self.rng.choice(self.services + [None])
        age = self.rng.choice(list(AGE_BANDS) + [None])
        calls = [(path, _set_filters(body, service, age)) for path, body in self.rec["filter_change"]]
        t0 = time.perf_counter()
        self.callbacks(calls)
        with self.lock:
            self.stats["filter_changes"].append(time.perf_counter() - t0)

    def run(self, until: float) -> None:
        while time.perf_counter() < until:
            self.page_load()
            for _ in range(3):
                if time.perf_counter() >= until:
                    break
                self.filter_change()
        self.pool.shutdown()


def _service_options(port: int) -> list[dict]:
    """The options of the service filter, as the dashboard's layout offers them."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    conn.request("GET", "/_dash-layout", headers={"Host": f"127.0.0.1:{port}"})
    layout = json.loads(conn.getresponse().read())
    conn.close()
    found: list[dict] = []
    stack = [layout]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("props", {}).get("id") == "flt-service":
                found = node["props"].get("options") or []
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return [o if isinstance(o, dict) else {"value": o} for o in found]


def _pct(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    qs = statistics.quantiles(values, n=100, method="inclusive")
    return {"n": len(values), "p50_ms": round(qs[49] * 1000), "p95_ms": round(qs[94] * 1000),
            "p99_ms": round(qs[98] * 1000), "max_ms": round(max(values) * 1000)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--users", type=int, default=25)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--keep", metavar="DIR", help="reuse/keep the store in DIR (skips building when present)")
    ap.add_argument("--checkout", metavar="DIR", default=str(HERE.parent),
                    help="the netmap checkout to serve (default: this one)")
    args = ap.parse_args()

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="netmap-bench-load-"))
    work.mkdir(parents=True, exist_ok=True)
    checkout = Path(args.checkout).absolute()
    env = dict(os.environ, PYTHONPATH=str(checkout) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    # one store per checkout, built by that checkout's netmap (their store schemas may differ)
    db = work / f"bench-{args.n}-{args.seed}-{checkout.name}.db"
    url = f"sqlite:///{db}"
    result: dict[str, object] = {"situations": args.n, "users": args.users, "seconds": args.seconds,
                                 "checkout": str(checkout)}
    if not db.exists():
        built = subprocess.run(
            [sys.executable, "-c", "import json, sys; sys.path.insert(0, 'bench'); from bench_dashboard import "
             f"build_store; print(json.dumps(build_store({url!r}, {args.n}, {args.seed})))"],
            cwd=checkout, env=env, capture_output=True, text=True, check=True)
        result.update(json.loads(built.stdout.strip().splitlines()[-1]))

    port = free_port()
    cmd = [sys.executable, "-m", "netmap", "dashboard", "--store", url, "--port", str(port), "--k", "5"]
    audit = work / "audit.sqlite3"
    help_text = subprocess.run([*cmd[:4], "--help"], cwd=checkout, env=env, capture_output=True, text=True).stdout
    if "--audit-store" in help_text:
        cmd += ["--audit-store", f"sqlite:///{audit}"]
    result["server"] = "waitress" if "waitress" in help_text else "werkzeug development server"
    t0 = time.perf_counter()
    log = open(work / f"server-{checkout.name}.log", "w")  # noqa: SIM115 - closed at the end; a pipe nobody reads would
    # fill up and block the server at its next log line (waitress warns when its queue of requests grows)
    proc = subprocess.Popen(cmd, cwd=checkout, env=env, stdout=subprocess.DEVNULL, stderr=log)
    try:
        wait_http(f"http://127.0.0.1:{port}/", 180)
        result["server_ready_s"] = round(time.perf_counter() - t0, 1)
        rec = record(port)
        result["recorded"] = {"page_loads": {p: len(r["callbacks"]) for p, r in rec["pages"].items()},
                              "filter_change_callbacks": len(rec["filter_change"]), "assets": len(rec["assets"])}
        services = sorted({o["value"] for o in _service_options(port)})
        result["services_offered"] = len(services)
        stats: dict = {"requests": [], "page_loads": [], "filter_changes": [], "errors": {}}
        lock = threading.Lock()
        cpu0 = cpu_seconds(proc.pid)
        users = [User(port, rec, services, i, stats, lock) for i in range(args.users)]
        until = time.perf_counter() + args.seconds
        threads = [threading.Thread(target=u.run, args=(until,)) for u in users]
        t1 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t1
        cpu1 = cpu_seconds(proc.pid)
        result.update({
            "requests": _pct(stats["requests"]), "page_loads": _pct(stats["page_loads"]),
            "filter_changes": _pct(stats["filter_changes"]),
            "errors": sum(stats["errors"].values()), "errors_by_kind": stats["errors"],
            "requests_per_s": round(len(stats["requests"]) / wall, 1),
            "server_cpu_s": round(cpu1 - cpu0, 1) if cpu0 is not None and cpu1 is not None else None,
            "load_average_1min": round(os.getloadavg()[0], 2), "cpus": os.cpu_count(),
        })
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
