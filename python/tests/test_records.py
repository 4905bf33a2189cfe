"""Records from Python equal the CLI's, field for field; bad input gives error records."""

import json
import os

import newsrake
import pytest

EXPULSION = "Peru on Friday ordered the expulsion of Venezuela's ambassador."


def test_extract_equals_the_cli_on_the_corpus(root, cli_corpus_records):
    os.chdir(root)  # the CLI ran with relative paths; `path` must match
    records = list(newsrake.extract("corpus/"))
    assert len(records) == len(cli_corpus_records) > 0
    for mine, theirs in zip(records, cli_corpus_records):
        assert mine == theirs, mine["id"]
    assert sum(len(r["events"]) for r in records) > 0


def test_thread_count_does_not_change_records(root):
    os.chdir(root)
    one = list(newsrake.extract(["corpus/"], threads=1))
    two = list(newsrake.extract(["corpus/"], threads=2))
    assert one == two


def test_summary_after_the_run(root):
    it = newsrake.extract(root / "corpus")
    assert it.summary is None
    n = sum(1 for _ in it)
    assert it.summary == {"documents": n, "duplicates": 0, "errors": 0}


def test_extract_text_equals_the_cli_on_stdin(cli, tmp_path):
    line = json.dumps({"id": "a", "text": EXPULSION, "date": "2024-03-01"})
    stdin = tmp_path / "in.jsonl"
    stdin.write_text(line + "\n")
    stdout, code = cli("extract", "-q", str(stdin.parent / "in.jsonl"))
    assert code == 0
    via_cli = _cli_stdin(cli, line)
    mine = newsrake.extract_text(EXPULSION, id="a", date="2024-03-01")
    assert mine == via_cli
    assert [(e["action"], e["source"]["code"], e["target"]["code"]) for e in mine["events"]][0] == (
        "expel",
        "PER",
        "VEN",
    )


def _cli_stdin(cli, line):
    import subprocess

    from conftest import ROOT, cli_binary

    out = subprocess.run(
        [str(cli_binary()), "extract", "-q", "-"], input=line + "\n", cwd=ROOT,
        capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout)


def test_extract_html_equals_the_cli_on_stdin(cli):
    html = (
        "<html><head><title>Peru expels envoy</title>"
        '<link rel="canonical" href="https://example.org/a"></head><body><article>'
        f"<h1>Peru expels envoy</h1><p>{EXPULSION}</p><p>The foreign ministry said so.</p>"
        "</article></body></html>"
    )
    via_cli = _cli_stdin(cli, json.dumps({"id": "p", "html": html}))
    mine = newsrake.extract_html(html, id="p")
    assert mine == via_cli
    assert mine["format"] == "html" and mine["events"]


def test_in_memory_id_defaults_to_the_url_then_doc():
    assert newsrake.extract_text("x", url="https://e.org/1")["id"] == "https://e.org/1"
    assert newsrake.extract_text("x")["id"] == "doc"


def test_bad_input_gives_error_records_not_crashes(tmp_path):
    (tmp_path / "a_binary.txt").write_bytes(bytes(range(256)) * 64)
    (tmp_path / "b_good.txt").write_text(EXPULSION)
    records = list(newsrake.extract([tmp_path, tmp_path / "missing.txt"]))
    by_id = {r["id"]: r for r in records}
    assert by_id["a_binary.txt"]["error"]["kind"] == "binary"
    assert "error" not in by_id["b_good.txt"] and by_id["b_good.txt"]["events"]
    assert by_id[str(tmp_path / "missing.txt")]["error"]["kind"] == "io"
    weird = newsrake.extract_html("<" * 10000 + "\x00\ud7ff" + "</p>" * 500)
    assert weird["schema"] == 1
    empty = newsrake.extract_text("")
    assert empty["text"] == "" and empty["events"] == []


def test_bad_arguments_raise_python_errors():
    with pytest.raises(ValueError):
        newsrake.extract(".", near_dup=1.5)
    with pytest.raises(TypeError):
        newsrake.extract_text(b"bytes are not text")


def test_abandoned_iterator_does_not_hang(root):
    it = newsrake.extract(root / "corpus")
    first = next(it)
    assert first["schema"] == 1
    del it
