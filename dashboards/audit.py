"""The dashboard's access log: each opening of a situation, what-if, report download and export, kept in the store.

Pages call :func:`audit` with the action and the situation id; the entry (user, UTC time,
action, situation id) is appended to the ``audit_log`` table of the store (see
``netmap store audit``). Nothing else is recorded: no label, no page content, no filter.
An entry that cannot be written fails the request (an access to health data that cannot
be logged is not served).
"""

from __future__ import annotations

import threading

__all__ = ["ANONYMOUS", "AuditLog", "audit", "audited"]

ANONYMOUS = "(local)"  # the viewer of a dashboard without authentication (loopback only)


class AuditLog:
    """Appends entries to the access log of the store at ``url`` (one short transaction each)."""

    def __init__(self, url: str, *, create: bool = True) -> None:
        from netmap.store import open_store

        self.url = url
        self._lock = threading.Lock()
        # create (unless ``create`` is False) or migrate the store now: a bad URL fails at start, not at first use
        open_store(url, create=create).close()

    def record(self, user: str, action: str, situation: str | None = None) -> None:
        from netmap.store import open_store

        # SQLite connections belong to one thread: a connection per entry, entries one at a time (~5 ms)
        with self._lock, open_store(self.url) as store:
            store.audit_append(user, action, situation)


def audit(action: str, situation: str | None = None) -> None:
    """Record ``action`` (open_situation, what_if, report_download, export) by the viewer of the current request."""
    from flask import current_app, g

    from .data import CONTEXT_KEY

    log = current_app.config[CONTEXT_KEY].extras.get("audit")
    if log is None:
        return
    user = g.get("netmap_user")
    log.record(user.name if user is not None else ANONYMOUS, action, situation)


def audited(result, action: str, situation: str | None = None):
    """``result`` once ``action`` is recorded: a download is logged only when it was made (it raised nothing)."""
    audit(action, situation)
    return result
