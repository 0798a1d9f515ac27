"""From what a page was asked to an answer: names made ids, or the choices to offer when a name is not exact.

Typing part of a name ("hackney health") is how people search; where it names no body or decision
exactly, the page offers the nearest ones as links that ask again with that one (no script needed).
"""

from __future__ import annotations

import attrs

from vires.engine.resolve import nearest_entries, resolve_body, resolve_function
from vires.errors import QuestionError
from vires.pack.model import Pack
from vires.web.forms import Asked


@attrs.frozen
class Choice:
    """The bodies or decisions a text may mean: (name, id, the address that asks again with it)."""

    what: str
    text: str
    options: tuple[tuple[str, str, str], ...]


def choices(pack: Pack, asked: Asked, action: str) -> list[Choice]:
    """A choice for the body and for the decision where the text is not exact but near some; [] when exact."""
    found = []
    parts = [("decision", "decision", asked.decision, _functions(pack), resolve_function)]
    if asked.body:
        parts.insert(0, ("body", "body", asked.body, _bodies(pack), resolve_body))
    for what, field, text, entries, exact in parts:
        try:
            exact(pack, text)
            continue
        except QuestionError:
            pass
        names = dict((ident, name) for name, ident in entries)
        near = nearest_entries(text, entries)
        if near:
            options = tuple((names[i], i, f"{action}?{asked.query(**{field: i})}") for i in near)
            found.append(Choice(what, text, options))
    return found


def _bodies(pack: Pack) -> list[tuple[str, str]]:
    return [(b.name, b.id) for b in pack.bodies.values()]


def _functions(pack: Pack) -> list[tuple[str, str]]:
    return [(f.name if f.declared else f.id, f.id) for f in pack.functions.values()]
