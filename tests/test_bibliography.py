"""Works as TEI biblStruct: structure as TEI prescribes, valid against tei_all, read by the writers."""
from __future__ import annotations

from lxml import etree

from pipeline.bibtex import assign_keys
from pipeline.tei import NS, XML_ID, el, sub
from pipeline.transforms.bibliography import biblstruct, works_cited
from pipeline.transforms.citations import parse_citation, parse_note
from pipeline.transforms.works import group_works
from pipeline.writers.biblstruct import format_biblstruct
from pipeline.writers.model import Node
from tests.conftest import jing
from tests.note_corpus import article_notes, article_path, article_source_list


def one(text: str, **kwargs) -> etree._Element:
    return biblstruct(group_works([parse_citation(text, **kwargs)])[0], "bib-x")


def xp(element: etree._Element, path: str) -> list:
    return element.xpath(path, namespaces=NS)


def rendered(element: etree._Element) -> str:
    return "".join(n.text or "".join(c.text for c in n.children) for n in format_biblstruct(element, Node))


def test_journal_article_has_analytic_monogr_and_scopes():
    b = one("钟兆云.朝鲜空战中的志愿军空军.百年潮,2000年第10期,14-32页")
    assert (b.get(XML_ID), b.get("type")) == ("bib-x", "journal-article")
    assert xp(b, "string(tei:analytic/tei:author/tei:persName/tei:surname)") == "钟"
    assert xp(b, "string(tei:analytic/tei:title[@level='a'])") == "朝鲜空战中的志愿军空军"
    assert xp(b, "string(tei:monogr/tei:title[@level='j'])") == "百年潮"
    assert xp(b, "string(tei:monogr/tei:imprint/tei:date/@when)") == "2000"
    assert xp(b, "string(tei:monogr/tei:biblScope[@unit='issue'])") == "10"
    page = xp(b, "tei:monogr/tei:biblScope[@unit='page']")[0]
    assert (page.get("from"), page.get("to")) == ("14", "32")
    assert rendered(b) == "钟兆云：〈朝鲜空战中的志愿军空军〉，载《百年潮》，第10期，2000年，第14-32页。"


def test_book_with_translator_volume_isbn_and_imprint():
    b = one("Joseph Needham（李約瑟）著，劉曉燕等譯：《中國科學技術史》，第5卷第7分冊，"
            "「軍事技術：火藥的史詩」（上海：上海古籍出版社，2006）。")
    assert xp(b, "string(tei:monogr/tei:author/tei:persName[not(@type)]/tei:surname)") == "Needham"
    assert xp(b, "string(tei:monogr/tei:author/tei:persName[@type='alternate'])") == "李約瑟"
    assert xp(b, "string(tei:monogr/tei:editor[@role='translator'])") == "劉曉燕"
    assert [s.get("unit") for s in xp(b, "tei:monogr/tei:biblScope")] == ["volume", "part"]
    assert xp(b, "string(tei:monogr/tei:imprint/tei:pubPlace)") == "上海"
    assert xp(b, "string(tei:monogr/tei:imprint/tei:publisher)") == "上海古籍出版社"
    assert not xp(b, "tei:analytic") and b.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh"
    b = one("Chase, Kenneth (2003), Firearms: A Global History to 1700, Cambridge University Press, "
            "ISBN 978-0-521-82274-9.")
    assert xp(b, "string(tei:monogr/tei:idno[@type='ISBN'])") == "978-0-521-82274-9"
    assert rendered(b) == ("Chase, Kenneth. Firearms: A Global History to 1700. Cambridge University Press, 2003, "
                           "ISBN 978-0-521-82274-9.")


def test_chapter_series_web_page_and_organisation():
    b = one("阎宗临《元代西欧宗教与政治之使节》《中西交通史》 83页")
    assert (xp(b, "string(tei:analytic/tei:title)"), xp(b, "string(tei:monogr/tei:title[@level='m'])")) == (
        "元代西欧宗教与政治之使节", "中西交通史")
    b = one("中国军队实战揭秘及公开系列图书 《中美战争 决战朝鲜》第七章：谁能在战争中取胜？ 624—625页 王树增著 解放军文艺出版社")
    assert xp(b, "string(tei:series/tei:title[@level='s'])") == "中国军队实战揭秘及公开系列图书"
    b = one("丁亮春：《中国人民志愿军名称由来》，光明网。", links=[("《中国人民志愿军名称由来》", "http://www.gmw.cn/a.htm")])
    assert xp(b, "string(tei:monogr/tei:imprint/tei:publisher)") == "光明网"
    assert xp(b, "string(tei:ptr/@target)") == "http://www.gmw.cn/a.htm"
    b = one("军事科学院军事历史研究部.《抗美援朝战争史（第三卷）》. 军事科学院出版社,2000年9月.")
    assert xp(b, "string(tei:monogr/tei:author/tei:orgName)") == "军事科学院军事历史研究部"
    assert "locator" not in etree.tostring(b, encoding=str)


def _article_works(name: str, heading: str):
    notes = [c for note in article_notes(article_path(name)).values() if note.text
             for c in parse_note(note.text, note.links, note.italics).citations]
    sources = [parse_citation(i.text, i.links, i.italics) for i in article_source_list(article_path(name), heading) if i.text]
    return group_works(notes, sources)


def test_every_articles_bibliography_is_valid_tei(tmp_path):
    tei = el("TEI")
    header = sub(tei, "teiHeader")
    file_desc = sub(header, "fileDesc")
    sub(sub(file_desc, "titleStmt"), "title", "works cited")
    sub(sub(file_desc, "publicationStmt"), "p", "test")
    sub(sub(file_desc, "sourceDesc"), "p", "seed and dev articles")
    text = sub(tei, "text")
    sub(sub(text, "body"), "p", "x")
    back = sub(text, "back")
    total = 0
    for name, heading in (("korean-war.wiki.md", "来源"), ("火药.md", "研究書目"), ("李约瑟.md", "参考文献"),
                          ("马可·波罗.md", "来源"), ("平溪區.md", "来源"), ("(2+1)维_KP方程.md", "参考文献")):
        works = _article_works(name, heading)
        listing = works_cited(works, assign_keys(works))
        for b in listing:  # ids are unique per article; one document holds all six here
            b.set(XML_ID, f"{b.get(XML_ID)}-{len(back)}")
        sub(back, "div", type="bibliography").append(listing)
        total += len(listing)
    assert total >= 120
    path = tmp_path / "works.xml"
    path.write_bytes(etree.tostring(tei, xml_declaration=True, encoding="UTF-8", pretty_print=True))
    result = jing(path)
    assert result.returncode == 0, result.stdout
