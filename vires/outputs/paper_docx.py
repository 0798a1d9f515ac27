"""A paper as a Word document, through python-docx: Word's built-in styles, so that a template restyles it.

Title, Heading 1-2, List Bullet, List Number, List Continue (2 for the numbered steps under an item),
Quote and Caption for text; Table Grid for tables, whose header row repeats on every page and whose rows
never split; citations linked to their source; the diagram as a picture on a landscape page of its own.
Given a reference document, the paper is written into it (its styles, page set-up, headers and footers;
its body removed).
"""

from __future__ import annotations

import io

from vires.outputs.paper import Figure, Heading, Items, Line, Paper, Para, Table, drawn, line

STYLES = (
    "Title",
    "Heading 1",
    "Heading 2",
    "List Bullet",
    "List Number",
    "List Continue",
    "List Continue 2",
    "Quote",
    "Caption",
    "Table Grid",
    "Hyperlink",
)
PARAGRAPH_STYLE = {"bullet": "List Bullet", "number": "List Number", "check": "List Continue"}


def to_docx(paper: Paper, reference: str | None = None) -> bytes:
    """The paper as the bytes of a .docx file, built on `reference` (a .docx) when given."""
    from vires.outputs import docx_parts

    document = docx_parts.open_document(reference)
    docx_parts.ensure_styles(document, STYLES)
    if paper.landscape:
        docx_parts.landscape(document)
    document.add_paragraph(paper.title, style="Title")
    for block in paper.blocks:
        if isinstance(block, Heading):
            document.add_paragraph(block.text, style=f"Heading {block.level}")
        elif isinstance(block, Para):
            _runs(document.add_paragraph(style="Caption" if block.note else None), block.text)
        elif isinstance(block, Items):
            _items(document, block)
        elif isinstance(block, Table):
            _table(document, block)
        elif isinstance(block, Figure):
            _figure(document, block)
    return docx_parts.document_bytes(document, paper.title)


def _runs(paragraph, text: Line) -> None:
    """Write a line's runs into a paragraph: bold, ids in a fixed-width font, links as hyperlinks."""
    from vires.outputs.docx_parts import add_hyperlink

    for part in text:
        run = add_hyperlink(paragraph, part.text, part.link) if part.link else paragraph.add_run(part.text)
        run.bold = part.strong or None
        if part.code:
            run.font.name = "Consolas"


def _items(document, block: Items) -> None:
    for item in block.items:
        paragraph = document.add_paragraph(style=PARAGRAPH_STYLE[block.kind])
        if block.kind == "check":
            paragraph.add_run("☐  ")
        _runs(paragraph, item.text)
        for step, text in enumerate(item.steps, 1):  # numbered in the text, so each list restarts at 1
            _runs(document.add_paragraph(style="List Continue 2"), line(f"{step}. ", text))
        for more in item.more:
            _runs(document.add_paragraph(style="List Continue"), more)
        if item.quote:
            document.add_paragraph(f"“{item.quote}”", style="Quote")


def _table(document, table: Table) -> None:
    from vires.outputs.docx_parts import keep_row_whole, repeat_as_header, shade, usable_size

    width, _ = usable_size(document)
    total = sum(table.widths)
    widths = [width * w // total for w in table.widths]
    grid = document.add_table(rows=1, cols=len(table.header), style="Table Grid")
    grid.autofit = False
    header = grid.rows[0]
    repeat_as_header(header)
    keep_row_whole(header)
    for cell, text in zip(header.cells, table.header, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
        shade(cell, "E8E8E8")
    for row in table.rows:
        cells = grid.add_row()
        keep_row_whole(cells)
        for cell, paragraphs in zip(cells.cells, row, strict=True):
            for number, paragraph in enumerate(paragraphs):
                _runs(cell.paragraphs[0] if number == 0 else cell.add_paragraph(), paragraph)
    for column, size in zip(grid.columns, widths, strict=True):
        column.width = size  # the table's grid, which LibreOffice reads; Word reads each cell's own width
        for cell in column.cells:
            cell.width = size
    document.add_paragraph()  # Word joins tables that touch; a paragraph keeps the next one apart


def _figure(document, figure: Figure) -> None:
    """The diagram on a page of its own, as large as the page allows and never enlarged past its own size."""
    from docx.enum.text import WD_BREAK
    from docx.image.image import Image

    from vires.outputs.docx_parts import usable_size

    png = drawn(figure, "png")
    if png is None:
        document.add_paragraph(figure.missing)
        return
    caption = document.add_paragraph(style="Caption")
    caption.add_run().add_break(WD_BREAK.PAGE)
    caption.add_run(figure.caption)
    image = Image.from_blob(png)
    width, height = usable_size(document)
    height -= 914400 // 2  # room for the caption
    scale = min(1.0, width / image.width, height / image.height)
    document.add_picture(io.BytesIO(png), width=int(image.width * scale), height=int(image.height * scale))
