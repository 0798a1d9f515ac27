"""How a scheme prints: its HTML printed to PDF by headless Chromium, read back page by page with pypdf."""

from __future__ import annotations

import datetime as dt
import math
import subprocess

import pypdf
import pytest

from vires.api import derive, open_rules
from vires.outputs.diagram import View, to_dot
from vires.outputs.paper_html import to_html
from vires.outputs.scheme import build
from vires.outputs.scheme_paper import COLUMNS, scheme_paper
from vires.pack.model import Body, Condition, Delegation, Document, Function, Pack, PackInfo, Power, Selector, Source

pytestmark = pytest.mark.chromium
DATE = dt.date(2026, 6, 1)
HEADER = " ".join(COLUMNS)


def printed(page: str, tmp_path) -> list[str]:
    """The text of each page of `page` (HTML) printed to PDF by headless Chromium, as pypdf reads it."""
    source, pdf = tmp_path / "page.html", tmp_path / "page.pdf"
    source.write_text(page, encoding="utf-8")
    subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            source.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return [p.extract_text() for p in pypdf.PdfReader(pdf).pages]


def long_pack(rows: int) -> Pack:
    """A council that delegates `rows` decisions to one officer, each with conditions, so its table runs on."""
    source = Source(ref="scheme", section="Part 3")
    functions = {f"item.{n:02}": Function(id=f"item.{n:02}", name=f"Decide item {n:02}") for n in range(rows)}
    delegations = {
        f"d{n:02}": Delegation(
            id=f"d{n:02}",
            from_="council",
            to="officer",
            functions=(f"item.{n:02}",),
            limit=1000 * (n + 1),
            source=Source(ref="scheme", section=f"Part 3, paragraph {n}"),
            conditions=(
                Condition.of(consult=("council",), notice_days=5),
                Condition.of(report_to=(("council", None),)),
            ),
        )
        for n in range(rows)
    }
    return Pack(
        packs=(PackInfo(id="long", title="A long scheme", root="."),),
        sources={"scheme": Document(id="scheme", title="Scheme of Delegation", kind="scheme")},
        bodies={
            "council": Body(id="council", name="Example Council", kind="statutory-body", level="place"),
            "officer": Body(id="officer", name="Chief Officer", kind="officer", part_of="council", level="place"),
        },
        functions={**functions, "item": Function(id="item", name="item", declared=False)},
        powers={"p": Power(id="p", holder=(Selector(body=("council",)),), functions=("item",), source=source)},
        delegations=delegations,
    )


def test_a_long_table_splits_between_rows_with_its_header_on_every_page(tmp_path):
    """A table of 60 rows runs over several pages; each page repeats the header row, and no row is split."""
    rules = derive(long_pack(60), "native")
    pages = printed(to_html(scheme_paper(build(rules, "officer", DATE))), tmp_path)
    assert len(pages) >= 3
    for number, text in enumerate(pages, 1):
        flat = " ".join(text.split())
        assert HEADER in flat, f"page {number} has no header row"
        assert "Decide item" in flat, f"page {number} has no row"
    for n in range(60):  # each row whole on one page: its name and its own paragraph of the scheme together
        holding = [i for i, text in enumerate(pages) if f"Decide item {n:02}" in " ".join(text.split())]
        assert len(holding) == 1 and f"paragraph {n}" in " ".join(pages[holding[0]].split()), n


@pytest.mark.dot
def test_the_shipped_scheme_prints_with_no_blank_or_heading_only_page(tmp_path):
    """Every body of @city-and-hackney in A4 landscape: each page has more than headings, the diagram a page of its
    own at the end, and no more pages than the text needs."""
    rules = open_rules(["@city-and-hackney"], "native")
    scheme = build(rules, None, DATE, include_proposed=True)
    paper = scheme_paper(scheme, to_dot(rules, View(date=DATE)))
    headings = {rules.pack.bodies[b].name for b in scheme.bodies()} | {paper.title}
    pages = printed(to_html(paper), tmp_path)
    for number, text in enumerate(pages, 1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert [line for line in lines if line not in headings], f"page {number} holds only headings: {lines}"
    *tables, diagram = pages
    assert diagram.startswith("The delegations as at 1 June 2026") and HEADER not in " ".join(diagram.split())
    assert all(text.strip() for text in tables)
    characters = sum(len(text) for text in tables)
    assert len(tables) <= math.ceil(characters / 1500), (len(tables), characters)
