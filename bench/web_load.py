"""A bounded local load test of the workbench (`vires serve`): /api/ask and the Ask page, N clients on 127.0.0.1.

The server runs in a process of its own pinned to one core (uvicorn, one worker, as `vires serve` runs it);
the clients run in this process, pinned to another core where there is one, over keep-alive HTTP/1.1
connections. Each run is bounded by a count of requests and a time limit, and stops by itself. Reported
for each pack and route: requests per second, the latency a client sees (p50, p99), and the server's own
time for a request (p50, p99, from the `Server-Timing` header the workbench sends). Questions are drawn
fresh from the pack (no two in a row the same), so nothing is answered from a cache.

    python -m bench.web_load                      # shipped packs and the 20,000-delegation pack
    python -m bench.web_load --packs shipped --requests 2000 --clients 8

Not a timed test: the goals (an Ask page in 20 ms p50 on the shipped packs; 500 /api/ask a second on
one core) are reported against, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from urllib.parse import urlencode

GOALS = {"page_p50_ms": 20.0, "api_rps": 500.0}
SIZE = 20_000  # delegations in the bench pack


# ---- the server side ------------------------------------------------------------------------------------


def workbench(which: str):
    """The workbench over the shipped packs, or over the generated bench pack (derived natively)."""
    from vires.web.state import Workbench

    if which == "shipped":
        from vires.pack.load import shipped_packs

        return Workbench.from_paths([f"@{name}" for name in shipped_packs()], engine="native")
    from bench.generate import generate
    from vires.api import derive

    rules = derive(generate(SIZE), "native")
    return Workbench(lambda: rules)


def serve(which: str, port: int) -> None:
    import uvicorn

    from vires.web.app import create_app

    app = create_app(workbench(which), port=port)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


# ---- questions ------------------------------------------------------------------------------------------


def queries(which: str, count: int, seed: int = 0) -> list[str]:
    """`count` query strings asking fresh questions of the pack (facts the rules do not use left out)."""
    from vires.engine import catalogue
    from vires.values import to_json

    if which == "shipped":
        from vires.api import open_rules
        from vires.pack.load import shipped_packs

        pack = open_rules([f"@{name}" for name in shipped_packs()], "native").pack
    else:
        from bench.generate import generate

        pack = generate(SIZE)
    from bench.questions import Sampler

    sampler, known = Sampler(pack, seed), catalogue.facts(pack)
    found = []
    for _ in range(count):
        q = sampler.question()
        pairs = [("body", q.body), ("decision", q.decision), ("date", q.date.isoformat())]
        if q.amount is not None:
            pairs.append(("amount", str(q.amount)))
        if q.include_proposed:
            pairs.append(("include_proposed", "on"))
        for fact, values in sorted(q.facts.items()):
            if fact in known and not known[fact].part_of_question:
                pairs += [
                    (f"fact-{fact}", str(to_json(v)).lower() if isinstance(to_json(v), bool) else str(to_json(v)))
                    for v in values
                ]
        found.append(urlencode(pairs))
    return found


def _text(value) -> str:
    """A fact's value as a page's field would send it (`true`, not `True`)."""
    return str(value).lower() if isinstance(value, bool) else str(value)


# ---- the client side ------------------------------------------------------------------------------------


async def client(port: int, paths: list[str], start: int, step: int, out: list, deadline: float) -> None:
    """One keep-alive connection asking every `step`-th path from `start`, until done or past `deadline`."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for path in paths[start::step]:
            if time.perf_counter() > deadline:
                return
            began = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode("ascii"))
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split()[1])
            headers = {k.lower(): v for k, _, v in (line.partition(": ") for line in lines[1:] if line)}
            await reader.readexactly(int(headers.get("content-length", "0")))
            took = time.perf_counter() - began
            server = float(headers.get("server-timing", "app;dur=nan").split("dur=")[1])
            out.append((status, took * 1000, server))
    finally:
        writer.close()


