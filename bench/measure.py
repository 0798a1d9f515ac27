"""One size, measured in a fresh process: derive with each engine, answer, compare, and time the peer.

    python -m bench.measure SIZE OUT.json [--questions N] [--who N] [--seed S]

Run by `bench.run`, once per size, so that every size starts from a clean interpreter (the
durable_rules ruleset is global to a process, and peak memory is a process figure).
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from collections import Counter

from bench import cedar
from bench.generate import describe, generate
from bench.questions import Sampler
from vires.api import Rules, building, derive
from vires.engine.answer import MAX_EXAMINED, Authority
from vires.engine.choose import get_engine
from vires.engine.graph import build_graph
from vires.engine.resolve import resolve
from vires.errors import EngineError
from vires.pack.overlay import overlay
from vires.review.diff import diff

WARM_UP = 200
CEDAR_QUESTIONS = 1000  # the Cedar peers (fixed set, flattened chains, sliced) and the trivial call: the first 1,000
CEDAR_WHOLE = 200  # the whole one-policy-per-rule set takes tens of ms a call at 20k+ policies: the first 200
REGO_QUESTIONS = 200  # regopy takes milliseconds a question: the first 200
REGO_LARGEST = 20000  # regopy's bundle build takes about a minute at 20k: not beyond


def memory() -> dict[str, float]:
    """This process's resident set now and its peak since the last reset, in MB (Linux /proc)."""
    found = {}
    with open("/proc/self/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                found[key] = int(value.split()[0]) / 1024
    return found


def reset_peak() -> None:
    """Reset the peak resident set (VmHWM) to the current one, so a phase's own peak can be read."""
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")


def percentiles(samples_ns: list[int]) -> dict:
    ordered = sorted(samples_ns)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] / 1000  # noqa: E731
    return {
        "n": len(ordered),
        "p50_us": pick(0.50),
        "p99_us": pick(0.99),
        "mean_us": statistics.fmean(ordered) / 1000,
        "max_us": ordered[-1] / 1000,
    }


def derive_timed(pack, name: str) -> tuple[Rules | None, dict]:
    """Compile, derive and index with one engine, timing each stage and the peak memory of all three."""
    gc.collect()
    reset_peak()
    before = memory()["VmRSS"]
    engine = get_engine(name)
    if engine.name != name:
        return None, {"status": "unavailable", "message": f"the {name} engine cannot be loaded here"}
    started = time.perf_counter()
    try:
        with building():  # as `vires.api.derive` does
            compiled = build_graph(pack)
        compiled_at = time.perf_counter()
        chains = engine.derive(compiled)
        derived_at = time.perf_counter()
        with building():
            authority = Authority(compiled, chains)
    except EngineError as error:
        diagnostic = error.diagnostics[0]
        return None, {
            "status": diagnostic.code,
            "message": diagnostic.message,
            "seconds": time.perf_counter() - started,
            "peak_mb": memory()["VmHWM"] - before,
        }
    finished = time.perf_counter()
    peak = memory()["VmHWM"]
    several = any(d.id != d.rule_id for d in pack.delegations.values())
    return Rules(pack, compiled, chains, engine.name, authority, several), {
        "status": "ok",
        "compile_s": compiled_at - started,
        "derive_s": derived_at - compiled_at,
        "index_s": finished - derived_at,
        "total_s": finished - started,
        "chains": len(chains),
        "peak_mb": peak - before,
        "peak_rss_mb": peak,
    }


def ask_all(rules: Rules, questions) -> tuple[list[int], list[str]]:
    """Each question asked once, timed one by one; the answers as canonical JSON text."""
    samples, answers = [], []
    for question in questions:
        started = time.perf_counter_ns()
        answer = rules.ask(question)
        samples.append(time.perf_counter_ns() - started)
        answers.append(json.dumps(answer, sort_keys=True))
    return samples, answers


def bodies_examined(rules: Rules, question) -> int:
    """How many (body, organisation) pairs `who` examines for `question`: each some chain carrying the function
    reaches."""
    authority = rules.authority
    bit = authority.compiled.bit(question.decision)
    organisations = [question.organisation] if question.organisation else authority.organisations_of(question.decision)
    return sum(len(authority.screens.groups(bit, root, MAX_EXAMINED)) for root in organisations)


