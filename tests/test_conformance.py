"""The conformance pack: both engines must pass every case, with byte-identical answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vires.api import open_rules
from vires.codes import REASONS
from vires.engine.choose import durable_available
from vires.review.case_files import load_cases
from vires.review.run_cases import question_of, run_cases

HERE = Path(__file__).parent / "conformance"
CASES = str(HERE / "cases.yaml")
ENGINES = ["native"] + (["durable"] if durable_available() else [])


def _case_ids():
    return [case.name for case in load_cases([CASES])[0].cases]


@pytest.mark.parametrize("engine", ENGINES)
def test_every_conformance_case_passes(engine):
    """Each case of tests/conformance/cases.yaml gets the outcome, chain, reasons, limit and outstanding it expects."""
    failures = [
        f"{r.case.name}: {'; '.join(r.problems) or r.error}"
        for r in run_cases(load_cases([CASES]), engine=engine)
        if not r.passed
    ]
    assert failures == []


@pytest.mark.skipif("durable" not in ENGINES, reason="durable_rules does not import on this Python")
def test_engines_give_byte_identical_answers():
    """The durable and native engines derive the same chains and give the same JSON for every case."""
    (case_file,) = load_cases([CASES])
    native = open_rules(list(case_file.rules), "native")
    durable = open_rules(list(case_file.rules), "durable")
    assert native.chains == durable.chains
    for case in case_file.cases:
        question = question_of(case)
        assert json.dumps(native.ask(question)) == json.dumps(durable.ask(question)), case.name


def test_same_question_same_bytes():
    """Asking the same question twice, on two loads, gives byte-identical JSON."""
    (case_file,) = load_cases([CASES])
    first = open_rules(list(case_file.rules), "native")
    second = open_rules(list(case_file.rules), "native")
    for case in case_file.cases:
        question = question_of(case)
        assert json.dumps(first.ask(question)) == json.dumps(second.ask(question))


def test_answers_validate_against_the_answer_schema():
    """Every conformance answer is valid against schemas/answer.schema.json."""
    import jsonschema

    schema = json.loads((Path(__file__).parents[1] / "schemas" / "answer.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    (case_file,) = load_cases([CASES])
    rules = open_rules(list(case_file.rules), "native")
    for case in case_file.cases:
        errors = [e.message for e in validator.iter_errors(rules.ask(question_of(case)))]
        assert errors == [], case.name


def test_the_cases_cover_every_reason_code():
    """The conformance cases between them meet every reason code (`vires.codes.REASONS`)."""
    codes = set(REASONS)
    (case_file,) = load_cases([CASES])
    rules = open_rules(list(case_file.rules), "native")
    seen = {r["code"] for case in case_file.cases for r in rules.ask(question_of(case))["reasons"]}
    assert codes - seen == set()
