"""Where a power lies: the law that places a function, says no body has it, or excepts it from a rule.

Three things an answer needs to say where a function is not held here, all static per load and
shared by both engines (they change no chain; the answer step reads them):

- a **not-conferred** declaration: no law loaded confers the function on anyone (reason
  `not-conferred`, before any chain is looked at);
- a **placement**: an organisation's function that the law has exercised only by a named body or
  kind of body (HSCA 2012 s.196(1)); a chain of that organisation carries the function only where it
  passes through such a body (reason `exercised-elsewhere`);
- an **except** that takes the function out of a power granted to, or a delegation made to, the
  body asked about: the `no-authority` it leaves cites the exception.
"""

from __future__ import annotations

from collections import defaultdict

import attrs

from vires.engine.chains import Chain
from vires.engine.graph import AuthorityGraph
from vires.pack.model import Delegation, NotConferred, Placement, Power, Selector, ancestors, covers
from vires.pack.selectors import receivers


@attrs.frozen
class Placed:
    """A placement with the bodies it concerns resolved: `organisations` None for every organisation."""

    rule: Placement
    organisations: frozenset | None
    exercisers: frozenset

    def binds(self, organisation: str) -> bool:
        return self.organisations is None or organisation in self.organisations

    def passes(self, bodies) -> bool:
        """Does a chain through `bodies` pass through a body that exercises the function?"""
        return any(body in self.exercisers for body in bodies)


class Placing:
    """The placements, not-conferred declarations and excepting rules of one load."""

    def __init__(self, compiled: AuthorityGraph):
        pack, index = compiled.pack, compiled.index
        self.pack = pack
        self.masks = compiled.masks
        self.placed = [
            Placed(p, index.select_any(p.of) if p.of else None, index.select_any(p.exercised_by))
            for p in pack.placements.values()
        ]
        self.declared = list(pack.not_conferred.values())
        self._excepting: dict[str, list[Power | Delegation]] = defaultdict(list)  # body -> rules with an except
        for power in pack.powers.values():
            if power.except_:
                for holder in sorted(index.select_any(power.holder)):
                    self._excepting[holder].append(power)
        for delegation in pack.delegations.values():
            if delegation.except_:
                self._excepting[delegation.to].append(delegation)

    def not_conferred(self, bit: int) -> list[NotConferred]:
        """The declarations that no law confers the function with this bit."""
        return [rule for rule in self.declared if self.masks[rule.id] & bit]

    def placements(self, bit: int, organisation: str) -> list[Placed]:
        """The placements of the function with this bit that bind `organisation`."""
        return [p for p in self.placed if self.masks[p.rule.id] & bit and p.binds(organisation)]

    def misplaced(self, chain: Chain, bit: int, organisation: str) -> Placed | None:
        """The first placement a chain of `organisation` breaks by never passing through a body that exercises it."""
        return next((p for p in self.placements(bit, organisation) if not p.passes(chain.bodies)), None)

    def elsewhere(self, body: str, bit: int, organisation: str) -> Placed | None:
        """For a body no chain reaches: the first placement of its organisation's function that it is not within."""
        within = ancestors(body, self.pack.bodies)
        return next((p for p in self.placements(bit, organisation) if not p.passes(within)), None)

    def excepting(self, body: str, function: str) -> list[Power | Delegation]:
        """Powers granted to `body`, and delegations made to it, that list `function` but except it."""
        return [
            rule
            for rule in self._excepting.get(body, ())
            if covers(rule.functions, (), function) and not covers(rule.functions, rule.except_, function)
        ]


def exercisers_words(placement: Placement) -> str:
    """Whom a placement has exercise the function, in words: "a health-and-wellbeing-board", "`planning-committee`"."""
    selectors = placement.exercised_by
    if all(s.body and attrs.evolve(s, body=None) == Selector() for s in selectors):  # named bodies alone
        return " or ".join(f"`{body}`" for s in selectors for body in s.body or ())
    return receivers(selectors, "")[len("only to ") :]
