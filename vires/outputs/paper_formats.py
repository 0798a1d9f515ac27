"""A paper in the format asked for: Markdown, HTML or Word, as the bytes of a file."""

from __future__ import annotations

from vires.outputs.paper import Paper

FORMATS = ("md", "html", "docx")


def render(paper: Paper, fmt: str, reference_docx: str | None = None) -> bytes:
    """The paper as `md`, `html` or `docx`; a Word document builds on `reference_docx` when given."""
    if fmt == "md":
        from vires.outputs.paper_markdown import to_markdown

        return to_markdown(paper).encode("utf-8")
    if fmt == "html":
        from vires.outputs.paper_html import to_html

        return to_html(paper).encode("utf-8")
    if fmt == "docx":
        from vires.outputs.paper_docx import to_docx

        return to_docx(paper, reference_docx)
    raise ValueError(f"no paper format {fmt!r}")
