"""`vires agenda`: hand-computed deadlines on both engines, routes that pass, exit codes, and located errors."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from vires.api import open_rules
from vires.cli.main import cli
from vires.engine.choose import durable_available
from vires.pack.condition_kinds import BLOCKING
from vires.review.agenda import check_agenda
from vires.review.deadlines import DUE
from vires.review.meeting_files import load_meeting

ROOT = Path(__file__).resolve().parents[1]
MEETINGS = Path(__file__).parent / "fixtures" / "meetings"
CHECKS = yaml.safe_load((MEETINGS / "deadlines.yaml").read_text(encoding="utf-8"))["checks"]
ENGINES = ["native"] + (["durable"] if durable_available() else [])
SAMPLE = ROOT / "decisions" / "meetings" / "hackney-hwbb-2026-06-01.yaml"


def agenda(*args: str):
    """Run `vires agenda` and return click's result."""
    return CliRunner().invoke(cli, ["agenda", *args])


@pytest.fixture(scope="module", params=ENGINES)
def engine(request) -> str:
    return request.param


def _checked(meeting: str, as_of: str, engine: str) -> dict:
    found = load_meeting(str(MEETINGS / meeting))
    return check_agenda(found, open_rules(list(found.rules), engine), dt.date.fromisoformat(as_of), 14)


@pytest.mark.parametrize("check", CHECKS, ids=[f"{c['meeting']}@{c['as_of']}" for c in CHECKS])
def test_hand_computed_deadlines(check, engine):
    """Each meeting fixture gives, on each engine, the deadlines, states, statuses and routes computed by hand
    in tests/fixtures/meetings/deadlines.yaml."""
    result = _checked(check["meeting"], check["as_of"], engine)
    got = [[d["item"], d["route"], d["due"], d["state"]] for d in result["deadlines"]]
    assert got == check["deadlines"], check["note"]
    assert {i["number"]: i["status"] for i in result["items"]} == check["status"]
    for number, route in check.get("route", {}).items():
        (item,) = [i for i in result["items"] if i["number"] == number]
        assert [c["route"] for c in item["conditions"]] == [route]
    assert result["can_all_be_taken"] is (check["exit"] == 0)


@pytest.mark.parametrize("check", CHECKS[:1] + CHECKS[3:4], ids=["all-open", "all-passed"])
def test_the_cli_exits_1_only_when_an_item_cannot_be_taken(check):
    """Exit 0 while every item keeps a route open, 1 once some item has none."""
    result = agenda(str(MEETINGS / check["meeting"]), "--as-of", check["as_of"], "--engine", "native")
    assert result.exit_code == check["exit"], result.output


def test_a_fact_that_rules_out_a_route_says_so_and_a_step_done_costs_no_day():
    """Notice given on 20 May rules out 28 days' notice (11 clear days) and meets the notice of the general
    exception, whose route is then due only by the decision (the chair still to inform in writing)."""
    result = _checked("key-decision.yaml", "2026-05-10", "native")
    (item,) = [i for i in result["items"] if i["number"] == "8"]
    first, second, _ = item["conditions"][0]["routes"]
    assert first["state"] == "ruled-out" and "11 clear days" in first["note"]
    assert second["timing"] == "before-decision" and second["due"] == "2026-06-01"
    assert [(s["condition"], s["done"]) for s in second["steps"]] == [("inform", False), ("notice_days", True)]


def test_soon_marks_open_deadlines_within_the_window():
    """--within 14 from 20 April marks 3 May (13 days) soon, not 26 May (36 days); a passed deadline is never soon."""
    result = _checked("key-decision.yaml", "2026-04-20", "native")
    soon = {(d["item"], d["route"]): d["soon"] for d in result["deadlines"]}
    assert soon[("7", 1)] is True and soon[("7", 2)] is False
    passed = _checked("key-decision.yaml", "2026-05-10", "native")
    assert not any(d["soon"] for d in passed["deadlines"] if d["state"] == "passed")


def test_a_denied_item_lists_who_may_decide_instead_lowest_level_first():
    """The Board may not establish a pooled fund; instead its own organisation, Hackney, may: the City's and the
    ICB's bodies act for other organisations, so they are not offered for the Board's decision (issue 20)."""
    found = load_meeting(str(SAMPLE))
    result = check_agenda(found, open_rules(list(found.rules), "native"), dt.date(2026, 5, 18), 14)
    (item,) = [i for i in result["items"] if i["number"] == "9"]
    assert item["status"] == "cannot-be-taken" and item["answer"]["outcome"] == "denied"
    assert [(b["body"], b["organisation"]) for b in item["instead"]] == [("lb-hackney", "lb-hackney")]


