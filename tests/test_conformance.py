"""The conformance pack: both engines must pass every case, with byte-identical answers."""

from __future__ import annotations

import json
from pathlib import Path

from vires.api import open_rules
from vires.codes import REASONS
from vires.engine.choose import durable_available
from vires.review.case_files import load_cases
from vires.review.run_cases import question_of

HERE = Path(__file__).parent / "conformance"
CASES = str(HERE / "cases.yaml")
ENGINES = ["native"] + (["durable"] if durable_available() else [])


def _case_ids():
    return [case.name for case in load_cases([CASES])[0].cases]


def test_same_question_same_bytes():
    """Asking the same question twice, on two loads, gives byte-identical JSON."""
    (case_file,) = load_cases([CASES])
    first = open_rules(list(case_file.rules), "native")
    second = open_rules(list(case_file.rules), "native")
    for case in case_file.cases:
        question = question_of(case)
        assert json.dumps(first.ask(question)) == json.dumps(second.ask(question))


def test_the_cases_cover_every_reason_code():
    """The conformance cases between them meet every reason code (`vires.codes.REASONS`)."""
    codes = set(REASONS)
    (case_file,) = load_cases([CASES])
    rules = open_rules(list(case_file.rules), "native")
    seen = {r["code"] for case in case_file.cases for r in rules.ask(question_of(case))["reasons"]}
    assert codes - seen == set()
