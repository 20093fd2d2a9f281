"""Many situations at once: evaluation in worker processes, in chunks, serial for small inputs.

The per-situation measures are embarrassingly parallel (shared/design/ARCHITECTURE.md,
*Scale*): the work is cut into chunks, each chunk goes to a worker process, and the
results come back in order. Below a threshold the work stays in this process, where
starting workers would cost more than it saves.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from ..model import Situation
from ..progress import tracked_chunks
from ..taxonomy import Taxonomy, default_taxonomy
from .evaluate import evaluate

__all__ = ["PARALLEL_FROM", "default_jobs", "evaluate_json", "json_bytes", "parallel_chunks", "results_json"]

try:  # optional speed-up, same JSON values
    import orjson
except ImportError:  # pragma: no cover - orjson is a declared dependency
    orjson = None  # type: ignore[assignment]


def json_bytes(obj: object) -> bytes:
    """Compact JSON in UTF-8, characters not escaped (orjson when installed, else the standard library)."""
    if orjson is not None:
        return orjson.dumps(obj)
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

T = TypeVar("T")
R = TypeVar("R")

# below this many items, worker processes cost more than they save
PARALLEL_FROM = 400
# chunks per worker process
CHUNKS_PER_JOB = 24


def default_jobs() -> int:
    """The number of worker processes: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _context() -> multiprocessing.context.BaseContext:
    """``fork`` (workers start at once with what is loaded) unless threads run here (e.g. a web
    server), where forking is unsafe: then ``spawn``."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def parallel_chunks(func: Callable[[Sequence[T]], list[R]], items: Sequence[T], *, jobs: int | None = None,
                    parallel_from: int = PARALLEL_FROM) -> list[R]:
    """``func`` applied to chunks of ``items`` in worker processes; the results concatenated in order.

    Parameters
    ----------
    func : callable
        A module-level function (it is sent to the workers) taking a chunk (a list of
        items) and returning one result per item.
    items : sequence
    jobs : int, optional
        Worker processes (default: :func:`default_jobs`); 1 runs everything here.
    parallel_from : int
        Fewer items than this run here, serially.

    Returns
    -------
    list
        ``func(items)`` as if computed in one piece.
    """
    n_jobs = default_jobs() if jobs is None else max(1, jobs)
    if n_jobs == 1 or len(items) < parallel_from:
        return func(list(items))
    # many small chunks: a worker left with the last one keeps the other idle for one chunk only
    size = max(25, -(-len(items) // (n_jobs * CHUNKS_PER_JOB)))
    bounds = [(i, min(i + size, len(items))) for i in range(0, len(items), size)]
    sizes = [j - i for i, j in bounds]  # for the command line's progress bar
    context = _context()
    if context.get_start_method() != "fork":
        with ProcessPoolExecutor(max_workers=n_jobs, mp_context=context) as pool:
            parts = pool.map(func, [list(items[i:j]) for i, j in bounds])
            return [r for part in tracked_chunks(parts, sizes, desc="netmap: mesures / measures") for r in part]
    # forked workers inherit the items: send them each chunk's bounds, not the chunk (pickling
    # thousands of assessments costs more than measuring them)
    global _INHERITED
    _INHERITED = items
    # what is loaded now is inherited too: keep the workers' garbage collector from walking it
    # again and again (and from copying its pages by touching them)
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=n_jobs, mp_context=context) as pool:
            parts = pool.map(_inherited_chunk, [(func, i, j) for i, j in bounds])
            return [r for part in tracked_chunks(parts, sizes, desc="netmap: mesures / measures") for r in part]
    finally:
        _INHERITED = None
        gc.unfreeze()


# the items of the running parallel_chunks call, for workers forked from this process
_INHERITED: Sequence | None = None


def _inherited_chunk(task: tuple[Callable[[Sequence[T]], list[R]], int, int]) -> list[R]:
    """Worker: ``func`` applied to ``items[start:stop]`` of the items inherited from the parent."""
    func, start, stop = task
    if _INHERITED is None:  # pragma: no cover - only a worker forked by parallel_chunks runs this
        raise RuntimeError("no inherited items: this worker was not forked by parallel_chunks")
    return func(list(_INHERITED[start:stop]))


def results_json(situation: Situation, *, at: dt.date | None = None, all_assessments: bool = False,
                 taxonomy: Taxonomy | None = None) -> list[bytes]:
    """The JSON texts of :func:`evaluate` for one situation: its assessment at ``at``, or every one up to it.

    Parameters
    ----------
    situation : Situation
    at : datetime.date, optional
    all_assessments : bool
        One object per assessment dated on or before ``at`` instead of the latest only.
    taxonomy : Taxonomy, optional

    Returns
    -------
    list of bytes
        Compact JSON objects in UTF-8 (see :func:`json_bytes`); empty when there is no assessment.
    """
    if all_assessments:
        chosen = [a for a in situation.assessments if at is None or a.date <= at]
    else:
        latest = situation.assessment_at(at)
        chosen = [latest] if latest is not None else []
    return [json_bytes(evaluate(situation, assessment=a, taxonomy=taxonomy)) for a in chosen]


def _evaluate_chunk(task: Sequence[tuple[Situation, dt.date | None, bool]]) -> list[list[bytes]]:
    return [results_json(s, at=at, all_assessments=every) for s, at, every in task]


def evaluate_json(situations: Sequence[Situation], *, at: dt.date | None = None, all_assessments: bool = False,
                  jobs: int | None = None) -> list[bytes]:
    """:func:`results_json` for many situations, in parallel for large inputs, in the input order.

    Uses the default taxonomy (the one in force, see :func:`~netmap.taxonomy.default_taxonomy`).

    Parameters
    ----------
    situations : sequence of Situation
    at : datetime.date, optional
    all_assessments : bool
    jobs : int, optional

    Returns
    -------
    list of bytes
        One JSON object per evaluated assessment, situations without one skipped.
    """
    default_taxonomy()  # loaded once here, inherited by forked workers
    task = [(s, at, all_assessments) for s in situations]
    return [text for part in parallel_chunks(_evaluate_chunk, task, jobs=jobs) for text in part]
