"""Run the benchmark: every size in a fresh process, the CLI cold, then the table and the plot.

    python -m bench.run [--sizes 1000,10000,20000,50000] [--questions 3000] [--who 100]
                        [--no-web] [--web-requests 2000] [--web-seconds 20]
                        [--out bench/out] [--results bench/RESULTS.md] [--plot bench/results.png]

`make bench` runs all sizes and the workbench under load (`bench/web_load.py`, in processes of its own after
the sizes) and writes `bench/RESULTS.md` and `bench/results.png`; `make bench-quick` runs 1,000 delegations with
fewer questions, without the workbench, and only prints the table.
Exits 1 when the engines disagree on any derivation or answer (the table still says where).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.report import machine, plot, table

ROOT = Path(__file__).resolve().parent.parent
WEB_START_S = 120  # the workbench's start-up, twice: loading and deriving the shipped packs and the 20,000 pack
DEMO = [
    "@city-and-hackney",
    "--body",
    "hackney-hwbb-nhp-subcommittee",
    "--decision",
    "neighbourhood-health-plan.deliver",
    "--amount",
    "2m",
    "--date",
    "2026-06-01",
    "--fact",
    "present=5",
]


def run_size(size: int, args, out: Path) -> dict:
    """Measure one size in its own interpreter; a crash is reported as that size's result."""
    target = out / f"size-{size}.json"
    command = [
        sys.executable,
        "-m",
        "bench.measure",
        str(size),
        str(target),
        "--questions",
        str(args.questions),
        "--who",
        str(args.who),
        "--seed",
        str(args.seed),
    ]
    print(f"bench: {size:,} delegations ...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    (out / f"size-{size}.stderr").write_text(done.stderr)
    if done.returncode not in (0, 3) or not target.exists():
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"size": size, "crashed": f"exit {done.returncode}: {last}", "problems": [f"the run crashed: {last}"]}
    result = json.loads(target.read_text())
    print(f"bench: {size:,} delegations done in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    return result


def cold(command: list[str], runs: int) -> dict:
    """Median wall time of `command` in fresh processes, and whether it ran as it should (exit 0 or 1)."""
    times, status = [], "ok"
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if done.returncode not in (0, 1) or "Traceback" in done.stderr or not done.stdout.strip():
            status = (done.stderr.strip().splitlines() or [f"exit {done.returncode}, no output"])[-1][:200]
    return {"median_s": statistics.median(times), "min_s": min(times), "runs": runs, "status": status}


def cli(runs: int) -> dict:
    """`vires --help` and `vires ask` on a shipped pack, cold, with each engine."""
    vires = str(Path(sys.executable).parent / "vires")
    if not os.path.exists(vires):
        return {"status": f"no `vires` command beside {sys.executable}"}
    found = {"vires --help": cold([vires, "--help"], runs)}
    for engine in ("native", "durable"):
        found[f"vires ask {' '.join(DEMO)} --engine {engine}"] = cold([vires, "ask", *DEMO, "--engine", engine], runs)
    return found


def web(args, out: Path) -> dict:
    """The workbench under load (`bench/web_load.py`) in its own processes, bounded by count and time: its figures,
    or why there are none."""
    target = out / "web.json"
    target.unlink(missing_ok=True)
    command = [
        sys.executable,
        "-m",
        "bench.web_load",
        "--json",
        str(target),
        "--requests",
        str(args.web_requests),
        "--seconds",
        str(args.web_seconds),
    ]
    print("bench: the workbench under load ...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    # Four runs (two packs, two routes), each bounded by time, plus starting the servers: a stuck one is stopped.
    try:
        done = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, timeout=4 * args.web_seconds + WEB_START_S
        )
    except subprocess.TimeoutExpired:
        return {"status": f"stopped after {4 * args.web_seconds + WEB_START_S:.0f} s"}
    (out / "web.stderr").write_text(done.stderr)
    if done.returncode != 0 or not target.exists():
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"status": f"exit {done.returncode}: {last}"}
    print(f"bench: the workbench done in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    return {"status": "ok", **json.loads(target.read_text())}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run")
    parser.add_argument("--sizes", default="1000,10000,20000,50000")
    parser.add_argument("--questions", type=int, default=3000)
    parser.add_argument("--who", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cli-runs", type=int, default=7)
    parser.add_argument(
        "--no-web", dest="web", action="store_false", help="leave out the workbench under load (bench/web_load.py)"
    )
    parser.add_argument("--web-requests", type=int, default=2000, help="workbench: requests per route and pack")
    parser.add_argument("--web-seconds", type=float, default=20, help="workbench: time limit per route and pack")
    parser.add_argument("--out", default=str(ROOT / "bench" / "out"))
    parser.add_argument("--results", help="write the Markdown table here (default: print only)")
    parser.add_argument("--plot", help="write the plot (PNG) here")
    parser.add_argument(
        "--report-only", metavar="RESULTS_JSON", help="only rewrite the table and plot from a run's results.json"
    )
    args = parser.parse_args(argv)
    if args.report_only:
        return _write(json.loads(Path(args.report_only).read_text()), args)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    host = machine()  # the commit measured is the one at the start
    sizes = [run_size(int(size), args, out) for size in args.sizes.split(",")]
    commands = cli(args.cli_runs)
    report = {
        "machine": host,
        "sizes": sizes,
        "cli": commands,
        "web": web(args, out) if args.web else {"status": "not run (--no-web)"},
        "questions": args.questions,
        "who": args.who,
        "seed": args.seed,
        "seconds": time.perf_counter() - started,
    }
    (out / "results.json").write_text(json.dumps(report, indent=1))  # in its order, so --report-only writes the same
    return _write(report, args)


def _write(report: dict, args) -> int:
    """Print the table, write it and the plot where asked; 1 when the engines disagreed anywhere."""
    sizes = report["sizes"]
    text = table(report)
    print(text)
    if args.results:
        Path(args.results).write_text(text)
    if args.plot:
        plot(report, args.plot)
    problems = [f"{s['size']:,}: {p}" for s in sizes for p in s.get("problems", [])]
    web_status = report.get("web", {}).get("status", "ok")
    if web_status != "ok" and not web_status.startswith("not run"):
        problems.append(f"the workbench under load: {web_status}")
    for problem in problems:
        print(f"bench: FAILED: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
