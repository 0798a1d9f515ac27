"""The shipped rule packs and their decision cases: every case passes on both engines, every rule is tested."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from vires.api import open_rules
from vires.engine.choose import durable_available
from vires.engine.membership import roll
from vires.engine.question import Question
from vires.pack.load import load
from vires.pack.model import covers
from vires.review.case_files import load_cases
from vires.review.run_cases import run_cases

ROOT = Path(__file__).parents[1]
PACKS = sorted(p.name for p in (ROOT / "rules").iterdir() if (p / "pack.yaml").exists())
DECISIONS = str(ROOT / "decisions")
ENGINES = ["native"] + (["durable"] if durable_available() else [])


@pytest.mark.parametrize("engine", ENGINES)
def test_every_shipped_decision_case_passes(engine):
    """`vires test decisions/` passes: each case gets the outcome, chain and reasons it expects."""
    results = list(run_cases(load_cases([DECISIONS]), engine=engine))
    failures = [f"{r.file}: {r.case.name}: {'; '.join(r.problems) or r.error}" for r in results if r.status == "failed"]
    assert failures == []
    assert len(results) >= 80


@pytest.mark.parametrize("engine", ENGINES)
def test_no_shipped_pending_case_already_passes(engine):
    """A shipped case marked `pending` does not yet answer as expected: once it does, `pending` must go."""
    results = run_cases(load_cases([DECISIONS]), engine=engine)
    stale = [f"{r.file}: {r.case.name}" for r in results if r.pending and r.passed]
    assert stale == []


def test_every_shipped_rule_is_named_by_some_case():
    """Each power, delegation, reservation, prohibition and requirement appears in some case's expected
    chain, reasons or outstanding conditions, so no rule goes untested; each vote rule bears on some member
    of some shipped body (decision cases ask who may decide, `vires members` who may vote)."""
    named = set()
    pack = load([f"@{name}" for name in PACKS])
    for body in (b for b in pack.bodies.values() if b.seats):
        for member in roll(pack, body.id, dt.date(2026, 6, 1))["members"]:
            named.update(why["rule"] for why in member["why"] if "rule" in why)
    for case_file in load_cases([DECISIONS]):
        for case in case_file.cases:
            named.update(case.expect.chain or ())
            named.update(rule for _, rule in case.expect.reasons if rule)
            named.update(rule for _, rule in case.expect.outstanding if rule)
            named.update(rule for _, rule in case.expect.obligations if rule)
    untested = sorted(rule.id for rule in pack.rules() if rule.id not in named)
    assert untested == []


def test_every_pack_has_cases_that_load_it_by_name():
    """Each shipped pack has a decision file whose rules name it as `@NAME` (shipped packs never use paths)."""
    named = {rule for case_file in load_cases([DECISIONS]) for rule in case_file.rules}
    assert {f"@{name}" for name in PACKS} <= named


@pytest.mark.parametrize("name", PACKS)
def test_every_pack_says_it_is_not_legal_advice(name):
    """A pack's description says it is an illustrative encoding of the cited documents, not legal advice."""
    (info,) = [p for p in load([f"@{name}"]).packs if p.id == name]
    assert "illustrative" in info.description.lower()
    assert "not legal advice" in info.description.lower()


def test_every_shipped_yaml_file_names_its_schema():
    """Every shipped YAML file starts with the yaml-language-server header naming its schema."""
    files = sorted((ROOT / "rules").rglob("*.yaml")) + sorted((ROOT / "decisions").rglob("*.yaml"))
    wrong = []
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        schema = {
            "decisions": "cases.schema.json",
            "seeds": "cases.schema.json",
            "meetings": "meeting.schema.json",
        }.get(path.parent.name, "rulepack.schema.json")
        if not (first.startswith("# yaml-language-server: $schema=") and first.endswith(schema)):
            wrong.append(str(path.relative_to(ROOT)))
    assert files and wrong == []


def _places(rule, function: str) -> bool:
    """Does `rule` restrict, reserve or place `function`: grant it (with whatever `delegable`), reserve it,
    place it, declare it not conferred, or except it from what it grants or delegates?"""
    if rule.kind in ("power", "reservation", "placement", "not-conferred"):
        return covers(rule.functions, (), function)
    return rule.kind == "delegation" and covers(rule.functions, (), function) and bool(rule.except_)


@pytest.mark.parametrize("engine", ENGINES)
def test_no_shipped_denial_is_an_uncited_no_authority_where_the_rules_place_the_function(engine):
    """Asked of every body and every declared function of the shipped packs (on a date of the London
    pilots and one of the City and Hackney paper, with and without proposals), a `no-authority` reason
    is uncited only where no rule of the packs grants, restricts, reserves or places that function."""
    rules = open_rules([f"@{name}" for name in PACKS], engine)
    pack = rules.pack
    functions = [f for f, function in pack.functions.items() if function.declared]
    uncited, asked = [], 0
    for date in (dt.date(2016, 3, 1), dt.date(2026, 6, 1)):
        for proposed in (False, True):
            for body in pack.bodies:
                for function in functions:
                    answer = rules.ask(Question(body=body, decision=function, date=date, include_proposed=proposed))
                    asked += 1
                    for reason in answer["reasons"]:
                        if reason["code"] == "no-authority" and not reason["citations"]:
                            placing = [r.id for r in pack.rules() if _places(r, function)]
                            if placing:
                                uncited.append(f"{body} / {function} on {date}: placed by {', '.join(placing)}")
    assert asked > 5000
    assert uncited == []


SEEDS = ROOT / "decisions" / "seeds"
# A `no-authority` reason names no rule: it says where the function lies instead (its `held_by` and citations).
RULELESS_REASONS = {"no-authority"}


def test_every_seed_case_gives_its_basis_and_more_than_an_outcome():
    """Each case drawn from the seed documents (decisions/seeds/) says where its answer comes from (`basis`)
    and expects its reason, not only its outcome: the chain of a permitted or conditional answer, and for a
    denial its reasons, each with the rule it names (bare only where the code names none)."""
    cases = [(case_file.path, case) for case_file in load_cases([str(SEEDS)]) for case in case_file.cases]
    thin = []
    for path, case in cases:
        expect = case.expect
        where = f"{Path(path).name}: {case.name}"
        if not case.basis:
            thin.append(f"{where}: no basis")
        if expect.outcome in ("permitted", "conditional") and not expect.chain:
            thin.append(f"{where}: {expect.outcome} without the chain it expects")
        elif expect.outcome == "denied" and (
            not expect.reasons or any(rule is None and code not in RULELESS_REASONS for code, rule in expect.reasons)
        ):
            thin.append(f"{where}: denied without each reason's rule")
        elif expect.outcome is None:
            thin.append(f"{where}: no outcome")
    assert len(cases) >= 40
    assert thin == []
