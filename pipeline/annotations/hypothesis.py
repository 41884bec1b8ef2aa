"""Reading a Hypothesis export (its JSON API format) into :class:`~pipeline.annotations.incoming.Incoming`.

Hypothesis answers a search (``/api/search``) with ``{"rows": [...], "total": N}``, and tools that
save a user's annotations write the rows as a list; each row is one annotation: ``text`` (Markdown,
kept as written), ``tags``, ``user`` (``acct:NAME@hypothes.is``, or a ``user_info.display_name``),
``created``, and ``target[].selector[]`` with the quote. A reply (``references``) points at another
annotation, not at text, so it has no quote and is listed as such by the importer.
"""
from __future__ import annotations

from pipeline.annotations.incoming import Incoming, day, objects, quotes_of, texts


def is_hypothesis(data: object) -> bool:
    """Whether ``data`` is a Hypothesis export: ``{"rows": …}``, or rows (objects with ``user`` or
    ``uri`` and no JSON-LD ``type``)."""
    if isinstance(data, dict) and "rows" in data:
        return True
    rows = objects(data)
    return bool(rows) and all("type" not in row and ("user" in row or "uri" in row) for row in rows)


def read_hypothesis(data: object) -> list[Incoming]:
    """The annotations of a Hypothesis export, in file order."""
    rows = data.get("rows") if isinstance(data, dict) and "rows" in data else data
    return [_row(number, row) for number, row in enumerate(objects(rows), start=1)]


def _row(number: int, row: dict) -> Incoming:
    text = row.get("text") if isinstance(row.get("text"), str) else ""
    tags = texts(row.get("tags"))
    if row.get("references"):
        motivation = "replying"
    elif text.strip():
        motivation = "commenting"
    else:
        motivation = "tagging" if tags else "highlighting"
    info = row.get("user_info") if isinstance(row.get("user_info"), dict) else {}
    user = info.get("display_name") or row.get("user")
    creator = user.removeprefix("acct:") if isinstance(user, str) and user.strip() else None
    row_id = row.get("id") if isinstance(row.get("id"), str) else None
    return Incoming(number, row_id, quotes_of(row.get("target")), text.strip(), motivation, creator,
                    day(row.get("created")), tags)
