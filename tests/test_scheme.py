"""Scheme-of-delegation tables: rows agree with `ask`, words, every body, Markdown and HTML, determinism."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from vires import values
from vires.api import derive
from vires.cli.main import cli
from vires.engine.question import Question
from vires.errors import QuestionError
from vires.outputs.paper_html import to_html
from vires.outputs.paper_markdown import to_markdown
from vires.outputs.scheme import build
from vires.outputs.scheme_paper import scheme_paper
from vires.outputs.wording import entry_words
from vires.pack.model import (
    Body,
    Condition,
    Delegation,
    Document,
    Function,
    Pack,
    PackInfo,
    Power,
    Requirement,
    Selector,
    Source,
)

GOLDEN = Path(__file__).resolve().parent / "golden"
CONFORMANCE = str(Path(__file__).resolve().parent / "conformance" / "pack.yaml")
DATE = dt.date(2026, 6, 1)


def council_pack() -> Pack:
    """A council whose cabinet holds services (but not care) and passes contracts and grants to a
    director on conditions; key decisions need notice or the scrutiny chair's approval."""
    source = lambda section: Source(ref="constitution", section=section)  # noqa: E731
    bodies = [
        Body(id="council", name="Example Council", kind="statutory-body", level="place"),
        Body(id="cabinet", name="Cabinet", kind="committee", part_of="council", level="place", quorum=3),
        Body(id="director", name="Director | Services", kind="officer", part_of="council", level="place"),
        Body(id="deputy", name="Deputy Director", kind="officer", part_of="council", level="place"),
        Body(id="scrutiny-chair", name="Chair of Scrutiny", kind="member", part_of="council", level="place"),
    ]
    functions = [
        Function(id="services", name="Services", declared=False),
        Function(id="services.contracts", name="Award contracts"),
        Function(id="services.grants", name="Award grants"),
        Function(id="services.care", name="Arrange care"),
        Function(id="finance.budget", name="Set the budget"),
        Function(id="finance", name="Finance", declared=False),
    ]
    delegations = [
        Delegation(
            id="d-cabinet",
            from_="council",
            to="cabinet",
            functions=("services",),
            except_=("services.care",),
            limit=5_000_000,
            delegable=True,
            source=source("Part 3, 2.1"),
        ),
        Delegation(
            id="d-contracts",
            from_="cabinet",
            to="director",
            functions=("services.contracts",),
            limit=250_000,
            source=source("Part 3, 5.1"),
            conditions=(Condition.of(consult=("scrutiny-chair",)), Condition.of(report_to=(("cabinet", "quarter"),))),
        ),
        Delegation(
            id="d-grants",
            from_="cabinet",
            to="director",
            functions=("services.grants",),
            limit=50_000,
            where=values.Where((values.WhereTest("area", "eq", (values.normalise("north"),)),)),
            source=source("Part 3, 5.2"),
        ),
        Delegation(
            id="d-deputy",
            from_="cabinet",
            to="deputy",
            functions=("services.grants",),
            limit=10_000,
            status="proposed",
            source=source("Part 3, 5.3"),
        ),
    ]
    requirement = Requirement(
        id="key-decisions",
        applies_to=(Selector(within=("council",)),),
        where=values.Where((values.WhereTest("amount", "min", (values.normalise("500000"),)),)),
        conditions=(Condition.of(any=(Condition.of(notice_days=28), Condition.of(approval_of=("scrutiny-chair",)))),),
        source=Source(ref="regs", section="reg 9"),
    )
    return Pack(
        packs=(PackInfo(id="council", title="Example Council scheme", root=".", version="2"),),
        sources={
            "constitution": Document(
                id="constitution",
                title="Example Council Constitution",
                kind="constitution",
                url="https://example.org/constitution",
            ),
            "regs": Document(id="regs", title="Executive Arrangements Regulations 2012", kind="regulation"),
        },
        bodies={b.id: b for b in bodies},
        functions={f.id: f for f in functions},
        powers={
            "p-council": Power(
                id="p-council",
                holder=(Selector(body=("council",)),),
                functions=("services", "finance"),
                source=Source(ref="constitution", section="Part 1"),
            )
        },
        delegations={d.id: d for d in delegations},
        requirements={requirement.id: requirement},
    )


