"""Laying a draft over a base pack (vires.pack.overlay, SPEC 4.2)."""

from __future__ import annotations

import attrs
import pytest

from vires.errors import LoadError, Location
from vires.pack.model import Body, Delegation, Document, Function, Pack, PackInfo, Power, Prohibition, Selector, Source
from vires.pack.overlay import RuleChanges, overlay, supersede

ACT = Source(ref="act", section="s.1")


def pack(*items, **extra) -> Pack:
    """A pack from model objects, each put in its section by type."""
    sections = {
        Body: "bodies",
        Function: "functions",
        Document: "sources",
        Power: "powers",
        Delegation: "delegations",
        Prohibition: "prohibitions",
    }
    found: dict = {section: {} for section in sections.values()}
    for item in items:
        found[sections[type(item)]][item.id] = item
    return Pack(**found, **extra)


BOARD = Body(id="board", name="Board", kind="statutory-body", level="place")
COMMITTEE = Body(id="committee", name="Committee", kind="committee", level="place", part_of="board")
POWER = Power(id="p", holder=(Selector(body=("board",)),), functions=("f",), source=ACT)
D1 = Delegation(id="d1", from_="board", to="committee", functions=("f",), limit=100, source=ACT)
BASE = pack(
    BOARD,
    COMMITTEE,
    Function(id="f", name="F"),
    Document(id="act", title="Act", kind="statute"),
    POWER,
    D1,
    packs=(PackInfo(id="base", title="Base", root="base"),),
    files=("base.yaml",),
)


def test_empty_draft_changes_nothing():
    """A draft with nothing in it leaves the base as it was and reports no rule changes."""
    merged, changes = overlay(BASE, Pack())
    assert merged == BASE
    assert changes == RuleChanges() and not changes


def test_rule_with_a_base_id_replaces_it():
    """A draft rule with a base rule's id replaces it whole and is reported as superseded by itself."""
    raised = attrs.evolve(D1, limit=500, location=Location("draft.yaml", 3, 3))
    merged, changes = overlay(BASE, pack(raised))
    assert merged.delegations["d1"].limit == 500
    assert changes == RuleChanges(superseded=(("d1", "d1"),))


def test_identical_rule_elsewhere_is_no_change():
    """A draft rule identical to the base rule but for where it is written changes nothing."""
    merged, changes = overlay(BASE, pack(attrs.evolve(D1, location=Location("draft.yaml", 9, 3))))
    assert not changes
    assert merged.delegations["d1"].location.file == "draft.yaml"


def test_supersedes_removes_the_old_rule_and_adds_the_new():
    """`supersedes: X` removes X and adds the new rule: X removed, the new id added, the pair superseded."""
    new = Delegation(
        id="d1-2027", from_="board", to="committee", functions=("f",), limit=900, source=ACT, supersedes="d1"
    )
    merged, changes = overlay(BASE, pack(new))
    assert list(merged.delegations) == ["d1-2027"]
    assert changes == RuleChanges(added=("d1-2027",), removed=("d1",), superseded=(("d1", "d1-2027"),))


def test_superseding_an_unknown_rule_is_an_error():
    """A draft that supersedes a rule nobody loaded is refused with its location and the nearest id."""
    new = Delegation(
        id="d2",
        from_="board",
        to="committee",
        functions=("f",),
        source=ACT,
        supersedes="d11",
        location=Location("draft.yaml", 4, 5),
    )
    with pytest.raises(LoadError) as raised:
        overlay(BASE, pack(new))
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.code == "unknown-supersedes"
    assert diagnostic.location == Location("draft.yaml", 4, 5)
    assert diagnostic.hint == "did you mean `d1`?"


def test_supersedes_a_rule_of_the_draft_itself():
    """A draft rule superseding another draft rule drops it; neither is a base rule, so only the survivor is added."""
    first = Delegation(id="d2", from_="board", to="committee", functions=("f",), source=ACT)
    second = attrs.evolve(first, id="d3", supersedes="d2")
    merged, changes = overlay(BASE, pack(first, second))
    assert set(merged.delegations) == {"d1", "d3"}
    assert changes == RuleChanges(added=("d3",))


def test_rule_may_change_section():
    """A draft prohibition with a base delegation's id replaces the delegation: the id leaves the old section."""
    ban = Prohibition(id="d1", applies_to=(Selector(body=("committee",)),), functions=("f",), source=ACT)
    merged, changes = overlay(BASE, pack(ban))
    assert "d1" not in merged.delegations and merged.prohibitions["d1"] == ban
    assert changes.superseded == (("d1", "d1"),)


