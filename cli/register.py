"""`vires record` and `vires register list|verify|export`: the decision register, for a board secretary."""

from __future__ import annotations

import sys

import click

from vires.cli.options import (
    AMOUNT,
    DATE,
    FACT,
    date_option,
    engine_option,
    format_option,
    handles_errors,
    make_question,
    paths_argument,
    print_json,
    write,
)

DEFAULT_REGISTER = "vires-register.sqlite"  # vires.register.store.DEFAULT_PATH, kept here so --help imports nothing


def register_option(func):
    return click.option(
        "--register",
        "register_path",
        metavar="FILE",
        default=DEFAULT_REGISTER,
        show_default=True,
        envvar="VIRES_REGISTER",
        help="The register file (an SQLite database; also VIRES_REGISTER).",
    )(func)


# ---- vires record ----------------------------------------------------------------------------


@click.command()
@paths_argument
@click.option("--body", required=True, metavar="BODY", help="The body that took the decision, by name or id.")
@click.option(
    "--decision",
    required=True,
    metavar="FUNCTION",
    help="The function decided, by name or id, e.g. population-health.jsna (`vires list functions`).",
)
@click.option("--amount", type=AMOUNT, default=None, help="Pounds: 2400000, 2.4m, £250k or 250,000.")
@date_option("Date of the decision, YYYY-MM-DD (default today).")
@click.option(
    "--fact",
    "facts",
    type=FACT,
    multiple=True,
    help="A fact, key=value; repeat a key for several values (consulted=leader).",
)
@click.option(
    "--ref", required=True, metavar="TEXT", help='Where the decision was taken, e.g. "Board 12 Mar 2026, item 7".'
)
@click.option(
    "--override",
    default=None,
    metavar="REASON",
    help="Record a denied decision all the same, giving the reason; it is recorded as an override.",
)
@click.option("--include-proposed", is_flag=True, hidden=True)  # refused: recorded under rules in force only
@register_option
@format_option()
@engine_option
@handles_errors
def record(
    paths, body, decision, amount, date, facts, ref, override, include_proposed, register_path, output_format, engine
):
    """Record a decision in the register, with the authority chain it was taken under.

    Evaluates the decision as `vires ask` does, under the rules in force (--include-proposed is
    refused), and appends a record: the question, the outcome, the chain with its citations,
    outstanding conditions and obligations, the reference, a fingerprint of the rules, the time
    and the hash of the previous record. A denied decision is not recorded unless --override
    gives the reason it was taken all the same.

    Exit 0 when recorded, 1 when denied and not recorded, 2 when the rules, the question or the
    register cannot be used (nothing is written).

    \b
    Example:
      vires record @city-and-hackney --body hackney-hwbb --decision population-health.jsna \\
          --date 2026-03-12 --ref "Board 12 Mar 2026, item 7"
    """
    from vires.api import open_rules
    from vires.register.store import Register, check_request, decide

    question = make_question(decision, amount, date, facts, include_proposed, body=body)
    ref, override = check_request(question, ref, override)
    rules = open_rules(paths, engine)
    entry = decide(rules, question, ref=ref, override=override)  # Refused (exit 1) when denied
    if override and entry["override"] is None:
        click.echo(
            f"note: the decision is {entry['outcome']}, so there is nothing to override; --override was not recorded",
            err=True,
        )
    with Register.open(register_path, create=True) as register:
        written = register.append(entry)
    if output_format == "json":
        print_json(written)
    else:
        from vires.outputs.register_text import record_text

        click.echo(record_text(written, rules.pack))


# ---- vires register ----------------------------------------------------------------------------


@click.group()
def register():
    """List, verify or export the decision register.

    The register is an SQLite file (vires-register.sqlite in the current folder, or --register
    FILE, or VIRES_REGISTER). Each record carries the hash of the one before, so `verify` finds any
    record edited, inserted, deleted or reordered.
    """


@register.command("list")
@register_option
@click.option("--body", default=None, metavar="BODY", help="Only the decisions of this body.")
@click.option("--since", type=DATE, default=None, help="Only decisions taken on or after this date, YYYY-MM-DD.")
@format_option()
@handles_errors
def list_records(register_path, body, since, output_format):
    """List the recorded decisions, oldest first: number, date, who decided what, outcome, reference."""
    from vires.register.store import Register

    with Register.open(register_path) as opened:
        records = opened.records(body=body, since=since)
    if output_format == "json":
        print_json(records)
        return
    from vires.outputs.register_text import list_line

    if not records:
        click.echo("no records" + (" match" if body or since else " yet"))
    for found in records:
        click.echo(list_line(found))


@register.command()
@register_option
@click.option(
    "--expect-head",
    default=None,
    metavar="HASH",
    help="A head noted earlier (e.g. in the minutes): fail unless it is still in the chain, "
    "which catches records cut from the end.",
)
@format_option()
@handles_errors
def verify(register_path, expect_head, output_format):
    """Check that no record was edited, inserted, deleted or reordered; print the count and the head.

    Exit 0 when the chain is intact, 1 naming the first bad record, 2 when the file is not a register.
    """
    from vires.register.store import Register

    with Register.open(register_path) as opened:
        result = opened.verify(expect_head)
    if output_format == "json":
        print_json(result.to_json())
    else:
        from vires.outputs.register_text import verify_text

        click.echo(verify_text(result))
    sys.exit(0 if result.ok else 1)


@register.command()
@register_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["csv", "json", "md"]),
    default=None,
    help="csv for spreadsheets, json for programs, md for a paper (default: from -o's suffix, else csv).",
)
@click.option(
    "-o",
    "--output",
    default="-",
    metavar="FILE",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write here instead of standard output.",
)
@handles_errors
def export(register_path, output_format, output):
    """Export every record as CSV, JSON or Markdown, with the register's count and head.

    The chain is verified first; a broken chain is still exported, with a warning, and exit 1.
    """
    from vires.register.store import Register

    if output_format is None:
        output_format = {"json": "json", "md": "md"}.get(output.rpartition(".")[2].lower(), "csv")
    with Register.open(register_path) as opened:
        result = opened.verify()
        records = [found for found in opened.records() if found["seq"] <= result.count]  # not any recorded since
    write_export(output, output_format, records, result, register_path)
    if not result.ok:
        click.echo(f"warning: exported a register whose chain is broken: {result.problem}", err=True)
        sys.exit(1)


def write_export(output: str, output_format: str, records: list[dict], result, path: str) -> None:
    """Render the export and write it to `output` (`-`: standard output)."""
    from vires.outputs.register_text import export_text

    write(output, export_text(output_format, records, result, path).encode("utf-8"))
