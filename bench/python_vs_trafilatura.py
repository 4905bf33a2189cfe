#!/usr/bin/env python3
"""Throughput of the newsrake Python package against trafilatura and against the newsrake CLI.

On the same pages (../shared/corpora/article-extraction-benchmark, 181 real article pages, ~30 MB of
HTML) and in one Python process, this times:

  1. trafilatura.extract(page, fast=True)          one page at a time, one core
  2. newsrake.extract_html(page)                   one page at a time, one core
  3. newsrake.extract(folder, threads=N)           the streamed path over files, N threads
  4. newsrake extract -j N -q folder > /dev/null   the CLI on the same files and threads

(1) and (2) compare per-page extraction in Python; (3) and (4) compare the Python path with the
CLI (target: within 10%). Note that newsrake does more than trafilatura per page: it also finds
actors, events and quotes. Each figure is the best of --repeat runs.

Needs: the newsrake package (pip install ./python), trafilatura (pip install trafilatura) and a
release build of the CLI (cargo build --release).

Usage: python3 bench/python_vs_trafilatura.py [--pages N] [--threads N] [--repeat R] [--json]
"""
import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "article-extraction-benchmark"


def load_pages(limit):
    truth = json.loads((CORPUS / "ground-truth.json").read_text())
    ids = sorted(truth)[:limit] if limit else sorted(truth)
    pages = []
    for i in ids:
        with gzip.open(CORPUS / "html" / f"{i}.html.gz", "rb") as f:
            pages.append((i, f.read().decode("utf-8", errors="replace")))
    return pages


def best_of(repeat, fn):
    """Smallest wall time of `repeat` calls of fn()."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def time_trafilatura(pages, repeat):
    import trafilatura

    def run():
        for _, page in pages:
            trafilatura.extract(page, fast=True)

    return best_of(repeat, run)


def time_extract_html(pages, repeat):
    import newsrake

    def run():
        for i, page in pages:
            newsrake.extract_html(page, id=i)

    return best_of(repeat, run)


def time_python_and_cli(binary, folder, threads, repeat):
    """Best times of newsrake.extract and of the CLI over the same files, run alternately so
    that both see the same machine load."""
    import newsrake

    def python_path():
        n = sum(1 for _ in newsrake.extract(folder, threads=threads))
        assert n > 0

    def cli():
        subprocess.run([str(binary), "extract", "-q", "-j", str(threads), str(folder)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)

    py_best = cli_best = float("inf")
    python_path()  # the first call compiles the default rule pack once per process: warm it
    for _ in range(repeat):
        py_best = min(py_best, best_of(1, python_path))
        cli_best = min(cli_best, best_of(1, cli))
    return py_best, cli_best


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=0, help="use only the first N pages (default: all)")
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1,
                    help="threads for the file paths (default: all cores)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per figure; the best counts")
    ap.add_argument("--json", action="store_true", help="print results as JSON")
    ap.add_argument("--skip-trafilatura", action="store_true")
    args = ap.parse_args()

    binary = ROOT / "target" / "release" / "newsrake"
    if not binary.exists():
        sys.exit("build the CLI first: cargo build --release")
    pages = load_pages(args.pages)
    mb = sum(len(p.encode()) for _, p in pages) / 1e6
    results = {"pages": len(pages), "html_mb": round(mb, 1), "threads": args.threads}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i, page in pages:
            (folder / f"{i}.html").write_text(page, encoding="utf-8")
        timings = {}
        if not args.skip_trafilatura:
            timings["trafilatura.extract (fast, 1 core)"] = time_trafilatura(pages, args.repeat)
        timings["newsrake.extract_html (1 core)"] = time_extract_html(pages, args.repeat)
        n = args.threads
        for threads in sorted({1, n}):
            py, cli = time_python_and_cli(binary, folder, threads, args.repeat)
            timings[f"newsrake.extract (files, {threads} threads)"] = py
            timings[f"newsrake CLI (files, -j{threads})"] = cli
    for name, secs in timings.items():
        results[name] = {"seconds": round(secs, 3), "pages_per_s": round(len(pages) / secs, 1),
                         "mb_per_s": round(mb / secs, 1)}
    # The CLI pays its start-up (compiling the rule pack, ~0.3 s) on every run, the Python process
    # once; time it on a one-page folder so the ratio can also be read without it.
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "one.txt"
        one.write_text("Peru expelled Chile's ambassador.\n")
        startup = best_of(args.repeat, lambda: subprocess.run(
            [str(binary), "extract", "-q", "-j1", str(one)], stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, check=False))
    results["cli_startup_seconds"] = round(startup, 3)
    ratios = {}
    traf = results.get("trafilatura.extract (fast, 1 core)")
    if traf:
        ratios["extract_html / trafilatura"] = round(
            results["newsrake.extract_html (1 core)"]["pages_per_s"] / traf["pages_per_s"], 2)
    for threads in sorted({1, n}):
        py = results[f"newsrake.extract (files, {threads} threads)"]
        cli = results[f"newsrake CLI (files, -j{threads})"]
        ratios[f"python / CLI, {threads} thread(s)"] = round(py["pages_per_s"] / cli["pages_per_s"], 3)
        ratios[f"python / CLI without its start-up, {threads} thread(s)"] = round(
            (cli["seconds"] - startup) / py["seconds"], 3)
    results["ratios"] = ratios
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{len(pages)} pages, {mb:.1f} MB of HTML, best of {args.repeat}")
    for name, r in results.items():
        if isinstance(r, dict) and "pages_per_s" in r:
            print(f"  {name:40} {r['pages_per_s']:8.1f} pages/s {r['mb_per_s']:7.1f} MB/s")
    print(f"  CLI start-up (one tiny file): {startup:.3f} s")
    for name, v in ratios.items():
        print(f"  ratio {name}: {v}")


if __name__ == "__main__":
    main()
