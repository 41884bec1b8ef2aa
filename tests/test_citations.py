"""Concrete parses of representative notes: every kind, both languages, the real articles' forms."""
from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from pipeline.citations.cleanup import clean
from pipeline.citations.model import Citation
from pipeline.citations.names import chinese_name, western_name
from pipeline.citations.note_input import note_input
from pipeline.citations.parser import parse_citation, parse_note
from pipeline.citations.works import group_works
from pipeline.readers import read
from pipeline.tei import NS
from tests.note_corpus import REPO, article_notes, article_path

DEBRIS = ("-{", "}-", "](", "[[", "]]", "''", "wikilink", "{{", "}}", "\ue000", "\ue004")


def names(people) -> list[str]:
    return [p.text for p in people]


def text_fields(citation: Citation) -> list[str]:
    values = [citation.title, citation.container, citation.publisher, citation.place, citation.volume,
              citation.part, citation.issue, citation.pages, citation.isbn, citation.locator]
    values += [n.text for n in citation.authors + citation.editors + citation.translators]
    return [v for v in values if v]


# -- Chinese conventions ---------------------------------------------------------------------------
def test_chinese_book_with_responsibility_publisher_year_and_page():
    c = parse_citation("王兆春著《中国军事科学通史》解放军出版社 2010，124页")
    assert c.kind == "book" and c.is_citation
    assert c.authors[0].text == "王兆春" and (c.authors[0].family, c.authors[0].given) == ("王", "兆春")
    assert c.title == "中国军事科学通史"
    assert c.publisher == "解放军出版社"
    assert c.date.iso() == "2010"
    assert c.locator == "124页"
    assert c.language == "zh"
    assert c.raw == "王兆春著《中国军事科学通史》解放军出版社 2010，124页"


def test_chinese_imprint_in_brackets_with_place():
    c = parse_citation("馮家昇：《火葯的發明和西傳》（上海：上海人民出版社，1962）。")
    assert (c.kind, c.title, c.place, c.publisher, c.date.iso()) == (
        "book", "火葯的發明和西傳", "上海", "上海人民出版社", "1962")
    assert names(c.authors) == ["馮家昇"] and c.locator is None


def test_publisher_and_year_run_before_the_title():
    c = parse_citation("上海人民出版社1975年出版的《自然科学大事年表》")
    assert (c.kind, c.title, c.publisher, c.date.iso()) == ("book", "自然科学大事年表", "上海人民出版社", "1975")


def test_foreign_city_run_into_the_publisher():
    c = parse_citation("刘浩一《现代朝鲜的历史》（京都三一书房，1953年），第170—171页")
    assert (c.place, c.publisher, c.date.iso(), c.locator) == ("京都", "三一书房", "1953", "第170—171页")


def test_translator_and_month():
    c = parse_citation("李奇微 著，军事科学院外国军事研究部 译：《朝鲜战争》（The Korean War）. 1983年10月.")
    assert names(c.authors) == ["李奇微"]
    assert names(c.translators) == ["军事科学院外国军事研究部"] and c.translators[0].organisation
    assert c.title == "朝鲜战争" and c.date.iso() == "1983-10" and c.locator is None


def test_western_author_and_translator_in_a_chinese_citation():
    c = parse_citation("只爭朝夕，當尼克森遇上毛澤東，Margaret MacMillan，溫洽溢譯，時報出版，2011年3月7日，144頁")
    assert c.title == "只爭朝夕，當尼克森遇上毛澤東"
    assert names(c.authors) == ["Margaret MacMillan"] and c.authors[0].family == "MacMillan"
    assert names(c.translators) == ["溫洽溢"]
    assert (c.publisher, c.date.iso(), c.locator) == ("時報出版", "2011-03-07", "144頁")


def test_editor_with_et_al_and_nested_title_brackets():
    c = parse_citation("陸國俊 等 編：《中西文化交流先驅——馬可·波羅》（北京：商務印書館，1995）。")
    assert names(c.editors) == ["陸國俊"] and not c.authors
    assert c.title == "中西文化交流先驅——馬可·波羅"
    c = parse_citation("杨奎松；《评〈抗美援朝战争史〉》。")
    assert c.title == "评《抗美援朝战争史》"


