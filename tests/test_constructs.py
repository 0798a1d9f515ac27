"""The constructs of real schemes (tests/constructs): dated limits, ranges, working days, ordered
fallbacks, inform, record and publish, periods on requirements and conditions — on both engines,
in JSON and in the words of every output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_cli_errors import run

from vires.api import open_rules
from vires.engine.choose import durable_available

HERE = Path(__file__).parent / "constructs"
PACK = str(HERE / "pack.yaml")
CASES = str(HERE / "cases.yaml")
ENGINES = ["native"] + (["durable"] if durable_available() else [])
KEY_DECISION = [
    "ask",
    PACK,
    "--body",
    "cabinet",
    "--decision",
    "contracts",
    "--amount",
    "600000",
    "--date",
    "2026-06-01",
]


def answer(*args: str) -> dict:
    """The JSON answer of `vires ask ARGS… --format json`."""
    return json.loads(run(*args, "--format", "json").stdout)


def test_a_dated_limit_cites_the_entry_in_force():
    """The link gives the limit on the date, the day its entry starts and the entry's own citation."""
    args = ["ask", PACK, "--body", "director", "--decision", "contracts", "--date", "2023-06-01"]
    link = answer(*args)["chains"][0]["links"][2]
    assert link["limit"] == 213477 and link["limit_from"] == "2022-01-01"
    assert link["limit_source"]["section"] == "reg 5(1)(b), as amended in 2022"
    text = run(*args).stdout
    assert "up to £213,477 (the limit from 1 January 2022: Public Contracts Regulations 2015, reg 5(1)(b)" in text


def test_ordered_fallbacks_name_the_fact_that_rules_each_route_out():
    """Notice 11 clear days before rules out 28 days' notice; the answer names it, and the route to take."""
    (entry,) = answer(*KEY_DECISION, "--fact", "notice_given=2026-05-20")["chains"][0]["outstanding"]
    assert entry["condition"] == "first_of" and entry["route"] == 2
    assert entry["ruled_out"] == [
        {
            "route": 1,
            "by": {"notice_given": ["2026-05-20"]},
            "note": "notice given 20 May 2026 is 11 clear days before 1 June 2026; 28 are needed",
        }
    ]
    assert entry["needs"] == [{"condition": "inform", "value": ["scrutiny-chair"]}]
    text = run(*KEY_DECISION, "--fact", "notice_given=2026-05-20").stdout
    assert "1. 28 clear days' notice: ruled out by notice_given=2026-05-20" in text
    assert "2. inform Chair of Scrutiny (scrutiny-chair) in writing and 5 clear days' notice: the route to take" in text
    assert "3. approval of Chair of Scrutiny (scrutiny-chair): only if every route before it is ruled out" in text


def test_a_missing_fact_keeps_the_first_route_open_and_the_rest_closed():
    """Without notice_given, the chair's approval is not enough: route 1 is open, never ruled out by today's date."""
    (entry,) = answer(*KEY_DECISION, "--fact", "approved_by=scrutiny-chair")["chains"][0]["outstanding"]
    assert entry["route"] == 1 and entry["ruled_out"] == []


def test_every_route_ruled_out_is_said():
    """Notice the day before and no approval leaves route 3 open; with a `where`-free last route that is all."""
    (entry,) = answer(*KEY_DECISION, "--fact", "notice_given=2026-05-31")["chains"][0]["outstanding"]
    assert entry["route"] == 3 and [r["route"] for r in entry["ruled_out"]] == [1, 2]


def test_record_and_publish_fall_due_after_deciding():
    """`publish` within 3 days falls due 3 days after the decision; `record` says as soon as reasonably practicable."""
    facts = ["--fact", "notice_given=2026-05-01"]
    obligations = answer(*KEY_DECISION, *facts)["chains"][0]["obligations"]
    publish = next(o for o in obligations if o["condition"] == "publish")
    assert publish["due"] == "2026-06-04" and publish["value"] == {
        "within_days": 3,
        "what": "the record of the decision",
    }
    record = next(o for o in obligations if o["condition"] == "record")
    assert "due" not in record
    text = run(*KEY_DECISION, *facts).stdout
    after = text.split("After deciding, or in deciding:")[1]
    assert "record the decision, as soon as reasonably practicable [key-decisions]" in after
    assert "publish the record of the decision, within 3 days of the decision; due by 4 June 2026" in after


