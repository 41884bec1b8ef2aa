"""The ``edition`` command: build, convert, render and validate editions.

Every command takes ``--project DIR`` (default: the current directory). Progress goes to
stderr. Bad input ends with one line per problem, ``file:line: message``, and exit status 2
(cannot start) or 1 (invalid input); never a traceback.

The stages' modules are imported by the command that runs them: the build's (readers,
transforms, citation engine, writers) take about 0.3-0.4 s to import, which ``edition cite``,
``resolve`` and ``serve`` (about 0.1 s of imports) would otherwise pay on every call.
"""
from __future__ import annotations

import argparse
import operator
import re
import sys
from dataclasses import asdict, replace
from pathlib import Path

from pipeline import tei
from pipeline.cite import cite, citation_fields
from pipeline.errors import EditionError
from pipeline.fsutil import atomic_write
from pipeline.ids.ledger import load_ledger
from pipeline.jing import validate_with_jing
from pipeline.lang import converter
from pipeline.ownership import check_owned, orphans
from pipeline.progress import stderr_log
from pipeline.project import Options, Project, catalog_path, own_templates
from pipeline.readers import FORMATS, guess_format
from pipeline.resolve import resolve_id
from pipeline.serve import serve
from pipeline.sources import read_source
from pipeline.tei import XML_ID, XML_LANG, load_tei, parse_user_xml
from pipeline.writers.model import read_meta


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args) or 0
    except EditionError as error:
        for problem in error.problems:
            print(f"edition: error: {problem}", file=sys.stderr)
        return error.status
    except KeyboardInterrupt:
        print("edition: interrupted; files already written are complete, the rest untouched",
              file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="edition", description=__doc__.splitlines()[0])
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--project", type=Path, default=Path("."),
                        help="the edition's folder (holding articles/, tei/, templates/, output/)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", parents=[common], help="build articles into TEI and editions")
    build.add_argument("articles", nargs="*", metavar="ARTICLE_ID")
    build.add_argument("--formats", default="tei,html,epub,pdf", help="comma-separated: tei,html,epub,pdf")
    build.add_argument("--jobs", type=int, default=None, help="articles built in parallel (default: all cores)")
    build.add_argument("--check", action="store_true",
                       help="write nothing; fail if the committed TEI, BibTeX or ledgers are stale")
    build.add_argument("--force", action="store_true",
                       help="overwrite generated files (tei/*.xml, bibliography/*.bib) even if edited by hand")
    build.add_argument("--fetch-images", action="store_true",
                       help="download the figures' images from Wikimedia Commons (once, into .cache/images/)")
    build.set_defaults(run=_build)

    convert = commands.add_parser("convert", parents=[common], help="convert one source file to TEI")
    convert.add_argument("source", type=Path)
    convert.add_argument("--format", dest="fmt", help="wiki-markdown or plain-text (default: from the extension)")
    convert.add_argument("--lang", default=None, help="zh-Hans or zh-Hant (default: guessed from the text)")
    convert.add_argument("--title", default=None)
    convert.add_argument("-o", "--output", type=Path, required=True)
    convert.set_defaults(run=_convert)

    render = commands.add_parser("render", parents=[common], help="render a TEI file into an edition")
    render.add_argument("file", type=Path)
    render.add_argument("--to", dest="to", required=True, help="html, epub or pdf")
    render.add_argument("-o", "--output", type=Path, required=True, help="output directory")
    render.set_defaults(run=_render)

    resolve = commands.add_parser("resolve", parents=[common],
                                  help="where a paragraph ID is now: live, or retired with its successors")
    resolve.add_argument("reference", metavar="ARTICLE#ID")
    resolve.set_defaults(run=_resolve)

    cite = commands.add_parser("cite", parents=[common], help="a citation of one paragraph (or any block)")
    cite.add_argument("reference", metavar="ARTICLE#ID")
    cite.add_argument("--format", dest="fmt", default="text", choices=("text", "bibtex", "csl-json"))
    cite.add_argument("--lang", choices=("zh-Hans", "zh-Hant", "en"),
                      help="language of a text citation: GB/T 7714 in Chinese, Chicago in English "
                           "(default: the article's)")
    cite.set_defaults(run=_cite)

    serve = commands.add_parser("serve", parents=[common],
                                help="preview the HTML edition (output/html) from a local web server")
    serve.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000; 0: any free port)")
    serve.set_defaults(run=_serve)

    validate = commands.add_parser("validate", parents=[common],
                                   help="validate TEI files against TEI P5 and annotation files against their "
                                        "schema and edition (default: all of tei/ and tei/annotations/)")
    validate.add_argument("files", nargs="*", type=Path)
    validate.set_defaults(run=_validate)
    return parser


def _project(args) -> Project:
    return Project.load(args.project)


def _build(args) -> int:
    from pipeline.build import build, build_formats, check_committed

    project = _project(args)
    if args.fetch_images:
        project = replace(project, options=replace(project.options, fetch_images=True))
    if args.check:
        check_owned(project)
        check_committed(project, args.articles)
        return 0
    build(project, args.articles, build_formats(args.formats), jobs=args.jobs, force=args.force)
    return 0


