"""`vires check`: schema errors and semantic lint, printed as check's result on stdout."""

from __future__ import annotations

import sys

import click

from vires.cli.options import date_option, format_option, handles_errors, paths_argument, print_json
from vires.errors import Diagnostic, LoadError, Location


def unusable_paths(paths, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The loader's findings on the path arguments themselves (a missing path, an unknown `@NAME`).

    They are input check cannot use (exit 2); a pack's own `requires` naming nothing is a finding
    in that pack instead (exit 1). The loader locates a path argument's problem at the argument.
    """
    arguments = {Location(path) for path in paths}
    return [d for d in diagnostics if d.code in ("path-not-found", "unknown-pack") and d.location in arguments]


def summary(pack, diagnostics: list[Diagnostic], failed: bool, strict: bool, drafted: bool = False) -> str:
    """One line: what was checked (a draft laid over the packs, when one is) and how many findings of each severity."""
    counts = {severity: sum(d.severity == severity for d in diagnostics) for severity in ("error", "warning", "info")}
    found = f"{_count(counts['error'], 'error')}, {_count(counts['warning'], 'warning')}"
    if counts["info"]:
        found += f", {_count(counts['info'], 'info', 'infos')}"
    if pack is None:
        scope = "the rules could not be loaded"
    else:
        scope = (
            ("the draft laid over " if drafted else "")
            + f"{_count(len(pack.packs), 'pack')}, {_count(sum(1 for _ in pack.rules()), 'rule')}, "
            f"{_count(len(pack.bodies), 'body', 'bodies')} checked"
        )
    verdict = "failed" if failed else "ok"
    if failed and strict and not counts["error"]:
        verdict += " (--strict: warnings fail)"
    return f"{verdict}: {scope}; {found}"


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


@click.command()
@paths_argument
@click.option(
    "--draft",
    "drafts",
    multiple=True,
    metavar="PATH",
    help="Check a draft file or folder laid over PATHS, as `vires diff` lays it; repeat for several.",
)
@date_option("Judge expiry on this date, YYYY-MM-DD (default today).")
@click.option("--strict", is_flag=True, help="Fail on warnings too (infos never fail).")
@format_option()
@handles_errors
def check(paths, drafts, date, strict, output_format):
    """Check rule packs: schema errors, unknown or duplicate ids, and rules that cannot work.

    PATHS are files, folders (read recursively) or shipped packs as @NAME. Findings are check's
    result and go to stdout, sorted by location, each with a stable code: errors, warnings
    (fail with --strict) and infos, which never fail: rules expired by --date but still in force
    (history is legitimate), and proposed delegations that would not work if adopted (a pack may
    record such a proposal on purpose; --strict measures the rules in force).

    With --draft, the draft is checked as a draft: laid over PATHS as `vires diff` lays it, so that
    a draft rule with the id of a rule in PATHS rewrites it (no duplicate) and the draft may name
    the bodies, sources and rules of PATHS.

    Exit 0 when clean, 1 on errors (and warnings with --strict), 2 for a path or @NAME that names nothing.

    \b
    Examples:
      vires check @england @city-and-hackney my-scheme/ --date 2026-06-01 --strict
      vires check my-scheme/ --draft 2027-changes.yaml --strict
    """
    import datetime as dt

    from vires.pack.load import load_collect, load_overlay_collect
    from vires.review.lint import lint

    if drafts:
        pack, diagnostics = load_overlay_collect(list(paths), list(drafts))
    else:
        pack, diagnostics = load_collect(list(paths))
    unusable = unusable_paths([*paths, *drafts], diagnostics)
    if unusable:
        raise LoadError(unusable)  # not findings: input check cannot use (exit 2, on stderr)
    diagnostics = list(diagnostics)
    if pack is not None:
        diagnostics += lint(pack, date or dt.date.today())
    diagnostics.sort(key=Diagnostic.sort_key)
    failed = any(d.severity == "error" or (strict and d.severity == "warning") for d in diagnostics)
    if output_format == "json":
        print_json({"ok": not failed, "errors": [d.to_json() for d in diagnostics]})
    else:
        for diagnostic in diagnostics:
            click.echo(diagnostic.to_text())
        click.echo(summary(pack, diagnostics, failed, strict, bool(drafts)))
    sys.exit(1 if failed else 0)
