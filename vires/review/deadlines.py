"""Deadlines counted back from a meeting: for each condition an answer leaves outstanding, its routes,
the last day each can be taken, and whether on a given day it is met, open, passed or ruled out.

When a kind of condition must be done is one table, `DUE`, keyed by the condition kinds of
`vires.pack.condition_kinds`: notice in clear days is due a number of days before the meeting
(SPEC 3.2: neither the day notice is given nor the day of the decision counts, so N clear days
before 1 June is 31 May minus N days); consulting a body or obtaining its approval is due before
the decision; a quorum and a meeting in public are for the meeting itself. A kind added to the
table of condition kinds is added here too (`tests/test_deadlines.py` fails until it is).

A condition is taken by one of its routes: a plain condition has one; a group of alternatives
(`any`) has one a listed alternative. The steps of a route are done together, so a route is due
by the earliest day any of its steps still to do is due ("inform the chair and publish the notice
by 26 May"), and a step done already (the facts meet it) costs no day. On the day of the check
(`as_of`), a route is *met* when the facts meet every step, *ruled out* when a fact given settles a
step against it (a notice given too late, `in_public=false`), *passed* when its day is before
`as_of`, and *open* otherwise. The route to take is the first route met or open; when none is, the
condition can no longer be met at this meeting. The engine's answer says what is outstanding; this
module only reads the same condition kinds against the calendar, and never decides an outcome.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from vires.engine.conditions import blocking_parts, describe, evaluate
from vires.pack.condition_kinds import KINDS
from vires.pack.model import Condition, Pack

BY_DAY = "by-day"  # a last day counted back from the meeting (notice)
BEFORE = "before-decision"  # any time before the item is decided (consult, approval)
AT_MEETING = "at-meeting"  # at the meeting itself (quorum, in public)
FACTS = "facts"  # the item must say a fact a rule tests (`where`)
TIMINGS = (BY_DAY, BEFORE, AT_MEETING, FACTS)

MET, OPEN, PASSED, RULED_OUT = "met", "open", "passed", "ruled-out"


@attrs.frozen(order=True)
class Due:
    """When a step must be done: the last `day` it can be, and how that day is reached (`timing`)."""

    day: dt.date
    timing: str


def _clear_days(value: int, meeting: dt.date) -> Due:
    """N clear days' notice: the notice day and the meeting day are not counted, so the last day is N + 1 before."""
    try:
        return Due(meeting - dt.timedelta(days=value + 1), BY_DAY)
    except OverflowError:
        return Due(dt.date.min, BY_DAY)


def _working_days(value: int, meeting: dt.date) -> Due:
    """N working days' notice: the last day notice can be given to leave N working days before the meeting."""
    from vires.working_days import last_notice_day

    return Due(last_notice_day(meeting, value) or dt.date.min, BY_DAY)


def _before(value: Any, meeting: dt.date) -> Due:
    return Due(meeting, BEFORE)


def _at_meeting(value: Any, meeting: dt.date) -> Due:
    return Due(meeting, AT_MEETING)


# condition kind -> when it is due for a meeting on a day; every blocking kind of KINDS has an entry
DUE: dict[str, Callable[[Any, dt.date], Due]] = {
    "consult": _before,
    "approval_of": _before,
    "inform": _before,
    "notice_days": _clear_days,
    "working_days": _working_days,
    "quorum": _at_meeting,
    "withdraw": _at_meeting,
    "in_public": _at_meeting,
    "within_budget": _before,
}
# kinds that a fact given, failing them, rules out for good: a notice given too late cannot be given
# earlier, and a meeting file saying `in_public: false` fixes how the meeting is held; a body not yet
# consulted may still be
SETTLES = frozenset(kind.key for kind in KINDS.values() if kind.final)  # the table says which


@attrs.frozen
class Step:
    """One part of a route: a condition kind and what it still needs (or needed), done or not, and when due.

    A nested group of alternatives is a step whose `group` holds its routes.
    """

    condition: str
    value: Any
    done: bool
    due: Due | None = None
    group: Plan | None = None


@attrs.frozen
class Route:
    """One way to meet a condition: its steps, its state on the day of the check, and the day it is due by.

    `number` counts from 1 in the order the rule lists its alternatives; `note` says what rules it out.
    """

    number: int
    steps: tuple[Step, ...]
    state: str
    due: Due | None = None
    note: str | None = None

    def days_left(self, as_of: dt.date) -> int | None:
        """Days from `as_of` to the day the route is due (negative once passed); None when it has none."""
        return None if self.due is None else (self.due.day - as_of).days


@attrs.frozen
class Plan:
    """A condition an answer leaves outstanding, as routes against the calendar."""

    rule: str
    condition: str  # the kind, `any` for free alternatives, or `where` for facts the item lacks
    routes: tuple[Route, ...]
    ordered: bool = False

    @property
    def route(self) -> Route | None:
        """The route to take: the first met or open; None when every route has passed or is ruled out."""
        return next((r for r in self.routes if r.state in (MET, OPEN)), None)

    @property
    def state(self) -> str:
        """`met`, `open`, or `closed` when no route is left."""
        route = self.route
        return "closed" if route is None else route.state

    @property
    def due(self) -> Due | None:
        """The day the route to take is due by."""
        route = self.route
        return None if route is None else route.due


