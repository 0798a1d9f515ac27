"""The benchmark's report: the machine, the Markdown table (bench/RESULTS.md) and the plot (bench/results.png)."""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = (
    "vires",
    "durable_rules",
    "cedarpy",
    "regopy",
    "clingo",
    "attrs",
    "PyYAML",
    "click",
    "jsonschema",
    "matplotlib",
)
ENGINES = ("native", "durable")


def machine() -> dict:
    """What ran the benchmark: CPUs, memory, Python and package versions, date and commit."""
    cpu = "unknown"
    if os.path.exists("/proc/cpuinfo"):
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    if os.path.exists("/proc/meminfo"):
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        commit = "unknown"
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "system": platform.platform(),
        "packages": versions,
        "date": dt.date.today().isoformat(),
        "commit": commit,
    }


def _n(value, digits: int = 1) -> str:
    if value is None:
        return "—"
    if isinstance(value, int):
        return f"{value:,}"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}"


def _ratio(value, base) -> str:
    if not value or not base:
        return "—"
    ratio = value / base
    return f"{ratio:,.0f}×" if ratio >= 10 else f"{ratio:.1f}×" if ratio >= 1 else f"1/{1 / ratio:.0f}"


def _share(value, base) -> str:
    """`value / base` as a plain decimal to two significant figures (vires' time over a peer's)."""
    return f"{value / base:.2g}" if value and base else "—"


def _ok(sizes):
    return [s for s in sizes if "crashed" not in s]


def _engine(size: dict, name: str) -> dict:
    return size.get("engines", {}).get(name, {})


