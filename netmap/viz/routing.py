"""Lines that never lie by geometry: a line passes through no node it does not join, nor through a label.

A straight line between two nodes that crosses another node (or its badges and exhaustion ring) or
a label reads as a tie with that node. :func:`route` keeps the straight line when it is clear, and
otherwise bends it through one or two waypoints on either side, nearest first, until every segment
clears every obstacle. A line's own end nodes and their labels are not obstacles (a line must leave
its node, and a label sits right under it).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Obstacle", "clear", "route", "segment_hits_box", "segment_hits_circle"]

Point = tuple[float, float]


@dataclass(frozen=True)
class Obstacle:
    """A node (circle: ``r`` > 0) or a label (box ``x0, y0, x1, y1``) that belongs to node ``key``."""

    key: str
    x0: float
    y0: float
    x1: float
    y1: float
    r: float = 0.0  # a circle of radius r centred at (x0, y0) when > 0


def segment_hits_circle(p: Point, q: Point, c: Point, r: float) -> bool:
    """Whether the segment pq comes closer than ``r`` to ``c``."""
    (px, py), (qx, qy), (cx, cy) = p, q, c
    dx, dy = qx - px, qy - py
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((cx - px) * dx + (cy - py) * dy) / length2))
    return math.hypot(px + t * dx - cx, py + t * dy - cy) < r


def segment_hits_box(p: Point, q: Point, box: tuple[float, float, float, float]) -> bool:
    """Whether the segment pq enters the box (Liang–Barsky clipping)."""
    x0, y0, x1, y1 = box
    (px, py), (qx, qy) = p, q
    dx, dy = qx - px, qy - py
    t0, t1 = 0.0, 1.0
    for edge_p, edge_q in ((-dx, px - x0), (dx, x1 - px), (-dy, py - y0), (dy, y1 - py)):
        if edge_p == 0:
            if edge_q < 0:
                return False
            continue
        t = edge_q / edge_p
        if edge_p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def _hits(p: Point, q: Point, o: Obstacle, pad: float) -> bool:
    if o.r > 0:
        return segment_hits_circle(p, q, (o.x0, o.y0), o.r + pad)
    return segment_hits_box(p, q, (o.x0 - pad, o.y0 - pad, o.x1 + pad, o.y1 + pad))


def clear(path: Sequence[Point], obstacles: Sequence[Obstacle], ends: frozenset[str], pad: float = 0.0) -> bool:
    """Whether no segment of ``path`` comes within ``pad`` px of an obstacle of a node other than ``ends``
    (``pad``: the half-width a zig-zag takes on each side of its path)."""
    return not any(_hits(path[i], path[i + 1], o, pad) for i in range(len(path) - 1) for o in obstacles
                   if o.key not in ends)


def _waypoints(p: Point, q: Point) -> list[list[Point]]:
    (px, py), (qx, qy) = p, q
    length = math.hypot(qx - px, qy - py) or 1.0
    nx, ny = -(qy - py) / length, (qx - px) / length

    def at(t: float, d: float) -> Point:
        return (px + (qx - px) * t + d * nx, py + (qy - py) * t + d * ny)

    out: list[list[Point]] = []
    for d in (14, 20, 28, 36, 46, 58, 72, 90, 110, 135, 165, 200, 240, 290, 350, 420):
        for sign in (1, -1):
            for t in (0.5, 0.35, 0.65, 0.2, 0.8, 0.1, 0.9):
                out.append([at(t, sign * d)])
            for t0, t1 in ((0.25, 0.75), (0.1, 0.9), (0.15, 0.5), (0.5, 0.85)):  # a detour along the line
                out.append([at(t0, sign * d), at(t1, sign * d)])
            for t0, t1 in ((0.15, 0.85), (0.3, 0.7)):  # out on one side, back across on the other
                out.append([at(t0, sign * d), at(t1, -sign * d * 0.5)])
    return out


def route(p: Point, q: Point, obstacles: Sequence[Obstacle], ends: frozenset[str],
          pad: float = 0.0) -> tuple[Point, ...]:
    """The straight line p–q if clear, else the nearest clear detour tried; the straight line if none is
    (tests/test_map_geometry.py checks that none is left on the demo data and crowded networks)."""
    if clear((p, q), obstacles, ends, pad):
        return (p, q)
    for way in _waypoints(p, q):  # nearest detours first: the first clear one bends the line least
        path = (p, *way, q)
        if clear(path, obstacles, ends, pad):
            return tuple((round(x, 2), round(y, 2)) for x, y in path)
    return (p, q)
