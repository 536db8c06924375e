"""Peak memory of loading a large malformed table, as a ratio to the file's size.

Not part of the test suite. Run:

    .venv/bin/python benchmarks/memory.py [--mb 200]

Each case copies the data package to a temporary folder, replaces
``members.csv`` with a large file, and loads it in a fresh process, which
reports how far its peak resident memory rose during the load (``ru_maxrss``
after the load minus before it). Target: at most 3x the file's size for a
malformed file.

1. ``guard``: a malformed file of ``--mb`` MB; the loader's size limit
   (``MAX_TABLE_BYTES``) refuses it before reading.
2. ``scan``: the same file with the size limit lifted: the streaming scan
   reads every record and reports the malformed last line.
3. ``bad value``: a well-formed ``sources.csv`` of ``--small-mb`` MB (unique
   keys) whose last row has a bad date, with the limit lifted: the rows are
   held to convert them (the case the size limit is for).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, resource, sys
import natoanalysis as na
from natoanalysis import datapackage
if sys.argv[2] == "lift":
    datapackage.MAX_TABLE_BYTES = 1 << 40
na.load_package(sys.argv[1])  # the descriptor, parsed before the measurement
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    na.load_table(sys.argv[3], sys.argv[1])
    error = None
except na.DataError as exc:
    error = str(exc)[:160]
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"rise_kib": after - before, "error": error}))
"""


def _big_csv(path: Path, size: int, last_line: str) -> None:
    src = (ROOT / "data" / "members.csv").read_text(encoding="utf-8").splitlines()
    header, rows = src[0], src[1:]
    block = ("\n".join(rows) + "\n").encode("utf-8")
    with open(path, "wb") as fh:
        fh.write(header.encode("utf-8") + b"\n")
        written = 0
        while written < size:
            fh.write(block)
            written += len(block)
        fh.write(last_line.encode("utf-8") + b"\n")


def _sources_csv(path: Path, size: int) -> None:
    header = "source_id,title,publisher,url,published_date,accessed_date,notes\n"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(header)
        written, n = 0, 0
        while written < size:
            line = (
                f"s{n:09d},A title of some length for row {n},A publisher,"
                f"https://example.org/{n},2024-06-20,2026-11-28,a note\n"
            )
            fh.write(line)
            written += len(line)
            n += 1
        fh.write(f"s{n:09d},Bad,A publisher,,2024-13-01,2026-11-28,\n")


def _run(folder: Path, mode: str, table: str = "members") -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder), mode, table],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=int, default=200, help="size of the malformed file (MB)")
    ap.add_argument("--small-mb", type=int, default=20, help="size for the bad-value case (MB)")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(ROOT / "data", data)
        target = data / "members.csv"
        malformed = "XXX,XX,Truncated,2024-01-01"  # fewer fields than the header
        _big_csv(target, args.mb * 1_000_000, malformed)
        size = target.stat().st_size
        for case, mode in (("guard", "keep"), ("scan", "lift")):
            r = _run(data, mode)
            rows.append((case, size, r))
        sources = data / "sources.csv"
        _sources_csv(sources, args.small_mb * 1_000_000)
        rows.append(("bad value", sources.stat().st_size, _run(data, "lift", "sources")))
    print(f"{'case':<10} {'file MB':>8} {'peak rise MB':>13} {'ratio':>6}  first error")
    for case, size, r in rows:
        rise = r["rise_kib"] * 1024
        print(
            f"{case:<10} {size / 1e6:8.1f} {rise / 1e6:13.1f} {rise / size:6.2f}  "
            f"{(r['error'] or 'none')[:90]}"
        )
    print("target: ratio <= 3 for a malformed file (guard, scan)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
