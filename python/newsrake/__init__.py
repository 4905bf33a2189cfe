"""newsrake: news articles in, diplomatic events, actors, quotes and dates out.

Python bindings over the newsrake Rust pipeline. Every function returns exactly the schema-1
records the ``newsrake extract`` command prints (see docs/schema.md in the repository), as dicts.

Quick start::

    import newsrake

    rec = newsrake.extract_text("Peru on Friday ordered the expulsion of Venezuela's ambassador.")
    [(e["action"], e["source"]["code"], e["target"]["code"]) for e in rec["events"]]
    # [('expel', 'PER', 'VEN')]

    for rec in newsrake.extract("corpus/"):      # streamed, in sorted path order
        ...

    frame = newsrake.to_frame(newsrake.extract("corpus/"), view="events")   # needs pandas
"""

import os
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Union

from ._newsrake import SCHEMA, Records, RuleError, Rules, extract_html, extract_text
from ._newsrake import extract as _extract

__all__ = [
    "SCHEMA",
    "Records",
    "RuleError",
    "Rules",
    "extract",
    "extract_html",
    "extract_text",
    "to_frame",
]

PathArg = Union[str, "os.PathLike[str]"]


def extract(
    paths: Union[PathArg, Iterable[PathArg]],
    *,
    rules: Optional[Rules] = None,
    near_dup: float = 0.8,
    threads: Optional[int] = None,
) -> Records:
    """Extract one record per document from files and folders, streamed.

    Args:
        paths: a file or folder, or several. Folders are walked recursively in sorted order;
            hidden files and web assets (images, styles, scripts...) are skipped, as by the CLI.
        rules: a :class:`Rules` pack; None uses the default pack built into the package.
        near_dup: Jaccard similarity of word 5-shingles at or above which a document is marked
            as a near duplicate of an earlier one (1.0 keeps exact duplicates only).
        threads: worker threads; None uses every core. Records are the same for any value.

    Returns:
        An iterator of dicts, one per document in input order, exactly the records
        ``newsrake extract`` prints. Documents are processed in chunks on a background thread
        pool while you iterate, so a corpus larger than memory works; a document that cannot
        be read gets a record with an ``error`` field instead of raising. After the iterator
        is exhausted, its ``summary`` holds the counts of the run.
    """
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]
    return _extract([os.fsdecode(p) for p in paths], rules=rules, near_dup=near_dup, threads=threads)


# Columns of the flat views, in the order of the CLI's `--emit` lines; nested objects become
# dotted columns so that every view is one row per item with scalar cells.
_ACTOR_REF = ["text", "code", "start", "end"]
_VIEW_COLUMNS: Dict[str, List[str]] = {
    "events": ["doc", "action"]
    + [f"source.{k}" for k in _ACTOR_REF]
    + [f"target.{k}" for k in _ACTOR_REF]
    + ["person.name", "person.title", "polarity"]
    + [f"date.{k}" for k in ["text", "value", "start", "end"]]
    + [f"deadline.{k}" for k in ["text", "kind", "value", "start", "end"]]
    + ["trigger.text", "trigger.start", "trigger.end", "sentence.start", "sentence.end", "rule"],
    "quotes": ["doc", "text", "start", "end", "partial"]
    + [f"speaker.{k}" for k in ["text", "name", "code", "start", "end"]]
    + ["cue"],
    "docs": [
        "schema",
        "id",
        "path",
        "url",
        "published",
        "format",
        "title",
        "text",
        "repeats_removed",
        "duplicate_of",
        "similarity",
        "n_actors",
        "n_events",
        "n_quotes",
        "n_times",
        "error.kind",
        "error.message",
    ],
}
# Sub-objects whose fields the views list; they become dotted columns, null when absent.
_NESTED = {"source", "target", "person", "date", "deadline", "trigger", "sentence", "speaker", "error"}
_LISTS = ("actors", "events", "quotes", "times")


def _flatten(item: Mapping[str, Any]) -> Dict[str, Any]:
    row: Dict[str, Any] = {}
    for key, value in item.items():
        if key in _NESTED or isinstance(value, dict):
            for sub, v in (value or {}).items():
                row[f"{key}.{sub}"] = v
        else:
            row[key] = value
    return row


def _doc_row(record: Mapping[str, Any]) -> Dict[str, Any]:
    row = _flatten({k: v for k, v in record.items() if k not in _LISTS})
    for name in _LISTS:
        row[f"n_{name}"] = len(record.get(name) or [])
    return row


def _view_rows(records: Iterable[Mapping[str, Any]], view: str) -> Iterator[Dict[str, Any]]:
    for record in records:
        if view == "docs":
            yield _doc_row(record)
            continue
        for item in record.get(view) or []:
            yield _flatten({"doc": record.get("id"), **item})


def to_frame(
    records: Union[Mapping[str, Any], Iterable[Mapping[str, Any]]], view: str = "events"
) -> "pandas.DataFrame":  # noqa: F821 (pandas is optional)
    """Turn document records into a flat pandas DataFrame.

    Args:
        records: document records (the dicts :func:`extract`, :func:`extract_html` or
            :func:`extract_text` return), or one record. An iterator is consumed as it goes.
        view: ``"events"`` (one row per event), ``"quotes"`` (one row per quote) or ``"docs"``
            (one row per document).

    Returns:
        A DataFrame. The ``events`` and ``quotes`` views have the columns of the CLI's
        ``--emit events|quotes`` lines: ``doc`` (the document id) and the item's fields, with
        nested objects spread into dotted columns (``source.code``, ``trigger.start``,
        ``speaker.name``...), null where the object is null. The ``docs`` view has the
        document's scalar fields, ``n_actors``/``n_events``/``n_quotes``/``n_times`` counts and
        ``error.kind``/``error.message``. Columns are present even when there are no rows;
        offsets use pandas' nullable integer type.

    Raises:
        ValueError: for an unknown view.
        ImportError: when pandas is not installed (``pip install pandas``).
    """
    if view not in _VIEW_COLUMNS:
        raise ValueError(f"view must be one of {sorted(_VIEW_COLUMNS)}, got {view!r}")
    try:
        import pandas as pd
    except ImportError as e:  # pragma: no cover - exercised only without pandas
        raise ImportError("newsrake.to_frame needs pandas: pip install pandas") from e
    if isinstance(records, Mapping):
        records = [records]
    rows = list(_view_rows(records, view))
    columns = list(_VIEW_COLUMNS[view])
    seen = set(columns)
    for row in rows:  # fields added to the schema later still get a column, at the end
        for key in row:
            if key not in seen:
                seen.add(key)
                columns.append(key)
    frame = pd.DataFrame.from_records(rows, columns=columns)
    for col in columns:
        if col.split(".")[-1] in ("start", "end") or col.startswith("n_") or col == "repeats_removed":
            frame[col] = frame[col].astype("Int64")
    return frame
