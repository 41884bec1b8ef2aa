"""The notes, citations and bibliography stages on the seeds and the dev articles.

Every marker accounted for, every note classified, every cited work one ``biblStruct`` that its
notes and source-list items point at, with each note's own locator; the BibTeX beside it, the
scholar's corrections applied to both, and the summary printed and recorded.
"""
from __future__ import annotations

import subprocess

import pytest
from lxml import etree

from conftest import DEV_ARTICLES, REPO, SCHEMA, jing, run_in_process
from pipeline.catalog import Article
from pipeline.convert import convert
from pipeline.inputs import article_inputs
from pipeline.project import Project
from pipeline.tei import NS, XML_ID, SourceMeta, header_summaries, serialize
from pipeline.transforms import bibliography, citations, notes
from pipeline.transforms.base import ArticleInputs, Reporter

WIKI = REPO / "articles" / "korean-war.wiki.md"
HANT = REPO / "articles" / "korean-war.zh-hant.txt"
CORRECTIONS = REPO / "bibliography" / "corrections.bib"
DEV = {"火药": "zh-Hans", "李约瑟": "zh-Hans", "马可·波罗": "zh-Hans", "平溪區": "zh-Hant", "(2+1)维_KP方程": "zh-Hans",
       "寄存器": "zh-Hant", "冒泡排序": "zh-Hans", "Smalltalk": "zh-Hans"}


def converted(path, article_id: str, lang: str, fmt: str = "wiki-markdown"):
    """``path`` converted as article ``article_id`` of the repository's project (its ledger,
    corrections and annotations), whether or not the catalog lists it."""
    project = Project.load(REPO)
    article = Article(id=article_id, path=path, format=fmt, lang=lang, title=article_id, source="", licence="CC BY-SA 4.0")
    return convert(path, article_inputs(project, article), lambda message: None)


@pytest.fixture(scope="module")
def wiki():
    """The simplified seed through every stage, in the repository's project (its corrections.bib)."""
    return converted(WIKI, "korean-war", "zh-Hans")


@pytest.fixture(scope="module")
def hant():
    return converted(HANT, "korean-war-zh-hant", "zh-Hant", "plain-text")


@pytest.fixture(scope="module")
def dev_articles():
    return {name: converted(DEV_ARTICLES / f"{name}.md", f"dev-{index}", lang)
            for index, (name, lang) in enumerate(DEV.items())}


def xp(node, path: str, **variables):
    return node.xpath(path, namespaces=NS, **variables)


def note(root, n: str) -> etree._Element:
    (found,) = xp(root, "//tei:div[@type='notes']/tei:note[@n=$n]", n=n)
    return found


def work(root, key: str) -> etree._Element:
    (found,) = xp(root, "//tei:listBibl[@type='works-cited']/tei:biblStruct[@n=$key]", key=key)
    return found


def cited(root, element) -> list[tuple[str, str]]:
    """The works an element points at (their BibTeX keys) with the locator of each pointer."""
    out = []
    for bibl in xp(element, "tei:bibl[@corresp]") or [element]:
        target = bibl.get("corresp").lstrip("#")
        (entry,) = xp(root, "//tei:biblStruct[@xml:id=$id]", id=target)
        out.append((entry.get("n"), xp(bibl, "string(tei:citedRange)")))
    return out


# -- every marker accounted for -----------------------------------------------------------------
def test_seed_summaries_are_counted_recorded_in_the_header(wiki, hant):
    for (root, transformed), expected in (
            (wiki, {"notes": 320, "citations": 81, "explanatory": 3, "lost": 236, "unresolved": 0,
                    "references": 320, "located": 0, "unreferenced": 0}),
            (hant, {"notes": 361, "citations": 0, "explanatory": 0, "lost": 0, "unresolved": 361,
                    "references": 558, "located": 162, "unreferenced": 0})):
        assert transformed.counts("notes") == expected
        assert header_summaries(root)["notes"] == {key: str(value) for key, value in expected.items()}
    # issue 18: the labeller reads three reposts (环球网转载 来源：人民网, 载于《人民日报》…) as the two
    # records each note's labels give, so three more works; note 237 needs no correction any more
    assert wiki[1].counts("citations") == {"records": 107, "works": 95, "linked-notes": 81, "unparsed-notes": 1,
                                            "linked-sources": 20, "sources": 20}
    assert wiki[1].counts("bibliography") == {"entries": 95, "corrected": 2}
    assert hant[1].counts("bibliography") == {"entries": 0, "corrected": 0}


