"""Words for people come from the library's data: reasons carry their rules, and remedies are the front end's."""

from __future__ import annotations

import json

from test_cli_errors import run

from vires.outputs.answer_text import need_line
from vires.pack.model import Pack

PARTNERSHIP_BOARD = (
    "ask",
    "@city-and-hackney",
    "--body",
    "ch-partnership-board",
    "--decision",
    "neighbourhood-health-plan.deliver",
    "--date",
    "2026-06-01",
    "--include-proposed",
)


def test_a_not_delegable_reason_names_the_rule_that_restricts_it_as_data():
    """JSON `restricted_by` is the power whose `delegable` stops the hop, cited by the restriction's own source
    (LGA 1972 ss.101-102, not the policy paper the power rests on), in JSON and in text."""
    result = run(*PARTNERSHIP_BOARD, "--format", "json")
    reasons = [r for r in json.loads(result.stdout)["reasons"] if r["code"] == "not-delegable"]
    assert reasons and {r["restricted_by"] for r in reasons} == {"nhp-council-function"}
    cited = [c for r in reasons for c in r["citations"] if c["rule"] == "nhp-council-function"]
    assert {(c["ref"], c["restriction"]) for c in cited} == {("lga-1972", "delegable")}
    assert cited[0]["section"].startswith("ss.101(1)-(2)")
    text = run(*PARTNERSHIP_BOARD).stdout
    assert "    `nhp-council-function` (delegable): Local Government Act 1972, ss.101(1)-(2)" in text


def test_only_not_delegable_reasons_carry_restricted_by():
    """Other reasons hold code, rule, message and the citations of the rule they rest on (and, where no chain
    reaches the body, where the function lies instead)."""
    result = run(
        "ask",
        "@london",
        "--body",
        "devolution-programme-board",
        "--decision",
        "finance.hold-budget",
        "--date",
        "2016-06-01",
        "--format",
        "json",
    )
    reasons = json.loads(result.stdout)["reasons"]
    assert all(set(r) <= {"code", "rule", "message", "citations", "held_by", "granted_by"} for r in reasons)
    assert [c["rule"] for c in reasons[0]["citations"]] == [reasons[0]["rule"]]
    assert reasons[0]["citations"][0]["title"] == "London Health and Care Collaboration Agreement"


def test_the_command_line_says_how_to_give_a_missing_amount():
    """A missing amount is given with --amount, not --fact: the CLI words the remedy."""
    result = run(
        "ask",
        "@city-and-hackney",
        "--body",
        "lb-hackney",
        "--decision",
        "s75-arrangements.pooled-fund.establish",
        "--date",
        "2026-06-01",
    )
    assert "the question does not say `amount` (add it with --amount; vires never assumes" in result.stdout


def test_the_library_names_what_is_missing_without_a_front_end_remedy():
    """Without a remedy the words say what is missing and name no command-line option."""
    line = need_line(Pack(), {"condition": "where", "missing": ["amount", "area"], "rule": "r"})
    assert line == (
        "  - the question does not say `amount`, `area` (vires never assumes a fact in the decider's favour) [r]"
    )
    assert "--" not in line
