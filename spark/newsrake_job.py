"""newsrake on Apache Spark: the same records as `newsrake extract` on one machine, duplicates included.

Local mode (what spark/check.py runs):

    python spark/newsrake_job.py --newsrake target/release/newsrake --input DIR --output OUT

On a cluster, ship the binary with the job and let each executor find it through SparkFiles:

    spark-submit --master yarn --deploy-mode cluster --files target/release/newsrake \
        spark/newsrake_job.py --input hdfs:///news/jsonl --output hdfs:///news/records \
        --partitions 400

How it works (docs/spark.md has the details):
  1. Inputs are listed in newsrake's order: files sorted by path (folders walked recursively, hidden
     entries skipped), records in file order. Each document gets a global order key.
  2. Each partition runs newsrake as a filter twice: `--emit docs --keep-duplicates` for the records and
     `--emit bands` for each document's MinHash band keys and shingle set.
  3. Documents that share a band key are candidate pairs; a pair is verified with newsrake's own
     similarity (exact Jaccard of the two shingle sets); `duplicate_of` is the earliest document in
     order whose similarity reaches the threshold (at threshold 1.0: the earliest exact duplicate).
  4. Duplicates lose their extraction (actors, events, quotes, times) unless --keep-duplicates is given,
     as on one machine; records are written in order as JSON Lines (or Parquet).

Input: JSON Lines files of newsrake's stdin records (`.jsonl`, `.ndjson`, optionally `.gz`: split into
lines by Spark) or WARC/WARC.gz archives (one archive is one unit of work; the executors read the
paths directly, so on a cluster they must be on a filesystem every executor mounts).
"""

import argparse
import json
import math
import os
import subprocess
import sys
import threading

from pyspark import SparkContext, SparkFiles
from pyspark.sql import SparkSession

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
# Fields filled by extraction, emptied for a duplicate unless --keep-duplicates (as on one machine).
EXTRACTED_FIELDS = ("actors", "events", "quotes", "times")


def list_inputs(paths):
    """(file id, path) pairs in newsrake's order: each argument in turn, folders walked recursively in
    sorted order, hidden entries skipped; ids are paths relative to the folder argument."""
    out = []
    for arg in paths:
        if os.path.isdir(arg):
            found = []
            for dirpath, dirnames, filenames in os.walk(arg):
                dirnames[:] = [d for d in dirnames if not d.startswith(".")]
                for name in filenames:
                    if not name.startswith("."):
                        full = os.path.join(dirpath, name)
                        found.append((os.path.relpath(full, arg).replace(os.sep, "/"), full))
            # newsrake sorts each folder's entries and descends as it meets them: the same as a
            # sort by the relative path's components.
            out.extend(sorted(found, key=lambda p: p[0].split("/")))
        else:
            out.append((os.path.basename(arg), arg))
    return out


def newsrake_binary(given):
    """The binary on an executor: the path given when it exists there (local mode), else the copy
    shipped with `--files` (or added by the driver), made executable in case the copy lost the bit."""
    if given and os.path.exists(given):
        return given
    path = SparkFiles.get("newsrake")
    if not os.access(path, os.X_OK):
        os.chmod(path, 0o755)
    return path


