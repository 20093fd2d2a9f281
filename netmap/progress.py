"""Progress bars on long work, for the command line only.

The library stays silent: :func:`tracked` returns its iterable untouched unless the
``netmap`` command turned progress on (:func:`shown`), and even then tqdm draws nothing
when standard error is not a terminal (a pipe, a file, a test) or when the work ends
within a second.

>>> list(tracked([1, 2, 3], desc="reading"))
[1, 2, 3]
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar
from weakref import WeakSet

__all__ = ["shown", "tracked", "tracked_chunks"]

T = TypeVar("T")

_ENABLED = False
_ACTIVE = 0  # bars being drawn: work inside tracked work (synth's writing) draws no second bar
_TRACKED: WeakSet[Iterator[Any]] = WeakSet()
_DELAY = 1.0  # seconds before a bar appears: short work shows nothing
_MININTERVAL = 0.1  # seconds between redraws (tqdm's default)


@contextmanager
def shown(enabled: bool = True) -> Iterator[None]:
    """Within this block, :func:`tracked` draws bars on a terminal (the ``netmap`` command's main)."""
    global _ENABLED
    before, _ENABLED = _ENABLED, enabled
    try:
        yield
    finally:
        _ENABLED = before


@contextmanager
def _bar(total: int | None, desc: str, unit: str) -> Iterator[Any]:
    global _ACTIVE
    from tqdm import tqdm

    # no monitor thread: a thread left running would make netmap.measures.batch start its
    # workers with spawn (pickling every assessment) instead of fork
    tqdm.monitor_interval = 0
    _ACTIVE += 1
    try:
        # disable=None: tqdm draws only when its file is a terminal
        with tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, disable=None, leave=False,
                  delay=_DELAY, mininterval=_MININTERVAL, miniters=1, dynamic_ncols=True) as bar:
            yield bar
    finally:
        _ACTIVE -= 1


def tracked(items: Iterable[T], *, desc: str, total: int | None = None, unit: str = " situation") -> Iterable[T]:
    """``items`` one by one, with a bar on a terminal when the command line turned bars on.

    Items that are already tracked (``netmap synth`` hands its tracked situations to the
    folder writer) are returned as they are: one bar, the one that knows the total.
    """
    if not _ENABLED or (isinstance(items, Iterator) and items in _TRACKED):
        return items
    if total is None and isinstance(items, Sequence):
        total = len(items)
    gen = _tracked(items, desc, total, unit)
    _TRACKED.add(gen)
    return gen


def _tracked(items: Iterable[T], desc: str, total: int | None, unit: str) -> Iterator[T]:
    if _ACTIVE:
        yield from items
        return
    with _bar(total, desc, unit) as bar:
        for item in items:
            yield item
            bar.update(1)


def tracked_chunks(parts: Iterable[T], sizes: Sequence[int], *, desc: str, unit: str = " situation") -> Iterator[T]:
    """Results of chunks of work (``sizes[i]`` items in the i-th), the bar counting items."""
    if not _ENABLED or _ACTIVE:
        yield from parts
        return
    with _bar(sum(sizes), desc, unit) as bar:
        for part, size in zip(parts, sizes, strict=False):
            yield part
            bar.update(size)
