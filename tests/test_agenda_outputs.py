"""The agenda check as its readers meet it: the calendar parsed back by icalendar, the Word note opened by
python-docx, the Markdown and text of the sample meeting against golden files, and `vires test` on a meeting."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import icalendar
import pytest
from click.testing import CliRunner
from test_scheme import check_golden

from vires.cli.main import cli

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "decisions" / "meetings" / "hackney-hwbb-2026-06-01.yaml"
KEY_DECISION = Path(__file__).parent / "fixtures" / "meetings" / "key-decision.yaml"


def run(*args: str):
    """Run the vires CLI on the native engine and return click's result."""
    return CliRunner().invoke(cli, [*args, "--engine", "native"])


def _calendar(meeting: Path, as_of: str, tmp_path: Path) -> tuple[icalendar.Calendar, dict]:
    import json

    target = tmp_path / "deadlines.ics"
    result = run("agenda", str(meeting), "--as-of", as_of, "-o", str(target), "-o", str(tmp_path / "check.json"))
    assert result.exit_code in (0, 1), result.output
    check = json.loads((tmp_path / "check.json").read_text(encoding="utf-8"))
    return icalendar.Calendar.from_ical(target.read_bytes()), check


@pytest.mark.parametrize("as_of", ["2026-04-20", "2026-05-10", "2026-05-27"])
def test_the_calendar_has_one_event_per_open_deadline_on_its_day_naming_its_item(tmp_path, as_of):
    """Parsed back with icalendar: one all-day event per open deadline, on the deadline's day, the item's
    number and title in its summary; passed deadlines are not in it."""
    calendar, check = _calendar(KEY_DECISION, as_of, tmp_path)
    events = list(calendar.walk("VEVENT"))
    open_deadlines = [d for d in check["deadlines"] if d["state"] == "open"]
    assert len(events) == len(open_deadlines) > 0
    for event, deadline in zip(events, open_deadlines, strict=True):
        start = event.decoded("dtstart")
        assert start == dt.date.fromisoformat(deadline["due"]) and not isinstance(start, dt.datetime)
        assert event.decoded("dtend") == start + dt.timedelta(days=1)
        assert f"Item {deadline['item']} ({deadline['title']})" in str(event.get("summary"))
    assert len({str(e.get("uid")) for e in events}) == len(events)


def test_the_calendar_of_the_hand_computed_key_decision(tmp_path):
    """On 20 April: 28 clear days' notice by Sunday 3 May, the general exception by Tuesday 26 May, the chair's
    approval on the day of the meeting, Monday 1 June (item 7)."""
    calendar, _ = _calendar(KEY_DECISION, "2026-04-20", tmp_path)
    item7 = [e for e in calendar.walk("VEVENT") if str(e.get("summary")).startswith("Item 7 ")]
    days = [(e.decoded("dtstart"), str(e.get("summary"))) for e in item7]
    assert [d for d, _ in days] == [dt.date(2026, 5, 3), dt.date(2026, 5, 26), dt.date(2026, 6, 1)]
    assert "28 clear days' notice" in days[0][1] and "5 clear days' notice" in days[1][1]
    assert "approval of Chair of the Hackney Scrutiny Panel" in days[2][1]


def test_the_word_note_opens_with_word_styles_tables_and_each_item(tmp_path):
    """The note to the chair opened with python-docx: Title, a Heading 1 an item, Table Grid tables of the
    items and the deadlines, and a denied item's bodies that may decide it instead."""
    target = tmp_path / "note.docx"
    result = run("agenda", str(SAMPLE), "--as-of", "2026-05-18", "-o", str(target))
    assert result.exit_code == 1, result.output
    document = docx.Document(io.BytesIO(target.read_bytes()))
    styles = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1", "Heading 2"} <= styles
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "Item 5: Joint Strategic Needs Assessment 2026" in headings and "Deadlines" in headings
    assert [t.style.name for t in document.tables] == ["Table Grid", "Table Grid"]
    deadlines = document.tables[1]
    assert [c.text for c in deadlines.rows[0].cells] == ["By", "Item", "Step", "Status"]
    assert deadlines.rows[1].cells[0].text == "Tue 26 May 2026"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Who may decide it instead" in text and "London Borough of Hackney" in text


