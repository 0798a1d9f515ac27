"""`vires init`: a starter pack for one's own scheme of delegation, that checks clean and whose cases pass."""

from __future__ import annotations

import click

from vires.cli.options import handles_errors


@click.command()
@click.argument("folder", metavar="DIR")
@click.option(
    "--requires",
    "requires",
    multiple=True,
    metavar="PACK",
    help="A pack to build on: a shipped one such as @england, or a path; repeat for several.",
)
@click.option("--name", metavar="NAME", help='Whose scheme it is, e.g. "Riverside Borough Council".')
@handles_errors
def init(folder, requires, name):
    """Write a starter pack into DIR, a new or empty folder: nothing is ever overwritten.

    DIR/rules holds the pack (pack.yaml and scheme.yaml: a council and an officer, a power, a
    reservation and a delegation, each citing a source) and DIR/cases its decision cases, which
    pass. With --requires @england the council is given the legal type by which @england's law
    reaches it, and a case shows it. Each file names the installed schema by its absolute address,
    so editors check and complete it wherever DIR is; DIR/.vscode/settings.json maps the same
    schemas to rules/ and cases/.

    Exit 0 when written; 2 when DIR is a file or holds anything, or a --requires names nothing.

    \b
    Example:
      vires init riverside --requires @england --name "Riverside Borough Council"
      vires check riverside/rules --strict
      vires test riverside/cases
    """
    import os

    from vires.outputs.starter_text import starter_summary
    from vires.pack.starter import CASES, RULES, pack_id, starter_files, write_starter

    commands = {"check": f"vires check {RULES} --strict", "test": f"vires test {CASES}"}
    written = write_starter(folder, starter_files(folder, name, requires, commands=commands))
    click.echo(starter_summary(folder, written, name or pack_id(folder).replace("-", " ").title()))
    rules, cases = (os.path.join(os.path.normpath(folder), part) for part in (RULES, CASES))
    click.echo(f"Next, check the pack and run its cases:\n  vires check {rules} --strict\n  vires test {cases}")