def test_volume_part_and_isbn():
    c = parse_citation("Joseph Needham（李約瑟）著，劉曉燕等譯：《中國科學技術史》，第5卷第7分冊，"
                       "「軍事技術：火藥的史詩」（上海：上海古籍出版社，2006）。")
    assert c.authors[0] == western_name("Joseph Needham（李約瑟）")
    assert c.authors[0].alternate == "李約瑟" and c.authors[0].family == "Needham"
    assert names(c.translators) == ["劉曉燕"]
    assert (c.volume, c.part, c.date.iso()) == ("5", "7", "2006") and c.locator is None
    c = parse_citation("《朝鲜战争备忘录》胡海波 编著，黄河出版社，2009年，ISBN 978-7-5460-0031-2。第十五章“中美鏖战上甘岭”")
    assert names(c.authors) == ["胡海波"]  # 编著 (compiled and written) makes an author
    assert (c.isbn, c.locator) == ("978-7-5460-0031-2", "第十五章“中美鏖战上甘岭”")
    c = parse_citation("军事科学院军事历史研究部.《抗美援朝战争史（第三卷）》. 军事科学院出版社,2000年9月.ISBN 978-7-80137-394-6")
    assert (c.title, c.volume, c.date.iso()) == ("抗美援朝战争史", "3", "2000-09")
    assert c.authors[0].organisation


def test_chapter_in_a_book():
    c = parse_citation("阎宗临《元代西欧宗教与政治之使节》《中西交通史》 83页")
    assert (c.kind, c.title, c.container, c.locator) == ("chapter", "元代西欧宗教与政治之使节", "中西交通史", "83页")


@pytest.mark.parametrize("text, container, year, issue, pages", [
    ("曲爱国.中国人民解放军中朝-{}-鲜人部队返回朝鲜始末.军事历史,2012(01).", "军事历史", "2012", "1", None),
    ("张希.中国人民志愿军人朝前夕“突然暂停”的经过.党史资料研究.1993年第1期,第3页", "党史资料研究", "1993", "1", "3"),
    ("钟兆云.朝鲜空战中的志愿军空军.百年潮,2000年第10期,14-32页", "百年潮", "2000", "10", "14-32"),
    ("王东原.反共義士爭奪戰紀實.傳記文學(總308), 1988.", "傳記文學", "1988", "308", None),
])
def test_chinese_journal_articles_in_gbt_7714_order(text, container, year, issue, pages):
    c = parse_citation(text)
    assert c.kind == "journal-article"
    assert (c.container, c.date.iso(), c.issue, c.pages) == (container, year, issue, pages)
    assert len(c.authors) == 1 and c.title and "." not in c.title


def test_author_title_journal_with_link():
    c = parse_citation("贾健.英国的朝鲜战争政策. 首都师范大学学报（社会科学版）, 2007(04).",
                       [("英国的朝鲜战争政策", "http://www.china001.com/x")])
    assert (c.kind, names(c.authors), c.title, c.container, c.issue) == (
        "journal-article", ["贾健"], "英国的朝鲜战争政策", "首都师范大学学报（社会科学版）", "4")
    assert c.url == "http://www.china001.com/x"


def test_newspaper_articles():
    c = parse_citation("对美方破坏“职权范围”阻挠战俘遣返的行为我方向美方提出严重抗议.人民日报.1953.10.16")
    assert (c.kind, c.container, c.date.iso()) == ("newspaper-article", "人民日报", "1953-10-16")
    assert c.title == "对美方破坏“职权范围”阻挠战俘遣返的行为我方向美方提出严重抗议"
    c = parse_citation("《美在朝-{}-鲜战争中对朝中进行细菌战 》 编辑：张家琳 来源：中国青年报 2010年10月25日")
    assert (c.kind, c.title, c.container, c.date.iso()) == (
        "newspaper-article", "美在朝鲜战争中对朝中进行细菌战", "中国青年报", "2010-10-25")
    assert not c.editors  # the web editor of a post is not a creator of the work


