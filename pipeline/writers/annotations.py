"""Scholars' annotations (``standOff/listAnnotation``) in the view model, anchored in the text.

An annotation targets a block (``#p-7k3m2q``) or a phrase inside one. The annotations transform
wraps a phrase in ``<seg type="annotated" xml:id="anchor-…">`` (docs/tei-model.md), which the
view model reads as an ``annotated`` node with that ID, and lists those segs in ``@target``; a
hand-written TEI may still point with ``#match(p-7k3m2q,'仁川登陸')``, and then this module
wraps the phrase itself. Either way an ``annotation-ref`` node (the call, lettered a, b, c… in
reading order) follows the phrase; a block target gets its call at the end of the block. Each
block holding a call lists the annotation in ``Node.annotations``, for margin notes. An
annotation whose target is missing stays in the list, unanchored (``attrs["anchored"] == "no"``):
the editions show it rather than drop it.
"""
from __future__ import annotations

import re
import string

from lxml import etree

from pipeline.tei import NS, PIPELINE_RESP, XML_ID, tag
from pipeline.writers.nodes import Kind

TARGET_TOKEN = re.compile(r"""[^\s#]*#match\((?:[^()'"]|'[^']*'|"[^"]*")*\)|\S+""")
MATCH = re.compile(r"""match\(\s*([^,\s)]+)\s*,\s*(['"])(.*)\2\s*\)$""", re.S)
#: Inline kinds whose text a reader sees and a phrase may run through.
TEXT_CONTAINERS = {Kind.HI, Kind.LINK, Kind.NOCONV, Kind.SPAN, Kind.FOREIGN, Kind.ANNOTATED, Kind.REG, Kind.PARAGRAPH}
#: Kinds whose children are inline content an annotation call can be appended to.
INLINE_HOLDERS = {Kind.PARAGRAPH, Kind.HEADING, Kind.NOTE, Kind.FIGURE, Kind.CAPTION, Kind.EDITORIAL, Kind.SPAN}
#: Kinds holding both inline runs (``span``) and blocks: the call goes into the last run.
MIXED_HOLDERS = {Kind.ITEM, Kind.QUOTE, Kind.CELL}


def parse_target(target: str) -> list[tuple[str, str | None]]:
    """``(block id, phrase or None)`` for each pointer of a ``@target`` (file parts dropped)."""
    result = []
    for token in TARGET_TOKEN.findall(target or ""):
        pointer = token.split("#", 1)[1] if "#" in token else token
        match = MATCH.match(pointer)
        if match:
            result.append((match.group(1), match.group(3)))
        elif pointer:
            result.append((pointer, None))
    return result


def read_annotations(root: etree._Element, builder, node) -> list:
    """Every ``<annotation>`` of the standOff as an ``annotation`` node (not yet anchored)."""
    result = []
    for annotation in root.xpath("tei:standOff/tei:listAnnotation//tei:annotation", namespaces=NS):
        owner = annotation.getparent()
        names = [" ".join("".join(name.itertext()).split())
                 for name in annotation.xpath("tei:respStmt/*[not(self::tei:resp)]", namespaces=NS)]
        roles = ["".join(resp.itertext()).strip() for resp in annotation.xpath("tei:respStmt/tei:resp", namespaces=NS)]
        body = []
        for part in annotation:
            if isinstance(part.tag, str) and part.tag in (tag("note"), tag("ref"), tag("ptr")):
                if part.tag == tag("note") and part.get("resp") == PIPELINE_RESP:
                    # what the pipeline says (an orphan's old position) is editorial, not the scholar's
                    body.append(node(Kind.EDITORIAL, None, {"type": part.get("type", "")}, builder.inlines(part)))
                else:
                    body.extend(builder.mixed(part, 1) if part.tag == tag("note") else builder.inline(part))
        targets = parse_target(annotation.get("target", ""))
        result.append(node(Kind.ANNOTATION, annotation.get(XML_ID, ""), {
            "type": owner.get("type", ""),
            "motivation": annotation.get("motivation", ""),
            "resp": "、".join(n for n in names if n) or annotation.get("resp", "").lstrip("#"),
            "role": "、".join(dict.fromkeys(r for r in roles if r)),
            "targets": " ".join(block for block, _ in targets),
            "phrase": next((phrase for _, phrase in targets if phrase), ""),
            "anchored": "no", "label": "", "refs": "",
        }, body))
    return result


