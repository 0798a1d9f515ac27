"""The workbench's routes through Starlette's test client: pages, the JSON API, and the guard at the door.

Every page and API route with good and bad input; text from a pack shown as text; CSRF tokens and the
Host check; uploads too large or hostile; faults as a 500 page; rules reloaded when a file changes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("starlette")
from starlette.testclient import TestClient  # noqa: E402

from vires.cli.main import cli  # noqa: E402
from vires.web.app import create_app  # noqa: E402
from vires.web.state import Workbench  # noqa: E402

ROOT = Path(__file__).parents[1]
CH = ["@city-and-hackney"]
NHP = "body=hackney-hwbb&decision=neighbourhood-health-plan.deliver&date=2026-06-01&include_proposed=on"
DRAFT = ROOT / "tests" / "fixtures" / "diff" / "ch-nhp-in-force.yaml"
HOSTILE = """\
pack: {id: hostile, title: "A <script>alert('t')</script> & \\"quoted\\" pack"}
sources:
  - {id: src, title: "Act <script>alert(1)</script> & co", kind: statute, url: "javascript:alert(1)"}
bodies:
  - {id: council, name: "Council <script>alert(2)</script> & \\"Sons\\"", kind: statutory-body, level: place}
  - {id: board, name: "Board <img src=x onerror=alert(3)> 'quoted'", kind: committee, part_of: council, level: place}
functions:
  - {id: grant, name: "Grants <b>bold</b> & \\"more\\""}
powers:
  - id: p
    holder: council
    functions: [grant]
    source: {ref: src, section: "s.1 <i>", quote: "</blockquote><script>alert(4)</script>"}
delegations:
  - id: d
    from: council
    to: board
    functions: [grant]
    source: {ref: src, section: "s.2", quote: "\\"&amp; <script>"}
"""


def client(wb: Workbench, **more) -> TestClient:
    return TestClient(create_app(wb, **more), base_url="http://127.0.0.1", raise_server_exceptions=False)


@pytest.fixture(scope="module")
def ch(tmp_path_factory) -> TestClient:
    """The workbench over @city-and-hackney, with its decision cases and a register of its own."""
    register = tmp_path_factory.mktemp("register") / "register.sqlite"
    wb = Workbench.from_paths(CH, register=str(register), cases=[str(ROOT / "decisions" / "city-and-hackney.yaml")])
    return client(wb)


def token(web: TestClient, page: str = "/draft") -> str:
    """The CSRF token a page's forms carry (and, by getting the page, the browser's cookie)."""
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', web.get(page).text)
    assert found, "the page carries no token"
    return found.group(1)


def cli_output(*args: str) -> str:
    return CliRunner().invoke(cli, list(args), prog_name="vires").stdout


# ---- pages ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/ask",
        "/who",
        "/bodies",
        "/bodies/hackney-hwbb",
        "/scheme?date=2026-06-01",
        "/diagram",
        "/draft",
        "/register",
    ],
)
def test_every_page_answers_a_plain_get(ch, path):
    """Each page of the navigation is a page of its own, with the navigation and the rules served."""
    response = ch.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert "Who may decide" in response.text and "City and Hackney" in response.text


def test_an_answer_says_the_outcome_chain_and_draws_it(ch):
    """The Ask page answers by name, cites each link, links the chain's picture and the copy for a paper."""
    page = ch.get(f"/ask?{NHP}").text
    assert "<strong>Permitted.</strong> Hackney Health and Wellbeing Board may take this decision" in page
    assert "Next Steps in Partnership Development for City and Hackney, 5" in page
    assert f'src="/diagram.svg?{NHP.replace("&", "&amp;")}&amp;view=chain"' in page
    assert "# Deliver the Neighbourhood Health Plan" in page  # the Markdown to copy
    svg = ch.get(f"/diagram.svg?{NHP}&view=chain")
    assert svg.status_code == 200 and svg.headers["content-type"] == "image/svg+xml"
    assert b"<svg" in svg.content


