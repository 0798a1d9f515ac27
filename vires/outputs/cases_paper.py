"""Decision cases before and after a draft, for a page or a paper: what `vires test --draft` tells, as a table."""

from __future__ import annotations

from collections.abc import Sequence

from vires.outputs.paper import Cell, Paper, Para, Run, Table, line

COLUMNS = ("Case", "Before", "With the draft", "What the case expects")
WIDTHS = (40, 12, 14, 34)


def cases_paper(before: Sequence, after: Sequence) -> Paper:
    """Each case's outcome before and after (marked where the draft changes it), and whether it still passes.

    `before` and `after` are the `CaseResult`s of the same cases, in the same order, run without and
    with the draft. The cases the draft changes come first, then those that fail with it, then the rest,
    each group in the order of the case files.
    """
    changed = sum(_outcome(b) != _outcome(a) for b, a in zip(before, after, strict=True))
    counts = {status: sum(result.status == status for result in after) for status in ("passed", "failed", "pending")}
    summary = (
        f"The draft changes the outcome of {changed} of {len(after)} cases. "
        f"With the draft, {counts['passed']} passed, {counts['failed']} failed"
        + (f", {counts['pending']} pending (written before the rules could answer them)." if counts["pending"] else ".")
    )
    pairs = sorted(
        zip(before, after, strict=True), key=lambda p: (_outcome(p[0]) == _outcome(p[1]), p[1].status != "failed")
    )
    rows = tuple(_row(b, a) for b, a in pairs)
    blocks: list = [Para(line(summary))]
    if rows:
        blocks.append(Table(COLUMNS, rows, WIDTHS))
    return Paper(title="Decision cases, before and after the draft", blocks=tuple(blocks))


def _outcome(result) -> str:
    return result.answer["outcome"] if result.answer else "error"


def _row(before, after) -> tuple[Cell, ...]:
    location = getattr(after.case, "location", None)
    case = (line(after.case.name), line(Run(str(location) if location is not None else after.file, code=True)))
    old, new = _outcome(before), _outcome(after)
    after_cell = (line(Run(new, strong=True), " (changed)"),) if new != old else (line(new),)
    if after.pending:
        verdict: Cell = (line(Run("pending: ", strong=True), after.case.pending),)
        if after.passed:
            verdict += (line("it now answers as expected"),)
    elif after.passed:
        verdict = (line("passes"),)
    elif after.error:
        verdict = (line(Run("cannot be asked: ", strong=True), after.error),)
    else:
        verdict = (line(Run("fails: ", strong=True), "; ".join(after.problems)),)
    return (case, (line(old),), after_cell, verdict)