def targets(report: dict) -> list[tuple[str, str, str, str]]:
    """(target, goal, measured, met) rows: goals to report against, not assertions."""
    sizes = {s["size"]: s for s in _ok(report["sizes"])}
    rows = []
    at = sizes.get(20000) or (sizes[max(sizes)] if sizes else None)
    if at:
        label = f"{at['size']:,}"
        native = _engine(at, "native")
        durable = _engine(at, "durable")
        ask = native.get("ask", {}).get("p50_us")
        floor = at.get("floor", {}).get("mean_us")
        cedar = at.get("cedar", {})
        sliced = cedar.get("ask", {}).get("p50_us")
        fixed = cedar.get("fixed_ask", {}).get("p50_us")
        trivial = cedar.get("trivial_ask", {}).get("p50_us")
        rows.append(
            (
                f"`ask` p50 at {label} delegations",
                "≤ 10 µs",
                f"{_n(ask)} µs ({_ratio(ask, floor)} the dict floor of {_n(floor, 2)} µs)",
                _met(ask is not None and ask <= 10),
            )
        )
        if fixed or sliced:
            rows.append(_fair_cedar(label, ask, fixed, sliced, trivial, cedar.get("rego", {})))
        total = native.get("total_s")
        rows.append(
            (f"load+derive {label}, native", "≤ 2 s", f"{_n(total, 2)} s", _met(total is not None and total <= 2))
        )
        if durable.get("status") == "ok":
            total = durable["total_s"]
            rows.append((f"load+derive {label}, durable", "≤ 10 s", f"{_n(total, 2)} s", _met(total <= 10)))
        else:
            rows.append((f"load+derive {label}, durable", "≤ 10 s", durable.get("status", "not run"), "no"))
        who = native.get("who", {})
        p50, p99 = who.get("p50_us", 1e12) / 1000, who.get("p99_us", 1e12) / 1000
        rows.append(
            (
                f"`who` at {label}",
                "p50 ≤ 5 ms, p99 ≤ 20 ms",
                f"p50 {_n(p50, 2)} ms, p99 {_n(p99, 2)} ms",
                _met(p50 <= 5 and p99 <= 20),
            )
        )
        parts = at.get("ask_parts")
        if parts:
            rows.append(
                (
                    f"where `ask`'s time goes at {label} (p50 of each step alone)",
                    "reported",
                    f"names and facts resolved {_n(parts['resolve_us'])} µs; verdict (resolved and evaluated) "
                    f"{_n(parts['verdict_us'])} µs; whole answer {_n(parts['ask_us'])} µs; the whole answer asked "
                    f"again at once, its data in the processor's caches, {_n(parts['warm_ask_us'])} µs",
                    "—",
                )
            )
        d = native.get("diff", {})
        if d:
            rows.append(
                (
                    f"`diff` at {label}, a draft amending 1% of the delegations",
                    "≤ 1 s",
                    f"{_n(d['compare_s'], 2)} s comparing ({d['asked']:,} pairs asked), "
                    f"{_n(d['seconds'], 2)} s with deriving the draft's side",
                    _met(d["compare_s"] <= 1),
                )
            )
    largest = sizes[max(sizes)] if sizes else None
    if largest and _engine(largest, "durable"):
        d = _engine(largest, "durable")
        rows.append(
            (
                f"durable at {largest['size']:,}: time and memory",
                "reported",
                f"{_n(d.get('total_s', d.get('seconds')), 1)} s, peak {_n(d.get('peak_mb'))} MB ({d.get('status')})",
                "—",
            )
        )
    first, last = (sizes[min(sizes)], sizes[max(sizes)]) if len(sizes) >= 2 else (None, None)
    if first and last:
        a0, a1 = _engine(first, "native").get("ask", {}), _engine(last, "native").get("ask", {})
        if a0 and a1:
            growth = a1["p50_us"] / a0["p50_us"]
            rows.append(
                (
                    f"`ask` p50 from {first['size'] // 1000}k to {last['size'] // 1000}k",
                    "within 1.5×",
                    f"{_n(a0['p50_us'])} µs to {_n(a1['p50_us'])} µs (×{growth:.2f})",
                    _met(growth <= 1.5),
                )
            )
    if first and last:
        w0, w1 = _engine(first, "native").get("who", {}), _engine(last, "native").get("who", {})
        if w0.get("per_body_us") and w1.get("per_body_us"):
            growth = w1["per_body_us"] / w0["per_body_us"]
            rows.append(
                (
                    f"`who` p50 per body examined from {first['size'] // 1000}k to {last['size'] // 1000}k",
                    "within 1.5×",
                    f"{_n(w0['per_body_us'])} µs ({_n(w0['bodies_examined'])} bodies a question) to "
                    f"{_n(w1['per_body_us'])} µs ({_n(w1['bodies_examined'])} bodies) (×{growth:.2f})",
                    _met(growth <= 1.5),
                )
            )
    for name in ENGINES:
        per = [
            (s["size"], _engine(s, name)["total_s"] / s["size"] * 1000)
            for s in _ok(report["sizes"])
            if _engine(s, name).get("status") == "ok"
        ]
        if len(per) >= 2:
            growth = per[-1][1] / per[0][1]
            rows.append(
                (
                    f"load+derive grows linearly, {name}",
                    "s per 1k delegations flat",
                    ", ".join(f"{size // 1000}k: {value:.3f} s" for size, value in per)
                    + f" (×{growth:.1f} from {per[0][0] // 1000}k to {per[-1][0] // 1000}k)",
                    _met(growth <= 1.5),
                )
            )
        steps = [(s["size"], _engine(s, name)) for s in _ok(report["sizes"]) if _engine(s, name).get("status") == "ok"]
        if len(steps) >= 2:
            per = [
                (size, (e["compile_s"] + e["derive_s"]) / size * 1000, e["chains"] / size * 1000) for size, e in steps
            ]
            growth = per[-1][1] / per[0][1]
            rows.append(
                (
                    f"compile+derive grows linearly, {name} (the index is apart)",
                    "s per 1k delegations flat within 1.5×",
                    ", ".join(f"{size // 1000}k: {value:.3f} s" for size, value, _ in per)
                    + f" (×{growth:.1f}); chains per 1k delegations "
                    + ", ".join(f"{chains:,.0f}" for _, _, chains in per),
                    _met(growth <= 1.5),
                )
            )
    for command, figures in report.get("cli", {}).items():
        if command.startswith("vires ask") and "median_s" in figures:
            engine = command.rsplit(" ", 1)[-1]
            good = figures["status"] == "ok"
            rows.append(
                (
                    f"`vires ask` cold on @city-and-hackney, {engine}",
                    "≤ 0.3 s",
                    f"{_n(figures['median_s'], 2)} s" + ("" if good else f" (failed: {figures['status']})"),
                    _met(good and figures["median_s"] <= 0.3),
                )
            )
    figures = report.get("web", {})
    if figures.get("status") == "ok":
        from bench.web_load import goals

        rows += [
            (f"workbench: {target}", goal, measured, _met(met))
            for target, goal, measured, met in goals(figures["rows"])
        ]
    elif figures:
        rows.append(("workbench under load (#12's goals)", "reported", f"not measured: {figures['status']}", "—"))
    return rows