def test_a_name_that_is_not_exact_offers_the_nearest_to_choose(ch):
    """ "hackney health" names no body exactly: the page offers both Hackney boards as links that ask again."""
    page = ch.get("/ask?body=hackney+health&decision=neighbourhood-health-plan.deliver&date=2026-06-01")
    assert page.status_code == 200
    assert "Which body do you mean by “hackney health”?" in page.text
    assert (
        'href="/ask?body=hackney-hwbb&amp;decision=neighbourhood-health-plan.deliver&amp;date=2026-06-01"' in page.text
    )


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("body=hackney-hwbb&decision=neighbourhood-health-plan.deliver&amount=lots", "`lots` is not an amount"),
        ("body=hackney-hwbb&decision=neighbourhood-health-plan.deliver&date=1%2F6%2F2026", "write it as YYYY-MM-DD"),
        ("body=zzqx&decision=neighbourhood-health-plan.deliver", "no body `zzqx` is declared"),
        ("body=hackney-hwbb&decision=neighbourhood-health-plan.deliver&fact-colour=red", "a fact `colour`"),
        ("body=hackney-hwbb&decision=neighbourhood-health-plan.deliver&fact-present=many", "`present=many` is not"),
        ("decision=neighbourhood-health-plan.deliver&body=", "the question does not give the body"),
    ],
)
def test_a_bad_question_is_a_400_page_saying_what_and_how(ch, query, said):
    """Bad amounts, dates, bodies and facts come back as 400 with the problem and its fix, never a traceback."""
    response = ch.get(f"/ask?{query}")
    assert response.status_code == 400
    assert said in response.text.replace("&#96;", "`")
    assert "What is wrong, and how to put it right" in response.text and "Traceback" not in response.text


def test_who_lists_bodies_each_linked_to_its_answer(ch):
    """Who may deliver the plan: lowest level first, each body a link to the Ask page for it."""
    page = ch.get("/who?decision=Deliver+the+Neighbourhood+Health+Plan&date=2026-06-01&include_proposed=on").text
    first = page.index("Hackney HWBB Neighbourhood Health Plan Sub-Committee")
    assert first < page.index("London Borough of Hackney</strong>")
    assert 'href="/ask?body=hackney-hwbb-nhp-subcommittee&amp;decision=Deliver+the+Neighbourhood' in page


def test_answers_download_as_papers(ch):
    """The copy for a board paper: the same answer as Markdown, HTML and Word."""
    md = ch.get(f"/ask.md?{NHP}")
    assert md.status_code == 200 and md.text.startswith("# Deliver the Neighbourhood Health Plan")
    assert ch.get(f"/ask.html?{NHP}").text.startswith("<!DOCTYPE html>")
    assert ch.get(f"/ask.docx?{NHP}").content[:2] == b"PK"
    assert ch.get(f"/ask.exe?{NHP}").status_code == 404


def test_bodies_search_and_a_body_page(ch):
    """The index finds by every word; a body's page has its scheme, reserved matters and delegations."""
    found = ch.get("/bodies?match=hackney+health").text
    assert "Hackney Health and Wellbeing Board" in found and "City of London Corporation" not in found
    page = ch.get("/bodies/hackney-hwbb?date=2026-06-01&include_proposed=on").text
    for heading in ("What it may decide", "Matters reserved to it", "What it delegates", "Accountability"):
        assert heading in page
    assert ch.get("/bodies/nobody").status_code == 404


def test_a_body_page_lists_its_members_and_who_may_vote(ch):
    """A body that lists its members has them on its page, each with whether it may vote and the rules why:
    the NHS member of the Neighbourhood Health Plan joint committee sits without a vote (LGHA 1989 s.13)."""
    page = ch.get("/bodies/ch-nhp-joint-committee?date=2026-06-01").text
    assert "Members and votes" in page
    assert "<li>NHS North East London Integrated Care Board, co-opted: does not vote<br>" in page
    assert "no vote under lgha-1989-s13-co-optees" in page
    assert "Members and votes" not in ch.get("/bodies/hackney-hwbb?date=2026-06-01").text


