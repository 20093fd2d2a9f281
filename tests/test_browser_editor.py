"""The editor in real Chromium: a situation built from scratch, carried forward, a problem on its cell, a concurrent save.

The situation of tests/data/youth-brussels.json is entered the way a case manager would:
drop-downs chosen by their French labels, texts typed, ticks for coverage, never an id.
The saved situation is compared with the file, ids aside (the editor makes them from
labels). Clicks and keystrokes are counted and written to tests/_artifacts/editor-counts.txt.
Screenshots go to tests/_artifacts/ (gitignored).
"""

from __future__ import annotations

import dataclasses
import os
import threading
import time
from pathlib import Path

import pytest
from browser import CHROMEDRIVER, CHROMIUM, chromium_driver

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).parent / "_artifacts"
DATA = Path(__file__).parent / "data"

if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
    pytest.skip(f"browser tests need {CHROMIUM} and {CHROMEDRIVER} (installed by .ci/run)", allow_module_level=True)

from selenium.common.exceptions import (  # noqa: E402
    StaleElementReferenceException,
    TimeoutException,
)
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from netmap.io import load  # noqa: E402
from netmap.io.vocabulary import choice_labels  # noqa: E402
from netmap.model import Assessment, Situation  # noqa: E402
from netmap.taxonomy import default_taxonomy  # noqa: E402

TAX = default_taxonomy()
YOUTH = load(DATA / "youth-brussels.json")[0]


def _label(kind: str, code: str) -> str:
    return dict(choice_labels(kind, "fr", TAX))[code]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from werkzeug.serving import WSGIRequestHandler, make_server

    from dashboards.app import create_app
    from dashboards.audit import AuditLog
    from netmap.store import open_store

    url = f"sqlite:///{tmp_path_factory.mktemp('editor') / 'team.sqlite3'}"
    with open_store(url) as store:  # the team's store: two situations imported from files (version 1 each)
        store.import_situations([*load(DATA / "elderly-namur.json"), YOUTH], by="cli:team")
    app = create_app(url, k=0, audit_log=AuditLog(url))

    class Quiet(WSGIRequestHandler):
        def log_request(self, *args, **kwargs):
            return None

    srv = make_server("127.0.0.1", 0, app.server, threaded=True, request_handler=Quiet)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{srv.server_port}", "store": url, "state": {}}
    srv.shutdown()
    thread.join(5)


@pytest.fixture(scope="module")
def driver():
    yield from chromium_driver("1600,1200", console_log=True)


