"""`vires list`: what can be asked about the rules loaded — bodies, functions and facts — by name and id."""

from __future__ import annotations

import click

from vires.cli.options import format_option, handles_errors, print_json

WHAT = ("bodies", "functions", "facts", "packs")


@click.command("list")
@click.argument("what", type=click.Choice(WHAT), metavar="bodies|functions|facts|packs")
@click.argument("paths", nargs=-1, metavar="[PATHS...]")
@click.option("--match", metavar="TEXT", help="Only those whose name or id holds every word of TEXT.")
@format_option()
@handles_errors
def list_command(what, paths, match, output_format):
    """List what can be asked about: the bodies, the function tree, or the facts the rules can use.

    Use it to find the names and ids that `vires ask`, `who` and `record` take. `packs` lists the
    shipped packs, which you name as @NAME.

    \b
    Examples:
      vires list packs
      vires list bodies @city-and-hackney --match hackney
      vires list functions @city-and-hackney --match "health plan"
      vires list facts @city-and-hackney
    """
    from vires.engine import catalogue
    from vires.engine.resolve import nearest_entries
    from vires.errors import QuestionError
    from vires.outputs import listing
    from vires.pack.load import load, shipped_packs

    if what == "packs":
        found = [{"name": f"@{name}"} for name in shipped_packs() if _matches(name, "", match)]
        if output_format == "json":
            print_json(found)
        else:
            click.echo("\n".join(p["name"] for p in found) or "No pack matches.")
        return
    if not paths:
        raise QuestionError.one(
            "no-rules",
            f"say which rules to list the {what} of",
            hint="name a shipped pack such as @city-and-hackney (`vires list packs` lists them), or your own files",
        )
    pack = load(list(paths))
    if what == "bodies":
        rows = [b for b in catalogue.bodies(pack) if _matches(b["name"], b["id"], match)]
        names = {b.id: b.name for b in pack.bodies.values()}
        result, text = rows, lambda: listing.bodies_text(rows, names)
    elif what == "functions":
        rows = [f for f in catalogue.functions(pack) if _matches(f["name"], f["id"], match)]
        result, text = rows, lambda: listing.functions_text(rows)
    else:
        facts = [f for f in catalogue.facts(pack).values() if _matches(f.name, f.name, match)]
        result, text = [f.to_json() for f in facts], lambda: listing.facts_text(facts)
    if output_format == "json":
        print_json(result)
    else:
        click.echo(text())
    if match and not result:
        close = nearest_entries(match, _entries(what, pack))
        if close:
            click.echo("nearest: " + ", ".join(close), err=True)


def _matches(name: str, ident: str, match: str | None) -> bool:
    """Every word of `match` is in the name or the id (case-insensitive); everything matches no `match`."""
    if not match:
        return True
    text = f"{name} {ident}".casefold()
    return all(word in text for word in match.casefold().split())


def _entries(what: str, pack) -> list[tuple[str, str]]:
    """(name, id) of everything of `what` in the pack, for the nearest when nothing matches."""
    from vires.engine import catalogue

    if what == "bodies":
        return [(b.name, b.id) for b in pack.bodies.values()]
    if what == "functions":
        return [(f.name, f.id) for f in pack.functions.values()]
    return [(name, name) for name in catalogue.facts(pack)]
