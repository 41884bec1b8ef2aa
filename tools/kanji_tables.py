"""Write ``pipeline/transforms/kanji.tsv``: the two character sets the languages stage tells
Japanese from Chinese by, worked out once from OpenCC's tables and three national encodings
instead of in every process (going through 21,000 code points with OpenCC cost 0.3-0.4 s of CPU
per process, a third of a fresh ``edition convert``).

- *Japanese only*: OpenCC's shinjitai (``t2jp``) of a traditional character, when neither GB 2312
  (simplified) nor Big5 (traditional) can encode it and ``t2s`` leaves it alone (産, 説 are
  written in Chinese too), so Chinese text of either script does not have it (戦, 駅, 図).
- *Chinese only*: simplified characters Japanese never writes (经, 这, 们, 释): ``s2t`` changes
  them, the Japanese form of their traditional form is another character, and Shift JIS cannot
  encode them.

Run it again when OpenCC's dictionaries change; ``tests/test_script_respect.py`` checks the file
against what this computes::

    .venv/bin/python tools/kanji_tables.py
"""
from __future__ import annotations

from pathlib import Path

from pipeline.lang import converter

TABLE = Path(__file__).resolve().parent.parent / "pipeline" / "transforms" / "kanji.tsv"
#: the CJK Unified Ideographs block, where both sets lie
IDEOGRAPHS = range(0x4E00, 0xA000)


def japanese_only() -> str:
    to_japanese, to_simplified = converter("t2jp"), converter("t2s")
    found = set()
    for point in IDEOGRAPHS:
        form = to_japanese.convert(chr(point))
        if (len(form) == 1 and form != chr(point) and to_simplified.convert(form) == form
                and not _encodes(form, "gb2312") and not _encodes(form, "big5")):
            found.add(form)
    return "".join(sorted(found))


def chinese_only() -> str:
    to_traditional, to_japanese = converter("s2t"), converter("t2jp")
    found = []
    for point in IDEOGRAPHS:
        char = chr(point)
        traditional = to_traditional.convert(char)
        if traditional != char and to_japanese.convert(traditional) != char and not _encodes(char, "shift_jis"):
            found.append(char)
    return "".join(found)


def _encodes(char: str, codec: str) -> bool:
    try:
        char.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def text() -> str:
    return f"japanese-only\t{japanese_only()}\nchinese-only\t{chinese_only()}\n"


if __name__ == "__main__":
    TABLE.write_text(text(), encoding="utf-8")
