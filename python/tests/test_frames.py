"""to_frame: flat views with the columns of the CLI's --emit lines."""

import json
import os

import newsrake
import pytest

pd = pytest.importorskip("pandas")


def flatten(line):
    out = {}
    for k, v in line.items():
        if isinstance(v, dict):
            out.update({f"{k}.{s}": x for s, x in v.items()})
        elif v is not None or k not in ("source", "target", "person", "date", "deadline", "speaker"):
            out[k] = v
    return out


@pytest.mark.parametrize("view", ["events", "quotes"])
def test_views_match_the_cli_emit_lines(root, cli, view):
    os.chdir(root)
    stdout, code = cli("extract", "-q", "--emit", view, "corpus/")
    assert code == 0
    lines = [json.loads(line) for line in stdout.splitlines()]
    frame = newsrake.to_frame(newsrake.extract("corpus/"), view=view)
    assert len(frame) == len(lines) > 0
    assert frame.columns[0] == "doc"
    for row, line in zip(frame.to_dict("records"), lines):
        for key, value in flatten(line).items():
            got = row[key]
            assert pd.isna(got) if value is None else got == value, (key, row["doc"])
    if view == "events":
        assert {"source.code", "target.code", "polarity", "trigger.start"} <= set(frame.columns)
        assert str(frame["trigger.start"].dtype) == "Int64"


def test_docs_view_has_one_row_per_document(root, cli_corpus_records):
    frame = newsrake.to_frame(cli_corpus_records, view="docs")
    assert list(frame["id"]) == [r["id"] for r in cli_corpus_records]
    assert list(frame["n_events"]) == [len(r["events"]) for r in cli_corpus_records]
    assert frame["error.kind"].isna().all()
    assert "events" not in frame.columns


def test_empty_views_still_have_their_columns():
    rec = newsrake.extract_text("Nothing happened today.")
    frame = newsrake.to_frame(rec)
    assert len(frame) == 0 and "source.code" in frame.columns
    assert list(newsrake.to_frame([], view="quotes").columns)[:2] == ["doc", "text"]


def test_error_records_show_in_the_docs_view(tmp_path):
    (tmp_path / "bin.txt").write_bytes(bytes(range(256)) * 8)
    frame = newsrake.to_frame(newsrake.extract(tmp_path), view="docs")
    assert list(frame["error.kind"]) == ["binary"]


def test_unknown_view_is_an_error():
    with pytest.raises(ValueError):
        newsrake.to_frame([], view="actors")
