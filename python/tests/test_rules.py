"""Rule packs: errors carry file and line; a pack passed as rules= drives extraction."""

import shutil

import newsrake
import pytest

EXPULSION = "Peru on Friday ordered the expulsion of Venezuela's ambassador."
BAD = 'schema = 1\nkind = "patterns"\n[[rule]]\nid = "x"\naction = "expel"\npattern = \'{nope}\'\nexamples = [{text = "a"}]\n'


def test_rule_errors_raise_with_file_and_line(tmp_path):
    (tmp_path / "bad.toml").write_text(BAD)
    with pytest.raises(newsrake.RuleError) as info:
        newsrake.Rules(tmp_path, add=True)
    err = info.value
    assert err.file.endswith("bad.toml")
    assert err.line == 3
    assert err.message
    assert err.errors and err.errors[0] == (err.file, err.line, err.message)
    assert "bad.toml:3:" in str(err)
    assert isinstance(err, ValueError)


def test_missing_folder_is_a_rule_error(tmp_path):
    with pytest.raises(newsrake.RuleError) as info:
        newsrake.Rules(tmp_path / "nowhere")
    assert "nowhere" in info.value.file


def test_a_replacement_pack_drives_every_entry_point(root, tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(root / "rules", pack)
    (pack / "patterns" / "expel.toml").unlink()
    rules = newsrake.Rules(pack)
    assert "expel" in rules.actions and rules.pattern_count > 0
    default = newsrake.extract_text(EXPULSION)
    custom = newsrake.extract_text(EXPULSION, rules=rules)
    assert any(e["action"] == "expel" for e in default["events"])
    assert not any(e["action"] == "expel" for e in custom["events"])
    (tmp_path / "a.txt").write_text(EXPULSION)
    streamed = list(newsrake.extract(tmp_path / "a.txt", rules=rules))
    assert streamed[0]["events"] == custom["events"]
    html = newsrake.extract_html(f"<p>{EXPULSION}</p>", rules=rules)
    assert not any(e["action"] == "expel" for e in html["events"])


EXTRA = """schema = 1
kind = "patterns"

[[rule]]
id = "expel.test-shooed"
action = "expel"
pattern = '''(?P<trigger>shooed\\s+away)\\s+(?P<target>{ACTOR}){POSS}?\\s+{diplomat_noun}'''
examples = [
  { text = "Peru shooed away Chile's ambassador.", source = "PER", target = "CHL", polarity = "asserted" },
]
"""


def test_the_default_pack_extended_with_add(tmp_path):
    (tmp_path / "extra.toml").write_text(EXTRA)
    rules = newsrake.Rules(tmp_path, add=True)
    assert rules.add
    sentence = "Peru shooed away Chile's ambassador."
    assert newsrake.extract_text(sentence)["events"] == []
    added = newsrake.extract_text(sentence, rules=rules)["events"]
    assert [(e["rule"], e["source"]["code"], e["target"]["code"]) for e in added] == [
        ("expel.test-shooed", "PER", "CHL")
    ]
    # the default pack is still there
    assert newsrake.extract_text(EXPULSION, rules=rules)["events"]
