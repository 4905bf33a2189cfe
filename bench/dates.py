#!/usr/bin/env python3
"""Publication dates (`published`) on the date-pages corpus, counted as htmldate counts them.

Reads ../shared/corpora/date-pages (relative to the repo root): gold.json gives, per page file, the
page's URL, its publication day and its set (`default` or `mediacloud`). Every page is gunzipped,
decoded (UTF-8, else the charset its meta tags name, else Windows-1252) and fed as one stdin record
`{"id": file, "html": page, "url": gold url}` to `target/release/newsrake extract -j1 -`.

Counting (htmldate's docs/evaluation.rst and evaluate.py, see the corpus's SOURCE.md): a page is a
true positive when `published` equals the gold day, a false positive ("wrong") when it is another
day, a false negative ("none") when it is null. Four pages have no gold date (NaN upstream): null
there is a true negative, a date a false positive. "right" counts true positives and negatives.
precision = TP / (TP + FP), recall = TP / (TP + FN), accuracy = (TP + TN) / pages,
F-score = 2PR / (P + R).

Usage: python3 bench/dates.py [--no-build] [--json] [-v]
"""
import argparse
import json
import re
from pathlib import Path

from benchlib import release_binary, run_pages

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "date-pages"
CHARSET_RE = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)


def decode(raw):
    """UTF-8 where the bytes are UTF-8, else the declared charset, else Windows-1252."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    m = CHARSET_RE.search(raw[:65536])
    if m:
        try:
            return raw.decode(m.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    return raw.decode("cp1252", errors="replace")


def scores(tp, tn, wrong, none):
    right = tp + tn
    pages = right + wrong + none
    p = tp / (tp + wrong) if tp + wrong else 0.0
    r = tp / (tp + none) if tp + none else 0.0
    return {
        "pages": pages,
        "right": right,
        "true_negatives": tn,
        "wrong": wrong,
        "none": none,
        "right_share": round(right / pages, 4) if pages else 0.0,
        "wrong_share": round(wrong / pages, 4) if pages else 0.0,
        "precision": round(p, 4),
        "recall": round(r, 4),
        "accuracy": round(right / pages, 4) if pages else 0.0,
        "f_score": round(2 * p * r / (p + r), 4) if p + r else 0.0,
    }


def run(binary, gold, ids):
    pages = ((i, CORPUS / "html" / f"{i}.gz", gold[i]["url"], decode) for i in ids)
    proc, html_bytes, wall = run_pages(binary, pages, ["-q"])
    found = {}
    for line in proc.stdout.decode("utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            found[rec.get("id")] = rec
    return found, html_bytes, wall


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", action="store_true", help="print results as JSON")
    ap.add_argument("--no-build", action="store_true", help="do not run cargo build --release")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the wrong pages (and the missed ones)")
    args = ap.parse_args()

    binary = release_binary(ROOT, CORPUS, args.no_build)
    gold = json.loads((CORPUS / "gold.json").read_text(encoding="utf-8"))
    ids = sorted(gold)
    found, html_bytes, wall = run(binary, gold, ids)

    counts = {}
    wrong, missed = [], []
    for i in ids:
        g = gold[i]
        # Gold without a date is NaN in the upstream files (a float after json.loads).
        want = g["date"] if isinstance(g["date"], str) else None
        got = found.get(i, {}).get("published")
        if got is None:
            verdict = "none" if want else "tn"
        else:
            verdict = "tp" if got == want else "wrong"
        for s in (g["set"], "all"):
            counts.setdefault(s, {"tp": 0, "tn": 0, "wrong": 0, "none": 0})[verdict] += 1
        if verdict == "wrong":
            wrong.append({"id": i, "set": g["set"], "got": got, "gold": want, "url": g["url"]})
        elif verdict == "none":
            missed.append({"id": i, "set": g["set"], "gold": want, "url": g["url"]})

    sets = sorted(s for s in counts if s != "all") + ["all"]
    result = {s: scores(**counts[s]) for s in sets}
    result["seconds"] = round(wall, 3)
    result["html_mb"] = round(html_bytes / 1e6, 2)
    if args.verbose:
        result["wrong_pages"] = wrong
        result["missed_pages"] = missed
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{'set':<11} {'pages':>5} {'right':>5} {'wrong':>5} {'none':>5} {'precision':>9} {'recall':>7} "
          f"{'accuracy':>8} {'F-score':>7}")
    for s in sets:
        r = result[s]
        print(f"{s:<11} {r['pages']:>5} {r['right']:>5} {r['wrong']:>5} {r['none']:>5} {r['precision']:>9.4f} "
              f"{r['recall']:>7.4f} {r['accuracy']:>8.4f} {r['f_score']:>7.4f}")
    print(f"whole pipeline, one thread: {html_bytes / 1e6:.1f} MB of HTML in {wall:.2f} s")
    if args.verbose:
        print("wrong:")
        for w in wrong:
            print(f"  {w['id']}  got {w['got']}  gold {w['gold']}  {w['url']}")
        print("none:")
        for m in missed:
            print(f"  {m['id']}  gold {m['gold']}  {m['url']}")


if __name__ == "__main__":
    main()
