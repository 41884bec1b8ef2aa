"""Labelling helper for the span-labelled citation corpus: drafts in, checked label files out.

Typing character offsets by hand is error-prone, so labellers write a *draft*: for every string,
its records and, per field, the text the field covers as it stands in the string (and, where the
text is not the value, the value). This tool finds each typed text in the string to compute its
span, writes the article's label file and prints the string with every span bracketed, so the
labeller reads back what was labelled. It never proposes a label: it only locates what was typed.
Usage, from the repository root with the repository on PYTHONPATH (docs/citation-labels.md,
"Workflow"):

    python tools/citation_labels.py show ARTICLE [HEADING ...] > draft.txt   # skeleton to fill in
    python tools/citation_labels.py draft ARTICLE > draft.txt               # labels back to a draft
    python tools/citation_labels.py apply draft.txt                        # write labels/ARTICLE.jsonl
    python tools/citation_labels.py check                                  # validate every label file
    python tools/citation_labels.py convert-seed OUT_FOLDER                # value labels -> drafts

Draft syntax: ``== ID | SOURCE | WHERE`` opens a string (ID is ``ARTICLE/note-N`` or
``ARTICLE/HEADING-N``); ``#`` lines are comments; ``!explanatory`` flags it; ``prose: TEXT`` is a
stretch of text outside any record (a string-level ``note`` span); ``+ KIND LANGUAGE WORK [links=0,1]`` opens a record (``-``
for null); ``FIELD: TEXT`` or ``FIELD: TEXT => VALUE`` labels a span; ``FIELD@N:`` pins the span
to start at character N, ``FIELD^K:`` takes the K-th occurrence after the previous record; ``\\u00a0`` types a
no-break space, ``\\u3000`` an ideographic one.
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

from tests.citation_corpus import FORMAT, LABELS_DIR, check_file, extract, label_files, load
from tests.note_corpus import SOURCE_LIST_HEADINGS, article_notes, article_path, article_source_list

FIELD_LINE = re.compile(r"(?P<name>[a-z-]+)(?:@(?P<at>\d+)|\^(?P<nth>\d+))?:\s?(?P<text>.*?)(?:\s=>\s(?P<value>.*))?$")
#: Invisible or odd spaces are typed as ``\\u00a0`` (no-break space), ``\\u3000`` (ideographic space).
UNICODE_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
ODD_SPACES = re.compile("[\u00a0\u2000-\u200f\u3000]")
SEED_FIELDS = {"authors": "author", "editors": "editor", "translators": "translator", "title": "title",
               "container": "container", "publisher": "publisher", "place": "place", "date": "date",
               "volume": "volume", "part": "part", "issue": "issue", "pages": "pages", "isbn": "isbn",
               "locator": "locator", "url": "url"}


def _id(source: str, where: str) -> str:
    article = source.removesuffix(".md").removesuffix(".wiki")
    kind, _, number = where.rpartition(" ")
    return f"{article}/{kind}-{number}"


def _header(source: str, where: str, found) -> list[str]:
    out = [f"== {_id(source, where)} | {source} | {where}", f"# {found.text}"]
    out += [f"# link {i}: {text} -> {url}" for i, (text, url) in enumerate(found.links)]
    return out


def show(article: str, headings: list[str]) -> str:
    """A draft skeleton: every filled note and every item under the named headings."""
    source = article_path(f"{article}.md").name if article_path(f"{article}.md").exists() else f"{article}.wiki.md"
    out = []
    for heading in headings:
        for number, item in enumerate(article_source_list(article_path(source), heading), 1):
            if item.text:
                out += _header(source, f"{heading} {number}", item) + [""]
    for number, note in article_notes(article_path(source)).items():
        if note.text:
            out += _header(source, f"note {number}", note) + [""]
    return "\n".join(out)


def draft(article: str) -> str:
    """The article's label file as a draft, every span pinned to its start."""
    out = []
    for line in load(LABELS_DIR / f"{article}.jsonl"):
        out += _header(line["source"], line["where"], extract(line["source"], line["where"]))
        out += ["!explanatory"] if line["explanatory"] else []
        out += [f"prose@{s}: {line['text'][s:e]}" for _, s, e in line.get("spans", [])]
        for record in line["records"]:
            links = f" links={','.join(map(str, record['links']))}" if record.get("links") else ""
            out.append(f"+ {record['kind'] or '-'} {record['language'] or '-'} {record['work'] or '-'}{links}")
            for name, start, end, *value in record["fields"]:
                typed = ODD_SPACES.sub(lambda m: f"\\u{ord(m.group()):04x}", line["text"][start:end])
                out.append(f"{name}@{start}: {typed}" + (f" => {value[0]}" if value else ""))
        out.append("")
    return "\n".join(out)


