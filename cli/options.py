"""Option bundles shared by commands, and the one boundary that turns errors into output and exit codes."""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys

import click

from vires.errors import Diagnostic, ViresError


def paths_argument(func):
    return click.argument("paths", nargs=-1, required=True, metavar="PATHS...")(func)


def format_option(*choices: str):
    choices = choices or ("text", "json")

    def decorate(func):
        return click.option(
            "--format",
            "output_format",
            type=click.Choice(choices),
            default=choices[0],
            show_default=True,
            help="text for people, json for programs.",
        )(func)

    return decorate


def engine_option(func):
    return click.option(
        "--engine",
        type=click.Choice(["durable", "native"]),
        default=None,
        envvar="VIRES_ENGINE",
        help="Rules engine (default durable where it imports; also VIRES_ENGINE).",
    )(func)


class Parsed(click.ParamType):
    """A value read by a parser of `vires.values` (imported on first use, so `--help` stays instant);
    the parser's ValueError is click's usage error (exit 2)."""

    def __init__(self, name: str, parser: str):
        self.name, self.parser = name, parser

    def convert(self, value, param, ctx):
        if not isinstance(value, str):
            return value  # already parsed
        from vires import values

        try:
            return getattr(values, self.parser)(value)
        except ValueError as error:
            self.fail(str(error), param, ctx)


class FactType(click.ParamType):
    name = "KEY=VALUE"

    def convert(self, value, param, ctx):
        key, sep, text = value.partition("=")
        if not sep or not key.strip():
            self.fail(f"`{value}` is not a fact; write it as key=value, e.g. consulted=leader", param, ctx)
        return key.strip(), text.strip()


DATE, AMOUNT, FACT = Parsed("DATE", "parse_date"), Parsed("AMOUNT", "parse_amount"), FactType()


def date_option(help_text: str = "Decision date, YYYY-MM-DD (default today)."):
    return click.option("--date", "date", type=DATE, default=None, help=help_text)


def question_options(func):
    """--decision, --amount, --date, --fact, --include-proposed (the body is each command's own)."""
    for option in reversed(
        [
            click.option(
                "--decision",
                required=True,
                metavar="FUNCTION",
                help="The function decided, by name or id, e.g. population-health.jsna (`vires list functions`).",
            ),
            click.option("--amount", type=AMOUNT, default=None, help="Pounds: 2400000, 2.4m, £250k or 250,000."),
            date_option(),
            click.option(
                "--fact",
                "facts",
                type=FACT,
                multiple=True,
                help="A fact, key=value; repeat a key for several values (consulted=leader).",
            ),
            click.option("--include-proposed", is_flag=True, help="Treat proposed delegations as if adopted."),
        ]
    ):
        func = option(func)
    return func


def for_option(func):
    """--for ORG: keep only the chains of that organisation's functions."""
    return click.option(
        "--for",
        "organisation",
        metavar="ORG",
        default=None,
        help="Only on behalf of this organisation (by id or name): chains whose power is held within it.",
    )(func)


def make_question(decision, amount, date, facts, include_proposed, body=None, organisation=None):
    from vires.engine.question import Question
    from vires.values import facts_from_pairs

    return Question(
        body=body,
        organisation=organisation,
        decision=decision,
        amount=amount,
        date=date or dt.date.today(),
        facts=facts_from_pairs(facts),
        include_proposed=include_proposed,
    )


def write(target: str, data: bytes) -> None:
    """Write `data` to a file, or to stdout for `-`; `cannot-write` (exit 2) when the file cannot be written."""
    if target == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from pathlib import Path

    from vires.errors import Location, RenderError

    try:
        Path(target).write_bytes(data)
    except OSError as error:
        raise RenderError.one(
            "cannot-write",
            f"cannot write this file: {error.strerror or error}",
            Location(target),
            "check the folder exists and can be written",
        ) from None


SUFFIX_ALIASES = {"txt": "text", "markdown": "md", "htm": "html"}  # a file's suffix -> the format it names


def chosen_format(target: str | None, allowed: tuple[str, ...], given: str | None = None) -> str:
    """The format to write: `given` (--format) if any, else the one `target`'s suffix names, else the first.

    `-` (stdout) and no target take the first of `allowed`; a suffix naming none of them is `unknown-format`.
    """
    if given is not None:
        return given
    if target in (None, "-"):
        return allowed[0]
    from pathlib import Path

    from vires.errors import RenderError

    suffix = Path(target).suffix.lower().lstrip(".")
    fmt = SUFFIX_ALIASES.get(suffix, suffix)
    if fmt not in allowed:
        names = [f".{a}" for a in allowed]
        raise RenderError.one(
            "unknown-format",
            f"cannot write `{target}`: its suffix is not one of " + ", ".join(names),
            hint="name the output " + ", ".join(f"FILE{n}" for n in names),
        )
    return fmt


def emit(target: str | None, data: str | bytes) -> None:
    """What was asked for, on stdout (no target) or into the file `target` (`-` is stdout too)."""
    if target is None and isinstance(data, str):
        click.echo(data, nl=False)
        return
    write(target or "-", data.encode("utf-8") if isinstance(data, str) else data)


def paper_options(func):
    """--ids and --reference-docx: what a paper (Markdown, HTML or Word) shows, and the Word template to use."""
    func = click.option(
        "--reference-docx",
        metavar="FILE",
        type=click.Path(exists=True, dir_okay=False),
        help="Build the Word document on FILE (a .docx): its styles, page set-up, headers and footers.",
    )(func)
    return click.option(
        "--ids", is_flag=True, help="In Markdown, HTML and Word, give ids after names (names alone by default)."
    )(func)


def check_paper_choices(fmt: str, target: str | None, reference_docx: str | None) -> None:
    """A Word document goes to a file, and only a Word document builds on a reference document."""
    if reference_docx is not None and fmt != "docx":
        raise click.UsageError("--reference-docx goes with a Word document: -o FILE.docx (or --format docx)")
    if fmt == "docx" and target is None:
        raise click.UsageError("a Word document is written to a file: add -o FILE.docx")


def print_json(data) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def report_errors(diagnostics: list[Diagnostic], output_format: str, stream=None) -> None:
    """Errors in the one shape every command uses: text lines, or `{"ok": false, "errors": [...]}`."""
    from vires.cli.remedies import in_cli_words

    diagnostics = [in_cli_words(d) for d in diagnostics]
    stream = stream or sys.stderr
    if output_format == "json":
        click.echo(
            json.dumps({"ok": False, "errors": [d.to_json() for d in diagnostics]}, indent=2, ensure_ascii=False),
            file=stream,
        )
    else:
        for diagnostic in diagnostics:
            click.echo(diagnostic.to_text(), file=stream)


def handles_errors(func):
    """The boundary: a ViresError becomes its diagnostics on stderr and its exit code, never a traceback.

    Every command goes through it, so every error has one shape (text lines or the JSON document).
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ViresError as error:
            report_errors(error.diagnostics, kwargs.get("output_format", "text"))
            sys.exit(error.exit_code)

    return wrapper


def fact_remedy(fact: str) -> str:
    """How a user gives a missing fact on the command line (the library says only what is missing)."""
    if fact in ("amount", "date"):
        return f"add it with --{fact}"
    return "add it with --fact"
