"""Who sits on a body and who may vote on a decision there, in words: text for `vires members`, and the same
words as a paper (Markdown, HTML, Word) for a meeting's papers."""

from __future__ import annotations

from typing import Any

from vires.outputs.answer_text import function_name, name_of
from vires.outputs.paper import Item, Items, Paper, Para, line
from vires.outputs.paper_words import Words
from vires.outputs.wording import cite_json, long_date
from vires.pack.model import Pack


def members_text(pack: Pack, roll: dict[str, Any]) -> str:
    """The roll: each member by name, whether it may vote and the rules that say so, then the count and quorum."""
    if not roll["members"]:
        return _none(pack, roll)
    lines = [_lead(pack, roll, name_of, lambda f: function_name(pack, f)) + ":"]
    for number, member in enumerate(roll["members"], 1):
        lines.append(f"  {number}. {name_of(pack, member['member'])}{_verdict(member)}")
        lines += [f"     - {why_words(pack, why)}" for why in member["why"]]
    if "member" not in roll["question"]:
        lines.append(_count(roll))
    return "\n".join(lines)


def members_paper(pack: Pack, roll: dict[str, Any], ids: bool = False) -> Paper:
    """The roll as a paper: a numbered list of the members, each with whether it votes and the rules why."""
    words = Words(pack, ids)
    title = "Members of " + words.named(pack, roll["question"]["body"])
    if not roll["members"]:
        return Paper(title=title, blocks=(Para(line(_none(pack, roll))),))
    lead = _lead(pack, roll, lambda p, b: words.named(p, b), lambda f: words.named(pack, f)) + "."
    items = tuple(
        Item(line(words.of(m["member"]), _verdict(m)), tuple(line(why_words(pack, w, code=False)) for w in m["why"]))
        for m in roll["members"]
    )
    blocks: list = [Para(line(lead)), Items("number", items)]
    if "member" not in roll["question"]:
        blocks.append(Para(line(_count(roll))))
    return Paper(title=title, blocks=tuple(blocks))


def _lead(pack: Pack, roll: dict[str, Any], body_name, function_words) -> str:
    question = roll["question"]
    on = f" on {function_words(question['decision'])}" if question["decision"] else ""
    return f"Members of {body_name(pack, question['body'])}, and who may vote{on}, on {long_date(question['date'])}"


def _none(pack: Pack, roll: dict[str, Any]) -> str:
    return f"{name_of(pack, roll['question']['body'])} lists no members: add `members` to it to ask who may vote."


def _verdict(member: dict[str, Any]) -> str:
    return (", co-opted" if member["co_opted"] else "") + (": votes" if member["votes"] else ": does not vote")


def _count(roll: dict[str, Any]) -> str:
    quorum = f"; the quorum is {roll['quorum']}" if roll["quorum"] else ""
    return f"{roll['voting']} of {len(roll['members'])} members may vote{quorum}."


def why_words(pack: Pack, why: dict[str, Any], code: bool = True) -> str:
    """One rule that bore on a member's vote, then its citation; rule ids in backticks (`code`) for the terminal."""
    mark = (lambda rule_id: f"`{rule_id}`") if code else (lambda rule_id: rule_id)
    effect = why["effect"]
    if effect == "seat-votes":  # the seat's citation says where it is made, not that it carries a vote
        return "its seat" + (f" is made by {cite_json(why['source'])}" if why.get("source") else " carries a vote")
    if effect == "seat-without-vote":
        said = "its seat carries no vote"
    elif effect == "disapplied":
        would = "withhold" if not pack.votes[why["rule"]].vote else "grant"
        said = f"{mark(why['rule'])} would {would} its vote, but {mark(why['by'])} disapplies it"
    else:
        said = {"withholds": "no vote", "grants": "a vote", "overridden": "a vote"}[effect]
        said += f" under {mark(why['rule'])}" + (", which does not prevail here" if effect == "overridden" else "")
    if why.get("source") is None:
        return said
    return f"{said} — {mark(why['rule']) + ': ' if effect == 'disapplied' else ''}{cite_json(why['source'])}"