def ask_parts(rules: Rules, questions) -> dict:
    """Where `ask`'s time goes, on the same questions (each a fresh question, asked once per pass): the names and
    facts resolved alone; the verdict (resolved and evaluated, nothing written out); the whole answer. And the whole
    answer again on a question just asked, its data warm in the processor's caches."""
    authority = rules.authority

    def timed(step) -> float:
        samples = []
        for question in questions:
            begun = time.perf_counter_ns()
            step(question)
            samples.append(time.perf_counter_ns() - begun)
        return percentiles(samples)["p50_us"]

    def again(question) -> int:
        rules.ask(question)
        begun = time.perf_counter_ns()
        rules.ask(question)
        return time.perf_counter_ns() - begun

    return {
        "resolve_us": timed(lambda q: resolve(q, rules.pack)),
        "verdict_us": timed(authority.verdict),
        "ask_us": timed(rules.ask),
        "warm_ask_us": percentiles([again(q) for q in questions])["p50_us"],
    }


def floor(questions, answers: list[str]) -> dict:
    """The plain-Python floor: a dict lookup of the precomputed answer, keys built beforehand."""
    keys = [
        (q.body, q.decision, q.amount, q.date, tuple(sorted(q.facts.items())), q.include_proposed) for q in questions
    ]
    table = dict(zip(keys, answers, strict=False))
    rounds = 20
    started = time.perf_counter_ns()
    for _ in range(rounds):
        for key in keys:
            table[key]
    elapsed = time.perf_counter_ns() - started
    return {"mean_us": elapsed / rounds / len(keys) / 1000}


def measure(size: int, seed: int, n_questions: int, n_who: int, engines: list[str]) -> dict:
    result: dict = {"size": size, "seed": seed, "engines": {}, "problems": []}
    started = time.perf_counter()
    pack = generate(size, seed)
    result["generate_s"] = time.perf_counter() - started
    result["pack"] = describe(pack)
    sampler = Sampler(pack, seed)
    warm = [sampler.question() for _ in range(WARM_UP)]
    questions = [sampler.question() for _ in range(n_questions)]
    who_questions = [sampler.question(who=True) for _ in range(n_who)]
    draft = sampler.draft(0.01)
    result["draft_rules"] = len(draft.delegations)

    derived: dict[str, Rules] = {}
    for name in engines:
        rules, figures = derive_timed(pack, name)
        result["engines"][name] = figures
        if rules is not None:
            derived[name] = rules
    if len(derived) == 2 and derived["native"].chains != derived["durable"].chains:
        result["problems"].append(
            f"the engines derived different chains at {size:,} delegations "
            f"({len(derived['native'].chains):,} native, {len(derived['durable'].chains):,} durable)"
        )

    answers: dict[str, list[str]] = {}
    for name, rules in derived.items():
        for question in warm:
            rules.ask(question)
        samples, answers[name] = ask_all(rules, questions)
        result["engines"][name]["ask"] = percentiles(samples)
    reference = next(iter(answers.values()))
    outcomes = Counter(json.loads(a)["outcome"] for a in reference)
    result["mix"] = {k: outcomes.get(k, 0) for k in ("permitted", "conditional", "denied")}
    codes = Counter(r["code"] for a in reference for r in json.loads(a)["reasons"])
    result["reason_codes"] = dict(codes.most_common())
    if len(answers) == 2:
        differ = sum(a != b for a, b in zip(answers["native"], answers["durable"], strict=False))
        result["answers_compared"] = len(questions)
        if differ:
            result["problems"].append(f"the engines gave {differ:,} different answers of {len(questions):,}")
    result["floor"] = floor(questions, reference)

    native = derived.get("native")
    if native is not None:
        result["ask_parts"] = ask_parts(native, questions)

    whos: dict[str, list[str]] = {}
    for name, rules in derived.items():
        samples = []
        whos[name] = []
        for question in who_questions:
            begun = time.perf_counter_ns()
            whos[name].append(json.dumps(rules.who(question), sort_keys=True))
            samples.append(time.perf_counter_ns() - begun)
        result["engines"][name]["who"] = percentiles(samples)
        examined = [bodies_examined(rules, question) for question in who_questions]
        result["engines"][name]["who"]["bodies_examined"] = statistics.fmean(examined)
        per_body = [sample / max(1, count) for sample, count in zip(samples, examined, strict=True)]
        result["engines"][name]["who"]["per_body_us"] = percentiles([round(x) for x in per_body])["p50_us"]
    if len(whos) == 2 and whos["native"] != whos["durable"]:
        result["problems"].append("the engines gave different `who` answers")

    diffs = {}
    after_pack, changes = overlay(pack, draft)
    for name, rules in derived.items():
        begun = time.perf_counter()
        after = derive(after_pack, name)
        derived_at = time.perf_counter()
        found = diff(rules, after, changes, questions[0].date)
        result["engines"][name]["diff"] = {
            "seconds": time.perf_counter() - begun,
            "compare_s": time.perf_counter() - derived_at,
            "changes": len(found.changes),
            "asked": found.asked,
        }
        diffs[name] = json.dumps(found.to_json(), sort_keys=True)
    if len(diffs) == 2 and diffs["native"] != diffs["durable"]:
        result["problems"].append("the engines gave different diffs")

    result["clingo"] = closure_peer(pack, next(iter(derived.values())))
    result["cedar"] = peer(pack, questions, reference, next(iter(derived.values())))
    result["seconds"] = time.perf_counter() - started
    return result


