"""What a draft changes (vires.review.diff, `vires diff`, SPEC 4.2)."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import attrs
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from vires.api import derive
from vires.cli.main import cli
from vires.engine.question import Question
from vires.pack.model import (
    Body,
    Condition,
    Delegation,
    Document,
    Function,
    Pack,
    Power,
    Prohibition,
    Reservation,
    Selector,
    Source,
    Validity,
)
from vires.pack.overlay import RuleChanges, overlay
from vires.review.diff import KINDS, Right, change_kinds, compare, diff, open_draft, right_of
from vires.values import normalise

DATE = dt.date(2026, 6, 1)
ACT = Source(ref="act", section="s.1")
SECTIONS = {
    Body: "bodies",
    Function: "functions",
    Document: "sources",
    Power: "powers",
    Delegation: "delegations",
    Reservation: "reservations",
    Prohibition: "prohibitions",
}


def pack(*items) -> Pack:
    """A pack from model objects, each put in its section by type, every section ordered by id."""
    found: dict = {section: {} for section in SECTIONS.values()}
    for item in items:
        found[SECTIONS[type(item)]][item.id] = item
    return Pack(**{section: dict(sorted(values.items())) for section, values in found.items()})


# An ICB delegates commissioning to its place committee, which passes contracts to its director.
ICB = Body(id="icb", name="North East London ICB", kind="statutory-body", level="system", type="icb")
PLACE = Body(id="place", name="Place Committee", kind="committee", level="place", part_of="icb")
DIRECTOR = Body(id="director", name="Place Director", kind="officer", level="place", part_of="icb")
PARTNERSHIP = Body(id="pb", name="Partnership Board", kind="partnership", level="place", statutory=False)
FUNCTIONS = [
    Function(id="comm", name="Commissioning"),
    Function(id="comm.contracts", name="Contracts"),
    Function(id="comm.grants", name="Grants"),
]
POWER = Power(id="p", holder=(Selector(type=("icb",)),), functions=("comm",), source=ACT)
D1 = Delegation(id="d1", from_="icb", to="place", functions=("comm",), limit=5_000_000, delegable=True, source=ACT)
D2 = Delegation(
    id="d2",
    from_="place",
    to="director",
    functions=("comm.contracts",),
    limit=250_000,
    source=ACT,
    conditions=(Condition.of(consult=("pb",)),),
)
BASE = pack(
    ICB, PLACE, DIRECTOR, PARTNERSHIP, *FUNCTIONS, Document(id="act", title="Act", kind="statute"), POWER, D1, D2
)


def changes_of(draft: Pack, **options) -> dict:
    """The diff of `draft` over BASE as JSON, keyed by (body, function)."""
    result = compare(BASE, draft, DATE, engine="native", **options).to_json()
    return {(c["body"], c["function"]): c for c in result["changes"]}


def test_gained():
    """A new delegation gives its delegate a right it did not have: before is null."""
    d3 = Delegation(id="d3", from_="place", to="director", functions=("comm.grants",), limit=10_000, source=ACT)
    found = changes_of(pack(d3))
    assert list(found) == [("director", "comm.grants")]
    change = found["director", "comm.grants"]
    assert change["change"] == "gained" and change["kinds"] == ["gained"]
    assert change["before"] is None
    assert change["after"] == {"outcome": "permitted", "limit": 10_000, "chain": ["p", "d1", "d3"], "conditions": []}


def test_lost():
    """Revoking a delegation takes the right away from its delegate: after is null."""
    found = changes_of(pack(attrs.evolve(D2, status="revoked")))
    assert list(found) == [("director", "comm.contracts")]
    change = found["director", "comm.contracts"]
    assert change["change"] == "lost" and change["after"] is None
    assert change["before"] == {
        "outcome": "conditional",
        "limit": 250_000,
        "chain": ["p", "d1", "d2"],
        "conditions": ["consult"],
    }


def test_outcome_changed():
    """Dropping the only condition turns conditional into permitted: outcome-changed, conditions changed too."""
    found = changes_of(pack(attrs.evolve(D2, conditions=())))
    change = found["director", "comm.contracts"]
    assert change["change"] == "outcome-changed"
    assert change["kinds"] == ["outcome-changed", "conditions-changed"]
    assert (change["before"]["outcome"], change["after"]["outcome"]) == ("conditional", "permitted")


def test_limit_raised_and_lowered():
    """A higher limit is limit-raised, a lower one limit-lowered, and losing the limit altogether is raised."""
    assert changes_of(pack(attrs.evolve(D2, limit=500_000)))["director", "comm.contracts"]["kinds"] == ["limit-raised"]
    assert changes_of(pack(attrs.evolve(D2, limit=100_000)))["director", "comm.contracts"]["kinds"] == ["limit-lowered"]
    unlimited = pack(attrs.evolve(D1, limit=None), attrs.evolve(D2, limit=None))
    found = changes_of(unlimited)
    assert found["director", "comm.contracts"]["kinds"] == ["limit-raised"]
    assert found["director", "comm.contracts"]["after"]["limit"] is None


def test_conditions_changed_though_the_kinds_stay():
    """Consulting a different body is a change of conditions even though both sides need a `consult`."""
    change = changes_of(pack(attrs.evolve(D2, conditions=(Condition.of(consult=("icb",)),))))[
        "director", "comm.contracts"
    ]
    assert change["kinds"] == ["conditions-changed"]
    assert change["before"]["conditions"] == change["after"]["conditions"] == ["consult"]


def test_supersession_changes_the_chain_only():
    """A rule superseded by an identical one under a new id changes the chain and nothing else."""
    d2b = attrs.evolve(D2, id="d2-2027", supersedes="d2")
    result = compare(BASE, pack(d2b), DATE, engine="native")
    (change,) = result.changes
    assert (change.body, change.function, change.kinds) == ("director", "comm.contracts", ("chain-changed",))
    assert change.after.chain == ("p", "d1", "d2-2027")
    assert result.rules == RuleChanges(added=("d2-2027",), removed=("d2",), superseded=(("d2", "d2-2027"),))


def test_rules_added_and_removed_are_reported():
    """The rules part lists what the draft adds, removes and supersedes, even where no right changes."""
    spent = Delegation(
        id="d-old",
        from_="place",
        to="director",
        functions=("comm.grants",),
        source=ACT,
        valid=Validity(until=dt.date(2020, 1, 1)),
    )
    result = compare(BASE, pack(spent), DATE, engine="native")
    assert result.changes == ()
    assert result.rules == RuleChanges(added=("d-old",))
    assert result  # something changed: the rules


def test_no_changes():
    """A draft restating the base changes nothing, and says so."""
    result = compare(BASE, pack(D1, D2), DATE, engine="native")
    assert not result
    assert result.to_json() == {
        "date": "2026-06-01",
        "changes": [],
        "rules": {"added": [], "removed": [], "superseded": [], "unworkable": []},
    }


def test_child_reported_only_where_it_differs_from_its_parent():
    """Raising the place limit changes comm and both children alike: only comm is reported for the place."""
    found = changes_of(pack(attrs.evolve(D1, limit=6_000_000)))
    assert list(found) == [("place", "comm")]


def test_child_that_differs_is_reported():
    """Carving grants out of the place delegation loses the child alone; the parent is unchanged."""
    found = changes_of(pack(attrs.evolve(D1, except_=("comm.grants",))))
    assert list(found) == [("place", "comm.grants")]
    assert found["place", "comm.grants"]["change"] == "lost"


def test_proposals_included_on_both_sides():
    """With --include-proposed, bringing a proposed delegation into force changes nothing; without, it is gained."""
    proposed = Delegation(
        id="d3", from_="place", to="director", functions=("comm.grants",), source=ACT, status="proposed"
    )
    base = overlay(BASE, pack(proposed))[0]
    draft = pack(attrs.evolve(proposed, status="in-force"))
    assert compare(base, draft, DATE, include_proposed=True, engine="native").changes == ()
    (change,) = compare(base, draft, DATE, engine="native").changes
    assert (change.body, change.function, change.change) == ("director", "comm.grants", "gained")


def test_facts_apply_to_both_sides():
    """Facts are part of every question: with the consultee consulted, dropping the condition changes nothing."""
    facts = {"consulted": (normalise("pb"),)}
    result = compare(BASE, pack(attrs.evolve(D2, conditions=())), DATE, facts=facts, engine="native")
    assert result.changes == ()


def test_bodies_absent_from_one_side_hold_no_authority_there():
    """A body or function that only one side declares is compared as holding nothing on the other side."""
    without = pack(ICB, PLACE, Function(id="comm", name="Commissioning"), POWER, D1)
    result = diff(derive(BASE, "native"), derive(without, "native"), RuleChanges(), DATE)
    assert {(c.body, c.function, c.change) for c in result.changes} == {
        ("director", "comm.contracts", "lost"),  # the director is not declared after
        ("icb", "comm.contracts", "lost"),
        ("icb", "comm.grants", "lost"),  # nor are the child functions
        ("place", "comm.contracts", "lost"),
        ("place", "comm.grants", "lost"),
    }
    back = diff(derive(without, "native"), derive(BASE, "native"), RuleChanges(), DATE)
    assert {(c.body, c.function, c.change) for c in back.changes} == {
        (body, function, "gained") for body, function, _ in {(c.body, c.function, 0) for c in result.changes}
    }


def test_output_is_deterministic():
    """Two runs on the same input give the same JSON, sorted by body then function."""
    draft = pack(
        attrs.evolve(D1, limit=1_000_000),
        Delegation(id="d3", from_="icb", to="director", functions=("comm",), source=ACT),
    )
    first = compare(BASE, draft, DATE, engine="native").to_json()
    assert first == compare(BASE, draft, DATE, engine="native").to_json()
    keys = [(c["body"], c["function"]) for c in first["changes"]]
    assert keys == sorted(keys) and len(keys) > 1


def test_asks_only_pairs_downstream_of_the_draft():
    """The cost: only the (body, function) pairs the draft's rules bear on are asked, not every pair."""
    d3 = Delegation(id="d3", from_="place", to="director", functions=("comm.grants",), source=ACT)
    result = compare(BASE, pack(d3), DATE, engine="native")
    assert result.asked == 1  # the director's grants, the one pair a chain through d3 carries
    assert [(c.body, c.function) for c in result.changes] == [("director", "comm.grants")]


