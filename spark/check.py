"""Checks that the Spark job gives the single-machine records, field for field, and measures both.

Run through spark/check.sh (which builds the binary and installs PySpark into a virtual environment).

1. Builds a corpus of at least 1,000 documents from corpus/ and ../shared/corpora: every page once
   (pages that newsrake already finds to be duplicates of each other are left out, so that only the
   planted ones are duplicates), plus planted near duplicates (a page's cleaned text with one word in
   sixty changed) and exact copies, each placed after its original
   at a random position. Written as JSON Lines files and as WARC.gz archives of the same documents.
2. Runs `newsrake extract` on each folder (one machine, all cores) and the Spark job in local mode with
   1, 2, 4 and 8 partitions, and compares the records field for field, `duplicate_of` included.
3. Prints documents/s for each run and checks that exactly the planted documents are duplicates.

Exit status 0 when every comparison holds.
"""

import argparse
import gzip
import json
import os
import random
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpora"


def read_page(path):
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    name = path.name.removesuffix(".gz")
    kind = "html" if name.endswith((".html", ".htm")) else "text"
    # The records carry text: a page in a legacy encoding reaches both runs decoded the same way.
    return kind, data.decode("utf-8", errors="replace")


def base_pages():
    sources = [ROOT / "corpus"] + [
        SHARED / p
        for p in ("news-pages/web", "news-pages/archive", "article-extraction-benchmark/html", "date-pages/html")
    ]
    pages = []
    for folder in sources:
        for path in sorted(folder.iterdir()):
            if path.is_file() and not path.name.startswith("."):
                kind, content = read_page(path)
                rel = path.relative_to(ROOT.parent if SHARED in path.parents else ROOT)
                pages.append({"id": str(rel), kind: content})
    return pages


def newsrake(binary, args, stdin_lines=None):
    proc = subprocess.run(
        [binary, "extract", "-q", *args],
        input="".join(l + "\n" for l in stdin_lines).encode() if stdin_lines is not None else None,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        check=False,
    )
    if proc.returncode not in (0, 1):
        sys.exit(f"newsrake failed: {proc.stderr.decode()}")
    return [json.loads(l) for l in proc.stdout.decode().splitlines()]


def plant(text, rng):
    """A near duplicate: one word in sixty replaced (word 5-shingle Jaccard about 0.85)."""
    words = text.split(" ")
    for i in range(rng.randrange(60), len(words), 60):
        words[i] = "planted"
    return " ".join(words)


def build_corpus(binary, min_docs, rng):
    pages = base_pages()
    lines = [json.dumps(p) for p in pages]
    records = newsrake(binary, ["-"], lines)
    # Leave out pages that already duplicate an earlier page, and pages with no text to copy.
    keep = [p for p, r in zip(pages, records) if r["duplicate_of"] is None]
    texts = {r["id"]: r["text"] for r in records if r["duplicate_of"] is None and "error" not in r}
    print(f"base pages: {len(pages)}, kept {len(keep)} (dropped {len(pages) - len(keep)} already duplicates)")
    eligible = [p["id"] for p in keep if len(texts.get(p["id"], "").split()) >= 150]
    docs = list(keep)
    planted = {}
    n_planted = max(min_docs - len(docs), 150)
    for i, original in enumerate(rng.sample(eligible, min(n_planted, len(eligible)))):
        exact = i % 5 == 0
        doc_id = f"planted/{i:04d}-{'copy' if exact else 'near'}"
        source = next(p for p in keep if p["id"] == original)
        record = dict(source, id=doc_id) if exact else {"id": doc_id, "text": plant(texts[original], rng)}
        at = docs.index(source) + 1
        docs.insert(rng.randrange(at, len(docs) + 1), record)
        planted[doc_id] = original
    return docs, planted


def write_jsonl(docs, folder, files=4):
    folder.mkdir(parents=True)
    per = -(-len(docs) // files)
    for f in range(files):
        part = docs[f * per : (f + 1) * per]
        data = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in part).encode()
        if f == files - 1:
            (folder / f"part-{f:02d}.jsonl.gz").write_bytes(gzip.compress(data))
        else:
            (folder / f"part-{f:02d}.jsonl").write_bytes(data)


def warc_record(kind, fields, block):
    head = f"WARC/1.0\r\nWARC-Type: {kind}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields.items())
    head += f"Content-Length: {len(block)}\r\n\r\n"
    return gzip.compress(head.encode() + block + b"\r\n\r\n")


