#!/usr/bin/env python3
"""Speed and memory of `newsrake extract` at growing corpus sizes, side by side with trafilatura
and datasketch. One command, from the repository root:

    python3 bench/scale.py            # builds, installs the baselines, runs everything (~10 min)
    python3 bench/scale.py --sizes 1,10 --skip-baselines   # a quicker look

Everything it writes goes under target/bench/ (never committed). The third-party pages are read
from ../shared/corpora (see each folder's SOURCE.md).

1. Scale. A unit of 1,000 documents holds 63 HTML pages (every 16th document; the
   article-extraction-benchmark pages and the date-pages pages, 692 in all, taken in turn) and
   937 plain-text articles. Sizes 1x, 10x and 100x are 1, 10 and 100 units (100,000 documents and
   about 1.1 GB of decoded input at 100x), written as JSON Lines shards of one unit each
   (`{"id", "html"|"text"}` records, which `newsrake extract DIR` reads lazily). So that dedup does
   not collapse the copies:
   - each HTML copy has every 4th lower-case word of 4+ letters in its text nodes (between `>`
     and `<`) replaced by a generated word, which word depending on the copy number: two copies
     of one page share about a quarter of their word 5-shingles (Jaccard well under 0.8);
   - each text document is 12 to 18 sentences drawn at random from the 169 news-pages articles
     (about 2,600 sentences), shuffled, with every 6th lower-case word replaced in the same way.
   The duplicates that remain are reported (`duplicates`); they come from real duplicates in the
   sources. For each size it runs `/usr/bin/time -v newsrake extract -q --stats -jN DIR >
   /dev/null` and reports documents/s, MB/s (decoded input), peak RSS, the stage times of
   `--stats` and the dedup index size, which `--stats` measures directly (`Deduper::heap_bytes`:
   the index's allocated capacities). Memory criterion: peak RSS minus index bytes at the top size
   is at most 1.5 times the same at 1x.

2. Side by side on the 181 article-extraction-benchmark pages (decompressed once to
   target/bench/aeb/): `newsrake extract -jN` (whole pipeline, process start and rule compilation
   included, output to /dev/null) against `trafilatura.extract(html, fast=True,
   favor_precision=False)` in a multiprocessing pool of N processes (pool started and warmed
   before timing; each task reads its file). Best of --repeat runs each; ratio of MB/s by wall
   time, and by CPU time (newsrake: user + system of the whole process, startup included;
   trafilatura: process time of each task, summed), which stays meaningful on a shared machine.

3. MinHash on one core: our signatures (`--emit bands -j1 --stats`, the `fingerprint` stage: word
   hashing, 5-shingles, 128-value one-permutation MinHash, 32 band keys) against datasketch's
   `MinHash.bulk(num_perm=128)` over the same documents' word 5-shingles (the cleaned texts of the
   benchmark pages, 20 copies each), where datasketch gets the shingles already made (its
   tokenising is not timed).

Usage: python3 bench/scale.py [--sizes 1,10,100] [--threads N] [--repeat 3] [--skip-baselines]
       [--no-build] [--json FILE]
"""
import argparse
import gzip
import json
import multiprocessing
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpora"
OUT = ROOT / "target" / "bench"
BIN = ROOT / "target" / "release" / "newsrake"
VENV = OUT / "venv"
# Pinned so that figures can be reproduced; lxml_html_clean is needed by trafilatura's justext
# with lxml >= 5.2.
BASELINES = ["trafilatura==2.3.1", "datasketch==2.0.0", "lxml_html_clean==0.4.6"]

UNIT = 1000
HTML_EVERY = 16
TEXT_NODE_RE = re.compile(r">([^<]+)")
LOWER_WORD_RE = re.compile(r"\b[a-z]{4,}\b")
SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Corpus


def decode(raw):
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def html_pool():
    pages = []
    for d in ["article-extraction-benchmark/html", "date-pages/html"]:
        for p in sorted((SHARED / d).glob("*.gz")):
            pages.append(decode(gzip.decompress(p.read_bytes())))
    return pages


def text_sentences():
    out = []
    for d in ["web", "archive"]:
        for p in sorted((SHARED / "news-pages" / d).iterdir()):
            if p.suffix in (".md", ".json") or p.name.startswith("."):
                continue
            text = decode(p.read_bytes())
            for para in text.split("\n"):
                out.extend(s for s in SENTENCE_RE.split(para.strip()) if len(s) > 20)
    return out