def test_a_draft_changing_a_body_asks_every_pair_a_chain_reaches():
    """A body bears on every chain through it and on what selectors pick: every reached pair is asked."""
    result = compare(BASE, pack(attrs.evolve(PLACE, quorum=3)), DATE, engine="native")
    # the ICB and the place committee reach all three functions, the director contracts
    assert result.asked == 3 + 3 + 1 < len(BASE.bodies) * len(BASE.functions)
    assert {(c.body, c.function) for c in result.changes} == {("place", "comm")}


def test_change_kinds_order():
    """Kinds come most significant first, in the order of SPEC 4.2."""
    before = Right("conditional", 100, ("p",), ("consult",), (("consult", '["a"]'),))
    after = Right("permitted", 200, ("q",), (), ())
    assert change_kinds(before, after) == ("outcome-changed", "limit-raised", "conditions-changed", "chain-changed")
    assert change_kinds(None, after) == ("gained",) and change_kinds(before, None) == ("lost",)
    assert change_kinds(None, None) == () and change_kinds(after, after) == ()


# ---- the property: the diff is exactly the difference of the answers --------------------------------

BODY_IDS = ["b0", "b1", "b2", "b3"]
FUNCTION_IDS = ["f", "f.x", "f.y", "g"]
limits = st.sampled_from([None, 1_000, 50_000, 1_000_000])
function_lists = st.lists(st.sampled_from(FUNCTION_IDS), min_size=1, max_size=2, unique=True).map(tuple)
conditions = st.sampled_from(
    [(), (Condition.of(consult=("b0",)),), (Condition.of(consult=("b1",)),), (Condition.of(quorum=3),)]
)


