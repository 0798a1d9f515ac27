"""What a diagram shows: all of it, one organisation, the organisations alone, what bears on a function,
a body's neighbourhood, a chain highlighted (or that chain alone)."""

from __future__ import annotations

import datetime as dt

import attrs

from vires.engine.question import Question


@attrs.frozen(kw_only=True)
class View:
    """What to draw.

    `date` leaves out rules and bodies not valid on that day and greys those that confer nothing on
    it (`hide_inactive` leaves those out too); `question` highlights the chain `ask` chooses, and
    `chain_only` keeps just its bodies and their parents. `organisation` keeps one organisation (a
    body and everything part of it) with the joint committees and partnerships it belongs to;
    `overview` draws the organisations alone, with the lines between them. `include_proposed`
    treats proposed delegations as adopted (a question carries its own).
    """

    function: str | None = None
    body: str | None = None
    date: dt.date | None = None
    question: Question | None = None
    organisation: str | None = None
    overview: bool = False
    chain_only: bool = False
    hide_inactive: bool = False
    include_proposed: bool = False

    @property
    def proposals_adopted(self) -> bool:
        """Are proposed delegations treated as adopted in this view?"""
        return self.question.include_proposed if self.question is not None else self.include_proposed