async def load(port: int, paths: list[str], clients: int, seconds: float) -> tuple[list, float]:
    results: list = []
    began = time.perf_counter()
    deadline = began + seconds
    await asyncio.gather(*(client(port, paths, i, clients, results, deadline) for i in range(clients)))
    return results, time.perf_counter() - began


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def run(which: str, requests: int, clients: int, seconds: float) -> list[dict]:
    port = _free_port()
    server = subprocess.Popen(
        [*_pinned(0), sys.executable, "-m", "bench.web_load", "--serve", which, "--port", str(port)],
        stdout=subprocess.DEVNULL,
    )
    try:
        _wait_up(port, server)
        asked = queries(which, requests)
        rows = []
        for route in ("/api/ask", "/ask"):
            paths = [f"{route}?{q}" for q in asked]
            asyncio.run(load(port, paths[:50], min(clients, 4), 30))  # warm-up
            results, took = asyncio.run(load(port, paths, clients, seconds))
            ok = [r for r in results if r[0] < 500]
            rows.append(
                {
                    "pack": which,
                    "route": route,
                    "requests": len(results),
                    "answered": sum(r[0] == 200 for r in results),
                    "errors_5xx": len(results) - len(ok),
                    "rps": len(results) / took,
                    "client_p50": percentile([r[1] for r in results], 0.5),
                    "client_p99": percentile([r[1] for r in results], 0.99),
                    "server_p50": percentile([r[2] for r in results], 0.5),
                    "server_p99": percentile([r[2] for r in results], 0.99),
                    "server_mean": statistics.fmean(r[2] for r in results),
                }
            )
        return rows
    finally:
        server.terminate()
        server.wait(10)


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _pinned(core: int) -> list[str]:
    """`taskset -c CORE` where there are two cores or more and taskset exists; nothing otherwise."""
    import shutil

    if (os.cpu_count() or 1) > 1 and shutil.which("taskset"):
        return ["taskset", "-c", str(core)]
    return []


def _wait_up(port: int, server: subprocess.Popen, seconds: float = 300) -> None:
    import socket

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the workbench exited before it was up")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError("the workbench was not up in time")


def rows_table(rows: list[dict]) -> list[str]:
    """The figures as Markdown table lines, a row for each pack and route."""
    lines = [
        "| pack | route | requests | 200 | 5xx | requests/s | client p50 ms | client p99 ms "
        "| server p50 ms | server p99 ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['pack']} | {r['route']} | {r['requests']} | {r['answered']} | {r['errors_5xx']} | {r['rps']:.0f} "
            f"| {r['client_p50']:.1f} | {r['client_p99']:.1f} | {r['server_p50']:.2f} | {r['server_p99']:.2f} |"
        )
    return lines


def goals(rows: list[dict]) -> list[tuple[str, str, str, bool]]:
    """#12's goals for the workbench, each as (target, goal, measured, met), for the routes measured."""
    found = []
    page = next((r for r in rows if r["pack"] == "shipped" and r["route"] == "/ask"), None)
    api = next((r for r in rows if r["pack"] == "shipped" and r["route"] == "/api/ask"), None)
    if page:
        found.append(
            (
                "Ask page, server time on the shipped packs",
                f"≤ {GOALS['page_p50_ms']:.0f} ms p50",
                f"{page['server_p50']:.2f} ms p50, {page['server_p99']:.2f} ms p99",
                page["server_p50"] <= GOALS["page_p50_ms"],
            )
        )
    if api:
        found.append(
            (
                "`/api/ask` on one core, shipped packs",
                f"≥ {GOALS['api_rps']:.0f} requests/s",
                f"{api['rps']:.0f} requests/s (client p50 {api['client_p50']:.1f} ms, p99 {api['client_p99']:.1f} ms)",
                api["rps"] >= GOALS["api_rps"],
            )
        )
    return found


def table(rows: list[dict], clients: int) -> str:
    lines = [
        f"Workbench load: {clients} concurrent keep-alive clients on 127.0.0.1; "
        "server on one core (uvicorn, one worker)",
        "",
        *rows_table(rows),
        "",
    ]
    for target, goal, measured, met in goals(rows):
        lines.append(f"Goal: {target} {goal}: {measured} ({'met' if met else 'NOT met'}).")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--packs", nargs="+", choices=["shipped", "bench"], default=["shipped", "bench"])
    parser.add_argument("--requests", type=int, default=3000, help="requests per route and pack (default 3000)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--seconds", type=float, default=30, help="time limit per route and pack (default 30)")
    parser.add_argument("--results", help="also write the table to this Markdown file")
    parser.add_argument("--json", help="also write the figures to this JSON file (for `python -m bench.run`)")
    parser.add_argument("--serve", choices=["shipped", "bench"], help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve, args.port)
        return 0
    if len(_pinned(1)) and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {1})
    rows = [row for which in args.packs for row in run(which, args.requests, args.clients, args.seconds)]
    if args.json:
        figures = {"clients": args.clients, "requests": args.requests, "seconds": args.seconds, "rows": rows}
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(figures, out, indent=1, sort_keys=True)
    text = table(rows, args.clients)
    print(text)
    if args.results:
        with open(args.results, "w", encoding="utf-8") as out:
            out.write("# Workbench load test\n\n`python -m bench.web_load` (see its docstring)\n\n" + text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