def run_filter(binary, args, lines):
    """Runs newsrake over `lines` on stdin (fed from a thread, so neither pipe can fill up and block)
    and returns its stdout lines."""
    proc = subprocess.Popen(
        [binary, "extract", "-q", "-j", "1", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )

    def feed():
        try:
            for line in lines:
                proc.stdin.write(line.encode("utf-8") + b"\n")
        finally:
            proc.stdin.close()

    writer = threading.Thread(target=feed)
    writer.start()
    out = [l.decode("utf-8") for l in proc.stdout]
    writer.join()
    if proc.wait() not in (0, 1):  # 1 means some documents have error records: that is fine
        raise RuntimeError(f"newsrake {' '.join(args)} failed with status {proc.returncode}")
    return out


def jsonl_partition(binary, near_dup):
    """mapPartitions body for JSON Lines input: ((file, line), record line) in order -> (key, doc, bands)."""

    def process(items):
        items = list(items)
        keys = [k for k, _ in items]
        lines = [l for _, l in items]
        docs = run_filter(binary, ["--keep-duplicates", "--near-dup", str(near_dup), "-"], lines)
        bands = run_filter(binary, ["--emit", "bands", "-"], lines)
        if not (len(docs) == len(bands) == len(keys)):
            raise RuntimeError(f"newsrake gave {len(docs)}/{len(bands)} records for {len(keys)} lines")
        for key, doc, band in zip(keys, docs, bands):
            yield key, json.loads(doc), json.loads(band)

    return process


def warc_partition(binary, near_dup):
    """mapPartitions body for archives: (file index, file id, path) -> (key, doc, bands)."""

    def process(files):
        files = list(files)
        if not files:
            return
        paths = [p for _, _, p in files]
        docs = [json.loads(l) for l in run_filter(binary, ["--keep-duplicates", *paths], [])]
        bands = [json.loads(l) for l in run_filter(binary, ["--emit", "bands", *paths], [])]
        by_path = {p: (i, fid) for i, fid, p in files}
        seen = {}
        for doc, band in zip(docs, bands):
            index, file_id = by_path[doc["path"]]
            k = seen.get(index, 0)
            seen[index] = k + 1
            # newsrake names a file argument's records after its file name; a folder run names them
            # after the path relative to the folder.
            base = os.path.basename(doc["path"])
            if file_id != base and doc["id"].startswith(base):
                doc["id"] = band["id"] = file_id + doc["id"][len(base):]
            yield (index, k), doc, band

    return process


def round3(x):
    """Rounds as Rust's f64::round does (half away from zero), then to 3 decimals."""
    y = x * 1000.0
    r = math.floor(y)
    if y - r >= 0.5:  # exact: y - floor(y) is computed without rounding error
        r += 1
    return r / 1000.0


def jaccard(a, b):
    """newsrake's similarity: |A ∩ B| / |A ∪ B| of two shingle sets, as one float division."""
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def duplicate_verdicts(rows, near_dup):
    """RDD of (key, (id, words, exact, bands, shingles)) -> RDD of (key, (duplicate id, similarity))."""
    if near_dup >= 1.0:
        groups = rows.map(lambda r: (r[1][2], (r[0], r[1][0], frozenset(r[1][4])))).groupByKey()

        def exact(group):
            seen = []
            for key, doc_id, shingles in sorted(group[1], key=lambda m: m[0]):
                match = next((d for k, d, s in seen if s == shingles), None)
                if match is not None:
                    yield key, (match, 1.0)
                seen.append((key, doc_id, shingles))

        return groups.flatMap(exact)

    def candidates(group):
        members = sorted(group[1])
        for i, later in enumerate(members):
            for earlier in members[:i]:
                yield later, earlier

    pairs = rows.flatMap(lambda r: [(b, r[0]) for b in r[1][3]]).groupByKey().flatMap(candidates).distinct()
    sets = rows.map(lambda r: (r[0], (r[1][0], r[1][1], frozenset(r[1][4]))))
    with_later = pairs.join(sets)  # later -> (earlier, later's data)
    with_both = with_later.map(lambda x: (x[1][0], (x[0], x[1][1]))).join(sets)

    def verify(x):
        earlier, ((later, (_, n_later, s_later)), (id_earlier, n_earlier, s_earlier)) = x
        # Jaccard <= min/max of the set sizes: newsrake skips pairs that cannot reach the threshold.
        m, n = len(s_earlier), len(s_later)
        if min(m, n) / max(m, n) < near_dup:
            return []
        j = jaccard(s_later, s_earlier)
        return [(later, (earlier, id_earlier, round3(j)))] if j >= near_dup else []

    return (
        with_both.flatMap(verify)
        .reduceByKey(lambda a, b: a if a[0] < b[0] else b)
        .mapValues(lambda v: (v[1], v[2]))
    )


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--input", nargs="+", required=True, help="JSON Lines or WARC files and folders")
    p.add_argument("--output", required=True, help="output folder")
    p.add_argument("--newsrake", help="binary (default: the one shipped with --files)")
    p.add_argument("--partitions", type=int, default=4)
    p.add_argument("--near-dup", type=float, default=0.8)
    p.add_argument("--keep-duplicates", action="store_true")
    p.add_argument("--format", choices=["jsonl", "parquet"], default="jsonl")
    p.add_argument("--master", default=None, help="Spark master (default: spark-submit's or local[*])")
    args = p.parse_args(argv)

    builder = SparkSession.builder.appName("newsrake").config("spark.ui.showConsoleProgress", "false")
    # spark-submit starts the JVM first and names its gateway; run as a plain script, go local.
    if args.master or "PYSPARK_GATEWAY_PORT" not in os.environ:
        builder = builder.master(args.master or "local[*]")
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    sc.setLogLevel("WARN")
    given = os.path.abspath(args.newsrake) if args.newsrake else None
    if given and os.path.exists(given):
        sc.addFile(given)

    files = list_inputs(args.input)
    if all(path.endswith(JSONL_SUFFIXES) for _, path in files):
        per_file = [
            sc.textFile(path).zipWithIndex().map(lambda li, i=i: ((i, li[1]), li[0]))
            for i, (_, path) in enumerate(files)
        ]
        lines = sc.union(per_file).filter(lambda kl: kl[1].strip())
        lines = lines.sortByKey(numPartitions=args.partitions)
        make = jsonl_partition
        source = lines
    else:
        source = sc.parallelize([(i, fid, path) for i, (fid, path) in enumerate(files)], args.partitions)
        make = warc_partition

    near_dup = args.near_dup

    def body(items):
        return make(newsrake_binary(given), near_dup)(items)

    docs = source.mapPartitions(body).cache()
    rows = docs.filter(lambda x: x[2]["indexed"]).map(
        lambda x: (x[0], (x[2]["id"], x[2]["words"], x[2]["exact"], x[2]["bands"], x[2]["shingles"]))
    )
    verdicts = duplicate_verdicts(rows, args.near_dup)
    keep = args.keep_duplicates

    def finish(x):
        key, (doc, verdict) = x
        doc["duplicate_of"], doc["similarity"] = verdict if verdict else (None, None)
        if verdict and not keep and "error" not in doc:
            for field in EXTRACTED_FIELDS:
                doc[field] = []
        return key, json.dumps(doc, ensure_ascii=False, separators=(",", ":"))

    records = docs.map(lambda x: (x[0], x[1])).leftOuterJoin(verdicts).map(finish)
    lines_out = records.sortByKey(numPartitions=args.partitions).values()
    if args.format == "jsonl":
        lines_out.saveAsTextFile(args.output)
    else:
        spark.read.json(lines_out).write.parquet(args.output)
    count = docs.count()
    print(f"newsrake_job: {count} documents written to {args.output}", file=sys.stderr)
    spark.stop()


if __name__ == "__main__":
    main()
