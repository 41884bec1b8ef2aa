"""Assembly of a record's labelled spans into a Citation (issue 18): values, names, kind, language, links.

The spans are written in each test as the tagger (or a labeller) would give them: ``(field,
substring)`` pairs located left to right in the note's text. Expected values are written out.
"""
from __future__ import annotations

import pytest

from benchmarks.citation_assembly import assembled, compare
from pipeline.citations.assemble import assemble
from pipeline.citations.corpus import gold_strings
from pipeline.citations.model import Name
from pipeline.citations.romanise import family_key
from pipeline.citations.spans import FieldSpan, RecordSpans


def record(text: str, *fields: tuple[str, str]) -> RecordSpans:
    """Spans for the given (field, substring) pairs, each found after the one before."""
    spans, cursor = [], 0
    for field, part in fields:
        start = text.index(part, cursor)
        spans.append(FieldSpan(field, start, start + len(part)))
        cursor = start + len(part)
    return RecordSpans(tuple(spans))


def build(text: str, *fields: tuple[str, str], links=()):
    return assemble(text, tuple(links), (), record(text, *fields))


def test_a_transliterated_name_without_dots_is_one_name():
    text = "李奇微 著，军事科学院外国军事研究部 译：《朝鲜战争》（The Korean War）. 1983年10月."
    c = build(text, ("author", "李奇微"), ("role", "著"), ("translator", "军事科学院外国军事研究部"),
              ("role", "译"), ("title", "朝鲜战争"), ("parallel-title", "The Korean War"), ("date", "1983年10月"))
    assert c.authors == (Name("李奇微", family="李奇微", given=None),)
    assert family_key(c.authors[0]) == "liqiwei"   # the seed's key was li1983chaoxian
    assert c.translators == (Name("军事科学院外国军事研究部", organisation=True),)
    assert (c.title, c.date.iso(), c.kind, c.language) == ("朝鲜战争", "1983-10", "book", "zh")


@pytest.mark.parametrize("written, family, given", [
    ("李约瑟", "李约瑟", None),
    ("麦克阿瑟", "麦克阿瑟", None),
    ("艾伯特·B·哈迪", "哈迪", "艾伯特·B"),
    ("欧阳修", "欧阳", "修"),
    ("司马迁", "司马", "迁"),
    ("王树增", "王", "树增"),
    ("宮崎市定", "宮崎", "市定"),
])
def test_chinese_script_names_split_as_their_shape_tells(written, family, given):
    c = build(f"{written}，《某书》", ("author", written), ("title", "某书"))
    assert (c.authors[0].text, c.authors[0].family, c.authors[0].given) == (written, family, given)


def test_pinyin_names_in_chinese_order():
    c = build("Xu Huilin (1986). A History of Chinese Black Powder and Firearms. Shanghai: Kexuepuji Press.",
              ("author", "Xu Huilin"), ("date", "1986"), ("title", "A History of Chinese Black Powder and Firearms"),
              ("place", "Shanghai"), ("publisher", "Kexuepuji Press"))
    assert (c.authors[0].family, c.authors[0].given) == ("Xu", "Huilin")
    assert (c.kind, c.language, c.date.iso()) == ("book", "en", "1986")
    liu = build("Liu Xu, The Chinese Gunpowder", ("author", "Liu Xu"), ("title", "The Chinese Gunpowder"))
    assert (liu.authors[0].family, liu.authors[0].given) == ("Liu", "Xu")


def test_natural_order_western_names_with_particles_and_initials():
    text = ("Th. von Karman, Hsue-shen Tsien, The buckling of thin cylindrical shells under axial compression, "
            "Journal of the Aeronautical Sciences, 1941, 8(8): 303-312")
    c = build(text, ("author", "Th. von Karman"), ("author", "Hsue-shen Tsien"),
              ("title", "The buckling of thin cylindrical shells under axial compression"),
              ("container", "Journal of the Aeronautical Sciences"), ("date", "1941"), ("volume", "8"),
              ("issue", "8"), ("pages", "303-312"))
    assert [(n.family, n.given) for n in c.authors] == [("von Karman", "Th."), ("Tsien", "Hsue-shen")]
    assert (c.container, c.volume, c.issue, c.pages, c.kind) == (
        "Journal of the Aeronautical Sciences", "8", "8", "303-312", "journal-article")


