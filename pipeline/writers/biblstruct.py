"""A ``<biblStruct>`` as the line a reader sees in a bibliography.

The TEI keeps a work's parts apart (authors, titles by level, imprint, scopes, identifiers); the
editions need one readable entry. Chinese works follow Chinese conventions (《书名》, 〈篇名〉,
full-width punctuation), Western works the usual "Author. *Title*. Place: Publisher, year."
The result is view-model nodes, so every format renders the same entry.
"""
from __future__ import annotations

import re

from lxml import etree

from pipeline.tei import NS

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
SCOPE_UNITS = ("volume", "part", "issue", "page")


def format_biblstruct(element: etree._Element, node) -> list:
    """The entry's inline nodes; ``node`` is the view model's node class.

    The work's ``xml:lang`` chooses the conventions (``zh`` Chinese, any other Western); without
    one, Chinese characters in its titles or authors do.
    """
    parts = _parts(element)
    lang = element.get("{http://www.w3.org/XML/1998/namespace}lang", "")
    chinese = lang.startswith("zh") if lang else \
        bool(CJK.search(parts["analytic_title"] + parts["monogr_title"] + parts["authors"]))
    text = _chinese(parts) if chinese else _western(parts)
    nodes = []
    for kind, value in text:
        if kind == "text":
            nodes.append(node("text", None, {}, [], value))
        else:
            inner = [node("text", None, {}, [], value)]
            nodes.append(node("hi", None, {"rend": "italic"}, inner) if kind == "italic"
                         else node("link", None, {"href": value, "type": "external"}, inner))
    if not nodes:
        fallback = " ".join(" ".join(element.itertext()).split())
        nodes.append(node("text", None, {}, [], fallback))
    return nodes


def _parts(element: etree._Element) -> dict[str, str]:
    def texts(path: str) -> list[str]:
        return [_text(item) for item in element.xpath(path, namespaces=NS)]

    def first(path: str) -> str:
        found = texts(path)
        return found[0] if found else ""

    scopes = {unit: first(f"tei:monogr/tei:imprint/tei:biblScope[@unit='{unit}'] | tei:monogr/tei:biblScope[@unit='{unit}']")
              for unit in SCOPE_UNITS}
    def names(path: str) -> str:
        return _join_names([_creator(holder) for holder in element.xpath(path, namespaces=NS)])

    return {
        "authors": names("tei:analytic/tei:author") or names("tei:monogr/tei:author"),
        "editors": names("tei:monogr/tei:editor[not(@role='translator')]"),
        "translators": names("tei:monogr/tei:editor[@role='translator'] | tei:monogr/tei:respStmt"),
        "series": first("tei:series/tei:title"),
        "analytic_title": first("tei:analytic/tei:title"),
        "monogr_title": first("tei:monogr/tei:title"),
        "place": first("tei:monogr/tei:imprint/tei:pubPlace"),
        "publisher": first("tei:monogr/tei:imprint/tei:publisher"),
        "date": first("tei:monogr/tei:imprint/tei:date"),
        "isbn": first(".//tei:idno[@type='ISBN']"),
        "url": first("tei:ref/@target | tei:ptr/@target | tei:monogr/tei:ref/@target | tei:monogr/tei:ptr/@target"
                     " | .//tei:idno[@type='URI' or @type='URL']"),
        **scopes,
    }


def _text(item) -> str:
    """An attribute value or an element's text, whitespace collapsed."""
    return " ".join((item if isinstance(item, str) else "".join(item.itertext())).split())


def _creator(holder: etree._Element) -> str:
    """An author's, editor's or translator's name, with the same person's name in another
    script after it: ``Joseph Needham（李约瑟）``."""
    names = holder.xpath("tei:persName | tei:orgName | tei:name", namespaces=NS)
    main = [n for n in names if n.get("type") != "alternate"]
    alternate = [_text(n) for n in names if n.get("type") == "alternate"]
    if not main:
        return _text(holder)
    written = _name(main[0]) if main[0].xpath("tei:surname", namespaces=NS) else _text(main[0])
    return written + "".join(f"（{alt}）" for alt in alternate)


