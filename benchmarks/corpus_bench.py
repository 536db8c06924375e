"""Benchmark the corpus path (``natoanalysis corpus``) on generated articles.

Not part of the test suite. Run it from the repository root:

    .venv/bin/python benchmarks/corpus_bench.py [--docs 20000] [--small 5000] [--repeat 1]

It writes ``--docs`` synthetic articles (:mod:`natoanalysis.corpus.synthetic`)
to a JSON Lines file in a temporary folder and runs each measurement in a
fresh Python process (so start-up, the gazetteer build and peak memory are
counted the way a user meets them):

- **scaling**: the process-pool engine with 2 workers vs 1 worker on the whole
  corpus; ratio = time(1 worker) / time(2 workers), target >= 1.7 on a
  2-core machine;
- **memory**: peak resident memory of the run (the driver plus each worker's
  peak, 2 workers) at ``--small`` and at ``--docs`` documents; ratio =
  large / small, target <= 1.2 (memory stays flat as the corpus grows);
- **overhead**: the corpus path with the in-process engine vs a plain loop
  that reads each JSON line and calls :func:`natoanalysis.extract_article`
  (no output written); ratio = corpus / loop, target <= 1.2.

The machine may be shared: the figures are one run each (the fastest of
``--repeat`` interleaved runs), printed as measured, with the load average
at the start and the end and the CPU seconds each run used (its own and its
worker processes'): when other work holds the cores, wall time grows but
CPU time does not.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _child(args: argparse.Namespace) -> None:
    """One measurement in this (fresh) process; prints a JSON line."""
    t0 = time.perf_counter()
    if args.mode == "loop":
        import natoanalysis as na

        n = 0
        with open(args.input, encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                na.extract_article(rec["text"], published=rec["published"])
                n += 1
    else:
        from natoanalysis.corpus import run_corpus

        done = run_corpus(
            args.input,
            args.out,
            engine=args.mode,
            workers=args.workers,
            partition_size=args.partition_size,
            progress=False,
        )
        n = done.documents
    wall = time.perf_counter() - t0
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
    row = {"docs": n, "wall": wall, "cpu": cpu}
    row["driver_mb"], row["worker_mb"] = me.ru_maxrss / 1024, kids.ru_maxrss / 1024  # KiB -> MiB
    print(json.dumps(row))


def _measure(input_path: Path, mode: str, workers: int, tmp: Path, psize: int) -> dict:
    out = tmp / f"out-{mode}-{workers}-{input_path.stem}"
    cmd = [sys.executable, __file__, "--child", mode, "--input", str(input_path)]
    cmd += ["--out", str(out), "--workers", str(workers), "--partition-size", str(psize)]
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if res.returncode:
        sys.exit(f"{mode} run failed:\n{res.stderr}")
    row = json.loads(res.stdout.strip().splitlines()[-1])
    row["out_mb"] = sum(f.stat().st_size for f in out.rglob("*") if f.is_file()) / 1e6
    row["rss_mb"] = row["driver_mb"] + (workers if mode == "processes" else 0) * row["worker_mb"]
    print(
        f"  {mode:9s} workers={workers} docs={row['docs']:>6}: {row['wall']:7.1f} s "
        f"({row['docs'] / row['wall']:6.0f} doc/s, CPU {row['cpu']:6.1f} s), "
        f"driver {row['driver_mb']:.0f} MB, "
        f"worker peak {row['worker_mb']:.0f} MB",
        flush=True,
    )
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=20_000)
    ap.add_argument("--small", type=int, default=5_000)
    ap.add_argument("--partition-size", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=1, help="runs per side; the fastest counts")
    ap.add_argument("--child", choices=["loop", "local", "processes"], help=argparse.SUPPRESS)
    ap.add_argument("--input", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        args.mode = args.child
        _child(args)
        return

    from natoanalysis.corpus import synthetic_documents

    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"cores: {os.cpu_count()}; partition size {args.partition_size}")
    with tempfile.TemporaryDirectory(prefix="corpus-bench-") as tmpdir:
        tmp = Path(tmpdir)
        docs = synthetic_documents(args.docs, seed=args.seed)
        big, small = tmp / "big.jsonl", tmp / "small.jsonl"
        for path, subset in ((big, docs), (small, docs[: args.small])):
            with open(path, "w", encoding="utf-8") as fh:
                fh.writelines(json.dumps(d, ensure_ascii=False) + "\n" for d in subset)
        size = big.stat().st_size
        print(f"corpus: {args.docs} articles, {size / 1e6:.1f} MB (mean {size / args.docs:.0f} B)")
        p = args.partition_size
        runs: dict[str, list[dict]] = {k: [] for k in ("one", "two", "few", "loop", "local")}
        for _ in range(args.repeat):  # interleaved, so a busy spell hits every side alike
            runs["one"].append(_measure(big, "processes", 1, tmp, p))
            runs["two"].append(_measure(big, "processes", 2, tmp, p))
            runs["few"].append(_measure(small, "processes", 2, tmp, p))
            runs["loop"].append(_measure(big, "loop", 1, tmp, p))
            runs["local"].append(_measure(big, "local", 1, tmp, p))
        one, two, few, loop, local = (min(r, key=lambda x: x["wall"]) for r in runs.values())
    scaling = one["wall"] / two["wall"]
    memory = two["rss_mb"] / few["rss_mb"]
    overhead = local["wall"] / loop["wall"]
    per_doc = local["wall"] / local["docs"] * 1000
    per_doc_cpu = local["cpu"] / local["docs"] * 1000
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"per document (in-process engine): {per_doc:.2f} ms wall, {per_doc_cpu:.2f} ms CPU")
    print(f"output: {local['out_mb'] / local['docs'] * 1000:.2f} MB of Parquet per 1,000 documents")
    print(f"scaling   2 workers vs 1 (throughput): {scaling:.2f}x  (target >= 1.7)")
    print(
        f"memory    {args.docs} vs {args.small} docs (peak RSS {two['rss_mb']:.0f} vs "
        f"{few['rss_mb']:.0f} MB): {memory:.2f}x  (target <= 1.2)"
    )
    print(f"overhead  corpus path vs extract_article loop: {overhead:.2f}x  (target <= 1.2)")
    print(
        f"          (CPU seconds: scaling {one['cpu']:.0f} vs {two['cpu']:.0f}, overhead "
        f"{local['cpu'] / loop['cpu']:.2f}x)"
    )


if __name__ == "__main__":
    main()