def test_web_pages():
    c = parse_citation("丁亮春：《中国人民志愿军名称由来》，光明网。",
                       [("《中国人民志愿军名称由来》", "http://www.gmw.cn/content/2005-01/22/content_168280.htm")])
    assert (c.kind, names(c.authors), c.title, c.container) == ("web-page", ["丁亮春"], "中国人民志愿军名称由来", "光明网")
    assert c.url == "http://www.gmw.cn/content/2005-01/22/content_168280.htm"
    c = parse_citation("人民网：军史专家解谜“中国人民志愿军”名称由来",
                       [("人民网：军史专家解谜“中国人民志愿军”名称由来", "http://liaoba.people.com.cn/x")])
    assert (c.container, c.title) == ("人民网", "军史专家解谜“中国人民志愿军”名称由来")
    c = parse_citation("英國的朝鮮戰爭政策（賈健）", [("英國的朝鮮戰爭政策（賈健）", "http://example.org/a")])
    assert (c.title, names(c.authors)) == ("英國的朝鮮戰爭政策", ["賈健"])
    c = parse_citation("1", [("1", "http://www.hkcna.hk/doc/2007/26597.shtml")])
    assert (c.kind, c.title, c.url) == ("web-page", None, "http://www.hkcna.hk/doc/2007/26597.shtml")


def test_reports():
    c = parse_citation("經濟部水資源統一規劃委員會《台灣地區雨量紀錄-北部區域》（1989年）")
    assert (c.kind, names(c.authors), c.date.iso()) == ("report", ["經濟部水資源統一規劃委員會"], "1989")
    c = parse_citation("聯合國軍對聯合國的報告在此", [("在此", "http://repository.un.org/x")])
    assert (c.kind, c.title) == ("report", "聯合國軍對聯合國的報告")


def test_theses_in_both_languages():
    c = parse_citation("张三：《近代上海出版业研究》，复旦大学博士学位论文，2005年")
    assert (c.kind, names(c.authors), c.title, c.date.iso()) == ("thesis", ["张三"], "近代上海出版业研究", "2005")
    c = parse_citation("Smith, John (2001). Printing in Late Imperial China. PhD thesis, University of Chicago.")
    assert (c.kind, names(c.authors), c.title) == ("thesis", ["Smith, John"], "Printing in Late Imperial China")


def test_short_forms():
    c = parse_citation("王树增，第一章")
    assert (names(c.authors), c.title, c.locator, c.is_short) == (["王树增"], None, "第一章", True)
    c = parse_citation("Burgan 2002, p. 7")
    assert (names(c.authors), c.date.iso(), c.locator, c.language) == (["Burgan"], "2002", "p. 7", "en")
    c = parse_citation("Needham，第五卷，第七分册，第293页。")
    assert (names(c.authors), c.volume, c.part, c.locator) == (["Needham"], "5", "7", "第293页")


def test_according_to_and_bare_titles():
    assert parse_citation("据中国人民志愿军战史").title == "中国人民志愿军战史"
    c = parse_citation("据朝鲜战争中的美国陆军第3卷")
    assert (c.title, c.volume) == ("朝鲜战争中的美国陆军", "3")


# -- Western conventions ---------------------------------------------------------------------------
def test_apa_order_with_leading_page():
    c = parse_citation("p. 26, Rees, David (1964). Korea: The Limited War. New York: St Martin's.")
    assert (c.kind, names(c.authors), c.title) == ("book", ["Rees, David"], "Korea: The Limited War")
    assert (c.authors[0].family, c.authors[0].given) == ("Rees", "David")
    assert (c.place, c.publisher, c.date.iso(), c.locator, c.language) == ("New York", "St Martin's", "1964", "p. 26", "en")


