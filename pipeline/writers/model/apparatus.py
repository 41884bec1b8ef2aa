"""The editions' editorial apparatus: each explanation the pipeline gives, set out once.

The TEI keeps every intervention where it stands (a gap's ``desc``, the editorial note after a
maintenance tag, a lost note's own editorial note), one explanation per occurrence. Printed so,
the same sentence stood seven times in one paragraph and a line per lost note filled pages. So
the view model shows a small sign where an intervention stands (〔…〕, [来源请求], 〔标题缺失〕)
and gathers the explanations into entries, one per distinct explanation, that every sign of it
points at (``attrs["apparatus"]``); the notes whose text is lost or unresolved collapse into one
statement per kind, their numbers written as ranges, and their calls point at it
(``attrs["statement"]``) while keeping the source's numbers.
"""
from __future__ import annotations

from pipeline.wording import labels, note_statement
from pipeline.writers.nodes import Document, Kind, Node, text_node

#: Notes that stand for a text this version of the source lacks (TEI ``note/@type``): stated once
#: in the notes section, never one line each
TEXTLESS_NOTES = ("lost", "unresolved")
#: the sign of a lacuna in the running text
LACUNA = "〔…〕"


class Apparatus:
    """The entries of one article's apparatus, in order of their first sign; one per explanation."""

    def __init__(self) -> None:
        self.entries: list[Node] = []
        self._ids: dict[str, str] = {}

    def entry(self, words: list[Node], subtype: str, sign: str) -> str:
        """The id of the entry explaining ``words`` (made at its first sign, which names it)."""
        key = "".join(node.plain_text() for node in words).strip()
        if key not in self._ids:
            self._ids[key] = f"ed-{len(self.entries) + 1}"
            self.entries.append(Node(Kind.APPARATUS, self._ids[key], {"subtype": subtype, "sign": sign}, words))
        return self._ids[key]


def supplied_title(lang: str, witness: str | None = None) -> str:
    """The title an edition shows for a heading lost in conversion: the same heading of the
    other witness when an alignment of the witnesses finds one (not built yet), else 〔标题缺失〕."""
    return witness or f"〔{labels(lang)['heading_missing']}〕"


def textless(note: Node) -> bool:
    """A note whose text this version of the source lacks."""
    return note.attrs.get("type") in TEXTLESS_NOTES


def collapse_textless(document: Document) -> None:
    """The document's statements of its notes without text (:func:`note_statements`), and every
    call of such a note pointed at its statement (``attrs["statement"]``)."""
    document.note_statements = note_statements(document.notes, document.lang)
    statement_of = {note_id: statement.id for statement in document.note_statements
                    for note_id in statement.attrs["notes"].split()}
    trees = [*document.all_blocks(), *(node for a in document.annotations for node in a.walk())]
    for node in trees:
        if node.kind == Kind.NOTEREF and node.attrs.get("note") in statement_of:
            node.attrs["statement"] = statement_of[node.attrs["note"]]


def note_statements(notes: list[Node], lang: str) -> list[Node]:
    """One statement per kind of textless note (``notes-lost``, ``notes-unresolved``) in the
    script of ``lang``, listing the notes' numbers and their ids (``attrs["notes"]``, so that a
    link to a note's own id can still land on it)."""
    statements = []
    for kind in TEXTLESS_NOTES:
        group = [note for note in notes if note.attrs.get("type") == kind]
        if group:
            words = note_statement(kind, [note.attrs.get("n", "") for note in group], lang)
            statements.append(Node(Kind.APPARATUS, f"notes-{kind}", {
                "subtype": f"{kind}-notes", "sign": "", "notes": " ".join(note.id for note in group if note.id)},
                text_node(words)))
    return statements
