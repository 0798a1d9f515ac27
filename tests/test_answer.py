"""The shared answer step: limits on chains examined, subsidiarity order, determinism of choice."""

from __future__ import annotations

import datetime as dt

import attrs

from vires.api import derive
from vires.engine.question import Question
from vires.pack.model import Body, Delegation, Document, Function, Pack, Power, Source

SOURCE = Source(ref="act", section="s.1")
DATE = dt.date(2026, 6, 1)


def _pack(bodies, delegations, powers=None, functions=("f",)):
    return Pack(
        sources={"act": Document(id="act", title="Act", kind="statute")},
        bodies={b.id: b for b in bodies},
        functions={f: Function(id=f, name=f) for f in functions},
        powers={p.id: p for p in (powers or [Power(id="p", holder=(), functions=("f",), source=SOURCE)])},
        delegations={d.id: d for d in delegations},
    )


def _layered(width: int) -> Pack:
    """A holder, two layers of `width` bodies, and a target reached through every pair: width² chains."""
    from vires.pack.model import Selector

    bodies = [
        Body(id="a", name="A", kind="statutory-body", level="system"),
        Body(id="b", name="B", kind="committee", level="neighbourhood"),
    ]
    delegations = []
    for i in range(width):
        bodies += [
            Body(id=f"l{i:02}", name=f"L{i}", kind="committee", level="place"),
            Body(id=f"r{i:02}", name=f"R{i}", kind="committee", level="place"),
        ]
        delegations.append(
            Delegation(id=f"d-a-l{i:02}", from_="a", to=f"l{i:02}", functions=("f",), delegable=True, source=SOURCE)
        )
        delegations.append(Delegation(id=f"d-r{i:02}-b", from_=f"r{i:02}", to="b", functions=("f",), source=SOURCE))
        for j in range(width):
            delegations.append(
                Delegation(
                    id=f"d-l{i:02}-r{j:02}",
                    from_=f"l{i:02}",
                    to=f"r{j:02}",
                    functions=("f",),
                    delegable=True,
                    source=SOURCE,
                )
            )
    power = Power(id="p", holder=(Selector(body=("a",)),), functions=("f",), source=SOURCE)
    return _pack(bodies, delegations, [power])


def test_more_than_100_chains_are_truncated():
    """At most 100 chains reaching the body are examined, and the answer says truncated."""
    rules = derive(_layered(11), "native")
    answer = rules.ask(Question(body="b", decision="f", date=DATE))
    assert answer["truncated"] is True
    assert answer["outcome"] == "permitted"
    assert len(answer["chains"]) == 100


def test_100_chains_or_fewer_are_not_truncated():
    """With 100 chains exactly nothing is cut and `truncated` is absent."""
    rules = derive(_layered(10), "native")
    answer = rules.ask(Question(body="b", decision="f", date=DATE))
    assert "truncated" not in answer
    assert len(answer["chains"]) == 100


def test_chosen_chain_prefers_higher_limit_then_shorter():
    """Of two chains with nothing outstanding, the one with the higher limit is chosen first."""
    from vires.pack.model import Selector

    bodies = [
        Body(id="a", name="A", kind="statutory-body", level="system"),
        Body(id="m", name="M", kind="committee", level="place"),
        Body(id="b", name="B", kind="officer", level="place"),
    ]
    delegations = [
        Delegation(id="d-direct", from_="a", to="b", functions=("f",), limit=1000, source=SOURCE),
        Delegation(id="d-a-m", from_="a", to="m", functions=("f",), limit=9000, delegable=True, source=SOURCE),
        Delegation(id="d-m-b", from_="m", to="b", functions=("f",), limit=5000, source=SOURCE),
    ]
    power = Power(id="p", holder=(Selector(body=("a",)),), functions=("f",), source=SOURCE)
    rules = derive(_pack(bodies, delegations, [power]), "native")
    answer = rules.ask(Question(body="b", decision="f", date=DATE))
    assert [[link["rule"] for link in c["links"]] for c in answer["chains"]] == [
        ["p", "d-a-m", "d-m-b"],
        ["p", "d-direct"],
    ]
    assert answer["chains"][0]["limit"] == 5000


