"""Running decision cases (SPEC 5): ask each case's question and compare with what it expects."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import attrs

from vires.engine.question import Question
from vires.pack.model import Pack
from vires.review.case_files import Case
from vires.values import format_amount


@attrs.frozen
class CaseResult:
    """One case run: the answer and every way it differs from what the case expects."""

    case: Case
    file: str
    answer: dict | None
    problems: tuple[str, ...]
    error: str | None = None  # the question could not be asked (unknown body or function)
    pack: Pack | None = attrs.field(default=None, eq=False, repr=False)  # the rules the case ran on, for explaining

    @property
    def passed(self) -> bool:
        """The answer is what the case expects (for a pending case too: then it is time to drop `pending`)."""
        return not self.problems and self.error is None

    @property
    def pending(self) -> bool:
        """The case says the rules cannot yet answer it as expected; it counts neither as passed nor failed."""
        return self.case.pending is not None

    @property
    def status(self) -> str:
        """`passed`, `failed` or `pending`."""
        if self.pending:
            return "pending"
        return "passed" if self.passed else "failed"


def question_of(case, date: dt.date | None = None) -> Question:
    """The case's question, asked on `date` instead of the case's own date when one is given."""
    return Question(
        body=case.body,
        decision=case.decision,
        amount=case.amount,
        date=date or case.date,
        facts=dict(case.facts),
        include_proposed=case.include_proposed,
        organisation=case.organisation,
    )


def compare(expect, answer: dict) -> tuple[str, ...]:
    """Every difference between what a case expects and the answer; empty when the case passes."""
    problems = []
    chosen = answer["chains"][0] if answer["chains"] else None
    if expect.outcome is not None and expect.outcome != answer["outcome"]:
        problems.append(f"outcome: expected {expect.outcome}, got {answer['outcome']}")
    if expect.chain is not None:
        got = [link["rule"] for link in chosen["links"]] if chosen else []
        if list(expect.chain) != got:
            problems.append(
                f"chain: expected {' > '.join(expect.chain) or '(none)'}, got {' > '.join(got) or '(none)'}"
            )
    if expect.reasons:
        given = [(r["code"], r["rule"]) for r in answer["reasons"]]
        problems += _missing("reasons", expect.reasons, given)
    if expect.limit is not None:
        limit = chosen["limit"] if chosen else None
        if limit != expect.limit:
            problems.append(f"limit: expected {format_amount(expect.limit)}, got {format_amount(limit)}")
    if expect.outstanding:
        given = [(e["condition"], e["rule"]) for e in chosen["outstanding"]] if chosen else []
        problems += _missing("outstanding", expect.outstanding, given)
    if expect.obligations:
        given = [(e["condition"], e["rule"]) for e in chosen["obligations"]] if chosen else []
        problems += _missing("obligations", expect.obligations, given)
    return tuple(problems)


def basis_problems(basis, pack: Pack) -> list[str]:
    """Each basis that names no source of the rules the case runs on, as a problem."""
    from vires.errors import did_you_mean

    problems = []
    for item in basis:
        if item.ref not in pack.sources:
            hint = did_you_mean(item.ref, pack.sources)
            problems.append(
                f"basis: the rules declare no source `{item.ref}` ({item.location})" + (f"; {hint}" if hint else "")
            )
    return problems


def _missing(what: str, expected, given) -> list[str]:
    """Each expected (kind, rule or None) pair that is not among the given pairs, as a problem."""

    def show(kind, rule):
        return kind if rule is None else f"{kind} on `{rule}`"

    shown = ", ".join(show(k, r) for k, r in given) or "none"
    return [
        f"{what}: expected {show(kind, rule)}, got {shown}"
        for kind, rule in expected
        if not any(k == kind and (rule is None or r == rule) for k, r in given)
    ]


def run_cases(
    case_files: Sequence, engine: str | None = None, date: dt.date | None = None, rules_for=None
) -> Iterable[CaseResult]:
    """Run every case of every file; each file's rules are loaded and derived once.

    `rules_for(case_file)` may supply the rules (e.g. with a draft laid over); by default
    the file's `rules` are loaded.
    """
    from vires.api import open_rules
    from vires.errors import QuestionError

    loaded: dict[tuple, object] = {}
    for case_file in case_files:
        if rules_for is not None:
            rules = rules_for(case_file)
        else:
            key = tuple(case_file.rules)
            if key not in loaded:
                loaded[key] = open_rules(list(key), engine)
            rules = loaded[key]
        for case in case_file.cases:
            try:
                answer = rules.ask(question_of(case, date))
            except QuestionError as error:
                yield CaseResult(case, case_file.path, None, (), error=str(error), pack=rules.pack)
                continue
            problems = compare(case.expect, answer) + tuple(basis_problems(case.basis, rules.pack))
            yield CaseResult(case, case_file.path, answer, problems, pack=rules.pack)