def test_scheme_and_diagram_pages(ch):
    """The scheme has a section a body and the diagram inline; the diagram narrows to a function."""
    scheme = ch.get("/scheme?date=2026-06-01&include_proposed=on").text
    assert "Scheme of delegation" in scheme and "<svg" in scheme
    diagram = ch.get("/diagram?function=health+plan+deliver&date=2026-06-01")
    assert diagram.status_code in (200, 400)
    narrowed = ch.get("/diagram?function=neighbourhood-health-plan.deliver&date=2026-06-01")
    assert narrowed.status_code == 200 and "<svg" in narrowed.text
    assert ch.get("/diagram?focus=nobody-at-all").status_code == 400
    assert ch.get("/scheme.md?date=2026-06-01").text.startswith("# Scheme of delegation")


# ---- the JSON API -----------------------------------------------------------------------------------


def test_api_ask_and_who_print_exactly_what_the_cli_prints(ch):
    """/api/ask and /api/who return the bytes of `vires ask|who --format json`."""
    args = ["--decision", "neighbourhood-health-plan.deliver", "--date", "2026-06-01", "--include-proposed"]
    asked = ch.get(f"/api/ask?{NHP}")
    assert asked.headers["content-type"] == "application/json"
    assert asked.text == cli_output("ask", *CH, "--body", "hackney-hwbb", *args, "--format", "json")
    who = ch.get("/api/who?decision=neighbourhood-health-plan.deliver&date=2026-06-01&include_proposed=on")
    assert who.text == cli_output("who", *CH, *args, "--format", "json")


def test_api_and_pages_take_the_organisation_asked_for(ch):
    """`for` on /api/ask and /api/who is `--for`: the same bytes; the Who page groups by organisation without it
    and each body's link asks for its organisation."""
    args = ["--decision", "neighbourhood-health-plan.develop", "--date", "2026-06-01", "--include-proposed"]
    query = "decision=neighbourhood-health-plan.develop&date=2026-06-01&include_proposed=on"
    asked = ch.get(f"/api/ask?body=ch-nhp-joint-committee&for=London+Borough+of+Hackney&{query}")
    assert asked.text == cli_output(
        "ask", *CH, "--body", "ch-nhp-joint-committee", "--for", "London Borough of Hackney", *args, "--format", "json"
    )
    assert json.loads(asked.text)["organisation"] == "lb-hackney"
    who = ch.get(f"/api/who?for=city-of-london-corporation&{query}")
    assert who.text == cli_output("who", *CH, "--for", "city-of-london-corporation", *args, "--format", "json")
    page = ch.get(f"/who?{query}").text
    assert "On behalf of City of London Corporation" in page and "On behalf of London Borough of Hackney" in page
    assert "for=lb-hackney" in page


def test_api_lists_print_what_vires_list_prints(ch):
    """/api/bodies, /api/functions and /api/facts, with `match`, as `vires list … --format json`."""
    for what in ("bodies", "functions", "facts"):
        assert ch.get(f"/api/{what}").text == cli_output("list", what, *CH, "--format", "json")
    assert ch.get("/api/bodies?match=hackney+health").text == cli_output(
        "list", "bodies", *CH, "--match", "hackney health", "--format", "json"
    )


def test_api_errors_are_the_cli_error_json(ch):
    """A question the API cannot answer is 400 with `{"ok": false, "errors": [...]}`; an unknown route 404."""
    response = ch.get("/api/ask?body=zzqx&decision=neighbourhood-health-plan.deliver&date=2026-06-01")
    assert response.status_code == 400
    data = response.json()
    assert data["ok"] is False and data["errors"][0]["code"] == "unknown-body"
    assert set(data["errors"][0]) == {"code", "severity", "message", "location", "hint"}
    missing = ch.get("/api/nothing-here")
    assert missing.status_code == 404 and missing.json()["errors"][0]["code"] == "not-found"


# ---- text from a pack is text -------------------------------------------------------------------------


