"""`vires record` and `vires register list|verify|export`: what a board secretary sees, exit codes, bad files."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
import time
from importlib.resources import files

import pytest
from click.testing import CliRunner

from vires.cli.main import cli

PACK = """\
# yaml-language-server: $schema=../schemas/rulepack.schema.json
pack: {id: register-test, title: Register test pack, version: "2"}
sources:
  - {id: constitution, title: Example Council Constitution, kind: constitution}
bodies:
  - {id: council, name: Example Council, kind: statutory-body, level: place}
  - {id: cabinet, name: Cabinet, kind: committee, part_of: council, level: place, quorum: 3}
  - {id: finance-director, name: Director of Finance, kind: officer, part_of: council, level: place}
  - {id: partnership-board, name: Partnership Board, kind: partnership, level: place, members: [council]}
functions:
  - {id: finance.budget, name: Spend within the budget}
powers:
  - {id: p-council-finance, holder: council, functions: [finance], source: {ref: constitution, section: "Part 3"}}
delegations:
  - {id: d-cabinet, from: council, to: cabinet, functions: [finance.budget], delegable: true,
     source: {ref: constitution, section: "Part 3.2"}}
  - {id: d-director, from: cabinet, to: finance-director, functions: [finance.budget], limit: 250000,
     source: {ref: constitution, section: "Part 3.5"}}
