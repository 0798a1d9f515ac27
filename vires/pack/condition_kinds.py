"""The kinds of condition (SPEC 3.2), one entry each: the one table every stage reads.

A kind says what its key holds in a pack, which fact meets it and of what type, whether it blocks
a decision until met (before deciding) or obliges after it, and its words: a noun phrase for
tables and tooltips ("28 clear days' notice") and an imperative for an answer's to-do list ("give
at least 28 clear days' notice"). The builder reads packs by it, the answer evaluates by it, the
outputs word by it, the lint finds the bodies it names, and the fact checker types facts by it.

Adding a kind is one entry here (with `met`, if it blocks) plus its key in the rule pack schema.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from vires.values import BOOLEAN, DATE, NUMBER, TEXT

Names = Callable[[Any], str]  # a body id, or a list of them -> their names for people, joined
FactValues = Mapping[str, tuple]  # a question's facts: name -> ((type tag, value), ...)


@attrs.frozen
class ConditionKind:
    """One kind of condition.

    `reads` is how the builder reads its YAML value: `bodies` (one body id or a list), `count` (a
    whole number), `true`, `report` (a body, or `{body, every}`, or a list of them), `refs` (ids of
    functions or sources), `deadline` (`{what, within_days | within}`, held as sorted pairs) or
    `text`. `fact` meets a blocking kind, of `fact_type` (`body`, `date`, `number`, `boolean`).
    `entries` turns the model's value into the JSON values an answer lists (one entry, or one per
    item for obligations). `met(value, facts, date)` is None when the facts meet the condition,
    else what is still needed. `final`: a fact given that fails the kind settles it for good (a notice
    given too late, too few present, not in public, not within budget), so that it rules out an
    alternative (`any`) or an ordered fallback (`first_of`); bodies not yet consulted do not, since
    more may still be. `detail(value, date)` adds to an
    outstanding entry what the decision date makes computable (the last day notice could have
    been given); `due(value, date)` gives an obligation's due date where it is computable.
    `noun` and `imperative` word one JSON value, naming bodies with `names`.
    """

    key: str
    reads: str
    blocking: bool
    noun: Callable[[Any, Names], str]
    imperative: Callable[[Any, Names], str]
    fact: str | None = None
    fact_type: str | None = None
    fact_example: str | None = None
    met: Callable[[Any, FactValues, dt.date], Any] | None = None
    shortfall: Callable[[Any, tuple, dt.date], str] | None = None
    entries: Callable[[Any], Iterable[Any]] = lambda value: (value,)
    final: bool = False
    detail: Callable[[Any, dt.date], dict] | None = None
    due: Callable[[Any, dt.date], dt.date | None] | None = None


def _bodies_left(fact: str) -> Callable[[Any, FactValues, dt.date], Any]:
    def met(value: list[str], facts: FactValues, date: dt.date) -> list[str] | None:
        given = {v for tag, v in facts.get(fact, ()) if tag == TEXT}
        return [body for body in value if body not in given] or None

    return met


def _notice(value: int, facts: FactValues, date: dt.date) -> int | None:
    """Clear days: neither the day notice is given nor the day of the decision counts."""
    if any(tag == DATE and (date - given).days - 1 >= value for tag, given in facts.get("notice_given", ())):
        return None
    return value


def _working(value: int, facts: FactValues, date: dt.date) -> int | None:
    """Working days strictly between the notice day and the decision day, bank holidays excluded."""
    from vires.working_days import between

    if any(tag == DATE and between(given, date, value) >= value for tag, given in facts.get("notice_given", ())):
        return None
    return value


def _working_short(value: int, given: tuple, date: dt.date) -> str:
    from vires.working_days import between

    dates = [v for tag, v in given if tag == DATE]
    if not dates:
        return f"{value} working days' notice are needed"
    earliest = min(dates)
    counted = between(earliest, date, value)
    days = f"{counted} working day{'' if counted == 1 else 's'}"
    return f"notice given {_day(earliest)} leaves {days} before {_day(date)}; {value} are needed"


def _last_working_notice(value: int, date: dt.date) -> dict:
    from vires.working_days import last_notice_day

    last = last_notice_day(date, value)
    return {"last_notice_day": last.isoformat()} if last is not None else {}


VOTING = "$voting"  # no fact a user can give: the deciding body's members who may vote on the decision


def _quorum(value: int, facts: FactValues, date: dt.date) -> int | None:
    """A number present, or, where the deciding body lists its members, the members present who may vote
    on the decision (`VOTING`, given by the answer step), less those withdrawn from the item."""
    present = facts.get("present", ())
    if any(tag == NUMBER and count >= value for tag, count in present):
        return None
    named = {member for tag, member in present if tag == TEXT}
    if named and VOTING in facts:
        counted = named & {member for _, member in facts[VOTING]}
        if len(counted) < value:
            return value  # too few whoever withdraws: `withdrawn` is not read, since it cannot matter here
        if len(counted - {member for _, member in facts.get("withdrawn", ())}) >= value:
            return None
    return value


def _true(fact: str) -> Callable[[Any, FactValues, dt.date], Any]:
    def met(value: bool, facts: FactValues, date: dt.date) -> bool | None:
        return None if (BOOLEAN, True) in facts.get(fact, ()) else True

    return met


def _bodies_short(verb: str) -> Callable[[Any, tuple, dt.date], str]:
    def shortfall(value: list[str], given: tuple, date: dt.date) -> str:
        named = {str(v) for _, v in given}
        done = [f"`{b}`" for b in value if b in named]
        left = [f"`{b}`" for b in value if b not in named]
        text = f"not yet {verb} {', '.join(left)}"
        return f"{verb} {', '.join(done)}; {text}" if done else text

    return shortfall


def _notice_short(value: int, given: tuple, date: dt.date) -> str:
    dates = [v for tag, v in given if tag == DATE]
    if not dates:
        return f"{value} clear days' notice are needed"
    earliest = min(dates)  # the earliest notice gives the most clear days
    clear = (date - earliest).days - 1
    if clear < 0:
        return f"notice given {_day(earliest)} leaves no clear day before {_day(date)}; {value} are needed"
    days = f"{clear} clear day{'' if clear == 1 else 's'}"
    return f"notice given {_day(earliest)} is {days} before {_day(date)}; {value} are needed"


def _quorum_short(value: int, given: tuple, date: dt.date) -> str:
    counts = [v for tag, v in given if tag == NUMBER]
    if counts or not given:
        return f"present={max(counts) if counts else '?'} is below the quorum of {value}"
    return (
        f"fewer than {value} of the members present ({', '.join(str(v) for _, v in given)}) may vote on it "
        "and have not withdrawn (members by name count only where the body lists its members)"
    )


def _false_short(fact: str, words: str) -> Callable[[Any, tuple, dt.date], str]:
    def shortfall(value: bool, given: tuple, date: dt.date) -> str:
        return f"{fact}=false: {words}"

    return shortfall


def _day(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"


DEADLINES = {
    "as-soon-as-reasonably-practicable": "as soon as reasonably practicable",
    "before-implementation": "before the decision is implemented",
}


def _deadline_words(value: dict) -> str:
    """`within 5 days of the decision`, `as soon as reasonably practicable`, ..."""
    if value.get("within_days") is not None:
        days = value["within_days"]
        return f"within {days} day{'' if days == 1 else 's'} of the decision"
    return DEADLINES[value["within"]]


def _obliged(verb: str, default: str) -> Callable[[Any, Names], str]:
    def words(value: dict, names: Names) -> str:
        return f"{verb} {value.get('what') or default}, {_deadline_words(value)}"

    return words


def _due(value: dict, date: dt.date) -> dt.date | None:
    """The day an obligation falls due: the decision date plus its days, where it gives days."""
    days = value.get("within_days")
    if days is None:
        return None
    try:
        return date + dt.timedelta(days=days)
    except OverflowError:
        return None


def _report_words(value: Any, names: Names) -> str:
    if isinstance(value, dict):
        return f"report to {names(value['body'])}" + (f" every {value['every']}" if value.get("every") else "")
    return f"report to {names(value)}"


KINDS: dict[str, ConditionKind] = {
    kind.key: kind
    for kind in (
        ConditionKind(
            "consult",
            "bodies",
            True,
            fact="consulted",
            fact_type="body",
            fact_example="consulted=BODY",
            noun=lambda v, names: f"consult {names(v)}",
            imperative=lambda v, names: f"consult {names(v)}",
            met=_bodies_left("consulted"),
            shortfall=_bodies_short("consulted"),
            entries=lambda v: (list(v),),
        ),
        ConditionKind(
            "approval_of",
            "bodies",
            True,
            fact="approved_by",
            fact_type="body",
            fact_example="approved_by=BODY",
            noun=lambda v, names: f"approval of {names(v)}",
            imperative=lambda v, names: f"obtain the approval of {names(v)}",
            met=_bodies_left("approved_by"),
            shortfall=_bodies_short("approved by"),
            entries=lambda v: (list(v),),
        ),
        ConditionKind(
            "inform",
            "bodies",
            True,
            fact="informed",
            fact_type="body",
            fact_example="informed=BODY",
            noun=lambda v, names: f"inform {names(v)} in writing",
            imperative=lambda v, names: f"inform {names(v)} in writing (fact informed=BODY)",
            met=_bodies_left("informed"),
            shortfall=_bodies_short("informed"),
            entries=lambda v: (list(v),),
        ),
        ConditionKind(
            "notice_days",
            "count",
            True,
            fact="notice_given",
            fact_type="date",
            fact_example="notice_given=DATE",
            noun=lambda v, names: f"{v} clear days' notice",
            imperative=lambda v, names: f"give at least {v} clear days' notice (fact notice_given=DATE)",
            met=_notice,
            shortfall=_notice_short,
            final=True,
        ),
        ConditionKind(
            "working_days",
            "count",
            True,
            fact="notice_given",
            fact_type="date",
            fact_example="notice_given=DATE",
            noun=lambda v, names: f"{v} working days' notice",
            imperative=lambda v, names: f"give at least {v} working days' notice (fact notice_given=DATE)",
            met=_working,
            shortfall=_working_short,
            final=True,
            detail=_last_working_notice,
        ),
        ConditionKind(
            "quorum",
            "count",
            True,
            fact="present",
            fact_type="number",
            fact_example="present=N",
            noun=lambda v, names: f"quorum of {v}",
            imperative=lambda v, names: f"have a quorum of {v} present (fact present=N)",
            met=_quorum,
            shortfall=_quorum_short,
            final=True,
        ),
        ConditionKind(
            "withdraw",
            "bodies",
            True,
            fact="withdrawn",
            fact_type="body",
            fact_example="withdrawn=BODY",
            noun=lambda v, names: f"withdrawal of {names(v)} from the item",
            imperative=lambda v, names: f"have {names(v)} withdraw from the item (fact withdrawn=BODY)",
            met=_bodies_left("withdrawn"),
            shortfall=_bodies_short("withdrawn"),
            entries=lambda v: (list(v),),
        ),
        ConditionKind(
            "in_public",
            "true",
            True,
            fact="in_public",
            fact_type="boolean",
            fact_example="in_public=true",
            noun=lambda v, names: "decided in public",
            imperative=lambda v, names: "decide in public (fact in_public=true)",
            met=_true("in_public"),
            shortfall=_false_short("in_public", "it must be decided in public"),
            final=True,
        ),
        ConditionKind(
            "within_budget",
            "true",
            True,
            fact="within_budget",
            fact_type="boolean",
            fact_example="within_budget=true",
            noun=lambda v, names: "within budget",
            imperative=lambda v, names: "be within budget (fact within_budget=true)",
            met=_true("within_budget"),
            shortfall=_false_short("within_budget", "it must be within budget"),
            final=True,
        ),
        ConditionKind(
            "report_to",
            "report",
            False,
            noun=_report_words,
            imperative=_report_words,
            entries=lambda v: (body if every is None else {"body": body, "every": every} for body, every in v),
        ),
        ConditionKind(
            "record",
            "deadline",
            False,
            noun=_obliged("record", "the decision"),
            imperative=_obliged("record", "the decision"),
            entries=lambda v: (dict(v),),
            due=_due,
        ),
        ConditionKind(
            "publish",
            "deadline",
            False,
            noun=_obliged("publish", "the decision"),
            imperative=_obliged("publish", "the decision"),
            entries=lambda v: (dict(v),),
            due=_due,
        ),
        ConditionKind(
            "have_regard_to",
            "refs",
            False,
            noun=lambda v, names: f"have regard to {names(v)}",
            imperative=lambda v, names: f"have regard to {names(v)}",
            entries=lambda v: tuple(v),
        ),
        ConditionKind(
            "decides_by",
            "text",
            False,
            noun=lambda v, names: f"decide by {v}",
            imperative=lambda v, names: f"decide by {v}",
        ),
    )
}

BLOCKING = tuple(kind for kind in KINDS.values() if kind.blocking)
OBLIGATIONS = tuple(kind for kind in KINDS.values() if not kind.blocking)
# fact name -> the first kind it meets (`notice_given`: `notice_days`, then `working_days`)
FACTS = {kind.fact: kind for kind in reversed(BLOCKING) if kind.fact}
