"""`vires list`: the bodies, functions and facts a user can ask about, by name and id, in text and JSON."""

from __future__ import annotations

import json

from test_cli_errors import run


def test_bodies_by_name_with_their_ids_and_a_match():
    """`--match hackney health` keeps the bodies whose name or id holds both words, each with its id."""
    result = run("list", "bodies", "@city-and-hackney", "--match", "hackney health")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{len(lines) - 1} bodies, by name")
    assert all("hackney" in x.casefold() and "health" in x.casefold() for x in lines[1:])
    line = next(x for x in result.stdout.splitlines() if x.startswith("  Hackney Health and Wellbeing Board"))
    assert "hackney-hwbb " in line and "part of London Borough of Hackney" in line


def test_bodies_as_json_are_what_the_catalogue_gives():
    """JSON lists name, id, kind, type, level, part_of and members for every body, sorted by name."""
    bodies = json.loads(run("list", "bodies", "@city-and-hackney", "--format", "json").stdout)
    assert set(bodies[0]) == {"name", "id", "kind", "type", "level", "part_of", "members"}
    assert [b["name"].casefold() for b in bodies] == sorted(b["name"].casefold() for b in bodies)
    assert {"id": "hackney-hwbb", "name": "Hackney Health and Wellbeing Board"}.items() <= next(
        b for b in bodies if b["id"] == "hackney-hwbb"
    ).items()


def test_functions_as_a_tree_with_their_names():
    """A child is indented under its parent; a declared function shows its name."""
    lines = run("list", "functions", "@city-and-hackney", "--match", "jsna").stdout.splitlines()
    assert any(x.split()[:1] == ["population-health.jsna"] and "joint strategic needs" in x for x in lines)


def test_facts_with_their_types_uses_and_examples():
    """Facts of the condition kinds and of the rules' `where` tests, each with its type and an example; `present`
    is a number, or (since bodies of the pack list their members) members by name."""
    facts = {f["name"]: f for f in json.loads(run("list", "facts", "@city-and-hackney", "--format", "json").stdout)}
    assert facts["present"]["type"] == "body or number" and facts["present"]["condition"] == "quorum"
    assert facts["present"]["example"] == "present=3"
    assert facts["notice_given"]["example"] == "notice_given=2026-05-20"
    assert facts["informed"]["type"] == "body" and "hackney-key-decisions" in facts["informed"]["rules"]
    assert facts["informed"]["condition"] == "inform"
    assert facts["amount"]["part_of_question"] is True
    text = run("list", "facts", "@city-and-hackney").stdout
    assert "present        a whole number, 0 or more" in text


def test_packs_lists_the_shipped_packs_and_other_lists_need_rules():
    """`list packs` names the shipped packs; `list bodies` with no rules says which rules to name (exit 2)."""
    assert "@city-and-hackney" in run("list", "packs").stdout.splitlines()
    result = run("list", "bodies")
    assert result.exit_code == 2 and "error no-rules:" in result.stderr and "@city-and-hackney" in result.stderr


def test_a_match_that_finds_nothing_says_so_and_offers_the_nearest():
    """Nothing matches: the list says so on stdout, and stderr names the nearest ids."""
    result = run("list", "bodies", "@city-and-hackney", "--match", "hackny-hwbb")
    assert result.stdout.strip() == "No body matches." and "nearest: hackney-hwbb" in result.stderr


def test_a_text_fact_is_shown_with_a_value_its_rules_test_for():
    """A text fact's example is a value some rule tests for (the first in order), not a placeholder."""
    facts = {f["name"]: f for f in json.loads(run("list", "facts", "@england", "--format", "json").stdout)}
    assert facts["psr_process"]["example"] == "psr_process=competitive"
