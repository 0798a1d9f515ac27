"""The JSON Schemas: well formed, strict, described, in step with the model, and true to real answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from vires.codes import REASONS
from vires.pack.condition_kinds import KINDS
from vires.pack.model import BODY_KINDS, LEVELS, STATUSES

SCHEMAS = Path(__file__).parent.parent / "schemas"
OURS = ["rulepack", "cases", "answer", "meeting", "agenda"]
REASON_CODES = list(REASONS)  # in the order their checks run (SPEC 3.1 step 7, and the two codes of issue 20)


def _schema(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))


def _objects(node, path="#"):
    """Every (path, mapping) in a schema document, outside `if` tests (which match, not describe)."""
    if path.endswith("/if"):
        return
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _objects(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _objects(value, f"{path}/{index}")


@pytest.mark.parametrize("path", sorted(SCHEMAS.glob("*.schema.json")), ids=lambda p: p.name)
def test_every_schema_is_valid_draft_2020_12(path):
    """Every schema in `schemas/` passes the 2020-12 metaschema and has an `$id`."""
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith(path.name)


@pytest.mark.parametrize("name", OURS)
def test_objects_with_fixed_keys_refuse_unknown_keys(name):
    """Every schema object that lists its keys sets `additionalProperties: false`."""
    for path, node in _objects(_schema(name)):
        if "properties" in node and not path.endswith("/properties"):
            assert node.get("additionalProperties") is False, path


@pytest.mark.parametrize("name", OURS)
def test_every_property_has_a_description(name):
    """Every property of every object carries a `description` (shown by editors)."""
    for path, node in _objects(_schema(name)):
        if path.endswith("/properties"):
            for key, value in node.items():
                assert isinstance(value, dict) and value.get("description"), f"{path}/{key}"


def test_rule_pack_enums_follow_the_model():
    """Body kinds, levels and statuses in the schema are the model's; condition keys are the engine's."""
    defs = _schema("rulepack")["$defs"]
    assert tuple(defs["bodyKind"]["enum"]) == BODY_KINDS
    assert tuple(defs["level"]["enum"]) == LEVELS
    assert tuple(defs["delegation"]["properties"]["status"]["enum"]) == STATUSES
    condition = set(defs["condition"]["properties"])
    assert condition == set(KINDS) | {"where", "valid", "any", "first_of", "blocking"}
    assert defs["document"]["properties"]["kind"]["enum"] == [
        "statute",
        "regulation",
        "constitution",
        "scheme",
        "terms-of-reference",
        "mou",
        "agreement",
        "paper",
        "minute",
    ]


def test_reason_codes_are_the_same_everywhere():
    """The answer and case schemas list exactly the reason codes of `vires.codes.REASONS`."""
    assert sorted(_schema("answer")["$defs"]["reason"]["properties"]["code"]["enum"]) == sorted(REASON_CODES)
    assert sorted(_schema("cases")["$defs"]["reasonCode"]["enum"]) == sorted(REASON_CODES)


@pytest.mark.parametrize(
    "value, valid",
    [
        ({"area": "hackney"}, True),
        ({"amount": {"max": 3}}, True),
        ({"area": {"in": ["a", "b"]}}, True),
        ({"area": ["a", "b"]}, False),
        ({"amount": {"max": 3, "min": 1}}, True),
        ({"amount": {"in": [1], "min": 1}}, False),
        ({"amount": {}}, False),
        ({}, False),
        ({"area": None}, False),
    ],
)
def test_where_values(value, valid):
    """A `where` value is a scalar, `{max}`, `{min}`, a range `{min, max}` or `{in: [..]}`; a bare list,
    or `in` with a bound, is an error."""
    power = {"id": "p", "holder": "b", "functions": ["f"], "source": {"ref": "s"}, "where": value}
    assert Draft202012Validator(_schema("rulepack")).is_valid({"powers": [power]}) is valid


@pytest.fixture(scope="module")
def conformance():
    from vires.api import open_rules
    from vires.review.case_files import load_cases

    root = Path(__file__).parent / "conformance"
    return open_rules([str(root / "pack.yaml")], "native"), load_cases([str(root / "cases.yaml")])[0]


def test_answer_schema_describes_every_conformance_answer(conformance):
    """Every `ask` answer on the conformance cases validates against `answer.schema.json`."""
    from vires.review.run_cases import question_of

    rules, case_file = conformance
    validator = Draft202012Validator(_schema("answer"))
    outcomes = set()
    for case in case_file.cases:
        answer = rules.ask(question_of(case))
        validator.validate(answer)
        outcomes.add(answer["outcome"])
    assert outcomes == {"permitted", "conditional", "denied"}


def test_who_schema_describes_who_answers(conformance):
    """`who` answers validate against `$defs/who` of the answer schema (the root `$ref` swapped)."""

    from vires.engine.question import Question

    rules, case_file = conformance
    who = Draft202012Validator({**_schema("answer"), "$ref": "#/$defs/who"})
    seen = 0
    for case in case_file.cases:
        answer = rules.who(Question(decision=case.decision, date=case.date, facts=dict(case.facts)))
        who.validate(answer)
        seen += len(answer["bodies"])
    assert seen > 0


def test_meeting_and_case_files_share_their_definitions():
    """The meeting schema repeats the case schema's names, dates, amounts, facts and expectations word for word
    (each schema is self-contained for editors), so a meeting item reads as a case does."""
    cases, meeting = _schema("cases")["$defs"], _schema("meeting")["$defs"]
    for name in ("conditionKind", "name", "id", "date", "amount", "scalar", "reasonCode", "expect"):
        assert meeting[name] == cases[name], name
    facts = {k: v for k, v in cases["ask"]["properties"]["facts"].items() if k != "description"}
    assert meeting["facts"] == facts