def vocabulary(n=50_000, seed=7):
    """Made-up lower-case words, so replacements never collide with real ones."""
    rng = random.Random(seed)
    cons, vows = "bdfgklmnprstvz", "aeiou"
    words = set()
    while len(words) < n:
        k = rng.randint(2, 4)
        words.add("".join(rng.choice(cons) + rng.choice(vows) for _ in range(k)) + "x")
    return sorted(words)


class Varier:
    """Replaces every `every`-th matching word, the replacement depending on the copy number."""

    def __init__(self, vocab):
        self.vocab = vocab

    def vary(self, text, copy, every, spans):
        v, n = self.vocab, len(self.vocab)
        out, last = [], 0
        base = copy * 7919
        for k in range(copy % every, len(spans), every):
            s, e = spans[k]
            out.append(text[last:s])
            out.append(v[(base + k * 104_729) % n])
            last = e
        out.append(text[last:])
        return "".join(out)


def html_word_spans(html):
    spans = []
    for m in TEXT_NODE_RE.finditer(html):
        off = m.start(1)
        spans.extend((off + w.start(), off + w.end()) for w in LOWER_WORD_RE.finditer(m.group(1)))
    return spans


def build_corpus(units, pages, page_spans, sentences, varier, dest):
    """Writes `units` shards of UNIT documents under dest (kept when already complete)."""
    done = dest / ".complete"
    if done.exists() and done.read_text() == f"{units}":
        return
    dest.mkdir(parents=True, exist_ok=True)
    for old in dest.glob("*.jsonl"):
        old.unlink()
    html_seen = 0
    for u in range(units):
        rng = random.Random(1_000_003 * u + 17)
        with open(dest / f"unit{u:04d}.jsonl", "w", encoding="utf-8") as f:
            for i in range(UNIT):
                doc_id = f"u{u:04d}d{i:04d}"
                if i % HTML_EVERY == 0:
                    p = html_seen % len(pages)
                    copy = html_seen // len(pages)
                    html_seen += 1
                    html = varier.vary(pages[p], copy, 4, page_spans[p])
                    rec = {"id": doc_id, "html": html}
                else:
                    picked = rng.sample(sentences, rng.randint(12, 18))
                    text = "\n\n".join(" ".join(picked[j:j + 3]) for j in range(0, len(picked), 3))
                    spans = [m.span() for m in LOWER_WORD_RE.finditer(text)]
                    rec = {"id": doc_id, "text": varier.vary(text, u * UNIT + i, 6, spans)}
                f.write(json.dumps(rec, ensure_ascii=False))
                f.write("\n")
    done.write_text(f"{units}")


# ---------------------------------------------------------------------------------------------
# Running newsrake


def peak_rss_kb(time_stderr):
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", time_stderr)
    return int(m.group(1)) if m else None


def cpu_seconds(time_stderr):
    """User + system seconds from /usr/bin/time -v: unlike wall time, not inflated when other
    processes share the cores."""
    total = 0.0
    for what in ("User", "System"):
        m = re.search(what + r" time \(seconds\): ([\d.]+)", time_stderr)
        total += float(m.group(1)) if m else 0.0
    return total


def load_average():
    return os.getloadavg()[0]


def run_newsrake(args, stdout=subprocess.DEVNULL):
    """Runs newsrake under /usr/bin/time -v; returns (stats object, peak RSS in KB, wall s); the
    stats object gets the process's user + system seconds as `time_cpu_s`."""
    cmd = ["/usr/bin/time", "-v", str(BIN), "extract", "-q", "--stats"] + args
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=stdout, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    stats = None
    for line in p.stderr.splitlines():
        if line.startswith("{"):
            stats = json.loads(line)
    if stats is None:
        raise SystemExit(f"newsrake gave no stats (exit {p.returncode}):\n{p.stderr[-2000:]}")
    stats["time_cpu_s"] = cpu_seconds(p.stderr)
    return stats, peak_rss_kb(p.stderr), wall


