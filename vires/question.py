"""A decision question (SPEC 3.1: body, function, amount, date, facts) and its validation against a pack."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Mapping

import attrs

from vires.errors import QuestionError, did_you_mean
from vires.model import Pack
from vires.values import DATE, NUMBER, to_json


@attrs.frozen(kw_only=True)
class Question:
    """May `body` take a decision on `decision`, for `amount` pounds, on `date`, given `facts`?

    `body` is None for `who` (every body). Facts are normalised values (`vires.values`), a tuple each.
    """

    decision: str
    date: dt.date
    body: str | None = None
    amount: int | None = None
    facts: Mapping[str, tuple] = attrs.field(factory=dict)
    include_proposed: bool = False

    def all_facts(self) -> dict[str, tuple]:
        """The facts with `amount` and `date` added, since `where` may test them."""
        facts = dict(self.facts)
        if self.amount is not None:
            facts["amount"] = ((NUMBER, Decimal(self.amount)),)
        facts["date"] = ((DATE, self.date),)
        return facts

    def to_json(self) -> dict:
        question = {}
        if self.body is not None:
            question["body"] = self.body
        question.update({
            "decision": self.decision,
            "amount": self.amount,
            "date": self.date.isoformat(),
            "facts": {k: [to_json(v) for v in vs] for k, vs in sorted(self.facts.items())},
            "include_proposed": self.include_proposed,
        })
        return question

    def validate(self, pack: Pack) -> None:
        """Raise QuestionError (exit 2) for an undeclared body or function, with the nearest ids."""
        problems = []
        if self.body is not None and self.body not in pack.bodies:
            problems.append(("unknown-body", f"no body `{self.body}` is declared in the rules loaded",
                             did_you_mean(self.body, pack.bodies)))
        if self.decision not in pack.functions:
            problems.append(("unknown-function", f"no function `{self.decision}` is declared in the rules loaded",
                             did_you_mean(self.decision, pack.functions)))
        if problems:
            from vires.errors import Diagnostic

            raise QuestionError([Diagnostic(code, message, hint=hint) for code, message, hint in problems])
