"""The `native` engine: the closure of SPEC 3.1 steps 1-2 in plain Python, breadth first."""

from __future__ import annotations

from collections import defaultdict

from vires.engine.chains import MAX_LINKS, Chain, sort_chains
from vires.engine.graph import AuthorityGraph
from vires.errors import EngineError

MAX_CHAINS = 2_000_000  # a guard against packs whose delegations form dense webs


class NativeEngine:
    """Derives every simple chain with plain Python; shares no derivation code with `durable`."""

    name = "native"

    def derive(self, compiled: AuthorityGraph) -> tuple[Chain, ...]:
        outgoing = defaultdict(list)
        for edge in compiled.edges:
            outgoing[edge.source].append(edge)
        # A frontier entry: (chain, coverage mask of every link so far).
        frontier = [(Chain((g.power,), (g.holder,)), g.mask) for g in compiled.grants]
        found = [chain for chain, _ in frontier]
        while frontier:
            following = []
            for chain, mask in frontier:
                if len(chain.links) >= MAX_LINKS:
                    continue
                delegator = chain.bodies[-1]
                for edge in outgoing.get(delegator, ()):
                    shared = mask & edge.mask
                    if not shared or edge.target in chain.bodies:
                        continue
                    undelegable = chain.undelegable
                    acting = compiled.acts_as(edge.delegation)  # a deputy acting as the officer: no `delegable`
                    if not acting and not self._may_pass(compiled, chain, edge.target, delegator):
                        undelegable = undelegable + (len(chain.links),)
                    grown = Chain(chain.links + (edge.delegation,), chain.bodies + (edge.target,), undelegable)
                    following.append((grown, shared))
            found.extend(chain for chain, _ in following)
            if len(found) > MAX_CHAINS:
                raise EngineError.one(
                    "too-many-chains",
                    f"more than {MAX_CHAINS:,} chains of authority; the delegations form too dense a web to enumerate",
                )
            frontier = following
        return sort_chains(found)

    @staticmethod
    def _may_pass(compiled: AuthorityGraph, chain: Chain, target: str, delegator: str) -> bool:
        """Step 2's static test: the power's `delegable` at every hop, and the last delegation's."""
        if not compiled.delegable_to(chain.links[0], target, delegator):
            return False
        return len(chain.links) == 1 or compiled.delegable_to(chain.links[-1], target, delegator)