def test_working_days_say_the_last_day_notice_could_have_been_given():
    """Ten working days before Monday 20 April 2026, over Easter: notice by 1 April at the latest."""
    args = ["ask", PACK, "--body", "licensing-committee", "--decision", "licensing", "--date", "2026-04-20"]
    (entry,) = answer(*args)["chains"][0]["outstanding"]
    assert entry == {"condition": "working_days", "value": 10, "rule": "licensing-hearing-notice",
                     "last_notice_day": "2026-04-01"}  # fmt: skip
    text = run(*args, "--fact", "notice_given=2026-04-02").stdout
    assert "notice given 2 April 2026 leaves 9 working days before 20 April 2026; 10 are needed" in text
    assert "the last day notice could have been given is 1 April 2026" in text


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_papers_word_the_constructs(fmt):
    """A paper says the routes, the fact ruling one out, the due date and the dated limit's citation."""
    paper = run(*KEY_DECISION, "--fact", "notice_given=2026-05-20", "--format", fmt).stdout
    assert "the route to take" in paper and "ruled out: notice given" in paper
    paper = run(*KEY_DECISION, "--fact", "notice_given=2026-05-01", "--format", fmt).stdout
    assert "due by 4 June 2026" in paper
    limit = run("ask", PACK, "--body", "director", "--decision", "contracts", "--date", "2024-03-01", "--format", fmt)
    assert "The limit from 1 January 2024: " in limit.stdout


def test_list_facts_shows_informed_and_notice_for_working_days():
    """`informed` is a body-valued fact of `inform`; `notice_given` meets clear and working days alike."""
    facts = {f["name"]: f for f in json.loads(run("list", "facts", PACK, "--format", "json").stdout)}
    assert facts["informed"]["type"] == "body" and facts["informed"]["condition"] == "inform"
    assert "licensing-hearing-notice" in facts["notice_given"]["rules"]
    assert (
        "meets `notice_days` (clear days before the decision) and `working_days`" in run("list", "facts", PACK).stdout
    )


def test_an_informed_fact_must_name_a_body():
    """`informed=` is checked like `consulted=`: an unknown body exits 2 with the nearest names."""
    result = run(*KEY_DECISION, "--fact", "informed=scrutiny-chiar")
    assert result.exit_code == 2 and "must name a body" in result.stderr


def test_the_scheme_words_routes_and_obligations(tmp_path):
    """The scheme table gives the ordered routes and the obligations with their deadlines, in words."""
    out = tmp_path / "scheme.md"
    result = run("scheme", PACK, "--body", "cabinet", "--date", "2026-06-01", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "the first of these routes that the facts do not rule out, in this order: (1) 28 clear days' notice" in text
    assert "publish the record of the decision, within 3 days of the decision" in text


def test_the_engine_never_reads_todays_date(monkeypatch):
    """Answers on the constructs are the same whatever today is: routes are ruled out by facts, never by the clock."""
    import datetime as dt

    class Frozen(dt.date):
        @classmethod
        def today(cls):
            return cls(2030, 1, 1)

    first = answer(*KEY_DECISION)
    monkeypatch.setattr(dt, "date", Frozen)
    assert answer(*KEY_DECISION) == first


def test_check_compares_dated_limits_as_they_stand_on_the_date_checked(tmp_path):
    """A dated limit above its delegator's is a warning only from the day its raised entry applies."""
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        "pack: {id: p, title: P}\n"
        "sources: [{id: s, title: Scheme, kind: scheme}]\n"
        "bodies: [{id: council, name: Council, kind: statutory-body, level: place},\n"
        "         {id: officer, name: Officer, kind: officer, part_of: council, level: place}]\n"
        "functions: [{id: f, name: F}]\n"
        "powers: [{id: p, holder: council, functions: [f], limit: 214000, source: {ref: s}}]\n"
        "delegations:\n"
        "  - {id: d, from: council, to: officer, functions: [f], source: {ref: s},\n"
        "     limit: [{from: 2022-01-01, amount: 213477}, {from: 2024-01-01, amount: 214904}]}\n"
    )
    assert run("check", str(pack), "--date", "2023-06-01", "--strict").exit_code == 0
    later = run("check", str(pack), "--date", "2024-06-01")
    assert "limit-above-delegator" in later.stdout and "sets a limit of £214,904" in later.stdout


