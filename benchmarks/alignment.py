"""How long aligning the two seed witnesses takes, and what it finds (issue 19: under 2 s).

Run from the repository root::

    python -m benchmarks.alignment [--repeat N]

Reads the committed TEI of the two seeds (``tei/korean-war.xml``, ``tei/korean-war-zh-hant.xml``),
aligns them ``--repeat`` times (:func:`pipeline.collation.align.align`: comparison texts, candidates,
the monotone chain, gaps, splits and merges, moves) and prints the median time, the links by type
and the blocks without counterpart. Then the same on the witnesses repeated four times over (four
times the blocks), to show the time grows about linearly with the witnesses' length.
"""
from __future__ import annotations

import argparse
import copy
import statistics
import time
from collections import Counter
from pathlib import Path

from lxml import etree

from pipeline.collation.align import align
from pipeline.collation.normalise import witness_blocks
from pipeline.tei import XML_ID

REPO = Path(__file__).resolve().parent.parent


def repeated(root: etree._Element, times: int) -> etree._Element:
    """The witness with its body's content given ``times`` times over, each copy's IDs made unique."""
    bigger = copy.deepcopy(root)
    body = bigger.find("{*}text/{*}body")
    original = list(body)
    for copy_number in range(1, times):
        for element in original:
            twin = copy.deepcopy(element)
            for inner in twin.iter():
                if inner.get(XML_ID):
                    inner.set(XML_ID, f"{inner.get(XML_ID)}-{copy_number}")
            body.append(twin)
    return bigger


def timing(a: etree._Element, b: etree._Element, repeat: int) -> tuple[float, list]:
    times, links = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        links = align(a, b)
        times.append(time.perf_counter() - start)
    return statistics.median(times), links


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    a = etree.parse(str(REPO / "tei" / "korean-war.xml")).getroot()
    b = etree.parse(str(REPO / "tei" / "korean-war-zh-hant.xml")).getroot()
    align(a, b)  # OpenCC's dictionaries loaded once, as in a build
    seconds, links = timing(a, b, args.repeat)
    blocks = len(witness_blocks(a)), len(witness_blocks(b))
    aligned = Counter()
    for link in links:
        aligned[link.type] += len(link.a) + len(link.b)
    print(f"align the seeds ({blocks[0]} + {blocks[1]} blocks): {seconds:.3f} s (goal < 2 s)")
    print("links:", dict(Counter(link.type for link in links)), "| blocks aligned by type:", dict(aligned),
          "| blocks without counterpart:", sum(blocks) - sum(aligned.values()))
    four, _ = timing(repeated(a, 4), repeated(b, 4), 1)
    print(f"the seeds four times over: {four:.3f} s ({four / seconds:.1f}× the time for 4× the blocks)")


if __name__ == "__main__":
    main()
