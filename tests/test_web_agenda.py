"""The workbench's Agenda page through Starlette's test client: upload a meeting file, read its check, download
the note and the calendar, read the JSON the CLI prints; bad input refused and located."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import icalendar
import pytest
from click.testing import CliRunner

pytest.importorskip("starlette")
from starlette.testclient import TestClient  # noqa: E402

from vires.cli.main import cli  # noqa: E402
from vires.web.app import create_app  # noqa: E402
from vires.web.state import Workbench  # noqa: E402

ROOT = Path(__file__).parents[1]
SAMPLE = ROOT / "decisions" / "meetings" / "hackney-hwbb-2026-06-01.yaml"
KEY_DECISION = ROOT / "tests" / "fixtures" / "meetings" / "key-decision.yaml"


@pytest.fixture(scope="module")
def web() -> TestClient:
    """The workbench over @hackney-meetings (which loads @city-and-hackney and @england)."""
    wb = Workbench.from_paths(["@hackney-meetings"], engine="native")
    return TestClient(create_app(wb), base_url="http://127.0.0.1", raise_server_exceptions=False)


def upload(web: TestClient, name: str, data: bytes, **fields):
    """Post a meeting file from the Agenda page's form, with its CSRF token."""
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', web.get("/agenda").text).group(1)
    form = {"csrf": token, "as_of": "2026-05-18", "within": "14", **fields}
    return web.post("/agenda", files={"meeting": (name, data, "application/x-yaml")}, data=form, follow_redirects=False)


def test_the_agenda_page_offers_an_upload_and_is_in_the_navigation(web):
    """GET /agenda is a form with a file field, the day of the check and the window; every page links to it."""
    page = web.get("/agenda").text
    assert 'type="file" name="meeting"' in page and 'name="as_of"' in page and 'name="within"' in page
    assert '<a href="/agenda" aria-current="page">Agenda</a>' in page
    assert '<a href="/agenda">Agenda</a>' in web.get("/").text


def test_an_uploaded_meeting_has_a_page_with_its_deadlines_and_downloads(web):
    """Uploaded, the meeting's check has an address of its own (303): the deadlines, each item, who may decide
    instead; the Word note opens with python-docx and the calendar parses with icalendar."""
    response = upload(web, "hwbb.yaml", SAMPLE.read_bytes())
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith("/agenda/") and "as_of=2026-05-18&within=14" in location
    page = web.get(location).text
    assert "Hackney Health and Wellbeing Board, Monday 1 June 2026: decision rights and deadlines" in page
    assert "Tue 26 May 2026" in page and "5 clear days&#x27; notice, by Tuesday 26 May 2026: in 8 days" in page
    assert "Who may decide it instead" in page
    meeting_id = location.split("/")[2].split("?")[0]
    note = web.get(f"/agenda/{meeting_id}/note.docx?as_of=2026-05-18&within=14")
    assert note.status_code == 200 and "hwbb-note.docx" in note.headers["content-disposition"]
    headings = [p.text for p in docx.Document(io.BytesIO(note.content)).paragraphs if p.style.name == "Heading 1"]
    assert "Item 9: Better Care Fund pooled budget 2026/27" in headings
    calendar = web.get(f"/agenda/{meeting_id}/deadlines.ics?as_of=2026-05-18&within=14")
    assert calendar.headers["content-type"].startswith("text/calendar")
    events = list(icalendar.Calendar.from_ical(calendar.content).walk("VEVENT"))
    assert len(events) == 4 and all(str(e.get("summary")).startswith(("Item 5 ", "Item 6 ")) for e in events)


def test_the_json_api_prints_what_the_cli_prints(web, tmp_path):
    """`/api/agenda/ID` is byte for byte `vires agenda --format json` on the same file, day and rules (the
    workbench's @hackney-meetings loads the @city-and-hackney the file names)."""
    response = upload(web, "key-decision.yaml", KEY_DECISION.read_bytes())
    meeting_id = response.headers["location"].split("/")[2].split("?")[0]
    api = web.get(f"/api/agenda/{meeting_id}?as_of=2026-05-10&within=14").text
    copy = tmp_path / "key-decision.yaml"
    copy.write_bytes(KEY_DECISION.read_bytes())
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        cli_json = CliRunner().invoke(
            cli, ["agenda", "key-decision.yaml", "--as-of", "2026-05-10", "--format", "json", "--engine", "native"]
        )
    assert api == cli_json.stdout
    assert web.get("/api/agenda/0123456789abcdef").status_code == 404


def test_a_meeting_naming_other_rules_says_they_are_not_loaded_here(web):
    """The key-decision meeting names @city-and-hackney; the workbench serves @hackney-meetings and says so."""
    response = upload(web, "key-decision.yaml", KEY_DECISION.read_bytes())
    page = web.get(response.headers["location"]).text
    assert "names rules this workbench does not serve (@city-and-hackney)" in page


@pytest.mark.parametrize(
    ("data", "fields", "status", "said"),
    [
        (b"", {}, 400, "no meeting file was uploaded"),
        (SAMPLE.read_bytes(), {"within": "two weeks"}, 400, "is not a number of days"),
        (SAMPLE.read_bytes(), {"as_of": "18/05/2026"}, 400, "is not a date"),
        (b"# " + b"x" * (1024 * 1024), {}, 413, "larger than 1 MB"),
    ],
)
def test_a_bad_upload_is_refused_on_the_form(web, data, fields, status, said):
    """No file, a window or a day that cannot be read, or a file over 1 MB: the form again, saying what is wrong."""
    response = upload(web, "meeting.yaml", data, **fields)
    assert response.status_code == status and said in response.text


def test_a_broken_meeting_file_is_a_400_located_in_the_upload(web):
    """A meeting whose item names no function is 400, located by the name it was uploaded under, never a path
    on the server; its own rules are never looked for on disk."""
    broken = SAMPLE.read_text(encoding="utf-8").replace("decision: population-health.jhws", "decision: no-such-thing")
    broken = broken.replace('rules: ["@hackney-meetings"]', 'rules: ["../../../etc"]')
    response = upload(web, "../../evil meeting.yaml", broken.encode("utf-8"))
    page = web.get(response.headers["location"])
    assert page.status_code == 400
    assert "evil meeting.yaml:18:15" in page.text and "no function `no-such-thing`" in page.text
    assert "/etc" not in page.text.split("<main>")[1].split("cannot be checked")[0]
    assert "path-not-found" not in page.text