@pytest.fixture(scope="module")
def rules():
    return derive(council_pack(), "native")


def check_golden(name: str, text: str) -> None:
    """Compare `text` with tests/golden/NAME; VIRES_REGENERATE_GOLDEN=1 rewrites the file for review."""
    path = GOLDEN / name
    if os.environ.get("VIRES_REGENERATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with VIRES_REGENERATE_GOLDEN=1 and review it"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


def markdown(scheme, ids: bool = False) -> str:
    """The scheme as Markdown, as `vires scheme -o FILE.md` writes it."""
    return to_markdown(scheme_paper(scheme, ids=ids))


def html(scheme, dot: str | None = None) -> str:
    """The scheme as HTML, as `vires scheme -o FILE.html` writes it (with the diagram's DOT, if given)."""
    return to_html(scheme_paper(scheme, dot))


def _rows(scheme, body):
    return {row.function: row for row in scheme.rows if row.body == body}


@pytest.mark.parametrize("include_proposed", [False, True])
@pytest.mark.parametrize("body", [None, "cabinet", "director", "deputy"])
def test_every_row_is_what_ask_answers(rules, body, include_proposed):
    """Each row's outcome, chain and limit are those of `ask` for its body and function on the date."""
    scheme = build(rules, body, DATE, include_proposed)
    assert scheme.rows or body == "deputy" and not include_proposed
    for row in scheme.rows:
        answer = rules.ask(Question(body=row.body, decision=row.function, date=DATE, include_proposed=include_proposed))
        chain = answer["chains"][0]
        assert (answer["outcome"], chain["limit"], [link["rule"] for link in chain["links"]]) == (
            row.outcome,
            row.limit,
            [link["rule"] for link in row.links],
        )


def test_every_function_a_body_may_decide_is_in_its_scheme(rules):
    """A function `ask` allows is a row, or falls under a row for its parent that does not except it."""
    scheme = build(rules, None, DATE)
    for body in council_pack().bodies:
        rows = _rows(scheme, body)
        for function in council_pack().functions:
            answer = rules.ask(Question(body=body, decision=function, date=DATE))
            covering = [f for f in rows if function == f or function.startswith(f + ".")]
            if answer["outcome"] == "denied":
                assert function not in rows
                assert all(
                    any(function == e or function.startswith(e + ".") for e in rows[f].except_) for f in covering
                )
            else:
                assert covering, (body, function)


def test_children_with_the_parents_answer_are_folded_into_its_row(rules):
    """The cabinet's row for `services` stands for contracts and grants, and says it excepts care."""
    rows = _rows(build(rules, "cabinet", DATE), "cabinet")
    assert set(rows) == {"services"}
    assert rows["services"].except_ == ("services.care",)
    assert rows["services"].limit == 5_000_000


def test_conditions_and_obligations_are_written_in_words(rules):
    """Outstanding conditions, facts a rule depends on and obligations read as a secretary would write them."""
    pack = council_pack()
    words = lambda entries: [entry_words(pack, e) for e in entries]  # noqa: E731
    rows = _rows(build(rules, "director", DATE), "director")
    contracts = rows["services.contracts"]
    assert "consult Chair of Scrutiny" in words(contracts.before)
    assert any(
        w.startswith("if amount is at least £500,000: one of: 28 clear days' notice; or approval of Chair of Scrutiny")
        for w in words(contracts.before)
    )
    assert words(contracts.after) == ["report to Cabinet every quarter"]
    assert "only where area is north" in words(rows["services.grants"].before)
    assert "quorum of 3" in words(_rows(build(rules, "cabinet", DATE), "cabinet")["services"].before)


def test_proposed_delegations_count_only_when_asked_and_are_marked(rules):
    """The deputy's proposed delegation gives no row unless proposals are included, and is marked then."""
    assert build(rules, "deputy", DATE).rows == ()
    text = markdown(build(rules, "deputy", DATE, include_proposed=True))
    assert "Deputy Director (proposed)" in text and "proposed delegations are treated as adopted" in text


def test_a_body_deciding_nothing_is_said_to_and_what_it_does_instead(rules):
    """The empty case cannot be misread as "nobody may decide": it names the date, and what the pack says instead."""
    text = markdown(build(rules, "deputy", DATE))
    assert "The scheme delegates no decision to this body on 1 June 2026" in text
    assert "No body may" not in text
    assert "A proposed delegation, not in force, from Cabinet would pass it “Award grants”" in text
    chair = markdown(build(rules, "scrutiny-chair", DATE))
    assert "An elected member of Example Council." in chair
    assert "It is consulted before decisions on “Award contracts”: [Example Council Constitution](" in chair
    assert "Its approval is sought for decisions under this rule (as one way of meeting a condition): Exec" in chair


def test_all_covers_every_body_of_the_pack(rules):
    """`--all` gives every body a section, those that decide nothing included, highest level first."""
    text = markdown(build(rules, None, DATE))
    headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert sorted(headings) == sorted(b.name.replace("|", "\\|") for b in council_pack().bodies.values())
    assert headings[0] == "Example Council"


def test_readers_see_names_and_ids_only_when_asked(rules):
    """Rows name decisions and bodies; rule and function ids appear only with `ids`."""
    scheme = build(rules, "director", DATE)
    plain, with_ids = markdown(scheme), markdown(scheme, ids=True)
    assert "d-contracts" not in plain and "services.contracts" not in plain and "**Award contracts**" in plain
    assert "`d-contracts`" in with_ids and "**Award contracts** (`services.contracts`)" in with_ids


def test_markdown_matches_golden_and_keeps_its_table_whole(rules):
    """The Markdown for one body and for all is exactly the golden text; a `|` in a name is escaped."""
    for name, body in (("scheme-director.md", "director"), ("scheme-all.md", None)):
        text = markdown(build(rules, body, DATE, include_proposed=True))
        check_golden(name, text)
        for line in text.splitlines():
            if line.startswith("| "):
                assert len(re.findall(r"(?<!\\)\|", line)) == 6, line
    assert "Director \\| Services" in text


def test_html_matches_golden_and_is_one_self_contained_page(rules):
    """The HTML is one page with its own CSS for A4 landscape, no external files, escaped text."""
    text = html(build(rules, None, DATE, include_proposed=True))
    check_golden("scheme-all.html", text)
    assert text.startswith("<!DOCTYPE html>") and "<style>" in text and "@page { size: A4 landscape" in text
    assert "thead { display: table-header-group; }" in text and "tr { break-inside: avoid;" in text
    assert not re.search(r"<(link|script|img)\b|src=", text)
    assert "Director | Services" in text and '<a href="https://example.org/constitution">' in text


@pytest.mark.dot
def test_html_embeds_the_svg_inline_on_a_page_of_its_own(rules):
    """Given the diagram's DOT, the page carries its SVG inline, without its XML prolog, after the tables."""
    text = html(build(rules, "director", DATE), "digraph { a -> b }")
    figure = text[text.index("<figure>") :]
    assert "<svg" in figure and "<?xml" not in text and "<table>" not in figure
    assert "figure { margin: 0; break-before: page;" in text


def test_same_bytes_every_run(rules):
    """Markdown and HTML are the same bytes for the same rules and date."""
    for body in (None, "director"):
        assert markdown(build(rules, body, DATE)) == markdown(build(rules, body, DATE))
        assert html(build(rules, body, DATE)) == html(build(rules, body, DATE))


def test_unknown_body_is_an_error_with_a_hint(rules):
    """An undeclared --body raises QuestionError (exit 2) naming the nearest id."""
    with pytest.raises(QuestionError) as error:
        build(rules, "directer", DATE)
    assert "did you mean `director`" in str(error.value)


def test_cli_writes_markdown_and_html(tmp_path):
    """`vires scheme` writes Markdown to stdout or a file and HTML to a file; same bytes as the library."""
    runner = CliRunner()
    args = ["scheme", CONFORMANCE, "--engine", "native", "--date", "2026-06-01"]
    result = runner.invoke(cli, args + ["--body", "cabinet", "-o", "-"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Scheme of delegation: Cabinet\n")
    out = tmp_path / "scheme.md"
    assert runner.invoke(cli, args + ["--all", "-o", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# Scheme of delegation\n")
    page = tmp_path / "scheme.html"
    assert runner.invoke(cli, args + ["--body", "cabinet", "--no-diagram", "-o", str(page)]).exit_code == 0
    assert "<svg" not in page.read_text(encoding="utf-8")


def test_cli_refuses_bad_choices():
    """Neither or both of --body and --all, or an unknown suffix, exit 2."""
    runner = CliRunner()
    args = ["scheme", CONFORMANCE, "--engine", "native"]
    assert runner.invoke(cli, args + ["-o", "-"]).exit_code == 2
    assert runner.invoke(cli, args + ["--all", "--body", "cabinet", "-o", "-"]).exit_code == 2
    result = runner.invoke(cli, args + ["--all", "-o", "scheme.pdf"])
    assert result.exit_code == 2 and ".html" in result.output


@pytest.mark.dot
def test_cli_html_carries_the_body_diagram(tmp_path):
    """The HTML page embeds the SVG diagram of the body's delegations, inline."""
    page = tmp_path / "scheme.html"
    result = CliRunner().invoke(
        cli,
        [
            "scheme",
            CONFORMANCE,
            "--engine",
            "native",
            "--date",
            "2026-06-01",
            "--body",
            "place-committee",
            "-o",
            str(page),
        ],
    )
    assert result.exit_code == 0, result.output
    text = page.read_text(encoding="utf-8")
    assert "<figure>" in text and "<svg" in text and "Place Committee" in text


def test_cli_html_without_dot_leaves_the_diagram_out_and_says_so(monkeypatch, tmp_path):
    """Without `dot` on the PATH the page is written: a sentence in place of the diagram, a notice naming graphviz."""
    monkeypatch.setenv("PATH", "")
    page = tmp_path / "s.html"
    result = CliRunner().invoke(cli, ["scheme", CONFORMANCE, "--engine", "native", "--all", "-o", str(page)])
    assert result.exit_code == 0 and "graphviz" in result.output
    text = page.read_text(encoding="utf-8")
    assert "The diagram of these delegations is left out" in text and "<svg" not in text


RESERVED = """\
pack: {id: riverside, title: Riverside scheme}
sources:
  - {id: constitution, title: Riverside Constitution, kind: constitution}
bodies:
  - {id: council, name: Full Council, kind: statutory-body, level: place}
  - {id: cabinet, name: Cabinet, kind: committee, part_of: council, level: place}
functions:
  - {id: rbc.budget.approve, name: Approve the annual budget}
  - {id: rbc.contracts.award, name: Award a contract}
powers:
  - {id: council-functions, holder: council, functions: [rbc], source: {ref: constitution, section: "3.1"}}
reservations:
  - {id: r-budget, body: council, functions: [rbc.budget.approve], source: {ref: constitution, section: "3.2"}}
delegations:
  - {id: rbc-to-cabinet, from: council, to: cabinet, functions: [rbc], source: {ref: constitution, section: "3.3"}}
"""


def test_reservations_are_shown_where_a_reader_of_the_scheme_looks(tmp_path):
    """The body a matter is reserved to has it said on its row, with the reservation's citation; a body whose
    row leaves the matter out says to whom it is reserved."""
    from vires.api import open_rules

    (tmp_path / "scheme.yaml").write_text(RESERVED, encoding="utf-8")
    table = build(open_rules([str(tmp_path / "scheme.yaml")], "native"), None, DATE)
    council, cabinet = table.rows_of("council"), table.rows_of("cabinet")
    assert [(r.function, r.reserved, r.reserved_elsewhere) for r in council] == [("rbc", ("r-budget",), ())]
    assert [(r.function, r.except_, r.reserved_elsewhere) for r in cabinet] == [
        ("rbc", ("rbc.budget.approve",), (("rbc.budget.approve", "r-budget"),))
    ]
    text = to_markdown(scheme_paper(table))
    assert (
        "Approve the annual budget is reserved to Full Council, which may not delegate it: Riverside Constitution, 3.2"
        in text
    )
    assert "except Approve the annual budget (reserved to Full Council)" in text
