"""The HTML edition in a real browser: Debian's headless Chromium driven by Playwright.

One browser serves the whole session. The edition is served by the same server ``edition
serve`` uses, in a thread; every request that would leave the machine is refused and recorded,
and every test fails on a console error or an uncaught exception in the page.
The site (conftest ``html_site``) holds the default corpus built by the CLI and the hand-made
``annotated.xml`` (block IDs, anchored and orphaned annotations, notes cited from several
places, text that must stay inert), rendered into the same site.
"""
from __future__ import annotations

import threading
from dataclasses import asdict

import pytest
from lxml import etree
from playwright.sync_api import expect, sync_playwright

from conftest import DATA
from pipeline.project import Project
from pipeline.cite import cite
from pipeline.serve import make_server
from pipeline.tei import NS, load_tei
from pipeline.writers.citations import citation_meta
from pipeline.writers.model import build_document

pytestmark = pytest.mark.slow  # runs Chromium on a built site

ANNOTATED = DATA / "html" / "annotated.xml"
SEED = "korean-war-zh-hant"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def server(html_site):
    httpd = make_server(html_site, 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Visits:
    """Opens pages in fresh contexts, refusing and recording requests that leave the machine."""

    def __init__(self, browser, server: str):
        self.browser, self.server = browser, server
        self.contexts = []
        self.outside: list[str] = []
        self.errors: list[str] = []

    def _guard(self, route) -> None:
        url = route.request.url
        if url.startswith((self.server + "/", "file://", "data:", "blob:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def open(self, path: str, viewport: dict = DESKTOP, touch: bool = False, url: str | None = None,
             color_scheme: str = "light"):
        context = self.browser.new_context(viewport=viewport, has_touch=touch, is_mobile=touch,
                                           reduced_motion="reduce", color_scheme=color_scheme)
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=self.server)
        context.route("**/*", self._guard)
        self.contexts.append(context)
        page = context.new_page()
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.goto(url or f"{self.server}/{path}")
        page.wait_for_load_state("load")
        return page


@pytest.fixture
def visit(browser, server):
    visits = Visits(browser, server)
    yield visits
    for context in visits.contexts:
        context.close()
    assert visits.errors == [], "console errors"
    assert visits.outside == [], "requests leaving the machine"


def in_view(page, selector: str) -> bool:
    return page.eval_on_selector(selector, "e => { const r = e.getBoundingClientRect();"
                                           " return r.bottom > 0 && r.top < window.innerHeight; }")


def test_footnote_preview_opens_on_hover_focus_and_tap_and_the_reference_jumps(visit):
    page = visit.open("demo/index.html")
    preview = page.locator("#preview")
    page.hover("#ref-note-1-1")
    expect(preview).to_be_visible()
    expect(preview).to_contain_text("王树增：《朝鲜战争》，人民文学出版社，2009年")
    page.mouse.move(5, 5)
    expect(preview).to_be_hidden()
    page.focus("#ref-note-1-2")
    expect(preview).to_be_visible()
    assert page.get_attribute("#ref-note-1-2", "aria-describedby") == "preview"
    page.keyboard.press("Escape")
    expect(preview).to_be_hidden()
    page.click("#ref-note-1-3")
    assert page.url.endswith("#note-1")
    assert in_view(page, "#note-1")
    backrefs = page.eval_on_selector_all("#note-1 .backref", "links => links.map(a => a.getAttribute('href'))")
    assert backrefs == ["#ref-note-1-1", "#ref-note-1-2", "#ref-note-1-3"]
    page.click("#note-1 .backref >> nth=1")
    assert page.url.endswith("#ref-note-1-2") and in_view(page, "#ref-note-1-2")

    page.hover("#ref-ann-incheon-2")  # a scholarly annotation's mark previews its text and author
    expect(preview).to_contain_text("登陆日期依据美军战史")
    expect(preview).to_contain_text("张三")
    page.hover("#p-bbb222 .ed-sign")  # an editorial note's sign previews its entry in the apparatus
    expect(preview).to_contain_text("此处模板文字在转换中丢失。")

    phone = visit.open("demo/index.html", viewport=PHONE, touch=True)
    phone.tap("#ref-note-1-1")
    phone_preview = phone.locator("#preview")
    expect(phone_preview).to_be_visible()
    expect(phone_preview).to_contain_text("王树增")
    assert "#" not in phone.url  # the first tap previews instead of jumping
    phone.tap("#preview .preview-jump")
    assert phone.url.endswith("#note-1")


def test_cite_dialog_offers_and_copies_the_citation_in_three_forms(visit, html_site):
    page = visit.open("demo/index.html")
    meta = citation_meta(build_document(load_tei(ANNOTATED)), asdict(Project.load(html_site.parent.parent).catalog.edition))
    expected = {key: cite(meta, "p-aaa111", fmt).strip() for key, fmt in
                (("text", "text"), ("bibtex", "bibtex"), ("csl", "csl-json"))}
    page.focus("#p-aaa111 .pid")  # the ID shows on focus, the cite action follows it
    assert page.eval_on_selector("#p-aaa111 .block-tools", "e => getComputedStyle(e).opacity") == "1"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.cite") == "p-aaa111"
    page.keyboard.press("Enter")
    dialog = page.locator("#cite-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator(".cite-id")).to_have_text("p-aaa111")
    for key, text in expected.items():
        assert dialog.locator(f"pre.cite-{key}").inner_text() == text
        dialog.locator(f"button[data-copy='{key}']").click()
        expect(dialog.locator(".cite-status")).to_have_text("已复制到剪贴板")
        assert page.evaluate("navigator.clipboard.readText()") == text
    assert "p-aaa111" in expected["text"] and "@misc{demo:p-aaa111" in expected["bibtex"]
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert page.evaluate("document.activeElement.dataset.cite") == "p-aaa111"


def test_script_switch_changes_the_text_keeps_the_ids_and_the_paragraph_in_view(visit):
    page = visit.open("demo/index.html", viewport={"width": 1400, "height": 500})
    hans_ids = page.eval_on_selector_all("[id]", "all => all.map(e => e.id).sort()")
    page.eval_on_selector("#p-ccc333", "e => e.scrollIntoView({block: 'start'})")  # the first block in view
    top_before = page.eval_on_selector("#p-ccc333", "e => e.getBoundingClientRect().top")
    page.click(".script-switch a[hreflang='zh-Hant']")
    page.wait_for_url("**/index.zh-Hant.html#p-ccc333")
    page.wait_for_function("Math.abs(document.getElementById('p-ccc333').getBoundingClientRect().top - %f) < 40"
                           % top_before)
    assert page.evaluate("document.documentElement.lang") == "zh-Hant"
    expect(page.locator("#p-aaa111")).to_contain_text("聯合國軍")
    expect(page.locator("#p-aaa111 .variant")).to_have_text("韓國")
    assert page.get_attribute("#p-aaa111 .variant", "lang") == "zh-Hant"
    expect(page.locator("#p-bbb222 .noconv")).to_have_text("后来的头发")  # protected: never converted
    assert page.get_attribute("#p-bbb222 .noconv", "lang") == "zh-Hans"
    assert page.eval_on_selector_all("[id]", "all => all.map(e => e.id).sort()") == hans_ids

    seed = visit.open(f"{SEED}/index.html")
    assert seed.evaluate("document.documentElement.lang") == "zh-Hant"
    expect(seed.locator("h1")).to_have_text("韓戰")
    seed.click(".script-switch a[hreflang='zh-Hans']")
    seed.wait_for_url("**/index.zh-Hans.html#*")
    expect(seed.locator("h1")).to_have_text("韩战")


def hits(page) -> list[tuple[str, str]]:
    page.locator(".search-results li").first.wait_for()
    return page.eval_on_selector_all(".search-results li", "items => items.map(li => ["
                                     "li.querySelector('a').getAttribute('href'), li.querySelector('.hit-id').textContent])")


def test_search_finds_paragraphs_with_their_ids_in_either_script(visit, html_site):
    page = visit.open("demo/index.html")
    page.fill("#site-search", "战局逆转")
    page.press("#site-search", "Enter")
    page.wait_for_url("**/search.html?q=*")
    found = hits(page)
    assert any(href.endswith("/demo/index.html#p-aaa111") and block == "p-aaa111" for href, block in found), found
    marks = page.eval_on_selector_all(".search-results li p", "ps => ps.map(p => (p.querySelector('mark') || {}).textContent)")
    exact = [mark == "战局逆转" for mark in marks]
    assert exact[0] and exact == sorted(exact, reverse=True)  # the blocks holding the phrase come first
    page = visit.open("search.html?q=" + "戰局逆轉")  # typed in the other script: the other page
    found = hits(page)
    assert any(href.endswith("/demo/index.zh-Hant.html#p-aaa111") for href, _ in found)
    page.click("a[href$='/demo/index.zh-Hant.html#p-aaa111']")
    page.wait_for_url("**/demo/index.zh-Hant.html#p-aaa111")
    assert in_view(page, "#p-aaa111")

    phrase = "板門店簽署停戰協定"  # a phrase of the plain-text seed
    tei = etree.parse(str(html_site.parent.parent / "tei" / f"{SEED}.xml"))
    expected = tei.xpath(f"//tei:body//tei:p[contains(string(.), '{phrase}')]/@xml:id", namespaces=NS)
    assert expected
    found = hits(visit.open(f"search.html?q={phrase}"))
    assert [block for href, block in found if href.endswith(f"/{SEED}/index.html#{block}")][:len(expected)] == expected


def test_source_and_annotation_markup_stays_inert(visit, html_site):
    for url in (None, (html_site / "demo" / "index.html").as_uri()):
        page = visit.open("demo/index.html", url=url)
        expect(page.locator("#p-unsafe")).to_contain_text("<script>window.__pwned = 1</script>")
        page.hover("#p-unsafe .annotation-ref")
        expect(page.locator("#preview")).to_contain_text("<script>window.__pwned = 4</script>")
        page.click("#p-unsafe a.link-external", force=True)
        page.click("#ann-unsafe .annotation-body a")
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.evaluate("""[...document.querySelectorAll('*')].flatMap(e => [...e.attributes])
                                .filter(a => a.name.startsWith('on') || /^\\s*javascript:/i.test(a.value))
                                .map(a => a.name + '=' + a.value)""") == []
        scripts = page.eval_on_selector_all("script", "all => all.map(s => s.getAttribute('src'))")
        assert scripts == ["edition.js"]


def test_works_from_file_urls_search_aside(visit, html_site):
    page = visit.open("", url=(html_site / "demo" / "index.html").as_uri())
    page.hover("#ref-note-1-1")
    expect(page.locator("#preview")).to_contain_text("王树增")
    page.hover("#p-aaa111")
    page.click("button[data-cite='p-aaa111']")
    dialog = page.locator("#cite-dialog")
    expect(dialog.locator("pre.cite-text")).to_contain_text("p-aaa111")
    dialog.locator("button[data-copy='text']").click()
    assert page.get_attribute("#cite-dialog", "data-last-copied") == dialog.locator("pre.cite-text").inner_text()
    page.keyboard.press("Escape")
    page.click(".script-switch a[hreflang='zh-Hant']")
    page.wait_for_url("**/index.zh-Hant.html#*")
    search = visit.open("", url=(html_site / "search.html").as_uri() + "?q=仁川")
    expect(search.locator(".search-status")).to_contain_text("edition serve")


def test_layout_at_desktop_and_phone_widths(visit, tmp_path):
    page = visit.open("demo/index.html", viewport=DESKTOP)
    page.screenshot(path=str(tmp_path / "desktop.png"), full_page=True)
    paragraph = page.eval_on_selector("#p-aaa111", "e => e.getBoundingClientRect().toJSON()")
    margin = page.eval_on_selector("aside.margin-notes", "e => e.getBoundingClientRect().toJSON()")
    assert margin["left"] >= paragraph["right"]  # margin notes stand beside their paragraph
    assert abs(margin["top"] - paragraph["top"]) < 30
    page.evaluate("window.scrollTo(0, document.body.scrollHeight / 2)")
    toc = page.eval_on_selector(".toc", "e => e.getBoundingClientRect().toJSON()")
    header = page.eval_on_selector(".site-header", "e => e.getBoundingClientRect().toJSON()")
    assert header["top"] == 0 and header["bottom"] - 2 <= toc["top"] <= header["bottom"] + 2  # both sticky
    assert page.eval_on_selector(".toc details", "d => d.open")

    phone = visit.open("demo/index.html", viewport=PHONE, touch=True)
    phone.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not phone.eval_on_selector(".toc details", "d => d.open")  # collapsed above the text
    expect(phone.locator("aside.margin-notes").first).to_be_hidden()
    phone.tap(".toc summary")
    expect(phone.locator(".toc a[href='#s-plan01']")).to_be_visible()
    for path in (f"{SEED}/index.html", "korean-war/index.html", "index.html", "search.html?q=仁川"):
        other = visit.open(path, viewport=PHONE, touch=True)
        assert other.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path


CONTRAST = """(selector) => {
  const luminance = (rgb) => rgb.map(v => v / 255).map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
                                .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const parse = (color) => color.match(/[\\d.]+/g).map(Number);
  const element = document.querySelector(selector);
  let background = element, fill;
  while (background) {
    fill = parse(getComputedStyle(background).backgroundColor);
    if (fill.length < 4 || fill[3] > 0) break;
    background = background.parentElement;
  }
  const [a, b] = [luminance(parse(getComputedStyle(element).color).slice(0, 3)), luminance(fill.slice(0, 3))];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


def test_accessibility_language_landmarks_headings_keyboard_contrast(visit):
    page = visit.open("demo/index.html")
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"
    foreign = page.eval_on_selector_all(".foreign, .variant", "all => all.map(e => e.lang)")
    assert foreign == ["zh-Hans", "ko", "en"]
    landmarks = page.evaluate("""['body > header', 'nav.toc', 'main', 'body > footer', 'aside.infobox']
                                 .map(s => document.querySelectorAll(s).length)""")
    assert landmarks == [1, 1, 1, 1, 1]
    levels = page.eval_on_selector_all("h1, h2, h3, h4, h5, h6", "all => all.map(h => Number(h.tagName[1]))")
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels
    unnamed = page.eval_on_selector_all("button, a", "all => all.filter(e => !e.closest('dialog:not([open])') && "
                                                     "!(e.getAttribute('aria-label') || e.textContent.trim())).length")
    assert unnamed == 0
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.hover("#p-aaa111")
    for selector in ("#p-aaa111", ".edition-meta dd", "#p-aaa111 .pid", "#ref-note-1-1", ".link-wikilink",
                     ".who", ".margin-note", "#p-bbb222 .maintenance", ".annotation-ref", ".cited-in",
                     ".section-intro", ".cite-btn", ".script-switch a[aria-current]", ".note-statement", ".ed-sign",
                     ".locator", ".edition-meta dt"):
        assert page.evaluate(CONTRAST, selector) >= 4.5, selector


#: What no line of the running text may start with: a note's or annotation's call, an editorial
#: mark, or closing punctuation. Each is measured where it stands (its first box, or the first
#: box of a punctuation character) against the left edge of the block it is set in; a block's
#: first character starts its first line whatever it is (a caption that starts with "，").
LINE_STARTS = r"""() => {
  const block = element => {
    while (getComputedStyle(element).display.startsWith('inline')) element = element.parentElement;
    return element;
  };
  const lineLeft = inline => {
    const element = block(inline), style = getComputedStyle(element), box = element.getBoundingClientRect();
    return box.left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft);
  };
  const skipped = '.block-tools, .margin-notes, .visually-hidden, .js .text .editorial .ed-text, .preview';
  const starts = (rect, element) => rect.width > 0 && Math.abs(rect.left - lineLeft(element)) < 1;
  const found = [];
  for (const call of document.querySelectorAll('main :is(.noteref, .annotation-ref, .ed-mark)')) {
    const rect = call.getClientRects()[0];
    if (rect && !call.closest(skipped) && starts(rect, call.parentElement)) found.push(call.textContent);
  }
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  const closing = /[。，、．：；！？）」』》〉】〕”’]/g;
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    if (text.parentElement.closest(skipped)) continue;
    for (const match of text.data.matchAll(closing)) {
      const range = document.createRange();
      range.setStart(text, match.index);
      range.setEnd(text, match.index + 1);
      const rect = range.getClientRects()[0], before = document.createRange();
      before.setStart(block(text.parentElement), 0);
      before.setEnd(text, match.index);
      if (rect && before.toString().trim() && starts(rect, text.parentElement))
        found.push(text.data.slice(Math.max(0, match.index - 6), match.index + 1));
    }
  }
  return {found, calls: document.querySelectorAll('main :is(.noteref, .annotation-ref)').length};
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_no_line_starts_with_a_note_call_or_closing_punctuation(visit, width):
    for path, calls in (("korean-war/index.html", 319), ("korean-war/index.zh-Hant.html", 319),
                        ("korean-war-zh-hant/index.html", 555), ("demo/index.html", 8)):
        page = visit.open(path, viewport={"width": width, "height": 900})
        measured = page.evaluate(LINE_STARTS)
        assert measured["calls"] >= calls, path
        assert measured["found"] == [], (path, width)


def test_dark_mode_follows_the_reader_and_keeps_the_contrasts(visit):
    light = visit.open("demo/index.html")
    assert light.evaluate("getComputedStyle(document.documentElement).backgroundColor") == "rgb(251, 250, 246)"
    page = visit.open("demo/index.html", color_scheme="dark")
    assert page.evaluate("getComputedStyle(document.documentElement).backgroundColor") == "rgb(25, 24, 22)"
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(233, 229, 220)"
    page.hover("#p-aaa111")
    for selector in ("#p-aaa111", ".edition-meta dd", "#p-aaa111 .pid", "#ref-note-1-1", ".who", ".annotation-ref",
                     ".cited-in", ".section-intro", ".cite-btn", ".script-switch a[aria-current]", ".ed-sign",
                     ".locator", "mark.annotated", ".infobox h2", "math"):
        assert page.evaluate(CONTRAST, selector) >= 4.5, selector


def test_a_traditional_page_is_set_in_tc_faces_throughout(visit):
    page = visit.open(f"{SEED}/index.html")
    # every note of this article is unresolved: the notes section is their statement (issue 17)
    faces = page.evaluate("""['.text p', '.note-statement', '.apparatus-list li', 'a.maintenance', '.noteref', 'h2',
                              '.toc', '.annotation-head']
        .map(s => getComputedStyle(document.querySelector(s)).fontFamily.split(',')[0])""")
    assert faces == ['"Noto Serif CJK TC"'] + ['"Noto Sans CJK TC"'] * 7
    simplified = visit.open(f"{SEED}/index.zh-Hans.html")
    assert simplified.evaluate("getComputedStyle(document.querySelector('.noteref')).fontFamily.split(',')[0]") \
        == '"Noto Sans CJK SC"'


def test_search_folds_the_scripts_and_an_id_opens_its_block(visit):
    simplified = {block for _, block in hits(visit.open("search.html?q=麦克阿瑟"))}
    traditional = {block for _, block in hits(visit.open("search.html?q=麥克阿瑟"))}
    # 24 blocks of the seeds (the simplified one writes 麥克阿瑟 in 7) and 1 of the demo
    assert simplified == traditional and len(simplified) == 25
    page = visit.open("search.html?q=p-9de3wc")
    page.wait_for_url(f"**/{SEED}/index.html#p-9de3wc")
    assert in_view(page, "#p-9de3wc")
    missing = visit.open("search.html?q=p-zzzzzz")
    expect(missing.locator(".search-status")).to_have_text("没有找到结果。")
