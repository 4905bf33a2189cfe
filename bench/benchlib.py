"""What the bench scripts share: feeding pages to `newsrake extract` as stdin records."""
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time


def run_pages(binary, pages, args=()):
    """Runs `newsrake extract -j1 ARGS -` over stdin records, one per page.

    `pages` yields (id, path of a gzipped page, url, decode) where `decode` turns the page's bytes
    into text. Returns (finished process, HTML bytes read, wall seconds of the run); exits when
    newsrake fails.
    """
    html_bytes = 0
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as tmp:
        for page_id, path, url, decode in pages:
            with gzip.open(path, "rb") as f:
                raw = f.read()
            html_bytes += len(raw)
            tmp.write(json.dumps({"id": page_id, "html": decode(raw), "url": url}) + "\n")
        tmp_path = tmp.name
    try:
        with open(tmp_path, "rb") as stdin:
            start = time.perf_counter()
            proc = subprocess.run([str(binary), "extract", "-j1", *args, "-"], stdin=stdin,
                                  capture_output=True, check=False)
            wall = time.perf_counter() - start
    finally:
        os.unlink(tmp_path)
    if proc.returncode not in (0, 1):
        sys.exit(f"newsrake failed ({proc.returncode}): {proc.stderr.decode()[-2000:]}")
    return proc, html_bytes, wall


def release_binary(root, corpus, no_build):
    """The release binary, built first unless `no_build`; exits when `corpus` is missing."""
    if not corpus.is_dir():
        sys.exit(f"corpus not found: {corpus}")
    if not no_build:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=root, check=True)
    return root / "target" / "release" / "newsrake"
