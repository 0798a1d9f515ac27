"""A diagram's heading: the rules drawn, the question asked in words with its answer, or the date drawn.

"May the Hackney HWB Neighbourhood Health Plan Sub-Committee deliver the Neighbourhood Health Plan on
1 June 2026? Permitted." A plain diagram says the date it shows.
"""

from __future__ import annotations

from vires.outputs.diagram.view import View
from vires.outputs.diagram.words import as_verb, body_name, function_name
from vires.outputs.wording import long_date, phrase
from vires.pack.model import Pack
from vires.values import format_amount

# Why-not reason codes (SPEC 3.1 step 7) in a few words, for a denied question's heading.
REASONS = {
    "no-authority": "no power or delegation reaches it",
    "exceeds-limit": "above the financial limit",
    "not-yet-valid": "a rule is not yet in force",
    "expired": "a rule has expired",
    "proposed-not-in-force": "a delegation is only proposed",
    "revoked": "a delegation was revoked",
    "not-delegable": "not delegable to it",
    "reserved": "reserved to the delegator",
    "prohibited": "prohibited",
    "exclusively-delegated": "delegated exclusively elsewhere",
    "body-not-valid": "a body on the chain does not exist then",
    "where-not-met": "the facts do not match",
}


def title(pack: Pack) -> str:
    """The titles of the packs drawn, leaving out those loaded only because another requires them."""
    required = {r.removeprefix("@") for info in pack.packs for r in info.requires if r.startswith("@")}
    titles = [info.title for info in pack.packs if info.id not in required] or [i.title for i in pack.packs]
    return "; ".join(titles) or "Delegations"


def question_line(pack: Pack, view: View, answer: dict | None) -> tuple[str, str]:
    """The question in words and its answer ("Permitted."), or, for a plain diagram, the date it shows
    (and no answer)."""
    proposals = ", if the proposed delegations are adopted" if view.proposals_adopted else ""
    if answer is None:
        when = f"on {long_date(view.date.isoformat())}" if view.date is not None else "whatever their dates"
        return f"Powers and delegations {when}{proposals}", ""
    q = answer["question"]
    body = body_name(pack, q["body"])
    article = "" if body.lower().startswith("the ") else "the "
    amount = f" for {format_amount(q['amount'], exact=False)}" if q["amount"] is not None else ""
    asked = f"May {article}{body} {as_verb(pack, q['decision'])}{amount} on {long_date(q['date'])}{proposals}?"
    return asked, answer["outcome"].capitalize() + "."


def detail_lines(pack: Pack, view: View, answer: dict | None, scope: str | None) -> list[str]:
    """What the view keeps, how the chain is drawn, and what is still needed or why not."""
    lines = [scope] if scope else []
    if view.function is not None:
        lines.append(f"Only what bears on: {function_name(pack, view.function)}.")
    if view.body is not None:
        lines.append(f"Around {body_name(pack, view.body)}: where its authority comes from and where it goes.")
    if answer is None:
        return lines
    if answer["chains"]:
        chain = answer["chains"][0]
        limit = "no financial limit" if chain["limit"] is None else f"limit {format_amount(chain['limit'])}"
        lines.append(f"In red: the chain that gives it authority ({limit}).")
        needed = [_outstanding(pack, entry) for entry in chain["outstanding"]]
        if needed:
            lines.append("Still needed: " + "; ".join(needed) + ".")
    else:
        reasons = sorted({REASONS.get(r["code"], r["code"]) for r in answer["reasons"]})
        lines.append("Why not: " + "; ".join(reasons) + ".")
    return lines


def _outstanding(pack: Pack, entry: dict) -> str:
    """An outstanding condition in words, without the id of its rule."""
    if entry["condition"] == "where":
        return "the facts " + ", ".join(entry["missing"])
    return phrase(pack, entry["condition"], entry["value"], named=body_name)
