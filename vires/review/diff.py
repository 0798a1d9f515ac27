"""What a draft changes (SPEC 4.2): decision rights before and after, over every body × function.

A right is what `ask` says without an amount: the outcome, the limit, the chosen chain and the
conditions outstanding on it. The comparison asks only the pairs some derived chain reaches on
either side (a body no chain reaches for a function holds no authority for it, so is denied on
both sides without asking). The cost is one `ask` per side for each reached pair, each examining
that pair's candidate chains: it grows with (pairs reached) × (chains per pair), that is with the
delegations, not with bodies × functions.

`right_of` and `change_kinds` are the per-answer comparison `vires test --draft` shares.

Each rule the draft adds or rewrites that can never work as written is marked with the finding of
`vires check` that says why (`unworkable`): a diff of rights cannot show a delegation that gives
nothing, since it changes no right.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence

import attrs

from vires.api import Rules, derive
from vires.engine.question import Question
from vires.pack.model import Pack
from vires.pack.overlay import RuleChanges, overlay
from vires.review.lint import lint

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
    needs = chosen["outstanding"]
    return Right(
        outcome=answer["outcome"],
        limit=chosen["limit"],
        chain=tuple(link["rule"] for link in chosen["links"]),
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


def unworkable(after: Pack, rules: RuleChanges, date: dt.date) -> tuple[Unworkable, ...]:
    """The lint's findings of `UNWORKABLE` codes on the rules the draft adds or rewrites, by rule then code."""
    changed = set(rules.added) | {new for _, new in rules.superseded}
    at = {rule.location: rule.id for rule in after.rules() if rule.id in changed}
    found = {
        Unworkable(at[d.location], d.code, d.severity, d.message)
        for d in lint(after, date)
        if d.code in UNWORKABLE and d.location in at
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

    Every body × function of either side is compared, asked without an amount, with `facts`; a
    body or function absent from one side holds no authority there. A child function is
    reported only where its change differs from its parent's.
    """
    facts = dict(facts or {})
    reach_before, reach_after = _reach(before), _reach(after)
    pairs = sorted(reach_before | reach_after)

    def right(side: Rules, reach: set, body: str, function: str) -> Right | None:
        if (body, function) not in reach:
            return None
        question = Question(body=body, decision=function, date=date, facts=facts, include_proposed=include_proposed)
        return right_of(side.ask(question))

    found: dict[tuple[str, str], Change] = {}
    for body, function in pairs:
        old = right(before, reach_before, body, function)
        new = right(after, reach_after, body, function)
        kinds = change_kinds(old, new)
        if kinds:
            found[body, function] = Change(body, function, kinds, old, new)
    changes = tuple(
        change
        for key, change in sorted(found.items())
        if not _as_parent(change, found.get((change.body, _parent(change.function))))
    )
    return Diff(
        date, include_proposed, changes, rules, asked=len(pairs), unworkable=unworkable(after.pack, rules, date)
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