def plan(entry: dict, pack: Pack, facts: Mapping[str, tuple], meeting: dt.date, as_of: dt.date) -> Plan:
    """The routes of an outstanding condition of an answer (`{condition, value, rule, …}`) on `as_of`.

    `facts` are the question's facts as the engine read them; `meeting` is the decision date.
    """
    kind, rule = entry["condition"], entry["rule"]
    if kind == "where":
        step = Step("where", list(entry["missing"]), False, Due(meeting, FACTS))
        return Plan(rule, kind, (_state(1, (step,), as_of),))
    if kind in DUE:
        return Plan(
            rule, kind, (_route(1, Condition.of(**{kind: _model_value(kind, entry["value"])}), facts, meeting, as_of),)
        )
    if kind in ("any", "first_of"):
        alternatives = getattr(_condition_of(pack, rule, kind, entry["value"]), kind)
        routes = tuple(_route(n, alt, facts, meeting, as_of) for n, alt in enumerate(alternatives, 1))
        return Plan(rule, kind, routes, ordered=kind == "first_of")
    raise ValueError(f"no deadline for a condition `{kind}`")


def _model_value(kind: str, value: Any) -> Any:
    """An answer's JSON value of a kind as the model holds it: bodies as a tuple of ids."""
    return tuple(value) if KINDS[kind].reads == "bodies" else value


def _condition_of(pack: Pack, rule_id: str, group: str, alternatives: list) -> Condition:
    """The rule's condition whose alternatives an `any` (or `first_of`) entry lists (the engine describes them so)."""
    rule = pack.rule(rule_id)
    for condition in getattr(rule, "conditions", ()):
        listed = getattr(condition, group)
        if listed and [describe(alt) for alt in listed] == alternatives:
            return condition
    raise ValueError(f"`{rule_id}` has no group of alternatives {alternatives!r}")


def _route(number: int, condition: Condition, facts: Mapping[str, tuple], meeting: dt.date, as_of: dt.date) -> Route:
    """One alternative (or a plain condition) as a route: each step done or due, or the fact that rules it out."""
    if condition.valid.check(meeting):
        return Route(number, (), RULED_OUT, note=f"it applies only {condition.valid.words()}")
    holds, failed, missing = evaluate(condition.where, facts)
    if failed:
        tests = "; ".join(test.describe() for test in failed)
        return Route(number, (), RULED_OUT, note=f"it applies only where {tests}")
    steps: list[Step] = []
    notes: list[str] = []
    if missing:
        steps.append(Step("where", list(missing), False, Due(meeting, FACTS)))
    for key, value in blocking_parts(condition):
        kind = KINDS[key]
        assert kind.met is not None
        still = kind.met(value, facts, meeting)
        if still is None:
            steps.append(Step(key, value, True))
            continue
        if key in SETTLES and kind.fact in facts:
            notes.append(kind.shortfall(value, facts[kind.fact or ""], meeting) if kind.shortfall else key)
        steps.append(Step(key, still, False, DUE[key](value, meeting)))
    for grouping, alternatives in (("any", condition.any), ("first_of", condition.first_of)):
        if not alternatives:
            continue
        routes = tuple(_route(n, a, facts, meeting, as_of) for n, a in enumerate(alternatives, 1))
        group = Plan("", grouping, routes, ordered=grouping == "first_of")
        steps.append(_group_step(group))
        if group.state == "closed" and all(r.state == RULED_OUT for r in group.routes):
            notes += [r.note for r in group.routes if r.note]
    if notes:
        return Route(number, tuple(steps), RULED_OUT, note="; ".join(notes))
    return _state(number, tuple(steps), as_of)


def _group_step(group: Plan) -> Step:
    """A nested group of alternatives as one step: done when a route is met, due when its last open route is."""
    open_days = [r.due for r in group.routes if r.state == OPEN and r.due is not None]
    if group.ordered:  # ordered fallbacks: the route to take is due by its own day, not a later route's
        route = group.route
        open_days = [route.due] if route is not None and route.state == OPEN and route.due is not None else []
    return Step(group.condition, None, group.state == MET, max(open_days) if open_days else None, group)


def _state(number: int, steps: tuple[Step, ...], as_of: dt.date) -> Route:
    """A route that nothing rules out: met when every step is done, else due by its earliest step to do."""
    to_do = [step for step in steps if not step.done]
    if not to_do:
        return Route(number, steps, MET)
    if any(step.group is not None and step.group.state == "closed" for step in to_do):
        return Route(number, steps, PASSED)  # a nested group with no route left
    dues = [step.due for step in to_do if step.due is not None]
    due = min(dues)
    return Route(number, steps, PASSED if due.day < as_of else OPEN, due)
