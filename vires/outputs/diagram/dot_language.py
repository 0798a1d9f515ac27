"""The DOT language: quoted strings, HTML-like labels and attribute lists; every text from a pack goes through it."""

from __future__ import annotations


def quote(text: str) -> str:
    """A DOT quoted string, `&` written `&amp;` (Graphviz reads entities in labels and tooltips, and
    writes a URL into SVG as given, so a bare `&` would make the SVG invalid)."""
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")
    return '"' + text.replace("\r\n", "\n").replace("\n", "\\n") + '"'


def html(text: str) -> str:
    """Text for an HTML-like label: markup characters escaped, newlines as line breaks."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return "<BR/>".join(text.replace("\r\n", "\n").split("\n"))


def wrap(text: str, width: int) -> str:
    """Text in lines of at most `width` characters where its words allow, broken at spaces only (so a
    citation such as `s.101(6)` stays whole), escaped for an HTML-like label."""
    lines = []
    for part in text.splitlines() or [""]:
        line = ""
        for word in part.split():
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
    return "<BR/>".join(html(line) for line in lines)


class Html(str):
    """An HTML-like label, already escaped: written between `<` and `>`, never quoted."""


def attributes(**values: str | None) -> str:
    """`[a="x", b=<html>]`, sorted by name; None leaves an attribute out."""
    parts = []
    for key, value in sorted(values.items()):
        if value is None:
            continue
        if isinstance(value, Html):
            parts.append(f"{key}=<{value}>")
        else:
            parts.append(f"{key}={quote(value)}")
    return "[" + ", ".join(parts) + "]" if parts else ""
