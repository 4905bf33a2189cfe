"""Shared fixtures: the repository root and the CLI's records for corpus/."""

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def cli_binary() -> Path:
    """The release binary, built if missing (NEWSRAKE_BIN overrides)."""
    given = os.environ.get("NEWSRAKE_BIN")
    if given:
        return Path(given)
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "newsrake"], cwd=ROOT, check=True)
    return ROOT / "target" / "release" / "newsrake"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def cli():
    """Runs `newsrake ARGS...` from the repository root; returns (stdout, exit code)."""
    binary = cli_binary()

    def run(*args: str):
        out = subprocess.run([str(binary), *args], cwd=ROOT, capture_output=True, text=True)
        return out.stdout, out.returncode

    return run


@pytest.fixture(scope="session")
def cli_corpus_records(cli):
    stdout, code = cli("extract", "-q", "corpus/")
    assert code == 0
    return [json.loads(line) for line in stdout.splitlines()]
