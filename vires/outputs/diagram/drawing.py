"""What one diagram shows, as `vires.outputs.diagram.select` chose it for a view: the input of the DOT writer."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from vires.outputs.diagram.view import View
from vires.pack.model import Body, Pack


@attrs.frozen(kw_only=True, eq=False)
class Drawing:
    """The bodies, powers, reservations and lines of one diagram.

    `edges` holds the delegations drawn as one line, by (from, to, state), where state is `in-force`,
    `proposed` or `inactive` (valid on the date but conferring nothing: `inactive` gives the note
    saying why, by delegation id). `outside` are bodies drawn only as the far end of a line (their
    name alone); `within` counts the bodies each organisation of an overview stands for. `scope`
    says in the heading what part of the rules is drawn; `chain_*` is the chain an answer chose.
    """

    pack: Pack
    view: View
    answer: dict | None
    bodies: list[Body]
    delegations: list
    powers: Mapping[str, list]
    reserved: Mapping[str, list]
    edges: Mapping[tuple[str, str, str], list]
    inactive: Mapping[str, str] = attrs.field(factory=dict)
    outside: frozenset = frozenset()
    within: Mapping[str, int] = attrs.field(factory=dict)
    scope: str | None = None
    chain_rules: frozenset = frozenset()
    chain_bodies: frozenset = frozenset()
    chain_grant: tuple[str, str] | None = None  # (power, holder) that starts the chosen chain
