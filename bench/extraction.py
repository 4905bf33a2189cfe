#!/usr/bin/env python3
"""Quality and speed of newsrake's HTML cleaner on the article-extraction-benchmark corpus.

Reads the corpus from ../shared/corpora/article-extraction-benchmark (relative to the repo root),
runs `target/release/newsrake extract -j1 -` over all pages and scores the `text` field with the
benchmark's metric (see docs/cleaner.md):

  tokens = regex \\w+ (Unicode); per page, multisets of 4-token shingles of truth and prediction
  give TP/FP/FN (normalised to sum 1); precision and recall per page, averaged over pages (macro),
  pages with tp+fp == 0 left out of precision and pages with tp+fn == 0 left out of recall, as
  upstream evaluate.py does; F1 = 2PR/(P+R) of the averages.

The first paragraph of `text` is dropped when it equals the record's title (the benchmark's
articleBody excludes the headline, our blocks include it).

Usage: python3 bench/extraction.py [--pages N] [--json] [--no-build]
"""
import argparse
import json
import re
from collections import Counter
from pathlib import Path

from benchlib import release_binary, run_pages

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "article-extraction-benchmark"
TOKEN_RE = re.compile(r"\w+", re.UNICODE)


def shingles(text, n=4):
    tokens = TOKEN_RE.findall(text or "")
    out = []
    for i in range(0, max(1, len(tokens) - n + 1)):
        sh = tuple(tokens[i:i + n])
        if sh:
            out.append(sh)
    return Counter(out)


def tp_fp_fn(true, pred):
    t, p = shingles(true), shingles(pred)
    tp = fp = fn = 0.0
    for k in set(t) | set(p):
        a, b = t.get(k, 0), p.get(k, 0)
        tp += min(a, b)
        fp += max(0, b - a)
        fn += max(0, a - b)
    s = tp + fp + fn
    if s > 0:
        tp, fp, fn = tp / s, fp / s, fn / s
    return tp, fp, fn


def precision(tp, fp, fn):
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def recall(tp, fp, fn):
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def norm(s):
    return " ".join(TOKEN_RE.findall((s or "").lower()))


def body_of(record):
    text = record.get("text") or ""
    title = record.get("title")
    paras = text.split("\n\n")
    if title and paras and norm(paras[0]) == norm(title):
        paras = paras[1:]
    return "\n\n".join(paras)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, help="only the first N pages (sorted by id)")
    ap.add_argument("--json", action="store_true", help="print results as JSON")
    ap.add_argument("--no-build", action="store_true", help="do not run cargo build --release")
    ap.add_argument("--worst", type=int, default=5, help="how many worst pages to list")
    args = ap.parse_args()

    binary = release_binary(ROOT, CORPUS, args.no_build)
    truth = json.loads((CORPUS / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)
    if args.pages:
        ids = ids[: args.pages]

    pages = ((i, CORPUS / "html" / f"{i}.html.gz", truth[i].get("url"),
              lambda raw: raw.decode("utf-8", errors="replace")) for i in ids)
    proc, html_bytes, wall = run_pages(binary, pages, ["--stats"])

    # --stats prints one JSON object on stderr: the clean stage's own CPU time gives the
    # cleaner's speed apart from rule matching and start-up.
    stats = next((json.loads(l) for l in proc.stderr.decode("utf-8").splitlines()
                  if l.startswith("{")), None)
    clean_s = stats["stages"]["clean"]["cpu_s"] if stats else None
    clean_mbps = html_bytes / 1e6 / clean_s if clean_s else None

    preds = {}
    for line in proc.stdout.decode("utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            if rec.get("id") in truth:
                preds[rec["id"]] = rec

    per_page = []
    for i in ids:
        rec = preds.get(i, {})
        t = tp_fp_fn(truth[i].get("articleBody", ""), body_of(rec))
        per_page.append((i, t))
    ps = [precision(*t) for _, t in per_page if t[0] + t[1] > 0]
    rs = [recall(*t) for _, t in per_page if t[0] + t[2] > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0

    def page_f1(t):
        pp, rr = precision(*t), recall(*t)
        return 2 * pp * rr / (pp + rr) if pp + rr else 0.0

    worst = sorted(per_page, key=lambda x: page_f1(x[1]))[: args.worst]
    mbps = html_bytes / 1e6 / wall if wall > 0 else 0.0
    result = {
        "pages": len(ids),
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f1, 4),
        "html_mb": round(html_bytes / 1e6, 2),
        "seconds": round(wall, 3),
        "mb_per_s": round(mbps, 1),
        "clean_cpu_s": clean_s,
        "clean_mb_per_cpu_s": round(clean_mbps, 1) if clean_mbps else None,
        "worst": [{"id": i, "f1": round(page_f1(t), 3), "precision": round(precision(*t), 3),
                   "recall": round(recall(*t), 3)} for i, t in worst],
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"pages      {result['pages']}")
    print(f"precision  {p:.4f}")
    print(f"recall     {r:.4f}")
    print(f"F1         {f1:.4f}")
    print(f"throughput {mbps:.1f} MB/s ({html_bytes / 1e6:.1f} MB of HTML in {wall:.2f} s, one thread, "
          "whole pipeline)")
    if clean_mbps:
        print(f"cleaner    {clean_mbps:.1f} MB per CPU-second (clean stage alone, --stats)")
    print("worst pages by F1:")
    for w in result["worst"]:
        print(f"  {w['id']}  F1={w['f1']:.3f}  P={w['precision']:.3f}  R={w['recall']:.3f}")


if __name__ == "__main__":
    main()
