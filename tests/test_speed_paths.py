"""The build's fast paths (issue 16, speed): they must change no output, only what a build costs."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import jinja2
import opencc
import pytest
from conftest import copy_project, run_in_process

from pipeline import cli
from pipeline.build import worker_start_method
from pipeline.cite import citation, formatted
from pipeline.citations.romanise import PINYIN, pinyin, simplified
from pipeline.fsutil import replace_folder
from pipeline.ids import revise as revise_module
from pipeline.ids.ledger import Ledger
from pipeline.ids.revise import Observed, revise
from pipeline.lang import convert_each, converter
from pipeline.render import compile_templates
from pipeline.transforms import language_runs
from pipeline.writers import pdf
from pipeline.writers.nobreak import join_calls
from pipeline.writers.nodes import Document, Kind, Node
from pipeline.writers.scripts import converter_for
from pipeline.writers.search import folded_texts, record_terms
from pipeline.writers.templating import environment, with_compiled_cache
from pipeline.writers.typst_source import environment as typst_environment

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
def test_workers_are_forked_from_a_single_threaded_build():
    # in a fresh process, as `edition build` runs (this test process may run other threads)
    result = subprocess.run([sys.executable, "-c", "from pipeline.build import worker_start_method; "
                             "print(worker_start_method())"], cwd=REPO, capture_output=True, text=True, check=True)
    assert result.stdout == "fork\n"


def test_workers_are_spawned_while_another_thread_runs():
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert worker_start_method() == "spawn"
    finally:
        release.set()
        other.join()


@pytest.mark.parametrize("text, syllables", [
    ("重庆", ["chong", "qing"]),            # a phrase read otherwise than its characters
    ("水浒传", ["shui", "hu", "zhuan"]),
    ("佛教在线", ["fo", "jiao", "zai", "xian"]),
    ("發明了活字", ["fa", "ming", "le", "huo", "zi"]),  # 发明 comes first, so 明了 (ming liao) does not
    ("井上成美记念刊行会", ["jing", "shang", "cheng", "mei", "ji", "nian", "kan", "xing", "hui"]),
    ("長孫無忌 (Tang)", ["zhang", "sun", "wu", "ji"]),
    ("ゲルニカ―重庆", ["chong", "qing"]),
    ("", []),
])
def test_pinyin_without_pypinyin_reads_as_pypinyin_did(text, syllables):
    assert pinyin(text) == syllables


@pytest.mark.slow
def test_the_pinyin_table_is_what_pypinyin_gives_now():
    sys.path.insert(0, str(REPO / "tools"))
    try:
        import pinyin_table
    finally:
        sys.path.remove(str(REPO / "tools"))
    assert PINYIN.read_text(encoding="utf-8").splitlines(keepends=True) == pinyin_table.lines()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="syncfs is Linux's")
def test_a_folder_is_put_on_the_disk_with_one_syncfs_not_an_fsync_per_file(tmp_path, monkeypatch):
    fsyncs = []
    monkeypatch.setattr(os, "fsync", fsyncs.append)
    files = {"entry.json": b"{}", "fragment/a.pf": b"a", "fragment/b.pf": b"b"}
    assert replace_folder(tmp_path / "index", files)
    assert fsyncs == []
    assert {path.relative_to(tmp_path / "index").as_posix(): path.read_bytes()
            for path in (tmp_path / "index").rglob("*") if path.is_file()} == files
    assert sorted(path.name for path in tmp_path.iterdir()) == ["index"]


def test_the_templates_are_compiled_before_the_workers_are_forked():
    compile_templates(None, ("html", "pdf"))
    compiled = {name for env in (environment(None, "html"), typst_environment(None))
                for _, name in (key for key in env.cache.keys())}
    assert {"article.html", "_nodes.html", "_notes.html", "index.html", "search-record.html",
            "book.typ", "_nodes.typ"} <= compiled


def test_every_module_converts_scripts_with_the_one_converter_of_its_configuration():
    assert converter_for("zh-Hans", "zh-Hant").__self__ is converter("s2t")
    assert converter_for("zh-Hant", "zh-Hans").__self__ is converter("t2s")
    assert converter("tw2sp") is converter("tw2sp")
    assert simplified("韓戰") == "韩战"


def test_a_blocks_bibtex_is_written_without_copying_the_entry(monkeypatch):
    import bibtexparser.middlewares.middleware as middleware

    def refuse(value, memo=None):
        raise AssertionError("copied")

    monkeypatch.setattr(middleware, "deepcopy", refuse)
    meta = {"article": "kw", "title": "朝鲜战争", "lang": "zh-Hans", "edition_title": "注释版", "publisher": "P",
            "date": "2026-11-23", "base_url": "https://e.org", "source": "https://zh.wikipedia.org/wiki/x",
            "licence": "CC BY-SA 4.0"}
    text = formatted(citation(meta, "p-7k3m2q"), "bibtex")
    assert text.startswith("@misc{kw:p-7k3m2q,\n\ttitle = {朝鲜战争, ")
    assert "\turl = {https://e.org/kw/#p-7k3m2q},\n" in text and text.endswith("\n}\n")


def test_a_template_jinja_cannot_compile_is_left_to_the_writer_to_report(tmp_path):
    broken = tmp_path / "templates" / "html" / "article.html"
    broken.parent.mkdir(parents=True)
    broken.write_text("{% if %}", encoding="utf-8")
    compile_templates(tmp_path / "templates", ("html",))  # no error here: each article's render says it
    assert "index.html" in {name for _, name in environment(tmp_path / "templates", "html").cache.keys()}


@pytest.mark.slow
def test_the_forked_workers_lines_all_reach_the_builds_stderr(tmp_path):
    project = copy_project(tmp_path / "project")
    result = run_in_process("build", "--formats", "tei,html,epub", "--jobs", "2", "--project", str(project))
    assert result.returncode == 0, result.stderr
    for article in ("korean-war", "korean-war-zh-hant"):
        for stage in ("read", "transform", "tei", "html", "epub"):
            assert f"[{article}] {stage} " in result.stderr


def test_joining_calls_copies_only_the_blocks_it_changes():
    plain = Node(Kind.PARAGRAPH, children=[Node(Kind.TEXT, text="此后"), Node(Kind.HI, attrs={"rend": "bold"}, children=[Node(Kind.TEXT, text="仁川")])])
    called = Node(Kind.PARAGRAPH, children=[Node(Kind.TEXT, text="战局逆转"), Node(Kind.NOTEREF, text="1"),
                                            Node(Kind.TEXT, text="。")])
    section = Node(Kind.SECTION, children=[plain, called])
    document = Document(id="x", lang="zh-Hans", meta={}, front=[], body=[section], toc=[], notes=[], sources=[],
                        links=[], bibliography=[], summaries={})
    joined = join_calls(document)
    assert joined.body[0] is not section and joined.body[0].children[0] is plain  # shared, not copied
    assert [(node.kind, node.text) for node in joined.body[0].children[1].children] == [(Kind.TEXT, "战局逆"), (Kind.SPAN, None)]
    assert [node.text for node in called.children] == ["战局逆转", "1", "。"]  # the model itself is unchanged
    assert joined.notes is document.notes


def test_a_first_build_mints_ids_without_folding_vocabulary(monkeypatch):
    blocks = [Observed("section", "朝鲜战争"), Observed("p", "戰爭爆發於1950年。", 0), Observed("p", "仁川登陆", 0)]
    with monkeypatch.context() as patched:
        patched.setattr(revise_module, "fold_all", lambda texts: pytest.fail("folded with nothing to compare"))
        ledger, ids = revise(Ledger({}), blocks, "b1")
    assert ids == ["section-vcpa0a", "p-c9xxfq", "p-2x5dzx"]
    _, again = revise(ledger, [Observed("section", "朝鲜战争"), Observed("p", "战争爆发于1950年。", 0)], "b2")
    assert again == ["section-vcpa0a", "p-c9xxfq"]  # a later build folds and keeps the IDs


def test_guessing_a_sources_script_uses_the_shared_converters(monkeypatch):
    converter("t2s"), converter("s2t")  # the process's own, made once
    monkeypatch.setattr(opencc, "OpenCC", lambda config: pytest.fail("a converter of its own"))
    assert cli._guess_lang("戰爭爆發於1950年，聯合國軍") == "zh-Hant"
    assert cli._guess_lang("战争爆发于1950年，联合国军") == "zh-Hans"


def test_a_compiled_template_is_loaded_by_the_next_process_not_compiled_again(tmp_path, monkeypatch):
    (tmp_path / "page.html").write_text("{% for x in items %}<b>{{ x }}</b>\n{% endfor %}", encoding="utf-8")

    def fresh(**settings):
        return with_compiled_cache(jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)), autoescape=True,
                                                      **settings))

    assert fresh().get_template("page.html").render(items=["a<"]) == "<b>a&lt;</b>\n"
    monkeypatch.setattr(jinja2.Environment, "compile", lambda *args, **kwargs: pytest.fail("compiled again"))
    assert fresh().get_template("page.html").render(items=["a<"]) == "<b>a&lt;</b>\n"
    with pytest.raises(pytest.fail.Exception):  # set otherwise, the code differs: never another's
        fresh(trim_blocks=True).get_template("page.html")


def test_many_texts_are_converted_in_one_call_each_as_on_its_own():
    calls = []

    def counted(text):
        calls.append(text)
        return converter("s2t").convert(text)

    assert convert_each(counted, ["麦克阿瑟", "乾隆", "头发", "a b"]) == ["麥克阿瑟", "乾隆", "頭髮", "a b"]
    assert len(calls) == 1
    assert convert_each(counted, ["发\n展", "后"]) == ["發\n展", "後"]  # a line break inside: one by one
    assert convert_each(counted, []) == []


def test_a_search_records_terms_fold_both_scripts_from_one_conversion_of_all_records():
    records = [{"id": "p-9de3wc", "text": {"zh-Hans": "麦克阿瑟", "zh-Hant": "麥克阿瑟"}},
               {"id": "p-2x5dzx", "text": {"zh-Hans": "仁川 Chromite"}}]
    folded = folded_texts(records)
    assert folded["麦克阿瑟"] == ("麦克阿瑟", "麥克阿瑟")
    assert [record_terms(record, folded) for record in records] == ["麥克 克阿 阿瑟 麦克 p9de3wc",
                                                                    "仁川 Chromite p2x5dzx"]


def test_every_pdf_of_a_process_is_set_with_the_fonts_found_once(monkeypatch, tmp_path):
    fonts = pdf.pdf_fonts()
    assert pdf.pdf_fonts() is fonts
    assert {"Noto Serif CJK SC", "Noto Serif CJK TC", "Noto Serif"} <= set(fonts.families())
    seen = []
    monkeypatch.setattr(pdf.typst, "compile", lambda source, **settings: seen.append(settings["font_paths"]) or b"%PDF")
    for _ in range(2):
        assert pdf._compile("= 朝鲜战争", pdf.WriterOptions(), ["ua-1"], tmp_path) == b"%PDF"
    assert seen == [fonts, fonts]


def test_a_han_run_without_kana_or_japanese_only_kanji_is_not_cut_character_by_character(monkeypatch):
    looked_up = []

    class Watched(frozenset):
        def __contains__(self, char):
            looked_up.append(char)
            return frozenset.__contains__(self, char)

    monkeypatch.setattr(language_runs, "chinese_only", lambda: Watched(language_runs._kanji_sets()["chinese-only"]))
    assert language_runs._japanese_pieces("朝鲜战争是1950年爆发的战争。") == []
    assert looked_up == []
    assert language_runs._japanese_pieces("他说「東京都の新宿」，后来") == [(3, 9)]


def test_a_compiled_template_that_cannot_be_kept_is_still_rendered(tmp_path, monkeypatch):
    (tmp_path / "kept.html").write_text("<i>{{ x }}</i>", encoding="utf-8")
    env = with_compiled_cache(jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)), autoescape=True))

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(jinja2.FileSystemBytecodeCache, "dump_bytecode", full)
    assert env.get_template("kept.html").render(x="1<2") == "<i>1&lt;2</i>"
