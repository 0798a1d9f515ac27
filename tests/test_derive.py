"""Derivation (SPEC 3.1 steps 1-2, 3.3): both engines derive every simple chain; `durable` never fails quietly."""

from __future__ import annotations

import threading

import pytest

from vires.engine.chains import MAX_LINKS, Chain, sort_chains
from vires.engine.choose import durable_available
from vires.engine.derive_native import NativeEngine
from vires.engine.graph import build_graph
from vires.errors import EngineError
from vires.pack.model import DELEGATOR, Body, Delegation, Document, Function, Pack, Power, Selector, Source

SOURCE = Source(ref="act", section="s.1")
ENGINES = ["native"] + (["durable"] if durable_available() else [])
needs_durable = pytest.mark.skipif(not durable_available(), reason="durable_rules does not import on this Python")


def _engine(name: str):
    if name == "native":
        return NativeEngine()
    from vires.engine.derive_durable import DurableEngine

    return DurableEngine()


def body(body_id: str, kind: str = "committee", part_of: str | None = None) -> Body:
    return Body(id=body_id, name=body_id.upper(), kind=kind, level="place", part_of=part_of)


def power(power_id: str, holder, functions=("f",), **fields) -> Power:
    selectors = (Selector(body=(holder,)),) if isinstance(holder, str) else holder
    return Power(id=power_id, holder=selectors, functions=functions, source=SOURCE, **fields)


def delegation(delegation_id: str, source: str, target: str, functions=("f",), delegable=True, **fields) -> Delegation:
    return Delegation(
        id=delegation_id, from_=source, to=target, functions=functions, delegable=delegable, source=SOURCE, **fields
    )


def pack(bodies, powers, delegations=(), functions=("f",)) -> Pack:
    """A pack declaring `functions` (their ancestors implied)."""
    implied = {f.rpartition(".")[0] for f in functions} - set(functions) - {""}
    declared = {f: Function(id=f, name=f) for f in functions}
    declared.update({f: Function(id=f, name=f, declared=False) for f in implied})
    return Pack(
        sources={"act": Document(id="act", title="Act", kind="statute")},
        bodies={b.id: b for b in bodies},
        functions=dict(sorted(declared.items())),
        powers={p.id: p for p in powers},
        delegations={d.id: d for d in delegations},
    )


def derive(the_pack: Pack, engine: str) -> tuple[Chain, ...]:
    return _engine(engine).derive(build_graph(the_pack))


def links(chains) -> list[tuple[str, ...]]:
    return [chain.links for chain in chains]


def linear(count: int) -> Pack:
    """A power held by b0 and delegations b0 -> b1 -> ... -> b{count-1}, each delegable on."""
    bodies = [body(f"b{i}") for i in range(count)]
    delegations = [delegation(f"d{i:02}", f"b{i - 1}", f"b{i}") for i in range(1, count)]
    return pack(bodies, [power("p", "b0")], delegations)


