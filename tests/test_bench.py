"""The benchmark (bench/): a deterministic generator, and a run that works end to end at a tiny size."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.generate import describe, generate  # noqa: E402
from bench.questions import Sampler  # noqa: E402
from bench.report import table  # noqa: E402


def test_generator_is_deterministic():
    """The same size and seed give the same pack; another seed gives another."""
    assert generate(300, seed=1) == generate(300, seed=1)
    assert generate(300, seed=1) != generate(300, seed=2)


def test_generator_gives_exactly_the_size_asked_and_nests():
    """A pack has exactly the delegations asked for, and a smaller pack's delegations are a prefix of a larger one's."""
    small, large = generate(250), generate(700)
    assert len(small.delegations) == 250 and len(large.delegations) == 700
    assert all(
        large.delegations.get(key) == value for key, value in small.delegations.items() if key in large.delegations
    )
    counts = describe(large)
    assert counts["exclusive"] and counts["residual"] and counts["with_where"] and counts["with_conditions"]
    assert set(counts["statuses"]) == {"in-force", "proposed", "revoked"}


def test_questions_are_deterministic():
    """The sampler draws the same questions and the same draft from the same pack and seed."""
    pack = generate(300)
    first, second = Sampler(pack, 0), Sampler(pack, 0)
    assert [first.question() for _ in range(20)] == [second.question() for _ in range(20)]
    assert first.draft() == second.draft()


def test_bench_runs_at_a_tiny_size(tmp_path):
    """One size measured in its own process: both engines agree, the outcomes mix, and the table renders."""
    out = tmp_path / "size.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench.measure", "200", str(out), "--questions", "60", "--who", "3"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(out.read_text())
    assert result["problems"] == []
    assert all(result["mix"][k] for k in ("permitted", "conditional", "denied")), result["mix"]
    assert result["engines"]["native"]["status"] == "ok"
    if result["cedar"].get("status") == "ok":  # cedarpy comes with the bench extra only
        expressible = result["cedar"]["agreement"]["expressible"]
        assert expressible["agree"] == expressible["questions"]
    machine = {
        "nproc": 2,
        "cpu": "test",
        "memory": "1 GiB",
        "python": "3",
        "implementation": "CPython",
        "system": "test",
        "packages": {},
        "date": "2026-01-01",
        "commit": "0",
    }
    text = table(
        {"machine": machine, "sizes": [result], "cli": {}, "questions": 60, "who": 3, "seed": 0, "seconds": 1.0}
    )
    assert "| 200 | native | ok |" in text


def test_cedar_encoding_parses():
    """The Cedar encoding of a generated pack is valid Cedar (policies and entities parse)."""
    cedarpy = pytest.importorskip("cedarpy")
    from bench.cedar import Peer, request

    pack = generate(200)
    peer = Peer(pack)
    question = Sampler(pack, 0).question()
    assert peer.ask(request(question)) in (True, False)
    assert cedarpy is not None
