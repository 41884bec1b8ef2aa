"""IDs and annotations through real kinds of revision (issue 15, cases 9–11).

Each test builds a small wiki-Markdown article in a throw-away project, annotates it, revises the
source as Wikipedia's editors or its script converter would, builds again and checks the ledger and
the merged edition: an ID is never reused for different text whatever the section structure did (the
(G)I-DLE case); an annotation whose text is gone is orphaned and listed with its old text, never
moved onto a neighbour, however long the chain of retirements; a simplified↔traditional or Taiwan
vocabulary conversion keeps every annotation on its exact (converted) span and every ID.
"""
from __future__ import annotations

from pathlib import Path

import opencc
import pytest
from lxml import etree

from conftest import run_in_process
from pipeline.ids.ledger import Ledger, load_ledger
from pipeline.tei import NS, XML_ID
from test_annotations import FOOTER, HEADER, annotation

CATALOG = """[edition]
title = "测试版"
publisher = "测试"
base_url = "https://edition.example.org"
licence = "CC BY-SA 4.0"
date = "2026-11-23"

[[article]]
id = "art"
file = "art.wiki.md"
format = "wiki-markdown"
lang = "zh-Hans"
title = "测试条目"
source = "https://zh.wikipedia.org/wiki/测试条目"
licence = "CC BY-SA 4.0"
"""


def project_with(tmp_path: Path, source: str) -> Path:
    project = tmp_path / "project"
    (project / "articles").mkdir(parents=True)
    (project / "articles" / "catalog.toml").write_text(CATALOG, encoding="utf-8")
    revise(project, source)
    return project


def revise(project: Path, source: str) -> None:
    (project / "articles" / "art.wiki.md").write_text(source, encoding="utf-8")


def build(project: Path) -> Ledger:
    result = run_in_process("build", "--formats", "tei", "--project", str(project))
    assert result.returncode == 0, result.stderr
    return load_ledger(project / "tei" / "ids" / "art.json")


def live_id(ledger: Ledger, kind: str, text: str) -> str:
    (found,) = [block_id for block_id, entry in ledger.entries.items()
                if entry.live and entry.kind == kind and entry.text == text]
    return found


def annotate(project: Path, *annotations: str) -> None:
    folder = project / "tei" / "annotations"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "art.xml").write_text(HEADER + "".join(annotations) + FOOTER, encoding="utf-8")


def edition(project: Path) -> etree._Element:
    return etree.parse(str(project / "tei" / "art.xml")).getroot()


def anchored(root: etree._Element) -> dict[str, str]:
    """Each anchored annotation's target text in the edition (its phrase, or its block's ID)."""
    texts: dict[str, str] = {}
    for merged in root.xpath("tei:standOff/tei:listAnnotation[@type='scholarly']/tei:annotation", namespaces=NS):
        targets = [target.lstrip("#") for target in merged.get("target").split()]
        elements = [root.xpath("//*[@xml:id=$id]", id=target)[0] for target in targets]
        texts[merged.get(XML_ID)] = "".join("".join(e.itertext()) if e.get("type") == "annotated"
                                            else e.get(XML_ID) for e in elements)
    return texts


def orphans(root: etree._Element) -> dict[str, str]:
    """Each orphaned annotation and the pipeline's note on where it stood."""
    return {orphan.get(XML_ID): orphan.find("tei:note[@type='orphaned']", NS).text
            for orphan in root.xpath("tei:standOff/tei:listAnnotation[@type='orphaned']/tei:annotation",
                                     namespaces=NS)}


# -- case 9: (G)I-DLE, list items moved from a subsection 小娟 into the section 个人单曲 ---------------

GIDLE_TOP = """**(G)I-DLE**是韩国Cube娱乐旗下的六人女子音乐组合，于2018年5月2日出道。

## 音乐作品

### 韩语

#### 迷你专辑

  - 2018年：《I am》
  - 2019年：《I made》

#### 数位单曲

  - 2018年：《HANN》
  - 2019年：《Uh-Oh》

#### 个人单曲
"""
GIDLE_BOTTOM = """
### 日语

#### 迷你专辑

  - 2019年：《LATATA》

## 外部链接

  - (G)I-DLE的V LIVE频道
"""
#: The older revision: 小娟's singles in a subsection of their own.
GIDLE_OLDER = GIDLE_TOP + """
##### 小娟

  - 2017年：《Jelly》
  - 2018年：《Idle Song》
""" + GIDLE_BOTTOM
#: The newer one: the subsection became a bold line, so the two items are members of 个人单曲.
GIDLE_NEWER = GIDLE_TOP + """
**小娟**

  - 2017年：《Jelly》
  - 2018年：《Idle Song》
""" + GIDLE_BOTTOM


