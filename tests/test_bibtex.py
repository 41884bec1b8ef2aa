"""BibTeX keys and entries, and the hand-written corrections file."""
from __future__ import annotations

import bibtexparser
import pytest

from pipeline.citations.bibtex import (
    apply_corrections, bibtex_library, bibtex_text, correct_record, parse_corrections, read_corrections,
)
from pipeline.citations.keys import assign_keys, base_key
from pipeline.citations.parser import parse_citation
from pipeline.citations.works import group_works
from pipeline.errors import EditionError


def works_of(*texts, italics=()):
    return group_works([parse_citation(t, italics=italics) for t in texts])


@pytest.mark.parametrize("text, key", [
    ("王兆春著《中国军事科学通史》解放军出版社 2010，124页", "wang2010zhongguo"),
    ("解力夫：《战后四大战争－朝鲜战争》，1993年", "xie1993zhanhou"),       # 解 as a surname reads xie
    ("Kelly, Jack (2004), Gunpowder: Alchemy, Bombards, & Pyrotechnics: The History of the Explosive that "
     "Changed the World, Basic Books, ISBN 978-0-465-03718-6.", "kelly2004gunpowder"),
    ("Derek W. Bowett, United Nations Forces: A Legal Study of United Nations Practice, Stevens, London, 1964",
     "bowett1964united"),
    ("军事科学院军事历史研究部.《抗美援朝战争史（第三卷）》. 军事科学院出版社,2000年9月.", "junshi2000kangmei"),
    ("据中国人民志愿军战史", "zhongguo"),
    ("1", "anon"),
])
def test_readable_keys(text, key):
    assert base_key(parse_citation(text)) == key


def test_key_of_a_work_known_only_by_url():
    assert base_key(parse_citation("1", [("1", "http://www.hkcna.hk/doc/2007/26597.shtml")])) == "hkcna"


def test_colliding_keys_get_suffixes_in_work_order():
    works = works_of("王树增：《朝鲜战争》，2009年", "王树增：《朝鲜战役》，2009年", "李奇微：《朝鲜战争》，1983年10月。")
    assert assign_keys(works) == ["wang2009chaoxiana", "wang2009chaoxianb", "liqiwei1983chaoxian"]
    assert assign_keys(works) == assign_keys(works_of("王树增：《朝鲜战争》，2009年", "王树增：《朝鲜战役》，2009年",
                                                      "李奇微：《朝鲜战争》，1983年10月。"))


def test_entry_fields_types_and_order():
    works = works_of("李奇微 著，军事科学院外国军事研究部 译：《朝鲜战争》（The Korean War）. 1983年10月.",
                     "阎宗临《元代西欧宗教与政治之使节》《中西交通史》 83页",
                     "钟兆云.朝鲜空战中的志愿军空军.百年潮,2000年第10期,14-32页",
                     "对美方破坏“职权范围”阻挠战俘遣返的行为我方向美方提出严重抗议.人民日报.1953.10.16")
    text = bibtex_text(works)
    assert text.startswith("@book{liqiwei1983chaoxian,\n  author = {李奇微},\n  translator = {{军事科学院外国军事研究部}},\n")
    entries = {e.key: e for e in bibtexparser.parse_string(text).entries}
    assert [e.entry_type for e in entries.values()] == ["book", "incollection", "article", "article"]
    ridgway = entries["liqiwei1983chaoxian"]
    assert [f.key for f in ridgway.fields] == ["author", "translator", "title", "year", "month", "date", "language"]
    assert ridgway["date"] == "1983-10" and ridgway["title"] == "朝鲜战争"
    assert entries["yanyuandai"]["booktitle"] == "中西交通史"
    article = entries["zhong2000chaoxian"]
    assert (article["journal"], article["number"], article["pages"]) == ("百年潮", "10", "14--32")
    assert entries["duimei1953"]["entrysubtype"] == "newspaper"
    assert "locator" not in text and "83页" not in text   # a note's locator is not part of the work


def test_special_characters_escaped_and_names_formatted():
    works = works_of("Frances Wood, Did Marco Polo Go to China? (London: Secker & Warburg, 1995).",
                     italics=["Did Marco Polo Go to China?"])
    text = bibtex_text(works)
    assert "  publisher = {Secker \\& Warburg},\n" in text
    assert "  author = {Wood, Frances},\n" in text
    organisation = bibtex_text(works_of("中华人民共和国驻朝鲜民主主义人民共和国大使馆：《纪念中国人民志愿军入朝参战56周年》"))
    assert "  author = {{中华人民共和国驻朝鲜民主主义人民共和国大使馆}},\n" in organisation


