"""Writing a delegation diagram as DOT text: heading, bodies, lines with their labels, and a key.

`write(drawing, paper)` gives the DOT of what `vires.outputs.diagram.select` chose to draw; the ranks
come from `vires.outputs.diagram.layout`, the boxes from `boxes`, the key from `key`. Same drawing,
same bytes: everything is written in a sorted order.
"""

from __future__ import annotations

from collections import defaultdict

from vires.outputs.diagram.boxes import node, rule_tooltip
from vires.outputs.diagram.dot_language import Html, attributes, quote, wrap
from vires.outputs.diagram.drawing import Drawing
from vires.outputs.diagram.heading import detail_lines, question_line, title
from vires.outputs.diagram.key import key, note
from vires.outputs.diagram.layout import ancestors_within, label_id, ranks
from vires.outputs.diagram.paper import Paper
from vires.outputs.diagram.style import FONT, INK, PROPORTIONS, SIZE, WRAP, Proportions
from vires.outputs.diagram.words import body_name, functions_phrase, lower_first
from vires.outputs.wording import safe_url
from vires.pack.model import Body
from vires.values import format_amount

POINTING = "Point at a box or a line for its citations in full; click to open the source where it is online."


def write(drawing: Drawing, paper: Paper, proportions: Proportions = PROPORTIONS[0]) -> str:
    """The DOT text of `drawing`, sized to fit the printable area of `paper`, in `proportions`."""
    return _Writer(drawing, paper, proportions).dot()