def test_an_abbreviated_page_range_is_written_out():
    text = ('Foot, Rosemary, "Making Known the Unknown War: Policy Analysis of the Korean Conflict in the Last '
            'Decade," Diplomatic History 15 (Summer 1991): 411-31, in JSTOR')
    c = build(text, ("author", "Foot, Rosemary"),
              ("title", "Making Known the Unknown War: Policy Analysis of the Korean Conflict in the Last Decade"),
              ("container", "Diplomatic History"), ("volume", "15"), ("date", "Summer 1991"), ("pages", "411-31"))
    assert c.pages == "411-431"   # the label's value (ASCII hyphen, as Citation.pages keeps ranges)
    assert (c.authors[0].family, c.authors[0].given) == ("Foot", "Rosemary")
    assert (c.volume, c.date.iso(), c.kind, c.language) == ("15", "1991", "journal-article", "en")


@pytest.mark.parametrize("written, iso", [
    ("昭和5年", "1930"), ("民國38年", "1949"), ("平成3年", "1991"), ("大正4年", "1915"),
    ("大正七年十月二十八日", "1918-10-28"), ("1991年（平成3年）6月", "1991-06"), ("30-05-2016", "2016-05-30"),
])
def test_dates_become_gregorian_iso(written, iso):
    c = build(f"『台湾の蕃族』，東京，{written}", ("title", "台湾の蕃族"), ("place", "東京"), ("date", written))
    assert c.date.iso() == iso
    assert c.language == "ja"


def test_a_gb_t_7714_strict_string():
    text = "罗斯·特里尔著,胡为雄译.毛泽东传[M].北京:中国人民大学出版社,2006:345."
    c = build(text, ("author", "罗斯·特里尔"), ("role", "著"), ("translator", "胡为雄"), ("role", "译"),
              ("title", "毛泽东传"), ("type", "[M]"), ("place", "北京"), ("publisher", "中国人民大学出版社"),
              ("date", "2006"), ("locator", "345"))
    assert c.authors == (Name("罗斯·特里尔", family="特里尔", given="罗斯"),)
    assert c.translators == (Name("胡为雄", family="胡", given="为雄"),)
    assert (c.title, c.place, c.publisher, c.date.iso(), c.locator, c.kind, c.language) == (
        "毛泽东传", "北京", "中国人民大学出版社", "2006", "345", "book", "zh")


def test_a_gb_t_journal_article_with_year_and_issue():
    text = "张三.论火药的起源[J].自然科学史研究,2007(04):23-45."
    c = build(text, ("author", "张三"), ("title", "论火药的起源"), ("type", "[J]"), ("container", "自然科学史研究"),
              ("date", "2007"), ("issue", "04"), ("pages", "23-45"))
    assert (c.issue, c.pages, c.kind, c.container) == ("4", "23-45", "journal-article", "自然科学史研究")


def test_numbered_fields_take_their_number():
    text = "《抗美援朝战争史（第三卷）》，第2版，《清朝的皇帝（下）》，《臺灣文獻》第53卷3期，頁119"
    c = build(text, ("title", "抗美援朝战争史"), ("volume", "第三卷"), ("edition", "第2版"))
    assert (c.volume, c.edition) == ("3", "2")
    assert build(text, ("title", "清朝的皇帝"), ("volume", "下")).volume == "下"
    journal = build(text, ("container", "臺灣文獻"), ("volume", "第53卷"), ("issue", "3期"), ("locator", "頁119"))
    assert (journal.volume, journal.issue, journal.locator) == ("53", "3", "頁119")


