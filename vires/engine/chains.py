"""What a derivation produces: every simple chain from a power along delegations (SPEC 3.1 steps 1-2)."""

from __future__ import annotations

import attrs

MAX_LINKS = 12  # the power counts as the first link


@attrs.frozen(order=True)
class Chain:
    """One path of authority: a power and the delegations after it.

    `bodies[i]` is the body holding authority after link `i` (the holder, then each delegate).
    `undelegable` lists the links that fail the static delegability check of step 2: the power's
    `delegable` (checked at every hop, `$delegator` = the delegating body) or the previous
    delegation's `delegable`. Question-dependent checks (dates, status, `where`, limits,
    reservations, exclusivity, prohibitions, conditions) are left to the answer step.
    """

    links: tuple[str, ...]
    bodies: tuple[str, ...]
    undelegable: tuple[int, ...] = ()

    @property
    def holder(self) -> str:
        return self.bodies[0]

    @property
    def end(self) -> str:
        return self.bodies[-1]


def sort_chains(chains) -> tuple[Chain, ...]:
    """The canonical order: shortest first, then by rule ids, then by bodies."""
    return tuple(sorted(chains, key=lambda c: (len(c.links), c.links, c.bodies, c.undelegable)))