def _place(text: str, typed: str, taken: list[tuple[int, int]], floor: int, at, nth) -> int:
    if at is not None:
        return int(at)
    found = [m.start() for m in re.finditer(re.escape(typed), text) if m.start() >= floor]
    free = [i for i in (found[int(nth) - 1:int(nth)] if nth else found)
            if all(i + len(typed) <= s or i >= e for s, e in taken)]
    if not free:
        raise ValueError(f"{typed!r} not found (free, from {floor}) in {text!r}")
    return free[0]


def _locate(text: str, entries: list[dict], taken: list, floor: int) -> list[list]:
    """Spans for one record's typed fields, longest first so short ones avoid long ones."""
    spans = {}
    for index in sorted(range(len(entries)), key=lambda i: (entries[i]["at"] is None, -len(entries[i]["text"]))):
        entry = entries[index]
        start = _place(text, entry["text"], taken, floor, entry["at"], entry["nth"])
        if text[start:start + len(entry["text"])] != entry["text"]:
            raise ValueError(f"{entry['name']}@{start}: {entry['text']!r} is not the text there")
        taken.append((start, start + len(entry["text"])))
        spans[index] = [entry["name"], start, start + len(entry["text"])] + (
            [entry["value"]] if entry["value"] else [])
    return [spans[i] for i in range(len(entries))]


def _parse(draft_text: str) -> list[dict]:
    strings = []
    for raw in draft_text.splitlines():
        row = raw.strip()
        if not row or row.startswith("#"):
            continue
        if row.startswith("=="):
            key, source, where = (part.strip() for part in row[2:].split("|"))
            strings.append({"id": key, "source": source, "where": where, "explanatory": False,
                            "notes": [], "records": []})
        elif row == "!explanatory":
            strings[-1]["explanatory"] = True
        elif row.startswith("+"):
            kind, language, work, *rest = row[1:].split()
            links = [int(i) for part in rest for i in part.removeprefix("links=").split(",")]
            strings[-1]["records"].append({"kind": None if kind == "-" else kind,
                                           "language": None if language == "-" else language,
                                           "work": None if work == "-" else work, "links": links, "typed": []})
        else:
            match = FIELD_LINE.match(row)
            if not match:
                raise ValueError(f"cannot read draft line {row!r}")
            entry = match.groupdict()
            entry["text"] = UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), entry["text"])
            if entry["name"] == "prose":
                strings[-1]["notes"].append({**entry, "name": "note"})
            elif not strings[-1]["records"]:
                raise ValueError(f"{strings[-1]['id']}: {row!r} comes before any record ('prose:' is text outside records)")
            else:
                strings[-1]["records"][-1]["typed"].append(entry)
    return strings


def build(item: dict) -> dict:
    """One label line from one parsed draft string."""
    found = extract(item["source"], item["where"])
    text, taken, floor, records = found.text, [], 0, []
    for record in item["records"]:
        fields = _locate(text, record["typed"], taken, floor)
        floor = max((end for _, _, end, *_ in fields), default=floor)
        out = {"kind": record["kind"], "language": record["language"], "work": record["work"]}
        out.update({"links": record["links"]} if record["links"] else {})
        records.append({**out, "fields": sorted(fields, key=lambda s: s[1])})
    notes = [span[:3] for span in _locate(text, item["notes"], taken, 0)]
    line = {"format": FORMAT, "id": item["id"], "source": item["source"], "where": item["where"],
            "text": text, "links": [list(link) for link in found.links], "italics": list(found.italics),
            "explanatory": item["explanatory"], "records": records}
    return {**line, "spans": notes} if notes else line