def test_gidle_sections_keep_their_own_ids_and_a_vanished_subsection_retires(tmp_path):
    project = project_with(tmp_path, GIDLE_OLDER)
    before = build(project)
    singles, xiaojuan, xiaojuan_head = (live_id(before, "s", "个人单曲"), live_id(before, "s", "小娟"),
                                        live_id(before, "h", "小娟"))
    annotate(project, annotation("on-section", f"#{xiaojuan}"), annotation("on-heading", f"#{xiaojuan_head}"),
             annotation("on-singles", f"#{singles}"))
    build(project)
    revise(project, GIDLE_NEWER)
    after = build(project)
    assert after.entries[singles].live and after.entries[singles].text == "个人单曲"
    assert not after.entries[xiaojuan].live and after.entries[xiaojuan].text == "小娟"
    assert [block_id for block_id, entry in after.entries.items() if not entry.live] == sorted(
        [xiaojuan, xiaojuan_head])
    # No ID is reused for different text: every ID live in both builds has the same text.
    assert all(entry.text == after.entries[block_id].text for block_id, entry in before.entries.items()
               if after.entries[block_id].live)
    # The members went to 个人单曲 (the old ID's successor, for links), but an annotation of 小娟 does
    # not follow them there, nor onto the list item next to the old heading: it is listed.
    assert after.entries[xiaojuan].successor == singles
    root = edition(project)
    assert anchored(root) == {"on-singles": singles}
    assert orphans(root) == {
        "on-section": f"无法定位：原目标 #{xiaojuan} 所在的段落已在修订中删除，没有后继。原文：“小娟”。",
        "on-heading": f"无法定位：原目标 #{xiaojuan_head} 所在的段落已在修订中删除，没有后继。原文：“小娟”。",
    }


# -- case 10: annotations on deleted text are orphaned, whatever the chain of successors ------------

PARAGRAPHS = {
    "first": "1950年6月25日，朝鲜人民军越过三八线向南进攻，战争爆发。",
    "short": "联合国安理会随即通过决议，谴责朝鲜的进攻。",
    "long": "7月7日，联合国安理会通过关于组织统一司令部之决议，美国驻远东军总司令麦克阿瑟被任命为联合国军总司令，"
            "统一指挥参战各国的部队。",
    "last": "1953年7月27日，交战双方在板门店签署停战协定，战事结束。",
}


def article(*keys: str, joined: tuple[str, str] | None = None) -> str:
    paragraphs = [PARAGRAPHS[key] for key in keys]
    if joined:
        at = keys.index(joined[0])
        paragraphs[at:at + 2] = [paragraphs[at] + paragraphs[at + 1]]
    return "## 经过\n\n" + "\n\n".join(paragraphs) + "\n"


def test_an_annotation_on_a_deleted_paragraph_is_orphaned_not_moved_to_its_neighbour(tmp_path):
    project = project_with(tmp_path, article("first", "short", "long", "last"))
    ledger = build(project)
    short = live_id(ledger, "p", PARAGRAPHS["short"])
    annotate(project, annotation("whole", f"#{short}"), annotation("phrase", f"#match({short},'谴责朝鲜的进攻')"))
    build(project)
    revise(project, article("first", "long", "last"))
    after = build(project)
    assert after.entries[short].successor == live_id(ledger, "p", PARAGRAPHS["first"])  # for links only
    root = edition(project)
    assert anchored(root) == {}
    assert orphans(root) == {
        "whole": f"无法定位：原目标 #{short} 所在的段落已在修订中删除，没有后继。"
                 f"原文：“{PARAGRAPHS['short']}”。",
        "phrase": f"无法定位：原目标 #match({short},'谴责朝鲜的进攻') 所在的段落已在修订中删除，没有后继。"
                  "原文：“联合国安理会随即通过决议，谴责朝鲜的进攻。”。",
    }
    assert not root.xpath("//tei:seg[@type='annotated']", namespaces=NS)


