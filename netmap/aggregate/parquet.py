"""`netmap export parquet`: the compact tables and the measure table as Parquet, for an analyst's engine.

Two modes, as every export of netmap (shared/spec/measures.md, "Disclosure control"):

- internal (``k = 0``): one row per situation, assessment (with its measure row), meeting
  and emergency-fund request — the columns the aggregates read, so that DuckDB, Spark or
  Dask can compute the same tables (docs/scale.md). Record-level health data: it never
  leaves the service. With a pseudonym key (``deidentify``), situation ids and fund names
  become keyed pseudonyms and organisation names are dropped; the rows stay record-level
  (service, region, age, dates remain), so the files are still internal.
- published (``k ≥ 1``): record-level rows cannot be protected (anyone could count a cell
  of 1 to k−1 persons in them), so only the aggregate tables are written, each with
  disclosure control at ``k`` exactly as `netmap aggregate --k K` gives them (and
  de-identified as `--deidentify` does).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import UsageError
from .compact import CompactData
from .deidentify import pseudonym

__all__ = ["RECORD_FILES", "write_parquet"]

RECORD_FILES = ("situations", "assessments", "meetings", "funding")
_JSON_COLUMNS = ("sector_ties", "need_domains")  # maps of varying keys: JSON text, readable by every engine


def _arrow() -> Any:
    from ..extras import require

    require("parquet")  # one sentence naming the extra when pyarrow is missing
    import pyarrow as pa
    import pyarrow.parquet as pq

    return pa, pq


def _record_frames(data: CompactData, key: bytes | None) -> dict[str, pd.DataFrame]:
    sf = data.situations.copy()
    for c in ("service", "region", "housing", "demand", "outcome", "age_band"):
        sf[c] = sf[c].astype(object)
    sf["age"] = sf["age"].astype("Int64")
    m = data.measures.drop(columns=[c for c in data.measures.columns if c.startswith("_")] + ["service"]).copy()
    m["assessment"] = pd.to_datetime(m["assessment"])
    for c in _JSON_COLUMNS:
        m[c] = [json.dumps(v, ensure_ascii=False, sort_keys=True) if v is not None else None for v in m[c]]
    m["partners"] = [[{"sector": s, "organisation": o} for s, o in p] for p in m["partners"]]
    mt = data.meetings.copy()
    mt["kind"] = mt["kind"].astype(object)
    ft = data.funding.copy()
    ft["status"] = ft["status"].astype(object)
    frames = {"situations": sf, "assessments": m, "meetings": mt, "funding": ft}
    if key is not None:
        for df in frames.values():
            df["situation"] = [pseudonym(key, s) for s in df["situation"]]
        ft["fund"] = [pseudonym(key, f, "F-") for f in ft["fund"]]
        m["partners"] = [[{"sector": p["sector"], "organisation": None} for p in ps] for ps in m["partners"]]
    return frames


def _published_frames(data: CompactData, k: int, key: bytes | None, cell_keys: Any, filters: Any) -> dict:
    from .tables import TABLES, aggregate

    out = {}
    for name in TABLES:
        table = aggregate(name, data, filters=filters, k=k, key=key, cell_keys=cell_keys)
        for col in table.columns:  # "<5" and "x" beside numbers: the column is text, as in CSV
            values = table[col]
            if values.map(lambda v: isinstance(v, str)).any() and not values.map(
                    lambda v: isinstance(v, str) or v is None).all():
                table[col] = [None if v is None or (isinstance(v, float) and pd.isna(v)) else str(v) for v in values]
        out[name] = table
    return out


def write_parquet(data: CompactData, out: str | Path, *, k: int, key: bytes | None = None, cell_keys: Any = None,
                  filters: Any = None) -> list[Path]:
    """Write the Parquet files of ``data`` into the folder ``out``; return their paths.

    ``k = 0``: the record-level tables :data:`RECORD_FILES` (internal use only).
    ``k ≥ 1``: one file per aggregate table, published with disclosure control.
    """
    pa, pq = _arrow()
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise UsageError("OUT must be a folder (it is a file)")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if k == 0:
        if filters is not None:  # the situations of the filters (service, period, region, age band), all their rows
            ids = set(data.select(filters)["situation"])
            data = CompactData(*(df[df["situation"].isin(ids)] for df in
                                 (data.situations, data.measures, data.meetings, data.funding)))
        frames = _record_frames(data, key)
    else:
        frames = _published_frames(data, k, key, cell_keys, filters)
    written = []
    for name, df in frames.items():
        path = folder / f"{name}.parquet"
        table = pa.Table.from_pandas(df.reset_index(drop=True), preserve_index=False)
        table = table.replace_schema_metadata({**(table.schema.metadata or {}),
                                               b"netmap": json.dumps({"k": k, "deidentified": key is not None,
                                                                      "table": name}).encode()})
        pq.write_table(table, path)
        path.chmod(0o600)  # health data (k = 0) or a release not yet checked: the owner's until published
        written.append(path)
    return written
