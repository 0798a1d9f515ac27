"""One exception hierarchy: every error vires reports has a code, a message, a location and a hint."""

from __future__ import annotations

from collections.abc import Iterable

import attrs


@attrs.frozen(order=True)
class Location:
    """Where in a file something stands (1-based line and column; 0 when unknown)."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file

    def to_json(self) -> dict:
        return {"file": self.file, "line": self.line, "column": self.column}


NOWHERE = Location("<command line>")


@attrs.frozen
class Diagnostic:
    """One finding: an error, a warning or an info, with its stable code."""

    code: str
    message: str
    location: Location = NOWHERE
    hint: str | None = None
    severity: str = "error"  # error | warning | info
    # What the user must give or change, as a key (`register`, `ref`, `override`, `engine`, ...): the
    # hint says it in neutral words, and each front end may word it in its own terms instead
    # (`vires.cli.remedies`: "name the register with --register"; a web page: a field to fill in).
    remedy: str | None = attrs.field(default=None, eq=False)

    def sort_key(self) -> tuple:
        return (self.location.file, self.location.line, self.location.column, self.code, self.message)

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "location": self.location.to_json(),
            "hint": self.hint,
        }

    def to_text(self) -> str:
        text = f"{self.location}: {self.severity} {self.code}: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class ViresError(Exception):
    """Base of every error vires raises; carries one or more diagnostics."""

    exit_code = 2

    def __init__(self, diagnostics: Diagnostic | Iterable[Diagnostic]):
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics = sorted(diagnostics, key=Diagnostic.sort_key)
        super().__init__("\n".join(d.to_text() for d in self.diagnostics))

    @classmethod
    def one(
        cls, code: str, message: str, location: Location = NOWHERE, hint: str | None = None, remedy: str | None = None
    ):
        return cls(Diagnostic(code, message, location, hint, remedy=remedy))


class LoadError(ViresError):
    """Rule packs or case files that cannot be read or do not conform."""


class QuestionError(ViresError):
    """A question the engine cannot answer as asked: an unknown body or function, a bad amount or fact."""


class EngineError(ViresError):
    """The rules engine failed or lost facts; never a smaller answer."""


class RegisterError(ViresError):
    """The decision register cannot be read or written."""


class StarterError(ViresError):
    """A starter pack cannot be written where asked (`vires init`)."""


class ViresWarning(UserWarning):
    """Something a user should know that is no error (the engine fell back to native); front ends show it."""


class RenderError(ViresError):
    """A diagram or table cannot be produced (for instance, Graphviz's `dot` is missing)."""


def nearest(name: str, candidates: Iterable[str], limit: int = 3) -> list[str]:
    """The candidates closest to `name`, for "did you mean" hints."""
    import difflib

    return difflib.get_close_matches(name, sorted(set(candidates)), n=limit, cutoff=0.6)


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    """A hint naming the nearest ids, or None when nothing is close."""
    close = nearest(name, candidates)
    if not close:
        return None
    return "did you mean " + " or ".join(f"`{c}`" for c in close) + "?"