class UI:
    """Drives the editor like a user and counts what the user would do: clicks and keystrokes."""

    def __init__(self, drv):
        self.d = drv
        self.clicks = 0
        self.keys = 0
        self.scrolls = 0

    def counts(self) -> str:
        return f"{self.clicks} clicks, {self.keys} keystrokes ({self.scrolls} scrolls to reach a cell, not counted)"

    def idle(self, timeout: float = 20) -> None:
        time.sleep(0.15)
        WebDriverWait(self.d, timeout).until(lambda d: d.execute_script(
            "return !document.querySelector('[data-dash-is-loading=\"true\"]')"))

    # true when the element's centre is hidden: outside the window (or at its very edge, where a click's focus
    # scrolls the page between the press and the release, which the browser then takes for no click on the box),
    # or scrolled out of a wide grid's viewport
    _HIDDEN = """const r = arguments[0].getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
        if (x < 0 || y < 120 || x > innerWidth || y > innerHeight - 80) return true;
        const top = document.elementFromPoint(x, y);
        return !(top && (top === arguments[0] || arguments[0].contains(top) || top.contains(arguments[0])));"""

    def click(self, el) -> None:
        """A click; an element out of sight is first scrolled to (the wheel or the grid's scroll bar: not counted)."""
        if self.d.execute_script(self._HIDDEN, el):
            self.d.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'})", el)
            self.scrolls += 1
            time.sleep(0.2)
        ActionChains(self.d).move_to_element(el).click().perform()
        self.clicks += 1

    def type(self, text: str, enter: bool = True) -> None:
        ActionChains(self.d).send_keys(text + (Keys.ENTER if enter else "")).perform()
        self.keys += len(text) + (1 if enter else 0)

    def button(self, bid: str) -> None:
        self.click(self.d.find_element(By.ID, bid))
        self.idle()

    def field(self, fid: str, text: str) -> None:
        el = self.d.find_element(By.ID, f"ed-{fid}")
        self.click(el)
        if el.get_attribute("value"):
            el.send_keys(Keys.CONTROL, "a")
            self.keys += 2
        el.send_keys(text, Keys.ENTER)
        self.keys += len(text) + 1
        self.idle()
        assert self.d.find_element(By.ID, f"ed-{fid}").get_attribute("value") == text

    def pick(self, fid: str, label: str) -> None:
        """A drop-down of the situation's fields (dcc.Dropdown): open it, type a few letters, click the option."""
        def option(d):
            found = [o for o in d.find_elements(By.CSS_SELECTOR, "[role=option]") if o.text.strip() == label]
            return found[0] if found else False

        for _attempt in range(3):
            self.click(self.d.find_element(By.ID, f"ed-{fid}"))
            try:
                WebDriverWait(self.d, 3).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[role=option]"))
            except TimeoutException:
                continue
            self.type(label[:4], enter=False)
            try:
                found = WebDriverWait(self.d, 5, ignored_exceptions=(StaleElementReferenceException,)).until(option)
            except TimeoutException:
                ActionChains(self.d).send_keys(Keys.ESCAPE).perform()
                continue
            self.click(found)
            self.idle()
            return
        self.shot("failed-pick")
        raise AssertionError(f"no option {label!r} in {fid}")

    # ---- the grids (dash-ag-grid): a cell is found by its row's index and its column's id
    @staticmethod
    def css(grid: str, row: int, col: str) -> str:
        return f'#ed-{grid} .ag-row[row-index="{row}"] .ag-cell[col-id="{col}"]'

    def cell(self, grid: str, row: int, col: str):
        return WebDriverWait(self.d, 10).until(ec.presence_of_element_located((By.CSS_SELECTOR,
                                                                                self.css(grid, row, col))))

    def reach(self, grid: str, row: int, col: str, inner: str | None = None):
        """The cell (or the element ``inner`` in it), the grid scrolled sideways to it first when it is out of
        sight, as a user drags the grid's scroll bar (counted apart from clicks)."""
        def find():
            el = self.cell(grid, row, col)
            return el.find_element(By.CSS_SELECTOR, inner) if inner else el

        el = find()
        if self.d.execute_script(self._HIDDEN, el):
            self.d.execute_script("arguments[0].scrollIntoView({block: 'center'});"
                                  "dash_ag_grid.getApi(arguments[1]).ensureColumnVisible(arguments[2], 'middle')",
                                  el, f"ed-{grid}", col)
            self.scrolls += 1
            WebDriverWait(self.d, 5, ignored_exceptions=(StaleElementReferenceException,)).until(
                lambda d: not d.execute_script(self._HIDDEN, find()))
            el = find()
        return el

    def cell_shows(self, grid: str, row: int, col: str, text: str) -> None:
        """Wait until the cell shows ``text`` (what was chosen or typed is kept), else fail with a screenshot."""
        try:
            WebDriverWait(self.d, 10, ignored_exceptions=(StaleElementReferenceException,)).until(
                lambda d: d.find_element(By.CSS_SELECTOR, self.css(grid, row, col)).text.strip() == text)
        except TimeoutException:
            self.shot("failed-cell")
            got = self.d.find_element(By.CSS_SELECTOR, self.css(grid, row, col)).text
            raise AssertionError(f"{grid} row {row} {col}: shows {got!r}, not {text!r}") from None

    def cell_text(self, grid: str, row: int, col: str, text: str) -> None:
        """One click opens the cell's text editor; what it held is selected (Ctrl+A) and typed over; Enter keeps it."""
        cell = self.reach(grid, row, col)
        had = cell.text.strip()
        self.click(cell)
        editor = WebDriverWait(self.d, 5).until(ec.presence_of_element_located(
            (By.CSS_SELECTOR, self.css(grid, row, col) + " input")))
        if had:
            editor.send_keys(Keys.CONTROL, "a")
            self.keys += 2
        self.type(text)
        self.idle()
        self.cell_shows(grid, row, col, text)

    def cell_pick(self, grid: str, row: int, col: str, label: str) -> None:
        """One click on the cell opens ag-grid's list of labels; one click on the label chooses it."""
        self.click(self.reach(grid, row, col))
        try:
            WebDriverWait(self.d, 5).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".ag-select-list .ag-list-item"))
        except TimeoutException:
            self.shot("failed-list")
            raise AssertionError(f"the list of {grid} row {row} {col} does not open") from None
        items = [o for o in self.d.find_elements(By.CSS_SELECTOR, ".ag-select-list .ag-list-item")
                 if o.text.strip() == label]
        assert items, f"no {label!r} in the list of {col}"
        self.click(items[0])
        self.idle()
        self.cell_shows(grid, row, col, label)

    def ticked(self, grid: str, row: int, col: str) -> bool:
        return self.cell(grid, row, col).find_element(By.CSS_SELECTOR, "input").is_selected()

    def tick(self, grid: str, row: int, col: str, on: bool = True) -> None:
        """One click on the cell's checkbox (coverage, yes/no)."""
        box = self.reach(grid, row, col, "input")
        assert box.is_selected() != on, f"{grid} row {row} {col} is already {'ticked' if on else 'unticked'}"
        self.click(box)
        self.idle()
        try:
            WebDriverWait(self.d, 10, ignored_exceptions=(StaleElementReferenceException,)).until(
                lambda d: self.ticked(grid, row, col) == on)
        except TimeoutException:
            self.shot("failed-tick")
            raise AssertionError(f"{grid} row {row} {col} not {'ticked' if on else 'unticked'}") from None

    def untick(self, grid: str, row: int, col: str) -> None:
        self.tick(grid, row, col, on=False)

    def rows(self, grid: str) -> int:
        return len(self.d.find_elements(By.CSS_SELECTOR, f"#ed-{grid} .ag-center-cols-container .ag-row"))

    def add(self, grid: str) -> int:
        """Add a row with the grid's button; the new row's index."""
        before = self.rows(grid)
        self.button(f"ed-add-{grid}")
        WebDriverWait(self.d, 10).until(lambda d: self.rows(grid) == before + 1)
        return before

    def delete_row(self, grid: str, row: int) -> None:
        before = self.rows(grid)
        self.click(self.reach(grid, row, "_del"))
        self.idle()
        WebDriverWait(self.d, 10).until(lambda d: self.rows(grid) == before - 1)

    def shot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        height = self.d.execute_script("return document.documentElement.scrollHeight")
        self.d.set_window_size(1600, max(1200, min(int(height) + 150, 7000)))
        time.sleep(0.3)
        path = ARTIFACTS / f"editor-{name}.png"
        self.d.save_screenshot(str(path))
        self.d.set_window_size(1600, 1200)
        return path


