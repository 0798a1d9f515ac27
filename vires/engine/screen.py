"""What each derived chain asks of every question, worked out once per load, so that `ask` and `who` skip at once
the chains that certainly fail, and check only what the screen leaves open.

Part of SPEC 3.1 step 7 does not depend on the facts: a revoked or statically undelegable link fails on any date,
a proposed link fails unless proposals are included, every rule and body on the chain has its period (and a dated
limit starts with its first entry), and a plain limit caps the amount. `Screens` folds these into a few numbers a
chain: the first and last day it can pass, and the lowest of its plain limits. A chain the screen lets through is
still checked link by link; one it stops would have failed that check, so the screen changes no answer.

Chains are also grouped by organisation and by the functions they carry (few distinct sets in a pack), so the
chains of one organisation carrying one function are found without looking at the others, and grouped by the body
they reach, each group cut to the chains an answer examines.

What the screen cannot settle is left to the link checks, and only that: a link with no `where`, no prohibition on
the body it reaches, no reservation or exclusive delegation on the body it leaves and no residual clause passes
whenever its chain passes the screen, adds nothing outstanding and reads no fact, so `Screens.checked` lists, for each
chain, only the links that need checking; `conditioned` the rules on it that carry conditions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from itertools import chain as concatenated

from vires.engine.chains import Chain
from vires.engine.graph import AuthorityGraph
from vires.pack.model import Validity, organisation

NEVER = dt.date.max.toordinal() + 1  # a first day no question reaches: the chain never passes


class Screens:
    """Per chain (by its position in the derivation): the functions it carries, its organisation, the days it can
    pass with and without proposals, its lowest plain limit, and the links and conditions left to check; and, for a
    function and an organisation, the bodies its chains reach, each with the chains an answer examines."""

    def __init__(self, compiled: AuthorityGraph, chains: tuple[Chain, ...], plain: Callable[[Chain, int], bool]):
        """`plain(chain, index)`: True when the link at `index` passes whenever its chain passes the screen, adding
        nothing outstanding and reading no fact."""
        pack = compiled.pack
        self.chains = chains
        self.masks: list[int] = []  # the functions the chain carries
        self.roots: list[str] = []
        roots: dict[str, str] = {}  # holder -> its organisation
        self.first_in_force: list[int] = []  # the first day the chain can pass, proposals left out
        self.first_proposed: list[int] = []  # the same, proposals included
        self.last: list[int] = []
        self.limit: list[int | None] = []  # the lowest plain limit; the chain's limit when `dated` is False
        self.dated: list[bool] = []  # some rule on the chain has a dated limit: its limit depends on the date
        self.checked: list[tuple[int, ...]] = []  # the links the screen does not settle
        self.conditioned: list[tuple[tuple[int, str], ...]] = []  # (link, rule) of each rule carrying conditions
        self.steps: list[tuple[tuple[int, bool], ...]] = []  # both in the order they are checked: (link, is a rule's)
        for chain in chains:
            mask = compiled.chain_mask(chain.links)
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
            dated = False
            for rule in rules:
                periods.append(rule.valid)
                if rule.limits:
                    dated = True
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
            self.dated.append(dated)
            checked = tuple(index for index in range(len(chain.links)) if not plain(chain, index))
            conditioned = tuple((index, rule.id) for index, rule in enumerate(rules) if rule.conditions)
            self.checked.append(checked)
            self.conditioned.append(conditioned)
            self.steps.append(tuple(sorted([(i, False) for i in checked] + [(i, True) for i, _ in conditioned])))
        self._root_masks: dict[str, dict[int, list[int]]] = {}  # organisation -> functions carried -> positions
        for position, (mask, root) in enumerate(zip(self.masks, self.roots, strict=True)):
            self._root_masks.setdefault(root, {}).setdefault(mask, []).append(position)
        self._groups: dict[tuple[int, str], tuple[tuple[str, tuple[int, ...]], ...]] = {}

    def groups(self, bit: int, root: str, cap: int) -> tuple[tuple[str, tuple[int, ...]], ...]:
        """Each body the chains of organisation `root` carrying the function of `bit` reach, with the positions of
        the first `cap` of those chains (in the canonical order): the chains an answer about that body examines."""
        key = (bit, root)
        found = self._groups.get(key)
        if found is None:
            masks = self._root_masks.get(root, {})
            carrying = sorted(concatenated(*(group for mask, group in masks.items() if mask & bit)))
            reaching: dict[str, list[int]] = {}
            for position in carrying:
                positions = reaching.setdefault(self.chains[position].end, [])
                if len(positions) < cap:
                    positions.append(position)
            found = self._groups[key] = tuple((end, tuple(positions)) for end, positions in reaching.items())
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
