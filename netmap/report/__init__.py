"""Self-contained HTML reports: the concertation report (one situation) and the yearly report (a service).

Import the submodules explicitly (``netmap.report.situation``, ``netmap.report.yearly``).
"""