def anchor_annotations(annotations: list, trees: list[list], node) -> None:
    """Insert each annotation's call (and phrase mark) into ``trees`` and letter them in reading order."""
    index, places = {}, {}
    for tree in trees:
        for found, holder, parent in _walk_with_siblings(tree, None):
            places[id(found)] = (holder, parent)
            if found.id and found.id not in index:
                index[found.id] = found
    for annotation in annotations:
        targets = parse_target_attrs(annotation)
        segs = []
        for number, (block_id, phrase) in enumerate(targets, start=1):
            target = index.get(block_id)
            if target is not None and target.kind == Kind.ANNOTATED:
                segs.append(target)
                annotation.attrs["anchored"] = "yes"
                continue
            holder = _holder(target) if target is not None else None
            if holder is None:
                continue
            call = node(Kind.ANNOTATION_REF, f"ref-{annotation.id}-{number}",
                        {"annotation": annotation.id, "label": ""}, [])
            if not (phrase and _wrap_phrase(holder, phrase, annotation.id, call, node)):
                _append_call(holder, call, node)
            annotation.attrs["anchored"] = "yes"
        if segs:
            annotation.attrs["phrase"] = annotation.attrs.get("phrase") or "…".join(seg.plain_text() for seg in segs)
            # the transform's segs are in document order: the call follows the last piece, and
            # follows the link around it rather than nest a link in a link
            last = segs[-1]
            around, parent = places[id(last)]
            while parent is not None and parent.kind in LINKS:
                last = parent
                around, parent = places[id(last)]
            position = next(i for i, candidate in enumerate(around) if candidate is last)
            around.insert(position + 1, node(Kind.ANNOTATION_REF, f"ref-{annotation.id}-{len(targets) + 1}",
                                             {"annotation": annotation.id, "label": ""}, []))
    _letter(annotations, trees)
    _list_in_blocks(annotations, trees)


#: Inline kinds that are links themselves: a call is never put inside one.
LINKS = {Kind.LINK, Kind.BIBLREF, Kind.NOTEREF}
#: Kinds of the citable blocks beside which a margin note stands.
MARGIN_HOLDERS = {Kind.PARAGRAPH, Kind.HEADING, Kind.ITEM, Kind.FIGURE, Kind.TABLE, Kind.QUOTE, Kind.CODE, Kind.NOTE}


def _list_in_blocks(annotations: list, trees: list[list]) -> None:
    """Each citable block lists (``Node.annotations``) the annotations whose calls it holds, and
    each annotation names those blocks (``attrs["blocks"]``: what a reader is pointed to)."""
    by_id = {annotation.id: annotation for annotation in annotations}

    def visit(nodes: list, block) -> None:
        for found in nodes:
            if found.kind == Kind.ANNOTATION_REF and block is not None:
                annotation = by_id.get(found.attrs["annotation"])
                if annotation is not None and all(a is not annotation for a in block.annotations):
                    block.annotations.append(annotation)
                    annotation.attrs["blocks"] = " ".join(filter(None, (annotation.attrs.get("blocks"), block.id)))
            visit(found.children, found if found.kind in MARGIN_HOLDERS and found.id else block)

    for tree in trees:
        visit(tree, None)


def _walk_with_siblings(nodes: list, parent):
    """Every node below ``nodes`` with the list that holds it and the node that list belongs to."""
    for found in nodes:
        yield found, nodes, parent
        yield from _walk_with_siblings(found.children, found)


def parse_target_attrs(annotation) -> list[tuple[str, str | None]]:
    """The (block, phrase) pairs of an annotation node: the phrase belongs to the first pointer that had one."""
    phrase = annotation.attrs.get("phrase") or None
    blocks = annotation.attrs.get("targets", "").split()
    return [(block, phrase if index == 0 else None) for index, block in enumerate(blocks)]