@st.composite
def bodies(draw):
    kinds = ["statutory-body", "committee", "officer", draw(st.sampled_from(["partnership", "sub-committee"]))]
    return [
        Body(
            id=b, name=b.upper(), kind=k, level="place", statutory=k != "partnership", part_of=None if i == 0 else "b0"
        )
        for i, (b, k) in enumerate(zip(BODY_IDS, kinds, strict=False))
    ]


@st.composite
def delegations(draw, prefix: str):
    count = draw(st.integers(0, 6))
    found = []
    for n in range(count):
        source = draw(st.sampled_from(["b0", "b0", "b1", "b1", "b2", "b3"]))  # mostly from where the powers are
        target = draw(st.sampled_from([b for b in BODY_IDS if b != source]))
        found.append(
            Delegation(
                id=f"{prefix}{n}",
                from_=source,
                to=target,
                functions=draw(function_lists),
                source=ACT,
                except_=draw(st.sampled_from([(), ("f.y",)])),
                limit=draw(limits),
                status=draw(st.sampled_from(["in-force", "in-force", "in-force", "proposed", "revoked"])),
                delegable=draw(st.sampled_from([True, True, False])),
                exclusive=draw(st.sampled_from([False, False, True])),
                conditions=draw(conditions),
            )
        )
    return found