def _record(name: str, text: str) -> None:
    """The counts of a build, printed (pytest -s) and written to tests/_artifacts/editor-counts-<name>.txt."""
    print(text)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"editor-counts-{name}.txt").write_text(text + "\n", encoding="utf-8")


def _actor_cells(ui: UI, row: int, a, before=None) -> None:
    """Fill (or, given the actor ``before``, change) an actor's row: only what differs from the grid's defaults."""
    def differs(key, default):
        return getattr(a, key) != (getattr(before, key) if before is not None else default)

    if before is None:
        ui.cell_text("actors", row, "label", a.label)
        ui.cell_pick("actors", row, "sector", TAX.sector_label(a.sector, "fr"))
    if differs("tie_to_person", "normal"):
        ui.cell_pick("actors", row, "tie_to_person", _label("tie_to_person", a.tie_to_person))
    if differs("exhaustion", None):
        ui.cell_pick("actors", row, "exhaustion", TAX.exhaustion_label(a.exhaustion, "fr"))
    for key in ("case_manager", "referent"):
        if differs(key, False):
            ui.tick("actors", row, key, on=getattr(a, key))
    if differs("mandate", None):
        ui.cell_pick("actors", row, "mandate", _label("mandate", a.mandate))
    for key in ("organisation", "language"):
        if differs(key, None):
            ui.cell_text("actors", row, key, getattr(a, key))