def letter(index: int) -> str:
    """0 → a, 25 → z, 26 → aa: the lettering of annotation calls."""
    letters = string.ascii_lowercase
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = letters[rest] + label
    return label


def _letter(annotations: list, trees: list[list]) -> None:
    calls: dict[str, list] = {}
    for tree in trees:
        for found in _walk(tree):
            if found.kind == Kind.ANNOTATION_REF:
                calls.setdefault(found.attrs["annotation"], []).append(found)
    first_call = {annotation_id: number for number, annotation_id in enumerate(calls)}
    ordered = sorted(annotations, key=lambda a: first_call.get(a.id, len(first_call)))
    for number, annotation in enumerate(ordered):
        label = letter(number)
        annotation.attrs["label"] = label
        annotation.attrs["refs"] = " ".join(call.id for call in calls.get(annotation.id, []))
        for call in calls.get(annotation.id, []):
            call.attrs["label"] = label
    annotations[:] = ordered


def _walk(nodes: list):
    for found in nodes:
        yield found
        yield from _walk(found.children)


def _holder(target):
    """The node whose inline content takes the call for a block target."""
    if target.kind in INLINE_HOLDERS or target.kind in MIXED_HOLDERS:
        return target
    if target.kind == Kind.SECTION:
        return next((c for c in target.children if c.kind == Kind.HEADING), None) or \
            next((c for c in target.children if c.kind in INLINE_HOLDERS), None)
    if target.kind == Kind.TABLE:
        return target.children[0] if target.children else None
    if target.kind == Kind.LIST and target.children:
        return target.children[-1]
    return None


def _append_call(holder, call, node) -> None:
    """The call at the end of the holder's text (in its last inline run for mixed content)."""
    children = holder.children
    if holder.kind not in MIXED_HOLDERS:
        children.append(call)
    elif children and children[-1].kind == Kind.SPAN:
        children[-1].children.append(call)
    else:
        children.append(node(Kind.SPAN, None, {}, [call]))


def _leaves(nodes: list, shown: str | None = None):
    """(sibling list, index, text node) for each piece of visible text, in reading order."""
    for index, found in enumerate(nodes):
        if found.kind == Kind.TEXT:
            yield nodes, index, found
        elif found.kind == Kind.VARIANT:
            for reg in found.children:
                if reg.attrs.get("lang") == found.attrs.get("shown"):
                    yield from _leaves(reg.children)
        elif found.kind in TEXT_CONTAINERS:
            yield from _leaves(found.children)


def _wrap_phrase(holder, phrase: str, annotation_id: str, call, node) -> bool:
    """Mark the first occurrence of ``phrase`` in the holder's visible text; the call follows it."""
    leaves = list(_leaves(holder.children))
    text = "".join(leaf.text or "" for _, _, leaf in leaves)
    start = text.find(phrase)
    if start < 0 or not phrase:
        return False
    end = start + len(phrase)
    offsets, position = [], 0
    for siblings, index, leaf in leaves:
        offsets.append((siblings, index, leaf, position))
        position += len(leaf.text or "")
    overlapping = [o for o in offsets if o[3] < end and o[3] + len(o[2].text or "") > start]
    for number, (siblings, index, leaf, leaf_start) in enumerate(reversed(overlapping)):
        value = leaf.text or ""
        inner_start, inner_end = max(start - leaf_start, 0), min(end - leaf_start, len(value))
        pieces = []
        if inner_start:
            pieces.append(node(Kind.TEXT, None, {}, [], value[:inner_start]))
        pieces.append(node(Kind.ANNOTATED, None, {"annotation": annotation_id}, [
            node(Kind.TEXT, None, {}, [], value[inner_start:inner_end])]))
        if number == 0:
            pieces.append(call)
        if inner_end < len(value):
            pieces.append(node(Kind.TEXT, None, {}, [], value[inner_end:]))
        siblings[index:index + 1] = pieces
    return True
