// The edition reads completely without this script; it adds previews of notes and annotations,
// the "cite" dialog, a script switch that keeps the reader's place, and the search page.
// Everything it shows comes from the page itself or from files next to it: nothing leaves the
// machine, and text is only ever inserted as text (or as clones of the page's own markup).
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");
  var words = (document.getElementById("labels") || { dataset: {} }).dataset;

  // Table of contents: collapsed on narrow screens, where it sits above the text.
  var toc = document.querySelector(".toc details");
  if (toc && window.matchMedia("(max-width: 61.99rem)").matches) toc.open = false;
  if (toc) {
    toc.addEventListener("click", function (event) {
      if (event.target.closest("a") && window.matchMedia("(max-width: 61.99rem)").matches) toc.open = false;
    });
  }

  setUpPreviews();
  setUpMarginNotes();
  setUpCitations();
  setUpScriptSwitch();
  restorePlace();
  setUpSearch();

  // --- previews: a note, an annotation or an editorial note beside its mark --------------------
  function setUpPreviews() {
    var box = document.createElement("div");
    box.className = "preview";
    box.id = "preview";
    box.setAttribute("role", "tooltip");
    box.hidden = true;
    document.body.appendChild(box);
    var current = null;
    var pinned = false;
    var hideTimer = 0;
    var lastPointer = "mouse";

    function trigger(element) {
      return element && element.closest ? element.closest("[data-preview], [data-preview-self]") : null;
    }

    function fill(mark) {
      box.textContent = "";
      var body;
      var title = document.createElement("div");
      title.className = "preview-title";
      if (mark.hasAttribute("data-preview-self")) {
        title.textContent = mark.getAttribute("aria-label") || "";
        body = mark.nextElementSibling ? [mark.nextElementSibling] : [];
      } else {
        var target = document.getElementById(mark.getAttribute("data-preview"));
        if (!target) return false;
        var head = target.querySelector(".note-n, .annotation-head .letter");
        var kind = target.querySelector(".annotation-head .kind");
        title.textContent = (head ? head.textContent : "") + (kind ? " · " + kind.textContent : "");
        body = Array.prototype.slice.call(target.querySelectorAll(":scope > .note-body, :scope > .annotation-body, :scope > .who"));
      }
      box.appendChild(title);
      body.forEach(function (part) {
        var copy = part.cloneNode(true);
        copy.removeAttribute("id");
        Array.prototype.forEach.call(copy.querySelectorAll("[id]"), function (e) { e.removeAttribute("id"); });
        var holder = document.createElement("div");
        holder.appendChild(copy);
        box.appendChild(holder);
      });
      if (pinned && mark.hasAttribute("data-preview")) {
        var jump = document.createElement("a");
        jump.className = "preview-jump";
        jump.href = mark.getAttribute("href");
        jump.textContent = (mark.classList.contains("annotation-ref") ? words.jumpAnnotation : words.jumpNote) + " ↓";
        box.appendChild(jump);
      }
      return true;
    }

    function place(mark) {
      var rect = mark.getBoundingClientRect();
      box.style.left = "0px";
      box.style.top = "0px";
      var width = box.offsetWidth;
      var height = box.offsetHeight;
      var left = Math.min(Math.max(8, rect.left - 16), document.documentElement.clientWidth - width - 8);
      var top = rect.bottom + 6;
      if (top + height > window.innerHeight - 8 && rect.top - height - 6 > 8) top = rect.top - height - 6;
      box.style.left = Math.max(8, left) + window.scrollX + "px";
      box.style.top = top + window.scrollY + "px";
    }

    function show(mark, pin) {
      window.clearTimeout(hideTimer);
      if (current && current !== mark) hide();
      pinned = pin;
      if (!fill(mark)) return;
      box.hidden = false;
      place(mark);
      current = mark;
      mark.setAttribute("aria-describedby", "preview");
      if (mark.tagName === "BUTTON") mark.setAttribute("aria-expanded", "true");
    }

    function hide() {
      window.clearTimeout(hideTimer);
      box.hidden = true;
      pinned = false;
      if (current) {
        current.removeAttribute("aria-describedby");
        if (current.tagName === "BUTTON") current.setAttribute("aria-expanded", "false");
      }
      current = null;
    }

    function hideSoon() {
      if (pinned) return;
      window.clearTimeout(hideTimer);
      hideTimer = window.setTimeout(hide, 250);
    }

    document.addEventListener("pointerdown", function (event) { lastPointer = event.pointerType || "mouse"; }, true);
    document.addEventListener("mouseover", function (event) {
      if (lastPointer !== "mouse") return;
      var mark = trigger(event.target);
      if (mark) show(mark, false);
      else if (box.contains(event.target)) window.clearTimeout(hideTimer);
      else if (current) hideSoon();
    });
    document.addEventListener("focusin", function (event) {
      var mark = trigger(event.target);
      if (mark) show(mark, false);
      else if (!box.contains(event.target) && current) hide();
    });
    document.addEventListener("click", function (event) {
      var mark = trigger(event.target);
      if (mark && mark.hasAttribute("data-preview-self")) {
        event.preventDefault();
        if (current === mark && pinned) hide(); else show(mark, true);
        return;
      }
      if (mark && lastPointer !== "mouse" && !(current === mark && pinned)) {
        event.preventDefault();  // first tap shows the note; the link in it (or a second tap) jumps
        show(mark, true);
        return;
      }
      if (mark) { hide(); return; }
      if (current && !box.contains(event.target)) hide();
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && current) {
        var mark = current;
        hide();
        mark.focus();
      }
    });
    window.addEventListener("resize", function () { if (current) place(current); });
  }

  // --- margin notes: beside their block, never on top of each other -------------------------
  function setUpMarginNotes() {
    var asides = document.querySelectorAll("aside.margin-notes");
    if (!asides.length) return;
    var wide = window.matchMedia("(min-width: 84rem)");
    function place() {
      var main = document.querySelector("main");
      var origin = main.getBoundingClientRect().top;
      var floor = 0;
      Array.prototype.forEach.call(asides, function (aside) {
        if (!wide.matches) { aside.style.top = ""; return; }
        var block = aside.parentElement.tagName === "LI" ? aside.parentElement : aside.nextElementSibling;
        var top = Math.max(block.getBoundingClientRect().top - origin, floor);
        aside.style.top = top + "px";
        floor = top + aside.offsetHeight + 12;
      });
    }
    place();
    window.addEventListener("resize", place);
    window.addEventListener("load", place);
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(place);
  }

  // --- "cite this paragraph" ----------------------------------------------------------------
  function setUpCitations() {
    var dialog = document.getElementById("cite-dialog");
    var source = document.querySelector('meta[name="edition-citations"]');
    if (!dialog || !source) return;
    var opener = null;
    var shown = {};
    Array.prototype.forEach.call(document.querySelectorAll(".block-tools > .pid"), function (pid) {
      var id = pid.getAttribute("href").slice(1);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "cite-btn";
      button.textContent = words.cite;
      button.setAttribute("aria-label", words.citeTitle + " " + id);
      button.setAttribute("data-cite", id);
      button.setAttribute("aria-haspopup", "dialog");
      pid.parentNode.appendChild(button);
    });

    function load(done) {
      if (window.editionCitations) { done(window.editionCitations); return; }
      var script = document.createElement("script");
      script.src = source.getAttribute("content");
      script.onload = function () { done(window.editionCitations || {}); };
      document.head.appendChild(script);
    }

    function open(id, citation) {
      if (!citation) return;
      shown = citation;
      dialog.querySelector(".cite-id").textContent = id;
      dialog.querySelector(".cite-text").textContent = citation.text.trim();
      dialog.querySelector(".cite-bibtex").textContent = citation.bibtex.trim();
      dialog.querySelector(".cite-csl").textContent = citation.csl.trim();
      var url = JSON.parse(citation.csl)[0].URL;
      var link = dialog.querySelector(".cite-url");
      link.textContent = url;
      link.href = "#" + id;
      dialog.querySelector(".cite-status").textContent = "";
      dialog.showModal();
      dialog.querySelector(".copy").focus();
    }

    document.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest(".cite-btn") : null;
      if (!button) return;
      opener = button;
      var id = button.getAttribute("data-cite");
      load(function (data) { open(id, data[id]); });
    });
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog || event.target.closest("[data-close]")) { dialog.close(); return; }
      if (event.target.closest(".cite-url")) { dialog.close(); return; }
      var copy = event.target.closest("[data-copy]");
      if (copy) copyText(shown[copy.getAttribute("data-copy")].trim(), dialog.querySelector(".cite-" + copy.getAttribute("data-copy")));
    });
    dialog.addEventListener("close", function () { if (opener) opener.focus(); });

    function copyText(text, shownIn) {
      var status = dialog.querySelector(".cite-status");
      dialog.setAttribute("data-last-copied", text);
      function fallback() {
        var range = document.createRange();
        range.selectNodeContents(shownIn);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        var ok = false;
        try { ok = document.execCommand("copy"); } catch (error) { ok = false; }
        status.textContent = ok ? status.getAttribute("data-copied") : status.getAttribute("data-failed");
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () {
          status.textContent = status.getAttribute("data-copied");
        }, fallback);
      } else {
        fallback();
      }
    }
  }

  // --- switching script keeps the paragraph the reader is at ---------------------------------
  var PLACE_KEY = "edition-place";
  var BLOCKS = "main :is(p, li, h2, h3, h4, h5, h6, figure, blockquote, .table-block, .code-block)[id]:not(.infobox *)";

  function setUpScriptSwitch() {
    Array.prototype.forEach.call(document.querySelectorAll(".script-switch a:not([aria-current])"), function (link) {
      link.addEventListener("click", function (event) {
        var block = firstVisibleBlock();
        if (!block) return;
        event.preventDefault();
        try {
          window.sessionStorage.setItem(PLACE_KEY, JSON.stringify({ id: block.id, top: block.getBoundingClientRect().top }));
        } catch (error) { /* storage may be off (file://, privacy settings): the anchor alone still works */ }
        window.location.href = link.getAttribute("href").split("#")[0] + "#" + encodeURIComponent(block.id);
      });
    });
  }

  function firstVisibleBlock() {
    // the first block below the top edge of what the reader sees (under a sticky header)
    var header = document.querySelector(".site-header");
    var edge = header && getComputedStyle(header).position === "sticky" ? header.getBoundingClientRect().bottom : 0;
    var blocks = document.querySelectorAll(BLOCKS);
    var reading = edge + (window.innerHeight - edge) / 3;
    for (var i = 0; i < blocks.length; i += 1) {
      var rect = blocks[i].getBoundingClientRect();
      if (rect.height === 0) continue;
      // a block that starts in view, or a long one the reader is in the middle of
      if (rect.top >= edge - 8 || rect.bottom > reading) return blocks[i];
    }
    return null;
  }

  function restorePlace() {
    var saved;
    try { saved = JSON.parse(window.sessionStorage.getItem(PLACE_KEY) || "null"); window.sessionStorage.removeItem(PLACE_KEY); }
    catch (error) { saved = null; }
    if (!saved || decodeURIComponent(window.location.hash.slice(1)) !== saved.id) return;
    var block = document.getElementById(saved.id);
    if (!block) return;
    window.requestAnimationFrame(function () {
      window.scrollBy(0, block.getBoundingClientRect().top - saved.top);
    });
  }

  // --- the search page (Pagefind) ------------------------------------------------------------
  // The index holds Han text as overlapping bigrams (pipeline/writers/search.py, search_terms);
  // a query is cut the same way, and the blocks holding the exact phrase are listed first.
  var HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";

  function searchTerms(text) {
    var terms = [];
    var runs = text.match(new RegExp("[" + HAN + "]+|(?:(?![" + HAN + "])[\\p{L}\\p{N}])+", "gu")) || [];
    runs.forEach(function (run) {
      if (new RegExp("^[" + HAN + "]+$", "u").test(run)) {
        var chars = Array.from(run);
        if (chars.length === 1) terms.push(run);
        for (var i = 0; i + 1 < chars.length; i += 1) terms.push(chars[i] + chars[i + 1]);
      } else {
        terms.push(run);
      }
    });
    return terms.join(" ");
  }

  function setUpSearch() {
    var list = document.querySelector(".search-results");
    if (!list) return;
    var status = document.querySelector(".search-status");
    var input = document.getElementById("search-query");
    var query = (new URLSearchParams(window.location.search).get("q") || "").trim();
    input.value = query;
    if (!query) return;
    if (window.location.protocol === "file:") { status.textContent = status.getAttribute("data-needs-server"); return; }
    var phrase = squeeze(query);
    // a block's ID (p-9de3wc) is indexed as one word: its block is opened rather than listed
    var isId = new RegExp("^(?:" + list.getAttribute("data-id-pattern") + ")$").test(query);
    import(new URL(list.getAttribute("data-index"), window.location.href).href).then(function (pagefind) {
      return pagefind.search(isId ? idTerm(query) : searchTerms(query)).then(function (search) {
        return Promise.all(search.results.slice(0, 100).map(function (result) { return result.data(); }));
      });
    }).then(function (hits) {
      // one hit per block, shown in the script the reader typed (else the article's own)
      var shown = hits.map(function (hit) {
        var record = JSON.parse(hit.meta.record);
        var langs = Object.keys(record.text);
        var lang = langs.filter(function (l) { return squeeze(record.text[l]).indexOf(phrase) >= 0; })[0] || record.own;
        return { record: record, lang: lang, exact: squeeze(record.text[lang]).indexOf(phrase) >= 0 };
      });
      if (isId) {
        var block = shown.filter(function (hit) { return hit.record.id === query; })[0];
        if (block) { window.location.replace(new URL(block.record.url[block.record.own], siteRoot()).href); return; }
        shown = [];
      }
      // Pagefind ranks by words; a reader who typed a phrase wants the blocks holding it first
      shown.sort(function (a, b) { return Number(b.exact) - Number(a.exact); });
      shown.forEach(function (hit) { list.appendChild(renderHit(hit, query)); });
      status.textContent = shown.length ? shown.length + " " + status.getAttribute("data-count") : status.getAttribute("data-none");
    }).catch(function () {
      status.textContent = status.getAttribute("data-unavailable");
    });
  }

  function idTerm(blockId) { return blockId.replace("-", ""); }  // search.py, id_term

  function squeeze(text) { return text.replace(/\s+/g, ""); }

  function renderHit(hit, query) {
    var record = hit.record;
    var item = document.createElement("li");
    item.lang = hit.lang;
    var link = document.createElement("a");
    link.href = new URL(record.url[hit.lang], siteRoot()).href;
    link.className = "hit-title";
    link.textContent = record.title[hit.lang];
    var id = document.createElement("span");
    id.className = "hit-id";
    id.textContent = record.id;
    item.appendChild(link);
    item.appendChild(id);
    item.appendChild(excerpt(record.text[hit.lang], query));
    return item;
  }

  function siteRoot() { return new URL(".", window.location.href).href; }

  // The block's text around the first place the query (or its first term) occurs, marked.
  function excerpt(text, query) {
    var paragraph = document.createElement("p");
    var needles = [query].concat(searchTerms(query).split(" "));
    var at = -1;
    var needle = "";
    for (var i = 0; i < needles.length && at < 0; i += 1) {
      needle = needles[i];
      at = needle ? text.indexOf(needle) : -1;
    }
    var start = Math.max(0, at - 40);
    var end = Math.min(text.length, (at < 0 ? 0 : at + needle.length) + 80);
    paragraph.appendChild(document.createTextNode((start > 0 ? "…" : "") + text.slice(start, at < 0 ? end : at)));
    if (at >= 0) {
      var mark = document.createElement("mark");
      mark.textContent = text.slice(at, at + needle.length);
      paragraph.appendChild(mark);
      paragraph.appendChild(document.createTextNode(text.slice(at + needle.length, end)));
    }
    if (end < text.length) paragraph.appendChild(document.createTextNode("…"));
    return paragraph;
  }
})();
