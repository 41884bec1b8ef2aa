"""One work per cited work: the seeds' and dev articles' notes and source lists grouped."""
from __future__ import annotations

from functools import lru_cache

from pipeline.citations.parser import parse_citation, parse_note
from pipeline.citations.works import Work, group_works
from tests.note_corpus import article_notes, article_path, article_source_list


@lru_cache(maxsize=None)
def article_works(name: str, heading: str) -> tuple[list, dict[int, list[int]], list[Work]]:
    """(note citations, note number → indices of its citations, works) of an article."""
    citations, by_note = [], {}
    for number, note in article_notes(article_path(name)).items():
        if note.text:
            parsed = parse_note(note.text, note.links, note.italics).citations
            by_note[number] = list(range(len(citations), len(citations) + len(parsed)))
            citations.extend(parsed)
    sources = [parse_citation(item.text, item.links, item.italics)
               for item in article_source_list(article_path(name), heading) if item.text]
    return citations, by_note, group_works(citations, sources)


def work_of_note(name: str, heading: str, number: int) -> Work:
    _, by_note, works = article_works(name, heading)
    index = by_note[number][0]
    return next(w for w in works if index in w.notes)


def work_of_source(name: str, heading: str, index: int) -> Work:
    return next(w for w in article_works(name, heading)[2] if index in w.sources)


KW = ("korean-war.wiki.md", "来源")


def test_short_form_joins_the_source_list_entry_not_the_same_authors_other_book():
    wang = work_of_note(*KW, 14)                      # 王树增，第一章
    assert wang is work_of_source(*KW, 2)             # 王树增：《朝-{}-鲜战争》
    assert wang.record.title == "朝鲜战争" and wang.record.locator is None
    assert work_of_note(*KW, 108) is work_of_note(*KW, 109)   # 王树增著《中美战争 决战朝鲜》
    assert work_of_note(*KW, 108) is not wang


def test_same_title_different_authors_stay_apart():
    ridgway = work_of_note(*KW, 13)                   # 李奇微 著 …《朝鲜战争》
    assert ridgway is work_of_source(*KW, 3)          # 李奇微：《朝鲜战争》（The Korean War）…
    japanese = work_of_note(*KW, 28)                  # 日本陆战研究会编.朝鲜战争（上）
    assert len({id(ridgway), id(japanese), id(work_of_source(*KW, 2))}) == 3
    edwards, summers = work_of_source(*KW, 9), work_of_source(*KW, 17)   # both "Korean War Almanac"
    assert edwards is not summers
    review = work_of_note(*KW, 36)                    # 杨奎松 评《抗美援朝战争史》
    assert review is work_of_source(*KW, 5)
    assert review is not work_of_note(*KW, 211)


def test_same_work_in_different_strings_scripts_and_locators():
    history = work_of_note(*KW, 211)                  # …《抗美援朝战争史（第三卷）》… ISBN
    assert history is work_of_note(*KW, 251)          # 《抗美援朝战争史》…第十三章
    assert history.record.isbn == "978-7-80137-394-6" and history.record.volume == "3"
    assert work_of_note(*KW, 72) is work_of_note(*KW, 310)      # 贾健 / （賈健）, simplified / traditional
    assert work_of_note(*KW, 154) is work_of_note(*KW, 178) is work_of_note(*KW, 181)
    assert work_of_note(*KW, 16) is work_of_note(*KW, 138) is work_of_source(*KW, 4)   # 解力夫
    assert work_of_note(*KW, 116) is work_of_note(*KW, 249)     # 据中国人民志愿军战史


def test_notes_that_name_no_work_belong_to_none():
    citations, by_note, works = article_works(*KW)
    in_works = {i for w in works for i in w.notes}
    assert by_note[272][0] not in in_works            # ":159-161"
    assert 201 not in by_note or not set(by_note[201]) & in_works   # explanatory


def test_gunpowder_article():
    name = ("火药.md", "研究書目")
    wang = work_of_note(*name, 9)
    assert {work_of_note(*name, n) is wang for n in (10, 11, 14, 25, 26, 30, 31, 32)} == {True}
    citations, by_note, _ = article_works(*name)
    assert [citations[by_note[n][0]].locator for n in (9, 11, 25)] == ["124页", "125页", "121页"]
    needham = work_of_source(*name, 0)                # Joseph Needham（李約瑟）著…《中國科學技術史》
    assert work_of_note(*name, 12) is needham         # 李约瑟《中国科学技术史》…科学出版社
    assert work_of_note(*name, 16) is needham         # Needham，第五卷，第七分册，第293页。
    assert work_of_note(*name, 29) is work_of_source(*name, 3)   # Liu Xu (2004) … = 劉旭 …2004
    assert work_of_note(*name, 27) is work_of_note(*name, 33)
    assert work_of_note(*name, 2) is not work_of_note(*name, 27)   # Kelly 2005 Perseus / 2004 Basic Books
    assert needham.record.date.year == 2006 and needham.record.translators[0].text == "劉曉燕"


def test_romanised_name_with_another_year_is_another_work():
    works = group_works([parse_citation("王东明著 《消去法及其应用》 科学出版社 2002"),
                         parse_citation("Dongming Wang, Elimination Practice,Imperial College Press 2004")])
    assert len(works) == 2


def test_short_form_without_a_full_reference_is_its_own_work():
    works = group_works([parse_citation("Burgan 2002, p. 7"), parse_citation("Brook 2010, p. 24"),
                         parse_citation("Burgan 2002, p. 9")])
    assert [(w.record.creators[0].text, w.notes) for w in works] == [("Burgan", (0, 2)), ("Brook", (1,))]


def test_order_indices_and_merged_record():
    notes = [parse_citation("Rees 1964, p. 30"),
             parse_citation("Kaufman, Burton I. The Korean Conflict (Greenwood Press, 1999).",
                            italics=["The Korean Conflict"]),
             parse_citation("p. 26, Rees, David (1964). Korea: The Limited War. New York: St Martin's.")]
    sources = [parse_citation("Summers, Harry G. Korean War Almanac (1990)", italics=["Korean War Almanac"]),
               parse_citation("Rees, David. Korea: The Limited War (1964)", italics=["Korea: The Limited War"])]
    works = group_works(notes, sources)
    assert [(w.record.title, w.notes, w.sources) for w in works] == [
        ("Korea: The Limited War", (0, 2), (1,)),
        ("The Korean Conflict", (1,), ()),
        ("Korean War Almanac", (), (0,)),
    ]
    rees = works[0].record
    assert (rees.publisher, rees.place, rees.locator) == ("St Martin's", "New York", None)


def test_grouping_is_deterministic():
    citations, _, works = article_works(*KW)
    again = group_works(citations, [parse_citation(i.text, i.links, i.italics)
                                    for i in article_source_list(article_path(KW[0]), KW[1]) if i.text])
    assert again == works


def test_works_known_only_by_url_merge_only_on_the_same_url():
    a = parse_citation("1", [("1", "http://www.hkcna.hk/doc/2007/26597.shtml")])
    b = parse_citation("http://news.yam.com/focus/society/11956/]")
    c = parse_citation("在此", [("在此", "https://www.hkcna.hk/doc/2007/26597.shtml/")])
    assert [w.notes for w in group_works([a, b, c])] == [(0, 2), (1,)]
