"""Asking by name, and never discarding what the user said: names resolve, facts are checked, shortfalls and
what was met are said (issue: ask by name)."""

from __future__ import annotations

import json

import pytest
from test_cli_errors import run

HACKNEY = ("@city-and-hackney", "--date", "2026-06-01")
POOLED = ("--body", "lb-hackney", "--decision", "s75-arrangements.pooled-fund.establish", "--amount", "2m")
JSNA = ("--body", "hackney-hwbb", "--decision", "population-health.jsna")

# (what the user typed, exit code, code of the error or None, words the output must hold)
REFUSED = {
    "a body by part of its name": (
        ("--body", "Hackney Health", "--decision", "population-health.jsna"),
        "unknown-body",
        ["Hackney Health and Wellbeing Board (`hackney-hwbb`)", "(`hackney-hwbb-chair`)"],
    ),
    "a function by the last part of its id": (
        ("--body", "hackney-hwbb", "--decision", "jsna"),
        "unknown-function",
        ["Prepare the joint strategic needs assessment", "(`population-health.jsna`)"],
    ),
    "a misspelt fact name": ((*JSNA, "--fact", "presnt=3"), "unknown-fact", ["did you mean `present`?"]),
    "a count in words": ((*JSNA, "--fact", "present=three"), "bad-fact", ["not a whole number", "present=3"]),
    "a negative count": ((*JSNA, "--fact", "present=-1"), "bad-fact", ["not a whole number, 0 or more"]),
    "a date written day first": (
        (*JSNA, "--fact", "notice_given=20/05/2026"),
        "bad-fact",
        ["not a date, YYYY-MM-DD", "notice_given=2026-05-20"],
    ),
    "a misspelt consultee": (
        (*POOLED, "--fact", "consulted=hackney-scrutiny-chiar"),
        "bad-fact",
        ["must name a body", "Chair of the Hackney Scrutiny Panel (`hackney-scrutiny-chair`)"],
    ),
    "a boolean fact given as a word": ((*JSNA, "--fact", "in_public=perhaps"), "bad-fact", ["true or false"]),
    "the amount given as a fact": ((*JSNA, "--fact", "amount=5m"), "bad-fact", ["--amount"]),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_what_cannot_be_used_is_refused_with_the_nearest_names(name):
    """Each is exit 2 with its code and a hint naming what was meant; nothing is answered on a guess."""
    args, code, words = REFUSED[name]
    result = run("ask", *HACKNEY, *args)
    assert result.exit_code == 2 and result.stdout == ""
    assert f"error {code}:" in result.stderr
    for word in words:
        assert word in result.stderr


@pytest.mark.parametrize(
    "body, decision",
    [
        ("Hackney Health and Wellbeing Board", "Prepare the joint strategic needs assessment (LGPIHA 2007 s.116)"),
        ("hackney  health and wellbeing BOARD", "population-health.jsna"),
        ("hackney-hwbb", "prepare the JSNA"),  # the function's short name, as a diagram shows it
    ],
)
def test_a_body_by_id_or_by_name_in_any_case_and_spacing(body, decision):
    """A unique name or short name, case- and space-insensitive, is the body or function; the answer names
    it with its id."""
    result = run(
        "ask",
        *HACKNEY,
        "--body",
        body,
        "--decision",
        decision,
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["question"]["body"] == "hackney-hwbb"
    assert json.loads(result.stdout)["question"]["decision"] == "population-health.jsna"


def test_a_body_informed_by_name_meets_the_condition():
    """`informed=` takes a name; the key decision's general exception is then met, and the answer says by what."""
    result = run(
        "ask",
        *HACKNEY,
        *POOLED,
        "--fact",
        "informed=Chair of the Hackney Scrutiny Panel",
        "--fact",
        "notice_given=2026-05-20",
        "--format",
        "json",
    )
    answer = json.loads(result.stdout)
    assert answer["outcome"] == "permitted"
    assert answer["question"]["facts"]["informed"] == ["hackney-scrutiny-chair"]
    (met,) = answer["chains"][0]["met"]
    assert met["rule"] == "hackney-key-decisions" and met["condition"] == "first_of" and met["route"] == 2
    assert met["by"] == {"informed": ["hackney-scrutiny-chair"], "notice_given": ["2026-05-20"]}
    assert (
        "Conditions met:"
        in run(
            "ask", *HACKNEY, *POOLED, "--fact", "informed=hackney-scrutiny-chair", "--fact", "notice_given=2026-05-20"
        ).stdout
    )


def test_a_quorum_not_reached_is_said_in_text_and_json():
    """present=2 against a quorum of 3 is read, and said: the user knows vires used it."""
    args = (
        "ask",
        *HACKNEY,
        "--body",
        "city-of-london-hwbb",
        "--decision",
        "population-health.jsna",
        "--fact",
        "present=2",
    )
    (entry,) = json.loads(run(*args, "--format", "json").stdout)["chains"][0]["outstanding"]
    assert entry == {
        "condition": "quorum",
        "value": 3,
        "rule": "city-of-london-hwbb",
        "given": {"present": [2]},
        "note": "present=2 is below the quorum of 3",
    }
    assert "present=2 is below the quorum of 3 [city-of-london-hwbb]" in run(*args).stdout


def test_notice_too_short_says_how_many_clear_days_were_given():
    """Notice given 20 May for 1 June is 11 clear days; the key decision's 28 are needed."""
    result = run("ask", *HACKNEY, *POOLED, "--fact", "notice_given=2026-05-20", "--format", "json")
    (entry,) = json.loads(result.stdout)["chains"][0]["outstanding"]
    assert entry["given"] == {"notice_given": ["2026-05-20"]}
    (ruled_out,) = entry["ruled_out"]
    assert ruled_out["note"] == "notice given 20 May 2026 is 11 clear days before 1 June 2026; 28 are needed"


def test_who_resolves_the_function_by_name_too():
    """`who --decision` takes the function's name."""
    result = run(
        "who", *HACKNEY, "--decision", "deliver the neighbourhood health plan", "--include-proposed", "--format", "json"
    )
    assert result.exit_code == 0 and json.loads(result.stdout)["question"]["decision"] == (
        "neighbourhood-health-plan.deliver"
    )


def test_a_name_two_bodies_share_is_refused_naming_both(tmp_path):
    """Two councils' cabinets both called "Cabinet": the name alone is ambiguous, and both ids are offered."""
    (tmp_path / "pack.yaml").write_text(
        "pack: {id: two, title: Two councils}\n"
        "sources: [{id: act, title: An Act, kind: statute}]\n"
        "bodies:\n"
        "  - {id: north-cabinet, name: Cabinet, kind: committee, level: place}\n"
        "  - {id: south-cabinet, name: Cabinet, kind: committee, level: place}\n"
        "functions: [{id: budget, name: Set the budget}]\n"
        "powers: [{id: p, holder: north-cabinet, functions: [budget], source: {ref: act, section: '1'}}]\n"
    )
    result = run("ask", tmp_path, "--body", "cabinet", "--decision", "Set the budget", "--date", "2026-06-01")
    assert result.exit_code == 2 and "error ambiguous-name:" in result.stderr
    assert "Cabinet (`north-cabinet`); Cabinet (`south-cabinet`)" in result.stderr
    assert (
        run(
            "ask", tmp_path, "--body", "north-cabinet", "--decision", "Set the budget", "--date", "2026-06-01"
        ).exit_code
        == 0
    )