def closure_peer(pack, rules: Rules) -> dict:
    """clingo on the delegation closure: load (facts and program), ground and solve, and agreement with the
    (body, function) pairs vires' chains reach."""
    try:
        import clingo  # noqa: F401
    except ImportError:
        return {"status": "clingo is not installed (pip install -e '.[bench]')"}
    from bench import clingo_peer

    gc.collect()
    compiled = rules.compiled
    started = time.perf_counter()
    holders = {p.id: compiled.index.select_any(p.holder) for p in pack.powers.values()}
    found, figures = clingo_peer.closure(pack, holders)
    figures["total_s"] = time.perf_counter() - started
    bits = {bit: function for function, bit in compiled.bits.items()}
    reached = set()
    for chain in rules.chains:
        mask = compiled.chain_mask(chain.links)
        while mask:
            low = mask & -mask
            reached.add((chain.end, bits[low.bit_length() - 1]))
            mask ^= low
    return {
        "status": "ok",
        **figures,
        "pairs": len(found),
        "vires_pairs": len(reached),
        "only_clingo": len(found - reached),
        "only_vires": len(reached - found),
    }


def _timed(ask, requests) -> tuple[list[bool], dict]:
    for req in requests[:20]:
        ask(req)
    samples, allowed = [], []
    for req in requests:
        begun = time.perf_counter_ns()
        allowed.append(ask(req))
        samples.append(time.perf_counter_ns() - begun)
    return allowed, percentiles(samples)


def peer(pack, questions, answers: list[str], rules: Rules) -> dict:
    """cedarpy on the same questions: the fixed policy set over grant entities (the fair encoding), the policies
    sliced by principal, the whole set (one policy per rule, labelled), cedarpy's trivial call, and agreement with
    vires, single-link and with vires' chains flattened into grants; then Rego (regopy) on the fixed encoding's data."""
    try:
        import cedarpy  # noqa: F401
    except ImportError:
        return {"status": "cedarpy is not installed (pip install -e '.[bench]')"}
    questions, answers = questions[:CEDAR_QUESTIONS], answers[:CEDAR_QUESTIONS]
    requests = [cedar.request(q) for q in questions]
    figures: dict = {"status": "ok", "questions": len(requests), "whole_questions": min(len(requests), CEDAR_WHOLE)}
    gc.collect()
    started = time.perf_counter()
    sliced = cedar.Sliced(pack)
    figures["load_s"] = time.perf_counter() - started
    figures["policies"] = sliced.text.count("\n@id(") + 1
    allowed, figures["ask"] = _timed(sliced.ask, requests)
    started = time.perf_counter()
    whole = cedar.Peer(pack)
    figures["whole_load_s"] = time.perf_counter() - started
    whole_allowed, figures["whole_ask"] = _timed(whole.ask, requests[:CEDAR_WHOLE])
    figures["whole_differs"] = sum(a != b for a, b in zip(whole_allowed, allowed, strict=False))
    _allowed, figures["trivial_ask"] = _timed(cedar.Trivial().ask, requests)
    agree = Counter()
    causes = Counter()
    for question, req, allow, text in zip(questions, requests, allowed, answers, strict=False):
        answer = json.loads(text)
        permitted = answer["outcome"] == "permitted"
        scope = "expressible" if cedar.expressible(pack, question) else "chain"
        agree[scope, permitted == allow] += 1
        if permitted != allow:
            causes[_cause(answer, allow, sliced.determining(req))] += 1
    figures["agreement"] = {
        scope: {"questions": agree[scope, True] + agree[scope, False], "agree": agree[scope, True]}
        for scope in ("expressible", "chain")
    }
    figures["disagreements"] = dict(causes.most_common())
    figures.update(fixed_peers(pack, questions, answers, allowed, rules))
    return figures


