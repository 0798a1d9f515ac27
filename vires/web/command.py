"""`vires serve`: the workbench on a local address, over the packs given (every shipped pack by default)."""

from __future__ import annotations

import sys

import click

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@click.command()
@click.argument("paths", nargs=-1, metavar="[PATHS...]")
@click.option("--port", type=click.IntRange(0, 65535), default=8421, show_default=True, help="The port to listen on.")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="The address to listen on. Anything but this machine's own (127.0.0.1) lets others on the network in.",
)
@click.option(
    "--register",
    "register_path",
    metavar="FILE",
    default="vires-register.sqlite",
    show_default=True,
    envvar="VIRES_REGISTER",
    help="The register that decisions are recorded in (an SQLite file; also VIRES_REGISTER).",
)
@click.option(
    "--cases",
    multiple=True,
    metavar="PATH",
    type=click.Path(exists=True),
    help="Decision-case files or folders to run before and after each draft tested (repeatable).",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the workbench in the web browser once it is up.")
@click.option(
    "--engine",
    type=click.Choice(["durable", "native"]),
    default=None,
    envvar="VIRES_ENGINE",
    help="Rules engine (default durable where it imports; also VIRES_ENGINE).",
)
def serve(paths, port, host, register_path, cases, open_browser, engine):
    """Serve the workbench: every question vires answers, in a web browser, by name.

    Ask whether a body may take a decision, who may, look up bodies and the scheme of delegation,
    test a draft and keep the decision register, on pages that work without a terminal. The rules
    (every shipped pack, unless PATHS name others) are loaded once, and loaded again when one of
    their files changes; a change that cannot be loaded keeps the last good rules and shows why.
    A JSON API under /api/ returns what `--format json` prints.

    It listens on 127.0.0.1 only, unless --host says otherwise. Stop it with Ctrl+C.

    \b
    Examples:
      vires serve
      vires serve @city-and-hackney my-scheme/ --cases decisions/ --open
    """
    try:
        import uvicorn

        from vires.web.app import create_app
    except ImportError as error:
        click.echo(f"vires: the workbench needs {error.name}: install it with pip install 'vires[serve]'", err=True)
        sys.exit(2)
    from vires.errors import ViresError
    from vires.pack.load import shipped_packs
    from vires.web.state import Workbench

    paths = list(paths) or [f"@{name}" for name in shipped_packs()]
    try:
        wb = Workbench.from_paths(paths, engine, register=register_path, cases=cases)
        if cases:
            from vires.review.case_files import load_cases

            load_cases(list(cases))
    except ViresError as error:
        for diagnostic in error.diagnostics:
            click.echo(diagnostic.to_text(), err=True)
        sys.exit(error.exit_code)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '') else shown}:{port}/"
    if host not in LOOPBACK:
        click.echo(
            f"warning: listening on {host}, not only on this machine: anyone who can reach it may read the rules "
            "and record decisions in the register",
            err=True,
        )
    click.echo(f"vires workbench: {url}  (rules: {', '.join(paths)}; register: {register_path}; Ctrl+C stops it)")
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    app = create_app(wb, host=host, port=port, watch=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
