"""Seeded random questions on a generated pack, and the 1% draft the diff figure compares.

Questions are drawn so that the outcomes mix: most ask a body about a function some rule gives it
(or its delegator), some about any function; facts are given, partly given or wrong, so chains are
permitted, conditional (conditions or `where` facts outstanding) or denied for every reason.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from decimal import Decimal

import attrs

from vires.engine.question import Question
from vires.pack.model import Condition, Pack, ancestors, matches_any
from vires.values import BOOLEAN, DATE, NUMBER, TEXT

FIRST, LAST = dt.date(2024, 1, 1), dt.date(2028, 12, 31)


class Sampler:
    """Draws questions from one pack with one random stream."""

    def __init__(self, pack: Pack, seed: int):
        self.pack = pack
        self.rng = random.Random(f"questions-{seed}")
        self.leaves = [f for f, function in pack.functions.items() if function.declared]
        self.offered: dict[str, set[str]] = defaultdict(set)  # body -> functions some rule gives it
        for power in pack.powers.values():
            for body in pack.bodies.values():
                if matches_any(power.holder, body, pack.bodies):
                    self.offered[body.id].update(power.functions)
        consultees: dict[str, set[str]] = defaultdict(set)  # organisation -> bodies conditions name
        wheres: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))  # organisation -> fact -> values
        for rule in list(pack.delegations.values()) + list(pack.requirements.values()):
            is_delegation = rule.kind == "delegation"
            org = self.org(rule.to) if is_delegation else rule.id.split("-")[0]
            if is_delegation:
                self.offered[rule.to].update(rule.functions)
            for condition in rule.conditions:
                for part in (condition,) + condition.any:
                    consultees[org].update((part.value("consult") or ()) + (part.value("approval_of") or ()))
            for test in rule.where.tests:
                if test.op == "eq":
                    wheres[org][test.fact].update(test.values)
        self.consultees = {org: sorted(found) for org, found in consultees.items()}
        self.wheres = {org: {fact: sorted(values) for fact, values in facts.items()} for org, facts in wheres.items()}
        self.bodies = sorted(pack.bodies)
        self.holders = sorted(self.offered)
        self.under = defaultdict(list)  # function -> declared leaves under it
        for leaf in self.leaves:
            parts = leaf.split(".")
            for end in range(1, len(parts) + 1):
                self.under[".".join(parts[:end])].append(leaf)

    def org(self, body: str) -> str:
        """The organisation a body belongs to: the root of its `part_of` line."""
        return ancestors(body, self.pack.bodies)[-1].split("-")[0]

    def question(self, who: bool = False) -> Question:
        rng = self.rng
        body = rng.choice(self.holders) if rng.random() < 0.92 else rng.choice(self.bodies)
        offered = sorted(self.offered.get(body, ()))
        if offered and rng.random() < 0.85:
            decision = rng.choice(self.under[rng.choice(offered)] or self.leaves)
        else:
            decision = rng.choice(self.leaves)
        date = FIRST + dt.timedelta(days=rng.randrange((LAST - FIRST).days + 1))
        roll = rng.random()
        amount = (
            None if roll < 0.1 else _round(10 ** rng.uniform(3, 5.7) if roll < 0.7 else 10 ** rng.uniform(5.7, 7.7))
        )
        return Question(
            decision=decision,
            date=date,
            body=None if who else body,
            amount=amount,
            facts=self.facts(self.org(body), date),
            include_proposed=rng.random() < 0.15,
        )

    def facts(self, org: str, date: dt.date) -> dict[str, tuple]:
        rng, facts = self.rng, {}
        pool = self.consultees.get(org, [])
        for fact in ("consulted", "approved_by"):
            roll = rng.random()
            chosen = pool if roll < 0.55 else rng.sample(pool, len(pool) // 2) if roll < 0.75 else []
            if chosen:
                facts[fact] = tuple((TEXT, b) for b in chosen)
        if rng.random() < 0.7:
            facts["present"] = ((NUMBER, Decimal(rng.randint(2, 8))),)
        if rng.random() < 0.55:
            facts["in_public"] = ((BOOLEAN, True),)
        if rng.random() < 0.5:
            facts["notice_given"] = ((DATE, date - dt.timedelta(days=rng.randint(2, 40))),)
        for fact, values in self.wheres.get(org, {}).items():
            roll = rng.random()
            if roll < 0.55:
                facts[fact] = (rng.choice(values),)
            elif roll < 0.7:
                facts[fact] = ((TEXT, "elsewhere"),)
        if rng.random() < 0.3:
            facts["joint"] = ((TEXT, "yes"),)
        return facts

    def draft(self, share: float = 0.01) -> Pack:
        """A draft that amends `share` of the delegations: limits raised or lowered, revocations, new conditions."""
        rng = random.Random(f"draft-{self.rng.random()}")
        chosen = rng.sample(sorted(self.pack.delegations), max(1, round(len(self.pack.delegations) * share)))
        changed = {}
        for rule_id in sorted(chosen):
            d = self.pack.delegations[rule_id]
            roll = rng.random()
            if roll < 0.5:
                limit = d.limit or 1_000_000
                changed[rule_id] = attrs.evolve(d, limit=limit * 2 if rng.random() < 0.5 else limit // 2)
            elif roll < 0.7:
                changed[rule_id] = attrs.evolve(d, status="revoked")
            elif roll < 0.85:
                changed[rule_id] = attrs.evolve(d, status="in-force")
            else:
                changed[rule_id] = attrs.evolve(d, conditions=d.conditions + (Condition.of(notice_days=10),))
        return Pack(delegations=changed)


def _round(value: float) -> int:
    """A round amount: two significant figures."""
    scale = 10 ** max(0, int(math.log10(value)) - 1)
    return int(value // scale * scale)