def scale(sizes, threads, repeat):
    log("reading the source corpora ...")
    pages = html_pool()
    page_spans = [html_word_spans(p) for p in pages]
    sentences = text_sentences()
    varier = Varier(vocabulary())
    rows = []
    for size in sizes:
        dest = OUT / "scale" / f"{size}x"
        log(f"building {size}x ({size * UNIT} documents) ...")
        t0 = time.perf_counter()
        build_corpus(size, pages, page_spans, sentences, varier, dest)
        log(f"  built in {time.perf_counter() - t0:.1f}s")
        best = None
        for _ in range(repeat if size < 100 else 1):
            stats, rss, wall = run_newsrake([f"-j{threads}", str(dest)])
            if best is None or wall < best[2]:
                best = (stats, rss, wall)
        stats, rss, wall = best
        rows.append({
            "size": f"{size}x",
            "documents": stats["documents"],
            "bytes_in": stats["bytes_in"],
            "wall_s": round(wall, 2),
            "docs_per_s": round(stats["documents"] / wall),
            "mb_per_s": round(stats["bytes_in"] / 1e6 / wall, 1),
            "cpu_s": round(stats["time_cpu_s"], 2),
            "mb_per_cpu_s": round(stats["bytes_in"] / 1e6 / stats["time_cpu_s"], 1),
            "docs_per_cpu_s": round(stats["documents"] / stats["time_cpu_s"]),
            "load_average": round(load_average(), 1),
            "peak_rss_mb": round(rss / 1024, 1),
            "index_mb": round(stats["dedup_index"]["bytes"] / 2**20, 1),
            "index_bytes_per_doc": round(stats["dedup_index"]["bytes_per_document"]),
            "duplicates": stats["duplicates"],
            "errors": stats["errors"],
            "events": stats["events"],
            "stages": stats["stages"],
        })
        log(f"  {json.dumps({k: v for k, v in rows[-1].items() if k != 'stages'})}")
    return rows


def memory_check(rows):
    first, last = rows[0], rows[-1]
    base = first["peak_rss_mb"] - first["index_mb"]
    top = last["peak_rss_mb"] - last["index_mb"]
    return {
        "from": first["size"],
        "to": last["size"],
        "rss_minus_index_mb": [round(base, 1), round(top, 1)],
        "ratio": round(top / base, 3),
        "holds": top <= 1.5 * base,
    }


# ---------------------------------------------------------------------------------------------
# Baselines


def ensure_venv():
    py = VENV / "bin" / "python"
    if not py.exists():
        log("creating target/bench/venv ...")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    have = subprocess.run([str(py), "-m", "pip", "freeze"], capture_output=True, text=True).stdout
    missing = [b for b in BASELINES if b.lower() not in have.lower()]
    if missing:
        log(f"installing {' '.join(missing)} from PyPI ...")
        subprocess.run([str(py), "-m", "pip", "install", "-q"] + missing, check=True)
    return py


def aeb_files():
    dest = OUT / "aeb"
    src = sorted((SHARED / "article-extraction-benchmark" / "html").glob("*.html.gz"))
    dest.mkdir(parents=True, exist_ok=True)
    files = []
    for p in src:
        f = dest / p.name[:-3]
        if not f.exists():
            f.write_bytes(gzip.decompress(p.read_bytes()))
        files.append(f)
    return files


TRAFILATURA_RUNNER = r"""
import json, multiprocessing, sys, time
def init():
    global trafilatura
    import trafilatura
def work(path):
    t0 = time.process_time()
    with open(path, "rb") as f:
        html = f.read()
    text = trafilatura.extract(html, fast=True, favor_precision=False)
    return len(html), len(text or ""), time.process_time() - t0
if __name__ == "__main__":
    n, files = int(sys.argv[1]), sys.argv[2:]
    with multiprocessing.Pool(n, initializer=init) as pool:
        pool.map(work, files[:n], chunksize=1)  # warm every worker
        t0 = time.perf_counter()
        res = pool.map(work, files, chunksize=1)
        wall = time.perf_counter() - t0
    print(json.dumps({"wall_s": wall, "bytes": sum(r[0] for r in res),
                      "cpu_s": sum(r[2] for r in res),
                      "empty": sum(1 for r in res if r[1] == 0)}))
"""


