"""The test packs' decision cases (conformance, scheme constructs, seats): every case passes on each engine,
the two engines derive the same chains and give byte-identical answers, and every answer is valid JSON of
the answer schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from vires.api import open_rules
from vires.engine.choose import durable_available
from vires.review.case_files import load_cases
from vires.review.run_cases import question_of, run_cases

HERE = Path(__file__).parent
SUITES = ["conformance", "constructs", "seats"]  # each a folder holding a pack and its cases.yaml
ENGINES = ["native"] + (["durable"] if durable_available() else [])


def _cases(suite: str) -> str:
    return str(HERE / suite / "cases.yaml")


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("suite", SUITES)
def test_every_case_passes(suite, engine):
    """Each case gets the outcome, chain, reasons, limit, outstanding conditions and obligations it expects."""
    failures = [
        f"{r.case.name}: {'; '.join(r.problems) or r.error}"
        for r in run_cases(load_cases([_cases(suite)]), engine=engine)
        if not r.passed
    ]
    assert failures == []


@pytest.mark.skipif(len(ENGINES) < 2, reason="durable_rules does not import on this Python")
@pytest.mark.parametrize("suite", SUITES)
def test_engines_give_byte_identical_answers(suite):
    """The durable and native engines derive the same chains and give the same JSON for every case."""
    (case_file,) = load_cases([_cases(suite)])
    native, durable = (open_rules(list(case_file.rules), engine) for engine in ENGINES)
    assert native.chains == durable.chains
    for case in case_file.cases:
        question = question_of(case)
        assert json.dumps(native.ask(question)) == json.dumps(durable.ask(question)), case.name


@pytest.mark.parametrize("suite", SUITES)
def test_answers_validate_against_the_answer_schema(suite):
    """Every answer is valid against schemas/answer.schema.json."""
    schema = json.loads((HERE.parent / "schemas" / "answer.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    (case_file,) = load_cases([_cases(suite)])
    rules = open_rules(list(case_file.rules), "native")
    for case in case_file.cases:
        assert [e.message for e in validator.iter_errors(rules.ask(question_of(case)))] == [], case.name
