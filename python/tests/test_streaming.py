"""A long stream keeps memory flat: records are handed over as they are made, not gathered."""

import random

import newsrake

DOCS = 10_000
WORDS_PER_DOC = 450  # long words, about 9 KB a document: ~90 MB of text in all


def rss_bytes() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS in /proc/self/status")


def write_corpus(folder, rng):
    # Long words keep the duplicate index (a 4-byte hash per word shingle, kept for every
    # document by design) small next to the text, so that a leak of records would stand out.
    vocab = [f"interministerial{i:04}" for i in range(5000)]
    lead = "Peru on Friday ordered the expulsion of Venezuela's ambassador."
    for i in range(DOCS):
        words = " ".join(rng.choice(vocab) for _ in range(WORDS_PER_DOC))
        (folder / f"{i:05}.txt").write_text(f"{lead} Report {i}. {words}.\n")


def test_ten_thousand_documents_keep_memory_flat(tmp_path):
    write_corpus(tmp_path, random.Random(7))
    seen = events = text_bytes = 0
    baseline = None
    for rec in newsrake.extract(tmp_path):
        seen += 1
        events += len(rec["events"])
        text_bytes += len(rec["text"])
        if seen == 1_000:
            baseline = rss_bytes()
    growth = rss_bytes() - baseline
    assert seen == DOCS and events >= DOCS  # every document was really extracted
    assert text_bytes > 80_000_000
    # 9,000 more documents (~80 MB of text) passed through; what stays is the duplicate index
    # (~1.8 KB per document here, ~16 MB), far from the corpus size.
    assert growth < 32_000_000, f"RSS grew by {growth / 1e6:.1f} MB over {DOCS - 1000} documents"
    print(f"RSS growth over {DOCS - 1000} documents: {growth / 1e6:.1f} MB")