def test_the_agenda_reads_ordered_fallbacks_and_working_days_against_the_calendar():
    """The agenda check lists the routes of a `first_of` in order (`ordered`), and a working-days notice is due
    on the last day notice could be given."""
    import datetime as dt

    from vires.review.deadlines import DUE, plan

    rules = open_rules([PACK], "native")
    asked = answer(*KEY_DECISION, "--fact", "notice_given=2026-05-20")
    (entry,) = asked["chains"][0]["outstanding"]
    facts = {"notice_given": (("date", dt.date(2026, 5, 20)),)}
    found = plan(entry, rules.pack, facts, dt.date(2026, 6, 1), dt.date(2026, 5, 25))
    assert found.ordered and found.condition == "first_of"
    assert [r.state for r in found.routes] == ["ruled-out", "open", "open"] and found.route.number == 2
    assert DUE["working_days"](10, dt.date(2026, 4, 20)).day == dt.date(2026, 4, 1)


def test_exceeding_a_dated_limit_cites_the_entry_in_force():
    """`exceeds-limit` on a dated limit cites the entry in force on the date, by its own source."""
    args = ["ask", PACK, "--body", "director", "--decision", "contracts", "--amount", "214000", "--date", "2023-06-01"]
    (reason,) = [r for r in answer(*args)["reasons"] if r["code"] == "exceeds-limit"]
    (cited,) = [c for c in reason["citations"] if c["rule"] == "d-director"]
    assert cited["section"] == "reg 5(1)(b), as amended in 2022" and cited["restriction"] == "limit"
    assert "its limit from 2022-01-01" in reason["message"]


URGENCY = """
pack: {id: urgency, title: An alternative met by a fact its where tests, requires: ["@england"]}
sources: [{id: act, title: Local Government Act 1972, kind: statute}]
bodies:
  - {id: council, name: Council, kind: statutory-body, type: executive-council, level: place}
  - {id: board, name: Board, kind: committee, part_of: council, level: place}
functions: [{id: items.consider, name: Consider an item}]
powers: [{id: board-items, holder: board, functions: [items], source: {ref: act}}]
requirements:
  - id: agenda-notice
    applies_to: {body: board}
    conditions:
      - any:
          - {notice_days: 5}
          - {record: {within: as-soon-as-reasonably-practicable, what: the reasons}, where: {chair_ruled_urgent: true}}
    source: {ref: act, section: "s.100B(4)"}
"""


def test_an_alternative_met_by_its_where_names_the_facts_that_met_it(tmp_path):
    """An `any` alternative that asks nothing before deciding but applies only where a fact holds is met by
    that fact: the answer's `by` and its words name it, never an empty list."""
    pack = tmp_path / "urgency.yaml"
    pack.write_text(URGENCY, encoding="utf-8")
    args = ["ask", str(pack), "--body", "board", "--decision", "items.consider", "--date", "2026-06-01"]
    (met,) = answer(*args, "--fact", "chair_ruled_urgent=true")["chains"][0]["met"]
    assert met["condition"] == "any" and met["by"] == {"chair_ruled_urgent": [True]}
    assert "met by chair_ruled_urgent=True [agenda-notice]" in run(*args, "--fact", "chair_ruled_urgent=true").stdout
