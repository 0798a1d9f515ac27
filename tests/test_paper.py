"""Answers for a board paper: Markdown and HTML against golden files, names not ids, reasons in words, escaping."""

from __future__ import annotations

import html.parser
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_scheme import check_golden

from vires.api import derive, open_rules
from vires.cli.main import cli
from vires.codes import REASONS
from vires.outputs.answer_paper import answer_paper
from vires.outputs.paper import plain
from vires.outputs.paper_html import to_html
from vires.outputs.paper_markdown import to_markdown
from vires.outputs.paper_words import Words
from vires.outputs.reason_words import reason_item
from vires.pack.model import Body, Delegation, Document, Function, Pack, PackInfo, Power, Selector, Source
from vires.review.case_files import load_cases
from vires.review.run_cases import question_of

CONFORMANCE = Path(__file__).resolve().parent / "conformance" / "cases.yaml"
POOLED_FUND = [
    "@city-and-hackney",
    "--body",
    "lb-hackney",
    "--decision",
    "s75-arrangements.pooled-fund.establish",
    "--amount",
    "2m",
    "--date",
    "2026-06-01",
]
# The README's quickstart questions: (golden file stem, arguments of `vires ask`)
README_QUESTIONS = [
    ("answer-pooled-fund", POOLED_FUND),
    (
        "answer-pooled-fund-notice",
        POOLED_FUND + ["--fact", "notice_given=2026-05-20", "--fact", "informed=hackney-scrutiny-chair"],
    ),
    (
        "answer-devolution-budget",
        [
            "@london",
            "--body",
            "devolution-programme-board",
            "--decision",
            "finance.hold-budget",
            "--date",
            "2016-06-01",
        ],
    ),
    (
        "answer-nhp-subcommittee",
        [
            "@city-and-hackney",
            "--body",
            "hackney-hwbb-nhp-subcommittee",
            "--decision",
            "neighbourhood-health-plan.deliver",
            "--amount",
            "2m",
            "--date",
            "2026-06-01",
            "--include-proposed",
        ],
    ),
]


def ask(*args: str):
    """Run `vires ask` on the native engine and return click's result."""
    return CliRunner().invoke(cli, ["ask", *args, "--engine", "native"])


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize(("stem", "args"), README_QUESTIONS, ids=[q[0] for q in README_QUESTIONS])
def test_readme_answers_match_their_golden_files(stem, args, fmt):
    """The README's questions, written for a paper, are exactly the reviewed golden Markdown and HTML."""
    result = ask(*args, "--format", fmt)
    assert result.exit_code in (0, 1), result.output
    check_golden(f"{stem}.{fmt}", result.stdout)


@pytest.mark.parametrize(("stem", "args"), README_QUESTIONS, ids=[q[0] for q in README_QUESTIONS])
def test_a_paper_names_bodies_and_gives_ids_only_when_asked(stem, args):
    """Without --ids no body, function or rule id appears; with it the ids of the chain's rules do."""
    answer = json.loads(ask(*args, "--format", "json").stdout)
    ids = {answer["question"]["body"], answer["question"]["decision"]}
    ids |= {link["rule"] for chain in answer["chains"] for link in chain["links"]}
    ids |= {reason["rule"] for reason in answer["reasons"] if reason["rule"]}
    text = ask(*args, "--format", "md").stdout
    assert [i for i in ids if i in text] == []
    with_ids = ask(*args, "--format", "md", "--ids").stdout
    assert [i for i in ids if i not in with_ids] == []


def test_a_conditional_answer_lists_what_to_do_before_deciding_as_boxes_to_tick():
    """Outstanding conditions are a checklist: Markdown task items, HTML boxes, each citing its rule."""
    text = ask(*POOLED_FUND, "--format", "md").stdout
    assert (
        "## Before deciding\n\n- [ ] Take the first of these routes that the facts do not rule out, in this order:"
        "\n  1. 28 clear days' notice: the route to take\n  2. Inform" in text
    )
    page = ask(*POOLED_FUND, "--format", "html").stdout
    assert '<ul class="check">\n<li><span class="box">☐</span>Take the first of these routes' in page
    assert '<ol class="steps"><li>28 clear days&#x27; notice: the route to take</li>' in page


def test_every_reason_code_is_worded_from_its_rule_without_ids():
    """Each reason the conformance cases meet (every code) reads in words: no backticked id, not the raw message."""
    (case_file,) = load_cases([str(CONFORMANCE)])
    rules = open_rules(list(case_file.rules), "native")
    words = Words(rules.pack)
    seen = set()
    for case in case_file.cases:
        answer = rules.ask(question_of(case))
        for reason in answer["reasons"]:
            text = plain(reason_item(words, answer["question"], reason).text)
            assert "`" not in text and text != reason["message"], (case.name, text)
            assert not reason["rule"] or reason["rule"] not in text, (case.name, text)
            seen.add(reason["code"])
    assert seen == set(REASONS)


