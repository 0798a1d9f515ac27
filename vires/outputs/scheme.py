"""Scheme-of-delegation tables: rows asked of the engine (so they agree with `ask`), as Markdown or HTML."""

from __future__ import annotations

import datetime as dt
import html as _html

import attrs

from vires.engine.question import Question, require_declared
from vires.outputs.wording import entry_words, name
from vires.pack.model import LEVELS, Pack, ancestors
from vires.values import format_amount


@attrs.frozen
class Row:
    """One line of a scheme: a body may decide a function, by a chain, within a limit, on conditions.

    `links` are the chosen chain's links as `ask` gives them; `before` the blocking conditions (in
    words) still to be met, `after` the obligations; `except_` the child functions not included.
    """

    body: str
    function: str
    outcome: str
    limit: int | None
    links: tuple
    before: tuple[str, ...]
    after: tuple[str, ...]
    except_: tuple[str, ...] = ()


@attrs.frozen
class Scheme:
    """The rows for one body, or for every body that may decide anything, as at a date."""

    pack: Pack
    date: dt.date
    include_proposed: bool
    body: str | None
    rows: tuple[Row, ...]

    def bodies(self) -> list[str]:
        """The bodies with rows: highest level first, then each organisation before its committees and officers."""
        bodies = self.pack.bodies
        path = lambda b: [bodies[a].name for a in reversed(ancestors(b, bodies))]  # noqa: E731
        return sorted({row.body for row in self.rows}, key=lambda b: (-LEVELS.index(bodies[b].level), path(b), b))


def build(rules, body: str | None, date: dt.date, include_proposed: bool = False) -> Scheme:
    """Ask the engine about every function (for `body`, or for every body by `who`) and keep what it allows."""
    pack = rules.pack
    require_declared(pack, body)
    functions = sorted(pack.functions, key=lambda f: f.split("."))
    answers: dict[tuple[str, str], dict] = {}
    for function in functions:
        question = Question(decision=function, date=date, body=body, include_proposed=include_proposed)
        deciders = [body] if body is not None else [b["body"] for b in rules.who(question)["bodies"]]
        for decider in deciders:
            answer = rules.ask(attrs.evolve(question, body=decider))
            if answer["outcome"] != "denied":
                answers[(decider, function)] = answer
    rows = []
    for (decider, function), answer in sorted(answers.items(), key=lambda i: (i[0][0], i[0][1].split("."))):
        parent = _nearest(function, decider, answers)
        if parent is not None and _same(answers[parent], answer):
            continue  # the parent's row already says it
        left_out = [f for f in functions if f.startswith(function + ".") and (decider, f) not in answers]
        excluded = tuple(f for f in left_out if not any(f.startswith(g + ".") for g in left_out))
        rows.append(_row(pack, decider, function, answer, excluded))
    return Scheme(pack, date, include_proposed, body, tuple(rows))


def _nearest(function: str, body: str, answers: dict) -> tuple[str, str] | None:
    parts = function.split(".")
    for size in range(len(parts) - 1, 0, -1):
        key = (body, ".".join(parts[:size]))
        if key in answers:
            return key
    return None


def _same(a: dict, b: dict) -> bool:
    ca, cb = a["chains"][0], b["chains"][0]
    return (a["outcome"], ca["limit"], ca["links"], ca["outstanding"], ca["obligations"]) == (
        b["outcome"],
        cb["limit"],
        cb["links"],
        cb["outstanding"],
        cb["obligations"],
    )


def _row(pack: Pack, body: str, function: str, answer: dict, excluded: tuple[str, ...]) -> Row:
    chain = answer["chains"][0]
    before = tuple(entry_words(pack, e) for e in chain["outstanding"])
    after = tuple(entry_words(pack, e) for e in chain["obligations"])
    return Row(body, function, answer["outcome"], chain["limit"], tuple(chain["links"]), before, after, excluded)


# ---- conditions in words --------------------------------------------------------------------

# ---- the table as Markdown and HTML ------------------------------------------------------------

COLUMNS = ("Function", "Who decides", "Limit", "Conditions", "Source")