def test_italic_title_place_with_state_and_isbn():
    text = ("Hopkins, William B. (1986). One Bugle No Drums: The Marines at Chosin Reservoir. "
            "Chapel Hill, N.C: Algonquin. ISBN 978-0-912697-45-1")
    c = parse_citation(text, italics=["One Bugle No Drums: The Marines at Chosin Reservoir"])
    assert names(c.authors) == ["Hopkins, William B."]
    assert (c.title, c.place, c.publisher, c.isbn) == (
        "One Bugle No Drums: The Marines at Chosin Reservoir", "Chapel Hill, N.C", "Algonquin", "978-0-912697-45-1")


def test_first_last_comma_style_with_unknown_publisher():
    c = parse_citation("Derek W. Bowett, United Nations Forces: A Legal Study of United Nations Practice, "
                       "Stevens, London, 1964, pp.29–60")
    assert names(c.authors) == ["Derek W. Bowett"]
    assert (c.authors[0].family, c.authors[0].given) == ("Bowett", "Derek W.")
    assert (c.title, c.publisher, c.place, c.date.iso(), c.locator) == (
        "United Nations Forces: A Legal Study of United Nations Practice", "Stevens", "London", "1964", "pp.29–60")


def test_comma_in_title_and_editor():
    c = parse_citation("Buchanan, Brenda J., ed. (2006), Gunpowder, Explosives and the State: A Technological "
                       "History, Aldershot: Ashgate, ISBN 978-0-7546-5259-5.")
    assert names(c.editors) == ["Buchanan, Brenda J."] and not c.authors
    assert (c.title, c.place, c.publisher) == (
        "Gunpowder, Explosives and the State: A Technological History", "Aldershot", "Ashgate")


def test_editors_before_italic_title_and_imprint_in_brackets():
    c = parse_citation("Brune, Lester and Robin Higham, eds., The Korean War: Handbook of the Literature and "
                       "Research (Greenwood Press, 1994)",
                       italics=["The Korean War: Handbook of the Literature and Research"])
    assert names(c.editors) == ["Brune, Lester", "Robin Higham"]
    assert (c.publisher, c.date.iso()) == ("Greenwood Press", "1994")
    c = parse_citation("Frances Wood, Did Marco Polo Go to China? (London: Secker & Warburg; Boulder, "
                       "Colorado: Westview, 1995).", italics=["Did Marco Polo Go to China?"])
    assert (c.title, c.place, c.publisher, c.date.iso()) == (
        "Did Marco Polo Go to China?", "London", "Secker & Warburg", "1995")


def test_wiki_italics_are_titles_and_leave_no_quotes():
    c = parse_citation("Edwards, Paul M. '' Korean War Almanac'' (2006)")
    assert (names(c.authors), c.title, c.date.iso()) == (["Edwards, Paul M."], "Korean War Almanac", "2006")


def test_western_journal_articles():
    c = parse_citation('Foot, Rosemary, "Making Known the Unknown War: Policy Analysis of the Korean Conflict '
                       'in the Last Decade," Diplomatic History 15 (Summer 1991): 411-31, in JSTOR',
                       italics=["Diplomatic History"])
    assert (c.kind, c.container, c.volume, c.date.iso(), c.pages) == (
        "journal-article", "Diplomatic History", "15", "1991", "411-31")
    assert c.title == "Making Known the Unknown War: Policy Analysis of the Korean Conflict in the Last Decade"
    c = parse_note("Pierre-Yves Manguin: “Trading Ships of the South China Sea. Shipbuilding Techniques and "
                   "Their Role in the History of the Development of Asian Trade Networks”, Journal of the "
                   "Economic and Social History of the Orient, Vol. 36, No. 3. (1993), pp. 253-280 (268, Fn.26; "
                   "Robert Finlay, \"China, the West, and World History in Joseph Needham's Science and "
                   "Civilisation in China,\" Journal of World History 11 (Fall 2000): 265-303.",
                   italics=["Journal of the Economic and Social History of the Orient"]).citations
    assert len(c) == 2
    assert (c[0].volume, c[0].issue, c[0].date.iso(), c[0].pages, c[0].locator) == ("36", "3", "1993", "253-280", "268, Fn.26")
    assert (names(c[1].authors), c[1].container, c[1].volume, c[1].pages) == (
        ["Robert Finlay"], "Journal of World History", "11", "265-303")