def side_by_side(py, threads, repeat):
    files = aeb_files()
    total = sum(f.stat().st_size for f in files)
    ours, ours_cpu = [], []
    for _ in range(repeat):
        stats, rss, wall = run_newsrake([f"-j{threads}", str(OUT / "aeb")])
        ours.append(wall)
        ours_cpu.append(stats["time_cpu_s"])
    runner = OUT / "trafilatura_runner.py"
    runner.write_text(TRAFILATURA_RUNNER)
    theirs, theirs_cpu = [], []
    for _ in range(repeat):
        p = subprocess.run([str(py), str(runner), str(threads)] + [str(f) for f in files],
                           capture_output=True, text=True, check=True)
        r = json.loads(p.stdout.strip().splitlines()[-1])
        theirs.append(r["wall_s"])
        theirs_cpu.append(r["cpu_s"])
    ours_mb = total / 1e6 / min(ours)
    theirs_mb = total / 1e6 / min(theirs)
    ours_cpu_mb = total / 1e6 / min(ours_cpu)
    theirs_cpu_mb = total / 1e6 / min(theirs_cpu)
    return {
        "pages": len(files),
        "mb": round(total / 1e6, 1),
        "threads": threads,
        "newsrake_wall_s": round(min(ours), 3),
        "newsrake_mb_per_s": round(ours_mb, 1),
        "newsrake_stages": stats["stages"],
        "trafilatura_wall_s": round(min(theirs), 3),
        "trafilatura_mb_per_s": round(theirs_mb, 1),
        "ratio": round(ours_mb / theirs_mb, 1),
        "newsrake_mb_per_cpu_s": round(ours_cpu_mb, 1),
        "trafilatura_mb_per_cpu_s": round(theirs_cpu_mb, 1),
        "cpu_ratio": round(ours_cpu_mb / theirs_cpu_mb, 1),
        "load_average": round(load_average(), 1),
    }


DATASKETCH_RUNNER = r"""
import json, re, sys, time
from datasketch import MinHash
WORD = re.compile(r"[^\W_]+")
docs = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8")]
sets = []
for t in docs:
    w = WORD.findall(t.lower())
    sh = {" ".join(w[i:i + 5]).encode() for i in range(max(1, len(w) - 4))}
    sets.append(list(sh))
best = None
for _ in range(int(sys.argv[2])):
    t0 = time.process_time()
    MinHash.bulk(sets, num_perm=128)
    dt = time.process_time() - t0
    best = dt if best is None else min(best, dt)
print(json.dumps({"docs": len(sets), "best_s": best,
                  "mean_shingles": sum(map(len, sets)) / len(sets)}))
"""


def minhash(py, repeat):
    # The cleaned texts of the benchmark pages, 20 copies each (ids differ; fingerprints are
    # computed for duplicates too).
    texts_file = OUT / "aeb_texts.jsonl"
    with open(OUT / "aeb_records.jsonl", "w") as out:
        run_newsrake(["-j1", str(OUT / "aeb")], stdout=out)
    texts = [json.loads(l)["text"] for l in open(OUT / "aeb_records.jsonl", encoding="utf-8")]
    texts = [t for t in texts if t]
    with open(texts_file, "w", encoding="utf-8") as f:
        for c in range(20):
            for i, t in enumerate(texts):
                f.write(json.dumps({"id": f"c{c}p{i}", "text": t}) + "\n")
    best = None
    for _ in range(repeat):
        stats, _, _ = run_newsrake(["-j1", "--emit", "bands", str(texts_file)])
        cpu = stats["stages"]["fingerprint"]["cpu_s"]
        best = cpu if best is None else min(best, cpu)
    docs = len(texts) * 20
    result = {"docs": docs, "mean_words": round(sum(len(t.split()) for t in texts) / len(texts)),
              "newsrake_docs_per_s": round(docs / best)}
    if py is not None:
        runner = OUT / "datasketch_runner.py"
        runner.write_text(DATASKETCH_RUNNER)
        p = subprocess.run([str(py), str(runner), str(texts_file), str(repeat)],
                           capture_output=True, text=True, check=True)
        ds = json.loads(p.stdout.strip().splitlines()[-1])
        result["datasketch_docs_per_s"] = round(ds["docs"] / ds["best_s"])
        result["ratio"] = round(result["newsrake_docs_per_s"] / result["datasketch_docs_per_s"], 1)
    return result


# ---------------------------------------------------------------------------------------------
# Report


