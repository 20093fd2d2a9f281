"""The public surface: a deliberate, sorted __all__ whose every name resolves."""

from __future__ import annotations

import subprocess
import sys

import netmap


def test_all_is_sorted_and_resolves():
    assert netmap.__all__ == sorted(netmap.__all__)
    for name in netmap.__all__:
        assert getattr(netmap, name) is not None, name


def test_lazy_names_are_the_real_functions():
    from netmap.measures import evaluate
    from netmap.viz.plotly_map import ecomap_figure

    assert netmap.evaluate is evaluate
    assert netmap.ecomap_figure is ecomap_figure


def test_import_netmap_stays_light():
    code = "import sys, netmap; print(sorted(m for m in ('pandas', 'plotly', 'networkx') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_every_lazy_name_is_public():
    assert set(netmap._LAZY) <= set(netmap.__all__)
