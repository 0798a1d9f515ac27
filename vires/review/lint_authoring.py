"""Lint for a pack built on others: what loads cleanly but silently does something else than its author meant.

- `unknown-body-type`: a body's `type` that no selector of the packs loaded uses, so the body
  inherits nothing by it (a council typed `borough-council` holds none of `@england`'s powers);
- `captures-functions`: function ids of a pack that share a parent with the functions of a pack it
  builds on, so that a rule naming the parent (`finance`) covers both (a delegation of the
  council's `finance` then hands on `@england`'s `finance.hold-budget` too);
- `unreached-reservation`: a reservation that no delegation from its body covers, so it binds
  nothing yet (an info: answers still say the matter is reserved).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from vires.engine.graph import AuthorityGraph
from vires.errors import Diagnostic, did_you_mean
from vires.pack.model import Function, Pack
from vires.review.packs_loaded import PacksLoaded


def unknown_body_types(pack: Pack, used: set[str]) -> Iterator[Diagnostic]:
    """unknown-body-type: a body whose `type` no selector of the loaded rules picks (`used` are the types they do)."""
    for body in pack.bodies.values():
        if body.type is None or body.type in used:
            continue
        if used:
            hint = did_you_mean(body.type, used) or "the types the loaded rules pick bodies by: " + _list(
                sorted(used), 99
            )
        else:
            hint = "no rule loaded picks bodies by type: load the pack whose law does (such as `@england`), or drop it"
        yield Diagnostic(
            "unknown-body-type",
            f"body `{body.id}` has type `{body.type}`, which no rule loaded picks bodies by, "
            "so it inherits nothing by its type",
            body.location,
            hint,
            "warning",
        )


def captured_functions(pack: Pack, packs: PacksLoaded) -> Iterator[Diagnostic]:
    """captures-functions: a pack's functions that share a parent id with the functions of a pack it builds on.

    Declaring a function under one a required pack declares (`s75-arrangements.pooled-fund.small`
    under `@england`'s `s75-arrangements`) extends it on purpose and is no finding. Sharing a parent
    that the required pack only implies (`finance`, the parent of `finance.hold-budget`) merges two
    trees that no one declared as one.
    """
    owner: dict[str, str | None] = {}
    implied: dict[str, dict[str | None, list[Function]]] = defaultdict(lambda: defaultdict(list))
    for function in pack.functions.values():
        if function.declared:
            owner[function.id] = packs.of(function.location.file)
            for ancestor in _ancestors(function.id)[1:]:
                implied[ancestor][owner[function.id]].append(function)
    groups: dict[tuple, list[Function]] = defaultdict(list)
    for function in pack.functions.values():
        if not function.declared:
            continue
        mine = owner[function.id]
        shared = None
        for ancestor in _ancestors(function.id):
            if ancestor in owner and owner[ancestor] != mine and packs.builds_on(mine, owner[ancestor]):
                shared = None  # it extends a function the other pack declares: on purpose
                break
            theirs = [p for p in implied.get(ancestor, {}) if p != mine and packs.builds_on(mine, p)]
            if shared is None and theirs:
                shared = (ancestor, sorted(theirs, key=str)[0])
        if shared is not None:
            groups[(mine, shared[0], shared[1])].append(function)
    for (mine, parent, other), functions in sorted(groups.items(), key=lambda item: str(item[0])):
        yield _captures(mine, parent, other, sorted(functions, key=lambda f: f.location), implied, packs)


def _captures(mine, parent: str, other, functions: list[Function], implied, packs: PacksLoaded) -> Diagnostic:
    theirs = sorted(implied[parent][other], key=lambda f: f.location)
    named = f"{packs.named(other)}'s {_list([f.id for f in theirs], 2)} ({theirs[0].location})"
    if functions[0].id == parent:
        subject = f"function `{parent}` is the parent of {named}"
        effect = f"so a rule naming `{parent}` covers {'it' if len(theirs) == 1 else 'them'} too"
    else:
        ids = [f.id for f in functions]
        subject = f"function{'s' if len(ids) > 1 else ''} {_list(ids)} share{'' if len(ids) > 1 else 's'} the parent "
        subject += f"`{parent}` with {named}"
        effect = f"so a rule naming `{parent}` covers both"
    root = parent.split(".")[0]
    renamed = f"{mine or 'local'}-{root}"
    example = renamed + functions[0].id[len(root) :]
    return Diagnostic(
        "captures-functions",
        f"{subject}, {effect}",
        functions[0].location,
        f"start {'its id' if len(functions) == 1 else 'their ids'} with `{renamed}` in place of `{root}`"
        + (f" (`{example}`)" if example != renamed else "")
        + f", unless a rule naming `{parent}` is meant to cover {packs.named(other)}'s functions too",
        "warning",
    )


def unreached_reservations(compiled: AuthorityGraph) -> Iterator[Diagnostic]:
    """unreached-reservation: no delegation from the body a reservation keeps a matter with covers that matter."""
    pack, masks = compiled.pack, compiled.masks
    passed: dict[str, int] = defaultdict(int)  # body -> the functions its delegations cover
    for edge in compiled.edges:
        passed[edge.source] |= edge.mask
    for reservation in pack.reservations.values():
        reserved = masks[reservation.id]
        holders = compiled.index.select_any(reservation.body)
        if not reserved or not holders:
            continue  # reported as unknown-function or selector-matches-nothing
        if any(passed[body] & reserved for body in holders):
            continue
        bodies = sorted(holders)
        yield Diagnostic(
            "unreached-reservation",
            f"reservation `{reservation.id}` reserves {_list(reservation.functions)} to {_list(bodies)}, but no "
            f"delegation from {'it' if len(bodies) == 1 else 'them'} covers that, so it binds nothing yet",
            reservation.location,
            "a reservation binds only its body's own delegations (answers still say the matter is reserved); "
            "to keep the matter from a body that holds it otherwise, write a prohibition",
            "info",
        )


def _ancestors(function_id: str) -> list[str]:
    """The function and each of its ancestors, nearest first: `a.b.c`, `a.b`, `a`."""
    parts = function_id.split(".")
    return [".".join(parts[:end]) for end in range(len(parts), 0, -1)]


def _list(ids, most: int = 3) -> str:
    """`a`; `a` and `b`; `a`, `b` and `c`; `a`, `b`, `c` and 2 more."""
    shown = [f"`{i}`" for i in ids]
    if len(shown) > most:
        shown = shown[:most] + [f"{len(shown) - most} more"]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
