"""The benchmark (bench/): a deterministic generator, and a run that works end to end at a tiny size."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.generate import describe, generate  # noqa: E402
from bench.questions import Sampler  # noqa: E402
from bench.report import table  # noqa: E402
from vires.engine.question import Question  # noqa: E402
from vires.values import BOOLEAN, DATE, NUMBER, TEXT  # noqa: E402


def test_generator_is_deterministic():
    """The same size and seed give the same pack; another seed gives another."""
    assert generate(300, seed=1) == generate(300, seed=1)
    assert generate(300, seed=1) != generate(300, seed=2)


def test_generator_gives_exactly_the_size_asked_and_nests():
    """A pack has exactly the delegations asked for, and a smaller pack's delegations are a prefix of a larger one's."""
    small, large = generate(250), generate(700)
    assert len(small.delegations) == 250 and len(large.delegations) == 700
    assert all(
        large.delegations.get(key) == value for key, value in small.delegations.items() if key in large.delegations
    )
    counts = describe(large)
    assert counts["exclusive"] and counts["residual"] and counts["with_where"] and counts["with_conditions"]
    assert set(counts["statuses"]) == {"in-force", "proposed", "revoked"}


def test_questions_are_deterministic():
    """The sampler draws the same questions and the same draft from the same pack and seed."""
    pack = generate(300)
    first, second = Sampler(pack, 0), Sampler(pack, 0)
    assert [first.question() for _ in range(20)] == [second.question() for _ in range(20)]
    assert first.draft() == second.draft()


def test_bench_runs_at_a_tiny_size(tmp_path):
    """One size measured in its own process: both engines agree, the outcomes mix, and the table renders."""
    out = tmp_path / "size.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench.measure", "200", str(out), "--questions", "60", "--who", "3"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(out.read_text())
    assert result["problems"] == []
    assert all(result["mix"][k] for k in ("permitted", "conditional", "denied")), result["mix"]
    assert result["engines"]["native"]["status"] == "ok"
    if result["cedar"].get("status") == "ok":  # cedarpy comes with the bench extra only
        expressible = result["cedar"]["agreement"]["expressible"]
        assert expressible["agree"] == expressible["questions"]
        assert result["cedar"]["fixed_differs"] == 0, "the fixed Cedar policy set decided otherwise than the sliced"
        rego = result["cedar"]["rego"]
        assert rego["status"] != "ok" or rego["differs_from_cedar"] == 0
    machine = {
        "nproc": 2,
        "cpu": "test",
        "memory": "1 GiB",
        "python": "3",
        "implementation": "CPython",
        "system": "test",
        "packages": {},
        "date": "2026-01-01",
        "commit": "0",
    }
    text = table(
        {"machine": machine, "sizes": [result], "cli": {}, "questions": 60, "who": 3, "seed": 0, "seconds": 1.0}
    )
    assert "| 200 | native | ok |" in text


def test_cedar_encoding_parses():
    """The Cedar encoding of a generated pack is valid Cedar (policies and entities parse)."""
    cedarpy = pytest.importorskip("cedarpy")
    from bench.cedar import Peer, request

    pack = generate(200)
    peer = Peer(pack)
    question = Sampler(pack, 0).question()
    assert peer.ask(request(question)) in (True, False)
    assert cedarpy is not None


def _on_chain(pack, rules, chain) -> list:
    """A question every term of `chain` lets through (its end body, a function all its links cover, a date inside
    every link's and body's validity, the amount at its lowest limit, every fact its `where` tests and conditions
    ask for), then the same question with one term broken at a time, just past its edge."""
    rule_list = [pack.rule(link) for link in chain.links]
    mask = rules.compiled.chain_mask(chain.links)
    leaf = next(
        (f for f, function in pack.functions.items() if function.declared and rules.compiled.bit(f) & mask), None
    )
    starts = [v.start for v in [r.valid for r in rule_list] + [pack.bodies[b].valid for b in chain.bodies] if v.start]
    untils = [v.until for v in [r.valid for r in rule_list] + [pack.bodies[b].valid for b in chain.bodies] if v.until]
    first, last = max(starts, default=dt.date(2024, 1, 1)), min(untils, default=dt.date(2028, 12, 31))
    limits = [int(r.limit) for r in rule_list if r.limit is not None]
    facts: dict = {
        "present": ((NUMBER, Decimal(99)),),
        "in_public": ((BOOLEAN, True),),
        "within_budget": ((BOOLEAN, True),),
        "notice_given": ((DATE, first - dt.timedelta(days=60)),),
    }
    consulted, approved, notice = set(), set(), []
    for rule in rule_list:
        for test in rule.where.tests:
            if test.op == "eq":
                facts[test.fact] = test.values
        for condition in rule.conditions:
            consulted.update(condition.value("consult") or ())
            approved.update(condition.value("approval_of") or ())
            if condition.value("notice_days"):
                notice.append(condition.value("notice_days"))
    facts["consulted"] = tuple((TEXT, b) for b in sorted(consulted))
    facts["approved_by"] = tuple((TEXT, b) for b in sorted(approved))
    if leaf is None or first > last or any(t.fact == "amount" for r in rule_list for t in r.where.tests):
        return []
    good = Question(
        decision=leaf, date=first, body=chain.end, amount=min(limits, default=1000), facts=facts, include_proposed=True
    )
    broken = [attrs.evolve(good, include_proposed=False), attrs.evolve(good, date=first - dt.timedelta(days=1))]
    broken += [attrs.evolve(good, date=last), attrs.evolve(good, date=last + dt.timedelta(days=1))]
    broken += [attrs.evolve(good, amount=limit + 1) for limit in limits]
    broken += [attrs.evolve(good, facts={k: v for k, v in facts.items() if k != fact}) for fact in sorted(facts)]
    for fact, named in (("consulted", consulted), ("approved_by", approved)):
        for body in sorted(named):
            kept = tuple((TEXT, b) for b in sorted(named - {body}))
            broken.append(attrs.evolve(good, facts={**facts, fact: kept}))
    for days in notice:
        for ahead in (days + 1, days):
            broken.append(
                attrs.evolve(good, facts={**facts, "notice_given": ((DATE, first - dt.timedelta(days=ahead)),)})
            )
    return [good, *broken]


@pytest.fixture(scope="module")
def small():
    """A small generated pack, questions at random and on the edges of the terms of every fifth chain and of every
    chain with a `where`, conditions or dates before its last link, vires' answers, and the sliced Cedar peer's
    decisions."""
    pytest.importorskip("cedarpy")
    from bench import cedar
    from vires.api import derive

    pack = generate(400)
    sampler = Sampler(pack, 3)
    rules = derive(pack, "native")
    questions = [sampler.question() for _ in range(150)]
    for number, chain in enumerate(rules.chains):
        upstream = [pack.rule(link) for link in chain.links[:-1]]
        if number % 5 == 0 or any(r.where or r.conditions or r.valid.start or r.valid.until for r in upstream):
            questions += _on_chain(pack, rules, chain)
    sliced = cedar.Sliced(pack)
    return pack, questions, rules, [rules.ask(q) for q in questions], [sliced.ask(cedar.request(q)) for q in questions]


def test_cedar_fixed_policy_set_decides_as_the_sliced_policies(small):
    """Rules as grant and restriction data under three fixed policies decide every question as the one-policy-per-rule
    encoding does, and the questions exercise both: grants that give, grants that do not, restrictions that forbid."""
    from bench import cedar_grants

    pack, questions, _rules, _answers, sliced = small
    peer = cedar_grants.Peer(pack)
    decided = [peer.decide(q) for q in questions]
    assert [granted and not restricted for granted, restricted in decided] == sliced
    assert any(sliced) and not all(sliced)
    assert any(granted and restricted for granted, restricted in decided)  # a restriction overrides a grant


def _plain(pack, rules, question) -> bool:
    """No chain reaching the body passes a residual delegation, or a body (before the decider) that a prohibition
    of the decision binds or that has delegated the decision exclusively: what a grant per chain cannot carry."""
    from vires.pack.model import covers

    decision = question.decision
    exclusive = {d.from_ for d in pack.delegations.values() if d.exclusive and covers(d.functions, d.except_, decision)}
    prohibited = set().union(
        *(
            rules.compiled.index.select_any(p.applies_to)
            for p in pack.prohibitions.values()
            if covers(p.functions, (), decision)
        ),
    )
    for chain in rules.authority.candidates(question.body, decision):
        if any(pack.delegations[link].residual is not False for link in chain.links[1:]):
            return False
        if set(chain.bodies[:-1]) & (exclusive | prohibited):
            return False
    return True


def test_cedar_on_vires_chains_decides_as_vires_where_a_chain_is_plain(small):
    """With vires' chains flattened into grants, Cedar allows every question vires permits, and decides exactly as
    vires does wherever no chain to the body needs what a grant cannot carry (residual delegations, exclusive
    delegations and prohibitions upstream)."""
    from bench import cedar_grants

    pack, questions, rules, answers, _sliced = small
    peer = cedar_grants.Peer(pack, cedar_grants.flattened(pack, rules.compiled, rules.chains))
    decided = [peer.ask(q) for q in questions]
    permitted = [a["outcome"] == "permitted" for a in answers]
    assert all(allow for allow, yes in zip(decided, permitted, strict=True) if yes)
    plain = [i for i, q in enumerate(questions) if _plain(pack, rules, q)]
    assert len(plain) > len(questions) / 4
    assert [decided[i] for i in plain] == [permitted[i] for i in plain]
    assert any(permitted[i] for i in plain) and not all(permitted[i] for i in plain)


def test_rego_decides_as_the_fixed_cedar_set(small):
    """The Rego policy over the same grant data decides as the Cedar policies do, on every twelfth question (random and
    on chains' edges; the fixed Cedar set is held to the sliced one above)."""
    pytest.importorskip("regopy")
    from bench import rego_peer

    pack, questions, _rules, _answers, sliced = small
    peer = rego_peer.Peer(pack)
    assert [peer.ask(q) for q in questions[::12]] == sliced[::12]
    assert any(sliced[::12]) and not all(sliced[::12])


@pytest.mark.parametrize(
    "where",
    [
        (("area", "in", ((TEXT, "a"), (TEXT, "b"))),),  # a test of several values
        (("present", "min", ((NUMBER, Decimal(3)),)),),  # a bound on a fact other than the amount
    ],
)
def test_cedar_grant_data_refuses_what_it_cannot_carry(where):
    """A `where` the fixed policies cannot read is refused (NotExpressible), never dropped."""
    from bench import cedar_grants
    from vires.pack.selectors import BodyIndex
    from vires.values import Where, WhereTest

    pack = generate(200)
    first = next(iter(pack.delegations.values()))
    tests = tuple(WhereTest(fact, op, values) for fact, op, values in where)
    changed = attrs.evolve(pack, delegations={**pack.delegations, first.id: attrs.evolve(first, where=Where(tests))})
    with pytest.raises(cedar_grants.NotExpressible):
        cedar_grants.grants(changed, BodyIndex(changed.bodies).select_any)


def test_the_workbench_load_test_runs_briefly_and_is_reported(tmp_path):
    """`bench.web_load` (which `make bench` runs) serves, answers and stops within its bounds on the shipped packs,
    and the report gives its figures against #12's goals."""
    pytest.importorskip("uvicorn")
    out = tmp_path / "web.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench.web_load", "--packs", "shipped", "--requests", "40", "--seconds", "10"]
        + ["--clients", "2", "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    figures = json.loads(out.read_text())
    assert [(row["pack"], row["route"]) for row in figures["rows"]] == [("shipped", "/api/ask"), ("shipped", "/ask")]
    for row in figures["rows"]:
        assert 0 < row["requests"] <= 40 and row["errors_5xx"] == 0 and row["answered"] > 0, row
    machine = dict.fromkeys(("nproc", "cpu", "memory", "python", "implementation", "system", "date", "commit"), "-")
    text = table(
        {
            "machine": {**machine, "packages": {}},
            "sizes": [],
            "cli": {},
            "web": {"status": "ok", **figures},
            "questions": 0,
            "who": 0,
            "seed": 0,
            "seconds": 1.0,
        }
    )
    assert "| workbench: Ask page, server time on the shipped packs | ≤ 20 ms p50 |" in text
    assert "| shipped | /api/ask | " in text
