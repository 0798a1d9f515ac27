"""Deriving authority: the pack as a graph, the two derivations, conditions and the answer."""
