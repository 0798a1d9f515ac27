"""Amounts: one parser for the command line, packs and case files, and the schemas that carry its pattern."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vires.pack.load import load_collect
from vires.values import AMOUNT_PATTERN, AmountError, parse_amount

SCHEMAS = Path(__file__).parents[1] / "schemas"

WRITTEN = [  # (as written, whole pounds)
    ("2400000", 2_400_000),
    ("2,400,000", 2_400_000),
    ("£2,400,000", 2_400_000),
    ("2.4m", 2_400_000),
    ("£2.4M", 2_400_000),
    ("2.4mn", 2_400_000),
    ("£250k", 250_000),
    ("250K", 250_000),
    ("£ 500k", 500_000),
    ("1.2bn", 1_200_000_000),
    ("0", 0),
    ("500000.0", 500_000),
]
REFUSED = [  # (as written, the start of what is wrong)
    ("5e5", "in scientific notation"),
    ("2.5E6", "in scientific notation"),
    ("1e-3", "in scientific notation"),
    ("2.5", "not a whole number of pounds"),
    ("£1.2345k", "not a whole number of pounds"),
    ("1,00", "not an amount"),
    ("lots", "not an amount"),
    ("-500", "not an amount"),
    ("500 pounds", "not an amount"),
]


@pytest.mark.parametrize(("text", "pounds"), WRITTEN)
def test_amounts_read_as_people_write_them(text, pounds):
    """Digits with or without thousands commas, a pound sign, and k, m, mn, bn scales give whole pounds."""
    assert parse_amount(text) == pounds


@pytest.mark.parametrize(("text", "problem"), REFUSED)
def test_what_is_no_amount_is_refused_saying_why(text, problem):
    """Scientific notation, pence and other text are refused with what is wrong and how to write it."""
    with pytest.raises(AmountError) as raised:
        parse_amount(text)
    assert raised.value.problem.startswith(problem)
    assert str(raised.value).startswith(f"`{text}` is {problem}")


def test_scientific_notation_is_answered_with_the_amount_written_out():
    """`5e5` is refused, and the remedy writes the same amount the two ways vires reads it."""
    with pytest.raises(AmountError) as raised:
        parse_amount("5e5")
    assert raised.value.remedy == "write 500000 or 500k"


@pytest.mark.parametrize("schema", ["rulepack", "cases"])
def test_the_schemas_carry_the_parsers_pattern(schema):
    """The JSON Schemas accept exactly the text the parser reads: their pattern is the parser's, anchored."""
    text = (SCHEMAS / f"{schema}.schema.json").read_text(encoding="utf-8")
    found = json.loads(text)["$defs"]["money" if schema == "rulepack" else "amount"]["anyOf"]
    assert {"type": "string", "pattern": f"^{AMOUNT_PATTERN}$"} in found


def test_limits_and_amount_bounds_in_a_pack_are_amounts(tmp_path):
    """`limit: 500k`, `limit: £2.4m` and `where: {amount: {min: £50,000}}` load as whole pounds."""
    (tmp_path / "pack.yaml").write_text(
        "pack: {id: amounts, title: Amounts}\n"
        "sources: [{id: act, title: Act, kind: statute}]\n"
        "bodies:\n"
        "  - {id: council, name: Council, kind: statutory-body, level: place}\n"
        "  - {id: director, name: Director, kind: officer, part_of: council, level: place}\n"
        "functions: [{id: finance.contracts, name: Award contracts}]\n"
        "powers: [{id: p, holder: council, functions: [finance], limit: £2.4m, source: {ref: act}}]\n"
        "delegations:\n"
        "  - id: d\n    from: council\n    to: director\n    functions: [finance]\n    limit: 500k\n"
        "    where: {amount: {min: '£50,000'}}\n    source: {ref: act}\n",
        encoding="utf-8",
    )
    pack, problems = load_collect([str(tmp_path)])
    assert problems == [] and pack is not None
    assert (pack.powers["p"].limit, pack.delegations["d"].limit) == (2_400_000, 500_000)
    (test,) = pack.delegations["d"].where.tests
    assert (test.op, [int(value) for _, value in test.values]) == ("min", [50_000])
