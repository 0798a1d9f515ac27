"""Who may take a decision, written for a page or a paper: every body that may, lowest level first.

Fed by `Rules.who`'s data and the pack. Each body may carry a link (`link(body_id, organisation)`), so that a
front end can lead from the list to that body's own answer for that organisation; the words are the same with
or without links. Where several organisations' functions are in play, the list is grouped by organisation.
"""

from __future__ import annotations

from collections.abc import Callable

from vires.outputs.paper import Heading, Item, Items, Line, Paper, Para, Run, line
from vires.outputs.paper_words import Words
from vires.outputs.wording import long_date
from vires.pack.model import Pack
from vires.values import format_amount

Link = Callable[[str, str | None], str | None]  # a body's id and its organisation -> where its answer is, or None


def who_paper(pack: Pack, result: dict, ids: bool = False, link: Link | None = None) -> Paper:
    """The bodies that may decide, numbered lowest level first, each with its level, limit and chain."""
    words = Words(pack, ids)
    question = result["question"]
    blocks: list = [Para(_lead(words, question, bool(result["bodies"])))]
    groups: dict[str | None, list[dict]] = {}
    for found in result["bodies"]:
        groups.setdefault(found.get("organisation"), []).append(found)
    for organisation, found_here in groups.items():
        if len(groups) > 1 and organisation is not None:
            blocks.append(Heading(1, "On behalf of " + words.named(pack, organisation)))
        blocks.append(Items("number", tuple(_body(words, found, link) for found in found_here)))
    return Paper(title="Who may decide " + words.named(pack, question["decision"]), blocks=tuple(blocks))


def _lead(words: Words, question: dict, some: bool) -> Line:
    """`On 1 June 2026, for £2,000,000, lowest level first (…)`, or that no body may."""
    when = f"On {long_date(question['date'])}"
    if question["amount"] is not None:
        when += f", for {format_amount(question['amount'])}"
    if question.get("for"):
        when += f", on behalf of {words.named(words.pack, question['for'])}"
    if question["include_proposed"]:
        when += ", with the proposed delegations treated as adopted"
    if not some:
        return line(when + ", no body may take this decision.")
    return line(when + ", lowest level first: subsidiarity ranks the lawful options; it never creates a power.")


def _body(words: Words, found: dict, link: Link | None) -> Item:
    """`Sub-Committee: place level, no limit, conditional` and, under it, the bodies its chain passes through."""
    pack = words.pack
    target = link(found["body"], found.get("organisation")) if link else None
    name = Run(words.named(pack, found["body"]), strong=True, link=target)
    limit = "no financial limit" if found["limit"] is None else f"up to {format_amount(found['limit'])} a decision"
    outcome = "" if found["outcome"] == "permitted" else ", once the steps its answer lists are done"
    return Item(line(name, f": {found['level']} level, {limit}{outcome}"), (_through(words, found),))


def _through(words: Words, found: dict) -> Line:
    """`By its own power`, or `By delegation: Council → Committee → Sub-Committee` (the holder of the power first)."""
    chain = found["chain"]
    bodies = [found["body"]]  # walked back from the decider: a delegation's links are told apart by their `to`
    acting: dict[int, str] = {}  # the position of a deputy acting as the officer before it, by designation
    for rule_id in reversed(chain[1:]):
        link = words.pack.link(rule_id, bodies[0])
        if link is None:
            break
        if link.kind == "designation":
            acting[len(chain) - len(bodies)] = link.from_
        bodies.insert(0, link.from_)
    if len(bodies) == 1 or len(bodies) < len(chain):
        return line("By its own power", words.rule(chain[0]) if chain else ())
    text: Line = line("By delegation: ")
    for number, body in enumerate(bodies):
        as_officer = line(" (acting as ", words.of(acting[number]), ", by designation)") if number in acting else ()
        text = line(text, " → " if number else "", words.of(body), as_officer, words.rule(chain[number]))
    return text
