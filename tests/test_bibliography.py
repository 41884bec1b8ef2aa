"""Works as TEI biblStruct: structure as TEI prescribes, valid against tei_all, read by the writers."""
from __future__ import annotations

from lxml import etree

from pipeline.citations.keys import assign_keys
from pipeline.citations.parser import parse_citation, parse_note
from pipeline.citations.works import group_works
from pipeline.tei import NS, XML_ID, el, sub
from pipeline.transforms.bibliography import biblstruct, works_cited
from pipeline.writers.biblstruct import format_biblstruct
from pipeline.writers.nodes import Kind, Node
from tests.conftest import jing
from tests.note_corpus import article_notes, article_path, article_source_list


def one(text: str, **kwargs) -> etree._Element:
    return biblstruct(group_works([parse_citation(text, **kwargs)])[0], "bib-x")


def xp(element: etree._Element, path: str) -> list:
    return element.xpath(path, namespaces=NS)


def rendered(element: etree._Element) -> str:
    return "".join(n.text or "".join(c.text for c in n.children) for n in format_biblstruct(element))


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
    assert rendered(b) == "钟兆云. 朝鲜空战中的志愿军空军[J]. 百年潮, 2000(10): 14-32."


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
    assert rendered(b) == ("Chase, Kenneth. Firearms: A Global History to 1700. Cambridge University Press, 2003. "
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


def entry(kind: str, body: str, lang: str = "zh") -> etree._Element:
    """A hand-written biblStruct, so that the formatting is tested apart from the parser."""
    return etree.fromstring(f'<biblStruct xmlns="http://www.tei-c.org/ns/1.0" type="{kind}" xml:lang="{lang}">'
                            f'{body}</biblStruct>')


def marked(element: etree._Element) -> str:
    """The rendered entry with its italics as *…* and links as <…>."""
    def one_node(n: Node) -> str:
        if n.kind == Kind.HI:
            return "*" + "".join(c.text for c in n.children) + "*"
        return f"<{n.attrs['href']}>" if n.kind == Kind.LINK else n.text
    return "".join(one_node(n) for n in format_biblstruct(element))


WANG = '<author><persName><surname>王</surname><forename>树增</forename></persName></author>'
FOOT = '<author><persName><surname>Foot</surname>, <forename>Rosemary</forename></persName></author>'


def test_chinese_works_follow_gbt_7714():
    """作者. 题名[类型]. 出版地: 出版者, 年: 页码.: the order and type codes of GB/T 7714."""
    assert marked(entry("book", f'<monogr>{WANG}<editor role="translator"><persName>刘晓燕</persName></editor>'
                                '<title level="m">朝鲜战争</title><imprint><pubPlace>北京</pubPlace><publisher>人民文学出版社'
                                '</publisher><date when="2009-05">2009-05</date></imprint>'
                                '<biblScope unit="volume" n="3">3</biblScope></monogr>')) == \
        "王树增. 朝鲜战争: 第3卷[M]. 刘晓燕, 译. 北京: 人民文学出版社, 2009."
    assert marked(entry("chapter", f'<analytic>{WANG}<title level="a">仁川登陆</title></analytic><monogr>'
                                   '<editor><persName>李峰</persName></editor><title level="m">国际学术讨论会论文集</title>'
                                   '<imprint><publisher>解放军出版社</publisher><date when="2006">2006</date></imprint>'
                                   '<biblScope unit="page" from="3" to="9">3-9</biblScope></monogr>')) == \
        "王树增. 仁川登陆[C]//李峰, 编. 国际学术讨论会论文集. 解放军出版社, 2006: 3-9."
    assert marked(entry("journal-article", f'<analytic>{WANG}<title level="a">长津湖</title></analytic><monogr>'
                                           '<title level="j">军事历史</title><imprint><date when="2007">2007</date></imprint>'
                                           '<biblScope unit="volume">12</biblScope><biblScope unit="issue">4</biblScope>'
                                           '</monogr><ptr target="http://example.org/a"/>')) == \
        "王树增. 长津湖[J/OL]. 军事历史, 2007, 12(4). <http://example.org/a>"
    assert marked(entry("newspaper-article", '<analytic><author><orgName>新华社</orgName></author><title level="a">'
                                             '周外长电马立克</title></analytic><monogr><title level="j">人民日报</title><imprint>'
                                             '<date when="1950-08-21">1950-08-21</date></imprint></monogr>')) == \
        "新华社. 周外长电马立克[N]. 人民日报, 1950-08-21."
    assert marked(entry("web-page", '<monogr><title level="m">中国人民志愿军名称由来</title><imprint><publisher>光明网'
                                    '</publisher></imprint></monogr><ptr target="http://www.gmw.cn/a.htm"/>')) == \
        "中国人民志愿军名称由来[EB/OL]. 光明网. <http://www.gmw.cn/a.htm>"
    assert marked(entry("book", '<monogr><editor><orgName>日本陆战研究会</orgName></editor><title level="m">朝鲜战争'
                                '</title><imprint><date/></imprint><biblScope unit="volume">上</biblScope></monogr>')) == \
        "日本陆战研究会, 编. 朝鲜战争: 上[M]."
    western = ('<monogr><author><persName><forename>Margaret</forename> <surname>MacMillan</surname></persName></author>'
               '<title level="m">只爭朝夕</title><imprint><publisher>時報出版</publisher><date when="2011">2011</date>'
               '</imprint></monogr>')
    assert marked(entry("book", western)) == "MacMillan M. 只爭朝夕[M]. 時報出版, 2011."


def test_western_works_follow_chicago():
    """Last, First. *Title*. Place: Publisher, Year; "Part." *Journal* vol, no. (date): pages."""
    two = ('<author><persName><surname>Thompson</surname>, <forename>Warren E.</forename></persName></author>'
           '<author><persName><forename>David R.</forename> <surname>McLaren</surname></persName></author>')
    assert marked(entry("book", f'<monogr>{two}<title level="m">MiG Alley</title><imprint><pubPlace>North Branch, MN'
                                '</pubPlace><publisher>Speciality Press</publisher><date when="2002">2002</date></imprint>'
                                '</monogr>', "en")) == \
        "Thompson, Warren E., and David R. McLaren. *MiG Alley*. North Branch, MN: Speciality Press, 2002."
    assert marked(entry("journal-article", f'<analytic>{FOOT}<title level="a">Making Known the Unknown War</title>'
                                           '</analytic><monogr><title level="j">Diplomatic History</title><imprint>'
                                           '<date when="1991-06">1991-06</date></imprint><biblScope unit="volume">15'
                                           '</biblScope><biblScope unit="issue">3</biblScope><biblScope unit="page" '
                                           'from="411" to="31">411-31</biblScope></monogr>', "en")) == \
        "Foot, Rosemary. “Making Known the Unknown War.” *Diplomatic History* 15, no. 3 (June 1991): 411–31."
    assert marked(entry("chapter", f'<analytic>{FOOT}<title level="a">The Armistice</title></analytic><monogr><editor>'
                                   '<persName><surname>Matray</surname>, <forename>James I.</forename></persName></editor>'
                                   '<title level="m">Historical Dictionary</title><imprint><publisher>Greenwood Press'
                                   '</publisher><date when="1991">1991</date></imprint><biblScope unit="page">12-14'
                                   '</biblScope></monogr>', "en")) == \
        "Foot, Rosemary. “The Armistice.” In *Historical Dictionary*, edited by James I. Matray, 12–14. Greenwood " \
        "Press, 1991."
    assert marked(entry("newspaper-article", f'<analytic>{FOOT}<title level="a">Truce Signed</title></analytic><monogr>'
                                             '<title level="j">The Times</title><imprint><date when="1953-07-27">'
                                             '1953-07-27</date></imprint></monogr>', "en")) == \
        "Foot, Rosemary. “Truce Signed.” *The Times*, July 27, 1953."
    assert marked(entry("web-page", '<monogr><title level="m">Britain\'s forgotten war</title><imprint><publisher>BBC'
                                    '</publisher><date when="2001-04-20">2001-04-20</date></imprint></monogr>'
                                    '<ptr target="http://news.bbc.co.uk/a"/>', "en")) == \
        "“Britain's forgotten war.” BBC, April 20, 2001. <http://news.bbc.co.uk/a>"
    assert marked(entry("book", '<monogr><editor><persName><surname>Brune</surname>, <forename>Lester</forename>'
                                '</persName></editor><editor><persName><forename>Robin</forename> <surname>Higham'
                                '</surname></persName></editor><title level="m">The Korean War</title><imprint>'
                                '<publisher>Greenwood Press</publisher><date when="1994">1994</date></imprint></monogr>',
                        "en")) == "Brune, Lester, and Robin Higham, eds. *The Korean War*. Greenwood Press, 1994."


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
