"""Who may take a decision, written for a page or a paper: every body that may, lowest level first.

Fed by `Rules.who`'s data and the pack. Each body may carry a link (`link(body_id)`), so that a front end
can lead from the list to that body's own answer; the words are the same with or without links.
"""

from __future__ import annotations

from collections.abc import Callable

from vires.outputs.answer_text import long_date
from vires.outputs.paper import Item, Items, Line, Paper, Para, Run, line
from vires.outputs.paper_words import Words
from vires.pack.model import Pack
from vires.values import format_amount

Link = Callable[[str], str | None]  # a body's id -> where its answer is, or None


def who_paper(pack: Pack, result: dict, ids: bool = False, link: Link | None = None) -> Paper:
    """The bodies that may decide, numbered lowest level first, each with its level, limit and chain."""
    words = Words(pack, ids)
    question = result["question"]
    blocks: list = [Para(_lead(question, bool(result["bodies"])))]
    items = tuple(_body(words, found, link) for found in result["bodies"])
    if items:
        blocks.append(Items("number", items))
    return Paper(title="Who may decide " + words.named(pack, question["decision"]), blocks=tuple(blocks))


def _lead(question: dict, some: bool) -> Line:
    """`On 1 June 2026, for £2,000,000, lowest level first (…)`, or that no body may."""
    when = f"On {long_date(question['date'])}"
    if question["amount"] is not None:
        when += f", for {format_amount(question['amount'])}"
    if question["include_proposed"]:
        when += ", with the proposed delegations treated as adopted"
    if not some:
        return line(when + ", no body may take this decision.")
    return line(when + ", lowest level first: subsidiarity ranks the lawful options; it never creates a power.")


def _body(words: Words, found: dict, link: Link | None) -> Item:
    """`Sub-Committee: place level, no limit, conditional` and, under it, the bodies its chain passes through."""
    pack = words.pack
    name = Run(words.named(pack, found["body"]), strong=True, link=link(found["body"]) if link else None)
    limit = "no financial limit" if found["limit"] is None else f"up to {format_amount(found['limit'])} a decision"
    outcome = "" if found["outcome"] == "permitted" else ", once the steps its answer lists are done"
    return Item(line(name, f": {found['level']} level, {limit}{outcome}"), (_through(words, found),))


def _through(words: Words, found: dict) -> Line:
    """`By its own power`, or `By delegation: Council → Committee → Sub-Committee` (the holder of the power first)."""
    chain = found["chain"]
    linked = [words.pack.delegations.get(rule_id) for rule_id in chain[1:]]
    delegations = [d for d in linked if d is not None]
    if not delegations or len(delegations) < len(linked):
        return line("By its own power", words.rule(chain[0]) if chain else ())
    bodies = [delegations[0].from_] + [d.to for d in delegations]
    text: Line = line("By delegation: ")
    for number, body in enumerate(bodies):
        text = line(text, " → " if number else "", words.of(body), words.rule(chain[number]))
    return text