def test_who_orders_by_level_then_outcome_then_longest_chain():
    """`who` lists the lowest level first and, within a level, the most delegated body first."""
    from vires.pack.model import Selector

    bodies = [
        Body(id="a", name="A", kind="statutory-body", level="system"),
        Body(id="m", name="M", kind="committee", level="place"),
        Body(id="b", name="B", kind="officer", level="place"),
        Body(id="n", name="N", kind="officer", level="neighbourhood"),
    ]
    delegations = [
        Delegation(id="d-a-m", from_="a", to="m", functions=("f",), delegable=True, source=SOURCE),
        Delegation(id="d-m-b", from_="m", to="b", functions=("f",), source=SOURCE),
        Delegation(id="d-a-n", from_="a", to="n", functions=("f",), source=SOURCE),
    ]
    power = Power(id="p", holder=(Selector(body=("a",)),), functions=("f",), source=SOURCE)
    rules = derive(_pack(bodies, delegations, [power]), "native")
    result = rules.who(Question(decision="f", date=DATE))
    assert [found["body"] for found in result["bodies"]] == ["n", "b", "m", "a"]
    assert result["bodies"][1]["chain"] == ["p", "d-a-m", "d-m-b"]


def test_a_where_on_amount_that_fails_names_the_amount_asked():
    """A delegation that applies only below an amount explains the amount asked (facts include the amount)."""
    from vires.pack.model import Selector
    from vires.values import Where, WhereTest, normalise

    bodies = [
        Body(id="a", name="A", kind="statutory-body", level="system"),
        Body(id="b", name="B", kind="officer", level="place"),
    ]
    small = Where(tests=(WhereTest("amount", "max", (normalise("1000"),)),))
    delegations = [Delegation(id="d", from_="a", to="b", functions=("f",), where=small, source=SOURCE)]
    power = Power(id="p", holder=(Selector(body=("a",)),), functions=("f",), source=SOURCE)
    answer = derive(_pack(bodies, delegations, [power]), "native").ask(
        Question(body="b", decision="f", amount=5000, date=DATE)
    )
    assert answer["outcome"] == "denied"
    assert answer["reasons"][0]["code"] == "where-not-met"
    assert "amount = 5000" in answer["reasons"][0]["message"]


def test_not_delegable_says_to_whom_the_function_may_go():
    """A not-delegable reason names the rule that stops the hop and whom it lets the function go to."""
    from vires.pack.model import Selector

    bodies = [
        Body(id="hwb", name="HWB", kind="committee", level="place"),
        Body(id="sub", name="Sub", kind="sub-committee", part_of="hwb", level="place"),
        Body(id="dph", name="DPH", kind="officer", level="place"),
    ]
    power = Power(
        id="p",
        holder=(Selector(body=("hwb",)),),
        functions=("f",),
        source=SOURCE,
        delegable=(Selector(kind=("sub-committee",), part_of=("$delegator",)),),
    )
    delegations = [Delegation(id="d", from_="hwb", to="dph", functions=("f",), source=SOURCE)]
    answer = derive(_pack(bodies, delegations, [power]), "native").ask(Question(body="dph", decision="f", date=DATE))
    (reason,) = answer["reasons"]
    assert reason["code"] == "not-delegable" and reason["rule"] == "d"
    assert (
        "the power `p` lets `hwb` delegate `f` only to a sub-committee of `hwb`, and `dph` is an officer"
        in reason["message"]
    )


