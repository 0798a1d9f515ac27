"""The derivation peer: the delegation closure of SPEC 3.1 steps 1-2 as an answer-set program, solved by clingo.

Encoding (what an ASP author would write for "who could ever hold what"): the pack as facts, once —
`function(F)`, `parent(F, G)` (G the function above F), `lists(R, F)` and `except(R, F)` for each power's and
delegation's functions, `holder(P, B)` for each body a power's holder selector picks (the selectors are resolved
in Python, as vires' own compile step does), `delegation(D, From, To)` — and five rules: a rule covers a function
at or below one it lists unless excepted, a holder holds what its power covers, and a delegate holds what its
delegator holds and the delegation covers. `holds(B, F)` is the closure.

What it answers is the static part of every question: could `B` ever decide `F` by some chain? vires' own answer
to that is the set of (body, function) pairs its derived chains reach (a chain carries a function every link of
it covers); the two must be equal. What it does not express: everything vires checks per question (dates,
statuses, limits, `where`, conditions, reservations, exclusivity, prohibitions, residual delegations, static
`delegable`, which vires records on the chain and checks when asked), and no chain: `holds` says that some path
exists, not which, so it cannot explain or rank.
"""

from __future__ import annotations

import json

from vires.pack.model import Pack

PROGRAM = """
under(F, F) :- function(F).
under(F, G) :- parent(F, H), under(H, G).
excepted(R, F) :- except(R, G), under(F, G).
covers(R, F) :- lists(R, G), under(F, G), not excepted(R, F).
holds(B, F) :- holder(P, B), covers(P, F).
holds(T, F) :- holds(S, F), delegation(D, S, T), covers(D, F).
#show holds/2.
"""


def _atom(value: str) -> str:
    return json.dumps(value)


def facts(pack: Pack, holders: dict[str, frozenset]) -> str:
    """The pack as clingo facts; `holders` maps each power to the bodies its holder selector picks."""
    lines = []
    for function in pack.functions.values():
        lines.append(f"function({_atom(function.id)}).")
        if function.parent:
            lines.append(f"parent({_atom(function.id)},{_atom(function.parent)}).")
    rules = list(pack.powers.values()) + list(pack.delegations.values())
    for rule in rules:
        rule_id = _atom(rule.id)
        lines += [f"lists({rule_id},{_atom(f)})." for f in rule.functions]
        lines += [f"except({rule_id},{_atom(f)})." for f in rule.except_]
    for power in pack.powers.values():
        lines += [f"holder({_atom(power.id)},{_atom(b)})." for b in sorted(holders[power.id])]
    for d in pack.delegations.values():
        lines.append(f"delegation({_atom(d.id)},{_atom(d.from_)},{_atom(d.to)}).")
    return "\n".join(lines)


def closure(pack: Pack, holders: dict[str, frozenset]) -> tuple[set[tuple[str, str]], dict]:
    """Ground and solve the program on the pack: the `holds` pairs, and the seconds each stage took."""
    import time

    import clingo

    timings = {}
    started = time.perf_counter()
    control = clingo.Control(["--warn=none"])
    control.add("base", [], facts(pack, holders) + PROGRAM)
    timings["load_s"] = time.perf_counter() - started
    begun = time.perf_counter()
    control.ground([("base", [])])
    timings["ground_s"] = time.perf_counter() - begun
    begun = time.perf_counter()
    found: set[tuple[str, str]] = set()

    def model(answer) -> None:
        for symbol in answer.symbols(shown=True):
            body, function = symbol.arguments
            found.add((body.string, function.string))

    control.solve(on_model=model)
    timings["solve_s"] = time.perf_counter() - begun
    timings["total_s"] = time.perf_counter() - started
    return found, timings