def fixed_peers(pack, questions, answers: list[str], sliced: list[bool], rules: Rules) -> dict:
    """The fixed Cedar policy set over grant entities (single links, then vires' chains flattened into grants) and
    Rego (regopy) on the same data: load, p50/p99 on the same questions, and where each decides otherwise."""
    from bench import cedar_grants

    figures: dict = {}
    permitted = [json.loads(text)["outcome"] == "permitted" for text in answers]
    try:
        gc.collect()
        started = time.perf_counter()
        fixed = cedar_grants.Peer(pack)
        figures["fixed_load_s"] = time.perf_counter() - started
        figures["fixed_entities"] = fixed.entity_count
        decided, figures["fixed_ask"] = _timed(fixed.ask, questions)
        figures["fixed_differs"] = sum(a != b for a, b in zip(decided, sliced, strict=True))
        figures["fixed_agree"] = sum(a == b for a, b in zip(decided, permitted, strict=True))
        del fixed
        gc.collect()
        started = time.perf_counter()
        chains = cedar_grants.flattened(pack, rules.compiled, rules.chains)
        flat = cedar_grants.Peer(pack, chains)
        figures["flat_load_s"] = time.perf_counter() - started
        figures["flat_grants"] = len(chains)
        flat_decided, figures["flat_ask"] = _timed(flat.ask, questions)
        del flat
        figures["flat_agree"] = sum(a == b for a, b in zip(flat_decided, permitted, strict=True))
        causes = Counter(
            _flat_cause(json.loads(text))
            for text, allow, yes in zip(answers, flat_decided, permitted, strict=True)
            if allow != yes
        )
        figures["flat_disagreements"] = dict(causes.most_common())
    except cedar_grants.NotExpressible as error:
        figures["fixed_status"] = f"the pack cannot be written as grant data: {error}"
        return figures
    if len(pack.delegations) > REGO_LARGEST:
        figures["rego"] = {"status": f"not run above {REGO_LARGEST:,} delegations (regopy's bundle build)"}
    else:
        figures["rego"] = rego(pack, questions[:REGO_QUESTIONS], decided[:REGO_QUESTIONS], permitted[:REGO_QUESTIONS])
    return figures


def rego(pack, questions, fixed: list[bool], permitted: list[bool]) -> dict:
    """regopy on the fixed encoding's data: the data document loaded and the policy compiled into a bundle once,
    one query per question; it must decide as the fixed Cedar set does."""
    try:
        import regopy  # noqa: F401
    except ImportError:
        return {"status": "regopy is not installed (pip install -e '.[bench]')"}
    from bench import rego_peer

    gc.collect()
    started = time.perf_counter()
    peer = rego_peer.Peer(pack)
    figures: dict = {"status": "ok", "load_s": time.perf_counter() - started, "questions": len(questions)}
    decided, figures["ask"] = _timed(peer.ask, questions)
    figures["differs_from_cedar"] = sum(a != b for a, b in zip(decided, fixed, strict=True))
    figures["differs_at"] = [i for i, (a, b) in enumerate(zip(decided, fixed, strict=True)) if a != b][:20]
    figures["agree"] = sum(a == b for a, b in zip(decided, permitted, strict=True))
    return figures


def _flat_cause(answer: dict) -> str:
    """Why Cedar on vires' flattened chains and vires differ on one question, in vires' reason codes."""
    if answer["outcome"] == "permitted":
        return "vires permitted, cedar denies"
    if answer["outcome"] == "conditional":
        chosen = answer["chains"][0]["outstanding"]
        return "vires conditional: " + ", ".join(sorted({o["condition"] for o in chosen}))
    residual = " (a residual delegation gives way)"
    codes = sorted({r["code"] + (residual if "is residual" in r["message"] else "") for r in answer["reasons"]})
    return "vires denied: " + " / ".join(codes)


def _cause(answer: dict, allowed: bool, determining: list[str]) -> str:
    """Why Cedar and vires differ on one question, in the words of vires's reasons."""
    if not allowed:
        return f"vires {answer['outcome']}, cedar denies"
    if answer["outcome"] == "conditional":
        chosen = answer["chains"][0]["outstanding"]
        where = "" if all(o["rule"] in determining for o in chosen) else " (on an upstream link or requirement)"
        return f"vires conditional{where}: " + ", ".join(sorted({o["condition"] for o in chosen}))
    if not any(r["rule"] for r in answer["reasons"]):
        return "vires: no chain reaches the body (the permit's delegator holds no authority)"
    codes = sorted(
        {r["code"] + ("" if r["rule"] in determining else " upstream") for r in answer["reasons"] if r["rule"]}
    )
    return "vires denied: " + codes[0] if len(codes) == 1 else "vires denied: " + " / ".join(codes[:2])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.measure")
    parser.add_argument("size", type=int)
    parser.add_argument("out")
    parser.add_argument("--questions", type=int, default=3000)
    parser.add_argument("--who", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--engines", default="native,durable")
    args = parser.parse_args(argv)
    result = measure(args.size, args.seed, args.questions, args.who, args.engines.split(","))
    with open(args.out, "w") as out:
        json.dump(result, out, indent=1, sort_keys=True)
    for problem in result["problems"]:
        print(f"bench: {problem}", file=sys.stderr)
    return 3 if result["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