def render(line: dict) -> str:
    """The text with every span bracketed: ⟦field|text⟧, records numbered."""
    marks = []
    for number, record in enumerate(line["records"], 1):
        marks += [(s, e, f"{number}{name}") for name, s, e, *_ in record["fields"]]
    marks += [(s, e, "note") for _, s, e in line.get("spans", [])]
    out, cursor = [], 0
    for start, end, name in sorted(marks):
        out.append(line["text"][cursor:start] + f"⟦{name}|{line['text'][start:end]}⟧")
        cursor = max(cursor, end)
    return "".join(out) + line["text"][cursor:]


def apply(path: Path) -> None:
    lines = []
    for item in _parse(path.read_text(encoding="utf-8")):
        try:
            lines.append(build(item))
        except ValueError as error:
            raise SystemExit(f"{item['id']}: {error}") from None
    for article in sorted({line["id"].split("/")[0] for line in lines}):
        mine = [line for line in lines if line["id"].split("/")[0] == article]
        target = LABELS_DIR / f"{article}.jsonl"
        target.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in mine), encoding="utf-8")
        for line in mine:
            print(line["id"], [(r["kind"], r["language"], r["work"]) for r in line["records"]])
            print("   ", render(line))
        print(f"{target}: {len(mine)} strings; errors:", *check_file(target), sep="\n  ")


def check() -> int:
    errors, strings, records = [], 0, Counter()
    for path in label_files():
        errors += check_file(path)
        for line in load(path):
            strings += 1
            records.update(r["language"] for r in line["records"])
    print(*errors, sep="\n")
    print(f"{len(label_files())} files, {strings} strings, {sum(records.values())} records by language: "
          f"{dict(records.most_common())}")
    return 1 if errors else 0


def convert_seed(seed: Path, out: Path) -> None:
    """Drafts from the value labels: each value typed as found; values not found left as ``?`` lines."""
    clean = total = 0
    drafts: dict[str, list[str]] = {}
    for item in load(seed):
        lines = drafts.setdefault(item["id"].split("/")[0], [])
        found = extract(item["source"], item["where"])
        lines += _header(item["source"], item["where"], found) + (["!explanatory"] if item["explanatory"] else [])
        urls = [url for _, url in found.links]
        for record in item["records"]:
            links = [urls.index(record["url"])] if record.get("url") in urls else []
            lines.append(f"+ {record.get('kind') or '-'} {record.get('language') or '-'} {record.get('work') or '-'}"
                         + (f" links={links[0]}" if links else ""))
            for key, name in SEED_FIELDS.items():
                values = record.get(key) or []
                for value in values if isinstance(values, list) else [values]:
                    if key == "url" and links:
                        continue
                    total += 1
                    ok = str(value) in found.text
                    clean += ok
                    lines.append(f"{name}: {value}" if ok else f"?{name}: {value}")
        lines.append("")
    out.mkdir(parents=True, exist_ok=True)
    for article, lines in drafts.items():
        (out / f"{article}.txt").write_text("\n".join(lines), encoding="utf-8")
    print(f"{clean} of {total} values found verbatim in their text; the rest are '?' lines to fix by hand")


def main(argv: list[str]) -> int:
    command, *args = argv
    if command == "show":
        print(show(args[0], args[1:] or list(SOURCE_LIST_HEADINGS)))
    elif command == "draft":
        print(draft(args[0]))
    elif command == "apply":
        apply(Path(args[0]))
    elif command == "check":
        return check()
    elif command == "convert-seed":
        convert_seed(LABELS_DIR.parent.parent / "citations.jsonl", Path(args[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