def _fill_assessment(ui: UI, a: Assessment, before: Assessment | None) -> None:
    """Make the grids hold assessment ``a``; they hold ``before`` (carried forward) or nothing."""
    old_actors = {x.label: x for x in before.actors} if before else {}
    row_of = {x.label: i for i, x in enumerate(before.actors)} if before else {}
    for x in a.actors:
        if x.label in old_actors:
            _actor_cells(ui, row_of[x.label], x, old_actors[x.label])
        else:
            row_of[x.label] = ui.add("actors")
            _actor_cells(ui, row_of[x.label], x)
    label = {x.id: x.label for x in a.actors}
    old_label = {x.id: x.label for x in before.actors} if before else {}

    def tie_key(t, names):
        return (frozenset((names[t.a], names[t.b])), t.kind)

    old_ties = [tie_key(t, old_label) for t in before.ties] if before else []
    new_ties = {tie_key(t, label): t for t in a.ties}
    for i in reversed(range(len(old_ties))):
        if old_ties[i] not in new_ties:
            ui.delete_row("ties", i)
    for key, t in new_ties.items():
        if key in old_ties:
            continue
        row = ui.add("ties")
        ui.cell_pick("ties", row, "a", label[t.a])
        ui.cell_pick("ties", row, "b", label[t.b])
        ui.cell_pick("ties", row, "kind", _label("tie_kind", t.kind))
        if t.strength != "normal":
            ui.cell_pick("ties", row, "strength", _label("tie_strength", t.strength))
    old_needs = {n.domain: (i, n) for i, n in enumerate(before.needs)} if before else {}
    need_row = {}
    for n in a.needs:
        if n.domain in old_needs:
            row, was = old_needs[n.domain]
            had = {old_label[i] for i in was.covered_by}
        else:
            row, was, had = ui.add("needs"), None, set()
            ui.cell_pick("needs", row, "domain", TAX.domain_label(n.domain, "fr"))
            if n.severity != 2:
                ui.cell_pick("needs", row, "severity", str(n.severity))
            if n.priority:
                ui.tick("needs", row, "priority")
            if n.goal:
                ui.cell_text("needs", row, "goal", n.goal)
        need_row[n.id] = row
        want = {label[i] for i in n.covered_by}
        for who in sorted(want ^ had):
            col = _cover_column(ui, who)
            (ui.tick if who in want else ui.untick)("needs", row, col)
    old_actions = {x.what: (i, x) for i, x in enumerate(before.actions)} if before else {}
    for x in a.actions:
        if x.what in old_actions:
            row, was = old_actions[x.what]
        else:
            row, was = ui.add("actions"), None
            ui.cell_text("actions", row, "what", x.what)
        if was is None or label[x.owner] != old_label.get(was.owner):
            ui.cell_pick("actions", row, "owner", label[x.owner])
        if was is None or x.need != was.need:
            ui.cell_pick("actions", row, "need", TAX.domain_label(a.need(x.need).domain, "fr"))
        if was is None or x.due != was.due:
            ui.cell_text("actions", row, "due", x.due.isoformat())
        if was is None or x.status != was.status:
            ui.cell_pick("actions", row, "status", _label("action_status", x.status))


def _cover_column(ui: UI, actor_label: str) -> str:
    """The needs grid's column of an actor, found by its header (the label): the test never knows an id."""
    heads = ui.d.find_elements(By.CSS_SELECTOR, '#ed-needs .ag-header-cell[col-id^="cov:"]')
    found = [h.get_attribute("col-id") for h in heads if h.text.strip() == actor_label]
    assert len(found) == 1, (actor_label, [h.text for h in heads])
    return found[0]


def _by_labels(s: Situation) -> dict:
    """A situation with every id replaced by what the user sees: actor labels, need domains, action texts."""
    out = {"service": s.service, "person": s.person, "requested": s.requested, "opened": s.opened,
           "closed": s.closed, "outcome": s.outcome, "requesters": s.requesters, "funding": s.funding,
           "assessments": []}
    for a in s.assessments:
        name = {x.id: x.label for x in a.actors}
        dom = {n.id: n.domain for n in a.needs}
        out["assessments"].append({
            "date": a.date, "label": a.label,
            "actors": sorted((x.label, x.formal, x.sector, x.organisation, x.role, x.language, x.exhaustion,
                              x.mandate, x.case_manager, x.referent, x.tie_to_person, x.active, x.support,
                              x.reciprocity, x.contact) for x in a.actors),
            "ties": sorted((tuple(sorted((name[t.a], name[t.b]))), t.kind, t.strength) for t in a.ties),
            "needs": sorted((n.domain, n.severity, n.status, tuple(sorted(name[i] for i in n.covered_by)), n.priority,
                             n.goal) for n in a.needs),
            "actions": sorted((x.what, name.get(x.owner or ""), dom.get(x.need or ""), x.due, x.status)
                              for x in a.actions),
        })
    return out


