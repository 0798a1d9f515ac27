"""Testing an uploaded draft: read with the loader's limits, laid over the rules served, compared, cases run.

An upload names no path on the server: its file name is reduced to a plain name, it is written to a
private temporary folder only for the loader to read, and a draft whose `requires` names anything but a
shipped pack (`@NAME`) is refused before anything it names is read. Problems are located in the uploaded
text, by the name it was uploaded under.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections.abc import Sequence

import attrs

from vires.errors import Diagnostic, LoadError, Location, QuestionError
from vires.pack import yaml_reader as yamlread
from vires.review.diff import Diff, diff, open_draft
from vires.web.state import Draft

SAFE_NAME = re.compile(r"[^A-Za-z0-9._ -]+")
SUFFIXES = (".yaml", ".yml", ".json")


def safe_name(given: str | None) -> str:
    """The upload's file name without folders or odd characters, ending in .yaml, .yml or .json."""
    name = SAFE_NAME.sub("-", os.path.basename((given or "").replace("\\\\", "/"))).strip(" .-")[:80] or "draft"
    return name if name.lower().endswith(SUFFIXES) else name + ".yaml"


@attrs.frozen
class Tested:
    """What testing a draft gave: its problems, or the diff and the cases run before and after it."""

    problems: tuple[Diagnostic, ...] = ()
    diff: Diff | None = None
    names: dict = attrs.field(factory=dict)
    facts: dict = attrs.field(factory=dict)
    cases_before: tuple = ()
    cases_after: tuple = ()


def try_draft(
    paths: Sequence[str], cases: Sequence[str], draft: Draft, date: dt.date, include_proposed: bool, engine=None
) -> Tested:
    """Lay `draft` over the rules at `paths`, compare rights on `date`, and run the case files at `cases`."""
    root, problems = yamlread.parse(draft.data, draft.name)
    if problems:
        return Tested(problems=tuple(problems))
    problems = _paths_named(root, draft.name)
    if problems:
        return Tested(problems=tuple(problems))
    with tempfile.TemporaryDirectory(prefix="vires-draft-") as folder:
        file = os.path.join(folder, draft.name)
        with open(file, "wb") as out:
            out.write(draft.data)
        try:
            before, after, rules = open_draft(list(paths), [file], engine)
        except LoadError as error:
            return Tested(problems=tuple(_located(d, file, draft.name) for d in error.diagnostics))
    from vires.outputs.diff_text import names_of

    result = diff(before, after, rules, date, {}, include_proposed)
    names = {**names_of(before.pack), **names_of(after.pack)}
    if not cases:
        return Tested(diff=result, names=names)
    from vires.review.case_files import load_cases
    from vires.review.run_cases import run_cases

    try:
        files = load_cases(list(cases))
    except (LoadError, QuestionError) as error:
        return Tested(problems=tuple(error.diagnostics))
    old = tuple(run_cases(files, rules_for=lambda _: before))
    new = tuple(run_cases(files, rules_for=lambda _: after))
    return Tested(diff=result, names=names, cases_before=old, cases_after=new)


def _paths_named(root, name: str) -> list[Diagnostic]:
    """A problem for each `requires` of the draft's `pack:` that is not a shipped pack (`@NAME`)."""
    if not isinstance(root, yamlread.Mapping):
        return []
    pack = root.get("pack")
    requires = pack.get("requires") if isinstance(pack, yamlread.Mapping) else None
    if not isinstance(requires, yamlread.Sequence):
        return []
    found = []
    for item in requires.items:
        value = item.text if isinstance(item, yamlread.Scalar) else ""
        if not value.startswith("@"):
            found.append(
                Diagnostic(
                    "draft-names-path",
                    f"the draft requires `{value}`, a path; a draft tested in the workbench may require only shipped "
                    "packs, named as @NAME",
                    Location(name, item.location.line, item.location.column),
                    "require the shipped packs it builds on as @NAME (the rules loaded here are laid under it "
                    "anyway), or test it with `vires diff` on your own machine",
                )
            )
    return found


def _located(diagnostic: Diagnostic, file: str, name: str) -> Diagnostic:
    """The diagnostic located by the upload's name where it stands in the uploaded file."""
    if os.path.realpath(diagnostic.location.file) != os.path.realpath(file):
        return diagnostic
    return attrs.evolve(diagnostic, location=attrs.evolve(diagnostic.location, file=name))
