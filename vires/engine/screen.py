"""What each derived chain asks of every question, worked out once per load, so that `who` skips at once the chains
that certainly fail.

Part of SPEC 3.1 step 7 does not depend on the facts: a revoked or statically undelegable link fails on any date,
a proposed link fails unless proposals are included, every rule and body on the chain has its period (and a dated
limit starts with its first entry), and a plain limit caps the amount. `Screens` folds these into a few numbers a
chain: the first and last day it can pass, and the lowest of its plain limits. A chain the screen lets through is
still checked link by link; one it stops would have failed that check, so the screen changes no answer.

Chains are also grouped by the functions they carry (few distinct sets in a pack), so the chains carrying one
function are found without looking at the others.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from itertools import chain as concatenated

from vires.engine.chains import Chain
from vires.engine.graph import AuthorityGraph
from vires.pack.model import Validity, organisation

NEVER = dt.date.max.toordinal() + 1  # a first day no question reaches: the chain never passes


class Screens:
    """Per chain (by its position in the derivation): the functions it carries, its organisation, the days it can
    pass with and without proposals, and its lowest plain limit; and the chains carrying each function, in the
    canonical order."""

    def __init__(self, compiled: AuthorityGraph, chains: tuple[Chain, ...]):
        pack = compiled.pack
        self.chains = chains
        self.masks: list[int] = []  # the functions the chain carries
        self.roots: list[str] = []
        roots: dict[str, str] = {}  # holder -> its organisation
        self.first_in_force: list[int] = []  # the first day the chain can pass, proposals left out
        self.first_proposed: list[int] = []  # the same, proposals included
        self.last: list[int] = []
        self.limit: list[int | None] = []
        by_mask: dict[int, list[int]] = defaultdict(list)
        for position, chain in enumerate(chains):
            mask = compiled.chain_mask(chain.links)
            by_mask[mask].append(position)
            self.masks.append(mask)
            root = roots.get(chain.holder)
            if root is None:
                root = roots[chain.holder] = organisation(chain.holder, pack.bodies)
            self.roots.append(root)
            periods = [pack.bodies[body].valid for body in chain.bodies]
            power = pack.powers[chain.links[0]]
            rules = [power] + [pack.delegations[link] for link in chain.links[1:]]
            statuses = {getattr(rule, "status", "in-force") for rule in rules}
            limits = []
            for rule in rules:
                periods.append(rule.valid)
                if rule.limits:
                    starts = [entry.start for entry in rule.limits if entry.start is not None]
                    if len(starts) == len(rule.limits):  # before the first entry the rule gives nothing
                        periods.append(Validity(start=min(starts)))
                elif rule.limit is not None:
                    limits.append(rule.limit)
            first, last = _intersection(periods)
            if "revoked" in statuses or chain.undelegable:
                first = NEVER
            self.first_proposed.append(first)
            self.first_in_force.append(NEVER if "proposed" in statuses else first)
            self.last.append(last)
            self.limit.append(min(limits) if limits else None)
        self._by_mask = dict(by_mask)
        self._carrying: dict[int, tuple[int, ...]] = {}

    def carrying(self, bit: int) -> tuple[int, ...]:
        """The positions of the chains every link of which covers the function of `bit`, in the canonical order."""
        found = self._carrying.get(bit)
        if found is None:
            found = tuple(sorted(concatenated(*(group for mask, group in self._by_mask.items() if mask & bit))))
            self._carrying[bit] = found
        return found

    def may_pass(self, position: int, day: int, include_proposed: bool, amount: int | None) -> bool:
        """False when the chain certainly fails a question of that day (an ordinal), proposals and amount."""
        first = (self.first_proposed if include_proposed else self.first_in_force)[position]
        if not first <= day <= self.last[position]:
            return False
        limit = self.limit[position]
        return amount is None or limit is None or amount <= limit


def _intersection(periods: list[Validity]) -> tuple[int, int]:
    """The first and last day (ordinals) common to every period."""
    first, last = 0, NEVER
    for period in periods:
        if period.start is not None:
            first = max(first, period.start.toordinal())
        if period.until is not None:
            last = min(last, period.until.toordinal())
    return first, last