def test_every_note_reference_resolves_and_every_note_is_classified(wiki, hant, dev_articles):
    for name, (root, _) in {"korean-war": wiki, "korean-war-zh-hant": hant, **dev_articles}.items():
        ids = {n.get(XML_ID): n for n in xp(root, "//tei:div[@type='notes']/tei:note")}
        for ref in xp(root, "//tei:text//tei:ref[@type='noteref']"):
            assert ref.get("target").lstrip("#") in ids, (name, ref.get("n"))
        for element in ids.values():
            kind = element.get("type")
            assert kind in ("citation", "explanatory", "lost", "unresolved"), (name, element.get("n"))
            linked = xp(element, "tei:bibl[@corresp]")
            if kind == "citation":
                assert linked or xp(element, "tei:bibl[@type='unparsed']"), (name, element.get("n"))
            if kind in ("lost", "unresolved"):
                assert not linked and len(xp(element, "tei:note[@type='editorial']")) == 1, (name, element.get("n"))
        works = {b.get(XML_ID) for b in xp(root, "//tei:listBibl[@type='works-cited']/tei:biblStruct")}
        pointers = [p.lstrip("#") for p in xp(root, "//tei:bibl/@corresp")]
        assert set(pointers) <= works and works <= set(pointers), name   # no dangling pointer, no orphan entry


def test_a_note_cited_from_many_places_is_one_note_with_each_locator(hant):
    root, _ = hant
    (note68,) = xp(root, "//tei:div[@type='notes']/tei:note[@n='68']")
    target = "#" + note68.get(XML_ID)
    references = xp(root, "//tei:body//tei:ref[@type='noteref'][@target=$t]", t=target)
    located = xp(root, "//tei:body//tei:bibl[@type='noteref'][tei:ref/@target=$t]/tei:citedRange/text()", t=target)
    assert (len(references), located) == (9, ["5210"] * 9)   # [68]:5210, nine times in the source
    (note122,) = xp(root, "//tei:div[@type='notes']/tei:note[@n='122']")
    ranges = xp(root, "//tei:body//tei:bibl[tei:ref/@target=$t]/tei:citedRange/text()", t="#" + note122.get(XML_ID))
    assert len(ranges) == 69 and ranges.count("111") == 6 and {"110-111", "176-177", "133-134"} <= set(ranges)
    assert note68.get("type") == "unresolved"
    assert xp(note68, "string(tei:note[@type='editorial'])") == "此版本未收錄該註釋的原文。"


def test_lost_note_is_explained_once(wiki):
    lost = note(wiki[0], "1")
    assert lost.get("type") == "lost"
    (explanation,) = xp(lost, "tei:note")
    assert (explanation.get("subtype"), explanation.text) == ("lost-note", "此注释的原文在转换中丢失。")


def test_explanatory_notes_stay_explanatory_and_still_link_what_they_name(wiki):
    root, _ = wiki
    for n in ("201", "202"):
        assert note(root, n).get("type") == "explanatory" and not xp(note(root, n), "tei:bibl")
    pointer = note(root, "281")
    assert pointer.get("type") == "explanatory"
    assert cited(root, pointer) == [("lijuezhan", "P1")]
    assert xp(work(root, "lijuezhan"), "string(tei:monogr/tei:title)") == "决战朝鲜"


# -- one entry per work -------------------------------------------------------------------------
def test_named_notes_become_structured_works(wiki):
    root, _ = wiki
    entry = work(root, "zhong2000chaoxian")
    assert cited(root, note(root, "172")) == [("zhong2000chaoxian", "")]
    assert (entry.get("type"), entry.get("{http://www.w3.org/XML/1998/namespace}lang")) == ("journal-article", "zh")
    assert [xp(entry, f"string(tei:analytic/tei:author/tei:persName/tei:{part})") for part in ("surname", "forename")] \
        == ["钟", "兆云"]
    assert xp(entry, "string(tei:analytic/tei:title[@level='a'])") == "朝鲜空战中的志愿军空军"
    assert xp(entry, "string(tei:monogr/tei:title[@level='j'])") == "百年潮"
    assert xp(entry, "string(tei:monogr/tei:imprint/tei:date/@when)") == "2000"
    assert xp(entry, "string(tei:monogr/tei:biblScope[@unit='issue'])") == "10"
    (pages,) = xp(entry, "tei:monogr/tei:biblScope[@unit='page']")
    assert (pages.get("from"), pages.get("to")) == ("14", "32")
    book = work(root, "hopkins1986one")
    assert cited(root, note(root, "100")) == [("hopkins1986one", "")]
    assert xp(book, "string(tei:monogr/tei:author/tei:persName)") == "Hopkins, William B."
    assert xp(book, "string(tei:monogr/tei:title[@level='m'])") == "One Bugle No Drums: The Marines at Chosin Reservoir"
    assert [xp(book, f"string(tei:monogr/tei:imprint/tei:{f})") for f in ("pubPlace", "publisher", "date")] == [
        "Chapel Hill, N.C", "Algonquin", "1986"]
    assert xp(book, "string(tei:monogr/tei:idno[@type='ISBN'])") == "978-0-912697-45-1"


