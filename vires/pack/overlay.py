"""What replaces what: `supersedes` among rules loaded together, and a draft laid over a base (SPEC 3, 4.2).

`supersede` is the one place that applies `supersedes: X` (SPEC 3: the rule replaces X whenever
both are loaded): the loader applies it to everything loaded, `overlay` to a draft's rules over
its base, and `vires check` asks it which `supersedes` name no rule.

`overlay(base, draft)` is the one place that decides what a draft does to the rules; `vires diff`
compares decision rights before and after it, and `vires test --draft` answers each case on both.
The draft replaces, it never merges: a draft rule (power, delegation, reservation, prohibition,
requirement) with the id of a base rule replaces that rule whole, whatever its section; a rule
with `supersedes: X` replaces X (X is removed, the new rule added); draft bodies, functions and
sources with a base id replace them; everything else in the draft is added.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from vires.errors import NOWHERE, Diagnostic, LoadError, did_you_mean
from vires.pack.model import RULE_SECTIONS, SECTION_OF, Pack


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
        return {
            "added": list(self.added),
            "removed": list(self.removed),
            "superseded": [list(pair) for pair in self.superseded],
        }


def overlay(base: Pack, draft: Pack) -> tuple[Pack, RuleChanges]:
    """The base with the draft laid over it, and the rule changes that makes.

    Args:
        base: everything the draft amends, loaded as usual.
        draft: the draft files loaded on their own; its rules may name base bodies, sources
            and rules (`supersedes`), which are resolved against the base here.

    Raises:
        LoadError: a draft rule supersedes a rule that neither the base nor the draft has.
    """
    merged, changes, problems = overlay_collect(base, draft)
    if problems:
        raise LoadError(problems)
    return merged, changes


def overlay_collect(base: Pack, draft: Pack) -> tuple[Pack, RuleChanges, list[Diagnostic]]:
    """Like `overlay`, but return the `unknown-supersedes` problems with the result (a draft rule superseding
    no rule loaded replaces nothing), for `vires check --draft`, whose lint reports them."""
    before = _written(base.rules())
    rules = dict(before)
    replaced = []
    for rule_id, links in _written(draft.rules()).items():
        if rule_id in before and not _same(before[rule_id], links):
            replaced.append(rule_id)
        rules[rule_id] = links
    by_key = {rule.id: rule for links in rules.values() for rule in links}
    left, superseded, problems = supersede(by_key, draft.rules(), base.superseded)
    rules = _written(left.values())
    pairs = {pair for pair in superseded if pair[0] in before}
    pairs.update((rule_id, rule_id) for rule_id in replaced if rule_id in rules)
    sections: dict[str, dict[str, Any]] = {section: {} for section in RULE_SECTIONS}
    for rule in left.values():
        sections[SECTION_OF[rule.kind]][rule.id] = rule
    merged = Pack(
        packs=base.packs + tuple(p for p in draft.packs if p.id not in {b.id for b in base.packs}),
        sources=_by_id({**base.sources, **draft.sources}),
        bodies=_by_id({**base.bodies, **draft.bodies}),
        functions=_by_id(_functions(base, draft)),
        files=tuple(sorted(set(base.files) | set(draft.files))),
        superseded=tuple(sorted(set(base.superseded) | set(superseded))),
        **{section: _by_id(found) for section, found in sections.items()},
    )
    changes = RuleChanges(
        added=tuple(sorted(rules.keys() - before.keys())),
        removed=tuple(sorted(before.keys() - rules.keys())),
        superseded=tuple(sorted(pairs)),
    )
    return merged, changes, problems


def supersede(
    rules: Mapping[str, object], by: Iterable, superseded: Iterable[tuple[str, str]] = ()
) -> tuple[dict, tuple[tuple[str, str], ...], list[Diagnostic]]:
    """Apply the `supersedes` of the rules `by` to `rules`: each rule it names is dropped.

    Args:
        rules: every rule loaded together, by id (those of `by` among them).
        by: the rules whose `supersedes` apply: all of `rules` for a load, the draft's in an overlay.
        superseded: (old, new) pairs already applied (a base's): `old` counts as loaded.

    Returns:
        The rules left, by id; the (old, new) pairs applied, sorted: `new` supersedes `old`, which
        was among `rules` (two rules superseding one rule each make a pair); and an
        `unknown-supersedes` diagnostic for each rule of `by` that supersedes a rule not loaded.
        A rule naming itself replaces nothing (a draft rule replaces its base rule by id).
    """
    written = {key: written_id(rule) for key, rule in rules.items()}  # a delegation's links share its id
    known = set(written.values()) | {old for old, _ in superseded}
    left = dict(rules)
    pairs, problems, said = set(), [], set()
    for rule in by:
        target = getattr(rule, "supersedes", None)
        if target is None or target == written_id(rule):
            continue
        if target not in known:
            if written_id(rule) not in said:
                said.add(written_id(rule))
                problems.append(
                    Diagnostic(
                        "unknown-supersedes",
                        f"{rule.kind} `{written_id(rule)}` supersedes `{target}`, which no rule loaded has",
                        rule.location,
                        did_you_mean(target, known) or "load the pack that holds the rule it replaces",
                    )
                )
        elif target in written.values():
            for key in [key for key, rule_id in written.items() if rule_id == target]:
                left.pop(key, None)
            pairs.add((target, written_id(rule)))
    return left, tuple(sorted(pairs)), problems


def written_id(rule) -> str:
    """The id a rule is written and cited under (a delegation's link: the delegation's id)."""
    return getattr(rule, "rule_id", rule.id)


def _written(rules: Iterable) -> dict[str, tuple]:
    """Rules by the id they are written under, each with its links (one, but several for a delegation to several
    recipients)."""
    found: dict[str, tuple] = {}
    for rule in rules:
        found[written_id(rule)] = found.get(written_id(rule), ()) + (rule,)
    return found


def _same(old: tuple, new: tuple) -> bool:
    """Are the links `new` the same rule as `old`, wherever each was written?"""
    return len(old) == len(new) and all(
        type(a) is type(b) and attrs.evolve(a, location=NOWHERE) == attrs.evolve(b, location=NOWHERE)
        for a, b in zip(old, new, strict=True)
    )


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
