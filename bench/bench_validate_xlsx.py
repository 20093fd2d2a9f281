"""Time `netmap validate FILE.xlsx` on a 1,000-situation workbook, as a whole process.

The workbook replicates the two example situations of tests/data under new ids
(500 copies of each: about 16,000 actor rows, 16,000 tie rows, 10,000 need rows).
Wall time depends on what else runs on the machine; the CPU time of the process (user +
system) is printed too. Run from the repository root:

    python bench/bench_validate_xlsx.py [--situations 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from netmap.io.excel import read_xlsx, write_xlsx  # noqa: E402
from netmap.io.json_files import read_json  # noqa: E402


def build(n: int) -> list:
    examples = read_json(ROOT / "tests" / "data" / "youth-brussels.json") + read_json(
        ROOT / "tests" / "data" / "elderly-namur.json")
    return [dataclasses.replace(examples[i % len(examples)], id=f"BENCH-{i:05d}") for i in range(n)]


_INLINE = re.compile(r'<c ([^>]*?) ?t="inlineStr"([^>]*)><is><t(?: [^>]*)?>(.*?)</t></is></c>', re.S)


def as_saved_by_excel(src: Path, dst: Path) -> None:
    """Rewrite a workbook's inline strings into a shared-string table, as Excel and LibreOffice save them.

    openpyxl writes every text inline; a workbook a case manager saves from Excel holds
    its texts once in xl/sharedStrings.xml, which openpyxl reads much faster.
    """
    strings: dict[str, int] = {}

    def shared(m: re.Match) -> str:
        idx = strings.setdefault(m.group(3), len(strings))
        return f'<c {m.group(1)} t="s"{m.group(2)}><v>{idx}</v></c>'

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = _INLINE.sub(shared, data.decode("utf-8")).encode("utf-8")
            elif item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdShared" Type="http://schemas.'
                                    b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
                                    b'Target="sharedStrings.xml"/></Relationships>')
            zout.writestr(item, data)
        sst = "".join(f'<si><t xml:space="preserve">{t}</t></si>' for t in strings)
        zout.writestr("xl/sharedStrings.xml", '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
                      f' count="{len(strings)}" uniqueCount="{len(strings)}">{sst}</sst>')


def time_validate(path: Path, repeat: int) -> tuple[list[float], list[float], str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    times, cpu = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "netmap", "validate", str(path)], env=env,
                              capture_output=True, text=True)
        times.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if done.returncode != 0:
            raise SystemExit(done.stderr)
    return times, cpu, done.stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--situations", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.xlsx"
        sits = build(args.situations)
        t0 = time.perf_counter()
        write_xlsx(sits, path)
        written = time.perf_counter() - t0
        rows = sum(1 + sum(len(a.actors) + len(a.ties) + len(a.needs) + len(a.actions) + 1 for a in s.assessments)
                   + len(s.meetings) + len(s.funding) + len(s.requesters) for s in sits)
        print(f"workbook: {args.situations} situations, {rows} rows, {path.stat().st_size / 1e6:.1f} MB, "
              f"written in {written:.2f} s")
        excel_like = Path(tmp) / "bench-shared-strings.xlsx"
        as_saved_by_excel(path, excel_like)
        if read_xlsx(excel_like) != sits:
            raise SystemExit("the shared-string copy does not read back the same situations")
        for label, p in (("as written by netmap (inline strings)", path),
                         ("as saved by Excel (shared strings)", excel_like)):
            times, cpu, out = time_validate(p, args.repeat)
            print(f"netmap validate, {label}: median {statistics.median(times):.2f} s wall over {args.repeat} runs "
                  f"(min {min(times):.2f} s), median {statistics.median(cpu):.2f} s CPU; {out.split(': ')[-1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