def _convert(args) -> int:
    from pipeline.convert import convert
    from pipeline.transforms.base import ArticleInputs

    fmt = args.fmt or guess_format(args.source)
    if fmt is None:
        raise EditionError.at(args.source, "cannot tell the format from the extension: "
                                           f"give --format ({', '.join(FORMATS)})")
    if fmt not in FORMATS:
        raise EditionError.at(args.source, f"unknown format '{fmt}' (known: {', '.join(FORMATS)})")
    limit = Options.from_environment().max_source_bytes
    lang = args.lang or _guess_lang(read_source(args.source, [], max_bytes=limit))
    article_id = _id_from_name(args.output.stem)
    meta = tei.SourceMeta(id=article_id, title=args.title or args.source.stem, lang=lang, format=fmt,
                          file=args.source.name)
    root, _ = convert(args.source, ArticleInputs(meta), stderr_log, max_source_bytes=limit)
    atomic_write(args.output, tei.serialize(root))
    return 0


def _render(args) -> int:
    """Any TEI file into editions; inside a project (a folder with a catalog) its templates and
    edition table are used."""
    from pipeline.render import parse_formats, render_formats
    from pipeline.writers.registry import WRITERS

    formats = parse_formats(args.to, tuple(WRITERS))
    root = load_tei(args.file)
    project = _project(args) if catalog_path(args.project).is_file() else None
    templates = own_templates(args.project.resolve())
    article_id = root.get(XML_ID) or _id_from_name(args.file.stem)
    render_formats(root, article_id, args.output, formats, templates, stderr_log, flat=True,
                   edition=asdict(project.catalog.edition) if project else None,
                   source_date_epoch=(project.options if project else Options.from_environment()).source_date_epoch)
    return 0


def _resolve(args) -> int:

    article, block_id, tei_path, root, ledger, _ = _block_reference(args)
    print(resolve_id(root, ledger, block_id, str(tei_path)).report(article.id))
    return 0


def _cite(args) -> int:

    article, block_id, tei_path, root, ledger, edition = _block_reference(args)
    resolution = resolve_id(root, ledger, block_id, str(tei_path))
    if not resolution.live and resolution.location is not None:
        print(f"edition: {block_id} was retired; citing its successor {resolution.location.block_id}",
              file=sys.stderr)
        block_id = resolution.location.block_id
    meta = citation_fields(article.id, root.get(XML_LANG, article.lang), read_meta(root), asdict(edition))
    print(cite(meta, block_id, args.fmt, origin="articles/catalog.toml", lang=args.lang))
    return 0


def _block_reference(args):
    """``ARTICLE#ID`` → the catalog entry, the ID, the article's built TEI and ledger, and the
    catalog's edition table."""

    article_id, hash_sign, block_id = args.reference.partition("#")
    if not hash_sign or not article_id or not block_id:
        raise EditionError.at(args.reference, "expected ARTICLE#ID, e.g. korean-war#p-7k3m2q")
    project = _project(args)
    [article] = project.catalog.select([article_id])
    tei_path = project.tei_path(article.id)
    if not tei_path.exists():
        raise EditionError.at(tei_path, f"article '{article.id}' has not been built: run 'edition build {article.id}'")
    root = parse_user_xml(tei_path).getroot()
    return article, block_id, tei_path, root, load_ledger(project.ledger_path(article.id)), project.catalog.edition


def _serve(args) -> int:
    serve(_project(args).output_dir / "html", args.port, stderr_log)
    return 0


def _validate(args) -> int:
    """TEI files against tei_all (jing); annotation files (any file in an ``annotations`` folder)
    against their schema and their edition. Every problem of every file is listed; exit status 1.
    A file that cannot be read or a validator that cannot run stops with status 2."""
    from pipeline.validate import check_annotation_file

    project = None if args.files else _project(args)
    files = args.files or [*sorted(project.tei_dir.glob("*.xml")), *sorted(project.annotations_dir.glob("*.xml"))]
    problems = orphans(project, annotations=False) if project else []  # annotation files: each is checked
    for path in files:
        if path.parent.name == "annotations":
            project = project or _project(args)  # an annotation file is checked against its edition
            found, warnings = check_annotation_file(project, path)
            problems += found
            for warning in warnings:
                print(f"edition: {warning}", file=sys.stderr)
        else:
            try:
                problems += validate_with_jing(path)
            except EditionError as error:  # not well-formed, or refused: the other files are still checked
                if error.status != 1:
                    raise
                problems += error.problems
    if problems:
        raise EditionError(problems, status=1)
    print(f"{len(files)} file(s) valid (TEI P5 tei_all; annotation files also against "
          "pipeline/schemas/annotations.rng and their edition)", file=sys.stderr)
    return 0


def _guess_lang(text: str) -> str:
    """zh-Hant when the text has more traditional-only than simplified-only characters (with the
    process's converters, which the conversion then uses again rather than loading its own)."""
    sample = text[:20000]
    traditional = sum(map(operator.ne, sample, converter("t2s").convert(sample)))
    simplified = sum(map(operator.ne, sample, converter("s2t").convert(sample)))
    return "zh-Hant" if traditional > simplified else "zh-Hans"


def _id_from_name(name: str) -> str:
    """An article id (NCName, lower-case ASCII) from a file name."""
    cleaned = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return cleaned if cleaned[:1].isalpha() else f"a-{cleaned or 'article'}"
