"""Why a path failed, in words for a paper: written from a reason's code and rule and the pack, never its message.

An answer's reason (`{code, rule, message, restricted_by?, citations?}`) names ids in its `message`; a paper
names bodies. Each code is worded here from the rule it names; a code this module does not know is
given by its message, so a newer engine's reasons are never dropped.
"""

from __future__ import annotations

import datetime as dt

from vires.outputs.paper import Item, line
from vires.outputs.paper_words import Words, capital
from vires.outputs.wording import long_date, name, tests_words
from vires.pack.model import Delegation, Power, limit_on, matches_any
from vires.values import format_amount


def reason_item(words: Words, question: dict, reason: dict) -> Item:
    """One reason as a list item: what failed, in words, then the citations it rests on."""
    rule = words.pack.rule_named(reason)
    wording = _WORDING.get(reason["code"])
    text = wording(words, question, reason, rule) if wording and (rule or reason["code"] == "no-authority") else None
    if text and reason.get("held_by"):
        text += " " + _held_by(words, reason["held_by"])
    citations = reason.get("citations", ())
    cited = tuple(dict.fromkeys(words.source(c) for c in citations))
    quote = next((c["quote"] for c in citations if c.get("quote")), None)
    return Item(line(text or reason["message"], words.rule(reason["rule"])), cited, quote)


def _link(words: Words, rule) -> str:
    """A power or delegation as a reader knows it: by whom and to whom, or by the instrument that grants it."""
    if isinstance(rule, Delegation):
        status = "proposed delegation" if rule.status == "proposed" else "delegation"
        return f"the {status} from {words.named(words.pack, rule.from_)} to {words.named(words.pack, rule.to)}"
    if isinstance(rule, Power):
        holders = [b for s in rule.holder if s.body for b in s.body]
        if len(rule.holder) == 1 and len(holders) == 1:
            return f"the power of {words.named(words.pack, holders[0])}"
        document = words.pack.sources.get(rule.source.ref)
        return "the power under " + (document.title if document else rule.source.ref)
    return f"the rule {rule.id}"


def _date(value: dt.date | None) -> str:
    return long_date(value.isoformat()) if value else ""


def _held_by(words: Words, held: list[dict]) -> str:
    """Where the function lies instead: `It lies with X, for Y; and with Z, for W.`"""
    named = words.named
    parts = []
    for found in held:
        who = named(words.pack, found["body"])
        if found["organisation"] != found["body"]:
            who += f", for {named(words.pack, found['organisation'])}"
        if found["limit"] is not None:
            who += f", up to {format_amount(found['limit'])}"
        parts.append(who)
    return "It lies with " + "; and with ".join(parts) + "."


def _no_authority(words: Words, question: dict, reason: dict, rule) -> str:
    if rule is None:
        behalf = f" on behalf of {words.named(words.pack, question['for'])}" if question.get("for") else ""
        who = words.named(words.pack, question["body"])
        return f"No power or delegation gives {who} authority for this decision{behalf}."
    if reason.get("restriction") == "except":
        return f"{capital(_link(words, rule))} does not cover this decision: it is excepted from it."
    return (
        f"{capital(_link(words, rule))} applies only where no other delegation does, "
        "and another delegation covers this decision."
    )


def _exceeds(words: Words, question: dict, reason: dict, rule) -> str:
    entry = limit_on(rule.limits, dt.date.fromisoformat(question["date"])) if rule.limits else None
    amount = entry.amount if entry is not None else rule.limit
    limit = format_amount(amount) if amount is not None else "a lower limit"
    since = f" (from {_date(entry.start)})" if entry is not None and entry.start else ""
    asked = format_amount(question["amount"])
    return f"{capital(_link(words, rule))} has a limit of {limit}{since}; the decision is for {asked}."


def _not_yet(words: Words, question: dict, reason: dict, rule) -> str:
    date = dt.date.fromisoformat(question["date"])
    if rule.valid.check(date) is None and rule.limits and limit_on(rule.limits, date) is None:
        return f"{capital(_link(words, rule))} sets its limit only from {_date(rule.limits[0].start)}."
    return f"{capital(_link(words, rule))} applies only from {_date(rule.valid.start)}."


