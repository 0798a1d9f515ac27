"""Compile a loaded pack into the facts both engines derive from: grants, edges and function masks.

Functions are numbered; a rule's coverage (its functions with their descendants, minus `except`)
becomes a bit mask over the declared functions and their ancestors. A chain can only matter for a
function every link covers, so the engines extend a chain by a delegation only where their masks
meet. Selectors are resolved here once, so neither engine matches them in its inner loop.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from vires.pack.model import Pack, Selector, matches_any
from vires.pack.selectors import BodyIndex


@attrs.frozen
class Grant:
    """A power granted to one concrete body (a selector holder gives one grant per matching body)."""

    power: str
    holder: str
    mask: int


@attrs.frozen
class Edge:
    """A delegation as a graph edge."""

    delegation: str
    source: str  # the delegating body (`from`)
    target: str  # the receiving body (`to`)
    mask: int


@attrs.frozen
class AuthorityGraph:
    """A pack ready for derivation and answers; built once per load."""

    pack: Pack
    bits: Mapping[str, int]  # function id -> bit
    index: BodyIndex = attrs.field(eq=False, repr=False)
    masks: Mapping[str, int]  # rule id -> coverage mask (a requirement for every function: all bits)
    grants: tuple[Grant, ...]
    edges: tuple[Edge, ...]
    # power or delegation id -> its `delegable`, read once here: the engines test it for every chain they grow
    delegables: Mapping[str, bool | tuple[Selector, ...]] = attrs.field(eq=False, repr=False)
    designations: frozenset[str] = attrs.field(eq=False, repr=False)  # delegation ids that are designations

    def bit(self, function: str) -> int:
        return 1 << self.bits[function]

    def chain_mask(self, links: Iterable[str]) -> int:
        """The functions every link of a chain covers: the only functions the chain can carry."""
        mask = -1
        for link in links:
            mask &= self.masks[link]
        return mask

    def acts_as(self, rule_id: str) -> bool:
        """Is the link `rule_id` a designation (a deputy acting as the officer, not receiving from it)? No
        `delegable` stops such a link: the static test of step 2 is for delegations."""
        return rule_id in self.designations

    def delegable_to(self, rule_id: str, target: str, delegator: str) -> bool:
        """Static check: may the grant or delegation `rule_id` be passed to `target` by `delegator`?"""
        return self.allows(self.delegables[rule_id], target, delegator)

    def allows(self, delegable: bool | tuple[Selector, ...], target: str, delegator: str) -> bool:
        """Does a rule's `delegable` let `delegator` pass it to `target`?"""
        if delegable is True or delegable is False:
            return delegable
        body = self.pack.bodies.get(target)
        return body is not None and matches_any(delegable, body, self.pack.bodies, delegator)


def subtree_masks(function_ids: list[str]) -> dict[str, int]:
    """For each function, the mask of itself and every function below it."""
    bits = {f: i for i, f in enumerate(function_ids)}
    subtree = dict.fromkeys(function_ids, 0)
    for function, bit in bits.items():
        parts = function.split(".")
        for end in range(1, len(parts) + 1):
            ancestor = ".".join(parts[:end])
            if ancestor in subtree:
                subtree[ancestor] |= 1 << bit
    return subtree


def coverage(functions: tuple[str, ...], except_: tuple[str, ...], subtree: Mapping[str, int]) -> int:
    """The mask of declared functions a rule covers (SPEC 3.1 step 1: hierarchy and `except`).

    A listed id that is not declared and has no declared descendant covers nothing declared.
    """
    mask = 0
    for function in functions:
        mask |= subtree.get(function, 0)
    for function in except_:
        mask &= ~subtree.get(function, 0)
    return mask


def build_graph(pack: Pack) -> AuthorityGraph:
    """Number the functions, mask every power and delegation, and resolve power holders to bodies."""
    function_ids = sorted(pack.functions)
    bits = {f: i for i, f in enumerate(function_ids)}
    subtree = subtree_masks(function_ids)
    index = BodyIndex(pack.bodies)
    masks: dict[str, int] = {}
    grants: list[Grant] = []
    for power in pack.powers.values():
        mask = masks[power.id] = coverage(power.functions, power.except_, subtree)
        if mask:
            grants.extend(Grant(power.id, holder, mask) for holder in sorted(index.select_any(power.holder)))
    edges = []
    for delegation in pack.delegations.values():
        mask = masks[delegation.id] = coverage(delegation.functions, delegation.except_, subtree)
        if mask and delegation.from_ in pack.bodies and delegation.to in pack.bodies:
            edges.append(Edge(delegation.id, delegation.from_, delegation.to, mask))
    for reservation in pack.reservations.values():
        masks[reservation.id] = coverage(reservation.functions, (), subtree)
    for prohibition in pack.prohibitions.values():
        masks[prohibition.id] = coverage(prohibition.functions, (), subtree)
    for placement in pack.placements.values():
        masks[placement.id] = coverage(placement.functions, (), subtree)
    for declared in pack.not_conferred.values():
        masks[declared.id] = coverage(declared.functions, (), subtree)
    for requirement in pack.requirements.values():
        masks[requirement.id] = -1 if requirement.functions is None else coverage(requirement.functions, (), subtree)
    delegables = {power.id: power.delegable for power in pack.powers.values()}
    delegables.update((delegation.id, delegation.delegable) for delegation in pack.delegations.values())
    designations = frozenset(d.id for d in pack.delegations.values() if d.kind == "designation")
    return AuthorityGraph(pack, bits, index, masks, tuple(grants), tuple(edges), delegables, designations)
