"""Running Graphviz's `dot`: a drawing rendered as SVG, PNG or PDF, the scale `dot` draws it at, and PDF
drawings laid on pages of the paper (joined with pypdf)."""

from __future__ import annotations

import io

from vires.errors import RenderError
from vires.outputs.diagram.dot_language import attributes
from vires.outputs.diagram.paper import MARGIN, Paper

FORMATS = ("dot", "svg", "png", "pdf")
PNG_DPI = 150  # a sharp bitmap at the paper's size; SVG and PDF keep Graphviz's 72 points an inch


def render(dot: str, fmt: str) -> bytes:
    """DOT text rendered by Graphviz's `dot` as `svg`, `png` or `pdf` (`dot` gives the text itself)."""
    if fmt not in FORMATS:
        raise RenderError.one("unknown-format", f"cannot draw `{fmt}`", hint="write .dot, .svg, .png or .pdf")
    if fmt == "dot":
        return dot.encode("utf-8")
    if fmt == "png":
        dot = dot.replace("{\n", "{\n  graph " + attributes(dpi=str(PNG_DPI)) + ";\n", 1)
    return _pipe(dot, fmt)


def scale(dot: str) -> float:
    """The scale `dot` draws `dot` at: 1, or less where the drawing is larger than its `size`."""
    first = _pipe(dot, "plain").split(b"\n", 1)[0].split()
    return float(first[1])


def on_paper(pdfs: list[bytes], paper: Paper) -> bytes:
    """PDF drawings, one a page, each laid at the top centre of a sheet of `paper`: one PDF document."""
    from pypdf import PdfReader, PdfWriter, Transformation

    width, height = paper.points
    writer = PdfWriter()
    for pdf in pdfs:
        drawing = PdfReader(io.BytesIO(pdf)).pages[0]
        page = writer.add_blank_page(width=width, height=height)
        box = drawing.mediabox
        x = (width - float(box.width)) / 2 - float(box.left)
        y = height - MARGIN * 72 - float(box.height) - float(box.bottom)
        page.merge_transformed_page(drawing, Transformation().translate(x, y))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _pipe(dot: str, fmt: str) -> bytes:
    import graphviz

    try:
        return graphviz.pipe("dot", fmt, dot.encode("utf-8"), quiet=True)
    except graphviz.ExecutableNotFound:
        raise RenderError.one(
            "graphviz-missing",
            f"cannot {'check that the drawing fits its paper' if fmt == 'plain' else f'render {fmt.upper()}'}: "
            "Graphviz's `dot` was not found on the PATH",
            hint="install Debian's `graphviz` package (apt-get install graphviz); a DOT file can be written without it",
        ) from None
    except graphviz.CalledProcessError as error:
        detail = (error.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise RenderError.one(
            "graphviz-failed",
            f"`dot` could not render {fmt.upper()}: " + (detail[-1] if detail else f"exit status {error.returncode}"),
        ) from None
