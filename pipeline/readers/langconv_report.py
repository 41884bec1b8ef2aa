"""What resolving variant markup found: per inline list while the walk runs (:class:`Findings`,
keyed by tree position), and for the whole tree, in document order (:class:`VariantReport`)."""
from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.readers.langconv_tokens import Delim


@dataclass
class VariantReport:
    """What resolution did and what it could not do, for the reader's header and warnings.

    ``warnings``: unbalanced delimiters left as text (format in :mod:`pipeline.readers.langconv`).
    ``flag_forms``: one sentence per flag form met, ``-{FLAGS|…}- at "CONTEXT": what was done``.
    Both are in document order.  The counts (variant choices made, protected spans made,
    separators removed) say which kinds of normalisation happened, for ``editorialDecl``.
    """

    warnings: list[str] = field(default_factory=list)
    flag_forms: list[str] = field(default_factory=list)
    variants: int = 0
    protected: int = 0
    separators: int = 0


@dataclass
class Findings:
    """What resolving one list found; warnings and flag notes keyed by tree position."""

    path: tuple[int, ...]
    warnings: list[tuple[tuple[int, ...], str]] = field(default_factory=list)
    flag_forms: list[tuple[tuple[int, ...], str]] = field(default_factory=list)
    variants: int = 0
    protected: int = 0
    separators: int = 0

    def warn(self, delimiter: Delim) -> None:
        self.warnings.append(((*self.path, delimiter.position), delimiter.warning()))

    def note(self, position: int, text: str) -> None:
        self.flag_forms.append(((*self.path, position), text))


def merged_report(findings: list[Findings]) -> VariantReport:
    """All lists' findings as one report, warnings and notes in document order."""
    return VariantReport(
        warnings=[text for _, text in sorted((w for f in findings for w in f.warnings), key=lambda w: w[0])],
        flag_forms=[text for _, text in sorted((n for f in findings for n in f.flag_forms), key=lambda n: n[0])],
        variants=sum(f.variants for f in findings),
        protected=sum(f.protected for f in findings),
        separators=sum(f.separators for f in findings),
    )
