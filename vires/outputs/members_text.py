"""Who sits on a body and who may vote on a decision there, in words, for `vires members`."""

from __future__ import annotations

from typing import Any

from vires.outputs.answer_text import function_name, long_date, name_of
from vires.pack.model import Pack


def members_text(pack: Pack, roll: dict[str, Any]) -> str:
    """The roll: each member by name, whether it may vote and the rules that say so, then the count and quorum."""
    question = roll["question"]
    body = name_of(pack, question["body"])
    on = f" on {function_name(pack, question['decision'])}" if question["decision"] else ""
    lines = [f"Members of {body}, and who may vote{on}, on {long_date(question['date'])}:"]
    if not roll["members"]:
        return f"{body} lists no members: add `members` to it to ask who may vote."
    for number, member in enumerate(roll["members"], 1):
        marks = ", co-opted" if member["co_opted"] else ""
        verdict = "votes" if member["votes"] else "does not vote"
        lines.append(f"  {number}. {name_of(pack, member['member'])}{marks}: {verdict}")
        for why in member["why"]:
            lines.append(f"     - {_why(pack, why)}")
    total = len(roll["members"]) if "member" not in question else None
    if total is not None:
        counted = f"{roll['voting']} of {total} members may vote"
        quorum = f"; the quorum is {roll['quorum']}" if roll["quorum"] else ""
        lines.append(counted + quorum + ".")
    return "\n".join(lines)


def _why(pack: Pack, why: dict[str, Any]) -> str:
    """One rule that bore on a member's vote, with its citation."""
    cited = _cited(why.get("source"))
    rule = f"`{why['rule']}`" + (f" ({cited})" if cited else "") if "rule" in why else ""
    effect = why["effect"]
    if effect == "seat-votes":
        return "its seat carries a vote" + (f" ({cited})" if cited else "")
    if effect == "seat-without-vote":
        return "its seat carries no vote" + (f" ({cited})" if cited else "")
    if effect == "withholds":
        return f"no vote under {rule}"
    if effect == "grants":
        return f"a vote under {rule}"
    if effect == "overridden":
        return f"a vote under {rule}, which does not prevail here"
    would = "withhold" if not pack.votes[why["rule"]].vote else "grant"
    return f"{rule} would {would} its vote, but `{why['by']}` disapplies it"


def _cited(source: dict[str, Any] | None) -> str:
    """`Local Government and Housing Act 1989, s.13(1), not confirmed`."""
    if source is None:
        return ""
    place = source.get("section") or (f"clause {source['clause']}" if source.get("clause") else None)
    cited = source["title"] + (f", {place}" if place else "")
    return cited + (", not confirmed" if source.get("confirmed") is False else "")
