"""The `vires` command: a click group whose commands are imported only when run, so `--help` is instant."""

from __future__ import annotations

import importlib
import warnings

import click

from vires import __version__

# command name -> (module under vires.cli, or a whole dotted path; function; one-line help shown by `vires --help`).
# `serve` lives with the workbench, a front end beside this one (vires.web), named here only as text.
COMMANDS = {
    "init": ("init", "init", "Start a rule pack of your own: a starter that checks clean, with its cases."),
    "check": ("check", "check", "Check rule packs: schema errors and semantic lint."),
    "list": ("listing", "list_command", "List the bodies, functions or facts you can ask about, by name and id."),
    "ask": ("ask", "ask", "May this body take this decision? The answer with its authority chain."),
    "who": ("ask", "who", "Who may take this decision? Every body that may, lowest level first."),
    "members": ("members", "members", "Who sits on a body, and who may vote on a decision there, and why."),
    "agenda": ("agenda", "agenda", "Check a meeting's agenda: each item, and the day by which each step is due."),
    "test": ("testing", "test", "Run decision cases (or a meeting's items) against rule packs."),
    "diff": ("diff", "diff", "What a draft changes: every decision right it gains, loses or alters."),
    "diagram": ("diagram", "diagram", "Draw a delegation diagram (DOT, SVG, PNG or PDF)."),
    "scheme": ("scheme", "scheme", "Write a scheme-of-delegation table (Markdown, HTML or Word)."),
    "record": ("register", "record", "Record a decision in the register, with its authority chain."),
    "register": ("register", "register", "List, verify or export the decision register."),
    "serve": ("vires.web.command", "serve", "The workbench: ask, look up and record in a web browser."),
}


class LazyGroup(click.Group):
    """Imports a command's module only when that command runs (or its help is asked for)."""

    def list_commands(self, ctx):
        return list(COMMANDS)

    def get_command(self, ctx, name):
        if name not in COMMANDS:
            return None
        module, attribute, _ = COMMANDS[name]
        path = module if "." in module else f"vires.cli.{module}"
        return getattr(importlib.import_module(path), attribute)  # a wrong name fails loudly

    def format_commands(self, ctx, formatter):
        rows = [(name, help_text) for name, (_, _, help_text) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="vires")
def cli():
    """vires answers one question well: may this body take this decision, and by what authority?

    Rule packs (YAML) encode statutory powers, schemes of delegation and MOU clauses. Name a
    shipped pack as @NAME (@england, @london, @city-and-hackney, @team-hackney) or give files
    and folders of your own.

    \b
    Examples:
      vires ask @city-and-hackney --body hackney-hwbb --decision population-health.jsna --date 2026-06-01
      vires who @city-and-hackney --decision neighbourhood-health-plan.deliver --date 2026-06-01
      vires check my-scheme/

    Exit codes: 0 yes or ok; 1 no (denied, findings, failed cases); 2 input vires cannot use.
    """
    warnings.showwarning = _show_warning


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """The library's notices (`ViresWarning`) as one `vires: ...` line on stderr; others as Python shows them."""
    from vires.errors import ViresWarning

    if issubclass(category, ViresWarning):
        click.echo(f"vires: {message}", err=True)
    else:
        _PYTHON_SHOWWARNING(message, category, filename, lineno, file, line)


_PYTHON_SHOWWARNING = warnings.showwarning


def main() -> None:
    cli(prog_name="vires")
