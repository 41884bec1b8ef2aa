"""Scholars' annotations (``standOff/listAnnotation``) in the view model, anchored in the text.

An annotation targets a block (``#p-7k3m2q``) or a phrase inside one; its ``@target`` is read with
:mod:`pipeline.targets`, the one parser of that syntax. The annotations stage wraps a phrase in
``<seg type="annotated" xml:id="anchor-…">`` (docs/tei-model.md) and lists those segs in
``@target``; the view model reads each seg as an ``annotated`` node with that ID. A hand-written TEI
may still point with ``#match(p-7k3m2q,'仁川登陸',2)``: :func:`anchor_phrases` then wraps the phrase
in a copy of the TEI exactly as the annotations stage would (the same visible text,
:mod:`pipeline.visible`, the same seg IDs), so such a TEI renders as the build's would; a phrase its
block does not have leaves the call at the end of the block. Either way an ``annotation-ref`` node
(the call, lettered a, b, c… in reading order) follows the phrase; a block target gets its call at
the end of the block. Each block holding a call lists the annotation in ``Node.annotations``, for
margin notes. An annotation whose target is missing stays in the list, unanchored
(``attrs["anchored"] == "no"``): the editions show it rather than drop it.
"""
from __future__ import annotations

import copy

from lxml import etree

from pipeline.targets import Pointer, PointerError, anchor_seg, parse_pointer
from pipeline.tei import NS, PIPELINE_RESP, XML_ID, XML_LANG, tag
from pipeline.visible import VisibleText
from pipeline.wording import lettering
from pipeline.writers.nodes import Kind

#: Kinds whose children are inline content an annotation call can be appended to.
INLINE_HOLDERS = {Kind.PARAGRAPH, Kind.HEADING, Kind.NOTE, Kind.FIGURE, Kind.CAPTION, Kind.EDITORIAL, Kind.SPAN}
#: Kinds holding both inline runs (``span``) and blocks: the call goes into the last run.
MIXED_HOLDERS = {Kind.ITEM, Kind.QUOTE, Kind.CELL}
_ANNOTATIONS = "tei:standOff/tei:listAnnotation//tei:annotation"


def read_target(value: str) -> list[Pointer | str]:
    """The pointers of an ``@target`` in order; a token that is not a pointer is kept as written
    (it points nowhere, and the annotation is shown unanchored with it)."""
    result: list[Pointer | str] = []
    for token in value.split():
        try:
            result.append(parse_pointer(token))
        except PointerError:
            result.append(token)
    return result


def anchor_phrases(root: etree._Element) -> etree._Element:
    """``root``, or a copy of it in which each phrase target (``#match(…)``) found in its block is
    wrapped in segs and replaced in ``@target`` by them, as the annotations stage does."""
    if not any("#match(" in target for target in root.xpath(f"{_ANNOTATIONS}/@target", namespaces=NS)):
        return root
    root = copy.deepcopy(root)
    lang = root.get(XML_LANG, "zh")
    text = root.find(tag("text"))
    blocks = {e.get(XML_ID): e for e in text.iter() if isinstance(e.tag, str) and e.get(XML_ID)} \
        if text is not None else {}
    for annotation in root.xpath(_ANNOTATIONS, namespaces=NS):
        annotation_id = annotation.get(XML_ID, "")
        tokens = []
        for number, token in enumerate(annotation.get("target", "").split(), start=1):
            pointer = read_target(token)[0]
            segs = _wrap(blocks, lang, pointer, annotation_id, number) if isinstance(pointer, Pointer) else []
            tokens.append(" ".join(f"#{seg.get(XML_ID)}" for seg in segs) or token)
        annotation.set("target", " ".join(tokens))
    return root


def _wrap(blocks: dict, lang: str, pointer: Pointer, annotation_id: str, number: int) -> list:
    """The segs wrapping a phrase pointer's occurrence of its phrase in its block (none if the
    pointer has no phrase or the block no such occurrence)."""
    block = blocks.get(pointer.block)
    if pointer.phrase is None or block is None:
        return []
    text = VisibleText(block, lang)
    found = text.occurrences(pointer.phrase)
    if len(found) < pointer.occurrence:
        return []
    start = found[pointer.occurrence - 1]
    return text.wrap(start, start + len(pointer.phrase), lambda piece: anchor_seg(annotation_id, number, piece))


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
        targets = read_target(annotation.get("target", ""))
        result.append(node(Kind.ANNOTATION, annotation.get(XML_ID, ""), {
            "type": owner.get("type", ""),
            "motivation": annotation.get("motivation", ""),
            "resp": "、".join(n for n in names if n) or annotation.get("resp", "").lstrip("#"),
            "role": "、".join(dict.fromkeys(r for r in roles if r)),
            "targets": " ".join(t.block if isinstance(t, Pointer) else t for t in targets),
            "phrase": next((t.phrase for t in targets if isinstance(t, Pointer) and t.phrase), ""),
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
        targets = annotation.attrs["targets"].split()
        segs = []
        for number, block_id in enumerate(targets, start=1):
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


def _letter(annotations: list, trees: list[list]) -> None:
    calls: dict[str, list] = {}
    for tree in trees:
        for found in _walk(tree):
            if found.kind == Kind.ANNOTATION_REF:
                calls.setdefault(found.attrs["annotation"], []).append(found)
    first_call = {annotation_id: number for number, annotation_id in enumerate(calls)}
    ordered = sorted(annotations, key=lambda a: first_call.get(a.id, len(first_call)))
    for number, annotation in enumerate(ordered):
        label = lettering(number)
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