def _fair_cedar(label: str, ask, fixed, sliced, trivial, rego: dict) -> tuple[str, str, str, str]:
    """The target row for the answer step against the fair peers, each ratio as measured in the same run."""
    parts = [f"vires {_n(ask)} µs p50"]
    if fixed:
        parts.append(f"Cedar's fixed policy set {_n(fixed)} µs (vires ÷ Cedar {_share(ask, fixed)})")
    parts.append(f"Cedar sliced by principal {_n(sliced)} µs (vires ÷ Cedar {_share(ask, sliced)})")
    parts.append(f"cedarpy's trivial call alone {_n(trivial)} µs")
    if rego.get("status") == "ok":
        rego_p50 = rego["ask"]["p50_us"]
        parts.append(
            f"Rego (regopy) {_n(rego_p50)} µs on {rego['questions']:,} questions (vires ÷ Rego {_share(ask, rego_p50)})"
        )
    return (f"`ask` against the fair peers at {label}", "report the ratio", "; ".join(parts), "—")


def _met(yes: bool) -> str:
    return "yes" if yes else "**no**"


def table(report: dict) -> str:
    m = report["machine"]
    sizes = report["sizes"]
    lines = [
        "# vires benchmark results",
        "",
        f"Written by `make bench` (`python -m bench.run`) on {m['date']} at commit `{m['commit']}`; "
        f"the whole run took {report['seconds'] / 60:.1f} minutes. Regenerate it with `make bench`; "
        "`make bench-quick` prints the same table for 1,000 delegations only.",
        "",
        f"**Machine:** {m['nproc']} CPUs ({m['cpu']}), {m['memory']} memory, {m['system']}. "
        f"**Python** {m['python']} ({m['implementation']}). **Packages:** "
        + ", ".join(f"{k} {v}" for k, v in m["packages"].items())
        + ".",
        "",
        "## Targets (goals to report against, not assertions)",
        "",
        "| target | goal | measured | met |",
        "|---|---|---|---|",
    ]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in targets(report)]
    lines += [
        "",
        "## The packs",
        "",
        "Generated by `bench/generate.py` (seed " + str(report["seed"]) + "), a smaller pack being a prefix "
        "of a larger one. Functions are declared leaves (their ancestors are implied).",
        "",
        "| delegations | bodies | functions | powers | reservations | prohibitions | requirements | "
        "in force / proposed / revoked | with `where` | with conditions | exclusive | residual | chains |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in _ok(sizes):
        p = s["pack"]
        st = p["statuses"]
        chains = _engine(s, "native").get("chains")
        lines.append(
            f"| {s['size']:,} | {p['bodies']:,} | {p['functions']} | {p['powers']} | {p['reservations']} | "
            f"{p['prohibitions']:,} | {p['requirements']:,} | {st.get('in-force', 0):,} / "
            f"{st.get('proposed', 0):,} / {st.get('revoked', 0):,} | {p['with_where']:,} | "
            f"{p['with_conditions']:,} | {p['exclusive']:,} | {p['residual']:,} | {_n(chains)} |"
        )
    lines += [
        "",
        "## Load and derive",
        "",
        "Compile (masks, grants), derive (every simple chain) and index (`answer.Authority`), timed with "
        "`time.perf_counter` in a fresh process per size, native first. Peak memory is the rise of the "
        "process's peak resident set (Linux `VmHWM`, reset through `/proc/self/clear_refs` before each "
        "engine) over its resident set before: it counts durable_rules' C heap, which `tracemalloc` would "
        "miss. There is no floor for derivation. The derivation peer is clingo solving the delegation closure "
        "(`bench/clingo_peer.py`: facts written and parsed, grounded, solved); it derives which (body, function) "
        "pairs some chain reaches, not the chains themselves (see below).",
        "",
        "| delegations | engine | result | compile s | derive s | index s | **total s** | s per 1k | "
        "peak MB | × native | × clingo |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in _ok(sizes):
        native = _engine(s, "native").get("total_s")
        cedar = s.get("clingo", {}).get("total_s")
        for name in ENGINES:
            e = _engine(s, name)
            if not e:
                continue
            if e.get("status") != "ok":
                lines.append(
                    f"| {s['size']:,} | {name} | `{e.get('status')}`: {e.get('message', '')} | | | | "
                    f"{_n(e.get('seconds'), 2)} | | {_n(e.get('peak_mb'))} | | |"
                )
                continue
            lines.append(
                f"| {s['size']:,} | {name} | ok | {_n(e['compile_s'], 3)} | {_n(e['derive_s'], 3)} | "
                f"{_n(e['index_s'], 3)} | **{_n(e['total_s'], 3)}** | {e['total_s'] / s['size'] * 1000:.3f} | "
                f"{_n(e['peak_mb'])} | {_ratio(e['total_s'], native)} | {_ratio(e['total_s'], cedar)} |"
            )
    lines += [
        "",
        "## The answer step",
        "",
        f"{report['questions']:,} fresh random questions per size (each asked once, after 200 warm-up "
        "questions), timed one by one with `time.perf_counter_ns`; the answer step is shared, so both "
        "engines' figures are given. The floor is a plain `dict` lookup of the precomputed answer (keys "
        "built beforehand, mean of 20 rounds). The peers, on the first 1,000 questions: Cedar (cedarpy) as a "
        "fixed set of three policies over grant and restriction entities parsed once (one or two batch calls "
        "per question, see below), and the pack's one-policy-per-rule set sliced by principal (each body's slice "
        "parsed once, ahead, one call per question); beside them cedarpy's trivial call (one `permit` for "
        "everything, no entities) on the same requests, the whole one-policy-per-rule set on the first 200 "
        "(labelled: nobody would deploy it), and Rego (regopy) on the fixed set's data on the first 200. "
        "\"vires ÷\" is vires' p50 over the peer's: below 1, vires is quicker by that factor; above 1, slower. "
        f"`who`: {report['who']} random questions; `diff`: a draft that amends 1% of the delegations (limits, "
        "statuses, conditions) over the pack already derived: deriving the draft's side, then "
        "`vires.review.diff.diff` (the pairs downstream of the draft, asked on both sides).",
        "",
        "| delegations | engine | ask p50 µs | ask p99 µs | floor µs | × floor | cedar fixed set p50 µs | vires ÷ "
        "cedar fixed | cedar sliced p50 µs | vires ÷ cedar sliced | cedar trivial call µs | cedar whole set p50 µs | "
        "rego p50 µs | who p50 ms | who p99 ms | diff compare s (pairs asked) | diff with deriving s |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in _ok(sizes):
        c = s.get("cedar", {})
        sliced, trivial, whole, fixed = (
            c.get(k, {}).get("p50_us") for k in ("ask", "trivial_ask", "whole_ask", "fixed_ask")
        )
        rego = c.get("rego", {}).get("ask", {}).get("p50_us")
        floor = s.get("floor", {}).get("mean_us")
        for name in ENGINES:
            e = _engine(s, name)
            if "ask" not in e:
                continue
            a, w, d = e["ask"], e["who"], e["diff"]
            lines.append(
                f"| {s['size']:,} | {name} | {_n(a['p50_us'])} | {_n(a['p99_us'])} | {_n(floor, 2)} | "
                f"{_ratio(a['p50_us'], floor)} | {_n(fixed)} | {_share(a['p50_us'], fixed)} | {_n(sliced)} | "
                f"{_share(a['p50_us'], sliced)} | {_n(trivial)} | {_n(whole)} | {_n(rego)} | "
                f"{_n(w['p50_us'] / 1000, 2)} | {_n(w['p99_us'] / 1000, 2)} | "
                f"{_n(d['compare_s'], 2)} ({d['asked']:,}) | {_n(d['seconds'], 2)} |"
            )
    lines += [
        "",
        "Outcome mix of the questions (vires):",
        "",
        "| delegations | permitted | conditional | denied | reason codes among the answers |",
        "|---|---|---|---|---|",
    ]
    for s in _ok(sizes):
        mix = s["mix"]
        total = sum(mix.values())
        codes = ", ".join(f"{k} {v:,}" for k, v in s.get("reason_codes", {}).items())
        lines.append(
            f"| {s['size']:,} | "
            + " | ".join(f"{mix[k]:,} ({mix[k] / total:.0%})" for k in ("permitted", "conditional", "denied"))
            + f" | {codes} |"
        )
    lines += (
        _cedar(report)
        + _rego(report)
        + _clingo(report)
        + NOT_MEASURED
        + _agreement(report)
        + _cli(report)
        + _web(report)
    )
    return "\n".join(lines) + "\n"


def _peer_table(title: str, note: str, columns: list[str]) -> list[str]:
    """A peer's section: its heading, what it is, and the head of its table."""
    return ["", f"## {title}", "", note, "", "| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]


def _not_run(size: int, figures: dict, columns: int) -> str:
    """A table row for a size the peer did not run at: why, and the other columns empty."""
    return f"| {size:,} | {figures.get('status', 'not run')} |" + " |" * (columns - 2)


def _cedar(report: dict) -> list[str]:
    lines = _peer_table(
        "The peer: Cedar (cedarpy)",
        CEDAR_NOTE,
        [
            "delegations",
            "grant + restriction entities",
            "load s, fixed set",
            "fixed set p50 µs",
            "fixed set p99 µs",
            "one-policy-per-rule: policies",
            "load s, sliced (whole set)",
            "fixed set and sliced differ",
            "sliced and whole set differ",
        ],
    )
    for s in _ok(report["sizes"]):
        c = s.get("cedar", {})
        if c.get("status") != "ok":
            lines.append(_not_run(s["size"], c, 9))
            continue
        if "fixed_ask" in c:
            fixed = (
                f"{c['fixed_entities']:,} | {_n(c['fixed_load_s'], 2)} | {_n(c['fixed_ask']['p50_us'])} | "
                f"{_n(c['fixed_ask']['p99_us'])}"
            )
            differ = f"{c['fixed_differs']} of {c['questions']:,}"
        else:
            fixed, differ = f"{c.get('fixed_status', 'not run')} | | |", "—"
        lines.append(
            f"| {s['size']:,} | {fixed} | {c['policies']:,} | {_n(c['load_s'], 2)} ({_n(c['whole_load_s'], 2)}) | "
            f"{differ} | {c['whole_differs']} of {c['whole_questions']} |"
        )
    lines += [
        "",
        "Agreement with vires (Cedar `Allow` against vires `permitted`), on the same first 1,000 questions: single "
        "links (the encoding above), and with **vires' own chains** flattened into grants (`cedar_grants.flattened`: "
        "each chain vires derives, not revoked and delegable at every hop, becomes one grant to its end body with the "
        "functions every link covers less those a reservation keeps from a link's delegator, the lowest limit, the "
        "intersection of the links' and bodies' validity, `proposed` if any link is, and every link's `where` and "
        "blocking conditions), so that Cedar decides on vires' derivation, not its own:",
        "",
        "| delegations | single link: questions it can express | single link: questions that need a chain | "
        "single link: all | vires' chains flattened: grants | vires' chains flattened: all | flattened p50 µs |",
        "|---|---|---|---|---|---|---|",
    ]
    causes: dict[str, int] = {}
    flat_causes: dict[str, int] = {}
    for s in _ok(report["sizes"]):
        c = s.get("cedar", {})
        if c.get("status") != "ok":
            continue
        ex, ch = c["agreement"]["expressible"], c["agreement"]["chain"]
        total_q = ex["questions"] + ch["questions"]
        flat = (
            f"{c['flat_grants']:,} | {c['flat_agree']:,} / {total_q:,} ({c['flat_agree'] / max(1, total_q):.1%}) | "
            f"{_n(c['flat_ask']['p50_us'])}"
            if "flat_agree" in c
            else "— | — | —"
        )
        lines.append(
            f"| {s['size']:,} | "
            f"{ex['agree']:,} / {ex['questions']:,} ({ex['agree'] / max(1, ex['questions']):.1%}) | "
            f"{ch['agree']:,} / {ch['questions']:,} ({ch['agree'] / max(1, ch['questions']):.1%}) | "
            f"{(ex['agree'] + ch['agree']) / max(1, total_q):.1%} | {flat} |"
        )
        for cause, count in c.get("disagreements", {}).items():
            causes[cause] = causes.get(cause, 0) + count
        for cause, count in c.get("flat_disagreements", {}).items():
            flat_causes[cause] = flat_causes.get(cause, 0) + count
    if causes:
        lines += [
            "",
            "Where Cedar on single links and vires differ (all sizes; `upstream`: the rule that failed is a link "
            "before the one whose permit Cedar used):",
            "",
            "| cause | questions |",
            "|---|---|",
        ]
        lines += [f"| {cause} | {count:,} |" for cause, count in sorted(causes.items(), key=lambda kv: -kv[1])]
    if flat_causes:
        lines += [
            "",
            "Where Cedar on vires' flattened chains and vires still differ (all sizes; vires' reasons among all the "
            "chains it examined). What a grant per chain cannot carry: a residual delegation (`no-authority`: it "
            "gives way where another delegation covers the decision, so it depends on other rules and the "
            "question's facts), an exclusive delegation or a prohibition on a body before the decider (Cedar has no "
            "quantifier to test a chain's bodies against a set of restrictions; where the facts to tell whether "
            "one applies are missing, vires answers conditional):",
            "",
            "| vires' answer | questions |",
            "|---|---|",
        ]
        lines += [f"| {cause} | {count:,} |" for cause, count in sorted(flat_causes.items(), key=lambda kv: -kv[1])]
    return lines


CEDAR_NOTE = """**The fair encoding, as measured** (`bench/cedar_grants.py`): the rules as data under a fixed set of
three policies that never changes with the pack: each power and delegation not revoked is a `Grant` entity and each
prohibition, requirement and exclusive delegation a `Restriction` entity, their terms as attributes (bodies, functions
as `Action`s, `except`, status, validity as day numbers, limit, `where` as `fact=value` strings and amount bounds,
blocking conditions as a record with up to three `any` alternatives), all entities parsed once ahead; since Cedar has
no quantifier over a set of entities, a question is an `is_authorized_batch` call with a request per grant filed
under the asking body and the decision or a function above it and, where one is allowed, a second with a request per
restriction filed likewise; Allow when some grant's request is allowed and no restriction's is denied. It must decide
as the one-policy-per-rule encoding does, and does (the column "fixed set and sliced differ"). Most of its cost is
cedarpy reading the question's context once per request (by hand: its trivial call takes about 17 µs with an empty
context and 75 to 100 µs with this one).

The labelled alternative is one policy per rule (`bench/cedar.py`), measured whole and sliced by principal
(each body's call given only the policies whose principal can be that body, each slice parsed once ahead): bodies
are `Body` entities with their attributes and their `part_of` body as parent (the fixed set uses the same);
functions are `Action` entities in the function hierarchy; one `permit` per power (its holder selector as a
condition on `principal`) and per delegation not revoked (`principal == Body::"<to>"`), with its functions as
the action list, `except` as `unless`, `context.amount <= limit`, its validity dates, its status (`proposed` only with
`context.include_proposed`), its `where` tests, its blocking conditions as tests on the facts and the
decider's quorum and valid period; one `forbid` per prohibition, per requirement (conditions unmet or
its `where` facts missing) and per exclusive delegation (on its delegator). Cedar `Allow` is compared
with vires `permitted`; `conditional` and `denied` count as `Deny`, since Cedar has no "yes, once these
conditions are met".

What these single-link encodings **cannot** express: the chain. A delegation's permit holds whether or not its
delegator holds the function on that date, so there is no limit as the minimum along a chain, no
expiry, revocation, proposal or `where` of an upstream link, no `delegable` (sub-delegation exists only
through the entity hierarchy), no reservations (they bind the reserving body's delegations), no
residual delegations (they depend on which other delegations cover the decision), prohibitions and
requirements only on the decider, and no conditions of upstream links. Nor does Cedar explain: no
chain, no outstanding conditions, no obligations, no why-not, only the ids of the determining policies.
The questions it **can** express are those where no delegation could give the body the function, so
its authority (if any) is a power it holds itself; on those the two must agree, and any difference
there is a bug in the encoding or in vires."""


def _rego(report: dict) -> list[str]:
    lines = _peer_table(
        "The answer-step peer: Rego (regopy)",
        REGO_NOTE,
        [
            "delegations",
            "load s (data and bundle)",
            "questions",
            "p50 µs",
            "p99 µs",
            "vires ÷ rego",
            "differs from Cedar's fixed set",
            "agree with vires",
        ],
    )
    for s in _ok(report["sizes"]):
        r = s.get("cedar", {}).get("rego", {})
        if r.get("status") != "ok":
            lines.append(_not_run(s["size"], r, 8))
            continue
        ask = _engine(s, "native").get("ask", {}).get("p50_us")
        lines.append(
            f"| {s['size']:,} | {_n(r['load_s'], 2)} | {r['questions']:,} | {_n(r['ask']['p50_us'])} | "
            f"{_n(r['ask']['p99_us'])} | {_share(ask, r['ask']['p50_us'])} | {r['differs_from_cedar']} | "
            f"{r['agree']:,} / {r['questions']:,} ({r['agree'] / max(1, r['questions']):.1%}) |"
        )
    return lines


REGO_NOTE = """`bench/rego_peer.py`: the fixed Cedar encoding's grants and restrictions as one data document, filed by
body (with each body's quorum and valid period, and each function's ancestors), loaded once and compiled with one fixed
policy into a regopy bundle ahead; one query per question (`set_input_term`, `query_bundle_entrypoint`). Rego has
quantifiers, so one query decides: some grant the body holds gives the decision and no restriction binding it bites.
The policy states the Cedar policies' terms test for test and must decide as they do (the "differs" column). Timed on
the first 200 questions: regopy (the rego-cpp interpreter) takes milliseconds a query, more the larger the data
document, and its load about a minute at 20,000 delegations, so larger sizes are not run."""


def _clingo(report: dict) -> list[str]:
    lines = _peer_table(
        "The derivation peer: clingo",
        CLINGO_NOTE,
        [
            "delegations",
            "load s",
            "ground s",
            "solve s",
            "total s",
            "× vires native load+derive+index",
            "pairs derived",
            "vires' pairs",
            "agree",
        ],
    )
    for s in _ok(report["sizes"]):
        c = s.get("clingo", {})
        if c.get("status") != "ok":
            lines.append(_not_run(s["size"], c, 9))
            continue
        native = _engine(s, "native").get("total_s")
        same = c["only_clingo"] == 0 and c["only_vires"] == 0
        lines.append(
            f"| {s['size']:,} | {_n(c['load_s'], 2)} | {_n(c['ground_s'], 2)} | {_n(c['solve_s'], 2)} | "
            f"{_n(c['total_s'], 2)} | {_ratio(c['total_s'], native)} | {c['pairs']:,} | {c['vires_pairs']:,} | "
            + ("identical" if same else f"**no**: {c['only_clingo']:,} only clingo, {c['only_vires']:,} only vires")
            + " |"
        )
    return lines


CLINGO_NOTE = """`bench/clingo_peer.py` writes the pack as facts (functions and their parents, each power's and
delegation's listed and excepted functions, the bodies each power's holder selector picks, resolved in Python as
vires' compile step does, and each delegation's delegator and delegate) and solves five rules: a rule covers a
function at or below one it lists unless excepted; a holder holds what its power covers; a delegate holds what its
delegator holds and the delegation covers. `holds(B, F)` is the closure: could B ever decide F by some chain. vires'
answer to the same question is the set of (body, function) pairs its derived chains reach; the two must be equal.
What the program does not derive: the chains themselves (which path, in which order, so nothing to rank, cite or
explain), and everything vires checks per question."""


NOT_MEASURED = [
    "",
    "## Peers not measured here",
    "",
    "- Rego above 20,000 delegations: regopy's load (the data document compiled with the policy into a bundle) "
    "takes about a minute at 20,000 delegations (2 s at 1,000; by hand, on a machine shared with other work), so "
    "50,000 would take minutes of `make bench`'s ten. Passing each question's grants in the input instead kept "
    "the build small but made each query slower still (about 14 ms at 1,000), so it was not kept.",
    "- Cedar on vires' flattened chains cannot carry residual delegations, exclusive delegations and prohibitions "
    "upstream (see above): the differences that remain are those.",
]


def _agreement(report: dict) -> list[str]:
    lines = [
        "",
        "## The engines agree",
        "",
        "Wherever both engines finished, their derivations (sorted chain sets), every `ask` answer, every "
        "`who` answer and the diff are compared byte for byte (canonical JSON); a difference fails the run.",
        "",
        "| delegations | chains | ask answers | who answers | diff | result |",
        "|---|---|---|---|---|---|",
    ]
    for s in report["sizes"]:
        if "crashed" in s:
            lines.append(f"| {s['size']:,} | | | | | crashed: {s['crashed']} |")
            continue
        both = all(_engine(s, n).get("status") == "ok" for n in ENGINES)
        if not both:
            failed = ", ".join(
                f"{n}: `{_engine(s, n).get('status')}`" for n in ENGINES if _engine(s, n).get("status") != "ok"
            )
            lines.append(f"| {s['size']:,} | — | — | — | — | not compared ({failed}) |")
            continue
        problems = s.get("problems", [])
        lines.append(
            f"| {s['size']:,} | {_engine(s, 'native')['chains']:,} | {s.get('answers_compared', 0):,} | "
            f"{report['who']} | 1 | {'**DISAGREE**: ' + '; '.join(problems) if problems else 'identical'} |"
        )
    return lines


def _cli(report: dict) -> list[str]:
    lines = [
        "",
        "## The command line, cold",
        "",
        "Wall time of a fresh `vires` process (the console script of the installed package), median of "
        "several runs, including interpreter start-up, loading the shipped packs and deriving.",
        "",
        "| command | median s | fastest s | runs | result |",
        "|---|---|---|---|---|",
    ]
    for command, f in report.get("cli", {}).items():
        if isinstance(f, dict) and "median_s" in f:
            lines.append(f"| `{command}` | {f['median_s']:.3f} | {f['min_s']:.3f} | {f['runs']} | {f['status']} |")
        else:
            lines.append(f"| {command} | | | | {f} |")
    return lines


def _web(report: dict) -> list[str]:
    figures = report.get("web")
    if not figures:
        return []
    lines = ["", "## The workbench under load", ""]
    if figures.get("status") != "ok":
        return lines + [f"Not measured: {figures['status']}."]
    from bench.web_load import rows_table

    return lines + [
        f"`bench/web_load.py`, run by `make bench` after the sizes: `vires serve`'s application (uvicorn, one "
        f"worker) pinned to one core, {figures['clients']} keep-alive clients on 127.0.0.1 pinned to the other, "
        "on the shipped packs and the 20,000-delegation pack; for each route and pack at most "
        f"{figures['requests']:,} requests or {figures['seconds']:.0f} s, whichever ends first, after a warm-up, "
        "each a fresh question drawn by `bench/questions.py`. *Server* is the application's own time for a "
        "request (its `Server-Timing` header: rendering the page included); *client* adds HTTP on both sides and "
        "the queueing of the clients behind one core. *200* counts the questions answered: on the generated pack "
        "some questions give a fact a value its rules cannot use and are answered 400 with the error. The goals "
        "are #12's (an Ask page in 20 ms p50 and 500 `/api/ask` a second on one core, on the shipped packs); "
        "`make bench-web` runs the same test alone and writes [WEB.md](WEB.md).",
        "",
        *rows_table(figures["rows"]),
    ]


def plot(report: dict, path: str) -> None:
    """Per-question cost (vires, the floor, cedarpy, regopy) and load+derive time (vires, clingo) against size, on
    log axes (matplotlib, Agg backend)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = _ok(report["sizes"])
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 5.6), dpi=100)
    for name, style in (("native", "o-"), ("durable", "s-")):
        points = [(s["size"], _engine(s, name)["ask"]) for s in sizes if "ask" in _engine(s, name)]
        if points:
            left.plot([x for x, _ in points], [a["p50_us"] for _, a in points], style, label=f"vires ({name}) p50")
            left.plot(
                [x for x, _ in points], [a["p99_us"] for _, a in points], style, alpha=0.4, label=f"vires ({name}) p99"
            )
    cedar = [s for s in sizes if s.get("cedar", {}).get("status") == "ok"]
    for key, style, label in (
        ("fixed_ask", "D-", "cedarpy, fixed policy set over grant entities, p50"),
        ("ask", "^-", "cedarpy, sliced by principal, p50"),
        ("trivial_ask", "^:", "cedarpy, trivial call, p50"),
        ("whole_ask", "^--", "cedarpy, whole set (one policy per rule), p50"),
    ):
        if cedar:
            points = [(s["size"], s["cedar"][key]["p50_us"]) for s in cedar if key in s["cedar"]]
            if points:
                left.plot([x for x, _ in points], [y for _, y in points], style, color="tab:red", label=label)
    rego = [(s["size"], s["cedar"]["rego"]["ask"]["p50_us"]) for s in cedar if "ask" in s["cedar"].get("rego", {})]
    if rego:
        left.plot([x for x, _ in rego], [y for _, y in rego], "P-", color="tab:purple", label="regopy (Rego), p50")
    left.plot(
        [s["size"] for s in sizes],
        [s["floor"]["mean_us"] for s in sizes],
        "v--",
        color="grey",
        label="floor (dict lookup)",
    )
    left.axhline(10, color="black", linewidth=0.8, linestyle=":", label="goal: 10 µs")
    left.set(xscale="log", yscale="log", xlabel="delegations", ylabel="µs per question", title="ask latency")
    left.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2)
    for name, style in (("native", "o-"), ("durable", "s-")):
        ok = [(s["size"], _engine(s, name)["total_s"]) for s in sizes if _engine(s, name).get("status") == "ok"]
        if ok:
            right.plot([x for x, _ in ok], [t for _, t in ok], style, label=f"vires {name}: compile+derive+index")
        failed = [
            (s["size"], _engine(s, name).get("seconds"))
            for s in sizes
            if _engine(s, name).get("status") not in (None, "ok", "unavailable")
        ]
        for x, y in failed:
            right.plot([x], [y or 1], "x", color="tab:red", markersize=10)
            right.annotate(
                _engine(next(s for s in sizes if s["size"] == x), name)["status"],
                (x, y or 1),
                fontsize=7,
                color="tab:red",
            )
    clingo = [s for s in sizes if s.get("clingo", {}).get("status") == "ok"]
    if clingo:
        right.plot(
            [s["size"] for s in clingo],
            [s["clingo"]["total_s"] for s in clingo],
            "^-",
            color="tab:red",
            label="clingo: the closure, load+ground+solve",
        )
    right.axhline(2, color="black", linewidth=0.8, linestyle=":", label="goals: 2 s native, 10 s durable")
    right.axhline(10, color="black", linewidth=0.8, linestyle=":")
    right.set(xscale="log", yscale="log", xlabel="delegations", ylabel="seconds", title="load + derive")
    right.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=1)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
