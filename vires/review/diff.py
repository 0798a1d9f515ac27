"""What a draft changes (SPEC 4.2): decision rights before and after, over every body × function.

A right is what `ask` says without an amount: the outcome, the limit, the chosen chain and the
conditions outstanding on it. The comparison asks only the pairs downstream of what the draft
changes (`_bearing`: the chains a changed rule is a link of or otherwise bears on, on either side),
since every other pair's chains and the rules they read are the same on both sides; a draft that
changes bodies, functions, placements or not-conferred declarations is compared on every pair some
derived chain reaches. The cost is one `ask` per side for each pair asked: it grows with the draft's
reach, not with the pack (tests/test_diff_property.py holds it to the full comparison).

`right_of` and `change_kinds` are the per-answer comparison `vires test --draft` shares.

Each rule the draft adds or rewrites that can never work as written is marked with the finding of
`vires check` that says why (`unworkable`): a diff of rights cannot show a delegation that gives
nothing, since it changes no right.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Mapping, Sequence

import attrs

from vires.api import Rules, derive
from vires.engine.answer import Verdict
from vires.engine.citing import cite_as_written
from vires.engine.question import Question
from vires.pack.model import Pack
from vires.pack.overlay import RuleChanges, overlay
from vires.review.lint import lint_rules

KINDS = (
    "gained",
    "lost",
    "outcome-changed",
    "limit-raised",
    "limit-lowered",
    "conditions-changed",
    "chain-changed",
)  # most significant first


@attrs.frozen
class Right:
    """One body's authority for one function: the chosen chain of an answer that is not denied.

    `conditions` are the kinds of the outstanding entries (SPEC 4.2); `outstanding` keeps what
    each asks for (the consultees, the days of notice, the facts missing), so that a changed
    consultee counts as a change of conditions even where the kinds stay the same.
    """

    outcome: str
    limit: int | None
    chain: tuple[str, ...]
    conditions: tuple[str, ...]
    outstanding: tuple[tuple[str, str], ...] = attrs.field(repr=False)

    def to_json(self) -> dict:
        return {
            "outcome": self.outcome,
            "limit": self.limit,
            "chain": list(self.chain),
            "conditions": list(self.conditions),
        }


def right_of(answer: dict) -> Right | None:
    """The right an `ask` answer gives, or None when it is denied."""
    if answer["outcome"] == "denied":
        return None
    chosen = answer["chains"][0]
    return _right(
        answer["outcome"], chosen["limit"], tuple(link["rule"] for link in chosen["links"]), chosen["outstanding"]
    )


def _right_of_verdict(verdict: Verdict, side: Rules) -> Right | None:
    """The right an evaluation on `side` gives (what `right_of` reads from its answer, the chain's links cited as
    written), or None when it is denied."""
    if verdict.outcome == "denied":
        return None
    chosen = verdict.valid[0]
    chain = chosen.chain.links
    if side.several_recipients:
        chain = tuple(cite_as_written(list(chain), side.pack))
    return _right(verdict.outcome, chosen.limit, chain, chosen.needs.outstanding)


def _right(outcome: str, limit: int | None, chain: tuple[str, ...], needs: list[dict]) -> Right:
    return Right(
        outcome=outcome,
        limit=limit,
        chain=chain,
        conditions=tuple(sorted({entry["condition"] for entry in needs})),
        outstanding=tuple(
            sorted({(entry["condition"], _canonical(entry.get("value", entry.get("missing")))) for entry in needs})
        ),
    )


def change_kinds(before: Right | None, after: Right | None) -> tuple[str, ...]:
    """Every kind of change from `before` to `after`, most significant first; () when none."""
    if before is None or after is None:
        if before is after:
            return ()
        return ("gained",) if before is None else ("lost",)
    kinds = []
    if before.outcome != after.outcome:
        kinds.append("outcome-changed")
    if before.limit != after.limit:
        raised = before.limit is not None and (after.limit is None or after.limit > before.limit)
        kinds.append("limit-raised" if raised else "limit-lowered")
    if before.outstanding != after.outstanding:
        kinds.append("conditions-changed")
    if before.chain != after.chain:
        kinds.append("chain-changed")
    return tuple(kinds)


@attrs.frozen
class Change:
    """A decision right the draft changes."""

    body: str
    function: str
    kinds: tuple[str, ...]
    before: Right | None
    after: Right | None

    @property
    def change(self) -> str:
        return self.kinds[0]

    def to_json(self) -> dict:
        return {
            "body": self.body,
            "function": self.function,
            "change": self.change,
            "kinds": list(self.kinds),
            "before": self.before.to_json() if self.before else None,
            "after": self.after.to_json() if self.after else None,
        }


# The findings of `vires check` that say a rule can never work as written (or, for a proposal, would not if adopted).
UNWORKABLE = (
    "body-never-valid",
    "delegates-reserved",
    "never-delegable",
    "selector-matches-nothing",
    "ungrounded-delegation",
    "unknown-function",
)


@attrs.frozen
class Unworkable:
    """A rule the draft adds or rewrites that can never work as written, with the finding that says why."""

    rule: str
    code: str
    severity: str  # error; warning for a selector matching nothing; info for a proposal
    message: str

    def to_json(self) -> dict:
        return {"rule": self.rule, "code": self.code, "severity": self.severity, "message": self.message}


def unworkable(after: Rules, rules: RuleChanges, date: dt.date) -> tuple[Unworkable, ...]:
    """The lint's findings of `UNWORKABLE` codes on the rules the draft adds or rewrites (for a delegation to several
    recipients, on each of its links), by rule then code.

    Each is found by a check of one rule at a time, so only those rules are checked, over the chains already
    derived (`vires.review.lint.lint_rules`, which tests/test_lint_property.py holds to the whole lint)."""
    changed = set(rules.added) | {new for _, new in rules.superseded}
    written = {rule.id: (rule_id, rule) for rule_id in sorted(changed) for rule in _rules_written(after.pack, rule_id)}
    checked = [rule for _, rule in written.values()]
    found = {
        Unworkable(written[link][0], d.code, d.severity, d.message)
        for link, findings in lint_rules(after.pack, date, checked, after.compiled, after.chains).items()
        for d in findings
        if d.code in UNWORKABLE
    }
    return tuple(sorted(found, key=lambda u: (u.rule, u.code, u.message)))


@attrs.frozen
class Diff:
    """Everything a draft changes on one date: decision rights, sorted by body and function, and rules; with
    the rules it adds or rewrites that can never work."""

    date: dt.date
    include_proposed: bool
    changes: tuple[Change, ...]
    rules: RuleChanges
    asked: int = attrs.field(default=0, eq=False)  # (body, function) pairs asked on either side: the cost figure
    unworkable: tuple[Unworkable, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.changes or self.rules)

    def to_json(self) -> dict:
        return {
            "date": self.date.isoformat(),
            "changes": [c.to_json() for c in self.changes],
            "rules": {**self.rules.to_json(), "unworkable": [u.to_json() for u in self.unworkable]},
        }


def diff(
    before: Rules,
    after: Rules,
    rules: RuleChanges,
    date: dt.date,
    facts: Mapping[str, tuple] | None = None,
    include_proposed: bool = False,
) -> Diff:
    """Compare decision rights on `date` in `before` (the base) and `after` (the base with the draft).

    Every body × function of either side whose right the draft can change is compared, asked without an
    amount, with `facts`; a body or function absent from one side holds no authority there. A child function is
    reported only where its change differs from its parent's.
    """
    pairs = _downstream(before, after, rules)
    if pairs is None:
        pairs = _reach(before) | _reach(after)
    changes = rights_changed(before, after, pairs, date, facts, include_proposed)
    return Diff(date, include_proposed, changes, rules, asked=len(pairs), unworkable=unworkable(after, rules, date))


def rights_changed(
    before: Rules,
    after: Rules,
    pairs: set[tuple[str, str]],
    date: dt.date,
    facts: Mapping[str, tuple] | None = None,
    include_proposed: bool = False,
) -> tuple[Change, ...]:
    """The changes of right among `pairs` (body, function), each asked on both sides where a chain reaches it;
    a child function's change only where it differs from its parent's."""
    facts = dict(facts or {})

    def right(side: Rules, body: str, function: str) -> Right | None:
        if not _reaches(side, body, function):
            return None
        question = Question(body=body, decision=function, date=date, facts=facts, include_proposed=include_proposed)
        return _right_of_verdict(side.authority.verdict(question), side)

    found: dict[tuple[str, str], Change] = {}
    for body, function in sorted(pairs):
        old = right(before, body, function)
        new = right(after, body, function)
        kinds = change_kinds(old, new)
        if kinds:
            found[body, function] = Change(body, function, kinds, old, new)
    return tuple(
        change
        for key, change in sorted(found.items())
        if not _as_parent(change, found.get((change.body, _parent(change.function))))
    )


def _downstream(before: Rules, after: Rules, rules: RuleChanges) -> set[tuple[str, str]] | None:
    """The (body, function) pairs whose right the rules the draft adds, removes or rewrites can bear on, on either
    side; None when the draft changes more than rules (bodies, functions, placements, declarations that no law
    confers a function), which bear on everything."""
    if (before.pack.bodies, before.pack.functions) != (after.pack.bodies, after.pack.functions):
        return None
    changed = set(rules.added) | set(rules.removed) | {rule for pair in rules.superseded for rule in pair}
    for side in (before, after):
        if any(
            side.pack.rule(r) is not None and side.pack.rule(r).kind in ("placement", "not-conferred") for r in changed
        ):
            return None
    return _bearing(before, changed) | _bearing(after, changed)


def _bearing(side: Rules, changed: set[str]) -> set[tuple[str, str]]:
    """On one side: the (body, function) pairs some chain reaches on which a rule of `changed` bears.

    A power or delegation bears on the chains it is a link of; an exclusive delegation also on its delegator's,
    and any delegation on the chains of the residual delegations it competes with; a reservation on its bodies'
    chains (as delegators), a prohibition on its bodies' (and on the delegators of exclusive delegations to
    them, which it can make ineffective), a requirement on its bodies' (as deciders). An exclusive delegation a
    changed chain ends with may become reachable or not, so it bears on its delegator's chains too. Each bears
    only on the functions it covers (SPEC 3.1 steps 2-7).
    """
    compiled, pack, authority = side.compiled, side.pack, side.authority
    masks, select = compiled.masks, compiled.index.select_any
    on_links: dict[str, int] = defaultdict(int)  # rule -> functions, on the chains it is a link of
    on_bodies: dict[str, int] = defaultdict(int)  # body -> functions, on the chains through it
    written = [rule for rule_id in sorted(changed) for rule in _rules_written(pack, rule_id)]
    for rule in written:  # none for a rule not on this side
        rule_id = rule.id
        mask = masks[rule_id]
        if rule.kind == "power":
            on_links[rule_id] |= mask
        elif rule.kind == "delegation":
            on_links[rule_id] |= mask
            if rule.exclusive:
                on_bodies[rule.from_] |= mask
        elif rule.kind == "reservation":
            for body in select(rule.body):
                on_bodies[body] |= mask
        elif rule.kind == "prohibition":
            for body in select(rule.applies_to):
                on_bodies[body] |= mask
                for delegation in authority._to.get(body, ()):
                    if delegation.exclusive:
                        on_bodies[delegation.from_] |= mask & masks[delegation.id]
        elif rule.kind == "requirement":
            for body in select(rule.applies_to):
                on_bodies[body] |= mask
    links = {rule.id for rule in written}
    for residual, competitors in authority._competitors.items():
        for other in competitors:
            if other.id in links:
                on_links[residual] |= masks[other.id] & masks[residual]
    exclusive = {d.id: d for d in pack.delegations.values() if d.exclusive}
    for chain in side.chains:
        last = exclusive.get(chain.links[-1])
        if last is not None and not links.isdisjoint(chain.links):
            on_bodies[last.from_] |= masks[last.id]
    bits = {bit: function for function, bit in compiled.bits.items()}
    pairs = set()
    for chain in side.chains:
        touched = 0
        for link in chain.links:
            touched |= on_links.get(link, 0)
        for body in chain.bodies:
            touched |= on_bodies.get(body, 0)
        if not touched:
            continue
        touched &= compiled.chain_mask(chain.links)
        while touched:
            low = touched & -touched
            pairs.add((chain.end, bits[low.bit_length() - 1]))
            touched ^= low
    return pairs


def _rules_written(pack: Pack, rule_id: str) -> list:
    """The rule written with id `rule_id` as loaded: itself, or each link of a delegation to several recipients."""
    links = pack.links_of(rule_id)
    if links:
        return list(links)
    rule = pack.rule(rule_id)
    return [] if rule is None else [rule]


def _reaches(side: Rules, body: str, function: str) -> bool:
    """Does some derived chain of `side` carrying `function` reach `body`? (One of `_reach`'s pairs.)"""
    return (
        body in side.pack.bodies
        and function in side.compiled.bits
        and bool(side.authority.reach(body) & side.compiled.bit(function))
    )


def _reach(rules: Rules) -> set[tuple[str, str]]:
    """The (body, function) pairs some derived chain reaches: the only ones that can hold authority."""
    compiled = rules.compiled
    reached: dict[str, int] = {}
    for chain in rules.chains:
        reached[chain.end] = reached.get(chain.end, 0) | compiled.chain_mask(chain.links)
    return {
        (body, function)
        for body, mask in reached.items()
        if body in rules.pack.bodies
        for function, bit in compiled.bits.items()
        if mask >> bit & 1
    }


def _parent(function: str) -> str:
    return function.rpartition(".")[0]


def _as_parent(change: Change, parent: Change | None) -> bool:
    """Does `change` say nothing its parent function's change does not already say?"""
    return parent is not None and (change.kinds, change.before, change.after) == (
        parent.kinds,
        parent.before,
        parent.after,
    )


def _canonical(value) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def open_draft(
    paths: Sequence[str], drafts: Sequence[str], engine: str | None = None
) -> tuple[Rules, Rules, RuleChanges]:
    """Load the rules at `paths` and the draft files at `drafts`; derive the rules before and after the draft.

    For `vires diff` and `vires test --draft`: the draft may name the base's bodies and sources and
    reuse its rule ids (`vires.pack.load.load_draft`, `vires.pack.overlay.overlay`).
    """
    from vires.pack.load import load_draft

    base, draft = load_draft(paths, drafts)
    after, rules = overlay(base, draft)
    return derive(base, engine), derive(after, engine), rules


def compare(
    base: Pack,
    draft: Pack,
    date: dt.date,
    facts: Mapping[str, tuple] | None = None,
    include_proposed: bool = False,
    engine: str | None = None,
) -> Diff:
    """Lay `draft` over `base`, derive both with `engine` and compare them (see `diff`)."""
    after, rules = overlay(base, draft)
    return diff(derive(base, engine), derive(after, engine), rules, date, facts, include_proposed)