def _expired(words: Words, question: dict, reason: dict, rule) -> str:
    return f"{capital(_link(words, rule))} ended on {_date(rule.valid.until)}."


def _proposed(words: Words, question: dict, reason: dict, rule) -> str:
    return f"{capital(_link(words, rule))} is proposed, not in force."


def _revoked(words: Words, question: dict, reason: dict, rule) -> str:
    return f"{capital(_link(words, rule))} has been revoked."


def _not_delegable(words: Words, question: dict, reason: dict, rule) -> str:
    restricting = words.pack.rule(reason.get("restricted_by") or "")
    by = f": {_link(words, restricting)} does not let it go to that body" if restricting is not None else ""
    return f"{capital(_link(words, rule))} cannot pass this decision on{by}."


def _reserved(words: Words, question: dict, reason: dict, rule) -> str:
    bodies = [b for s in rule.body if s.body for b in s.body]
    to = " and ".join(words.named(words.pack, b) for b in bodies) if len(bodies) == len(rule.body) else "its holder"
    return f"This decision is reserved to {to}, which may not delegate it."


def _prohibited(words: Words, question: dict, reason: dict, rule) -> str:
    pack, decider = words.pack, question["body"]
    hits_decider = decider in pack.bodies and matches_any(rule.applies_to, pack.bodies[decider], pack.bodies)
    who = words.named(pack, decider) if hits_decider else "a body on the chain"
    return f"The rules prohibit {who} from taking this decision" + (f": {rule.reason}." if rule.reason else ".")


def _exclusive(words: Words, question: dict, reason: dict, rule) -> str:
    return (
        f"{words.named(words.pack, rule.from_)} has delegated this decision exclusively to "
        f"{words.named(words.pack, rule.to)}, so it may neither take it itself nor pass it on otherwise."
    )


def _body_not_valid(words: Words, question: dict, reason: dict, rule) -> str:
    body_id = rule.to if isinstance(rule, Delegation) else question["body"]
    valid = words.pack.bodies[body_id].valid
    period = [f"from {_date(valid.start)}" if valid.start else "", f"until {_date(valid.until)}" if valid.until else ""]
    return f"{words.named(words.pack, body_id)} exists only {' '.join(p for p in period if p)}."


def _where_not_met(words: Words, question: dict, reason: dict, rule) -> str:
    given = question["facts"]
    has = "; ".join(
        f"{fact} " + ", ".join(name(words.pack, str(v)) for v in given[fact])
        for fact in dict.fromkeys(t.fact for t in rule.where.tests)
        if fact in given
    )
    wanted = f"{capital(_link(words, rule))} applies only where {tests_words(rule.where.tests)}"
    return wanted + (f"; the question gives {has}." if has else ".")


def _not_conferred(words: Words, question: dict, reason: dict, rule) -> str:
    note = f" {capital(rule.source.note.rstrip('.'))}." if rule.source.note else ""
    return "No law confers this power on any body." + note


def _exercised_elsewhere(words: Words, question: dict, reason: dict, rule) -> str:
    from vires.engine.placing import exercisers_words

    whom = exercisers_words(rule)
    if "`" in whom:  # named bodies: by their names
        whom = " or ".join(words.named(words.pack, b) for s in rule.exercised_by for b in s.body or ())
    else:  # kinds and types of body, in words: "a health and wellbeing board"
        whom = whom.replace("-", " ")
    return (
        f"The law has this function exercised only by {whom}, "
        f"which {words.named(words.pack, question['body'])} is not and does not act through."
    )


_WORDING = {
    "not-conferred": _not_conferred,
    "exercised-elsewhere": _exercised_elsewhere,
    "no-authority": _no_authority,
    "exceeds-limit": _exceeds,
    "not-yet-valid": _not_yet,
    "expired": _expired,
    "proposed-not-in-force": _proposed,
    "revoked": _revoked,
    "not-delegable": _not_delegable,
    "reserved": _reserved,
    "prohibited": _prohibited,
    "exclusively-delegated": _exclusive,
    "body-not-valid": _body_not_valid,
    "where-not-met": _where_not_met,
}
