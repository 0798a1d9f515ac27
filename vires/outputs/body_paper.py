"""One body's page: what it may decide (its scheme), the matters reserved to it, what it delegates, and to whom.

The scheme part is `scheme_paper`'s, so a body's page and the scheme of delegation say the same; the rest
reads the pack: reservations whose selector matches the body, and delegations from it.
"""

from __future__ import annotations

import datetime as dt

from vires.engine.membership import roll
from vires.outputs.members_text import members_paper
from vires.outputs.paper import Heading, Item, Items, Line, Paper, Para, line
from vires.outputs.paper_words import Words
from vires.outputs.scheme import build
from vires.outputs.scheme_paper import scheme_paper
from vires.outputs.wording import long_date
from vires.pack.model import matches_any
from vires.values import format_amount


def body_paper(rules, body_id: str, date: dt.date, include_proposed: bool = False, ids: bool = False) -> Paper:
    """The body's scheme of delegation on `date`, then its reserved matters, its delegations and its accountability."""
    pack = rules.pack
    words = Words(pack, ids)
    body = pack.bodies[body_id]
    scheme = scheme_paper(build(rules, body_id, date, include_proposed), None, ids)
    blocks: list = [Heading(1, "What it may decide"), *scheme.blocks]
    reserved = [r for r in pack.reservations.values() if matches_any(r.body, body, pack.bodies)]
    blocks.append(Heading(1, "Matters reserved to it"))
    if reserved:
        blocks.append(Items("bullet", tuple(_reserved(words, r) for r in reserved)))
    else:
        blocks.append(Para(line("The rules reserve no matter to it.")))
    passed = [d for d in pack.delegations.values() if d.from_ == body_id and d.status != "revoked"]
    blocks.append(Heading(1, "What it delegates"))
    if passed:
        blocks.append(Items("bullet", tuple(_delegation(words, d, date) for d in passed)))
    else:
        blocks.append(Para(line("It delegates nothing.")))
    if body.seats:  # who sits on it and who may vote (on any decision: `vires members --decision` for one)
        roll_paper = members_paper(pack, roll(pack, body_id, date), ids)
        blocks += [Heading(1, "Members and votes"), *roll_paper.blocks]
    blocks.append(Heading(1, "Accountability"))
    blocks.append(Para(_accountability(words, body_id)))
    return Paper(title=words.named(pack, body_id), blocks=tuple(blocks), landscape=True)


def _functions(words: Words, functions) -> str:
    return "; ".join(name for f in functions for name in words.functions(f))


def _reserved(words: Words, reservation) -> Item:
    text = _functions(words, reservation.functions)
    if reservation.except_via:
        text += " (except under " + ", ".join(reservation.except_via) + ")"
    return Item(line(text, words.rule(reservation.id)), (words.rule_citation(reservation.id),))


def _delegation(words: Words, delegation, date: dt.date) -> Item:
    """`To the Sub-Committee: Deliver the plan; up to £2,000,000; proposed` and its citation."""
    parts = [_functions(words, delegation.functions)]
    if delegation.except_:
        parts.append("except " + _functions(words, delegation.except_))
    if delegation.limit is not None:
        parts.append(f"up to {format_amount(delegation.limit)} a decision")
    if delegation.status == "proposed":
        parts.append("proposed, not in force")
    when = delegation.valid.check(date)
    if when is not None:
        parts.append(
            ("not yet in force" if when == "not-yet-valid" else "expired") + f" on {long_date(date.isoformat())}"
        )
    if delegation.kind == "designation":
        to = line(words.of(delegation.to), " acts as it when it is unavailable, by designation")
    else:
        to = line("To ", words.of(delegation.to))
    text = line(to, ": " + "; ".join(parts), words.rule(delegation.rule_id))
    return Item(text, (words.rule_citation(delegation.rule_id),))


def _accountability(words: Words, body_id: str) -> Line:
    pack = words.pack
    to = pack.bodies[body_id].accountable_to
    answering = sorted(b.id for b in pack.bodies.values() if body_id in b.accountable_to)
    sentences = []
    if to:
        sentences.append("It is accountable to " + "; ".join(words.named(pack, b) for b in to) + ".")
    if answering:
        sentences.append("Accountable to it: " + "; ".join(words.named(pack, b) for b in answering) + ".")
    return line(" ".join(sentences) or "The rules name no accountability line for it.")
