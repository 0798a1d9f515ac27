"""What a diagram shows: all of it, what bears on a function, a body's neighbourhood, a chain highlighted."""

from __future__ import annotations

import datetime as dt

import attrs

from vires.engine.question import Question


@attrs.frozen(kw_only=True)
class View:
    """What to draw: all of it, what bears on a function, a body's neighbourhood, a chain highlighted.

    `date` leaves out rules and bodies not valid on that day; `question` highlights the chain `ask` chooses.
    """

    function: str | None = None
    body: str | None = None
    date: dt.date | None = None
    question: Question | None = None