def _ids(server) -> list[str]:
    from netmap.store import open_store

    with open_store(server["store"]) as store:
        return store.situation_ids()


def _saved(server, sid: str = "EX-YOUTH-01") -> Situation:
    from netmap.store import open_store

    with open_store(server["store"]) as store:
        return store.load([sid])[0]


def _open(ui: UI, server, sid: str = "EX-YOUTH-01") -> None:
    ui.d.get(server["url"] + f"/saisie?situation={sid}")
    WebDriverWait(ui.d, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, UI.css("actors", 9, "label")))
    ui.idle()


def test_carry_an_assessment_forward_and_change_one_actor(server, driver):
    ui = UI(driver)
    _open(ui, server)
    ui.button("ed-new-asmt")
    # a copy of the latest assessment, dated today
    assert driver.find_element(By.ID, "ed-date").get_attribute("value") == time.strftime("%Y-%m-%d")
    assert ui.cell("actors", 1, "label").text.strip() == "Mère"
    ui.field("label", "concertation 4")
    ui.cell_pick("actors", 1, "exhaustion", TAX.exhaustion_label(1, "fr"))
    ui.shot("1-carried-forward")
    ui.button("ed-save")
    WebDriverWait(driver, 20).until(lambda d: "Version 2" in d.find_element(By.ID, "ed-message").text)
    ui.shot("2-saved-v2")
    saved = _saved(server)
    new, last = saved.assessments[-1], YOUTH.assessments[-1]
    assert saved.assessments[:-1] == YOUTH.assessments  # history of assessments untouched
    assert (new.date.isoformat(), new.label) == (time.strftime("%Y-%m-%d"), "concertation 4")
    expected = tuple(dataclasses.replace(a, exhaustion=1) if a.id == "mere" else a for a in last.actors)
    assert (new.actors, new.ties, new.needs, new.actions) == (expected, last.ties, last.needs, last.actions)
    _record("carry-forward", f"carry forward and change one actor: {ui.counts()}")


def _start_new_situation(ui: UI, server, s: Situation, a: Assessment) -> None:
    """Open the editor, click "new situation" and fill the situation's and the person's fields for assessment ``a``."""
    ui.d.get(server["url"] + "/saisie")
    WebDriverWait(ui.d, 20).until(ec.presence_of_element_located((By.ID, "ed-actors")))
    ui.idle()
    ui.button("ed-new-sit")
    p = s.person
    ui.pick("service", TAX.service_name(s.service))
    ui.pick("region", TAX.region_label(p.region, "fr"))
    ui.field("age", str(p.age))
    ui.field("gender", p.gender)
    ui.pick("housing", _label("housing", p.housing))
    ui.pick("insured", "oui")
    ui.field("languages", ";".join(p.languages))
    ui.pick("demand", _label("demand", p.demand))
    ui.pick("consent", _label("consent", p.consent))
    ui.field("requested", s.requested.isoformat())
    ui.field("opened", s.opened.isoformat())
    ui.pick("outcome", _label("outcome", s.outcome))
    ui.field("date", a.date.isoformat())
    ui.field("label", a.label)
    for q in s.requesters:  # who asked: a grid of the situation (the type is "professional" unless chosen)
        row = ui.add("requesters")
        if q.type != "professional":
            ui.cell_pick("requesters", row, "type", _label("requester_type", q.type))
        if q.sector:
            ui.cell_pick("requesters", row, "sector", TAX.sector_label(q.sector, "fr"))
        if q.organisation:
            ui.cell_text("requesters", row, "organisation", q.organisation)


def _new_ids(server, before: set[str]) -> str:
    (sid,) = set(_ids(server)) - before
    return sid