@st.composite
def base_and_draft(draw):
    """A random base pack and a draft over it: rewritten, superseding and new rules, new functions."""
    declared = [Function(id=f, name=f) for f in FUNCTION_IDS]
    powers = [
        Power(
            id=f"p{n}",
            holder=(Selector(body=(draw(st.sampled_from(["b0", "b0", "b1"])),)),),
            functions=draw(function_lists),
            limit=draw(limits),
            source=ACT,
        )
        for n in range(draw(st.integers(1, 2)))
    ]
    base_rules = powers + draw(delegations("d"))
    if draw(st.booleans()):
        base_rules.append(
            Prohibition(id="ban", applies_to=(Selector(kind=("partnership",)),), functions=("f",), source=ACT)
        )
    if draw(st.booleans()):
        base_rules.append(Reservation(id="keep", body=(Selector(body=("b0",)),), functions=("f.x",), source=ACT))
    base = pack(*draw(bodies()), *declared, *base_rules)
    draft_rules = []
    for rule in base.delegations.values():
        action = draw(st.sampled_from(["keep", "keep", "rewrite", "supersede"]))
        if action == "rewrite":
            draft_rules.append(
                attrs.evolve(
                    rule,
                    limit=draw(limits),
                    conditions=draw(conditions),
                    status=draw(st.sampled_from(["in-force", "proposed", "revoked"])),
                )
            )
        elif action == "supersede":
            draft_rules.append(attrs.evolve(rule, id=f"{rule.id}-new", supersedes=rule.id, limit=draw(limits)))
    draft_rules += draw(delegations("n"))
    extra = [Function(id="f.z", name="f.z")] if draw(st.booleans()) else []
    return base, pack(*draft_rules, *extra)


def right(rules, body: str, function: str, include_proposed: bool):
    """The right by asking directly, with no pruning: None where the body or function is not declared."""
    if body not in rules.pack.bodies or function not in rules.pack.functions:
        return None
    return right_of(rules.ask(Question(body=body, decision=function, date=DATE, include_proposed=include_proposed)))


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(base_and_draft(), st.booleans())
def test_diff_equals_the_difference_of_the_answers(packs, include_proposed):
    """Every reported change is the difference of `ask` before and after, and every difference is reported
    unless its parent function's change says the same."""
    base, draft = packs
    result = compare(base, draft, DATE, include_proposed=include_proposed, engine="native")
    before, after = derive(base, "native"), derive(overlay(base, draft)[0], "native")
    functions = sorted(set(before.pack.functions) | set(after.pack.functions))
    expected = {}
    for body in BODY_IDS:
        for function in functions:
            old, new = right(before, body, function, include_proposed), right(after, body, function, include_proposed)
            kinds = change_kinds(old, new)
            if kinds:
                expected[body, function] = (kinds, old, new)
    reported = {(c.body, c.function): (c.kinds, c.before, c.after) for c in result.changes}
    for key, value in reported.items():
        assert expected.get(key) == value, key
    for (body, function), value in expected.items():
        parent = function.rpartition(".")[0]
        assert (body, function) in reported or expected.get((body, parent)) == value, (body, function)
    for kinds, _, _ in reported.values():
        event(f"reported {kinds[0]}")
    event(f"{len(reported)} changes" if len(reported) < 3 else "3+ changes")


