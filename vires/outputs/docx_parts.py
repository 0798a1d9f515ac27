"""What python-docx leaves to raw WordprocessingML: a template's body removed, missing styles, page set-up,
header rows that repeat, rows that do not split, hyperlinks. Imported only when a Word document is written.
"""

from __future__ import annotations

import copy
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, RGBColor
from docx.table import _Row
from docx.text.paragraph import Paragraph

from vires.errors import Location, RenderError

A4 = (Mm(210), Mm(297))  # width, height in portrait


def open_document(reference: str | None) -> Document:
    """A new document on A4, or the user's template (`reference`) with its body removed.

    The template keeps its styles, page set-up, headers and footers, as pandoc's `--reference-doc` does.
    """
    if reference is None:
        document = docx.Document()
        section = document.sections[0]
        section.page_width, section.page_height = A4
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Mm(20)
        return document
    try:
        document = docx.Document(reference)
    except Exception as error:  # a user's file: whatever python-docx meets in it is a reason to refuse it
        reason = "it does not exist" if not Path(reference).exists() else str(error) or type(error).__name__
        raise RenderError.one(
            "bad-reference-docx",
            f"cannot use `{reference}` as a Word template: {reason}",
            Location(reference),
            "give a Word document (.docx) whose styles to build on; a .dotx template must be saved as .docx first",
        ) from None
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):  # the last section's set-up stays: page size, margins, headers, footers
            body.remove(child)
    return document


def ensure_styles(document: Document, names: tuple[str, ...]) -> None:
    """Copy the built-in styles `names` from python-docx's own template where the document lacks them."""
    missing = [n for n in names if n not in [s.name for s in document.styles]]
    if not missing:
        return
    default = docx.Document().styles
    for name in missing:
        if name in [s.name for s in default]:
            document.styles.element.append(copy.deepcopy(default[name].element))
    if "Hyperlink" in missing:  # Word's built-in character style, absent from python-docx's template
        style = document.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        style.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
        style.font.underline = True


def landscape(document: Document) -> None:
    """Turn the document's last section to landscape, keeping its paper size and margins."""
    section = document.sections[-1]
    if section.page_width is not None and section.page_height is not None and section.page_width < section.page_height:
        section.page_width, section.page_height = section.page_height, section.page_width
    section.orientation = WD_ORIENT.LANDSCAPE


def usable_size(document: Document) -> tuple[int, int]:
    """The width and height inside the margins of the last section, in EMU."""
    section = document.sections[-1]
    width = (section.page_width or A4[0]) - (section.left_margin or 0) - (section.right_margin or 0)
    height = (section.page_height or A4[1]) - (section.top_margin or 0) - (section.bottom_margin or 0)
    return int(width), int(height)


def repeat_as_header(row: _Row) -> None:
    """Mark a table row as a header row, which Word repeats at the top of every page the table runs onto."""
    _row_property(row, "w:tblHeader")


def keep_row_whole(row: _Row) -> None:
    """Keep a row on one page: tables break between rows, never inside one."""
    _row_property(row, "w:cantSplit")


def _row_property(row: _Row, tag: str) -> None:
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement(tag)
    element.set(qn("w:val"), "true")
    properties.append(element)


def shade(cell, fill: str) -> None:
    """Fill a table cell with a colour (`E8E8E8`)."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def add_hyperlink(paragraph: Paragraph, text: str, url: str):
    """Add `text` to the paragraph as a link to `url`, in the character style Hyperlink; the run is returned."""
    relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    run = paragraph.add_run(text, style="Hyperlink")
    link.append(run._r)
    paragraph._p.append(link)
    return run


def document_bytes(document: Document, title: str) -> bytes:
    """The document as the bytes of a .docx file: the same content always gives the same bytes.

    Its properties name vires as author and carry no dates (python-docx's template would say 2013, a
    user's template its own day); each part is stamped 1 January 1980 in the zip, not the time of writing.
    """
    import io
    import zipfile

    properties = document.core_properties
    properties.title, properties.author, properties.comments = title, "vires", ""
    element = properties._element  # python-docx offers no way to drop a date
    for child in list(element):
        if child.tag in (qn("dcterms:created"), qn("dcterms:modified")):
            element.remove(child)
    written = io.BytesIO()
    document.save(written)
    out = io.BytesIO()
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            stamped = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            stamped.compress_type = info.compress_type
            target.writestr(stamped, source.read(info))
    return out.getvalue()
