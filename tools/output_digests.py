"""SHA-256 of every file a full build produces, for checking that a refactoring changed nothing.

Copies the project's catalog and sources into a fresh folder, adds the eight dev articles of
``../shared/dev-articles`` to its catalog, builds everything with the ``edition`` command (so the
script works across changes of the code's insides), and prints one line per output file:
``DIGEST  PATH``. A PDF is digested by its text (``pdftotext``), since its bytes carry dates
unless ``SOURCE_DATE_EPOCH`` is set. Run it before and after a change and ``diff`` the two lists::

    .venv/bin/python tools/output_digests.py > before.txt
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV_ARTICLES = ROOT.parent / "shared" / "dev-articles"
#: id, file, lang of each dev article (all are wiki-Markdown).
DEV = [("gunpowder", "火药.md", "zh-Hans"), ("needham", "李约瑟.md", "zh-Hans"),
       ("marco-polo", "马可·波罗.md", "zh-Hans"), ("bubble-sort", "冒泡排序.md", "zh-Hans"),
       ("register", "寄存器.md", "zh-Hant"), ("pingxi", "平溪區.md", "zh-Hant"),
       ("kp-equation", "(2+1)维_KP方程.md", "zh-Hans"), ("smalltalk", "Smalltalk.md", "zh-Hans")]


def make_project(target: Path) -> None:
    """The repository's project (catalog, sources, committed annotations) plus the dev articles."""
    shutil.copytree(ROOT / "articles", target / "articles")
    (target / "tei").mkdir()
    if (ROOT / "tei" / "annotations").is_dir():
        shutil.copytree(ROOT / "tei" / "annotations", target / "tei" / "annotations")
    if (ROOT / "bibliography" / "corrections.bib").exists():
        (target / "bibliography").mkdir()
        shutil.copy(ROOT / "bibliography" / "corrections.bib", target / "bibliography")
    entries = []
    for article_id, name, lang in DEV:
        shutil.copy(DEV_ARTICLES / name, target / "articles" / name)
        entries.append(f'\n[[article]]\nid = "{article_id}"\nfile = "{name}"\nformat = "wiki-markdown"\n'
                       f'lang = "{lang}"\ntitle = "{Path(name).stem}"\n'
                       f'source = "https://zh.wikipedia.org/wiki/{Path(name).stem}"\nlicence = "CC BY-SA 4.0"\n')
    with open(target / "articles" / "catalog.toml", "a", encoding="utf-8") as catalog:
        catalog.write("".join(entries))


def digest_of(path: Path) -> str:
    if path.suffix == ".pdf":
        data = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                              capture_output=True).stdout
    else:
        data = path.read_bytes()
    return hashlib.sha256(data).hexdigest()


def main() -> int:
    with tempfile.TemporaryDirectory() as work:
        project = Path(work) / "project"
        make_project(project)
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1795046400"}
        result = subprocess.run([sys.executable, "-m", "pipeline", "build", "--project", str(project)],
                                cwd=work, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            print(result.stderr, file=sys.stderr)
            return result.returncode
        for folder in ("tei", "bibliography", "output"):
            for path in sorted((project / folder).rglob("*")):
                if path.is_file():
                    print(f"{digest_of(path)}  {path.relative_to(project)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