def test_script_quotes_and_ampersands_in_a_pack_render_as_text(tmp_path):
    """Names, titles and quotes holding <script>, quotes and & are escaped on every page; no javascript: link."""
    (tmp_path / "pack.yaml").write_text(HOSTILE)
    web = client(Workbench.from_paths([str(tmp_path)]))
    pages = [
        "/?body=board&decision=grant&date=2026-06-01",
        "/who?decision=grant&date=2026-06-01",
        "/bodies",
        "/bodies/board",
        "/bodies/council",
        "/scheme?date=2026-06-01",
        "/diagram",
        "/diagram?body=board&decision=grant&date=2026-06-01",
    ]
    for path in pages:
        page = web.get(path)
        assert page.status_code == 200, path
        text = page.text
        assert "<script>alert" not in text and "<img src=x" not in text and "<b>bold" not in text, path
        assert "javascript:alert" not in text, path
        assert len(re.findall(r"<script", text)) == 1, path  # only the workbench's own script file
    answer = web.get(pages[0]).text
    assert "Board &lt;img src=x onerror=alert(3)&gt; &#39;quoted&#39;" in answer
    assert "Council &lt;script&gt;alert(2)&lt;/script&gt; &amp; &#34;Sons&#34;" in answer


# ---- POST: CSRF tokens, recording --------------------------------------------------------------------


def record_form(csrf: str, **more) -> dict:
    return {
        "csrf": csrf,
        "body": "hackney-hwbb",
        "decision": "population-health.jsna",
        "date": "2026-03-12",
        "fact-present": "6",
        "ref": "Board 12 Mar 2026, item 7",
        **more,
    }


def test_a_post_without_its_token_does_nothing(tmp_path):
    """No token, another browser's token or another site's Origin: 403, and the register is not written."""
    register = tmp_path / "register.sqlite"
    web = client(Workbench.from_paths(CH, register=str(register)))
    assert web.post("/register/record", data=record_form("")).status_code == 403
    good = token(web)
    other = client(Workbench.from_paths(CH, register=str(register)))
    assert other.post("/register/record", data=record_form(good)).status_code == 403
    cross = web.post("/register/record", data=record_form(good), headers={"origin": "http://evil.example"})
    assert cross.status_code == 403 and "This form has expired" in cross.text
    assert not register.exists()
    assert web.post("/draft", files={"draft": ("d.yaml", b"x: 1")}, data={"csrf": "0" * 64}).status_code == 403