def _name(element: etree._Element) -> str:
    """A name given in parts: 王树增 for a Chinese one, "Appleman, Roy E." for a Western one."""
    surname = " ".join(" ".join(element.xpath(".//tei:surname//text()", namespaces=NS)).split())
    forename = " ".join(" ".join(element.xpath(".//tei:forename//text()", namespaces=NS)).split())
    if CJK.search(surname):
        return surname + forename
    return f"{surname}, {forename}" if forename else surname


def _join_names(names: list[str]) -> str:
    if any(CJK.search(name) for name in names):
        return "、".join(names)
    return "; ".join(names)


#: How each script writes the details after the title (``{}`` is the value).
DETAIL_FORMATS = {
    "zh": {"translators": "{}译", "editors": "{}编", "volume": "第{}卷", "part": "{}", "issue": "第{}期",
           "page": "第{}页", "imprint": "：", "year": "{}年", "isbn": "ISBN {}", "separator": "，"},
    "en": {"translators": "Trans. {}", "editors": "Ed. {}", "volume": "vol. {}", "part": "pt. {}", "issue": "no. {}",
           "page": "pp. {}", "imprint": ": ", "year": "{}", "isbn": "ISBN {}", "separator": ", "},
}


def _details(p: dict[str, str], script: str) -> str:
    """Translators, editors (beside authors), volume, issue, place: publisher, date, pages, ISBN."""
    formats = DETAIL_FORMATS[script]
    details = [formats["translators"].format(p["translators"])] if p["translators"] else []
    if p["editors"] and p["authors"]:
        details.append(formats["editors"].format(p["editors"]))
    details += [formats[unit].format(p[unit]) for unit in ("volume", "part", "issue") if p[unit]]
    imprint = formats["imprint"].join(x for x in (p["place"], p["publisher"]) if x)
    date = formats["year"].format(p["date"]) if p["date"].isdigit() else p["date"]
    details += [x for x in (imprint, date) if x]
    details += [formats[key].format(p[key]) for key in ("page", "isbn") if p[key]]
    return formats["separator"].join(details)


def _chinese(p: dict[str, str]) -> list[tuple[str, str]]:
    pieces: list[tuple[str, str]] = []
    creators = p["authors"] or (p["editors"] + "编" if p["editors"] else "")
    if creators:
        pieces.append(("text", creators + "："))
    if p["analytic_title"]:
        pieces.append(("text", f"〈{p['analytic_title']}〉" + ("，载" if p["monogr_title"] else "")))
    if p["monogr_title"]:
        pieces.append(("text", f"《{p['monogr_title']}》"))
    if p["series"]:
        pieces.append(("text", f"（{p['series']}）"))
    details = _details(p, "zh")
    if details:
        pieces.append(("text", "，" + details))
    if pieces:
        pieces.append(("text", "。"))
    if p["url"]:
        pieces.append(("link", p["url"]))
    return pieces


def _western(p: dict[str, str]) -> list[tuple[str, str]]:
    pieces: list[tuple[str, str]] = []
    if p["authors"]:
        pieces.append(("text", _period(p["authors"]) + " "))
    elif p["editors"]:
        pieces.append(("text", f"{p['editors']} (ed.). "))
    if p["analytic_title"]:
        pieces.append(("text", f"“{_period(p['analytic_title'])}” " + ("In: " if p["monogr_title"] else "")))
    if p["monogr_title"]:
        pieces += [("italic", p["monogr_title"]), ("text", f" ({p['series']}). " if p["series"] else ". ")]
    details = _details(p, "en")
    if details:
        pieces.append(("text", _period(details) + " "))
    if p["url"]:
        pieces.append(("link", p["url"]))
    if pieces and pieces[-1][0] == "text":
        pieces[-1] = ("text", pieces[-1][1].rstrip())
    return pieces


def _period(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."
