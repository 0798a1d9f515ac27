"""Word documents as a reader meets them: opened with python-docx, tables, styles, pictures, citations, templates."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Pt
from test_scheme import council_pack

from vires.api import derive
from vires.engine.question import Question
from vires.outputs.answer_paper import answer_paper
from vires.outputs.paper_docx import to_docx
from vires.outputs.scheme import build
from vires.outputs.scheme_paper import scheme_paper

DATE = dt.date(2026, 6, 1)
DOT = "digraph { council -> cabinet -> director }"


@pytest.fixture(scope="module")
def rules():
    return derive(council_pack(), "native")


def opened(data: bytes):
    """The .docx bytes opened again, as Word's reader would."""
    return docx.Document(io.BytesIO(data))


def styles_used(document) -> set[str]:
    return {p.style.name for p in document.paragraphs}


def test_a_scheme_is_a_real_word_table_whose_header_repeats_on_every_page(rules):
    """Each body's table has the header row marked to repeat, rows that never split, Table Grid, named cells."""
    document = opened(to_docx(scheme_paper(build(rules, None, DATE))))
    tables = document.tables
    assert len(tables) == 3  # the council, the cabinet and the director; the chair and the deputy decide nothing
    for table in tables:
        assert table.style.name == "Table Grid"
        assert [c.text for c in table.rows[0].cells] == ["Decision", "Who decides", "Limit", "Conditions", "Source"]
        header = table.rows[0]._tr.trPr
        assert header is not None and header.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    director = [
        t
        for t in tables
        if "Director | Services, on behalf of Example Council, by delegation" in t.rows[1].cells[1].text
    ][0]
    assert director.rows[1].cells[0].text == "Award contracts" and director.rows[1].cells[2].text == "£250,000"
    assert "Before deciding: consult Chair of Scrutiny" in director.rows[1].cells[3].text


def test_a_scheme_uses_word_styles_on_a_landscape_page(rules):
    """Title, Heading 1 and Caption are Word's built-in styles; the section is landscape A4."""
    document = opened(to_docx(scheme_paper(build(rules, None, DATE))))
    assert {"Title", "Heading 1", "Caption"} <= styles_used(document)
    section = document.sections[-1]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    assert round(section.page_width.mm) == 297
    assert "The scheme delegates no decision to this body on 1 June 2026" in "\n".join(
        p.text for p in document.paragraphs
    )


@pytest.mark.dot
def test_the_diagram_is_embedded_as_a_picture_within_the_page(rules):
    """With `dot`, the diagram is one inline PNG no wider than the space between the margins."""
    document = opened(to_docx(scheme_paper(build(rules, "director", DATE), DOT)))
    (picture,) = document.inline_shapes
    section = document.sections[-1]
    assert picture.width <= section.page_width - section.left_margin - section.right_margin
    assert any(p.text == "The delegations of Director | Services as at 1 June 2026" for p in document.paragraphs)


def test_without_dot_a_sentence_says_the_diagram_was_left_out(rules, monkeypatch):
    """Without `dot`, no picture: a sentence in its place, and a warning."""
    monkeypatch.setenv("PATH", "")
    with pytest.warns(UserWarning, match="graphviz"):
        document = opened(to_docx(scheme_paper(build(rules, "director", DATE), DOT)))
    assert len(document.inline_shapes) == 0
    assert any(p.text.startswith("The diagram of these delegations is left out") for p in document.paragraphs)


def test_an_answer_cites_each_link_and_links_the_source(rules):
    """An answer's chain is a numbered list, each link followed by its citation; a URL becomes a hyperlink."""
    answer = rules.ask(Question(body="director", decision="services.contracts", amount=100_000, date=DATE))
    document = opened(to_docx(answer_paper(rules.pack, answer)))
    texts = [(p.style.name, p.text) for p in document.paragraphs]
    assert texts[0] == ("Title", "Award contracts")
    numbered = [t for s, t in texts if s == "List Number"]
    assert numbered[0] == "Power: Example Council holds it" and len(numbered) == 3
    assert ("List Continue", "Example Council Constitution, Part 3, 5.1") in texts
    assert any(s == "List Continue" and t.startswith("☐  Consult Chair of Scrutiny") for s, t in texts)
    links = document.element.body.findall(".//" + qn("w:hyperlink"))
    assert links and all(
        document.part.rels[link.get(qn("r:id"))].target_ref == "https://example.org/constitution" for link in links
    )


def test_a_reference_document_gives_its_styles_set_up_and_header_not_its_body(rules, tmp_path):
    """Built on a template whose Heading 1 is Courier New: that font, its header and margins stay; its body goes."""
    template = docx.Document()
    template.styles["Heading 1"].font.name = "Courier New"
    template.styles["Heading 1"].font.size = Pt(20)
    section = template.sections[0]
    section.left_margin = section.right_margin = docx.shared.Mm(30)
    section.header.paragraphs[0].text = "Board of Example Council — Part A"
    template.add_paragraph("Text of the template, to be removed")
    path = tmp_path / "template.docx"
    template.save(path)
    document = opened(to_docx(scheme_paper(build(rules, None, DATE)), str(path)))
    heading = document.styles["Heading 1"]
    assert heading.font.name == "Courier New" and heading.font.size == Pt(20)
    assert [p for p in document.paragraphs if p.style.name == "Heading 1"]
    assert document.sections[-1].header.paragraphs[0].text == "Board of Example Council — Part A"
    assert round(document.sections[-1].left_margin.mm) == 30
    assert document.sections[-1].orientation == WD_ORIENT.LANDSCAPE
    assert all("Text of the template" not in p.text for p in document.paragraphs)


def test_the_same_paper_gives_the_same_bytes_whenever_it_is_written(rules, monkeypatch):
    """No time of writing enters the file: every zip entry is stamped 1980-01-01 and the properties carry no
    dates (python-docx's template would say 2013) but name vires, so a paper written twice is one file."""
    import time
    import zipfile

    paper = scheme_paper(build(rules, "director", DATE), DOT)
    first = to_docx(paper)
    later = time.time() + 3600
    monkeypatch.setattr(time, "time", lambda: later)
    monkeypatch.setattr(time, "localtime", lambda *_: time.gmtime(later))
    assert to_docx(paper) == first
    entries = zipfile.ZipFile(io.BytesIO(first)).infolist()
    assert {entry.date_time for entry in entries} == {(1980, 1, 1, 0, 0, 0)}
    properties = opened(first).core_properties
    assert (properties.author, properties.created, properties.modified) == ("vires", None, None)