def test_a_chain_of_retirements_is_followed_only_while_it_carries_the_text(tmp_path):
    project = project_with(tmp_path, article("first", "short", "long", "last"))
    ledger = build(project)
    short, long = live_id(ledger, "p", PARAGRAPHS["short"]), live_id(ledger, "p", PARAGRAPHS["long"])
    annotate(project, annotation("merged", f"#{short}"), annotation("phrase", f"#match({short},'谴责朝鲜')"))
    build(project)
    # Merged into the next paragraph: the annotations follow the text there.
    revise(project, article("first", "short", "long", "last", joined=("short", "long")))
    merged = build(project)
    assert merged.entries[short].successor == long and merged.entries[long].live
    root = edition(project)
    assert anchored(root) == {"merged": long, "phrase": "谴责朝鲜"}
    # Then the merged paragraph is deleted: short → long → first, a paragraph it never was part of.
    revise(project, article("first", "last"))
    deleted = build(project)
    first = live_id(ledger, "p", PARAGRAPHS["first"])
    assert (deleted.entries[short].successor, deleted.entries[long].successor) == (long, first)
    root = edition(project)
    assert anchored(root) == {}
    assert orphans(root)["merged"] == (f"无法定位：原目标 #{short} 所在的段落已在修订中删除，没有后继。"
                                       f"原文：“{PARAGRAPHS['short']}”。")
    assert orphans(root)["phrase"].startswith(f"无法定位：原目标 #match({short},'谴责朝鲜') 所在的段落已在修订中删除")


# -- case 11: script and regional-vocabulary conversions keep spans and IDs ------------------------

BAND = """**测试乐团**是一个韩国女子音乐组合，于2018年出道。

## 团体资料

团名的写法为「测试」，官方粉丝名在2018年10月29日通过网络直播选出。

该乐团的音响设备性能优异，录音软件的信息由公司提供。

## 音乐作品

  - 2018年：《I am》
  - 2019年：《I made》

## 外部链接

  - 官方网站
"""
#: Each annotated phrase (as written in the simplified article) as it reads after each conversion.
PHRASES = {
    "performance": ("性能", {"s2t": "性能", "s2twp": "效能", "t2s": "性能"}),
    "fans": ("官方粉丝名", {"s2t": "官方粉絲名", "s2twp": "官方粉絲名", "t2s": "官方粉丝名"}),
    "links": ("外部链接", {"s2t": "外部鏈接", "s2twp": "外部連結", "t2s": "外部链接"}),
    "software": ("软件的信息", {"s2t": "軟件的信息", "s2twp": "軟體的資訊", "t2s": "软件的信息"}),
}


@pytest.mark.parametrize("config", ["s2t", "s2twp", "t2s"])
def test_a_script_conversion_keeps_every_span_and_every_id(tmp_path, config):
    # t2s converts a traditional revision: the article starts as the simplified one through s2t.
    start = opencc.OpenCC("s2t").convert(BAND) if config == "t2s" else BAND
    written = {key: opencc.OpenCC("s2t").convert(phrase) if config == "t2s" else phrase
               for key, (phrase, _) in PHRASES.items()}
    project = project_with(tmp_path, start)
    ledger = build(project)
    paragraph = next(block_id for block_id, entry in ledger.entries.items() if "音响" in entry.text
                     or "音響" in entry.text)
    fans = next(block_id for block_id, entry in ledger.entries.items() if "直播" in entry.text)
    heading = next(block_id for block_id, entry in ledger.entries.items() if entry.kind == "h" and "外部" in entry.text)
    targets = {"performance": paragraph, "fans": fans, "links": heading, "software": paragraph}
    annotate(project, *[annotation(key, f"#match({targets[key]},'{written[key]}')") for key in PHRASES],
             annotation("block", f"#{paragraph}"))
    build(project)
    assert anchored(edition(project)) == {**written, "block": paragraph}
    revise(project, opencc.OpenCC(config).convert(start))
    after = build(project)
    assert {block_id: entry.live for block_id, entry in after.entries.items()} == \
        {block_id: True for block_id in ledger.entries}
    assert anchored(edition(project)) == {**{key: converted[config] for key, (_, converted) in PHRASES.items()},
                                          "block": paragraph}
    # and so again on the next build, with nothing changed
    build(project)
    assert anchored(edition(project))["links"] == PHRASES["links"][1][config]