def test_the_json_follows_the_agenda_schema_and_each_answer_the_answer_schema():
    """`--format json` validates against schemas/agenda.schema.json; each item's answer against answer.schema.json."""
    result = agenda(str(SAMPLE), "--as-of", "2026-05-18", "--format", "json", "--engine", "native")
    assert result.exit_code == 1
    data = json.loads(result.output)
    schemas = ROOT / "schemas"
    Draft202012Validator(json.loads((schemas / "agenda.schema.json").read_text(encoding="utf-8"))).validate(data)
    answers = Draft202012Validator(json.loads((schemas / "answer.schema.json").read_text(encoding="utf-8")))
    for item in data["items"]:
        if "answer" in item:
            answers.validate(item["answer"])


def test_the_output_is_the_same_bytes_every_run(tmp_path):
    """Text, JSON, Markdown, HTML and the calendar are deterministic."""
    for suffix in ("txt", "json", "md", "html", "ics"):
        runs = []
        for n in (1, 2):
            target = tmp_path / f"run{n}.{suffix}"
            agenda(str(SAMPLE), "--as-of", "2026-05-18", "-o", str(target), "--engine", "native")
            runs.append(target.read_bytes())
        assert runs[0] == runs[1], suffix


def test_paths_add_rules_to_the_meeting_file(tmp_path):
    """PATHS after the meeting file are loaded with its rules: a scheme of the council's own passing pooled
    funds to the Board lets it take item 9, once both the agenda rule and the key-decision rule are met."""
    scheme = tmp_path / "scheme.yaml"
    scheme.write_text(
        "delegations:\n  - {id: bcf-to-hwbb, from: lb-hackney, to: hackney-hwbb, "
        "functions: [s75-arrangements.pooled-fund], source: {ref: lga-1972, section: s.101(1)}}\n",
        encoding="utf-8",
    )
    result = agenda(str(SAMPLE), str(scheme), "--as-of", "2026-05-18", "--format", "json", "--engine", "native")
    (item,) = [i for i in json.loads(result.output)["items"] if i["number"] == "9"]
    assert item["answer"]["outcome"] == "conditional" and item["status"] == "pending"
    routes = {c["rule"]: c["route"] for c in item["conditions"]}
    assert routes == {"hackney-hwbb-agenda-items": 1, "hackney-key-decisions": 2}  # 28 days' notice passed 3 May


@pytest.mark.parametrize(
    "text, code, line",
    [
        ("decision: population-health.jsnaa", "unknown-function", 7),
        ("decision: population-health.jsna\n    facts: {presnt: 3}", "unknown-fact", 8),
    ],
)
def test_a_bad_item_exits_2_located_in_the_meeting_file(tmp_path, text, code, line):
    """An unknown function or fact is refused with exit 2, at the item's line, with the nearest names."""
    meeting = tmp_path / "meeting.yaml"
    meeting.write_text(
        f"rules: ['@hackney-meetings']\nmeeting: {{body: hackney-hwbb, date: 2026-06-01}}\n"
        f"items:\n  - title: ok\n    decision: population-health.jhws\n  - title: wrong\n    {text}\n",
        encoding="utf-8",
    )
    result = agenda(str(meeting), "--as-of", "2026-05-18", "--engine", "native")
    assert result.exit_code == 2
    assert f"meeting.yaml:{line}:" in result.output and f"error {code}:" in result.output
    assert "hint:" in result.output


def test_an_unknown_body_and_a_bad_file_exit_2(tmp_path):
    """A body no rule declares, and a file that is not a meeting file, are refused with exit 2."""
    meeting = tmp_path / "meeting.yaml"
    meeting.write_text(
        "rules: ['@hackney-meetings']\nmeeting: {body: Hackney Health Board, date: 2026-06-01}\n"
        "items:\n  - {title: ok, decision: population-health.jhws}\n",
        encoding="utf-8",
    )
    result = agenda(str(meeting), "--engine", "native")
    assert result.exit_code == 2 and "meeting.yaml:2:" in result.output and "unknown-body" in result.output
    meeting.write_text("rules: ['@hackney-meetings']\nmeeting: {date: 2026-06-01}\nitems: []\n", encoding="utf-8")
    result = agenda(str(meeting), "--engine", "native")
    assert result.exit_code == 2 and "has no `body`" in result.output


def test_every_blocking_condition_kind_has_a_deadline():
    """deadlines.DUE says when each blocking kind of the condition-kind table is due: a new kind needs an entry."""
    assert {kind.key for kind in BLOCKING} == set(DUE)


def test_clear_days_count_neither_the_notice_day_nor_the_meeting_day():
    """N clear days' notice for a meeting on day D is due by D - (N + 1): 0 clear days, the day before."""
    meeting = dt.date(2026, 6, 1)
    assert [DUE["notice_days"](n, meeting).day for n in (0, 5, 28)] == [
        dt.date(2026, 5, 31),
        dt.date(2026, 5, 26),
        dt.date(2026, 5, 3),
    ]