def test_corporate_authors_stay_whole():
    c = build("军事科学院军事历史研究部，《抗美援朝战争史》", ("author", "军事科学院军事历史研究部"),
              ("title", "抗美援朝战争史"))
    assert c.authors == (Name("军事科学院军事历史研究部", organisation=True),)
    western = build("Korea Institute of Military History, The Korean War",
                    ("author", "Korea Institute of Military History"), ("title", "The Korean War"))
    assert western.authors == (Name("Korea Institute of Military History", organisation=True),)


def test_a_name_with_its_original_in_brackets_is_one_creator():
    text = "愛德華‧豪士（Edward H. House）著，陳政三譯，《征臺紀事》"
    c = build(text, ("author", "愛德華‧豪士"), ("author", "Edward H. House"), ("role", "著"),
              ("translator", "陳政三"), ("role", "譯"), ("title", "征臺紀事"))
    assert c.authors == (Name("愛德華‧豪士", family="豪士", given="愛德華", alternate="Edward H. House"),)


def test_the_link_on_a_title_gives_the_url():
    text = "杨奎松.评《抗美援朝战争史》."
    url = "http://www.people.com.cn/GB/198221/198974/199958/12905537.html"
    c = build(text, ("author", "杨奎松"), ("title", "评《抗美援朝战争史》"), links=[("评《抗美援朝战争史》", url)])
    assert (c.url, c.title, c.kind) == (url, "评《抗美援朝战争史》", "web-page")


def test_a_generic_link_after_the_record_is_its_url_and_another_records_link_is_not():
    text = "甲，《第一本书》，在此；乙，《第二本书》"
    links = [("在此", "http://example.org/1"), ("第二本书", "http://example.org/2")]
    first = build(text, ("author", "甲"), ("title", "第一本书"), links=links)
    assert first.url == "http://example.org/1"
    second = assemble(text, tuple(links), (), record(text, ("author", "乙"), ("title", "第二本书")))
    assert second.url == "http://example.org/2"


def test_a_record_of_only_a_link():
    c = assemble("1", (("1", "http://example.org/page"),), (), RecordSpans(()))
    assert (c.url, c.kind, c.language, c.title) == ("http://example.org/page", "web-page", None, None)


def test_title_markup_and_nested_brackets_in_values():
    c = build("胡適：〈〈儒林外史〉新評〉", ("author", "胡適"), ("title", "〈儒林外史〉新評"))
    assert c.title == "《儒林外史》新評"
    assert build("《朝-{}-鲜战争》", ("title", "朝-{}-鲜战争")).title == "朝鲜战争"


def test_accessed_date_isbn_and_kana_title():
    text = "『井上成美』（井上成美伝記刊行会 編）ISBN 4-12-490040-6，2019年3月1日閲覧"
    c = build(text, ("title", "井上成美"), ("editor", "井上成美伝記刊行会"), ("role", "編"),
              ("isbn", "4-12-490040-6"), ("accessed", "2019年3月1日"))
    assert (c.isbn, c.accessed.iso(), c.language) == ("4-12-490040-6", "2019-03-01", "ja")
    assert c.editors[0].organisation


def test_gold_spans_of_the_corpus_assemble_to_their_labelled_values():
    """The ceiling of the learned parser: the corpus's own spans give the labelled values."""
    right: dict[str, int] = {}
    total: dict[str, int] = {}
    for gold in gold_strings():
        for index in range(len(gold.records)):
            for field, (expected, got) in compare(gold, index, assembled(gold, index)).items():
                total[field] = total.get(field, 0) + 1
                right[field] = right.get(field, 0) + (expected == got)
    for field in ("title", "author", "editor", "translator", "container", "publisher", "place", "date",
                  "volume", "issue", "locator", "isbn", "language"):
        assert right[field] / total[field] >= 0.97, field
