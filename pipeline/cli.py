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
import tempfile
from dataclasses import asdict, replace
from pathlib import Path

from pipeline import tei
from pipeline.annotations.importing import QuoteFinder, annotation_xml, appended, place, read_export
from pipeline.annotations.loading import load_annotation_file
from pipeline.annotations.webanno import export_collection
from pipeline.citations.corpus import LABELS_DIR
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

    annotations = commands.add_parser("annotations", help="annotations in and out: W3C Web Annotation, Hypothesis")
    actions = annotations.add_subparsers(dest="action", required=True, metavar="ACTION")
    export = actions.add_parser("export", parents=[common],
                                help="an article's annotations as a W3C Web Annotation collection (JSON-LD)")
    export.add_argument("article", metavar="ARTICLE_ID")
    export.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    export.set_defaults(run=_annotations_export)
    imports = actions.add_parser("import", parents=[common],
                                 help="add a Hypothesis export's or Web Annotation file's annotations to "
                                      "tei/annotations/ARTICLE_ID.xml, anchored by their quotes")
    imports.add_argument("file", type=Path)
    imports.add_argument("--article", required=True, metavar="ARTICLE_ID")
    imports.add_argument("--dry-run", action="store_true", help="print what would be added; write nothing")
    imports.set_defaults(run=_annotations_import)
    citations = commands.add_parser("citations", help="the learned citation labeller (issue 18)")
    citation_commands = citations.add_subparsers(dest="citations_command", required=True, metavar="COMMAND")
    train = citation_commands.add_parser("train", help="fit the labeller on the labelled corpus (deterministic)")
    train.add_argument("--corpus", type=Path, default=None,
                       help="folder of label files (default: tests/data/citation-corpus/labels)")
    train.add_argument("--out", type=Path, default=None, help="model file (default: the package's model.crfsuite)")
    train.add_argument("--exclude", nargs="*", default=[], metavar="ARTICLE", help="articles left out")
    train.set_defaults(run=_train_citations)
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


def _train_citations(args) -> int:
    # Lazy: the labeller's features and lexicons take about 65 ms to import, which no other command needs.
    from pipeline.citations.crf.train import MODEL, train_corpus

    out = train_corpus(args.corpus or LABELS_DIR, args.out or MODEL, tuple(sorted(args.exclude)))
    print(f"edition: wrote {out}", file=sys.stderr)
    return 0


def _block_reference(args):
    """``ARTICLE#ID`` → the catalog entry, the ID, the article's built TEI and ledger, and the
    catalog's edition table."""

    article_id, hash_sign, block_id = args.reference.partition("#")
    if not hash_sign or not article_id or not block_id:
        raise EditionError.at(args.reference, "expected ARTICLE#ID, e.g. korean-war#p-7k3m2q")
    project = _project(args)
    article, tei_path, root = _built(project, article_id)
    return article, block_id, tei_path, root, load_ledger(project.ledger_path(article.id)), project.catalog.edition


def _built(project: Project, article_id: str):
    """The catalog entry of ``article_id``, its built TEI's path and root (an error if not built)."""
    [article] = project.catalog.select([article_id])
    tei_path = project.tei_path(article.id)
    if not tei_path.exists():
        raise EditionError.at(tei_path, f"article '{article.id}' has not been built: run 'edition build {article.id}'")
    return article, tei_path, parse_user_xml(tei_path).getroot()


def _annotations_export(args) -> int:
    project = _project(args)
    article, _, root = _built(project, args.article)
    text = export_collection(root, article.id, project.catalog.edition.base_url)
    if args.output:
        atomic_write(args.output, text)
    else:
        sys.stdout.write(text)
    return 0


def _annotations_import(args) -> int:
    """Anchor an export's annotations and append them to the article's annotation file, which is
    checked as ``edition validate`` checks it before it replaces the old one (atomically)."""
    from pipeline.validate import check_annotation_file

    project = _project(args)
    article, _, root = _built(project, args.article)
    source, incoming = read_export(args.file)
    path = project.annotation_path(article.id)
    original = path.read_text(encoding="utf-8") if path.exists() else None
    taken = set(load_annotation_file(path).ids) if original is not None else set()
    file_lang = parse_user_xml(path).getroot().get(XML_LANG) if original is not None else None
    placed, refused = place(incoming, QuoteFinder(root), taken)
    for refusal in refused:
        print(f"edition: {args.file}: annotation {refusal.incoming.number} (id {refusal.incoming.id or '-'}): "
              f"{refusal.reason}", file=sys.stderr)
    lang = file_lang or root.get(XML_LANG, article.lang)
    elements = "".join(annotation_xml(one, source, lang) for one in placed)
    if args.dry_run or not placed:
        sys.stdout.write(elements)
        print(f"edition: {len(placed)} annotation(s) {'would be ' if args.dry_run else ''}added to {path}, "
              f"{len(refused)} not", file=sys.stderr)
        return 0
    text = appended(path, original, elements, article.id, lang)
    with tempfile.TemporaryDirectory() as folder:
        staged = Path(folder) / "annotations" / path.name
        staged.parent.mkdir()
        staged.write_text(text, encoding="utf-8")
        problems, _ = check_annotation_file(project, staged)
    if problems:
        raise EditionError([replace(problem, file=str(path)) for problem in problems], status=1)
    atomic_write(path, text)
    print(f"edition: {len(placed)} annotation(s) added to {path}, {len(refused)} not", file=sys.stderr)
    return 0


def _serve(args) -> int:
    serve(_project(args).output_dir / "html", args.port, stderr_log)
    return 0


def _validate(args) -> int:
    """TEI files against tei_all (jing); annotation files (any file in an ``annotations`` folder)
    against their schema and their edition. Every problem of every file is listed; exit status 1.
    A file that cannot be read or a validator that cannot run stops with status 2."""
    from pipeline.validate import check_annotation_file

    project = None if args.files else _project(args)
    files = args.files or [*sorted(project.tei_dir.glob("*.xml")), *sorted(project.tei_dir.glob("works/*.xml")),
                           *sorted(project.annotations_dir.glob("*.xml"))]
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
