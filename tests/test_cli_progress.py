"""Progress bars on long work: drawn on a terminal, never on a pipe; a closed pipe ends quietly."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from netmap.cli import main
from netmap.progress import shown, tracked, tracked_chunks

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _bars(monkeypatch, stream) -> None:
    import netmap.progress as progress

    monkeypatch.setattr(sys, "stderr", stream)
    monkeypatch.setattr(progress, "_DELAY", 0.0)  # at once, not after a second
    monkeypatch.setattr(progress, "_MININTERVAL", 0.0)  # and at every step


def test_library_draws_nothing_unless_the_command_line_asks(monkeypatch):
    term = Terminal()
    _bars(monkeypatch, term)
    assert list(tracked(range(5), desc="x")) == [0, 1, 2, 3, 4]
    assert term.getvalue() == ""


def test_a_bar_on_a_terminal_counts_every_item(monkeypatch):
    term = Terminal()
    _bars(monkeypatch, term)
    with shown():
        assert list(tracked(list("abcd"), desc="reading")) == list("abcd")
    assert "reading" in term.getvalue() and "4/4" in term.getvalue()


def test_chunks_count_items_not_chunks(monkeypatch):
    term = Terminal()
    _bars(monkeypatch, term)
    with shown():
        assert list(tracked_chunks(iter(["p1", "p2"]), [30, 12], desc="m")) == ["p1", "p2"]
    assert "42/42" in term.getvalue()


def test_a_bar_leaves_no_thread_behind(monkeypatch):
    # a thread left running would make the measures' workers start with spawn instead of fork
    import threading

    term = Terminal()
    _bars(monkeypatch, term)
    before = threading.active_count()
    with shown():
        assert list(tracked(list(range(50)), desc="x")) == list(range(50))
    assert "50/50" in term.getvalue() and threading.active_count() == before


def test_nothing_on_a_pipe(monkeypatch):
    pipe = io.StringIO()  # isatty() is False
    _bars(monkeypatch, pipe)
    with shown():
        assert list(tracked(range(3), desc="x")) == [0, 1, 2]
    assert pipe.getvalue() == ""


def test_tracked_work_inside_tracked_work_draws_one_bar(monkeypatch):
    term = Terminal()
    _bars(monkeypatch, term)
    with shown():
        outer = tracked(iter("abc"), desc="outer", total=3)
        assert tracked(outer, desc="inner") is outer
        assert list(outer) == ["a", "b", "c"]
    assert "outer" in term.getvalue() and "inner" not in term.getvalue()


def test_validate_on_a_terminal_shows_reading(monkeypatch, capsys):
    term = Terminal()
    _bars(monkeypatch, term)
    assert main(["validate", str(DATA / "youth-brussels.json"), str(DATA / "elderly-namur.json")]) == 0
    assert "reading" in term.getvalue()
    assert "valide" in capsys.readouterr().out  # the result itself goes to stdout, apart from the bar


def test_version(capsys):
    import netmap

    try:
        main(["--version"])
    except SystemExit as exc:
        assert exc.code == 0
    assert capsys.readouterr().out.strip() == f"netmap {netmap.__version__}"


def test_closed_pipe_ends_without_traceback(tmp_path):
    # `netmap assess --json FOLDER | head -c 100`: head leaves after 100 bytes
    cmd = (f"{sys.executable} -m netmap assess --json {ROOT / 'netmap' / 'data' / 'demo'} | head -c 100 >/dev/null; "
           "echo ${PIPESTATUS[0]} >&2")
    done = subprocess.run(["bash", "-c", cmd], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "141"