# ---- shapes -----------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_linear_chain_gives_one_chain_per_prefix(engine):
    """A chain of delegations gives the power alone and every prefix, each ending at its delegate."""
    chains = derive(linear(4), engine)
    assert chains == (
        Chain(("p",), ("b0",)),
        Chain(("p", "d01"), ("b0", "b1")),
        Chain(("p", "d01", "d02"), ("b0", "b1", "b2")),
        Chain(("p", "d01", "d02", "d03"), ("b0", "b1", "b2", "b3")),
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_fan_out_tree_gives_one_chain_per_node(engine):
    """A tree of delegations (fan-out 3, depth 2) gives exactly one chain to each of its 13 bodies."""
    bodies = [body(f"b{i}") for i in range(13)]
    delegations = [delegation(f"d{i:02}", f"b{(i - 1) // 3}", f"b{i}") for i in range(1, 13)]
    chains = derive(pack(bodies, [power("p", "b0")], delegations), engine)
    assert sorted(chain.end for chain in chains) == sorted(b.id for b in bodies)
    assert max(len(chain.links) for chain in chains) == 3
    assert Chain(("p", "d03", "d11"), ("b0", "b3", "b11")) in chains


@pytest.mark.parametrize("engine", ENGINES)
def test_cycle_gives_simple_paths_only(engine):
    """Around a cycle a -> b -> c -> a, no chain visits a body twice, so the way back to `a` is never taken."""
    bodies = [body("a"), body("b"), body("c")]
    delegations = [
        delegation("d-ab", "a", "b"),
        delegation("d-bc", "b", "c"),
        delegation("d-ca", "c", "a"),
        delegation("d-ba", "b", "a"),
    ]
    chains = derive(pack(bodies, [power("p", "a")], delegations), engine)
    assert links(chains) == [("p",), ("p", "d-ab"), ("p", "d-ab", "d-bc")]
    assert all(len(set(chain.bodies)) == len(chain.bodies) for chain in chains)


@pytest.mark.parametrize("engine", ENGINES)
def test_cycle_entered_from_a_second_power_gives_both_directions(engine):
    """Powers at two bodies of a cycle each give their own simple paths round it."""
    bodies = [body("a"), body("b")]
    delegations = [delegation("d-ab", "a", "b"), delegation("d-ba", "b", "a")]
    chains = derive(pack(bodies, [power("pa", "a"), power("pb", "b")], delegations), engine)
    assert links(chains) == [("pa",), ("pb",), ("pa", "d-ab"), ("pb", "d-ba")]


@pytest.mark.parametrize("engine", ENGINES)
def test_chains_stop_at_the_link_cap(engine):
    """A line of 15 bodies gives chains of at most 12 links, the power counted: b11 is the last reached."""
    chains = derive(linear(15), engine)
    assert MAX_LINKS == 12
    assert len(chains) == MAX_LINKS
    assert max(len(chain.links) for chain in chains) == MAX_LINKS
    assert chains[-1].end == "b11"


@pytest.mark.parametrize("engine", ENGINES)
def test_delegation_of_an_unrelated_function_does_not_extend_a_chain(engine):
    """A chain extends only where every link covers some function in common (the masks meet)."""
    bodies = [body("a"), body("b"), body("c"), body("d")]
    delegations = [
        delegation("d-ab", "a", "b", functions=("f.x",)),
        delegation("d-bc", "b", "c", functions=("g",)),  # b holds nothing of g
        delegation("d-bd", "b", "d", functions=("f.y",)),  # b holds only f.x of f
        delegation("d-ac", "a", "c", functions=("g",)),
    ]  # a holds f, not g
    the_pack = pack(bodies, [power("p", "a", functions=("f",))], delegations, functions=("f.x", "f.y", "g"))
    assert links(derive(the_pack, engine)) == [("p",), ("p", "d-ab")]


@pytest.mark.parametrize("engine", ENGINES)
def test_mask_narrows_along_the_chain(engine):
    """A chain narrowed to `f.x` extends by a delegation of `f` but not by one of `f.y`."""
    bodies = [body("a"), body("b"), body("c"), body("d")]
    delegations = [
        delegation("d-ab", "a", "b", functions=("f.x",)),
        delegation("d-bc", "b", "c", functions=("f",)),
        delegation("d-cd", "c", "d", functions=("f.y",)),
    ]
    the_pack = pack(bodies, [power("p", "a", functions=("f",))], delegations, functions=("f.x", "f.y"))
    assert links(derive(the_pack, engine)) == [("p",), ("p", "d-ab"), ("p", "d-ab", "d-bc")]


@pytest.mark.parametrize("engine", ENGINES)
def test_selector_holder_gives_one_grant_per_matching_body(engine):
    """A power held by `{kind: committee}` gives each committee a chain of its own, and no one else."""
    bodies = [body("c1"), body("c2"), body("o", kind="officer"), body("s", kind="sub-committee", part_of="c1")]
    the_pack = pack(bodies, [power("p", (Selector(kind=("committee",)),))], [delegation("d", "c1", "o")])
    assert derive(the_pack, engine) == (Chain(("p",), ("c1",)), Chain(("p",), ("c2",)), Chain(("p", "d"), ("c1", "o")))


@pytest.mark.parametrize("engine", ENGINES)
def test_empty_pack_gives_no_chains(engine):
    """With no power there is no chain, even with delegations."""
    assert derive(pack([body("a"), body("b")], [], [delegation("d", "a", "b")]), engine) == ()


# ---- the static delegability test ----------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_power_not_delegable_marks_every_delegated_link(engine):
    """`delegable: false` on the power marks the first delegation not delegable; the chain is still derived."""
    the_pack = pack(
        [body("a"), body("b"), body("c")],
        [power("p", "a", delegable=False)],
        [delegation("d-ab", "a", "b"), delegation("d-bc", "b", "c")],
    )
    assert derive(the_pack, engine) == (
        Chain(("p",), ("a",)),
        Chain(("p", "d-ab"), ("a", "b"), (1,)),
        Chain(("p", "d-ab", "d-bc"), ("a", "b", "c"), (1, 2)),
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_delegator_selector_accepts_its_own_sub_committee_only(engine):
    """`delegable: [{kind: sub-committee, part_of: $delegator}]` lets the HWB delegate to its own
    sub-committee, not to another body's sub-committee nor to a partnership (SI 2013/218 reg 3)."""
    bodies = [
        body("hwb"),
        body("other"),
        body("own-sub", kind="sub-committee", part_of="hwb"),
        body("other-sub", kind="sub-committee", part_of="other"),
        body("board", kind="partnership"),
    ]
    only_own = (Selector(kind=("sub-committee",), part_of=(DELEGATOR,)),)
    the_pack = pack(
        bodies,
        [power("p", "hwb", delegable=only_own)],
        [
            delegation("d-own", "hwb", "own-sub"),
            delegation("d-other", "hwb", "other-sub"),
            delegation("d-board", "hwb", "board"),
        ],
    )
    chains = {chain.links: chain.undelegable for chain in derive(the_pack, engine)}
    assert chains == {("p",): (), ("p", "d-own"): (), ("p", "d-other"): (1,), ("p", "d-board"): (1,)}


@pytest.mark.parametrize("engine", ENGINES)
def test_delegator_is_checked_at_every_hop(engine):
    """The power's restriction travels: the sub-committee may pass it only to a sub-committee of its own."""
    bodies = [
        body("hwb"),
        body("sub", kind="sub-committee", part_of="hwb"),
        body("subsub", kind="sub-committee", part_of="sub"),
        body("side", kind="sub-committee", part_of="hwb"),
    ]
    only_own = (Selector(kind=("sub-committee",), part_of=(DELEGATOR,)),)
    the_pack = pack(
        bodies,
        [power("p", "hwb", delegable=only_own)],
        [delegation("d1", "hwb", "sub"), delegation("d2", "sub", "subsub"), delegation("d3", "sub", "side")],
    )
    chains = {chain.links: chain.undelegable for chain in derive(the_pack, engine)}
    assert chains[("p", "d1", "d2")] == ()
    assert chains[("p", "d1", "d3")] == (2,)


@pytest.mark.parametrize("engine", ENGINES)
def test_delegation_not_delegable_marks_the_next_link(engine):
    """A delegation with `delegable: false` (the default) may not be passed on: the next link is marked."""
    the_pack = pack(
        [body("a"), body("b"), body("c"), body("d")],
        [power("p", "a")],
        [delegation("d-ab", "a", "b", delegable=False), delegation("d-bc", "b", "c"), delegation("d-cd", "c", "d")],
    )
    chains = {chain.links: chain.undelegable for chain in derive(the_pack, engine)}
    assert chains == {("p",): (), ("p", "d-ab"): (), ("p", "d-ab", "d-bc"): (2,), ("p", "d-ab", "d-bc", "d-cd"): (2,)}


# ---- the two engines --------------------------------------------------------------------------------


@needs_durable
def test_both_engines_derive_identical_chains():
    """On a pack with cycles, selectors, masks and restrictions, durable and native give the same tuple."""
    bodies = [body("a"), body("b"), body("c", kind="sub-committee", part_of="a"), body("d", kind="officer"), body("e")]
    delegations = [
        delegation("d-ab", "a", "b"),
        delegation("d-ac", "a", "c", functions=("f.x",)),
        delegation("d-bc", "b", "c"),
        delegation("d-cd", "c", "d", delegable=False),
        delegation("d-de", "d", "e"),
        delegation("d-ea", "e", "a"),
        delegation("d-ba", "b", "a"),
    ]
    powers = [
        power("p", "a", functions=("f",)),
        power("q", (Selector(kind=("committee",)),), functions=("f.y",), delegable=(Selector(part_of=(DELEGATOR,)),)),
    ]
    the_pack = pack(bodies, powers, delegations, functions=("f.x", "f.y"))
    native = derive(the_pack, "native")
    assert len(native) > 10
    assert derive(the_pack, "durable") == native


def several_holders() -> Pack:
    """A power held by three committees (a selector), each delegating to officers and on: chains of one power
    start from several holders, so a level grown holder by holder comes out of the canonical order."""
    committees = ["c3", "c1", "c2"]
    bodies = [body(c) for c in committees] + [body(f"o{i}", kind="officer") for i in range(6)]
    delegations = [
        delegation("d-c3-o0", "c3", "o0"),
        delegation("d-c1-o1", "c1", "o1"),
        delegation("d-c1-o5", "c1", "o5"),
        delegation("a-c2-o2", "c2", "o2"),
        delegation("z-c2-o3", "c2", "o3"),
        delegation("b-o1-o4", "o1", "o4"),
        delegation("a-o2-o4", "o2", "o4"),
        delegation("a-o5-o4", "o5", "o4", delegable=False),
        delegation("c-o4-o0", "o4", "o0"),
    ]
    return pack(bodies, [power("p", (Selector(kind=("committee",)),))], delegations)


def generated() -> Pack:
    from bench.generate import generate

    return generate(400)


@pytest.mark.parametrize("make", [several_holders, generated, lambda: linear(MAX_LINKS + 3)])
def test_native_gives_the_chains_in_the_canonical_order_without_repeats(make):
    """The native engine grows chains in the canonical order rather than sorting them at the end: the same tuple
    as sorting them, each chain once; durable sorts what it reads back, so the engines agree."""
    native = derive(make(), "native")
    assert len(native) > 10
    assert native == sort_chains(native)
    assert len(set(native)) == len(native)


def test_native_derivation_leaves_the_collector_as_it_found_it():
    """Native derivation runs with the cyclic collector off (it makes no cycles) and turns it back on after."""
    import gc

    assert gc.isenabled()
    derive(several_holders(), "native")
    assert gc.isenabled()
    gc.disable()
    try:
        derive(several_holders(), "native")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_native_stops_past_its_chain_guard(monkeypatch):
    """A web of delegations too dense to enumerate stops the native engine with `too-many-chains`."""
    from vires.engine import derive_native

    monkeypatch.setattr(derive_native, "MAX_CHAINS", 5)
    with pytest.raises(EngineError) as raised:
        derive(linear(10), "native")
    assert raised.value.diagnostics[0].code == "too-many-chains"
    assert len(derive(linear(5), "native")) == 5


@needs_durable
def test_two_loads_in_one_process_are_isolated():
    """Deriving one pack and then another gives each its own chains: no fact of the first leaks into the second."""
    first, second = linear(5), pack([body("x"), body("y")], [power("p", "x")], [delegation("d", "x", "y")])
    assert derive(first, "durable") == derive(first, "native")
    assert derive(second, "durable") == (Chain(("p",), ("x",)), Chain(("p", "d"), ("x", "y")))
    assert derive(first, "durable") == derive(first, "native")


@needs_durable
def test_the_same_pack_derived_twice_gives_the_same_chains():
    """Loading the same pack twice works (a fresh sid each time) and gives identical chains."""
    the_pack = linear(6)
    assert derive(the_pack, "durable") == derive(the_pack, "durable") == derive(the_pack, "native")


@needs_durable
def test_more_loads_than_durable_rules_keeps_states():
    """durable_rules holds at most 1,024 states per ruleset; each derivation deletes its own, so 1,100 succeed."""
    the_pack = linear(3)
    expected = derive(the_pack, "native")
    assert all(derive(the_pack, "durable") == expected for _ in range(1_100))


@needs_durable
def test_derivations_from_several_threads_are_serialised():
    """durable_rules is not thread-safe; the engine's lock makes concurrent derivations each come out whole."""
    the_pack = linear(8)
    expected = derive(the_pack, "native")
    results = []

    def work():
        results.extend(derive(the_pack, "durable") for _ in range(10))

    workers = [threading.Thread(target=work) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(results) == 40 and all(result == expected for result in results)


@needs_durable
def test_durable_engine_starts_no_threads():
    """The engine uses a bare ruleset, not a durable_rules host, so no dispatch thread runs actions behind the lock."""
    before = threading.active_count()
    derive(linear(4), "durable")
    assert threading.active_count() == before


# ---- durable never fails quietly ----------------------------------------------------------------------


@needs_durable
def test_an_exception_inside_an_action_raises_engine_error(monkeypatch):
    """durable_rules swallows exceptions raised in actions; the engine raises them as EngineError."""
    from vires.engine import derive_durable

    def broken(self, a, e):
        raise RuntimeError("boom")

    monkeypatch.setattr(derive_durable._Run, "extend", broken)
    with pytest.raises(EngineError) as raised:
        derive(linear(3), "durable")
    assert raised.value.diagnostics[0].code == "engine-failed"
    assert "boom" in raised.value.diagnostics[0].message


@needs_durable
@pytest.mark.parametrize(("batch", "make"), [(10_000, lambda: linear(4)), (1, several_holders)])
def test_a_fact_lost_from_the_read_back_raises_dropped_facts(monkeypatch, batch, make):
    """If durable_rules keeps fewer facts than were asserted, the derivation fails: never a smaller answer; in the
    first batch's read-back as in the only one's."""
    from vires.engine import derive_durable

    monkeypatch.setattr(derive_durable, "BATCH", batch)

    read_back = derive_durable._read_back

    def lossy(ruleset, sid):
        facts = read_back(ruleset, sid)
        authority = next(i for i, fact in enumerate(facts) if fact["fact"] == "authority")
        return facts[:authority] + facts[authority + 1 :]

    monkeypatch.setattr(derive_durable, "_read_back", lossy)
    with pytest.raises(EngineError) as raised:
        derive(make(), "durable")
    assert raised.value.diagnostics[0].code == "engine-dropped-facts"
    assert "1 lost" in raised.value.diagnostics[0].message


@needs_durable
@pytest.mark.parametrize("make", [several_holders, generated])
def test_durable_in_small_batches_gives_the_native_chains(monkeypatch, make):
    """Grants asserted in batches, each batch read back and retracted before the next: the same chains."""
    from vires.engine import derive_durable

    ruleset = derive_durable._get_ruleset()
    retract_facts = ruleset.retract_facts
    retracted = []

    def spying(facts):
        retracted.append(len(facts))
        return retract_facts(facts)

    monkeypatch.setattr(ruleset, "retract_facts", spying)
    monkeypatch.setattr(derive_durable, "BATCH", 4)
    the_pack = make()
    assert derive(the_pack, "durable") == derive(the_pack, "native")
    assert len(retracted) >= 2 and all(count >= 4 for count in retracted)


@needs_durable
def test_a_retraction_that_failed_raises_dropped_facts(monkeypatch):
    """A batch durable_rules did not retract shows in the next read-back: EngineError, not a doubled answer."""
    from vires.engine import derive_durable

    ruleset = derive_durable._get_ruleset()
    monkeypatch.setattr(ruleset, "retract_facts", lambda facts: None)
    monkeypatch.setattr(derive_durable, "BATCH", 4)
    with pytest.raises(EngineError) as raised:
        derive(several_holders(), "durable")
    assert raised.value.diagnostics[0].code == "engine-dropped-facts"
    assert (
        "unexpected" in raised.value.diagnostics[0].message
        and "0 unexpected" not in raised.value.diagnostics[0].message
    )


@needs_durable
def test_a_missed_join_raises_dropped_facts(monkeypatch):
    """If a rule failed to join an authority fact with a delegation from its body, the derivation fails."""
    from vires.engine import derive_durable

    extend = derive_durable._Run.extend

    def forgetful(self, a, e):
        if a["depth"] == 2:
            return  # as if durable_rules never fired this join
        extend(self, a, e)

    monkeypatch.setattr(derive_durable._Run, "extend", forgetful)
    with pytest.raises(EngineError) as raised:
        derive(linear(4), "durable")
    assert raised.value.diagnostics[0].code == "engine-dropped-facts"


@needs_durable
def test_a_hash_collision_is_reasserted_with_a_new_salt(monkeypatch):
    """A fact refused as already observed (a 32-bit hash collision) is stored again with another salt."""
    from durable.engine import MessageObservedException

    from vires.engine import derive_durable

    ruleset = derive_durable._get_ruleset()
    assert_fact = ruleset.assert_fact
    refused = []

    def colliding(fact):
        if fact["fact"] == "authority" and fact["depth"] == 3 and not refused:
            refused.append(fact["key"])
            raise MessageObservedException(fact)
        return assert_fact(fact)

    monkeypatch.setattr(ruleset, "assert_fact", colliding)
    assert derive(linear(5), "durable") == derive(linear(5), "native")
    assert refused


@needs_durable
def test_a_fact_refused_every_time_raises_dropped_facts(monkeypatch):
    """A fact durable_rules refuses whatever its salt cannot be derived around: EngineError."""
    from durable.engine import MessageObservedException

    from vires.engine import derive_durable

    ruleset = derive_durable._get_ruleset()
    assert_fact = ruleset.assert_fact

    def refusing(fact):
        if fact["fact"] == "authority" and fact["depth"] == 2:
            raise MessageObservedException(fact)
        return assert_fact(fact)

    monkeypatch.setattr(ruleset, "assert_fact", refusing)
    with pytest.raises(EngineError) as raised:
        derive(linear(3), "durable")
    assert raised.value.diagnostics[0].code == "engine-dropped-facts"


@needs_durable
def test_too_many_chains_raises_instead_of_exhausting_memory(monkeypatch):
    """durable_rules keeps ~10 KB a fact, so past MAX_FACTS authority facts the engine stops with an error."""
    from vires.engine import derive_durable

    monkeypatch.setattr(derive_durable, "MAX_FACTS", 5)
    with pytest.raises(EngineError) as raised:
        derive(linear(10), "durable")
    assert raised.value.diagnostics[0].code == "too-many-chains"
    assert derive(linear(5), "durable") == derive(linear(5), "native")


@needs_durable
def test_a_state_that_cannot_be_deleted_raises(monkeypatch):
    """Failing to delete a derivation's facts is an engine error too, not a silent leak."""
    from vires.engine import derive_durable

    ruleset = derive_durable._get_ruleset()
    delete_state = ruleset.delete_state
    kept = []

    def stuck(sid):
        kept.append(sid)
        raise RuntimeError("cannot delete")

    monkeypatch.setattr(ruleset, "delete_state", stuck)
    with pytest.raises(EngineError) as raised:
        derive(linear(3), "durable")
    assert raised.value.diagnostics[0].code == "engine-failed"
    monkeypatch.undo()
    delete_state(kept[0])
