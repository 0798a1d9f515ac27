"""A paper as one self-contained HTML page that prints on A4: every text escaped, the diagram inline as SVG.

Tables print split between rows with their header row repeated; a heading is kept with what follows it;
the diagram, where there is one, prints on a page of its own.
"""

from __future__ import annotations

import html

from vires.outputs.paper import Figure, Heading, Items, Line, Paper, Para, Table, drawn

CSS = """
body { font-family: Helvetica, Arial, sans-serif; font-size: 10pt; color: #222; margin: 2em; line-height: 1.35; }
h1 { font-size: 16pt; margin: 0 0 0.4em; }
h2 { font-size: 13pt; margin: 1.2em 0 0.4em; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 1em 0 0.3em; break-after: avoid; page-break-after: avoid; }
p { margin: 0.4em 0; } p.note { color: #555; font-size: 9pt; }
code { font-size: 9pt; color: #444; }
li { margin: 0.25em 0; } li .more { color: #444; } ul.check { list-style: none; padding-left: 1.5em; }
ul.check .box { display: inline-block; width: 1.5em; margin-left: -1.5em; }
ol.steps { list-style: decimal; margin: 0.2em 0; padding-left: 1.5em; }
blockquote { margin: 0.2em 0 0.2em 1em; font-style: italic; color: #444; }
figure { margin: 0; break-before: page; page-break-before: always; }
figure svg { max-width: 100%; max-height: 165mm; width: auto; height: auto; }
figcaption { font-weight: bold; margin-bottom: 0.5em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: 4px 6px; vertical-align: top; text-align: left; }
thead th { background: #e8e8e8; } thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
@media print { body { margin: 0; } a { color: inherit; text-decoration: none; } }
""".strip()


def to_html(paper: Paper) -> str:
    """The paper as one printable page: A4, landscape where the paper asks for it."""
    size = "A4 landscape" if paper.landscape else "A4"
    title = html.escape(paper.title)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{title}</title>",
        f"<style>\n{CSS}\n@page {{ size: {size}; margin: 12mm; }}\n</style>",
        "</head>",
        "<body>",
        fragment(paper),
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"


def fragment(paper: Paper) -> str:
    """The paper's title and blocks as HTML to place inside a page of its own (the workbench's, say)."""
    out = [f"<h1>{html.escape(paper.title)}</h1>"]
    for block in paper.blocks:
        out += _block(block)
    return "\n".join(out)


def _block(block) -> list[str]:
    if isinstance(block, Heading):
        return [f"<h{block.level + 1}>{html.escape(block.text)}</h{block.level + 1}>"]
    if isinstance(block, Para):
        return [('<p class="note">' if block.note else "<p>") + inline(block.text) + "</p>"]
    if isinstance(block, Items):
        return _items(block)
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Figure):
        return _figure(block)
    raise TypeError(f"no HTML for {block!r}")


def _items(block: Items) -> list[str]:
    tag = "ol" if block.kind == "number" else "ul"
    out = [f'<{tag} class="{block.kind}">']
    for item in block.items:
        box = '<span class="box">☐</span>' if block.kind == "check" else ""
        steps = "".join(f"<li>{inline(step)}</li>" for step in item.steps)
        steps = f'<ol class="steps">{steps}</ol>' if steps else ""
        more = "".join(
            f'{"" if steps and i == 0 else "<br>"}<span class="more">{inline(m)}</span>'
            for i, m in enumerate(item.more)
        )
        quote = f"<blockquote>“{html.escape(item.quote)}”</blockquote>" if item.quote else ""
        out.append(f"<li>{box}{inline(item.text)}{steps}{more}{quote}</li>")
    return out + [f"</{tag}>"]


def _table(table: Table) -> list[str]:
    total = sum(table.widths)
    out = ["<table>", "<colgroup>" + "".join(f'<col style="width: {100 * w / total:.0f}%">' for w in table.widths)]
    out[-1] += "</colgroup>"
    out.append("<thead><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in table.header) + "</tr></thead>")
    out.append("<tbody>")
    for row in table.rows:
        out.append("<tr>" + "".join("<td>" + "<br>".join(inline(p) for p in cell) + "</td>" for cell in row) + "</tr>")
    return out + ["</tbody>", "</table>"]


def _figure(figure: Figure) -> list[str]:
    svg = drawn(figure, "svg")
    if svg is None:
        return [f"<p>{html.escape(figure.missing)}</p>"]
    text = svg.decode("utf-8")
    start = text.find("<svg")
    return ["<figure>", f"<figcaption>{html.escape(figure.caption)}</figcaption>", text[start:].strip(), "</figure>"]


def inline(text: Line) -> str:
    """A line's runs as HTML: <strong>, <code>, <a href>, every text escaped."""
    out = []
    for run in text:
        piece = html.escape(run.text)
        if run.code:
            piece = f"<code>{piece}</code>"
        if run.strong:
            piece = f"<strong>{piece}</strong>"
        if run.link:
            piece = f'<a href="{html.escape(run.link)}">{piece}</a>'
        out.append(piece)
    return "".join(out)