def write_warc(docs, folder, files=4):
    """The same documents as WARC.gz responses (with a request record before each), ids from a seeded
    UUID so that reruns give the same archive."""
    folder.mkdir(parents=True)
    per = -(-len(docs) // files)
    rng = random.Random(7)
    ids = {}
    for f in range(files):
        with open(folder / f"crawl-{f:02d}.warc.gz", "wb") as out:
            for d in docs[f * per : (f + 1) * per]:
                rid = uuid.UUID(int=rng.getrandbits(128))
                url = f"https://example.test/{d['id']}"
                out.write(warc_record("request", {"WARC-Record-ID": f"<urn:uuid:{uuid.UUID(int=rng.getrandbits(128))}>", "WARC-Target-URI": url}, b"GET / HTTP/1.1\r\n\r\n"))
                mime = "text/html" if "html" in d else "text/plain"
                body = (d.get("html") or d.get("text")).encode("utf-8")
                http = f"HTTP/1.1 200 OK\r\nContent-Type: {mime}; charset=utf-8\r\n\r\n".encode() + body
                out.write(warc_record("response", {"WARC-Record-ID": f"<urn:uuid:{rid}>", "WARC-Target-URI": url, "WARC-Date": "2024-05-01T00:00:00Z"}, http))
                ids[f"crawl-{f:02d}.warc.gz#urn:uuid:{rid}"] = d["id"]
    return ids


def read_spark_output(folder):
    lines = []
    for part in sorted(folder.glob("part-*")):
        lines.extend(part.read_text(encoding="utf-8").splitlines())
    return [json.loads(l) for l in lines]


def compare(single, spark, label):
    if len(single) != len(spark):
        return [f"{label}: {len(single)} single-machine records, {len(spark)} from Spark"]
    problems = []
    for a, b in zip(single, spark):
        if a != b:
            fields = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
            problems.append(f"{label}: {a.get('id')} differs in {fields}")
    return problems


def run_job(binary, folder, out, partitions):
    """Runs the Spark job as a user would (a fresh Python and JVM); returns its wall time."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(ROOT / "spark/newsrake_job.py"), "--newsrake", binary,
         "--input", str(folder), "--output", str(out), "--partitions", str(partitions)],
        check=True, stderr=None if os.environ.get("VERBOSE") else subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--newsrake", default=str(ROOT / "target/release/newsrake"))
    p.add_argument("--work", default=str(ROOT / "target/spark-check"))
    p.add_argument("--docs", type=int, default=1000)
    p.add_argument("--partitions", default="1,2,4,8")
    p.add_argument("--formats", default="jsonl,warc")
    args = p.parse_args()
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    rng = random.Random(9)

    docs, planted = build_corpus(args.newsrake, args.docs, rng)
    print(f"corpus: {len(docs)} documents, {len(planted)} planted duplicates")
    assert len(docs) >= args.docs, "not enough documents"
    write_jsonl(docs, work / "jsonl")
    warc_ids = write_warc(docs, work / "warc")
    # The same job on 10 documents: its time is Spark's fixed overhead, subtracted for a marginal rate.
    write_jsonl(docs[:10], work / "jsonl-small", files=1)
    write_warc(docs[:10], work / "warc-small", files=1)

    problems = []
    for fmt in args.formats.split(","):
        folder = work / fmt
        started = time.perf_counter()
        single = newsrake(args.newsrake, [str(folder)])
        single_s = time.perf_counter() - started
        print(f"[{fmt}] one machine: {len(single)} records in {single_s:.1f}s = {len(single) / single_s:.0f} docs/s")
        name_of = (lambda i: warc_ids.get(i, i)) if fmt == "warc" else (lambda i: i)
        dups = {name_of(r["id"]): name_of(r["duplicate_of"]) for r in single if r["duplicate_of"]}
        if dups != planted:
            extra = sorted(set(dups) - set(planted))[:5]
            missed = sorted(set(planted) - set(dups))[:5]
            wrong = sorted(k for k in set(dups) & set(planted) if dups[k] != planted[k])[:5]
            problems.append(f"[{fmt}] duplicates are not the planted ones: extra {extra}, missed {missed}, wrong {wrong}")
        for n in [int(x) for x in args.partitions.split(",")]:
            out = work / f"spark-{fmt}-{n}"
            spark_s = run_job(args.newsrake, folder, out, n)
            overhead_s = run_job(args.newsrake, work / f"{fmt}-small", work / f"spark-{fmt}-{n}-small", n)
            spark = read_spark_output(out)
            found = compare(single, spark, f"[{fmt}] {n} partitions")
            problems.extend(found)
            marginal = (len(spark) - 10) / max(spark_s - overhead_s, 1e-3)
            print(
                f"[{fmt}] Spark local, {n} partition(s): {len(spark)} records in {spark_s:.1f}s = "
                f"{len(spark) / spark_s:.0f} docs/s ({single_s / spark_s:.2f}x one machine); "
                f"same job on 10 docs {overhead_s:.1f}s, marginal {marginal:.0f} docs/s; "
                f"{'equal field for field' if not found else f'{len(found)} differences'}"
            )
    for problem in problems[:20]:
        print("FAIL", problem)
    print(f"{0 if problems else 1} passed, {1 if problems else 0} failed")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
