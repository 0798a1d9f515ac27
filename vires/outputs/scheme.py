"""Scheme-of-delegation rows, asked of the engine so that they agree with `ask` (`scheme_paper` words them)."""

from __future__ import annotations

import datetime as dt

import attrs

from vires.engine.question import Question, require_declared
from vires.pack.model import LEVELS, Pack, ancestors, covers, matches_any


@attrs.frozen
class Row:
    """One line of a scheme: a body may decide a function, by a chain, within a limit, on conditions.

    `links` are the chosen chain's links as `ask` gives them; `before` the blocking conditions still to
    be met and `after` the obligations, as `ask` gives them; `except_` the child functions not included.
    `reserved` are the reservations keeping the function, or part of it, with this body (it may not
    delegate that part); `reserved_elsewhere` pairs each function of `except_` that is reserved to
    other bodies with the reservation that keeps it there.
    `organisation` is whose function the body decides (a joint committee has a row for each).
    """

    body: str
    function: str
    outcome: str
    limit: int | None
    links: tuple
    before: tuple[dict, ...]
    after: tuple[dict, ...]
    except_: tuple[str, ...] = ()
    reserved: tuple[str, ...] = ()
    reserved_elsewhere: tuple[tuple[str, str], ...] = ()
    organisation: str | None = None


@attrs.frozen
class Scheme:
    """The rows for one body, or for every body of the pack, as at a date."""

    pack: Pack
    date: dt.date
    include_proposed: bool
    body: str | None
    rows: tuple[Row, ...]

    def bodies(self) -> list[str]:
        """The bodies the scheme speaks of: its body; or every body existing on its date, highest level
        first, then each organisation before its committees and officers."""
        if self.body is not None:
            return [self.body]
        bodies = self.pack.bodies
        path = lambda b: [bodies[a].name for a in reversed(ancestors(b, bodies))]  # noqa: E731
        existing = [b for b in bodies if not bodies[b].valid.check(self.date)]
        return sorted(existing, key=lambda b: (-LEVELS.index(bodies[b].level), path(b), b))

    def left_out(self) -> list[str]:
        """The bodies of the pack that do not exist on the scheme's date (none when it is one body's)."""
        if self.body is not None:
            return []
        return sorted(b for b, body in self.pack.bodies.items() if body.valid.check(self.date))

    def rows_of(self, body: str) -> list[Row]:
        """The rows of one body, in function order (then by organisation)."""
        return [row for row in self.rows if row.body == body]

    def organisations(self) -> list[str]:
        """Every organisation the rows decide for, sorted by id."""
        return sorted({row.organisation for row in self.rows if row.organisation})


def build(rules, body: str | None, date: dt.date, include_proposed: bool = False) -> Scheme:
    """Ask the engine about every function (for `body`, or for every body by `who`) and keep what it allows."""
    pack = rules.pack
    require_declared(pack, body)
    functions = sorted(pack.functions, key=lambda f: f.split("."))
    answers: dict[tuple[str, str, str], dict] = {}  # (body, organisation, function) -> answer
    for function in functions:
        question = Question(decision=function, date=date, body=body, include_proposed=include_proposed)
        if body is not None:
            deciders = [(body, org) for org in rules.authority.organisations(body, function)]
        else:
            deciders = [(b["body"], b["organisation"]) for b in rules.who(question)["bodies"]]
        for decider, organisation in deciders:
            answer = rules.ask(attrs.evolve(question, body=decider, organisation=organisation))
            if answer["outcome"] != "denied":
                answers[(decider, organisation, function)] = answer
    rows = []
    for (decider, org, function), answer in sorted(
        answers.items(), key=lambda i: (i[0][0], i[0][2].split("."), i[0][1])
    ):
        parent = _nearest(function, decider, org, answers)
        if parent is not None and _same(answers[parent], answer):
            continue  # the parent's row already says it
        left_out = [f for f in functions if f.startswith(function + ".") and (decider, org, f) not in answers]
        excluded = tuple(f for f in left_out if not any(f.startswith(g + ".") for g in left_out))
        rows.append(_row(pack, decider, function, answer, excluded))
    return Scheme(pack, date, include_proposed, body, tuple(rows))


def _nearest(function: str, body: str, organisation: str, answers: dict) -> tuple[str, str, str] | None:
    parts = function.split(".")
    for size in range(len(parts) - 1, 0, -1):
        key = (body, organisation, ".".join(parts[:size]))
        if key in answers:
            return key
    return None


def _same(a: dict, b: dict) -> bool:
    ca, cb = a["chains"][0], b["chains"][0]
    return (a["outcome"], ca["limit"], ca["links"], ca["outstanding"], ca["obligations"]) == (
        b["outcome"],
        cb["limit"],
        cb["links"],
        cb["outstanding"],
        cb["obligations"],
    )


def _row(pack: Pack, body: str, function: str, answer: dict, excluded: tuple[str, ...]) -> Row:
    chain = answer["chains"][0]
    before, after = tuple(chain["outstanding"]), tuple(chain["obligations"])
    here = pack.bodies[body]
    reserved, elsewhere = [], []
    for reservation in pack.reservations.values():
        mine = matches_any(reservation.body, here, pack.bodies)
        if mine and any(_related(f, function) for f in reservation.functions):
            reserved.append(reservation.id)
        elif not mine:
            elsewhere += [(f, reservation.id) for f in excluded if covers(reservation.functions, (), f)]
    return Row(
        body,
        function,
        answer["outcome"],
        chain["limit"],
        tuple(chain["links"]),
        before,
        after,
        excluded,
        tuple(reserved),
        tuple(sorted(elsewhere)),
        chain["organisation"],
    )


def _related(one: str, other: str) -> bool:
    """Is one function the other, or under it, or over it?"""
    return covers((one,), (), other) or covers((other,), (), one)