def test_western_chapter_in_a_book():
    c = parse_citation("Why the Scientific Revolution Did Not Take Place in China – Or Didn't It?\" in Nathan "
                       "Sivin, Science in Ancient China (Aldershot, Hants: Variorum, 1995), chapter VII)")
    assert (c.kind, c.title, c.container) == (
        "chapter", "Why the Scientific Revolution Did Not Take Place in China – Or Didn't It?", "Science in Ancient China")
    assert (names(c.authors), c.place, c.publisher, c.date.iso(), c.locator) == (
        ["Nathan Sivin"], "Aldershot, Hants", "Variorum", "1995", "chapter VII")


def test_names_without_punctuation_and_publisher_run_into_title():
    c = parse_citation("Richard H. Enns George C. McCGuire, Nonlinear Physics Birkhauser,1997")
    assert names(c.authors) == ["Richard H. Enns", "George C. McCGuire"]
    assert (c.title, c.publisher, c.date.iso()) == ("Nonlinear Physics", "Birkhauser", "1997")


def test_cite_template_left_in_a_note():
    c = parse_citation("{{ cite journal |url=<http://www.mh.sinica.edu.tw/x.pdf> |title=李約瑟的精彩人生 "
                       "|date=2009-03 |author=簡宜君 |journal=近代史研究所集刊 |volume=63 |issue= |pages=209-213 |doi= }}")
    assert (c.kind, names(c.authors), c.title, c.container) == ("journal-article", ["簡宜君"], "李約瑟的精彩人生", "近代史研究所集刊")
    assert (c.date.iso(), c.volume, c.issue, c.pages, c.url) == ("2009-03", "63", None, "209-213", "http://www.mh.sinica.edu.tw/x.pdf")


def test_language_markers_and_gloss():
    c = parse_citation("(俄语)奥尔洛夫.1951-1953年朝鲜战争中的苏联空军.(俄)近现代史,1998(4), pp130.")
    assert (c.language, names(c.authors), c.container, c.pages) == ("ru", ["奥尔洛夫"], "近现代史", "130")
    c = parse_citation("W.H. Medhurst:China, its State and Prospects p101-107麦都思：《中国的现状和传教展望》，1838")
    assert (names(c.authors), c.title, c.date.iso(), c.locator, c.language) == (
        ["W.H. Medhurst"], "China, its State and Prospects", "1838", "p101-107", "en")


# -- notes as a whole --------------------------------------------------------------------------------
def test_explanatory_notes():
    assert not parse_citation("朝鲜战争老兵纪念碑在水池旁的纪念碑旁刻着美国士兵傷亡数字。死亡：54,246；负伤 ：103,284").is_citation
    quotation = ('"With its ninth century AD origins in China, the knowledge of gunpowder emerged from the search '
                 'by alchemists for the secrets of life."')
    note = parse_note(quotation)
    assert note.explanatory and note.citations == ()
    note = parse_note("直至21世纪，中国大陸仍有出版物认为布莱德利说的三错误战争是朝鲜战争---见李峰《决战朝鲜》P1")
    assert note.explanatory
    assert [(names(c.authors), c.title, c.locator) for c in note.citations] == [(["李峰"], "决战朝鲜", "P1")]


def test_explanatory_note_naming_its_sources():
    text = ("德国人维尔纳·施泰因编的《人类文明编年纪事》（科学和技术分册，1981年版）统计，16世纪前全世界重大科学发现共152项，"
            "古希腊占54项，中国占24项。上海人民出版社1975年出版的《自然科学大事年表》统计，16世纪前在全世界270项重大科学发现中，中国占136项。")
    note = parse_note(text)
    assert note.explanatory
    assert [(names(c.editors), c.title, c.publisher, c.date.iso()) for c in note.citations] == [
        (["维尔纳·施泰因"], "人类文明编年纪事", None, "1981"),
        ([], "自然科学大事年表", "上海人民出版社", "1975"),
    ]


