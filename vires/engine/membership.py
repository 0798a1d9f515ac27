"""Who sits and who votes: the members of a body and, for a decision there, whether each may vote, and why.

A seat carries a vote unless the body's own terms say otherwise (`voting: false`). The vote rules of the
pack (`votes`) that apply — to the body (`applies_to`), on the date (`valid`), to the decision's function
(`functions`), to the member (`co_opted`, `members`) — then grant or withhold it: a rule another applying
rule `disapplies` drops out; a withholding rule left beats a granting one. The answer lists every rule
that bore on each member, in that order, so a board secretary can cite the chain of rules.
"""

from __future__ import annotations

import datetime as dt

from vires.engine.conditions import ReadFacts
from vires.engine.resolve import resolve_body, resolve_function
from vires.pack.condition_kinds import VOTING
from vires.pack.model import Member, Pack, Vote, covers, matches_any
from vires.values import TEXT


def with_voting(pack: Pack, body: str, facts: ReadFacts, date: dt.date, function: str) -> ReadFacts:
    """The facts a decision at `body` is judged on: for a body that lists its members, with those who may
    vote on `function` added under `VOTING`, for its quorum to count (what is read through the result is
    noted as read in `facts`); `facts` itself for a body that lists none."""
    seats = pack.bodies[body].seats
    if not seats:
        return facts
    voting = tuple((TEXT, seat.body) for seat in seats if _votes(pack, body, seat, date, function))
    seated = ReadFacts({**facts._plain, VOTING: voting})
    seated.read = facts.read
    return seated


def _votes(pack: Pack, body: str, seat: Member, date: dt.date, function: str | None) -> bool:
    """Does the seat carry a vote on `function`, with the vote rules that apply? (See the module's docstring.)"""
    rules = applying(pack, body, seat, date, function)
    disapplied = {target for rule in rules for target in rule.disapplies}
    return seat.voting and not any(not rule.vote for rule in rules if rule.id not in disapplied)


def roll(pack: Pack, body: str, date: dt.date, decision: str | None = None, member: str | None = None) -> dict:
    """The members of `body` (names or ids) on `date`, each with whether they may vote on `decision` and why;
    only `member` where given. Raises QuestionError for a body, function or member unknown."""
    body = resolve_body(pack, body)
    function = resolve_function(pack, decision) if decision is not None else None
    seats = pack.bodies[body].seats
    if member is not None:
        member = _member_of(pack, body, member)
        seats = tuple(seat for seat in seats if seat.body == member)
    members = [_seat(pack, body, seat, date, function) for seat in seats]
    question = {"body": body, "decision": function, "date": date.isoformat()}
    if member is not None:
        question["member"] = member
    return {
        "question": question,
        "members": members,
        "voting": sum(1 for m in members if m["votes"]),
        "quorum": pack.bodies[body].quorum,
    }


def _member_of(pack: Pack, body: str, text: str) -> str:
    """The member named (an id or a name); a QuestionError naming the body's members where it is none of them."""
    from vires.errors import Diagnostic, QuestionError, did_you_mean

    found = resolve_body(pack, text)
    listed = pack.bodies[body].members
    if found not in listed:
        raise QuestionError(
            [
                Diagnostic(
                    "not-a-member",
                    f"`{found}` is not a member of `{body}`",
                    hint=did_you_mean(found, listed) or ("its members are " + ", ".join(f"`{m}`" for m in listed))
                    if listed
                    else f"`{body}` lists no members: add `members` to it",
                )
            ]
        )
    return found


def applying(pack: Pack, body: str, seat: Member, date: dt.date, function: str | None) -> list[Vote]:
    """The vote rules that apply to `seat` at `body` on `date` for `function` (None: any decision), by id."""
    bodies = pack.bodies
    found = []
    for rule in pack.votes.values():
        if rule.valid.check(date) is not None or not matches_any(rule.applies_to, bodies[body], bodies):
            continue
        if rule.co_opted is not None and rule.co_opted != seat.co_opted:
            continue
        if rule.members and not (seat.body in bodies and matches_any(rule.members, bodies[seat.body], bodies)):
            continue
        if rule.functions is not None and (function is None or not covers(rule.functions, (), function)):
            continue
        found.append(rule)
    return found


def _seat(pack: Pack, body: str, seat: Member, date: dt.date, function: str | None) -> dict:
    """One member: `votes`, and `why`: the seat's own terms, then each vote rule that bore on it."""
    why: list[dict] = []
    if seat.source is not None or not seat.voting:
        why.append({"effect": "seat-votes" if seat.voting else "seat-without-vote", **_cited(pack, None, seat.source)})
    rules = applying(pack, body, seat, date, function)
    disapplied = {target: rule.id for rule in rules for target in rule.disapplies}
    live = [rule for rule in rules if rule.id not in disapplied]
    for rule in rules:
        if rule.id in disapplied:
            why.append({"effect": "disapplied", "by": disapplied[rule.id], **_cited(pack, rule.id, rule.source)})
    votes = _votes(pack, body, seat, date, function)
    for rule in live:
        effect = "withholds" if not rule.vote else ("grants" if votes else "overridden")
        why.append({"effect": effect, **_cited(pack, rule.id, rule.source)})
    return {"member": seat.body, "co_opted": seat.co_opted, "votes": votes, "why": why}


def _cited(pack: Pack, rule: str | None, source) -> dict:
    """`rule` and its `source` as an answer cites them (`{ref, title, section|clause, quote, confirmed}`)."""
    cited: dict = {"rule": rule} if rule is not None else {}
    if source is None:
        return cited
    document = pack.sources.get(source.ref)
    citation = {"ref": source.ref, "title": document.title if document else source.ref}
    for key in ("section", "clause", "quote"):
        if getattr(source, key):
            citation[key] = getattr(source, key)
    if not source.confirmed:
        citation["confirmed"] = False
    return {**cited, "source": citation}
