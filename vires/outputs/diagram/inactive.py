"""Delegations that confer nothing on a diagram's date, each with the reason in a few words.

A delegation valid on the date confers something when some chain that ends with it passes every
link check of the answer step (SPEC 3.1 step 7) for some function it covers. One that does not —
proposed and not adopted, reserved to its delegator, not delegable to its delegate, prohibited —
is drawn apart, grey, with the reason as a short note ("not delegable to a partnership").
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from vires.engine.question import Question
from vires.outputs.diagram.words import body_name, short_cite
from vires.pack.model import Delegation
from vires.pack.selectors import a_kind

PROPOSED = "proposed"


def inactive_notes(rules, delegations: Iterable[Delegation], date: dt.date, include_proposed: bool) -> dict[str, str]:
    """For each of `delegations` that confers nothing on `date`, why, in a few words (by delegation id).

    With `include_proposed`, proposals count as adopted; without it, a proposal confers nothing and
    its note also says why it would not work if adopted, where that is so.
    """
    ending = defaultdict(list)
    for chain in rules.chains:
        if len(chain.links) > 1:
            ending[chain.links[-1]].append(chain)
    notes = {}
    for delegation in delegations:
        chains = ending[delegation.id]
        failure = _failure(rules, chains, date, include_proposed)
        if failure is _CONFERS:
            continue
        if delegation.status == "proposed" and not include_proposed:
            adopted = _failure(rules, chains, date, True)
            notes[delegation.id] = PROPOSED + ("" if adopted is _CONFERS else f", and {adopted}")
        else:
            notes[delegation.id] = failure
    return notes


_CONFERS = ""


def _failure(rules, chains: list, date: dt.date, include_proposed: bool) -> str:
    """`_CONFERS` when some chain passes for some function; else the reason to show, preferring a
    failure of the delegation's own link to one further up its chains."""
    found = []
    for chain in chains:
        mask = -1
        for link in chain.links:
            mask &= rules.compiled.masks[link]
        for function, bit in rules.compiled.bits.items():
            if not mask & (1 << bit):
                continue
            question = Question(decision=function, date=date, body=chain.end, include_proposed=include_proposed)
            failed = rules.authority.first_failure(chain, question)
            if failed is None:
                return _CONFERS
            found.append((failed[0] != len(chain.links) - 1, chain, *failed))
    if not found:
        return "its delegator holds none of it"
    upstream, chain, index, reason = min(found, key=lambda f: (f[0], len(f[1].links), f[1].links, f[2]))
    return _words(rules.pack, chain, index, reason) if not upstream else _upstream(rules.pack, chain, index, reason)


def _words(pack, chain, index: int, reason: dict) -> str:
    """Why a link passes nothing on, in a few words."""
    code, rule = reason["code"], pack.rule(reason["rule"]) if reason.get("rule") else None
    delegator, delegate = chain.bodies[index - 1], chain.bodies[index]
    if code == "not-delegable":
        restriction = pack.rule(reason["restricted_by"])
        if restriction.kind == "delegation" and restriction.delegable is False:
            return f"not delegable beyond {_the(body_name(pack, delegator))}"
        return f"not delegable to {a_kind(pack.bodies[delegate].kind.replace('-', ' '))}"
    if code == "reserved":
        return f"reserved to {_the(body_name(pack, delegator))}"
    if code == "prohibited" and rule is not None:
        return f"prohibited by {short_cite(pack, rule.source)}"
    if code == "proposed-not-in-force":
        return PROPOSED
    if code == "exclusively-delegated":
        return "delegated exclusively elsewhere"
    if code == "no-authority":
        return "residual: another delegation covers it"
    if code == "where-not-met":
        return "does not apply on this date"
    return code.replace("-", " ")


def _upstream(pack, chain, index: int, reason: dict) -> str:
    """Why a delegation passes nothing on when the failure is before it, in a few words."""
    if reason["code"] == "proposed-not-in-force":
        return "rests on a proposal"
    return f"{_the(body_name(pack, chain.bodies[-2]))} holds none of it on this date"


def _the(name: str) -> str:
    """A body's name with its article: "the Hackney Health and Wellbeing Board"."""
    return name if name.lower().startswith("the ") else "the " + name