def test_parts_a_newer_answer_carries_are_written_when_present():
    """A chain's `met` and `organisation`, a shortfall's `given` and a reason's `citations` appear when present."""
    rules = derive(hostile_pack(), "native")
    answer = {
        "question": {
            "body": "b",
            "decision": "f",
            "amount": None,
            "date": "2026-06-01",
            "facts": {},
            "include_proposed": False,
        },
        "outcome": "permitted",
        "chains": [
            {
                "limit": 500,
                "accountable": "a",
                "organisation": "a",
                "links": [{"rule": "p", "kind": "power", "holder": "b", "source": {"ref": "doc", "title": "T"}}],
                "outstanding": [{"condition": "quorum", "value": 4, "rule": "p", "given": {"present": [2]}}],
                "obligations": [],
                "met": [{"condition": "quorum", "value": 3, "rule": "p", "by": {"present": [5]}}],
            }
        ],
        "reasons": [
            {
                "code": "expired",
                "rule": "d",
                "message": "m",
                "citations": [{"rule": "d", "ref": "doc", "title": "T", "section": "9"}],
            }
        ],
    }
    text = to_markdown(answer_paper(rules.pack, answer))
    assert "## Conditions met\n\n- Quorum of 3: met (present 5)" in text
    assert "- [ ] Quorum of 4 (the facts given fall short: present 2)" in text
    assert "up to £500 a decision on 1 June 2026, on behalf of" in text
    assert ", 9" in text


def hostile_pack() -> Pack:
    """A pack whose names, quotes and reasons hold markup, quotes and ampersands."""
    nasty = "<script>alert(\"x\")</script> & 'Co' *bold* | [link](javascript:x)"
    source = Source(ref="doc", section="<b>4</b>", quote=f"quote {nasty}")
    return Pack(
        packs=(PackInfo(id="h", title=f"Pack {nasty}", root="."),),
        sources={"doc": Document(id="doc", title=f"Doc {nasty}", kind="paper", url="javascript:alert(1)")},
        bodies={
            "a": Body(id="a", name=f"Council {nasty}", kind="statutory-body", level="place"),
            "b": Body(id="b", name=f"Officer {nasty}", kind="officer", part_of="a", level="place"),
        },
        functions={"f": Function(id="f", name=f"Decide {nasty}")},
        powers={"p": Power(id="p", holder=(Selector(body=("a",)),), functions=("f",), source=source)},
        delegations={
            "d": Delegation(id="d", from_="a", to="b", functions=("f",), limit=10, source=source),
        },
    )


class _Strict(html.parser.HTMLParser):
    """Collects the elements of a page, checking that every element opened is closed in order."""

    VOID = {"meta", "br", "col"}

    def __init__(self):
        super().__init__()
        self.open: list[str] = []
        self.tags: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for name, value in attrs:
            assert not name.startswith("on") and not (value or "").lower().startswith("javascript:"), (tag, name)
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open.pop() == tag, f"</{tag}> closes {self.open}"

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.parametrize("amount", [None, 100])
def test_html_is_well_formed_and_shows_pack_text_as_text(amount):
    """Names, quotes and titles holding `<script>`, quotes and ampersands render as text in well-formed HTML."""
    from vires.engine.question import Question
    from vires.outputs.scheme import build
    from vires.outputs.scheme_paper import scheme_paper

    rules = derive(hostile_pack(), "native")
    import datetime as dt

    answer = rules.ask(Question(body="b", decision="f", amount=amount, date=dt.date(2026, 6, 1)))
    pages = [to_html(answer_paper(rules.pack, answer)), to_html(scheme_paper(build(rules, None, dt.date(2026, 6, 1))))]
    for page in pages:
        parser = _Strict()
        parser.feed(page)
        parser.close()
        assert parser.open == [] and "script" not in parser.tags and "b" not in parser.tags
        assert '<script>alert("x")</script>' in "".join(parser.text)
    markdown = to_markdown(answer_paper(rules.pack, answer))
    assert "<script>" not in markdown and "\\<script\\>" in markdown
    assert not re.search(r"(?<!\\)\]\(javascript", markdown) and "\\[link\\](javascript:x)" in markdown


def test_the_format_comes_from_the_output_file_suffix(tmp_path):
    """-o FILE writes the format its suffix names (.md, .html, .json, .txt, .docx); the exit code is the answer's."""
    for suffix, start in (
        (".md", b"# Establish"),
        (".html", b"<!DOCTYPE html>"),
        (".json", b"{"),
        (".txt", b"Conditional:"),
    ):
        target = tmp_path / f"answer{suffix}"
        result = ask(*POOLED_FUND, "-o", str(target))
        assert result.exit_code == 0 and result.stdout == "", result.output
        assert target.read_bytes().startswith(start), suffix
    target = tmp_path / "answer.docx"
    assert ask(*POOLED_FUND, "-o", str(target)).exit_code == 0
    assert target.read_bytes().startswith(b"PK")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["-o", "answer.pdf"], "its suffix is not one of .text, .json, .md, .html, .docx"),
        (["--format", "docx"], "a Word document is written to a file: add -o FILE.docx"),
        (["--format", "md", "--reference-docx", __file__], "--reference-docx goes with a Word document"),
        (["-o", "answer.docx", "--reference-docx", "missing.docx"], "does not exist"),
        (["-o", "answer.docx", "--reference-docx", __file__], "cannot use"),
    ],
)
def test_bad_output_choices_exit_2_with_a_hint_and_no_traceback(args, said, tmp_path, monkeypatch):
    """An unknown suffix, a Word document without a file, or an unusable template: exit 2, said plainly."""
    monkeypatch.chdir(tmp_path)
    result = ask(*POOLED_FUND, *args)
    assert result.exit_code == 2 and said in result.output and "Traceback" not in result.output
    assert not (tmp_path / "answer.docx").exists()
