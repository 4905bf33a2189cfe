"""Type stubs of the compiled part of newsrake (newsrake._newsrake)."""

import os
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple, Union

SCHEMA: int

Record = Dict[str, Any]

class RuleError(ValueError):
    """A rule pack failed to load."""

    file: str
    """File of the first problem (relative to the pack folder)."""
    line: int
    """1-based line of the first problem; 0 when it concerns the whole file or pack."""
    message: str
    """What is wrong, for the first problem."""
    errors: List[Tuple[str, int, str]]
    """Every problem as (file, line, message)."""

class Rules:
    """A rule pack, loaded and checked once; pass it as ``rules=``."""

    path: str
    add: bool
    def __init__(self, path: Union[str, "os.PathLike[str]"], *, add: bool = False) -> None: ...
    @property
    def actions(self) -> List[str]: ...
    @property
    def pattern_count(self) -> int: ...

class Records(Iterator[Record]):
    """The records of one ``extract`` run, in input order."""

    def __iter__(self) -> "Records": ...
    def __next__(self) -> Record: ...
    @property
    def summary(self) -> Optional[Dict[str, int]]: ...

def extract(
    paths: Sequence[str],
    *,
    rules: Optional[Rules] = None,
    near_dup: float = 0.8,
    threads: Optional[int] = None,
) -> Records: ...
def extract_html(
    html: str,
    *,
    url: Optional[str] = None,
    date: Optional[str] = None,
    id: Optional[str] = None,
    rules: Optional[Rules] = None,
) -> Record: ...
def extract_text(
    text: str,
    *,
    url: Optional[str] = None,
    date: Optional[str] = None,
    id: Optional[str] = None,
    rules: Optional[Rules] = None,
) -> Record: ...