def test_a_decision_recorded_from_an_answer_is_listed_and_verified(tmp_path):
    """With its token, the answer's form records the decision (303 to the register, which lists and verifies it)."""
    register = tmp_path / "register.sqlite"
    web = client(Workbench.from_paths(CH, register=str(register)))
    assert "No decision is recorded yet" in web.get("/register").text
    response = web.post("/register/record", data=record_form(token(web)), follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/register?recorded=1"
    page = web.get("/register?recorded=1").text
    assert "Recorded as #1" in page and "1 record, chain intact" in page and "Board 12 Mar 2026, item 7" in page
    listed = json.loads(web.get("/api/register").text)
    assert [r["ref"] for r in listed] == ["Board 12 Mar 2026, item 7"]
    assert web.get("/api/register").text == cli_output(
        "register", "list", "--register", str(register), "--format", "json"
    )
    assert web.get("/api/register/verify").json()["count"] == 1
    assert web.get("/register/export.csv").text.startswith("seq,recorded_at")


@pytest.mark.parametrize(
    ("more", "said"),
    [
        (
            {
                "body": "lb-hackney",
                "decision": "s75-arrangements.pooled-fund.establish",
                "amount": "2m",
                "date": "2026-06-01",
            },
            "fill in the facts that show it was done",
        ),
        ({"ref": "  "}, "in the Meeting reference field"),
        ({"include_proposed": "on"}, "untick “Treat proposed delegations as adopted”"),
        ({"body": "ch-partnership-board", "decision": "finance.hold-budget"}, "give the reason in the Override field"),
    ],
)
def test_recording_refuses_as_vires_record_does_in_the_pages_words(tmp_path, more, said):
    """Conditional without facts, no reference, proposals, denied: 400, nothing written, the fix in page words."""
    register = tmp_path / "register.sqlite"
    web = client(Workbench.from_paths(CH, register=str(register)))
    response = web.post("/register/record", data=record_form(token(web), **more))
    assert response.status_code == 400 and "Nothing was recorded" in response.text
    assert said in response.text.replace("&#39;", "'")
    assert not register.exists()


def test_the_page_words_every_remedy_the_cli_words():
    """Each remedy key the library may name has words on a page, as it has on the command line."""
    from vires.cli.remedies import REMEDIES as CLI
    from vires.web.remedies import REMEDIES as WEB

    assert set(WEB) == set(CLI)


# ---- the guard at the door -----------------------------------------------------------------------------


def test_only_the_bound_host_is_answered(tmp_path):
    """A Host header naming another site (DNS rebinding) or another port is refused; localhost is fine."""
    web = TestClient(create_app(Workbench.from_paths(CH), port=8421), raise_server_exceptions=False)
    assert web.get("/", headers={"host": "127.0.0.1:8421"}).status_code == 200
    assert web.get("/", headers={"host": "localhost:8421"}).status_code == 200
    for host in ("evil.example:8421", "evil.example", "127.0.0.1:9999", "127.0.0.1.evil.example:8421"):
        refused = web.get("/api/bodies", headers={"host": host})
        assert refused.status_code == 403 and "Not this address" in refused.text, host


def test_every_response_says_how_the_browser_must_treat_it(ch):
    """No scripts but the workbench's, no framing, no sniffing; and the server's time for the page."""
    headers = ch.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"
    assert headers["server-timing"].startswith("app;dur=")


def test_a_fault_is_a_500_page_and_a_log_line_never_a_traceback(tmp_path, caplog, monkeypatch):
    """An exception no handler expects: the browser gets a 500 page saying so, the log gets the traceback."""
    wb = Workbench.from_paths(CH)
    web = client(wb)

    def broken(question):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(wb.rules.authority, "ask", broken)
    response = web.get(f"/ask?{NHP}")
    assert response.status_code == 500
    assert "Something went wrong in the workbench" in response.text
    assert "secret internals" not in response.text and "Traceback" not in response.text
    assert any("internal error answering GET /ask" in r.getMessage() for r in caplog.records)


# ---- uploads ---------------------------------------------------------------------------------------------


def upload(web: TestClient, name: str, data: bytes, **fields):
    form = {"csrf": token(web, "/draft"), "date": "2026-06-01", **fields}
    return web.post("/draft", files={"draft": (name, data, "application/x-yaml")}, data=form, follow_redirects=False)


def test_a_draft_shows_what_it_changes_and_the_cases(ch):
    """Uploaded, the draft has a page of its own (303) with the rights it changes and the cases before → after."""
    response = upload(ch, "nhp.yaml", DRAFT.read_bytes())
    assert response.status_code == 303
    location = response.headers["location"]
    page = ch.get(location).text
    assert "What the draft changes" in page and "gains authority" in page
    assert "Decision cases, before and after the draft" in page and "The draft changes the outcome of" in page
    draft_id = location.split("/")[2].split("?")[0]
    cli = cli_output("diff", *CH, "--draft", str(DRAFT), "--date", "2026-06-01", "--format", "json")
    assert ch.get(f"/api/diff/{draft_id}?date=2026-06-01").text == cli
    assert ch.get("/draft/0123456789abcdef").status_code == 404


@pytest.mark.parametrize(
    ("data", "said", "line"),
    [
        (
            b"a: &a [1]\n"
            + b"".join(
                b"b%d: &b%d [*%s, *%s, *%s]\n" % (i, i, *(b"a" if i == 0 else b"b%d" % (i - 1),) * 3) for i in range(30)
            ),
            "",
            None,
        ),
        (b"x:\n" + b"".join(b"  " * i + b"- \n" for i in range(1, 300)), "", None),
        (b"\xff\xfe\x01binary", "not UTF-8 text", None),
        (
            b"delegations:\n  - {id: d, from: nobody, to: lb-hackney, functions: [x], source: {ref: nowhere}}\n",
            "nobody",
            2,
        ),
        (b"pack: {id: sneaky, title: S, requires: ['../../../etc']}\n", "a path", 1),
    ],
)
def test_a_hostile_or_broken_draft_is_a_400_located_in_the_upload(ch, data, said, line):
    """Alias bombs, deep nesting, binary bytes, bad references and paths to the server: 400, located, bounded."""
    response = upload(ch, "../../evil draft.yaml", data)
    assert response.status_code == 303
    page = ch.get(response.headers["location"])
    assert page.status_code == 400, page.text[:500]
    assert "evil draft.yaml" in page.text and "../" not in page.text.split("<main>")[1].split("What is wrong")[0]
    assert said in page.text
    if line:
        assert f'id="line-{line}" class="bad"' in page.text


def test_a_draft_over_a_megabyte_is_refused(ch):
    """A draft larger than 1 MB is 413, and so is any request body far larger than that."""
    response = upload(ch, "big.yaml", b"# " + b"x" * (1024 * 1024))
    assert response.status_code == 413 and "larger than 1 MB" in response.text
    huge = ch.post("/draft", content=b"x" * (3 * 1024 * 1024), headers={"content-type": "application/octet-stream"})
    assert huge.status_code == 413


# ---- reloading --------------------------------------------------------------------------------------------


def test_a_changed_pack_is_loaded_again_and_a_broken_one_keeps_the_last_good(tmp_path):
    """Saving a pack reloads it; saving a broken one keeps the rules served and shows why on every page."""
    pack = tmp_path / "pack.yaml"
    pack.write_text(HOSTILE.replace("Council <script>alert(2)</script>", "Old Council"))
    wb = Workbench.from_paths([str(tmp_path)])
    web = client(wb)
    assert "Old Council" in web.get("/bodies").text
    pack.write_text(HOSTILE.replace("Council <script>alert(2)</script>", "New Council") + "\n")
    assert wb.reload_if_changed() is True
    assert "New Council" in web.get("/bodies").text
    pack.write_text("bodies: [\n")
    assert wb.reload_if_changed() is False
    page = web.get("/bodies").text
    assert "New Council" in page and "could not be loaded again" in page and "pack.yaml" in page
    assert wb.reload_if_changed() is False  # nothing changed since


# ---- vires serve ---------------------------------------------------------------------------------------


def test_serve_refuses_rules_it_cannot_load(tmp_path):
    """Rules that cannot be loaded at start: their errors, located, and exit 2; nothing is served."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("bodies: [\n")
    result = CliRunner().invoke(cli, ["serve", str(bad)], prog_name="vires")
    assert result.exit_code == 2 and "bad.yaml:" in result.stderr


def test_serve_prints_its_address_and_warns_when_not_only_on_this_machine(monkeypatch):
    """`vires serve` says where to open it; on an address other than loopback it warns who can reach it."""
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append(options))
    local = CliRunner().invoke(cli, ["serve", *CH], prog_name="vires")
    assert "vires workbench: http://127.0.0.1:8421/" in local.stdout and "warning" not in local.stderr
    wide = CliRunner().invoke(cli, ["serve", *CH, "--host", "0.0.0.0", "--port", "9000"], prog_name="vires")
    assert "http://127.0.0.1:9000/" in wide.stdout and "warning: listening on 0.0.0.0" in wide.stderr
    assert [c["host"] for c in calls] == ["127.0.0.1", "0.0.0.0"]


@pytest.mark.parametrize(
    "path", ["/static/../setup.cfg", "/static/..%2f..%2fsetup.cfg", "/bodies/..%2f..%2fetc%2fpasswd", "/draft/..%2fx"]
)
def test_no_request_names_a_file_on_the_server(ch, path):
    """Paths in a request name pages, never files: anything like one is not found."""
    response = ch.get(path)
    assert response.status_code == 404 and "[metadata]" not in response.text
