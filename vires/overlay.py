"""Laying a draft over a base pack (SPEC 4.2): what the rules would be if the draft were adopted.

`overlay(base, draft)` is the one place that decides what a draft does to the rules; `vires diff`
compares decision rights before and after it, and `vires test --draft` answers each case on both.

The draft replaces, it never merges: a draft rule (power, delegation, reservation, prohibition,
requirement) with the id of a base rule replaces that rule whole, whatever its section; a rule
with `supersedes: X` replaces X (X is removed, the new rule added); draft bodies, functions and
sources with a base id replace them; everything else in the draft is added.
"""

from __future__ import annotations

import attrs

from vires.errors import NOWHERE, Diagnostic, LoadError, did_you_mean
from vires.model import RULE_SECTIONS, Pack


@attrs.frozen
class RuleChanges:
    """What a draft does to the rules, every list sorted.

    `added` and `removed` are plain set differences of rule ids (after against before);
    `superseded` pairs each base rule the draft replaces with its replacement: `(X, Y)` for a
    rule `Y` with `supersedes: X` (so X is also in `removed` and Y in `added`), and `(X, X)` for a
    draft rule that rewrites base rule X under its own id (X is in neither list). A draft rule
    identical to the base rule it replaces (source locations aside) is no change.
    """

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    superseded: tuple[tuple[str, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.superseded)

    def to_json(self) -> dict:
        return {"added": list(self.added), "removed": list(self.removed),
                "superseded": [list(pair) for pair in self.superseded]}


def overlay(base: Pack, draft: Pack) -> tuple[Pack, RuleChanges]:
    """The base with the draft laid over it, and the rule changes that makes.

    Args:
        base: everything the draft amends, loaded as usual.
        draft: the draft files loaded on their own; its rules may name base bodies, sources
            and rules (`supersedes`), which are resolved against the base here.

    Raises:
        LoadError: a draft rule supersedes a rule that neither the base nor the draft has.
    """
    before = {rule.id: rule for rule in base.rules()}
    rules = dict(before)
    replaced = []
    for rule in draft.rules():
        if rule.id in before and not _same(before[rule.id], rule):
            replaced.append(rule.id)
        rules[rule.id] = rule
    known = dict(rules)  # a rule two draft rules supersede is known to both
    pairs, problems = set(), []
    for rule in draft.rules():
        target = getattr(rule, "supersedes", None)
        if target is None or target == rule.id:
            continue
        if target not in known:
            problems.append(Diagnostic(
                "unknown-supersedes", f"{rule.kind} `{rule.id}` supersedes `{target}`, which no rule loaded has",
                rule.location, did_you_mean(target, known)))
            continue
        rules.pop(target, None)
        if target in before:
            pairs.add((target, rule.id))
    if problems:
        raise LoadError(problems)
    pairs.update((rule_id, rule_id) for rule_id in replaced if rule_id in rules)
    sections = {section: {} for section in RULE_SECTIONS}
    for rule in rules.values():
        sections[rule.kind + "s"][rule.id] = rule
    merged = Pack(
        packs=base.packs + tuple(p for p in draft.packs if p.id not in {b.id for b in base.packs}),
        sources=_by_id({**base.sources, **draft.sources}),
        bodies=_by_id({**base.bodies, **draft.bodies}),
        functions=_by_id(_functions(base, draft)),
        files=tuple(sorted(set(base.files) | set(draft.files))),
        **{section: _by_id(found) for section, found in sections.items()},
    )
    changes = RuleChanges(added=tuple(sorted(rules.keys() - before.keys())),
                          removed=tuple(sorted(before.keys() - rules.keys())),
                          superseded=tuple(sorted(pairs)))
    return merged, changes


def _same(old, new) -> bool:
    """Is `new` the same rule as `old`, wherever each was written?"""
    return type(old) is type(new) and attrs.evolve(old, location=NOWHERE) == attrs.evolve(new, location=NOWHERE)


def _functions(base: Pack, draft: Pack) -> dict:
    """Draft functions replace base ones, except that an ancestor the draft only implies keeps the base's name."""
    functions = dict(base.functions)
    for function_id, function in draft.functions.items():
        known = functions.get(function_id)
        if known is None or function.declared or not known.declared:
            functions[function_id] = function
    return functions


def _by_id(found: dict) -> dict:
    return {key: found[key] for key in sorted(found)}