class _Writer:
    """One DOT text being written."""

    def __init__(self, drawing: Drawing, paper: Paper, proportions: Proportions):
        self.drawing, self.paper, self.proportions = drawing, paper, proportions
        self.pack, self.edges = drawing.pack, drawing.edges
        self.ranks: dict[str, int] = {}

    def dot(self) -> str:
        drawing = self.drawing
        holders = set(drawing.powers) | set(drawing.reserved)
        self.ranks = ranks(drawing.bodies, drawing.delegations, self.edges, holders, self.proportions.leaves)
        kept = {b.id for b in drawing.bodies}
        children = defaultdict(list)
        for body in drawing.bodies:
            children[body.part_of if body.part_of in kept and body.part_of != body.id else None].append(body)
        labels = defaultdict(list)  # the innermost cluster holding both ends -> the edge labels drawn in it
        by_id = {b.id: b for b in drawing.bodies}
        for edge in sorted(self.edges):
            around_head = set(ancestors_within(edge[1], by_id))
            common = [a for a in ancestors_within(edge[0], by_id) if a in around_head and children[a]]
            labels[common[0] if common else None].append(edge)
        heading = '<BR ALIGN="LEFT"/>'.join(self._heading()) + '<BR ALIGN="LEFT"/>'
        out = [
            "digraph vires {",
            "  graph "
            + attributes(
                rankdir="TB",
                newrank="true",
                fontname=FONT,
                fontsize=str(SIZE["question"]),
                labelloc="t",
                labeljust="l",
                label=Html(
                    '<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>'
                    f'<TD ALIGN="LEFT" VALIGN="TOP" BALIGN="LEFT">{heading}</TD><TD WIDTH="18"></TD>'
                    f'<TD VALIGN="TOP">{key(drawing, self.proportions.key_columns)}</TD></TR></TABLE>'
                ),
                nodesep="0.12",
                ranksep="0.2",
                splines="true",
                pad="0.02",
                margin="0",
                size=self.paper.size,
                outputorder="edgesfirst",
                remincross="true",
                tooltip=self._plain_heading() + "\n\n" + POINTING,
            )
            + ";",
            "  node " + attributes(fontname=FONT, fontsize=str(SIZE["name"]), margin="0.12,0.05") + ";",
            "  edge " + attributes(fontname=FONT, fontsize=str(SIZE["text"]), arrowsize="0.7") + ";",
        ]
        seen: set[str] = set()
        for body in children[None]:
            out += self._tree(body, children, labels, seen, "  ")
        for body in drawing.bodies:  # bodies in a part_of cycle, drawn outside any cluster
            if body.id not in seen:
                out.append("  " + node(drawing, body, self.proportions.box))
        out += ["  " + self._label(edge) for edge in labels[None]]
        out += self._delegation_edges()
        out += self._accountability_edges(kept)
        out += self._rank_groups()
        return "\n".join(out + ["}"]) + "\n"

    def _heading(self) -> list[str]:
        """The heading's lines, as HTML: the title in bold, the question or date, what the view keeps."""
        drawing = self.drawing
        first = f'<FONT POINT-SIZE="{SIZE["title"]}"><B>{wrap(title(self.pack), WRAP["title"])}</B></FONT>'
        question, outcome = question_line(self.pack, drawing.view, drawing.answer)
        asked = wrap(f"{question} {outcome}", WRAP["heading"])
        if outcome:
            asked = asked[: -len(outcome)] + f"<B>{outcome}</B>"
        rest = detail_lines(self.pack, drawing.view, drawing.answer, drawing.scope)
        lines = [first, asked] + [wrap(line, WRAP["heading"]) for line in rest]
        layout = note(drawing)
        if layout:
            lines.append(
                f'<FONT POINT-SIZE="{SIZE["text"]}" COLOR="{INK["note"]}">{wrap(layout, WRAP["heading"])}</FONT>'
            )
        return lines

    def _plain_heading(self) -> str:
        drawing = self.drawing
        lines = [title(self.pack), " ".join(question_line(self.pack, drawing.view, drawing.answer)).strip()]
        return "\n".join(lines + detail_lines(self.pack, drawing.view, drawing.answer, drawing.scope))

    def _tree(self, body: Body, children, labels, seen: set, indent: str) -> list[str]:
        """A body; with whatever is part of it, a cluster, holding the labels of the lines within it."""
        seen.add(body.id)
        kids = [k for k in children[body.id] if k.id not in seen]
        if not kids:
            return [indent + node(self.drawing, body, self.proportions.box)]
        grey = self.drawing.answer is not None
        out = [
            f"{indent}subgraph {quote('cluster_' + body.id)} {{",
            indent
            + "  graph "
            + attributes(
                label="",
                style="rounded,filled",
                penwidth="0.8",
                color="#d0d0d0" if grey else "#a6a6a6",
                fillcolor="#fbfbfb" if grey else "#f3f3f3",
                tooltip=body.name,
            )
            + ";",
            indent + "  " + node(self.drawing, body, self.proportions.box),
        ]
        for kid in kids:
            out += self._tree(kid, children, labels, seen, indent + "  ")
        out += [indent + "  " + self._label(edge) for edge in labels[body.id]]
        return out + [indent + "}"]

    # ---- delegations: a label node between two lines ---------------------------------------

    def _label(self, edge: tuple[str, str, str]) -> str:
        """The label of a line: each delegation's functions and limit; a note saying why one confers nothing."""
        delegations, state = self.edges[edge], edge[2]
        lines: list[str] = []
        for d in delegations:
            text = ("proposed: " if d.status == "proposed" and state != "inactive" else "") + self._says(d)
            line = wrap(text, self.proportions.label)
            line = f"<B>{line}</B>" if d.id in self.drawing.chain_rules else line
            if state == "inactive":
                line += "<BR/><I>" + wrap("✕ " + self.drawing.inactive[d.id], self.proportions.label) + "</I>"
            if line not in lines:
                lines.append(line)
        _, fontcolor, _ = self._ink(edge)
        urls = sorted(
            {u for d in delegations if (doc := self.pack.sources.get(d.source.ref)) and (u := safe_url(doc.url))}
        )
        return (
            f"{quote(label_id(edge))} "
            + attributes(
                label=Html("<BR/>".join(lines)),
                shape="plaintext",
                fontsize=str(SIZE["text"]),
                fontcolor=fontcolor,
                height="0",
                margin="0.04,0.02",
                tooltip="\n\n".join(rule_tooltip(self.drawing, d) for d in delegations),
                URL=urls[0] if urls else None,
            )
            + ";"
        )

    def _says(self, delegation) -> str:
        """What a delegation passes on, in words: functions, exceptions, limit, and whether exclusive or residual;
        a designation says the deputy acts as the officer (the line runs from the officer to the deputy)."""
        text = functions_phrase(self.pack, delegation.functions)
        if delegation.kind == "designation":
            text = f"acts as {body_name(self.pack, delegation.acts_as)} when unavailable: " + lower_first(text)
        if delegation.except_:
            text += " except " + lower_first(functions_phrase(self.pack, delegation.except_))
        if delegation.limit is not None:
            text += f" up to {format_amount(delegation.limit, exact=False)}"
        flags = [f for f in ("exclusive", "residual") if getattr(delegation, f) is not False]
        return text + (f" ({', '.join(flags)})" if flags else "")

    def _ink(self, edge) -> tuple[str, str, str | None]:
        """Line colour, text colour and pen width for the delegations between two bodies."""
        if any(d.id in self.drawing.chain_rules for d in self.edges[edge]):
            return INK["chain"], INK["chain"], "2.4"
        if edge[2] == "inactive":
            return INK["inactive"], INK["inactive"], None
        if self.drawing.answer is not None:
            return INK["grey"], INK["grey-text"], None
        return INK[edge[2]], INK[edge[2]], None

    def _delegation_edges(self) -> list[str]:
        out = []
        for edge in sorted(self.edges):
            tail, head, state = edge
            colour, _, pen = self._ink(edge)
            tooltip = "\n\n".join(rule_tooltip(self.drawing, d) for d in self.edges[edge])
            proposed = any(d.status == "proposed" for d in self.edges[edge])
            dashed = state == "proposed" or (state == "inactive" and proposed)
            label = label_id(edge)
            for a, b, arrow in ((tail, label, "none"), (label, head, None)):
                out.append(
                    f"  {quote(a)} -> {quote(b)} "
                    + attributes(
                        color=colour,
                        penwidth=pen,
                        style="dashed" if dashed else None,
                        arrowhead=arrow,
                        tooltip=tooltip,
                        constraint="false" if self.ranks[b] <= self.ranks[a] else None,
                    )
                    + ";"
                )
        return out

    def _accountability_edges(self, kept: set[str]) -> list[str]:
        colour = INK["grey"] if self.drawing.answer is not None else INK["accountable"]
        name = lambda b: self.pack.bodies[b].name if b in self.pack.bodies else b  # noqa: E731
        return [
            f"  {quote(body.id)} -> {quote(target)} "
            + attributes(
                style="dotted",
                color=colour,
                arrowhead="onormal",
                constraint="false",
                tooltip=f"{name(body.id)} is accountable to {name(target)}",
            )
            + ";"
            for body in self.drawing.bodies
            for target in sorted(body.accountable_to)
            if target in kept and target != body.id
        ]

    def _rank_groups(self) -> list[str]:
        """Each rank a `rank=same` group with an invisible marker; the markers, chained, keep the ranks in order."""
        by_rank = defaultdict(list)
        for name, rank in self.ranks.items():
            by_rank[rank].append(name)
        out = []
        for rank in range(max(by_rank, default=-1) + 1):
            marker = quote(f"rank:{rank}")
            out.append(f"  {marker} " + attributes(style="invis", shape="point", width="0", label="") + ";")
            if rank:
                out.append(f"  {quote(f'rank:{rank - 1}')} -> {marker} " + attributes(style="invis") + ";")
            out.append(f"  {{rank=same; {marker}; " + " ".join(quote(n) + ";" for n in sorted(by_rank[rank])) + "}")
        return out
