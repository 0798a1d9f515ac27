"""What a body that decides nothing in its own right does instead, from what the pack holds about it.

For a scheme's section on such a body: what kind of body it is and whose, whom it answers to and who
answers to it, where others' decisions consult it, need its approval or report to it, the delegations
to it that are not in force on the date, and what it is prohibited from deciding.
"""

from __future__ import annotations

import datetime as dt

from vires.outputs.paper import Line, line
from vires.outputs.paper_words import Words
from vires.outputs.wording import long_date
from vires.pack.model import Condition, matches_any

KIND_WORDS = {
    "statutory-body": "a statutory body",
    "committee": "a committee",
    "sub-committee": "a sub-committee",
    "joint-committee": "a joint committee",
    "committees-in-common": "committees in common",
    "partnership": "a partnership",
    "officer": "an officer",
    "member": "an elected member",
    "group": "a group",
}
ROLES = {  # a condition kind naming bodies -> what it says of such a body, given the decisions it bears on
    "consult": "It is consulted before {decisions}",
    "approval_of": "Its approval is sought for {decisions}",
    "inform": "It is informed in writing before {decisions}",
    "report_to": "It is reported to on {decisions}",
}


def roles(words: Words, body_id: str, date: dt.date, include_proposed: bool) -> list[Line]:
    """Sentences on what the body is and does, each a line; one sentence at least."""
    pack, body = words.pack, words.pack.bodies[body_id]
    named = lambda ids: _and([words.named(pack, b) for b in ids])  # noqa: E731
    out: list[Line] = [line(_what(words, body_id))]
    if body.accountable_to:
        out.append(line(f"It is accountable to {named(body.accountable_to)}."))
    answering = sorted(b.id for b in pack.bodies.values() if body_id in b.accountable_to)
    if answering:
        out.append(line(f"{named(answering)} {'is' if len(answering) == 1 else 'are'} accountable to it."))
    for role, rules in _named_in_conditions(pack, body_id).items():
        for rule, alternative in rules:
            text = ROLES[role].format(decisions=_functions(words, rule)) + (
                " (as one way of meeting a condition)" if alternative else ""
            )
            out.append(line(text + ": ", words.rule_citation(rule.id), "."))
    for delegation in pack.delegations.values():
        if delegation.to == body_id and delegation.status != "revoked":
            out.append(
                line(_unused(words, delegation, date, include_proposed), words.rule_citation(delegation.id), ".")
            )
    for prohibition in pack.prohibitions.values():
        if matches_any(prohibition.applies_to, body, pack.bodies):
            why = f" ({prohibition.reason})" if prohibition.reason else ""
            text = f"It may not decide {_functions(words, prohibition, bare=True)}{why}: "
            out.append(line(text, words.rule_citation(prohibition.id), "."))
    return out


def _unused(words: Words, delegation, date: dt.date, include_proposed: bool) -> str:
    """Why a delegation to a body that decides nothing gives it nothing: not in force, proposed, or failing."""
    functions = _functions(words, delegation, bare=True)
    by = words.named(words.pack, delegation.from_)
    proposed = delegation.status == "proposed"
    if delegation.valid.check(date):
        return f"A delegation from {by}, in force only {delegation.valid.words(_long_day)}, passes it {functions}: "
    if proposed and not include_proposed:
        return f"A proposed delegation, not in force, from {by} would pass it {functions}: "
    kind = "proposed delegation" if proposed else "delegation"
    return f"A {kind} from {by} names it for {functions}, but gives it no authority on {long_date(date.isoformat())}: "


def _what(words: Words, body_id: str) -> str:
    """`A partnership of A, B and C, not a statutory body.` / `An officer of the London Borough of Hackney.`"""
    pack, body = words.pack, words.pack.bodies[body_id]
    text = KIND_WORDS.get(body.kind, "a body")
    if body.part_of:
        text += f" of {words.named(pack, body.part_of)}"
    if body.members:
        text += f" whose members are {_and([words.named(pack, m) for m in body.members])}"
    if not body.statutory and body.kind != "statutory-body":
        text += ", not a statutory body"
    if body.valid.start or body.valid.until:
        text += f", existing only {body.valid.words(_long_day)}"
    return text[:1].upper() + text[1:] + "."


def _named_in_conditions(pack, body_id: str) -> dict[str, list]:
    """The rules whose conditions name the body, by role; each with whether only as an alternative (`any`)."""
    found: dict[str, list] = {}
    for rule in pack.rules():
        for role in ROLES:
            conditions = getattr(rule, "conditions", ())
            if any(_names(c, role, body_id) for c in conditions):
                found.setdefault(role, []).append((rule, False))
            elif any(_names(a, role, body_id) for c in conditions for a in c.alternatives()):
                found.setdefault(role, []).append((rule, True))
    return found


def _names(condition: Condition, role: str, body_id: str) -> bool:
    """Does the condition itself (not its alternatives) name the body for this role?"""
    value = condition.value(role) or ()
    return body_id in ([b for b, _every in value] if role == "report_to" else list(value))


def _functions(words: Words, rule, bare: bool = False) -> str:
    """The functions a rule covers, by name: `decisions on “Award contracts”`, or every decision."""
    functions = getattr(rule, "functions", None)
    if not functions:
        return "decisions under this rule" if not bare else "every decision"
    names = _and([f"“{n}”" for f in functions for n in words.functions(f)])
    return names if bare else f"decisions on {names}"


def _long_day(day) -> str:
    return long_date(day.isoformat())


def _and(items: list[str]) -> str:
    """`A`, `A and B`, `A, B and C`."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