def stage_line(stages):
    total = sum(s["cpu_s"] for s in stages.values()) or 1
    return ", ".join(f"{k} {100 * v['cpu_s'] / total:.0f}%" for k, v in stages.items()
                     if v["cpu_s"] / total >= 0.005)


def print_report(rows, mem, sbs, mh, threads):
    print(f"\n## Scale (newsrake extract -j{threads}, output to /dev/null)\n")
    print("| size | documents | input MB | wall s | docs/s | MB/s | CPU s | docs/CPU-s | MB/CPU-s "
          "| peak RSS MB | index MB | index B/doc | duplicates | load avg |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['size']} | {r['documents']:,} | {r['bytes_in'] / 1e6:,.0f} | {r['wall_s']} | "
              f"{r['docs_per_s']:,} | {r['mb_per_s']} | {r['cpu_s']} | {r['docs_per_cpu_s']:,} | "
              f"{r['mb_per_cpu_s']} | {r['peak_rss_mb']} | {r['index_mb']} | "
              f"{r['index_bytes_per_doc']:,} | {r['duplicates']} | {r['load_average']} |")
    print("\nShare of CPU time by stage (from --stats):\n")
    for r in rows:
        print(f"- {r['size']}: {stage_line(r['stages'])}")
    if mem:
        print(f"\nMemory: peak RSS minus dedup index {mem['rss_minus_index_mb'][0]} MB at "
              f"{mem['from']}, {mem['rss_minus_index_mb'][1]} MB at {mem['to']}: ratio "
              f"{mem['ratio']} ({'holds' if mem['holds'] else 'FAILS'}: limit 1.5)")
    if sbs:
        print(f"\n## Side by side: {sbs['pages']} article-extraction-benchmark pages "
              f"({sbs['mb']} MB), {sbs['threads']} cores\n")
        print("| tool | wall s | MB/s | MB per CPU-second |\n|---|---|---|---|")
        print(f"| newsrake extract (whole pipeline) | {sbs['newsrake_wall_s']} | "
              f"{sbs['newsrake_mb_per_s']} | {sbs['newsrake_mb_per_cpu_s']} |")
        print(f"| trafilatura extract (fast) | {sbs['trafilatura_wall_s']} | "
              f"{sbs['trafilatura_mb_per_s']} | {sbs['trafilatura_mb_per_cpu_s']} |")
        print(f"\nRatio: newsrake is {sbs['ratio']}x trafilatura's throughput by wall time, "
              f"{sbs['cpu_ratio']}x by CPU time (target 20x); load average "
              f"{sbs['load_average']}.")
        print(f"newsrake stages: {stage_line(sbs['newsrake_stages'])}")
    if mh:
        print(f"\n## MinHash signatures, one core ({mh['docs']:,} documents, "
              f"{mh['mean_words']} words on average)\n")
        print(f"- newsrake fingerprint: {mh['newsrake_docs_per_s']:,} docs/s (target 10,000)")
        if "datasketch_docs_per_s" in mh:
            print(f"- datasketch MinHash.bulk(num_perm=128): {mh['datasketch_docs_per_s']:,} "
                  f"docs/s; ratio {mh['ratio']}x")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1,10,100")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-baselines", action="store_true")
    ap.add_argument("--skip-scale", action="store_true")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--json", help="also write every figure to this file")
    a = ap.parse_args()
    if not a.no_build:
        subprocess.run(["cargo", "build", "--release", "-q"], cwd=ROOT, check=True)
    OUT.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in a.sizes.split(",")]
    rows = [] if a.skip_scale else scale(sizes, a.threads, a.repeat)
    mem = memory_check(rows) if len(rows) > 1 else None
    py = None if a.skip_baselines else ensure_venv()
    sbs = None if py is None else side_by_side(py, a.threads, a.repeat)
    # The MinHash run reads the benchmark pages that the side-by-side run lays out.
    aeb = OUT / "aeb"
    mh = None
    if aeb.is_dir() and any(aeb.iterdir()):
        log("MinHash ...")
        mh = minhash(py, a.repeat)
    print_report(rows, mem, sbs, mh, a.threads)
    if a.json:
        Path(a.json).write_text(json.dumps({"scale": rows, "memory": mem, "side_by_side": sbs,
                                            "minhash": mh}, indent=1))


if __name__ == "__main__":
    main()
