"""A decision question (SPEC 3.1: body, function, amount, date, facts) and its validation against a pack."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from vires.errors import Diagnostic, QuestionError, did_you_mean
from vires.pack.model import Pack
from vires.values import DATE, NUMBER, to_json


@attrs.frozen(kw_only=True)
class Question:
    """May `body` take a decision on `decision`, for `amount` pounds, on `date`, given `facts`?

    `body` is None for `who` (every body). Facts are normalised values (`vires.values`), a tuple each.
    `organisation`, when given, keeps only the chains whose power is held within that organisation
    (the top of the holder's `part_of` ancestry): the decision is taken on its behalf.
    """

    decision: str
    date: dt.date
    body: str | None = None
    amount: int | None = None
    facts: Mapping[str, tuple] = attrs.field(factory=dict)
    include_proposed: bool = False
    organisation: str | None = None

    def all_facts(self) -> dict[str, tuple]:
        """The facts with `amount` and `date` added, since `where` may test them."""
        facts = dict(self.facts)
        if self.amount is not None:
            facts["amount"] = ((NUMBER, Decimal(self.amount)),)
        facts["date"] = ((DATE, self.date),)
        return facts

    def to_json(self) -> dict:
        question: dict[str, Any] = {}
        if self.body is not None:
            question["body"] = self.body
        if self.organisation is not None:
            question["for"] = self.organisation
        question.update(
            {
                "decision": self.decision,
                "amount": self.amount,
                "date": self.date.isoformat(),
                "facts": {k: [to_json(v) for v in vs] for k, vs in sorted(self.facts.items())},
                "include_proposed": self.include_proposed,
            }
        )
        return question


def require_declared(pack: Pack, body: str | None = None, function: str | None = None) -> None:
    """Raise QuestionError (exit 2) naming each of `body` and `function` the pack does not declare, nearest ids too.

    The one check of a body or function asked about: by a question, a diagram's view, a scheme.
    """
    problems = []
    if body is not None and body not in pack.bodies:
        problems.append(
            Diagnostic(
                "unknown-body",
                f"no body `{body}` is declared in the rules loaded",
                hint=did_you_mean(body, pack.bodies),
            )
        )
    if function is not None and function not in pack.functions:
        problems.append(
            Diagnostic(
                "unknown-function",
                f"no function `{function}` is declared in the rules loaded",
                hint=did_you_mean(function, pack.functions),
            )
        )
    if problems:
        raise QuestionError(problems)
