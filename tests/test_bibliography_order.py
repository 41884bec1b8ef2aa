"""The bibliography in the order scholarly books print it, and one title for each list of works.

Chinese, Japanese and Korean works first, by the pinyin of the first creator (then title, date),
then Western works by the first creator's family name; works without a creator by title. The TEI
works-cited list, the BibTeX and so every edition follow that order; keys and IDs do not change.
The edition's list is titled 参考文献 (參考文獻), the source's own list 来源（原文） (來源（原文）).
"""
from __future__ import annotations

import lxml.html
from lxml import etree

from conftest import REPO
from pipeline.catalog import Article
from pipeline.citations.model import Citation, Name, PartialDate
from pipeline.citations.order import east_asian, scholarly_order
from pipeline.citations.works import Work
from pipeline.convert import convert
from pipeline.inputs import article_inputs
from pipeline.project import Project
from pipeline.tei import NS, SourceMeta
from pipeline.transforms import bibliography
from pipeline.transforms.base import ArticleInputs, Reporter
from pipeline.writers.model import back_matter, build_document
from pipeline.writers.base import WriterOptions
from pipeline.writers.html import HtmlWriter
from pipeline.writers.pandoc_ast import PandocBuilder

WIKI = REPO / "articles" / "korean-war.wiki.md"


def book(raw: str, title: str | None, *people: Name, year: int | None = None, lang: str | None = None,
         editors: bool = False) -> Citation:
    date = PartialDate(str(year), year) if year else None
    return Citation(raw=raw, kind="book", title=title, date=date, language=lang,
                    **{"editors" if editors else "authors": people})


# in the order a text might first cite them
CITED = [
    book("Needham", "Science and Civilisation in China", Name("Joseph Needham", "Needham", "Joseph"), year=1986,
         lang="en"),
    book("王树增 朝鲜战争", "朝鲜战争", Name("王树增", "王", "树增"), year=2009, lang="zh"),
    book("和田", "朝鮮戦争全史", Name("和田春樹", "和田", "春樹"), year=2002, lang="ja"),
    book("Åberg", "Zeitgeschichte", Name("Åberg, Lars", "Åberg", "Lars"), lang="de"),
    book("抗美援朝", "抗美援朝战争史", lang="zh"),
    book("曾", "湘军志", Name("曾国藩", "曾", "国藩"), lang="zh"),
    book("Cumings 1990", "The Origins of the Korean War", Name("Bruce Cumings", "Cumings", "Bruce"), year=1990,
         lang="en"),
    book("李奇微", "朝鲜战争", Name("李奇微", "李", "奇微"), year=1983, lang="zh"),
    book("王树增 远东", "远东朝鲜战争", Name("王樹增", "王", "樹增"), year=2000, lang="zh-Hant"),
    book("Cumings 1981", "The Origins of the Korean War", Name("Cumings, Bruce", "Cumings", "Bruce"), year=1981,
         lang="en"),
    book("Anonymous", "Korean War Almanac", lang="en"),
    book("奥尔洛夫", "朝鲜战争中的苏联空军", Name("奥尔洛夫"), year=1998, lang="ru"),
    book("解力夫", "战后四大战争", Name("解力夫", "解", "力夫"), lang="zh"),
]


def test_east_asian_works_by_pinyin_then_western_works_by_family_name_then_untitled_by_title():
    order = scholarly_order(CITED, [c.raw for c in CITED])
    assert order == [
        "奥尔洛夫",          # ao: printed in Chinese, so with the Chinese works whatever its language
        "和田",              # he tian: a Japanese name by the pinyin of its characters
        "抗美援朝",          # kang mei: no creator, placed by its title
        "李奇微",            # li
        "王树增 朝鲜战争",    # wang shu zeng: chao xian zhan zheng before yuan dong (王樹增 reads alike)
        "王树增 远东",
        "解力夫",            # 解 read as a surname: xie, not jie
        "曾",                # 曾 read as a surname: zeng, not ceng
        "Åberg",             # aberg: accents folded
        "Cumings 1981",      # same name and title: by date
        "Cumings 1990",
        "Anonymous",         # no creator: "korean war almanac" by title, among the family names
        "Needham",
    ]


def test_titles_order_a_creators_works_and_kana_hangul_come_after_romanised_names():
    # 山本 shan; 王树增 by title, chao xian before zhong mei; then hangul (its letters) and kana
    works = [book("b", "B", Name("山本"), lang="ja"), book("k", "한국전쟁", Name("김일성"), lang="ko"),
             book("a", "朝鲜战争", Name("王树增", "王", "树增"), lang="zh"),
             book("c", "中美战争", Name("王树增", "王", "树增"), lang="zh"),
             book("x", "X", Name("やまだ"), lang="ja")]
    assert scholarly_order(works, [w.raw for w in works]) == ["b", "a", "c", "k", "x"]
    assert [east_asian(book("k", "한국전쟁", Name("김일성"))), east_asian(book("e", "Korea", Name("Kim")))] == [
        True, False]