def _cells(scheme: Scheme, row: Row, md: bool) -> list[str]:
    """A row's cells as (escaped) Markdown or HTML."""
    pack = scheme.pack
    esc = _md if md else _html.escape
    code = (lambda t: f"`{t}`") if md else (lambda t: f"<code>{_html.escape(t)}</code>")
    function = pack.functions[row.function]
    if function.declared and function.name != row.function:
        what = (
            f"**{esc(function.name)}** " if md else f"<strong>{esc(function.name)}</strong> "
        ) + f"({code(row.function)})"
    else:  # an implied parent: say which declared functions it stands for
        parts = [
            f
            for f in pack.functions
            if f.startswith(row.function + ".") and pack.functions[f].declared and f not in row.except_
        ]
        what = code(row.function) + (" (" + ", ".join(code(f) for f in parts) + ")" if parts else "")
    if row.except_:
        what += " except " + ", ".join(code(f) for f in row.except_)
    steps = []
    for link in row.links:
        if link["kind"] == "power":
            steps.append(f"{esc(name(pack, link['holder']))} (power)")
        else:
            proposed = pack.delegations[link["rule"]].status == "proposed"
            steps.append(esc(name(pack, link["to"])) + (" (proposed)" if proposed else ""))
    decider = esc(name(pack, row.body))
    who = f"**{decider}**" if md else f"<strong>{decider}</strong>"
    who += ", by its own power" if len(steps) == 1 else ", by delegation: " + " → ".join(steps)
    limit = format_amount(row.limit) if row.limit is not None else "no limit"
    conditions = []
    if row.before:
        conditions.append("Before deciding: " + "; ".join(esc(w) for w in row.before))
    if row.after:
        conditions.append("After or in deciding: " + "; ".join(esc(w) for w in row.after))
    places: dict[str, list[str]] = {}  # document -> the places cited in it, in chain order
    for link in row.links:
        source = pack.rule(link["rule"]).source
        place = (source.place or "") + ("" if source.confirmed else " (not confirmed against the instrument)")
        cited = places.setdefault(source.ref, [])
        if place.strip() and place not in cited:
            cited.append(place.strip())
    sources = []
    for ref, cited in places.items():
        document = pack.sources.get(ref)
        title = esc(document.title if document else ref)
        if document is not None and document.url:
            title = f"[{title}]({document.url})" if md else f'<a href="{_html.escape(document.url)}">{title}</a>'
        sources.append(title + (", " + "; ".join(esc(c) for c in cited) if cited else ""))
    sep = "<br>"
    return [what, who, limit, sep.join(conditions) or "none", sep.join(sources)]


def _md(text: str) -> str:
    for char in "\\`*_[]<>|":
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())


def _heading(scheme: Scheme) -> tuple[str, str]:
    pack = scheme.pack
    title = "Scheme of delegation" + (f": {pack.bodies[scheme.body].name}" if scheme.body else "")
    rules = "; ".join(f"{p.title}" + (f" (version {p.version})" if p.version else "") for p in pack.packs)
    proposed = (
        "proposed delegations are treated as adopted and marked (proposed)"
        if scheme.include_proposed
        else "proposed delegations are not included"
    )
    meta = (
        f"As at {scheme.date.isoformat()}; {proposed}. Rules: {rules or 'as loaded'}. "
        "Limits are per decision. Each row is what {ask} answers for the body and function on that date."
    )
    return title, meta


def to_markdown(scheme: Scheme) -> str:
    """The scheme as Markdown: a heading, a note on the rules and date, one table a body."""
    title, meta = _heading(scheme)
    out = [f"# {_md(title)}", "", _md(meta).replace("{ask}", "`vires ask`"), ""]
    if not scheme.rows:
        out.append("No body may take any decision under these rules on this date.")
    for body in scheme.bodies():
        if scheme.body is None:
            out += [f"## {_md(scheme.pack.bodies[body].name)}", ""]
        out += ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
        out += ["| " + " | ".join(_cells(scheme, row, md=True)) + " |" for row in scheme.rows if row.body == body]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


CSS = """
body { font-family: Helvetica, Arial, sans-serif; font-size: 10pt; color: #222; margin: 2em; }
h1 { font-size: 16pt; margin-bottom: 0.2em; } h2 { font-size: 13pt; margin-top: 1.5em; }
p.meta { color: #555; } code { font-size: 8.5pt; color: #444; }
figure { margin: 1em 0; } figure svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: 4px 6px; vertical-align: top; text-align: left; }
thead th { background: #e8e8e8; } thead { display: table-header-group; } tr { break-inside: avoid; }
@page { size: A4 landscape; margin: 12mm; }
@media print { body { margin: 0; } a { color: inherit; text-decoration: none; } }
""".strip()


def to_html(scheme: Scheme, svg: str | None = None) -> str:
    """The scheme as one self-contained, printable HTML page, the diagram's SVG inline when given."""
    title, meta = _heading(scheme)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{_html.escape(title)}</title>",
        f"<style>\n{CSS}\n</style>",
        "</head>",
        "<body>",
        f"<h1>{_html.escape(title)}</h1>",
        f'<p class="meta">{_html.escape(meta).replace("{ask}", "<code>vires ask</code>")}</p>',
    ]
    if svg is not None:
        start = svg.find("<svg")
        out += ["<figure>", svg[start:].strip() if start >= 0 else svg, "</figure>"]
    if not scheme.rows:
        out.append("<p>No body may take any decision under these rules on this date.</p>")
    for body in scheme.bodies():
        if scheme.body is None:
            out.append(f"<h2>{_html.escape(scheme.pack.bodies[body].name)}</h2>")
        out += ["<table>", "<thead><tr>" + "".join(f"<th>{c}</th>" for c in COLUMNS) + "</tr></thead>", "<tbody>"]
        out += [
            "<tr>" + "".join(f"<td>{c}</td>" for c in _cells(scheme, row, md=False)) + "</tr>"
            for row in scheme.rows
            if row.body == body
        ]
        out += ["</tbody>", "</table>"]
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
