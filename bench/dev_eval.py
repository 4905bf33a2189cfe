#!/usr/bin/env python3
"""Score the dev set with each page's publication date given, as a user with the pages' metadata would.

The dev-set pages are plain-text captures (../shared/corpora/news-pages); their publication dates live
in the corpus's metadata (web/manifest.json, the archive datasets), which gold/dev.gold.json records
as `published`. This script feeds every gold document as a stdin record `{id, text, date, url}` (date:
the gold `published`, url: the manifest's), runs `newsrake extract -` and then `newsrake eval`, so
that event dates are measured apart from publication-date finding (measured on date-pages by
bench/dates.py).

Usage: python3 bench/dev_eval.py [--gold gold/dev.gold.json] [-v] [--no-build] [--keep OUT.jsonl]
"""
import argparse
import json
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
PAGES = ROOT.parent / "shared" / "corpora" / "news-pages"


def records(gold):
    manifest = json.loads((PAGES / "web" / "manifest.json").read_text())
    urls = {m["file"].removesuffix(".txt"): m.get("url") for m in manifest}
    for doc in gold["documents"]:
        folder = doc.get("folder", "web")
        path = PAGES / folder / f"{doc['id']}.txt"
        rec = {"id": doc["id"], "text": path.read_text(encoding="utf-8")}
        if doc.get("published"):
            rec["date"] = doc["published"]
        if folder == "web" and urls.get(doc["id"]):
            rec["url"] = urls[doc["id"]]
        yield rec


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", default=str(ROOT / "gold" / "dev.gold.json"))
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--keep", help="also keep the records newsrake printed in this file")
    args = ap.parse_args()
    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    binary = ROOT / "target" / "release" / "newsrake"
    gold = json.loads(pathlib.Path(args.gold).read_text())
    with tempfile.TemporaryDirectory() as tmp:
        stdin = pathlib.Path(tmp) / "in.jsonl"
        with stdin.open("w") as f:
            for rec in records(gold):
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        out = pathlib.Path(args.keep) if args.keep else pathlib.Path(tmp) / "out.jsonl"
        with stdin.open("rb") as i, out.open("wb") as o:
            subprocess.run([str(binary), "extract", "-q", "-"], stdin=i, stdout=o, check=True)
        cmd = [str(binary), "eval", args.gold, str(out)] + (["-v"] if args.verbose else [])
        sys.exit(subprocess.run(cmd).returncode)


if __name__ == "__main__":
    main()