def test_note_citing_several_works():
    text = ("新华社.周外长电马立克和赖伊 支持苏联和平调处朝鲜问题提案 坚决反对美空军对朝鲜野蛮轰炸.人民日报,1950-08-21; "
            "新华社.安理会二十六日会上马立克斥美机轰炸朝鲜并反对未将朝鲜问题案列入议程.人民日报,1950-09-3; "
            "新华社.朝鲜中央通讯社和“民主朝鲜”报发表评论谴责美国轰炸朝鲜后方和拖延停战谈判.人民日报,1953-05-17")
    note = parse_note(text)
    assert not note.explanatory
    assert [(c.kind, names(c.authors), c.container, c.date.iso()) for c in note.citations] == [
        ("newspaper-article", ["新华社"], "人民日报", "1950-08-21"),
        ("newspaper-article", ["新华社"], "人民日报", "1950-09-03"),
        ("newspaper-article", ["新华社"], "人民日报", "1953-05-17"),
    ]
    assert all(c.raw == text for c in note.citations)


def test_unparsed_and_bare_locator_notes_are_kept():
    for text in ("", "？？？", "——"):
        c = parse_citation(text)
        assert (c.kind, c.raw, c.title) == (None, text, None)
    c = parse_citation(":159-161")
    assert (c.kind, c.locator, c.names_work) == (None, "159-161", False)


def test_markup_remnants_never_reach_a_field():
    text = ('胡海波 编著《朝-{zh-hans:鲜;zh-hant:鮮}-战争备忘录》[黄河出版社](../Page/黄河出版社.md "wikilink")，'
            "2009年，[[第十二章|第十二章]]")
    c = parse_citation(text)
    assert (c.title, c.publisher, c.date.iso()) == ("朝鲜战争备忘录", "黄河出版社", "2009")
    assert not [v for v in text_fields(c) if any(d in v for d in DEBRIS)]
    assert c.raw == text


# -- names -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, family, given", [
    ("Rees, David", "Rees", "David"),
    ("Derek W. Bowett", "Bowett", "Derek W."),
    ("Ludwig van Beethoven", "van Beethoven", "Ludwig"),
    ("Burgan", "Burgan", None),
])
def test_western_names(text, family, given):
    assert (western_name(text).family, western_name(text).given) == (family, given)


@pytest.mark.parametrize("text, family, given, organisation", [
    ("王树增", "王", "树增", False),
    ("欧阳修", "欧阳", "修", False),
    ("史蒂芬·艾迪科特", "艾迪科特", "史蒂芬", False),
    ("军事科学院军事历史研究部", None, None, True),
])
def test_chinese_names(text, family, given, organisation):
    n = chinese_name(text)
    assert (n.text, n.family, n.given, n.organisation) == (text, family, given, organisation)


# -- the real articles -------------------------------------------------------------------------------
@pytest.mark.parametrize("article", ["korean-war.wiki.md", "火药.md", "李约瑟.md", "马可·波罗.md", "平溪區.md"])
def test_every_filled_note_of_the_articles_parses_cleanly(article):
    notes = {n: note for n, note in article_notes(article_path(article)).items() if note.text}
    assert notes
    for number, note in notes.items():
        parsed = parse_note(note.text, note.links, note.italics)
        assert parsed.raw == note.text
        assert parsed.explanatory or parsed.citations, number
        for citation in parsed.citations:
            debris = [v for v in text_fields(citation) if any(d in v for d in DEBRIS)]
            assert not debris, (number, debris)


_PIECES = st.sampled_from(list("《》〈〉（）()[]{}|:：.,，。;；“”\"'* 年月日第期卷页頁著编译出版社") + [
    "-{", "}-", "''", "[[", "]]", "\\[", "ISBN ", "pp. ", "978-7-5460-0031-2", "2007(04)", "1953.10.16",
    "http://x.org/a", "{{cite journal |title=甲 |author=乙}}", "王树增", "Rees, David", " and ", "ed.",
    "\ue000", "\ue004"])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=120), st.lists(_PIECES, max_size=30).map("".join)),
       st.lists(st.tuples(st.text(max_size=6), st.text(max_size=12)), max_size=2),
       st.lists(st.text(max_size=8), max_size=2))
