"""A paper as Markdown, ready to paste: every text from a pack escaped, tables kept to one line a row."""

from __future__ import annotations

import re

from vires.outputs.paper import Figure, Heading, Items, Line, Paper, Para, Table

MARKERS = {"bullet": "- ", "check": "- [ ] "}


def to_markdown(paper: Paper) -> str:
    """The paper as Markdown (CommonMark with GitHub tables and task lists); diagrams are left to HTML and Word."""
    out = [f"# {escape(paper.title)}", ""]
    for block in paper.blocks:
        if isinstance(block, Heading):
            out += ["#" * (block.level + 1) + " " + escape(block.text), ""]
        elif isinstance(block, Para):
            text = inline(block.text)
            out += [f"*{text}*" if block.note else text, ""]
        elif isinstance(block, Items):
            out += _items(block) + [""]
        elif isinstance(block, Table):
            out += _table(block) + [""]
        elif isinstance(block, Figure):
            continue
    return "\n".join(out).rstrip("\n") + "\n"


def _items(block: Items) -> list[str]:
    """A list; an item's citations follow its line after hard breaks (`\\`), its quotation as a block quote."""
    lines = []
    for number, item in enumerate(block.items, 1):
        marker = f"{number}. " if block.kind == "number" else MARKERS[block.kind]
        indent = " " * (len(marker) if block.kind == "number" else 2)
        if item.steps:  # a nested numbered list, then the citations as a paragraph of their own
            lines.append(marker + inline(item.text))
            lines += [f"{indent}{step}. {inline(text)}" for step, text in enumerate(item.steps, 1)]
            texts = [inline(more) for more in item.more]
            lines += [""] if texts else []
        else:
            texts = [inline(item.text)] + [inline(more) for more in item.more]
        first = not item.steps
        lines += [
            (marker if first and i == 0 else indent) + text + ("\\" if i < len(texts) - 1 else "")
            for i, text in enumerate(texts)
        ]
        if item.quote:
            lines.append(f"{indent}> “{escape(item.quote)}”")
    return lines


def _table(table: Table) -> list[str]:
    lines = ["| " + " | ".join(escape(h) for h in table.header) + " |", "|" + "---|" * len(table.header)]
    for row in table.rows:
        lines.append("| " + " | ".join("<br>".join(inline(p) for p in cell) or " " for cell in row) + " |")
    return lines


def inline(text: Line) -> str:
    """A line's runs as Markdown: **strong**, `code`, [links](url), the rest escaped."""
    out = []
    for run in text:
        if run.code:
            piece = "`" + run.text.replace("`", "'") + "`"
        else:
            piece = escape(run.text)
        if run.strong:
            piece = f"**{piece}**"
        if run.link:
            url = run.link.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C")
            piece = f"[{piece}]({url.replace('>', '%3E')})"
        out.append(piece)
    return "".join(out)


def escape(text: str) -> str:
    """Plain text that Markdown shows as it is: its punctuation escaped, its whitespace one space."""
    for char in "\\`*_[]<>|&#":
        text = text.replace(char, "\\" + char)
    return re.sub(r"\s+", " ", text)