"""
REF = "Board 12 Mar 2026, item 7"


@pytest.fixture
def pack(tmp_path):
    path = tmp_path / "pack.yaml"
    path.write_text(PACK, encoding="utf-8")
    return str(path)


@pytest.fixture
def reg(tmp_path):
    return str(tmp_path / "register.sqlite")


def run(*args, env=None):
    result = CliRunner().invoke(cli, [str(a) for a in args], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def record(pack, reg, *extra, body="finance-director", ref=REF):
    return run(
        "record",
        pack,
        "--body",
        body,
        "--decision",
        "finance.budget",
        "--date",
        "2026-03-12",
        "--ref",
        ref,
        "--register",
        reg,
        "--engine",
        "native",
        *extra,
    )


def snapshot(path) -> dict:
    """Every file of the register (main, -wal, -shm) by name, with its bytes."""
    folder = os.path.dirname(path)
    return {
        name: open(os.path.join(folder, name), "rb").read()
        for name in sorted(os.listdir(folder))
        if name.startswith(os.path.basename(path))
    }


# ---- record -------------------------------------------------------------------------------------


def test_record_says_what_was_recorded_in_one_line_for_the_minutes(pack, reg):
    """A permitted and a conditional decision: `recorded #N: body may decide f (outcome) — ref`, then details."""
    first = record(pack, reg, "--amount", "£200k")
    assert first.exit_code == 0, first.output
    lines = first.stdout.splitlines()
    assert lines[0] == f"recorded #1: finance-director may decide finance.budget (permitted) — {REF}"
    assert lines[1] == "  £200,000 on 12 March 2026, by p-council-finance > d-cabinet > d-director"
    second = record(pack, reg, "--fact", "present=4", body="cabinet", ref="Cabinet 12 Mar 2026, item 3")
    assert (
        second.stdout.splitlines()[0]
        == "recorded #2: cabinet may decide finance.budget (permitted) — Cabinet 12 Mar 2026, item 3"
    )
    assert "  conditions met:\n    - quorum of 3: met by present=4 [cabinet]" in second.stdout


def test_a_conditional_decision_is_refused_unless_its_facts_meet_it_or_an_override_says_why(pack, reg):
    """Without the quorum shown: exit 2 naming what is outstanding and how to record it, nothing written; with
    --override it is recorded as conditional and overridden, keeping what was outstanding."""
    refused = record(pack, reg, "--fact", "present=2", body="cabinet")
    assert refused.exit_code == 2 and refused.stdout == "" and not os.path.exists(reg)
    assert "error conditional: `cabinet` may decide `finance.budget` on 2026-03-12 only once this is done: " in (
        refused.stderr
    )
    assert "quorum of 3 (`cabinet`): present=2 is below the quorum of 3; nothing was recorded" in refused.stderr
    assert "--override" in refused.stderr and "--fact" in refused.stderr
    overridden = record(pack, reg, "--override", "quorum not noted in the minutes", body="cabinet")
    assert overridden.exit_code == 0, overridden.output
    assert overridden.stdout.splitlines()[0].startswith(
        "recorded #1: cabinet may decide finance.budget (conditional; recorded by override)"
    )
    assert "have a quorum of 3 present" in overridden.stdout


def _record_schema():
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    schemas = {
        name: json.loads(files("vires.schemas").joinpath(f"{name}.schema.json").read_text())
        for name in ("record", "answer")
    }
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas.values())
    Draft202012Validator.check_schema(schemas["record"])
    return Draft202012Validator(schemas["record"], registry=registry)


def test_record_json_is_the_record_and_matches_its_schema(pack, reg):
    """--format json prints the record as stored; permitted, conditional and overridden records fit the schema."""
    validator = _record_schema()
    outputs = [
        record(pack, reg, "--format", "json", "--fact", "present=2", "--override", "minutes missing", body="cabinet"),
        record(pack, reg, "--format", "json", "--amount", "1m", "--override", "urgency: chair's action"),
    ]
    for output in outputs:
        assert output.exit_code == 0, output.output
        written = json.loads(output.stdout)
        errors = [e.message for e in validator.iter_errors(written)]
        assert not errors, errors
    overridden = json.loads(outputs[1].stdout)
    assert (overridden["outcome"], overridden["override"]) == ("denied", "urgency: chair's action")
    assert overridden["reasons"][0]["code"] == "exceeds-limit"
    assert json.loads(outputs[0].stdout)["chain"]["outstanding"][0]["condition"] == "quorum"


def test_a_denied_decision_is_not_recorded_and_the_register_is_byte_identical(pack, reg):
    """Denied without --override: exit 1, why not on stderr, nothing on stdout, every register file unchanged."""
    assert record(pack, reg).exit_code == 0
    before = snapshot(reg)
    denied = record(pack, reg, body="partnership-board")
    assert denied.exit_code == 1
    assert denied.stdout == ""
    assert "`partnership-board` may not decide `finance.budget`" in denied.stderr
    assert "no-authority" in denied.stderr and "--override" in denied.stderr
    assert snapshot(reg) == before
    as_json = record(pack, reg, "--format", "json", body="partnership-board")
    assert as_json.exit_code == 1 and json.loads(as_json.stderr)["errors"][0]["code"] == "denied"
    assert snapshot(reg) == before


def test_a_denied_decision_creates_no_register(pack, reg):
    """Refused before the register is opened: no file appears."""
    assert record(pack, reg, body="partnership-board").exit_code == 1
    assert not os.path.exists(reg)


def test_an_override_records_the_denial_and_its_reason(pack, reg):
    """--override "reason" records a denied decision as such; list shows it as an override."""
    result = record(pack, reg, "--amount", "300000", "--override", "urgency: chair's action, SO 12")
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "recorded #1: finance-director may not decide finance.budget (denied; recorded by override)"
    )
    assert "override: urgency: chair's action, SO 12" in result.stdout and "exceeds-limit" in result.stdout


def test_include_proposed_is_refused_with_exit_2(pack, reg):
    """Decisions are recorded under rules in force only: --include-proposed exits 2 and writes nothing."""
    result = record(pack, reg, "--include-proposed")
    assert result.exit_code == 2
    assert "in-force-only" in result.stderr and "--include-proposed" in result.stderr
    assert not os.path.exists(reg)


@pytest.mark.parametrize(
    "body, ref, extra, code",
    [
        ("cabinet", "", [], "bad-ref"),
        ("cabinet", REF, ["--override", " "], "bad-override"),
        ("cabinett", REF, [], "unknown-body"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(pack, reg, body, ref, extra, code):
    """An empty ref or override, or an unknown body, exits 2 and creates no register."""
    result = record(pack, reg, *extra, body=body, ref=ref)
    assert result.exit_code == 2 and code in result.stderr, result.output
    assert not os.path.exists(reg)


def test_the_register_is_found_in_the_current_folder_or_by_vires_register(pack, tmp_path, monkeypatch):
    """Default `vires-register.sqlite` in the current folder; VIRES_REGISTER names another."""
    monkeypatch.chdir(tmp_path)
    args = ["record", pack, "--body", "finance-director", "--decision", "finance.budget", "--ref", REF]
    assert run(*args).exit_code == 0
    assert os.path.exists(tmp_path / "vires-register.sqlite")
    other = tmp_path / "elsewhere.sqlite"
    assert run(*args, env={"VIRES_REGISTER": str(other)}).stdout.startswith("recorded #1:")
    assert run("register", "verify", env={"VIRES_REGISTER": str(other)}).stdout.startswith("verify: 1 record,")


def test_eight_vires_record_processes_at_once(pack, reg):
    """8 `vires record` commands started together on a register none has created: 8 records, chain intact."""
    command = [os.path.join(os.path.dirname(sys.executable), "vires")]
    started = time.perf_counter()
    writers = [
        subprocess.Popen(
            command
            + [
                "record",
                pack,
                "--body",
                "finance-director",
                "--decision",
                "finance.budget",
                "--date",
                "2026-03-12",
                "--ref",
                f"item {n}",
                "--register",
                reg,
                "--engine",
                "native",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(8)
    ]
    outputs = [writer.communicate(timeout=120) for writer in writers]
    elapsed = time.perf_counter() - started
    assert [writer.returncode for writer in writers] == [0] * 8, outputs
    assert sorted(int(out.split(":")[0].removeprefix("recorded #")) for out, _ in outputs) == list(range(1, 9))
    assert run("register", "verify", "--register", reg).stdout.startswith("verify: 8 records, chain intact")
    print(f"\n8 vires record processes at once: {elapsed:.2f} s")


# ---- register list / verify / export --------------------------------------------------------


@pytest.fixture
def filled(pack, reg):
    record(pack, reg, "--amount", "2.4m", "--override", "chair's action")
    record(pack, reg, "--override", "quorum not minuted", body="cabinet", ref="Cabinet 12 Mar 2026, item 3")
    run(
        "record",
        pack,
        "--body",
        "finance-director",
        "--decision",
        "finance.budget",
        "--date",
        "2026-04-02",
        "--amount",
        "250,000",
        "--ref",
        '=HYPERLINK("http://x")',
        "--register",
        reg,
    )
    return reg


def test_list_prints_one_line_a_decision_and_filters(filled):
    """Oldest first, `#N  date  who may decide what, amount (outcome) — ref`; --body and --since filter."""
    lines = run("register", "list", "--register", filled).stdout.splitlines()
    assert lines[0] == (
        "#1  2026-03-12  finance-director may not decide finance.budget, £2,400,000 "
        "(denied; recorded by override) — Board 12 Mar 2026, item 7"
    )
    assert lines[1] == (
        "#2  2026-03-12  cabinet may decide finance.budget (conditional; recorded by override) — "
        "Cabinet 12 Mar 2026, item 3"
    )
    assert len(lines) == 3
    assert [
        r["seq"]
        for r in json.loads(
            run("register", "list", "--register", filled, "--body", "finance-director", "--format", "json").stdout
        )
    ] == [1, 3]
    since = run("register", "list", "--register", filled, "--since", "2026-04-01").stdout.splitlines()
    assert [line.split()[0] for line in since] == ["#3"]
    assert run("register", "list", "--register", filled, "--body", "council").stdout == "no records match\n"


def test_verify_prints_the_count_and_head_and_names_a_bad_record(filled):
    """Intact: `verify: 3 records, chain intact; head H` (exit 0); after an edit, exit 1 naming the record."""
    result = run("register", "verify", "--register", filled)
    head = result.stdout.split("head ")[1].strip()
    assert result.exit_code == 0 and result.stdout.startswith("verify: 3 records, chain intact; head ")
    assert run("register", "verify", "--register", filled, "--expect-head", head).exit_code == 0
    db = sqlite3.connect(filled)
    db.execute("UPDATE records SET ref = ? WHERE seq = ?", ("Board 13 Mar 2026, item 7", 2))
    db.commit()
    db.close()
    broken = run("register", "verify", "--register", filled, "--format", "json")
    assert broken.exit_code == 1
    assert json.loads(broken.stdout)["bad"] == 2 and "#2" in json.loads(broken.stdout)["problem"]
    assert "record #2 was edited" in run("register", "verify", "--register", filled).stdout


def test_expect_head_catches_records_cut_from_the_end(filled):
    """Cut the last record and forge meta: plain verify passes, --expect-head with the old head fails (exit 1)."""
    head = run("register", "verify", "--register", filled).stdout.split("head ")[1].strip()
    db = sqlite3.connect(filled)
    (previous,) = db.execute("SELECT hash FROM records WHERE seq = 2").fetchone()
    db.execute("DELETE FROM records WHERE seq = 3")
    db.execute(
        "UPDATE meta SET value = CASE key WHEN 'count' THEN '2' ELSE ? END WHERE key IN ('count', 'head')", (previous,)
    )
    db.commit()
    db.close()
    assert run("register", "verify", "--register", filled).exit_code == 0
    cut = run("register", "verify", "--register", filled, "--expect-head", head)
    assert cut.exit_code == 1 and "cut from the end" in cut.stdout


def test_export_csv_json_and_markdown(filled, tmp_path):
    """CSV (formula-like text quoted), JSON (count, head, records) and Markdown (a table); -o picks by suffix."""
    rows = list(csv.DictReader(io.StringIO(run("register", "export", "--register", filled, "--format", "csv").stdout)))
    assert [row["seq"] for row in rows] == ["1", "2", "3"]
    assert rows[0]["override"] == "chair's action" and rows[0]["amount"] == "2400000"
    assert rows[1]["outstanding"].startswith("have a quorum of 3 present")
    assert rows[2]["ref"] == '\'=HYPERLINK("http://x")'
    assert rows[2]["chain"] == "p-council-finance > d-cabinet > d-director"
    exported = json.loads(run("register", "export", "--register", filled, "--format", "json").stdout)
    assert (exported["count"], exported["intact"], len(exported["records"])) == (3, True, 3)
    assert exported["head"] == exported["records"][-1]["hash"]
    out = tmp_path / "register.md"
    assert run("register", "export", "--register", filled, "-o", out).exit_code == 0
    markdown = out.read_text(encoding="utf-8")
    assert markdown.startswith("# Decision register\n")
    assert (
        "| 2 | 12 March 2026 | cabinet | finance.budget |  | conditional (recorded by override: quorum not minuted; "
        "outstanding: have a quorum" in markdown
    )
    assert "3 records, chain intact" in markdown


def test_export_of_a_broken_register_warns_and_exits_1(filled):
    """A broken chain is still exported (to investigate it), with a warning naming the record, exit 1."""
    db = sqlite3.connect(filled)
    db.execute("DELETE FROM records WHERE seq = 2")
    db.commit()
    db.close()
    result = run("register", "export", "--register", filled, "--format", "json")
    assert result.exit_code == 1 and "#2 is missing" in result.stderr
    assert json.loads(result.stdout)["intact"] is False


# ---- files that are not registers ---------------------------------------------------------------

COMMANDS = [["register", "list"], ["register", "verify"], ["register", "export", "--format", "csv"]]


def _every_command(pack, path):
    results = [run(*command, "--register", path) for command in COMMANDS]
    results.append(record(pack, path))
    return results


@pytest.mark.parametrize("content", [b"garbage " * 1000, bytes(range(256)) * 20, b""])
def test_a_garbage_file_is_named_never_a_traceback_and_never_changed(pack, tmp_path, content):
    """Every command on a non-SQLite file (or an empty one, for reading): exit 2, the file named, unchanged."""
    path = str(tmp_path / "garbage.sqlite")
    with open(path, "wb") as stream:
        stream.write(content)
    results = _every_command(pack, path)
    for result in results[:3] if not content else results:
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith(f"{path}: error ") and result.stdout == ""
    if content:
        assert open(path, "rb").read() == content


def test_an_sqlite_database_that_is_not_a_register_is_refused_and_untouched(pack, tmp_path):
    """Someone else's SQLite database: every command exits 2 saying so, and no byte changes."""
    path = str(tmp_path / "minutes.sqlite")
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE minutes (item INTEGER, text TEXT)")
    db.execute("INSERT INTO minutes VALUES (7, 'approved')")
    db.commit()
    db.close()
    before = open(path, "rb").read()
    for result in _every_command(pack, path):
        assert result.exit_code == 2 and "not a vires register" in result.stderr, result.output
    assert open(path, "rb").read() == before


