"""The netmap dashboard (Dash Pages): build it with :func:`dashboards.app.create_app` or ``netmap dashboard``."""

__all__ = ["create_app"]


def create_app(*args, **kwargs):
    """See :func:`dashboards.app.create_app` (imported lazily so that importing the package loads nothing)."""
    from .app import create_app as _create

    return _create(*args, **kwargs)