def test_a_where_that_already_fails_asks_for_no_missing_fact():
    """A prohibition or condition whose `where` fails on one fact does not apply, so a fact it also
    tests but the question lacks is not outstanding."""
    from vires.pack.model import Condition, Prohibition, Selector
    from vires.values import Where, WhereTest, normalise

    where = Where(
        tests=(WhereTest("area", "eq", (normalise("north"),)), WhereTest("actions", "max", (normalise("3"),)))
    )
    bodies = [Body(id="a", name="A", kind="statutory-body", level="system")]
    power = Power(
        id="p",
        holder=(Selector(body=("a",)),),
        functions=("f",),
        source=SOURCE,
        conditions=(Condition.of(consult=("a",), where=where),),
    )
    pack = _pack(bodies, [], [power])
    pack = Pack(
        sources=pack.sources,
        bodies=pack.bodies,
        functions=pack.functions,
        powers=pack.powers,
        prohibitions={
            "x": Prohibition(id="x", applies_to=(Selector(body=("a",)),), functions=("f",), where=where, source=SOURCE)
        },
    )
    facts = {"area": (normalise("south"),)}
    answer = derive(pack, "native").ask(Question(body="a", decision="f", date=DATE, facts=facts))
    assert answer["outcome"] == "permitted"
    assert answer["chains"][0]["outstanding"] == []
    lacking = derive(pack, "native").ask(
        Question(body="a", decision="f", date=DATE, facts={"area": (normalise("north"),)})
    )
    assert lacking["outcome"] == "conditional"
    assert [e["rule"] for e in lacking["chains"][0]["outstanding"]] == ["x", "p"]  # link checks, then conditions


def _reserved_budget() -> Pack:
    """A council holding `finance`, its budget reserved to it, and a cabinet given only contracts."""
    from vires.pack.model import Reservation, Selector

    council = Body(id="council", name="Full Council", kind="statutory-body", level="place")
    cabinet = Body(id="cabinet", name="Cabinet", kind="committee", level="place", part_of="council")
    pack = _pack(
        [council, cabinet],
        [Delegation(id="d-contracts", from_="council", to="cabinet", functions=("finance.contracts",), source=SOURCE)],
        [Power(id="p", holder=(Selector(body=("council",)),), functions=("finance",), source=SOURCE)],
        functions=("finance", "finance.budget", "finance.contracts"),
    )
    reservation = Reservation(
        id="r-budget",
        body=(Selector(body=("council",)),),
        functions=("finance.budget",),
        source=Source(ref="act", section="4.2"),
    )
    return attrs.evolve(pack, reservations={"r-budget": reservation})


def test_a_body_lacking_a_matter_reserved_elsewhere_is_told_so_with_the_citation():
    """Denied a function reserved to another body, even where no delegation covers it, the answer says it is
    reserved and where, as a `reserved` reason citing the reservation, after the reason it is denied for."""
    answer = derive(_reserved_budget(), "native").ask(Question(body="cabinet", decision="finance.budget", date=DATE))
    assert answer["outcome"] == "denied"
    assert [(r["code"], r["rule"]) for r in answer["reasons"]] == [("no-authority", None), ("reserved", "r-budget")]
    note = answer["reasons"][1]
    assert note["message"] == "`finance.budget` is reserved to `council` by `r-budget`"
    assert note["citations"] == [{"rule": "r-budget", "ref": "act", "section": "4.2", "title": "Act"}]


def test_no_reserved_note_where_the_body_holds_it_or_it_is_reserved_to_that_body():
    """The note is for a body that lacks the matter: a permitted answer has none, and neither has the body the
    matter is reserved to, nor a question about a function no reservation covers."""
    rules = derive(_reserved_budget(), "native")
    council = rules.ask(Question(body="council", decision="finance.budget", date=DATE))
    contracts = rules.ask(Question(body="cabinet", decision="finance.contracts", date=DATE))
    assert council["outcome"] == contracts["outcome"] == "permitted"
    assert council["reasons"] == contracts["reasons"] == []
    elsewhere = rules.ask(Question(body="cabinet", decision="finance", date=DATE))
    assert [r["code"] for r in elsewhere["reasons"]] == ["no-authority"]
