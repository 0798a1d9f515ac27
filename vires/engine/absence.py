"""Why no chain brings a function to a body, and where it lies instead: the reasons of an answer with no chain.

A bare "no power or delegation gives `x` authority" is not an answer a lawyer signs. Where the
rules say more, the reason says it: a rule that grants the function to the body but excepts it
(cited by the exception's own source), a placement of the function with another body of the
organisation (`exercised-elsewhere`), and in every case who does hold the function on that date,
for that organisation (or, where nothing of that organisation holds it, for any), with the
citations of those chains.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vires.engine.placing import exercisers_words
from vires.pack.model import NotConferred, limit_on, organisation

if TYPE_CHECKING:
    from vires.engine.answer import _Evaluation

MAX_HOLDERS = 5  # bodies named in one reason's `held_by`


def not_conferred_reason(rule: NotConferred, function: str) -> dict[str, Any]:
    """`not-conferred`: no law loaded confers the function, with the declaration's note."""
    note = f": {rule.source.note}" if rule.source.note else ""
    return {
        "code": "not-conferred",
        "rule": rule.id,
        "message": f"no law loaded confers `{function}` on any body (`{rule.id}`){note}",
    }


def absent(evaluation: _Evaluation, body: str, wanted: str | None) -> list[dict[str, Any]]:
    """The reasons no chain reaches `body` for the question's function (of organisation `wanted`, if given).

    Each rule granting or delegating the function to `body` but excepting it gives a cited
    `no-authority`; a placement of its organisation's function elsewhere gives `exercised-elsewhere`;
    otherwise a bare `no-authority`. The last reason names where the function lies
    (`held_by`) or, where no body holds it on the date, the powers that grant it (`granted_by`); either
    makes it cited.
    """
    function, placing = evaluation.function, evaluation.authority.placing
    reasons: list[dict[str, Any]] = []
    for rule in placing.excepting(body, function):
        verb = "grants" if rule.kind == "power" else "delegates"
        reasons.append(
            {
                "code": "no-authority",
                "rule": rule.id,
                "message": f"{rule.kind} `{rule.id}` {verb} {', '.join(f'`{f}`' for f in rule.functions)} "
                f"to `{body}` except {', '.join(f'`{f}`' for f in rule.except_)}, so not `{function}`",
                "restriction": "except",
            }
        )
    root = wanted or organisation(body, evaluation.pack.bodies)
    placed = placing.elsewhere(body, evaluation.bit, root)
    if placed is not None:
        reasons.append(
            {
                "code": "exercised-elsewhere",
                "rule": placed.rule.id,
                "message": f"`{function}` is `{root}`'s function, exercised only by {exercisers_words(placed.rule)} "
                f"(`{placed.rule.id}`), which `{body}` is not",
            }
        )
    elif not reasons:
        reasons.append(
            {
                "code": "no-authority",
                "rule": None,
                "message": f"no power or delegation gives `{body}` authority to decide `{function}`"
                + (f" on behalf of `{wanted}`" if wanted else ""),
            }
        )
    last = reasons[-1]
    held = held_by(evaluation, body, root, widen=wanted is None)
    if held:
        where = "; ".join(
            f"`{h['body']}`"
            + (f" for `{h['organisation']}`" if h["organisation"] != h["body"] else "")
            + f" (by {' > '.join(h['chain'])})"
            for h in held
        )
        last["message"] += f"; on {evaluation.date} `{function}` lies with {where}"
        last["held_by"] = held
    elif wanted is None:
        granted = granted_by(evaluation)
        if granted:
            shown = ", ".join(f"`{g}`" for g in granted)
            last["message"] += f"; no body holds `{function}` on {evaluation.date}, which {shown} grants"
            last["granted_by"] = granted
    return reasons


def granted_by(evaluation: _Evaluation) -> list[str]:
    """The powers that grant the question's function to anyone (at most 5, by id): where no body holds it on the
    date, the law that would place it is still cited."""
    masks, bit = evaluation.masks, evaluation.bit
    return [p for p in evaluation.pack.powers if masks[p] & bit][:MAX_HOLDERS]


def held_by(evaluation: _Evaluation, body: str, root: str, widen: bool) -> list[dict[str, Any]]:
    """Who holds the function on the question's date for `root` (for any organisation, when `widen` and none of
    `root`'s bodies does), as `who` lists them. The facts these evaluations read count as used: the holders
    named, and whether each may decide, depend on them."""
    found = [h for h in evaluation.holders(root) if h["body"] != body]
    if not found and widen:  # organisation by organisation, in `who`'s order, until enough are found
        for other in evaluation.authority.organisations_of(evaluation.function):
            found += [h for h in evaluation.holders(other) if h["body"] != body]
            if len(found) >= MAX_HOLDERS:
                break
    return found[:MAX_HOLDERS]


def citations(evaluation: _Evaluation, reason: dict) -> list[dict[str, Any]]:
    """The citations a reason rests on: its `rule` and `restricted_by` (the restriction that bites by its own
    source where it has one), then each link of the chains in its `held_by`, each rule once."""
    pack = evaluation.pack
    restriction = reason.get("restriction")
    owner = reason.get("restricted_by") or reason["rule"]
    found: list[dict[str, Any]] = []
    seen: set[str] = set()

    def add(rule_id: str | None) -> None:
        rule = pack.rule(rule_id) if rule_id else None
        if rule_id is None or rule is None or rule_id in seen:
            return
        seen.add(rule_id)
        own = getattr(rule, f"{restriction}_source", None) if restriction and rule_id == owner else None
        if restriction == "limit" and rule_id == owner and getattr(rule, "limits", ()):
            entry = limit_on(rule.limits, evaluation.date)  # a dated limit: the entry in force, by its own source
            own = entry.source if entry is not None else None
        cited = {"rule": rule_id, **evaluation.authority.source_json(own or rule.source)}
        if own is not None:
            cited["restriction"] = restriction
        found.append(cited)

    add(reason["rule"])
    add(reason.get("restricted_by"))
    for held in reason.get("held_by", ()):
        for rule_id in held["chain"]:
            add(rule_id)
    for rule_id in reason.get("granted_by", ()):
        add(rule_id)
    return found
