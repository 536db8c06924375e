"""Benchmark the corpus path (``natoanalysis corpus``) on generated articles.

Not part of the test suite. Run it from the repository root:

    .venv/bin/python benchmarks/corpus_bench.py --docs 20000 --small 5000 --workers 1,2

(the defaults; ``--partition-size 200``, ``--repeat 1``). It writes ``--docs``
synthetic articles (:mod:`natoanalysis.corpus.synthetic`) to a JSON Lines
file in a temporary folder and runs each measurement in a fresh Python
process, so start-up, the gazetteer build and peak memory are counted the way
a user meets them. It prints three ratios in one run:

- **scaling**: the process-pool engine with the most ``--workers`` vs the
  fewest, on the same input cut into the same partitions. Each run's
  *start-up* (starting the worker processes, their imports and gazetteer
  build, one one-document partition per worker) is measured by a separate
  run on a corpus of one document per worker; *steady-state* throughput is
  ``(documents - workers) / (wall - start-up wall)``. Both the ratio
  including start-up and the steady-state ratio are printed; the target
  (>= 1.7 with 2 workers on a 2-core machine) is on throughput.
- **memory**: peak resident memory (the driver plus each worker's peak) with
  the most workers at ``--small`` and at ``--docs`` documents; ratio =
  large / small, target <= 1.2 (memory stays flat as the corpus grows).
- **overhead**: the corpus path with the in-process engine vs a plain loop
  that reads each JSON line and calls :func:`natoanalysis.extract_article`
  (no output written), both after imports and the gazetteer build; ratio of
  CPU seconds (``time.process_time``), target <= 1.2. Wall time is printed
  too.

It then measures the CPU per document of both on ``--long`` articles of
about 3 KB (the generator of ``benchmarks/extract_bench.py``, closer to the
length of a real news story than the synthetic corpus's): the figure the
README's cost estimate for 10 million articles is built on.

On a shared machine wall time depends on what else runs, CPU time much less:
the load average is printed at the start and the end, and every run's CPU
seconds (its own and its worker processes') next to its wall time.
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
    t0, c0 = time.perf_counter(), time.process_time()
    import natoanalysis as na
    from natoanalysis.gazetteer import load_gazetteer

    if args.mode != "processes":  # the in-process runs build the gazetteer before the clock
        load_gazetteer()
    t1, c1 = time.perf_counter(), time.process_time()
    if args.mode == "loop":
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
    t2, c2 = time.perf_counter(), time.process_time()
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    row = {
        "docs": n,
        "wall": t2 - t0,  # everything after the interpreter started
        "wall_run": t2 - t1,  # after imports (and, in process, the gazetteer)
        "cpu_run": c2 - c1,  # this process only
        "cpu_setup": c1 - c0,
        "cpu": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime,
        "driver_mb": me.ru_maxrss / 1024,  # KiB -> MiB
        "worker_mb": kids.ru_maxrss / 1024,
    }
    print(json.dumps(row))


def _measure(input_path: Path, mode: str, workers: int, tmp: Path, psize: int, tag: str) -> dict:
    out = tmp / f"out-{mode}-{workers}-{input_path.stem}-{tag}"
    cmd = [sys.executable, __file__, "--child", mode, "--input", str(input_path)]
    cmd += ["--out", str(out), "--workers", str(workers), "--partition-size", str(psize)]
    start = time.perf_counter()
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if res.returncode:
        sys.exit(f"{mode} run failed:\n{res.stderr}")
    row = json.loads(res.stdout.strip().splitlines()[-1])
    row["process_wall"] = time.perf_counter() - start  # interpreter start-up included
    row["out_mb"] = sum(f.stat().st_size for f in out.rglob("*") if f.is_file()) / 1e6
    row["rss_mb"] = row["driver_mb"] + (workers if mode == "processes" else 0) * row["worker_mb"]
    label = f"{mode} ({workers} worker{'s' * (workers > 1)})" if mode == "processes" else mode
    print(
        f"  {label:23s} {row['docs']:>6} docs: {row['process_wall']:7.1f} s wall "
        f"({row['docs'] / row['process_wall']:5.0f} doc/s), CPU {row['cpu']:6.1f} s; "
        f"driver {row['driver_mb']:.0f} MB, worker peak {row['worker_mb']:.0f} MB",
        flush=True,
    )
    return row


def _write(path: Path, docs: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        fh.writelines(json.dumps(d, ensure_ascii=False) + "\n" for d in docs)
    return path


def _workers(value: str) -> list[int]:
    try:
        counts = sorted({int(v) for v in value.split(",")})
    except ValueError:
        counts = []
    if not counts or counts[0] < 1:
        raise argparse.ArgumentTypeError(f"expected worker counts such as 1,2, not {value!r}")
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=20_000, help="articles in the large corpus")
    ap.add_argument("--small", type=int, default=5_000, help="articles in the small corpus")
    ap.add_argument("--workers", type=_workers, default=[1, 2], help="e.g. 1,2 (default)")
    ap.add_argument("--partition-size", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=1, help="runs per side; the fastest counts")
    ap.add_argument("--long", type=int, default=1000, help="articles of about 3 KB (0: skip)")
    ap.add_argument("--child", choices=["loop", "local", "processes"], help=argparse.SUPPRESS)
    ap.add_argument("--input", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        args.workers = args.workers[0]
        args.mode = args.child
        _child(args)
        return

    from natoanalysis.corpus import synthetic_documents

    began = time.perf_counter()
    counts, most = args.workers, args.workers[-1]
    p = args.partition_size
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"cores: {os.cpu_count()}; workers {counts}; partition size {p}")
    with tempfile.TemporaryDirectory(prefix="corpus-bench-") as tmpdir:
        tmp = Path(tmpdir)
        docs = synthetic_documents(args.docs, seed=args.seed)
        big = _write(tmp / "big.jsonl", docs)
        small = _write(tmp / "small.jsonl", docs[: args.small])
        size = big.stat().st_size
        print(f"corpus: {args.docs} articles, {size / 1e6:.1f} MB (mean {size / args.docs:.0f} B)")
        runs: dict[str, list[dict]] = {}

        def keep(key: str, row: dict) -> None:
            runs.setdefault(key, []).append(row)

        for r in range(args.repeat):  # interleaved, so a busy spell hits every side alike
            for w in counts:
                tiny = _write(tmp / f"tiny-{w}.jsonl", docs[:w])
                keep(f"start{w}", _measure(tiny, "processes", w, tmp, 1, str(r)))
                keep(f"run{w}", _measure(big, "processes", w, tmp, p, str(r)))
            keep("small", _measure(small, "processes", most, tmp, p, str(r)))
            keep("loop", _measure(big, "loop", 1, tmp, p, str(r)))
            keep("local", _measure(big, "local", 1, tmp, p, str(r)))
        if args.long:
            sys.path.insert(0, str(Path(__file__).parent))
            from extract_bench import make_corpus

            texts = make_corpus(args.long, seed=args.seed)
            rows = [
                {"id": f"long-{i}", "text": t, "published": "2024-06-20"}
                for i, t in enumerate(texts)
            ]
            long = _write(tmp / "long.jsonl", rows)
            size = long.stat().st_size
            print(f"long articles: {args.long}, mean {size / args.long:.0f} B")
            keep("long_loop", _measure(long, "loop", 1, tmp, p, "long"))
            keep("long_local", _measure(long, "local", 1, tmp, p, "long"))
    best = {k: min(v, key=lambda x: x["process_wall"]) for k, v in runs.items()}
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"benchmark took {time.perf_counter() - began:.0f} s")
    print()
    n = args.docs
    steady = {}
    for w in counts:
        run, start = best[f"run{w}"], best[f"start{w}"]
        steady[w] = (n - w) / max(run["process_wall"] - start["process_wall"], 1e-9)
        print(
            f"{w} worker(s): {run['process_wall']:.1f} s for {n} docs, start-up "
            f"{start['process_wall']:.1f} s ({start['cpu']:.1f} CPU s); steady state "
            f"{steady[w]:.0f} doc/s; CPU {run['cpu']:.1f} s = "
            f"{run['cpu'] / n * 1000:.2f} ms per document"
        )
    few = counts[0]
    one, many = best[f"run{few}"], best[f"run{most}"]
    loop, local = best["loop"], best["local"]
    print()
    print(
        f"scaling   {most} workers vs {few}, including start-up (wall): "
        f"{one['process_wall'] / many['process_wall']:.2f}x"
    )
    print(
        f"scaling   {most} workers vs {few}, steady-state throughput: "
        f"{steady[most] / steady[few]:.2f}x  (target >= 1.7 for 2 vs 1)"
    )
    print(
        f"          CPU seconds used: {one['cpu']:.1f} ({few}) vs {many['cpu']:.1f} ({most}); "
        "equal CPU means splitting the work adds none, so wall time scales with free cores"
    )
    print(
        f"memory    {n} vs {args.small} docs, {most} workers (peak RSS {many['rss_mb']:.0f} vs "
        f"{best['small']['rss_mb']:.0f} MB): {many['rss_mb'] / best['small']['rss_mb']:.2f}x  "
        "(target <= 1.2)"
    )
    print(
        f"overhead  corpus path (in process) vs extract_article loop, CPU: "
        f"{local['cpu_run']:.1f} vs {loop['cpu_run']:.1f} s = "
        f"{local['cpu_run'] / loop['cpu_run']:.2f}x  (target <= 1.2)"
    )
    print(
        f"          the same, wall: {local['wall_run']:.1f} vs {loop['wall_run']:.1f} s = "
        f"{local['wall_run'] / loop['wall_run']:.2f}x"
    )
    print(
        f"per document: corpus path {local['cpu_run'] / n * 1000:.2f} ms CPU in process "
        f"(extract_article loop {loop['cpu_run'] / n * 1000:.2f} ms); "
        f"output {local['out_mb'] / n * 1000:.2f} MB of Parquet per 1,000 documents"
    )
    if args.long:
        ll, lc = best["long_loop"], best["long_local"]
        print(
            f"per document, 3 KB articles: corpus path {lc['cpu_run'] / args.long * 1000:.2f} ms "
            f"CPU in process (extract_article loop {ll['cpu_run'] / args.long * 1000:.2f} ms, "
            f"{lc['cpu_run'] / ll['cpu_run']:.2f}x); output "
            f"{lc['out_mb'] / args.long * 1000:.2f} MB of Parquet per 1,000 documents"
        )


if __name__ == "__main__":
    main()
