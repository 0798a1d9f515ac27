"""The decision register written for a page or a paper: one row a record, names where a reader looks.

The same records as `vires register list` and `export`, with bodies and decisions named from the rules
loaded (ids where the rules no longer declare them), each link of the chain cited, and the verdict of
`verify` first (`register_text.verify_text`).
"""

from __future__ import annotations

from vires.outputs.paper import Cell, Line, Paper, Para, Run, Table, line
from vires.outputs.paper_words import Words
from vires.outputs.register_text import needs, short, verify_text
from vires.outputs.wording import long_date
from vires.pack.model import Pack
from vires.values import format_amount

COLUMNS = ("#", "Decided", "Decision", "Outcome", "Authority", "Reference")
WIDTHS = (4, 12, 28, 16, 28, 16)


def register_paper(records: list[dict], result, pack: Pack, ids: bool = False) -> Paper:
    """The verdict of `verify`, then the records oldest first (or a sentence when there are none)."""
    words = Words(pack, ids)
    blocks: list = [Para(line(verify_text(result).removeprefix("verify: ").capitalize() + "."))]
    if records:
        blocks.append(Table(COLUMNS, tuple(_cells(words, found) for found in records), WIDTHS))
    else:
        blocks.append(Para(line("No decision is recorded yet.")))
    return Paper(title="Decision register", blocks=tuple(blocks), landscape=True)


def _cells(words: Words, record: dict) -> tuple[Cell, ...]:
    question = record["question"]
    decision: list[Line] = [
        line(
            Run(words.named(words.pack, question["body"]), strong=True),
            " decided ",
            words.named(words.pack, question["decision"]),
        )
    ]
    if question["amount"] is not None:
        decision.append(line(format_amount(question["amount"])))
    return (
        (line(str(record["seq"])),),
        (line(long_date(question["date"])),),
        tuple(decision),
        _outcome(record),
        _authority(words, record),
        (line(record["ref"]), line(Run(f"hash {short(record['hash'])}", code=True))),
    )


def _outcome(record: dict) -> Cell:
    cell = [line(Run(record["outcome"], strong=True))]
    if record["override"]:
        cell.append(line(f"recorded by override: {record['override']}"))
    outstanding = needs(record)
    if outstanding:
        cell.append(line("outstanding when recorded: " + "; ".join(outstanding)))
    return tuple(cell)


def _authority(words: Words, record: dict) -> Cell:
    """Each link of the chain recorded: who held or passed the authority, and its citation."""
    chain = record["chain"]
    if not chain:
        return (line("none"),)
    cell: list[Line] = []
    for link in chain["links"]:
        if link["kind"] == "power":
            who = line("Power of ", words.of(link["holder"]))
        elif link["kind"] == "designation":
            who = line(words.of(link["to"]), ", acting as ", words.of(link["from"]), " by designation")
        else:
            who = line(words.of(link["from"]), " to ", words.of(link["to"]))
        cell.append(line(who, ": ", words.source(link["source"]), words.rule(link["rule"])))
    return tuple(cell)
