"""Write ``pipeline/citations/pinyin.tsv``: pypinyin's toneless readings as one small table, so
that romanising a name costs no import of pypinyin (0.15-0.2 s of CPU in each process that loads
its dictionaries).

The bibliography's sort keys and BibTeX keys are made of toneless pinyin
(:mod:`pipeline.citations.romanise`). pypinyin reads a text by cutting each run of Han characters
into the longest phrases of its dictionary from the left, a phrase by its own reading (重庆
*chongqing*), any other character by its first reading. The table holds what that needs, as
pypinyin itself gives it (``lazy_pinyin``, ``Style.NORMAL``): a line per character
(``CHARACTER<TAB>syllable``) and per phrase (``PHRASE<TAB>syllable syllable …``, or
``PHRASE<TAB>`` when it reads as its characters do: it still takes part in the cutting). Run
it again when pypinyin's dictionaries change; ``tests/test_speed_paths.py`` checks the table
against pypinyin::

    .venv/bin/python tools/pinyin_table.py
"""
from __future__ import annotations

from pathlib import Path

from pypinyin import Style, lazy_pinyin
from pypinyin.constants import RE_HANS
from pypinyin.phrases_dict import phrases_dict
from pypinyin.pinyin_dict import pinyin_dict

TABLE = Path(__file__).resolve().parent.parent / "pipeline" / "citations" / "pinyin.tsv"


def reading(text: str) -> list[str]:
    return lazy_pinyin(text, style=Style.NORMAL, errors="ignore")


def lines() -> list[str]:
    characters = {}
    for code in sorted(pinyin_dict):
        syllables = reading(chr(code))
        if len(syllables) == 1 and syllables[0]:
            characters[chr(code)] = syllables[0]
    found = [f"{character}\t{syllable}\n" for character, syllable in characters.items()]
    for phrase in sorted(phrases_dict):
        if len(phrase) > 1 and RE_HANS.match(phrase):  # pypinyin cuts runs of Han characters only
            syllables = reading(phrase)
            alone = [characters.get(character) for character in phrase]
            found.append(f"{phrase}\t{'' if syllables == alone else ' '.join(syllables)}\n")
    return found


def main() -> None:
    table = lines()
    TABLE.write_text("".join(table), encoding="utf-8")
    print(f"{TABLE}: {len(table)} lines")


if __name__ == "__main__":
    main()