def test_no_string_crashes_the_parser(text, links, italics):
    note = parse_note(text, links, italics)
    citation = parse_citation(text, links, italics)
    assert note.raw == text and citation.raw == text
    for c in note.citations + (citation,):
        assert c.kind is None or c.kind in ("book", "chapter", "journal-article", "newspaper-article",
                                            "web-page", "report", "thesis")
        for value in text_fields(c):
            assert "\ue000" not in value and "\ue004" not in value
            assert not re.search(r"-\{|\}-", value)


# -- from the TEI the readers write --------------------------------------------------------------------
def test_note_input_reads_a_tei_note():
    note = etree.fromstring(
        '<note xmlns="http://www.tei-c.org/ns/1.0" n="5" type="citation">'
        '<ref type="wikilink" target="https://zh.wikipedia.org/wiki/胡海波">胡海波</ref> 编著《'
        '<choice><reg type="variant" xml:lang="zh-Hans">朝鲜</reg><reg type="variant" xml:lang="zh-Hant">朝鮮</reg></choice>'
        '战争备忘录》<gap reason="lost"/><note type="editorial" resp="#pipeline">此处模板丢失。</note>，'
        '<ref type="external" target="http://example.org/b">黄河出版社</ref>，2009年，<hi rend="italic">ibid.</hi>'
        '<seg type="template" n="cite book"><seg type="param" n="title">X</seg></seg></note>')
    text, links, italics = note_input(note)
    assert text == "胡海波 编著《朝鲜战争备忘录》，黄河出版社，2009年，ibid.{{cite book |title=X}}"
    assert links == (("黄河出版社", "http://example.org/b"),) and italics == ("ibid.",)


def test_tei_notes_parse_like_the_labelled_strings():
    """Through the real reader: each labelled note read off the TEI gives the records its label string gives."""
    labels = [json.loads(line) for line in (REPO / "tests/data/citations.jsonl").read_text(encoding="utf-8").splitlines()]
    checked = 0
    for source in dict.fromkeys(item["source"] for item in labels):
        path = article_path(source)
        back = read(path.read_text(encoding="utf-8"), "wiki-markdown", source_name=source, lang="zh-Hans").back
        notes = {n.get("n"): n for n in back.xpath("tei:div[@type='notes']/tei:note", namespaces=NS)}
        bibls = [note_input(b) for b in back.xpath(".//tei:listBibl[@type='sources']/tei:bibl", namespaces=NS)]
        for item in (i for i in labels if i["source"] == source):
            if item["where"].startswith("note "):
                given = note_input(notes[item["where"].split()[1]])
            else:
                given = next(b for b in bibls if clean(b.text).text == clean(item["text"]).text)
            from_tei = parse_note(*given)
            from_label = parse_note(item["text"], [tuple(link) for link in item["links"]], item["italics"])
            assert from_tei.explanatory == from_label.explanatory, item["id"]
            assert [c.with_raw("") for c in from_tei.citations] == [c.with_raw("") for c in from_label.citations], item["id"]
            checked += 1
    assert checked == len(labels)


# -- forms met in other articles of the collection ------------------------------------------------------
def test_classical_book_and_chapter():
    c = parse_citation("路振：《九國志‧鄭璠傳》")
    assert (names(c.authors), c.title, c.locator) == (["路振"], "九國志", "鄭璠傳")
    c = parse_citation("《史記‧匈奴列傳》載：“趙武靈王亦變俗胡服，習騎射，北破林胡、樓煩。”")
    assert (c.title, c.locator) == ("史記", "匈奴列傳")  # the quoted excerpt is no field
    c = parse_citation("明龚珍《西洋番国志·自序》 向达校注本 第5页 中华书局 2000 ISBN 7-101-02025-9")
    assert (names(c.authors), names(c.editors), c.title, c.locator) == (["龚珍"], ["向达"], "西洋番国志", "自序 第5页")
    assert parse_citation("《中西文化交流先驅——馬可·波羅》").title == "中西文化交流先驅——馬可·波羅"  # a name, not a chapter