def test_new_rules_and_entities_are_added_in_id_order():
    """New rules, bodies, functions and sources are added, and every section stays ordered by id."""
    officer = Body(id="a-officer", name="Officer", kind="officer", level="place", part_of="board")
    d0 = Delegation(id="d0", from_="committee", to="a-officer", functions=("f",), source=ACT)
    merged, changes = overlay(
        BASE,
        pack(
            officer, d0, Function(id="e", name="E"), Document(id="mou", title="MOU", kind="mou"), files=("draft.yaml",)
        ),
    )
    assert list(merged.bodies) == ["a-officer", "board", "committee"]
    assert list(merged.delegations) == ["d0", "d1"]
    assert list(merged.functions) == ["e", "f"]
    assert list(merged.sources) == ["act", "mou"]
    assert merged.files == ("base.yaml", "draft.yaml")
    assert merged.packs == BASE.packs
    assert changes == RuleChanges(added=("d0",))


def test_entities_with_a_base_id_replace_it():
    """A draft body or source with a base id replaces it (a board's new name, a source's new edition)."""
    renamed = attrs.evolve(BOARD, name="The Board")
    edition = Document(id="act", title="Act", kind="statute", edition="2027")
    merged, changes = overlay(BASE, pack(renamed, edition))
    assert merged.bodies["board"].name == "The Board"
    assert merged.sources["act"].edition == "2027"
    assert not changes


def test_an_implied_ancestor_keeps_the_declared_base_function():
    """A draft declaring `f.g` implies `f`; that implied ancestor does not replace the base's declared `f`."""
    implied = Function(id="f", name="f", declared=False)
    merged, _ = overlay(BASE, pack(implied, Function(id="f.g", name="G")))
    assert merged.functions["f"] == Function(id="f", name="F")
    assert "f.g" in merged.functions


def test_rule_changes_json():
    """The rules part of the diff JSON: three sorted lists, superseded as [old, new] pairs."""
    changes = RuleChanges(added=("b",), removed=("a",), superseded=(("a", "b"),))
    assert changes.to_json() == {"added": ["b"], "removed": ["a"], "superseded": [["a", "b"]]}


def test_two_rules_may_supersede_one():
    """Splitting a rule in two: both draft rules supersede it, and both pairs are reported."""
    low = Delegation(
        id="d1-low", from_="board", to="committee", functions=("f",), limit=50, source=ACT, supersedes="d1"
    )
    high = attrs.evolve(low, id="d1-high", limit=90)
    merged, changes = overlay(BASE, pack(low, high))
    assert set(merged.delegations) == {"d1-high", "d1-low"}
    assert changes == RuleChanges(
        added=("d1-high", "d1-low"), removed=("d1",), superseded=(("d1", "d1-high"), ("d1", "d1-low"))
    )


# ---- supersede: the one implementation of `supersedes`, for a load and for an overlay -------------


def test_supersede_drops_each_rule_named_and_keeps_the_pairs():
    """Every rule a rule supersedes is dropped, along a chain of replacements too; the pairs are sorted."""
    d2 = Delegation(id="d2", from_="board", to="committee", functions=("f",), source=ACT, supersedes="d1")
    d3 = attrs.evolve(d2, id="d3", supersedes="d2")
    rules = {rule.id: rule for rule in (POWER, D1, d2, d3)}
    left, pairs, problems = supersede(rules, rules.values())
    assert list(left) == ["p", "d3"] and pairs == (("d1", "d2"), ("d2", "d3")) and problems == []


def test_supersede_counts_rules_superseded_before_as_loaded():
    """A rule already superseded (in a base) is loaded: naming it again is no `unknown-supersedes`."""
    d3 = Delegation(id="d3", from_="board", to="committee", functions=("f",), source=ACT, supersedes="d1")
    assert supersede({"d3": d3}, [d3], (("d1", "d2"),)) == ({"d3": d3}, (), [])
    (problem,) = supersede({"d3": d3}, [d3])[2]
    assert problem.code == "unknown-supersedes" and "`d1`" in problem.message


def test_overlay_on_a_base_that_superseded_a_rule_keeps_the_pair():
    """The base's own supersessions stay recorded in the merged pack, with the draft's."""
    base = attrs.evolve(BASE, superseded=(("d0", "d1"),))
    new = Delegation(id="d1-2027", from_="board", to="committee", functions=("f",), source=ACT, supersedes="d1")
    merged, changes = overlay(base, pack(new))
    assert merged.superseded == (("d0", "d1"), ("d1", "d1-2027"))
    assert changes.superseded == (("d1", "d1-2027"),)