def test_the_works_cited_list_and_the_bibtex_follow_the_order_with_the_keys_unchanged():
    root = etree.fromstring('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body/></text></TEI>')
    cited = [("cumings1990origins", Work(CITED[6], (0,), ())), ("wang2009chaoxian", Work(CITED[1], (1,), ())),
             ("anon", Work(CITED[10], (2,), ())), ("li1983chaoxian", Work(CITED[7], (3,), ()))]
    inputs = ArticleInputs(SourceMeta(id="t", title="t", lang="zh-Hans", format="plain-text", file="t.txt"))
    report = bibliography.apply(root, inputs, Reporter(), cited)
    keys = root.xpath("//tei:listBibl[@type='works-cited']/tei:biblStruct/@n", namespaces=NS)
    ids = root.xpath("//tei:listBibl[@type='works-cited']/tei:biblStruct/@xml:id", namespaces=NS)
    assert keys == ["li1983chaoxian", "wang2009chaoxian", "cumings1990origins", "anon"]
    assert ids == ["bib-li1983chaoxian", "bib-wang2009chaoxian", "bib-cumings1990origins", "bib-anon"]
    assert [line[line.index("{") + 1:-1] for line in report.bibtex.splitlines() if line.startswith("@")] == keys


def seed():
    project = Project.load(REPO)
    article = Article(id="korean-war", path=WIKI, format="wiki-markdown", lang="zh-Hans", title="朝鲜战争",
                      source="", licence="CC BY-SA 4.0")
    return convert(WIKI, article_inputs(project, article), lambda message: None)


def test_the_seeds_bibliography_opens_with_chinese_works_and_closes_with_western_ones():
    root, transformed = seed()
    entries = root.xpath("//tei:listBibl[@type='works-cited']/tei:biblStruct", namespaces=NS)
    keys = [entry.get("n") for entry in entries]
    assert len(keys) == 95  # issue 18: three reposts read as two records each, as labelled
    assert keys[:5] == ["aidikete1998meiguo", "aoerluofu1998nianchao", "benkan1985jiangjing", "bianchaoxian", "bojie1953"]
    assert keys[-5:] == ["summers1990korean", "thompson2002mig", "thompson1996within", "werrellsabers",
                         "white1957captives"]
    # IDs are given by text, so the order leaves them as they were
    assert [entry.get("{http://www.w3.org/XML/1998/namespace}id") for entry in entries[:3]] == [
        "b-745kmp", "b-m54gqn", "b-vcex5e"]
    assert [line[line.index("{") + 1:-1] for line in transformed.bibtex.splitlines() if line.startswith("@")] == keys


def titled_back(lang: str) -> etree._Element:
    return etree.fromstring(
        f'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="t" xml:lang="{lang}"><teiHeader/><text><body/><back>'
        '<div type="sources"><head xml:id="h-src001">参考文献</head><div type="sources"><head xml:id="h-src002">'
        '来源</head><listBibl type="sources"><bibl xml:id="b-1">王树增：《朝鲜战争》。</bibl></listBibl></div></div>'
        '<div type="bibliography"><listBibl type="works-cited"><biblStruct xml:id="b-2" type="book" n="wang">'
        '<monogr><author><persName>王树增</persName></author><title level="m">朝鲜战争</title><imprint/></monogr>'
        '</biblStruct></listBibl></div></back></text></TEI>')


def test_the_view_model_titles_the_source_list_as_the_sources_keeping_its_heading_id():
    for lang, title in (("zh-Hans", "来源（原文）"), ("zh-Hant", "來源（原文）")):
        document = build_document(titled_back(lang))
        head = document.sources[0]
        assert (head.kind, head.id, head.plain_text()) == ("heading", "h-src001", title)
        assert document.sources[1].children[0].plain_text() == "来源"   # the source's sub-headings as written
        sections = back_matter(document, [], [], "")
        assert [(anchor, key) for anchor, key, _ in sections] == [("bibliography", "bibliography"),
                                                                   ("sources", "sources")]


def headings_text(value) -> str:
    """The words of Pandoc inlines."""
    if isinstance(value, list):
        return "".join(headings_text(item) for item in value)
    if isinstance(value, dict):
        return {"Str": lambda: value["c"], "Space": lambda: " "}.get(value["t"], lambda: headings_text(
            value.get("c", [])))()
    return ""


def test_the_html_titles_each_list_once():
    files = HtmlWriter().write(build_document(titled_back("zh-Hans")), WriterOptions())
    page = lxml.html.fromstring(files["index.html"].decode("utf-8"))
    titles = [section.xpath("string(.//h2)") for section in page.xpath("//section[@class='bibliography' or "
                                                                         "@class='sources']")]
    assert titles == ["参考文献", "来源（原文）"]
    assert page.xpath("//section[@class='sources']//h2/@id") == ["h-src001"]


def test_the_epub_titles_each_list_once():
    blocks = PandocBuilder(build_document(titled_back("zh-Hant"))).book()
    chapters = [(block["c"][1][0], headings_text(block["c"][2])) for block in blocks
                if block["t"] == "Header" and block["c"][0] == 1]
    assert chapters[-2:] == [("bibliography", "參考文獻"), ("sources", "來源（原文）")]