def test_property_generator_reaches_every_kind():
    """The random base/draft pairs of the property test produce every kind of change, so it tests something."""
    seen: set = set()

    @settings(
        max_examples=300, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(base_and_draft(), st.booleans())
    def collect(packs, include_proposed):
        result = compare(*packs, DATE, include_proposed=include_proposed, engine="native")
        for change in result.changes:
            seen.update(change.kinds)

    collect()
    assert seen == set(KINDS)


# ---- the command ----------------------------------------------------------------------------------

FIXTURES = Path(__file__).parent / "fixtures" / "diff"
REGENERATE = os.environ.get("VIRES_REGENERATE") == "1"  # rewrite golden files for review, then commit them


def run(*args: str, draft: str = "draft-scheme.yaml"):
    """`vires diff` of a fixture draft over the fixture base, with the native engine on a fixed date."""
    paths = [str(FIXTURES / "base"), "--draft", str(FIXTURES / draft)]
    return CliRunner().invoke(cli, ["diff", *paths, *args, "--date", "2026-06-01", "--engine", "native"])


def golden(name: str, text: str) -> None:
    path = FIXTURES / name
    if REGENERATE:
        path.write_text(text)
    assert text == path.read_text(), f"{name} differs; rerun with VIRES_REGENERATE=1 and review the change"


def test_cli_text_golden():
    """The text report groups changes by body name and lists the rule changes; exit 0 without --exit-code."""
    result = run()
    assert result.exit_code == 0, result.output
    golden("draft-scheme.txt", result.stdout)


def test_cli_markdown_golden():
    """--format md writes a table ready to paste into a paper, then the rule changes."""
    result = run("--format", "md")
    assert result.exit_code == 0, result.output
    golden("draft-scheme.md", result.stdout)


def test_cli_json_shape_and_exit_code():
    """--format json is the SPEC 4.2 document; --exit-code exits 1 when the draft changes anything."""
    result = run("--format", "json", "--exit-code")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert set(data) == {"date", "changes", "rules"}
    assert [(c["body"], c["function"], c["change"]) for c in data["changes"]] == [
        ("director", "comm.contracts", "outcome-changed"),
        ("director", "comm.grants", "gained"),
        ("place", "comm", "chain-changed"),
    ]
    assert data["rules"] == {
        "added": ["d1-2027", "d3"],
        "removed": ["d1"],
        "superseded": [["d1", "d1-2027"], ["d2", "d2"]],
        "unworkable": [],
    }
    for change in data["changes"]:
        assert set(change) == {"body", "function", "change", "kinds", "before", "after"}
        for side in (change["before"], change["after"]):
            assert side is None or set(side) == {"outcome", "limit", "chain", "conditions"}


def test_cli_marks_each_new_or_rewritten_rule_that_cannot_work():
    """Rules the draft adds or rewrites that can never work are marked with the finding code of `vires check`, in
    text, Markdown and JSON (a proposal as an info, since it would not work only if adopted); rules that work, and
    rules of the base, are not marked."""
    text, md = run(draft="draft-cannot-work.yaml"), run("--format", "md", draft="draft-cannot-work.yaml")
    golden("draft-cannot-work.txt", text.stdout)
    golden("draft-cannot-work.md", md.stdout)
    data = json.loads(run("--format", "json", draft="draft-cannot-work.yaml").stdout)
    assert [(u["rule"], u["code"], u["severity"]) for u in data["rules"]["unworkable"]] == [
        ("d4", "never-delegable", "error"),
        ("d5", "ungrounded-delegation", "info"),
    ]


def test_cli_no_changes_exits_0_with_exit_code():
    """A draft that restates the base changes nothing: exit 0 even with --exit-code, and it says so."""
    result = run("--exit-code", draft="draft-same.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].endswith(": none.")


def test_cli_output_is_deterministic():
    """Two runs of the same diff give byte-identical output in every format."""
    for output_format in ("text", "json", "md"):
        first = run("--format", output_format).stdout
        assert first and first == run("--format", output_format).stdout


def test_cli_draft_with_an_unknown_body_exits_2():
    """A draft naming a body neither it nor the base declares is refused with its location, exit 2."""
    result = run(draft="draft-unknown-body.yaml")
    assert result.exit_code == 2 and result.stdout == ""
    assert "draft-unknown-body.yaml:4:" in result.stderr and "unknown-body" in result.stderr
    assert "did you mean `director`?" in result.stderr


# ---- a real draft on the City and Hackney pack -------------------------------------------------------


def test_city_and_hackney_nhp_delegations_in_force():
    """Bringing the proposed Neighbourhood Health Plan delegations into force (tests/fixtures/diff/
    ch-nhp-in-force.yaml) gives both HWBBs the plan and changes nothing else: the Partnership Board
    gains nothing, since an MOU board cannot receive a council committee's functions (not-delegable)."""
    before, after, rules = open_draft(["@city-and-hackney"], [str(FIXTURES / "ch-nhp-in-force.yaml")], "native")
    result = diff(before, after, rules, DATE)
    assert {(c.body, c.function, c.change) for c in result.changes} == {
        ("city-of-london-hwbb", "neighbourhood-health-plan", "gained"),
        ("hackney-hwbb", "neighbourhood-health-plan", "gained"),
    }
    chains = {c.body: c.after.chain for c in result.changes}
    assert chains == {
        "city-of-london-hwbb": ("nhp-council-function", "city-of-london-nhp-to-hwbb"),
        "hackney-hwbb": ("nhp-council-function", "hackney-nhp-to-hwbb"),
    }
    rewritten = (
        "city-of-london-hwbb-nhp-to-partnership-board",
        "city-of-london-nhp-to-hwbb",
        "hackney-hwbb-nhp-to-partnership-board",
        "hackney-nhp-to-hwbb",
    )
    assert result.rules == RuleChanges(superseded=tuple((r, r) for r in rewritten))
    assert [(u.rule, u.code, u.severity) for u in result.unworkable] == [
        ("city-of-london-hwbb-nhp-to-partnership-board", "never-delegable", "error"),
        ("hackney-hwbb-nhp-to-partnership-board", "never-delegable", "error"),
    ]
    answer = after.ask(Question(body="ch-partnership-board", decision="neighbourhood-health-plan.deliver", date=DATE))
    assert answer["outcome"] == "denied" and "not-delegable" in {r["code"] for r in answer["reasons"]}
    # proposals counted on both sides: the draft only adopts what was proposed, so no right changes
    assert diff(before, after, rules, DATE, include_proposed=True).changes == ()


def test_the_paper_of_a_diff_lists_the_rules_that_cannot_work():
    """The diff as a paper (the workbench's page) marks the added rules that cannot work and says why, as the
    text does."""
    from vires.outputs.diff_text import UNWORKABLE, names_of, paper
    from vires.outputs.paper import Items, Para, plain

    before, after, rules = open_draft([str(FIXTURES / "base")], [str(FIXTURES / "draft-cannot-work.yaml")], "native")
    result = diff(before, after, rules, DATE)
    blocks = paper(result, names_of(after.pack), {}).blocks
    lists = [[plain(item.text) for item in block.items] for block in blocks if isinstance(block, Items)]
    assert lists[0][0] == "added: d4 (cannot work: never-delegable), d5 (cannot work: ungrounded-delegation)"
    assert any(isinstance(b, Para) and plain(b.text) == UNWORKABLE + ":" for b in blocks)
    assert [text.split(":")[0] for text in lists[1]] == ["d4 (never-delegable)", "d5 (ungrounded-delegation)"]


def test_a_delegation_to_several_recipients_is_cited_by_its_own_id():
    """A right's chain names a delegation to several recipients by the delegation's id, as `ask` cites it."""
    links = [
        attrs.evolve(D2, id=f"d2→{to}", of="d2", to=to, conditions=()) for to in ("director", "pb")
    ]  # `to: [director, pb]`
    base = attrs.evolve(BASE, delegations={d.id: d for d in (D1, *links)})
    draft = pack(attrs.evolve(links[0], limit=100_000))  # restated to the director alone: pb loses it
    lowered, lost = compare(base, draft, DATE, engine="native").changes
    assert (lowered.body, lowered.function, lowered.kinds) == ("director", "comm.contracts", ("limit-lowered",))
    assert (lost.body, lost.kinds) == ("pb", ("lost",))
    assert lowered.before.chain == lowered.after.chain == lost.before.chain == ("p", "d1", "d2")


def test_a_rule_that_cannot_work_is_marked_on_its_own_id_even_where_no_rule_has_a_location():
    """Each unworkable finding is on the rule checked: a rule of the base that cannot work is never credited to the
    draft's (packs built in code have no locations to tell them apart), and a delegation to several recipients
    that cannot work is marked by its own id, once for each finding on its links."""
    stray = Delegation(id="d0", from_="pb", to="director", functions=("comm.contracts",), source=ACT)
    base = attrs.evolve(BASE, delegations={**BASE.delegations, "d0": stray})  # pb holds nothing to pass on
    workable = Delegation(id="d3", from_="place", to="pb", functions=("comm.contracts",), source=ACT)
    assert compare(base, pack(workable), DATE, engine="native").unworkable == ()
    links = [
        Delegation(id=f"d9→{to}", of="d9", from_="pb", to=to, functions=("comm.contracts",), source=ACT)
        for to in ("director", "place")
    ]
    found = compare(base, pack(*links), DATE, engine="native").unworkable
    assert [(u.rule, u.code) for u in found] == [("d9", "ungrounded-delegation")] * 2
    assert ["d9→director" in found[0].message, "d9→place" in found[1].message] == [True, True]