def test_more_role_words_and_a_dynasty_before_the_name():
    c = parse_citation("李约瑟原著 柯林·罗南改编 上海交通大学科学史系翻译 第3卷 第33 页 上海人民出版社 2002 ISBN 7-208-03966-6")
    assert (names(c.authors), names(c.editors), names(c.translators)) == (["李约瑟"], ["柯林·罗南"], ["上海交通大学科学史系"])
    assert (c.volume, c.locator, c.title) == ("3", "第33 页", None)
    assert names(parse_citation("明朝宋应星《天工开物》").authors) == ["宋应星"]


def test_gbt_volume_issue_pages_and_newspaper_page():
    c = parse_citation("戴昌达、姜小光、习晓环，进一步剖析“从太空看长城”的争论，科学导报2007,25(4):72-76")
    assert names(c.authors) == ["戴昌达", "姜小光", "习晓环"]
    assert (c.kind, c.title, c.container, c.volume, c.issue, c.pages) == (
        "journal-article", "进一步剖析“从太空看长城”的争论", "科学导报", "25", "4", "72-76")
    c = parse_citation("李宪章，不要毁坏长城，人民日报1979年6月27日，第4版")
    assert (c.kind, c.title, c.container, c.date.iso(), c.pages) == (
        "newspaper-article", "不要毁坏长城", "人民日报", "1979-06-27", "4")


def test_ibid_note_cites_the_work_before_it():
    notes = [parse_citation("元代周达观《真腊风土记》总序15页 中华书局2006 ISBN 7-101-02028-3"),
             parse_citation("同上 25页，夏鼐注⑤")]
    assert (notes[1].ibid, notes[1].locator, notes[1].kind) == (True, "25页，夏鼐注⑤", None)
    assert [w.notes for w in group_works(notes)] == [(0, 1)]


def test_western_periodicals_chapters_and_sites():
    c = parse_citation("Human Events, 27 August 1977.", italics=["Human Events"])
    assert (c.kind, c.title, c.container, c.date.iso()) == ("newspaper-article", None, "Human Events", "1977-08-27")
    c = parse_citation("Rummel, Rudolph, Statistics of Vietnamese Democide, in his Statistics of Democide, 1997.",
                       [("Statistics of Vietnamese Democide", "http://www.hawaii.edu/powerkills/SOD.CHAP6.HTM")],
                       ["Statistics of Democide"])
    assert (c.kind, c.title, c.container, c.date.iso()) == ("chapter", "Statistics of Vietnamese Democide",
                                                            "Statistics of Democide", "1997")
    c = parse_citation("Battlefield Vietnam - Part 12: The Fall of Saigon - YouTube",
                       [("Battlefield Vietnam - Part 12: The Fall of Saigon - YouTube", "https://www.youtube.com/x")])
    assert (c.kind, c.title, c.container) == ("web-page", "Battlefield Vietnam - Part 12: The Fall of Saigon", "YouTube")
    c = parse_citation('Desbarats, Jacqueline. "Repression in the Socialist Republic of Vietnam", from The Vietnam '
                       'Debate (1990) by John Morton Moore.', italics=["The Vietnam Debate"])
    assert (c.kind, c.container, names(c.editors), c.date.iso()) == ("chapter", "The Vietnam Debate", ["John Morton Moore"], "1990")


@pytest.mark.parametrize("text, links, language", [
    ("ベトナム・ソンミ村大量虐殺事件を振り返る ヒューライツ大阪", [("ベトナム・ソンミ村大量虐殺事件を振り返る", "http://a.jp/")], "ja"),
    ("3114 월남전 주월한국군의 한월공존전략 (2008free)", [("3114 월남전 주월한국군의 한월공존전략 (2008free)", "http://a.kr/")], "ko"),
    ("Ba mươi năm gọi tên gì cho cuộc chiến BBC Tiếng Việt", [("Ba mươi năm gọi tên gì cho cuộc chiến", "http://a.vn/")], "vi"),
])
def test_language_from_the_titles_script(text, links, language):
    assert parse_citation(text, links).language == language