def test_one_entry_per_work_and_byte_identical_output():
    texts = ["王兆春著《中国军事科学通史》解放军出版社 2010，124页", "王兆春著《中国军事科学通史》解放军出版社 2010，126页",
             "Burgan 2002, p. 7"]
    first, second = bibtex_text(works_of(*texts)), bibtex_text(works_of(*texts))
    assert first == second
    assert len(bibtexparser.parse_string(first).entries) == 2
    assert first.endswith("}\n") and "\n\n\n" not in first


CORRECTIONS = """% Hand-written fixes, by key.
@book{wang2010zhongguo,
  publisher = {解放军出版社（北京）},
  address = {北京},
  language = {}
}
@incollection{nobody2000,
  title = {Unused}
}
"""


def test_corrections_override_add_and_remove_fields(tmp_path):
    path = tmp_path / "corrections.bib"
    path.write_text(CORRECTIONS, encoding="utf-8")
    corrections = read_corrections(path)
    assert sorted(corrections) == ["nobody2000", "wang2010zhongguo"]
    library = bibtex_library(works_of("王兆春著《中国军事科学通史》解放军出版社 2010，124页"))
    corrected, unused = apply_corrections(library, corrections)
    entry = corrected.entries[0]
    assert (entry.key, entry["publisher"], entry["address"]) == ("wang2010zhongguo", "解放军出版社（北京）", "北京")
    assert "language" not in entry.fields_dict
    assert [f.key for f in entry.fields] == ["author", "title", "publisher", "address", "year"]
    assert unused == ["nobody2000"]
    assert library.entries[0]["publisher"] == "解放军出版社"   # the generated library is left alone
    assert path.read_text(encoding="utf-8") == CORRECTIONS


def test_correction_can_change_the_entry_type():
    corrections = parse_corrections("@thesis{wang2010zhongguo, type = {phdthesis}}")
    text = bibtex_text(works_of("王兆春著《中国军事科学通史》解放军出版社 2010，124页"), corrections)
    assert text.startswith("@thesis{wang2010zhongguo,") and "type" in text


def test_missing_corrections_file_is_no_corrections(tmp_path):
    assert read_corrections(tmp_path / "corrections.bib") == {}


@pytest.mark.parametrize("text, line, message", [
    ("@book{a,\n  title = {ok}\n}\n\n@book{b,\n  title = {unterminated\n", 5, "malformed BibTeX entry"),
    ("@book{a, title = {x}}\n@book{a, title = {y}}\n", 2, "duplicate entry key 'a'"),
    ("\n@book{c, title = {x}, title = {y}}\n", 2, "sets title twice"),
    ("@book{d title = {x}}\n", 1, "Expected comma after entry key"),
    ("@book{, title = {x}}\n", 1, "entry without a key"),
    ("@book{e,\n  year = 1994,\n  note = see p 4\n}\n", 3, "'note' in 'e' is neither in braces nor in quotes"),
])
def test_malformed_corrections_name_file_and_line(tmp_path, text, line, message):
    path = tmp_path / "corrections.bib"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EditionError) as caught:
        read_corrections(path)
    problem = caught.value.problems[0]
    assert (problem.file, problem.line) == (str(path), line)
    assert message in problem.message
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert caught.value.status == 1


def test_corrections_not_utf8(tmp_path):
    path = tmp_path / "corrections.bib"
    path.write_bytes("@book{a,\n  title = {".encode() + "朝鲜".encode("gb18030") + b"}\n}\n")
    with pytest.raises(EditionError) as caught:
        read_corrections(path)
    assert (caught.value.problems[0].line, caught.value.problems[0].message) == (2, "not UTF-8 text")


def test_all_problems_reported_together(tmp_path):
    path = tmp_path / "corrections.bib"
    path.write_text("@book{a, title = {x}}\n@book{a, title = {y}}\n@book{, title = {z}}\n", encoding="utf-8")
    with pytest.raises(EditionError) as caught:
        read_corrections(path)
    assert [p.line for p in caught.value.problems] == [2, 3]


def test_unreadable_corrections_file(tmp_path):
    path = tmp_path / "corrections.bib"
    path.mkdir()
    with pytest.raises(EditionError) as caught:
        read_corrections(path)
    assert caught.value.problems[0].file == str(path)
    assert "cannot read" in caught.value.problems[0].message


def test_a_correction_s_names_split_at_and_keeping_braced_organisations_whole():
    corrections = parse_corrections("@book{wang2010zhongguo, author = {Kim, Il-sung AND {Smith \\& Sons and Co.}"
                                    " and 王兆春}}")
    (work,) = works_of("王兆春著《中国军事科学通史》解放军出版社 2010，124页")
    record = correct_record(work.record, corrections["wang2010zhongguo"])
    assert [(n.text, n.family, n.organisation) for n in record.authors] == [
        ("Kim, Il-sung", "Kim", False), ("Smith & Sons and Co.", None, True), ("王兆春", "王", False)]