def test_a_missing_register_for_reading_exits_2_with_a_hint(reg):
    """list on a register that does not exist: exit 2, a hint to record first, no file created."""
    result = run("register", "list", "--register", reg, "--format", "json")
    assert result.exit_code == 2 and json.loads(result.stderr)["errors"][0]["code"] == "no-register"
    assert not os.path.exists(reg)


def test_a_full_disk_exits_2_and_keeps_the_records(pack, reg, monkeypatch):
    """The disk fills during an append: exit 2, register-full naming the file, earlier records intact."""
    assert record(pack, reg).exit_code == 0
    connect = sqlite3.connect

    def full(*args, **kwargs):
        db = connect(*args, **kwargs)
        db.execute(f"PRAGMA max_page_count = {db.execute('PRAGMA page_count').fetchone()[0]}")
        return db

    monkeypatch.setattr(sqlite3, "connect", full)
    result = record(pack, reg, ref="item " + "x" * 30000)
    monkeypatch.undo()
    assert result.exit_code == 2 and result.stderr.startswith(f"{reg}: error register-full:")
    assert run("register", "verify", "--register", reg).stdout.startswith("verify: 1 record, chain intact")


@pytest.mark.parametrize(
    "command", [["record"], ["register"], ["register", "list"], ["register", "verify"], ["register", "export"]]
)
def test_every_register_command_has_help(command):
    """Each command and subcommand explains itself under --help."""
    result = run(*command, "--help")
    assert result.exit_code == 0 and len(result.stdout.splitlines()) > 5