@pytest.mark.parametrize("fmt", ["txt", "md"])
def test_the_sample_meeting_matches_its_golden_file(tmp_path, fmt):
    """The README's sample meeting, checked on 18 May 2026, prints exactly tests/golden/agenda-hackney-hwbb.*
    (regenerate with VIRES_REGENERATE_GOLDEN=1 and review the diff)."""
    target = tmp_path / f"agenda.{fmt}"
    result = run("agenda", str(SAMPLE), "--as-of", "2026-05-18", "-o", str(target))
    assert result.exit_code == 1, result.output
    check_golden(f"agenda-hackney-hwbb.{fmt}", target.read_text(encoding="utf-8"))


def test_vires_test_runs_a_meeting_files_items_as_cases():
    """`vires test` on a meeting file: one line an item not withdrawn, `expect` checked where given."""
    result = run("test", str(SAMPLE))
    lines = [line for line in result.output.splitlines() if line.startswith(("PASS", "FAIL"))]
    assert result.exit_code == 0, result.output
    assert len(lines) == 5 and all(line.startswith("PASS") for line in lines)
    assert "item 9: Better Care Fund pooled budget 2026/27" in lines[-1]
    assert result.output.splitlines()[-1] == "5 passed, 0 failed"


def test_vires_test_draft_shows_which_items_a_draft_changes():
    """With --draft, a draft putting the Neighbourhood Health Plan delegations in force changes item 8 (sign-off
    of the plan, denied before) and no other."""
    draft = ROOT / "tests" / "fixtures" / "diff" / "ch-nhp-in-force.yaml"
    result = run("test", str(SAMPLE), "--draft", str(draft))
    changed = [line for line in result.output.splitlines() if line.endswith("CHANGED")]
    assert len(changed) == 1 and "item 8:" in changed[0] and "[denied -> conditional]" in changed[0]
    assert "the draft changes the outcome of 1 of 5 cases" in result.output


def test_the_readme_shows_the_sample_meetings_real_output():
    """Every line the README shows of `vires agenda` on the sample meeting is in its golden file, in order."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "$ vires agenda decisions/meetings/hackney-hwbb-2026-06-01.yaml --as-of 2026-05-18\n"
    shown = readme.split(command, 1)[1].split("```", 1)[0].splitlines()
    golden = (ROOT / "tests" / "golden" / "agenda-hackney-hwbb.txt").read_text(encoding="utf-8").splitlines()
    at = 0
    for line in (s for s in shown if s != "..."):
        at = golden.index(line, at) + 1  # ValueError when the README shows a line vires does not print
    assert at > 20


@pytest.mark.yamlls
def test_an_editor_checks_a_meeting_file_by_its_header():
    """yaml-language-server (from npm) loads schemas/meeting.schema.json from the sample meeting's header: the
    sample has no diagnostics, and a misspelt key of an item is reported."""
    import yaml_language_server

    executable = yaml_language_server.find()
    if executable is None:
        pytest.skip("yaml-language-server is not installed (make yaml-language-server)")
    server = yaml_language_server.Server(executable, ROOT, {"validate": True})
    try:
        text = SAMPLE.read_text(encoding="utf-8")
        assert server.diagnostics(SAMPLE, text) == []
        misspelt = SAMPLE.parent / "misspelt.yaml"  # opened with this text, never written
        (found,) = server.diagnostics(misspelt, text.replace("    withdrawn: true", "    withdrawm: true"))
        assert "withdrawm" in found and "not allowed" in found
    finally:
        server.close()
