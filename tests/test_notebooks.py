"""The walkthrough notebooks run end to end on the demo data, write only to a temp folder, and are committed clean."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
kernelspec = pytest.importorskip("jupyter_client.kernelspec")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
NAMES = ("01_case_manager", "02_team_withdrawal", "03_advocacy")
CELL_TIMEOUT = 120  # seconds; each notebook takes a few seconds on 2 cores

# What each notebook must show, found in its outputs (text, HTML tables, printed lines):
# chosen from the story each notebook tells, worked out from the demo data and the spec.
EXPECTED_OUTPUT = {
    "01_case_manager": [
        # the three typos of the validation section, each at its JSON pointer
        "/opened: expected a date that exists in the calendar",
        "/assessments/0/actors/1/exhaustion: expected a whole number from 0 to 3",
        "/assessments/0/ties/3/b: expected the id of an actor",
        # the typo typed into the workbook, by sheet, row and column
        "sheet actors, row 3, column J",
        # the correct record: rights & paperwork covered only by the case manager is uncovered
        "Besoins non couverts : ['Droits & démarches administratives']",
        # the demo situation followed over four assessments
        "BRS-2024-0006 · service bru-stars-cm · ouverte le 2024-10-31 · 4 évaluations",
        "Évolution du 31/10/2024 au 20/08/2025",
        # the same situation in igraph: the person and the 25 actors of its latest assessment,
        # 25 person–actor lines and 23 ties; igraph agrees with netmap on G − CM
        "dans igraph : 26 nœuds (la personne et 25 acteurs), 48 liens",
        "morceaux sans le case manager (igraph) : 15 · selon netmap : 15",
    ],
    "02_team_withdrawal": [
        "Rien ne bloque le retrait : tous les critères bloquants sont remplis.",
        "sans la mère",
        # without the mother the two providers are split: the new finding says so (measures version 2)
        "Nouveaux constats :\n  [priorité haute] Les intervenants qui couvrent les besoins forment 2 groupes",
        "rapport écrit :",
    ],
    "03_advocacy": [
        "&lt;5",
        "rapport annuel écrit :",
    ],
}

# Files each notebook writes under its temporary folder (glob patterns below TMPDIR).
EXPECTED_FILES = {
    "01_case_manager": ["netmap-carnet1-*/mme-L.xlsx", "netmap-carnet1-*/BRS-2024-0006.gexf"],
    "02_team_withdrawal": ["netmap-carnet2-*/concertation-KIR-2023-0001.html"],
    "03_advocacy": ["netmap-carnet3-*/rapport-annuel-*.html"],
}


def _path(name: str) -> Path:
    return NOTEBOOK_DIR / f"{name}.ipynb"


def _output_text(nb) -> str:
    parts: list[str] = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            data = out.get("data", {})
            parts.append(data.get("text/plain", ""))
            parts.append(data.get("text/html", ""))
    return "\n".join(parts)


def test_every_notebook_is_listed():
    assert sorted(p.stem for p in NOTEBOOK_DIR.glob("*.ipynb")) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_committed_notebook_has_no_output(name):
    nb = nbformat.read(_path(name), as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "a walkthrough without code"
    for i, cell in enumerate(code):
        assert cell.outputs == [], f"code cell {i} of {name} was committed with its outputs"
        assert cell.execution_count is None, f"code cell {i} of {name} was committed with an execution count"
    assert nb.metadata["kernelspec"]["name"] == "python3"


def test_python3_kernel_is_this_python():
    """The kernel the notebooks name runs the interpreter running the tests (the venv's)."""
    spec = kernelspec.KernelSpecManager().get_kernel_spec("python3")
    exe = spec.argv[0]
    # jupyter_client replaces a bare "python"/"python3" by sys.executable when it starts the kernel
    if exe not in ("python", f"python{sys.version_info[0]}", "python{}.{}".format(*sys.version_info[:2])):
        assert Path(shutil.which(exe) or exe).resolve() == Path(sys.executable).resolve(), (
            f"the python3 kernel runs {exe}, not {sys.executable}: "
            f"register this one with `{sys.executable} -m ipykernel install --sys-prefix`")


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs(name, tmp_path, monkeypatch):
    nb = nbformat.read(_path(name), as_version=4)
    # the kernel inherits this environment: the checkout's netmap first, and its temp folder under tmp_path
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    before = sorted(p.name for p in NOTEBOOK_DIR.iterdir())

    client = nbclient.NotebookClient(nb, kernel_name="python3", timeout=CELL_TIMEOUT,
                                     resources={"metadata": {"path": str(NOTEBOOK_DIR)}})
    client.execute()  # raises CellExecutionError on the first cell that fails

    text = _output_text(nb)
    for expected in EXPECTED_OUTPUT[name]:
        assert expected in text, f"{name}: no output contains {expected!r}"
    for pattern in EXPECTED_FILES[name]:
        found = list(tmp_path.glob(pattern))
        assert len(found) == 1 and found[0].stat().st_size > 0, f"{name} did not write {pattern}"
    assert sorted(p.name for p in NOTEBOOK_DIR.iterdir()) == before, f"{name} wrote into notebooks/"
