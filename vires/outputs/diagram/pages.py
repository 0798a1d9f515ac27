"""The views a drawing too large for its paper is split into: the organisations alone, then one organisation a page."""

from __future__ import annotations

import attrs

from vires.outputs.diagram.layout import ancestors_within
from vires.outputs.diagram.select import select
from vires.outputs.diagram.view import View
from vires.outputs.diagram.words import body_name
from vires.pack.model import LEVELS


def splits(view: View) -> bool:
    """Can `view` be split into pages? Not when it already shows one organisation, the organisations
    alone, or a chain alone."""
    return view.organisation is None and not view.overview and not view.chain_only


def organisations(rules, view: View) -> list[str]:
    """The organisations `view` draws that need a page of their own, highest level first, then by name.

    An organisation is the top of a body's `part_of` ancestry. One of a single body is drawn whole
    in the overview; a joint committee or partnership whose members all belong to organisations
    drawn is drawn on their pages.
    """
    pack = rules.pack
    kept = {b.id: b for b in select(rules, view).bodies if b.id in pack.bodies}
    top = {b: ancestors_within(b, kept)[-1] for b in kept}
    tops = set(top.values())
    own = set()
    for organisation in tops:
        members = {ancestors_within(m, pack.bodies)[-1] for m in pack.bodies[organisation].members}
        alone = list(top.values()).count(organisation) == 1 and not members
        if not alone and not (members and members <= tops):
            own.add(organisation)
    return sorted(own, key=lambda t: (-LEVELS.index(kept[t].level), body_name(pack, t), t))


def page_views(rules, view: View) -> list[View]:
    """The pages of `view`: the organisations alone, then each organisation with its joint bodies."""
    return [attrs.evolve(view, overview=True)] + [
        attrs.evolve(view, organisation=top) for top in organisations(rules, view)
    ]
