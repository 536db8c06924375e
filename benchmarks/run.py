"""natoanalysis benchmarks: each measurement as a ratio against its floor, in one run.

Not part of the test suite (tests never fail on wall-clock time). Run:

    make bench            # or: .venv/bin/python benchmarks/run.py [--runs 5] [--quick]

Each comparison runs both sides alternately ``--runs`` times and prints the
median, min and max wall time of each side and the ratio of the medians:

1. ``python -c "import natoanalysis"`` vs ``python -c "import pandas"``      target <= 1.15
2. load every table in a fresh process vs bare ``pandas.read_csv`` of the
   same CSVs in a fresh process                                             target <= 1.3
3. every notebook under nbval vs as many minimal notebooks (import pandas
   and matplotlib, draw one figure), against two floors:                    target <= 1.5
   a. the minimal notebooks executed and stored, checked in strict mode
      (what our notebooks are);
   b. the minimal notebooks never executed, run with ``--nbval-lax`` (the
      cheapest a notebook run can be).
4. ``natoanalysis report`` (notebooks side by side, one kernel per core) vs
   running the same notebooks one after another under nbval                 target <= 0.8
   (and, for comparison only, the same report with ``--no-exports``: no
   figures or tables drawn beside the notebooks)
5. ``make test`` wall time (the whole suite, in parallel)                    target <= 60 s
6. the extractor's corpus throughput vs one compiled-regex pass
   (benchmarks/extract_bench.py; a throughput ratio, higher is better)      target >= 0.2

The package is byte-compiled first (``compileall``, as pip does for an
installed wheel), so no run pays for compiling its source.

Every nbval run uses the same kernels as the suite (``-p natoanalysis._kernels``:
IPC transport), and the script counts the kernels' unencrypted-TCP warnings
it sees on standard error (there should be none).

``--skip-suite`` leaves out the ``make test`` measurement.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
ENV = {**os.environ, "PYTHONWARNINGS": "ignore"}


TCP_WARNINGS = 0


def _time(cmd: list[str], cwd: Path = ROOT) -> float:
    global TCP_WARNINGS
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stdout}{proc.stderr}")
    TCP_WARNINGS += proc.stderr.count("running over TCP without encryption")
    return elapsed


def _compare(name: str, ours: list[str], floor: list[str], runs: int, target: str) -> dict:
    a, b = [], []
    _time(ours), _time(floor)  # warm the file cache
    for _ in range(runs):
        a.append(_time(ours))
        b.append(_time(floor))
    return _row(name, a, b, target)


def _row(name: str, a: list[float], b: list[float], target: str) -> dict:
    ratio = statistics.median(a) / statistics.median(b)
    return {"name": name, "ours": a, "floor": b, "ratio": ratio, "target": target}


def _minimal_notebooks(folder: Path, n: int, *, execute: bool) -> None:
    import nbformat

    from natoanalysis.report import execute_notebook

    for i in range(n):
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
        nb.cells = [
            nbformat.v4.new_code_cell(
                "%matplotlib inline\nimport pandas as pd\nimport matplotlib.pyplot as plt\n"
                "df = pd.DataFrame({'x': range(10), 'y': range(10)})\n"
                "fig, ax = plt.subplots()\nax.plot(df['x'], df['y'])\nplt.show()"
            )
        ]
        path = folder / f"{i + 1:02d}_minimal.ipynb"
        nbformat.write(nb, path)
        if execute:
            nbformat.write(execute_notebook(path), path)


def _nbval(folder: Path, mode: str = "--nbval") -> list[str]:
    return [
        PY, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "natoanalysis._kernels",
        mode, "--nbval-sanitize-with", str(ROOT / "notebooks" / "sanitize.cfg"),
        "-o", "addopts=", "-o", "testpaths=", str(folder),
    ]  # fmt: skip


LOAD = "n/a"


def main() -> int:
    global LOAD
    if hasattr(os, "getloadavg"):
        LOAD = " ".join(f"{x:.1f}" for x in os.getloadavg())
    ap = argparse.ArgumentParser(description="natoanalysis benchmarks (ratios).")
    ap.add_argument("--runs", type=int, default=5, help="runs per side (default 5)")
    ap.add_argument(
        "--quick", action="store_true", help="fewer runs for the notebook benchmarks (3 and 3)"
    )
    ap.add_argument("--skip-suite", action="store_true", help="do not time make test")
    ap.add_argument(
        "--heavy-runs", type=int, help="runs per side for the notebook benchmarks (overrides)"
    )
    args = ap.parse_args()
    heavy_runs = args.heavy_runs or (3 if args.quick else args.runs)
    rows = []
    # Bytecode for the package, as pip writes it for an installed wheel (and
    # as pandas has it): otherwise, wherever PYTHONDONTWRITEBYTECODE is set,
    # every run of our side would compile the source again and the floor never.
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "src" / "natoanalysis")],
                   check=True, capture_output=True)  # fmt: skip

    rows.append(
        _compare(
            "import natoanalysis vs import pandas",
            [PY, "-c", "import natoanalysis"],
            [PY, "-c", "import pandas"],
            args.runs,
            "<= 1.15",
        )
    )

    import natoanalysis as na

    pkg = na.load_package()
    paths = [str(pkg.root / pkg.resource(n).path) for n in pkg.table_names]
    rows.append(
        _compare(
            "load every table vs pandas.read_csv",
            [PY, "-c", "import natoanalysis as na\nfor n in na.table_names(): na.load_table(n)"],
            [PY, "-c", f"import pandas as pd\nfor p in {paths!r}: pd.read_csv(p)"],
            args.runs,
            "<= 1.3",
        )
    )

    notebooks = ROOT / "notebooks"
    n_notebooks = len(list(notebooks.glob("[0-9][0-9]_*.ipynb")))
    with tempfile.TemporaryDirectory() as tmp:
        strict, lax = Path(tmp) / "strict", Path(tmp) / "lax"
        for folder, execute in ((strict, True), (lax, False)):
            folder.mkdir()
            shutil.copy(notebooks / "sanitize.cfg", folder / "sanitize.cfg")
            _minimal_notebooks(folder, n_notebooks, execute=execute)
        nb_times, strict_times, lax_times, report_times, bare_times = [], [], [], [], []
        out = Path(tmp) / "report"
        _time(_nbval(notebooks))  # warm the file cache
        for _ in range(heavy_runs):
            nb_times.append(_time(_nbval(notebooks)))
            strict_times.append(_time(_nbval(strict)))
            lax_times.append(_time(_nbval(lax, "--nbval-lax")))
            report = [PY, "-m", "natoanalysis", "report", "--out", str(out), "--force"]
            report_times.append(_time(report))
            bare_times.append(_time([*report, "--no-exports"]))
        n = n_notebooks
        rows.append(
            _row(f"nbval, {n} notebooks vs {n} minimal, executed, strict", nb_times, strict_times,
                 "<= 1.5")
        )  # fmt: skip
        rows.append(
            _row(f"nbval, {n} notebooks vs {n} minimal, unexecuted, --nbval-lax", nb_times,
                 lax_times, "<= 1.5")
        )  # fmt: skip
        rows.append(
            _row("report (parallel) vs the notebooks one by one under nbval", report_times,
                 nb_times, "<= 0.8")
        )  # fmt: skip
        # For comparison, no target: the same report without the figure and
        # table exports, to show what the parallel run costs without them.
        rows.append(
            _row("  the same, --no-exports (for comparison)", bare_times, nb_times, "-")
        )  # fmt: skip

    bench = subprocess.run(
        [PY, str(ROOT / "benchmarks" / "extract_bench.py"), "--repeat", "3"],
        cwd=ROOT, env=ENV, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    m = re.search(r"throughput ratio \(extractor / baseline\): ([0-9.]+)", bench)
    t_scan = re.search(r"baseline regex scan: ([0-9.]+) s", bench)
    t_ext = re.search(r"extract_article:\s+([0-9.]+) s", bench)
    extract_row = {
        "name": "extractor throughput vs one regex pass (1,000 articles)",
        "ours": [float(t_ext.group(1))] if t_ext else [],
        "floor": [float(t_scan.group(1))] if t_scan else [],
        "ratio": float(m.group(1)) if m else float("nan"),
        "target": ">= 0.2",
    }
    rows.append(extract_row)

    if not args.skip_suite:
        make = shutil.which("make")
        cmd = [make, "-s", "test"] if make else [PY, "-m", "pytest", "-n", "auto", "--dist",
                                                 "loadfile"]  # fmt: skip
        suite = [_time([c for c in cmd if c])]
        rows.append(
            {"name": "make test, wall time (seconds, not a ratio)", "ours": suite, "floor": [],
             "ratio": suite[0], "target": "<= 60"}
        )  # fmt: skip

    print()
    header = f"{'benchmark':<62} {'ours: median (min-max) s':>26} {'floor: median (min-max) s':>27} {'ratio':>6}  target"  # noqa: E501
    print(header)
    print("-" * len(header))
    failed = 0
    for r in rows:

        def fmt(xs: list[float]) -> str:
            if not xs:
                return "-"
            return f"{statistics.median(xs):.2f} ({min(xs):.2f}-{max(xs):.2f})"

        verdict = "-"
        if r["target"] != "-":
            op, bound = r["target"].split()
            ok = r["ratio"] <= float(bound) if op == "<=" else r["ratio"] >= float(bound)
            failed += not ok
            verdict = f"{r['target']} {'ok' if ok else 'MISSED'}"
        print(
            f"{r['name']:<62} {fmt(r['ours']):>26} {fmt(r['floor']):>27} {r['ratio']:>6.2f}  "
            f"{verdict}"
        )
    print(f"\npython {sys.version.split()[0]}, {os.cpu_count()} cores; runs per side: "
          f"{args.runs} (notebook benchmarks: {heavy_runs}); load average before: {LOAD}; "
          f"kernel TCP warnings seen: {TCP_WARNINGS}")  # fmt: skip
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