def _nothing_left_the_machine(driver, server) -> None:
    """Every resource the page loaded came from the dashboard itself: no CDN, no web font."""
    names = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert names and not [n for n in names if not n.startswith((server["url"] + "/", "data:", "blob:"))], names
    assert not [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def test_build_youth_brussels_from_scratch_then_carry_it_forward(server, driver):
    """youth-brussels.json built through the editor and compared with the file.

    Compared (``_by_labels``): the service, the person, the dates and outcome, the requesters, the fund
    requests (none in the file), and every assessment's
    date, label, actors (all their fields), ties, needs (coverage included) and actions, with ids
    replaced by what the user sees (labels, domains), since the editor makes ids from labels. Not
    compared: the situation's id (made by the editor, never typed), and its meetings, which the editor
    keeps but does not edit yet (the file's three meetings are not entered).
    """
    ui = UI(driver)
    before = set(_ids(server))
    s, first, last = YOUTH, YOUTH.assessments[0], YOUTH.assessments[-1]
    _start_new_situation(ui, server, s, first)
    ui.shot("1-person")
    _fill_assessment(ui, first, None)
    ui.shot("2-first-assessment")
    assert driver.find_element(By.ID, "ed-problems").text.startswith("Aucun problème"), \
        driver.find_element(By.ID, "ed-problems").text
    # the findings are there before saving: the daily activities need is uncovered
    assert "Occupation du temps" in driver.find_element(By.ID, "ed-findings").text
    ui.button("ed-save")
    WebDriverWait(driver, 20).until(lambda d: "Version 1" in d.find_element(By.ID, "ed-message").text)
    first_counts = ui.counts()
    ui.shot("3-saved-v1")

    # carry forward: a new assessment starts as a copy of the latest, dated today
    ui.button("ed-new-asmt")
    assert driver.find_element(By.ID, "ed-date").get_attribute("value") == time.strftime("%Y-%m-%d")
    assert ui.cell("actors", 1, "exhaustion").text.strip() == TAX.exhaustion_label(3, "fr")
    ui.field("date", last.date.isoformat())
    ui.field("label", last.label)
    _fill_assessment(ui, last, first)
    ui.shot("4-carried-forward")
    ui.button("ed-save")
    WebDriverWait(driver, 20).until(lambda d: "Version 2" in d.find_element(By.ID, "ed-message").text)
    ui.shot("5-saved-v2")

    saved = _saved(server, _new_ids(server, before))
    assert _by_labels(saved) == _by_labels(s)
    # ids were made from labels, none typed
    assert {x.id for x in saved.assessments[-1].actors} >= {"mere", "pere", "cpms", "saj"}
    _record("youth-brussels",
            f"youth-brussels, first assessment from scratch (person, 2 requesters, 8 actors, 8 ties, 5 needs, 1 action): "
            f"{first_counts}\n"
            f"youth-brussels, whole situation (then carried forward to 10 actors, 12 ties, 5 needs, 3 actions): "
            f"{ui.counts()}")
    _nothing_left_the_machine(driver, server)


def _twelve_actors_six_needs() -> Situation:
    """A synthetic 12-actor, 6-need situation: youth-brussels' latest network with a neighbour who supports the
    mother, the CPAS, and a finances need the CPAS covers, entered as a first assessment."""
    first, last = YOUTH.assessments[0], YOUTH.assessments[-1]
    pere, pms = last.actor("pere"), last.actor("pms")
    actors = (*last.actors, dataclasses.replace(pere, id="voisine", label="Voisine", tie_to_person="normal"),
              dataclasses.replace(pms, id="cpas", label="CPAS d'Ixelles", sector="cpas", organisation=None,
                                  referent=False))
    ties = (*last.ties, dataclasses.replace(last.ties[0], a="voisine", b="mere", kind="support", strength="normal"),
            dataclasses.replace(last.ties[0], a="cpas", b="saj", kind="coordination", strength="normal"))
    needs = (*last.needs, dataclasses.replace(last.needs[1], id="n6", domain="finances", severity=2,
                                              covered_by=("cpas",), priority=False, goal=None))
    a = dataclasses.replace(last, date=first.date, label=first.label, actors=actors, ties=ties, needs=needs)
    return dataclasses.replace(YOUTH, assessments=(a,))


def test_a_12_actor_6_need_situation_from_scratch(server, driver):
    """The issue's measure: a 12-actor situation with 6 needs (and its ties, coverage and plan) created through
    the browser without typing an id; compared with what was meant as in the test above."""
    s = _twelve_actors_six_needs()
    a = s.assessments[0]
    assert (len(a.actors), len(a.needs), len(a.ties), len(a.actions)) == (12, 6, 14, 3)
    ui = UI(driver)
    before = set(_ids(server))
    started = time.monotonic()
    _start_new_situation(ui, server, s, a)
    _fill_assessment(ui, a, None)
    ui.shot("12-actors-6-needs")
    ui.button("ed-save")
    WebDriverWait(driver, 20).until(lambda d: "Version 1" in d.find_element(By.ID, "ed-message").text)
    saved = _saved(server, _new_ids(server, before))
    assert _by_labels(saved) == _by_labels(s)
    _record("12-actors-6-needs", f"12 actors, 14 ties, 6 needs, 3 actions, the person and 2 requesters, from scratch: "
                                 f"{ui.counts()}; "
                                 f"{time.monotonic() - started:.0f} s for the test's driver")
    _nothing_left_the_machine(driver, server)


def test_a_problem_is_shown_on_its_cell_and_blocks_saving(server, driver):
    ui = UI(driver)
    _open(ui, server)
    # a need's severity out of range cannot be chosen; an action due on a day that does not exist can be typed
    ui.cell_text("actions", 0, "due", "2024-02-30")
    # the cell is drawn as a problem (class and colour) and tells the problem as its tooltip
    WebDriverWait(driver, 10).until(lambda d: "ed-cell-problem" in ui.cell("actions", 0, "due").get_attribute("class"))
    cell = ui.cell("actions", 0, "due")
    assert cell.value_of_css_property("background-color") in ("rgb(253, 226, 225)", "rgba(253, 226, 225, 1)")
    ActionChains(driver).move_to_element(ui.cell("actions", 0, "what")).move_to_element(cell).perform()
    tip = WebDriverWait(driver, 10).until(ec.visibility_of_element_located((By.CSS_SELECTOR, ".ag-tooltip")))
    assert "date qui existe" in tip.text, tip.text
    problems = driver.find_element(By.ID, "ed-problems").text
    assert "Plan d'action, ligne 1, Échéance" in problems and "date" in problems
    assert driver.find_element(By.ID, "ed-save").get_attribute("disabled")
    ui.shot("6-problem-on-cell")
    ui.cell_text("actions", 0, "due", "2024-03-01")
    assert not driver.find_element(By.ID, "ed-save").get_attribute("disabled")


def test_a_concurrent_save_is_refused_and_the_edits_stay(server, driver):
    ui = UI(driver)
    sid = "EX-YOUTH-01"
    _open(ui, server)
    first = driver.current_window_handle
    driver.switch_to.new_window("tab")
    _open(ui, server)
    # a colleague marks the mother's contact as daily and saves (version 3)
    ui.cell_pick("actors", 1, "contact", "Quotidien")
    ui.cell_pick("actors", 1, "support", "Concret, Émotionnel")
    ui.button("ed-save")
    WebDriverWait(driver, 20).until(lambda d: "Version 3" in d.find_element(By.ID, "ed-message").text)
    driver.close()
    driver.switch_to.window(first)
    # the first tab still holds version 2: its save is refused, its edit stays on screen
    ui.cell_text("actors", 2, "role", "Vit à Liège")
    ui.button("ed-save")
    WebDriverWait(driver, 20).until(lambda d: "quelqu'un d'autre" in d.find_element(By.ID, "ed-message").text)
    assert ui.cell("actors", 2, "role").text.strip() == "Vit à Liège"
    ui.shot("7-concurrent-save-refused")
    saved = _saved(server, sid)
    mere = next(a for a in saved.assessments[-1].actors if a.label == "Mère")
    pere = next(a for a in saved.assessments[-1].actors if a.label == "Père")
    assert (mere.contact, mere.support, pere.role) == ("daily", ("concrete", "emotional"), None)


def test_the_team_sees_it_in_the_dashboard_the_history_and_the_report(server, driver):
    from netmap.report.situation import situation_report_html
    from netmap.store import open_store
    from netmap.store.versions import history

    sid = "EX-YOUTH-01"
    driver.get(server["url"] + f"/situations/{sid}")
    WebDriverWait(driver, 20).until(ec.presence_of_element_located((By.CSS_SELECTOR, "#one-map .main-svg")))
    UI(driver).shot("8-team-situation-page")
    with open_store(server["store"]) as store:
        versions = history(store, sid)
        log = [(e["action"], e["situation"]) for e in store.audit_entries()
               if e["action"] == "save" and e["situation"] == sid]
    assert [(v.version, v.origin, v.saved_by) for v in versions] == [(1, "import", "cli:team"), (2, "editor", "(local)"),
                                                                    (3, "editor", "(local)")]
    assert log == [("save", sid)] * 2
    html = situation_report_html(_saved(server, sid), lang="fr")
    assert "Grille de soutien" in html and "Quotidien" in html
