"""The `native` engine: the closure of SPEC 3.1 steps 1-2 in plain Python, breadth first.

It grows chains one link at a time, a level per length, and yields them in the canonical order
(`chains.sort_chains`) as it goes, so nothing is sorted but what arrives out of order:

- chains of one link (the grants) are sorted by power, then holder;
- a chain of two links or more is fixed by its links (a delegation has one source, which fixes the
  holder), so a level grown from a sorted level, each chain extended by its body's delegations in id
  order, is sorted except where several holders of one power start chains: sorting such a level
  merges those runs, and a level from the third on arrives sorted, which the sort confirms in one pass.
"""

from __future__ import annotations

from collections import defaultdict

from vires.engine.chains import MAX_LINKS, Chain
from vires.engine.collector import building
from vires.engine.graph import AuthorityGraph
from vires.errors import EngineError

MAX_CHAINS = 2_000_000  # a guard against packs whose delegations form dense webs


class NativeEngine:
    """Derives every simple chain with plain Python; shares no derivation code with `durable`."""

    name = "native"

    def derive(self, compiled: AuthorityGraph) -> tuple[Chain, ...]:
        with building():  # it makes no reference cycles: the collector would only walk the heap again and again
            return tuple(chain for level in _levels(compiled) for chain in level)


def _levels(compiled: AuthorityGraph):
    """Every simple chain, as one list per length, each in the canonical order."""
    # What growing a chain along a delegation needs, read once per delegation rather than once per chain:
    # (id, target, mask, a deputy acting as the officer (no `delegable` stops it), its own `delegable`).
    outgoing = defaultdict(list)
    for edge in sorted(compiled.edges, key=lambda e: e.delegation):
        rule = edge.delegation
        outgoing[edge.source].append((rule, edge.target, edge.mask, compiled.acts_as(rule), compiled.delegables[rule]))
    # A chain being grown: (links, bodies, undelegable, the coverage mask of every link so far, the power's
    # `delegable`, the last delegation's `delegable` (None while the chain is the power alone)).
    grants = sorted(compiled.grants, key=lambda g: (g.power, g.holder))
    level = [((g.power,), (g.holder,), (), g.mask, compiled.delegables[g.power], None) for g in grants]
    found = 0
    while level:
        found += len(level)
        if found > MAX_CHAINS:
            raise EngineError.one(
                "too-many-chains",
                f"more than {MAX_CHAINS:,} chains of authority; the delegations form too dense a web to enumerate",
            )
        yield [Chain(growing[0], growing[1], growing[2]) for growing in level]
        level = _grow(compiled, level, outgoing) if len(level[0][0]) < MAX_LINKS else []


def _grow(compiled: AuthorityGraph, level: list, outgoing) -> list:
    """Each chain of `level` extended by one delegation from its last body, where SPEC 3.1 step 1 lets it,
    marked undelegable where step 2's static test fails: the power's `delegable` at every hop, and the last
    delegation's."""
    allows = compiled.allows
    grown = []
    for links, bodies, undelegable, mask, by_power, by_last in level:
        delegator = bodies[-1]
        for delegation, target, edge_mask, acting, delegable in outgoing.get(delegator, ()):
            shared = mask & edge_mask
            if not shared or target in bodies:
                continue
            passes = acting or (
                allows(by_power, target, delegator) and (by_last is None or allows(by_last, target, delegator))
            )
            grown.append(
                (
                    links + (delegation,),
                    bodies + (target,),
                    undelegable if passes else undelegable + (len(links),),
                    shared,
                    by_power,
                    delegable,
                )
            )
    grown.sort(key=_links)
    return grown


def _links(growing: tuple) -> tuple:
    return growing[0]
