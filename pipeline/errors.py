"""The project's one error type, so that the CLI can tell bad input from a bug.

Every problem with something a user supplied (a source, the catalog, an annotation file, a
ledger, a TEI file) is raised as :class:`EditionError` naming the file and, where it has one,
the line. The CLI prints ``file:line: message`` and exits with the error's status; anything
else escaping is a bug and keeps its traceback.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Problem:
    """One thing wrong with one input, located as precisely as the input allows."""

    file: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


@dataclass
class EditionError(Exception):
    """Bad input: one or more problems, reported together, and the exit status to use.

    Status 2 is for a command that cannot start (unknown article, bad catalog, missing
    source); status 1 for inputs that were read but are invalid (annotations, TEI, ledger).
    """

    problems: list[Problem] = field(default_factory=list)
    status: int = 2

    @classmethod
    def at(cls, file: str | Path, message: str, line: int | None = None, status: int = 2) -> "EditionError":
        return cls([Problem(str(file), message, line)], status)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    def __reduce__(self):
        """Keep the problems when the error crosses from a build worker process."""
        return (type(self), (self.problems, self.status))


def toml_error_line(error: Exception) -> int | None:
    """The line a ``tomllib`` error is at: the module gives it only inside its message."""
    match = re.search(r"at line (\d+)", str(error))
    return int(match.group(1)) if match else None


def toml_error_text(error: Exception) -> str:
    """A ``tomllib`` error's message without its position (reported as the line instead)."""
    return str(error).split(" (at line")[0]