def test_a_work_cited_by_several_notes_is_one_entry_each_note_with_its_locator(wiki):
    root, _ = wiki
    assert [cited(root, note(root, n)) for n in ("154", "178", "181")] == [
        [("hu2009chaoxian", "第十五章“中美鏖战上甘岭”")],
        [("hu2009chaoxian", "第十二章“陆地”到“天空”的较量")],
        [("hu2009chaoxian", "第十三章 不可逾越的防线")]]
    assert cited(root, note(root, "16")) == [("xie1993zhanhou", "第二章")]
    assert cited(root, note(root, "138")) == [("xie1993zhanhou", "")]
    assert len(xp(root, "//tei:biblStruct[@n='xie1993zhanhou' or @n='hu2009chaoxian']")) == 2
    pointing = xp(root, "//tei:bibl[@corresp=$p]", p="#" + work(root, "xie1993zhanhou").get(XML_ID))
    assert len(pointing) == 3   # notes 16 and 138, and the 来源 item


def test_source_list_item_and_short_note_are_one_work(wiki):
    """来源 ``王树增：《朝鲜战争》`` and note 14 ``王树增，第一章``: one work, cited at 第一章; the other
    《朝鲜战争》 (李奇微's, 日本陆战研究会's) stay apart."""
    root, _ = wiki
    (item,) = xp(root, "//tei:listBibl[@type='sources']/tei:bibl[starts-with(., '王树增')]")
    assert cited(root, item) == [("wangchaoxian", "")]
    assert cited(root, note(root, "14")) == [("wangchaoxian", "第一章")]
    assert xp(work(root, "wangchaoxian"), "string(tei:monogr/tei:author)") == "王树增"
    assert cited(root, note(root, "13")) == [("liqiwei1983chaoxian", "")]
    assert cited(root, note(root, "28")) == [("ribenchaoxian", "")]
    titles = [xp(work(root, key), "string(tei:monogr/tei:title)") for key in ("wangchaoxian", "liqiwei1983chaoxian",
                                                                               "ribenchaoxian")]
    assert titles == ["朝鲜战争"] * 3


def test_source_list_keeps_its_order_and_points_at_its_works(wiki):
    root, _ = wiki
    items = xp(root, "//tei:listBibl[@type='sources']/tei:bibl")
    assert ["".join(b.itertext())[:6] for b in items[:3]] == ["丁亮春：《中", "中华人民共和", "王树增：《朝"]
    assert all(item.get("corresp") for item in items) and len(items) == 20
    assert cited(root, items[-1]) == [("werrellsabers", "")]


@pytest.mark.xfail(strict=True, reason="issue 18: note 108's labels have two locator spans (the chapter, then "
                   "624—625页) and assemble takes the first, so the cited range is the chapter")
def test_locators_written_in_the_note_become_cited_ranges(wiki):
    root, _ = wiki
    assert cited(root, note(root, "75")) == [("rees1964korea", "p. 26")]
    assert cited(root, note(root, "35")) == [("liu1953xiandai", "第170—171页")]
    ((key, locator),) = cited(root, note(root, "108"))
    assert key == "wangzhongmei" and locator.endswith("624—625页")
    assert [key for key, _ in cited(root, note(root, "247"))] == ["xinhua1950zhouwai", "xinhua1950anli",
                                                                   "xinhua1953chaoxian"]


def test_a_note_no_pattern_reads_is_kept_with_its_text():
    root = etree.fromstring(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body><p>甲<ref type="noteref" target="#note-1" '
        'n="1">1</ref>乙<ref type="noteref" target="#note-2" n="2">2</ref></p></body><back><div type="notes">'
        '<note place="end" xml:id="note-1" n="1">？？<hi rend="bold">——</hi></note>'
        '<note place="end" xml:id="note-2" n="2">王树增：《朝鲜战争》，人民文学出版社，2009年。</note>'
        '</div></back></text></TEI>')
    inputs, reporter = ArticleInputs(SourceMeta(id="t", title="t", lang="zh-Hans", format="wiki-markdown",
                                                file="t.md")), Reporter()
    notes.apply(root, inputs, reporter)
    linked = citations.apply(root, inputs, reporter)
    listed = bibliography.apply(root, inputs, reporter, linked.works)
    first, second = xp(root, "//tei:note[@place='end']")
    assert first.get("type") == "citation"
    (kept,) = first
    assert (kept.get("type"), "".join(kept.itertext()), kept[0].get("rend")) == ("unparsed", "？？——", "bold")
    assert cited(root, second) == [("wang2009chaoxian", "")]
    assert linked.counts["unparsed-notes"] == 1
    assert listed.bibtex.startswith("@book{wang2009chaoxian,\n  author = {王树增},")


# -- BibTeX and corrections ---------------------------------------------------------------------
def test_bibtex_holds_one_entry_per_work_with_the_teis_keys(wiki):
    root, transformed = wiki
    keys = [b.get("n") for b in xp(root, "//tei:listBibl[@type='works-cited']/tei:biblStruct")]
    entries = [line[line.index("{") + 1:-1] for line in transformed.bibtex.splitlines() if line.startswith("@")]
    assert entries == keys and len(set(keys)) == 95
    # in the bibliography's order (Chinese works by pinyin, then Western ones), not citation order
    assert keys[:5] == ["aidikete1998meiguo", "aoerluofu1998nianchao", "benkan1985jiangjing", "bianchaoxian", "bojie1953"]
    start = transformed.bibtex.index("@article{zhong2000chaoxian,")
    assert transformed.bibtex[start:transformed.bibtex.index("\n}\n", start) + 2] == (
        "@article{zhong2000chaoxian,\n"
        "  author = {钟兆云},\n"
        "  title = {朝鲜空战中的志愿军空军},\n"
        "  journal = {百年潮},\n"
        "  year = {2000},\n"
        "  number = {10},\n"
        "  pages = {14--32},\n"
        "  language = {zh}\n"
        "}")


def test_corrections_reach_the_tei_and_the_bibtex(wiki):
    root, transformed = wiki
    assert xp(work(root, "futrelunited"), "string(tei:monogr/tei:author/tei:persName/tei:surname)") == "Futrell"
    assert "@book{futrelunited,\n  author = {Futrell, Robert F.},\n  title = {The United States Air Force in Korea}," \
        in transformed.bibtex
    thompson = work(root, "thompson1996within")
    assert [xp(a, "string(tei:persName/tei:forename)") for a in xp(thompson, "tei:monogr/tei:author")] == [
        "Wayne", "Bernard C."]
    # issue 18: note 237 no longer needs its correction (the rules read prose as its author and date);
    # the labeller reads no author and no date, and the title, series volume and 《抗美援朝战争军史》
    cleared = work(root, "kangmei")
    assert not xp(cleared, "tei:monogr/tei:author") and not xp(cleared, "tei:monogr/tei:imprint/tei:date/@when")
    assert ("@article{kangmei,\n  title = {抗美援朝、保家卫国},\n  journal = {抗美援朝战争军史},\n  volume = {5},\n"
            "  language = {zh}\n}") in transformed.bibtex
    decl = xp(root, "string(//tei:editorialDecl)")
    assert "The bibliography entries futrelunited, thompson1996within (BibTeX keys" in decl


def test_the_build_prints_the_summary_writes_the_bibtex_and_never_rewrites_corrections(project):
    before = CORRECTIONS.read_bytes()
    with (project / "bibliography" / "corrections.bib").open("a", encoding="utf-8") as handle:
        handle.write("\n@book{nosuch1999work,\n  title = {Nothing}\n}\n")
    written = (project / "bibliography" / "corrections.bib").read_bytes()
    result = run_in_process("build", "korean-war", "--formats", "tei", "--project", str(project))
    assert result.returncode == 0, result.stderr
    assert ("bibliography: entries 95, corrected 2; citations: records 107, works 95, "
            "linked-notes 81, unparsed-notes 1, linked-sources 20, sources 20;") in result.stderr
    assert ("notes: notes 320, citations 81, explanatory 3, lost 236, unresolved 0, references 320, located 0, "
            "unreferenced 0") in result.stderr
    line = written.decode().count("\n", 0, written.decode().index("@book{nosuch1999work")) + 1
    assert (f"corrections.bib:{line}: warning: the correction of 'nosuch1999work' matches no entry of any "
            "article's bibliography") in result.stderr
    assert (project / "bibliography" / "corrections.bib").read_bytes() == written
    assert CORRECTIONS.read_bytes() == before
    bib = (project / "bibliography" / "korean-war.bib").read_text(encoding="utf-8")
    assert bib.count("\n@") + 1 == 95 and "@book{wangchaoxian,\n  author = {王树增},\n  title = {朝鲜战争}," in bib
    assert jing(project / "tei" / "korean-war.xml").returncode == 0


def test_every_converted_article_is_valid_tei(wiki, hant, dev_articles, tmp_path):
    paths = []
    for name, (root, _) in {"korean-war": wiki, "korean-war-zh-hant": hant, **dev_articles}.items():
        paths.append(tmp_path / f"{len(paths)}.xml")
        paths[-1].write_bytes(serialize(root))
    run = subprocess.run(["jing", str(SCHEMA), *map(str, paths)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[:3000]
