"""The decision register and the pack fingerprint: records, the hash chain, tampering, concurrency and bad files."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import attrs
import pytest

from vires.api import derive
from vires.engine.question import Question
from vires.errors import RegisterError
from vires.pack.fingerprint import canonical, fingerprint
from vires.pack.model import (
    Body,
    Condition,
    Delegation,
    Document,
    Function,
    Pack,
    PackInfo,
    Power,
    Prohibition,
    Selector,
    Source,
)
from vires.register import store as register_module
from vires.register.store import Refused, Register, decide, record_hash
from vires.values import Where, WhereTest

DATE = dt.date(2026, 3, 12)
REF = "Board 12 Mar 2026, item 7"


def _parts():
    """The sections of a small council pack, each a list, in declaration order."""
    source = Source(ref="constitution", section="Part 3")
    return {
        "packs": [
            PackInfo(id="example", title="Example", root="/somewhere/example", version="1"),
            PackInfo(id="base", title="Base", root="/elsewhere/base"),
        ],
        "sources": [Document(id="constitution", title="Example Council Constitution", kind="constitution")],
        "bodies": [
            Body(id="council", name="Example Council", kind="statutory-body", level="place"),
            Body(id="cabinet", name="Cabinet", kind="committee", level="place", part_of="council", quorum=3),
            Body(id="director", name="Director of Finance", kind="officer", level="place", part_of="council"),
            Body(id="board", name="Partnership Board", kind="partnership", level="place", statutory=False),
        ],
        "functions": [
            Function(id="finance", name="finance", declared=False),
            Function(id="finance.budget", name="Spend within the budget"),
        ],
        "powers": [Power(id="p-finance", holder=(Selector(body=("council",)),), functions=("finance",), source=source)],
        "delegations": [
            Delegation(
                id="d-cabinet", from_="council", to="cabinet", functions=("finance",), delegable=True, source=source
            ),
            Delegation(
                id="d-director",
                from_="cabinet",
                to="director",
                functions=("finance.budget",),
                limit=250000,
                where=Where((WhereTest("area", "eq", (("text", "north"),)),)),
                conditions=(Condition.of(consult=("council",)),),
                source=source,
            ),
        ],
        "prohibitions": [
            Prohibition(
                id="x-board",
                applies_to=(Selector(body=("board",)),),
                functions=("finance",),
                reason="a partnership holds no budget",
                source=source,
            )
        ],
    }


def _pack(parts=None, reverse: bool = False) -> Pack:
    parts = parts or _parts()
    sections = {}
    for name, items in parts.items():
        items = list(reversed(items)) if reverse else items
        sections[name] = tuple(items) if name == "packs" else {item.id: item for item in items}
    return Pack(**sections)


@pytest.fixture(scope="module")
def rules():
    return derive(_pack(), "native")


def _question(body="director", amount=100000, **facts) -> Question:
    facts = {key: (("text", value),) for key, value in facts.items()}
    return Question(body=body, decision="finance.budget", date=DATE, amount=amount, facts=facts)


def _entry(rules, n: int = 0, writer: int = 0) -> dict:
    return decide(rules, _question(area="north", consulted="council"), ref=f"Board {writer}, item {n}")


def _filled(path, rules, count: int = 6) -> list[dict]:
    with Register.open(path, create=True) as register:
        return [register.append(_entry(rules, n)) for n in range(count)]


def _verify(path, expect_head=None):
    with Register.open(path) as register:
        return register.verify(expect_head)


# ---- the fingerprint ---------------------------------------------------------------------------


def test_fingerprint_ignores_order_and_where_things_were_loaded():
    """The same rules in another order, from other files and folders, give the same fingerprint."""
    parts = _parts()
    moved = {
        name: [
            attrs.evolve(item, location=attrs.evolve(item.location, file="other.yaml", line=99))
            if hasattr(item, "location")
            else item
            for item in items
        ]
        for name, items in parts.items()
    }
    moved["packs"] = [attrs.evolve(info, root="/tmp/copy") for info in moved["packs"]]
    same = [_pack(), _pack(reverse=True), attrs.evolve(_pack(moved), files=("b.yaml", "a.yaml"))]
    assert len({fingerprint(pack) for pack in same}) == 1
    assert "location" not in json.dumps(canonical(_pack()))


@pytest.mark.parametrize(
    "section", ["packs", "sources", "bodies", "functions", "powers", "delegations", "prohibitions"]
)
def test_fingerprint_changes_when_anything_loaded_changes(section):
    """Changing any entry of any section (a name, a limit, a reason, a where) changes the fingerprint."""
    before = fingerprint(_pack())
    for index in range(len(_parts()[section])):
        parts = _parts()
        item = parts[section][index]
        field = next(f for f in ("limit", "reason", "title", "name") if hasattr(item, f))
        if field == "limit":
            changed = attrs.evolve(item, limit=(item.limit or 0) + 1)
        else:
            changed = attrs.evolve(item, **{field: getattr(item, field) + " (amended)"})
        parts[section][index] = changed
        assert fingerprint(_pack(parts)) != before, f"{section}[{index}].{field}"


def test_fingerprint_tells_added_rules_and_number_values_apart():
    """An added rule changes the fingerprint; a `where` value of 5 is not the text `5`."""
    parts = _parts()
    parts["delegations"].append(
        Delegation(
            id="d-extra", from_="council", to="director", functions=("finance",), source=Source(ref="constitution")
        )
    )
    assert fingerprint(_pack(parts)) != fingerprint(_pack())

    def with_where(value):
        parts = _parts()
        parts["delegations"][1] = attrs.evolve(parts["delegations"][1], where=Where((WhereTest("n", "eq", (value,)),)))
        return fingerprint(_pack(parts))

    from decimal import Decimal

    assert with_where(("number", Decimal("5"))) == with_where(("number", Decimal("5.0")))
    assert with_where(("number", Decimal("5"))) != with_where(("text", "5"))


# ---- what a record holds -------------------------------------------------------------------------


def test_a_record_holds_the_question_chain_citations_and_chain_of_hashes(tmp_path, rules):
    """Record 1 has no previous hash; each record's hash covers it all and the next names it."""
    first, second = _filled(tmp_path / "r.sqlite", rules, 2)
    assert list(first) == list(register_module.RECORD_KEYS)
    assert (first["seq"], first["prev_hash"], second["prev_hash"]) == (1, None, first["hash"])
    assert first["hash"] == record_hash(first) and len(first["hash"]) == 64
    assert first["question"]["body"] == "director" and first["question"]["include_proposed"] is False
    assert [link["rule"] for link in first["chain"]["links"]] == ["p-finance", "d-cabinet", "d-director"]
    assert first["chain"]["links"][0]["source"]["title"] == "Example Council Constitution"
    assert first["rules"] == {
        "fingerprint": fingerprint(rules.pack),
        "engine": "native",
        "packs": [{"id": "base", "version": None}, {"id": "example", "version": "1"}],
    }
    assert first["recorded_at"].endswith("Z") and dt.datetime.fromisoformat(first["recorded_at"][:-1])


def test_a_conditional_decision_is_refused_unless_overridden(rules):
    """Conditional (the council not yet consulted): refused, exit 2, naming what is outstanding; with an override
    it is recorded as overridden, with the outstanding conditions kept."""
    with pytest.raises(RegisterError) as refused:
        decide(rules, _question(area="north"), ref=REF)
    (problem,) = refused.value.diagnostics
    assert refused.value.exit_code == 2 and problem.code == "conditional"
    assert "consult `council` (`d-director`)" in problem.message and "nothing was recorded" in problem.message
    entry = decide(rules, _question(area="north"), ref=REF, override="chair's action: council consulted by phone")
    assert (entry["outcome"], entry["override"]) == ("conditional", "chair's action: council consulted by phone")
    assert entry["chain"]["outstanding"] == [{"condition": "consult", "value": ["council"], "rule": "d-director"}]


def test_a_conditional_decision_whose_facts_meet_it_is_recorded_with_what_met_it(rules):
    """Given the fact that meets it, the decision is permitted, and the record keeps the facts it rested on."""
    entry = decide(rules, _question(area="north", consulted="council"), ref=REF)
    assert entry["outcome"] == "permitted" and entry["override"] is None
    assert entry["chain"]["met"] == [
        {"condition": "consult", "value": ["council"], "rule": "d-director", "by": {"consulted": ["council"]}}
    ]
    assert entry["question"]["facts"]["consulted"] == ["council"]


def test_a_denied_decision_is_refused_without_an_override_and_recorded_with_one(rules):
    """Denied: Refused (exit 1) with the reasons; with --override the denial and the reason are recorded."""
    with pytest.raises(Refused) as refused:
        decide(rules, _question(body="board"), ref=REF)
    assert refused.value.exit_code == 1
    assert [d.code for d in refused.value.diagnostics][:1] == ["denied"]
    assert "prohibited" in [d.code for d in refused.value.diagnostics]
    entry = decide(rules, _question(body="board"), ref=REF, override="urgency: chair's action")
    assert (entry["outcome"], entry["override"], entry["chain"]) == ("denied", "urgency: chair's action", None)
    assert entry["reasons"][0]["code"] == "prohibited"


def test_an_override_of_a_permitted_decision_is_not_recorded(rules):
    """There is nothing to override in a permitted decision."""
    entry = decide(rules, _question(area="north", consulted="council"), ref=REF, override="just in case")
    assert entry["override"] is None


@pytest.mark.parametrize("ref", ["", "   ", "item 7\nitem 8", "\x1b[31mred"])
def test_a_ref_must_be_one_line_of_text(rules, ref):
    """An empty ref, or one with control characters, is input the register cannot use (exit 2)."""
    with pytest.raises(RegisterError) as error:
        decide(rules, _question(area="north"), ref=ref)
    assert error.value.exit_code == 2 and error.value.diagnostics[0].code == "bad-ref"


def test_proposals_are_never_recorded(rules):
    """A question that includes proposals is refused before it is asked."""
    question = attrs.evolve(_question(area="north"), include_proposed=True)
    with pytest.raises(RegisterError) as error:
        decide(rules, question, ref=REF)
    assert error.value.diagnostics[0].code == "in-force-only" and error.value.exit_code == 2


# ---- verify: tampering ---------------------------------------------------------------------------


def _edit(path, sql, *params):
    db = sqlite3.connect(path)
    db.execute(sql, params)
    db.commit()
    db.close()


def _stored(path, seq) -> dict:
    db = sqlite3.connect(path)
    (stored,) = db.execute("SELECT record FROM records WHERE seq = ?", (seq,)).fetchone()
    db.close()
    return json.loads(stored)


def _store(path, seq, record, rehash=False):
    """Write `record` over #seq: only its JSON, or (`rehash`) as a forger would, with its hash and columns."""
    db = sqlite3.connect(path)
    if rehash:
        record["hash"] = record_hash(record)
        columns = register_module.COLUMNS[1:-1]
        db.execute(
            f"UPDATE records SET {', '.join(c + ' = ?' for c in columns)} WHERE seq = ?",
            register_module._row(record)[1:] + (seq,),
        )
    db.execute("UPDATE records SET record = ? WHERE seq = ?", (json.dumps(record, sort_keys=True), seq))
    db.commit()
    db.close()


def test_an_untouched_register_verifies(tmp_path, rules):
    """Six records: intact, count 6, head the last record's hash."""
    written = _filled(tmp_path / "r.sqlite", rules)
    result = _verify(tmp_path / "r.sqlite")
    assert (result.ok, result.count, result.head) == (True, 6, written[-1]["hash"])


@pytest.mark.parametrize(
    "field, value",
    [
        ("ref", "Board 13 Mar 2026, item 7"),
        ("outcome", "conditional"),
        ("override", "added later"),
        ("recorded_at", "2026-01-01T00:00:00.000Z"),
        ("vires", "9.9"),
        ("reasons", [{"code": "revoked", "rule": "d-cabinet", "message": "revoked"}]),
        ("question.amount", 9),
        ("question.date", "2026-03-13"),
        ("question.facts", {}),
        ("chain.limit", 1),
        ("chain.links.1.source.section", "Part 9"),
        ("chain.met", []),
        ("rules.fingerprint", "0" * 64),
        ("prev_hash", "0" * 64),
        ("hash", "0" * 64),
        ("seq", 4),
    ],
)
def test_editing_any_field_of_a_record_is_found(tmp_path, rules, field, value):
    """Any field of record #3 changed in its stored JSON: verify fails and names #3."""
    path = tmp_path / "r.sqlite"
    _filled(path, rules)
    record = _stored(path, 3)
    *parents, last = field.split(".")
    target = record
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    target[int(last) if last.isdigit() else last] = value
    _store(path, 3, record)
    result = _verify(path)
    assert not result.ok and result.bad == 3 and "#3" in result.problem, result.problem


@pytest.mark.parametrize(
    "column, value",
    [
        ("body", "cabinet"),
        ("decision", "finance"),
        ("decision_date", "2026-01-01"),
        ("outcome", "conditional"),
        ("override", "x"),
        ("ref", "another item"),
        ("recorded_at", "2026-01-01T00:00:00Z"),
        ("prev_hash", "0" * 64),
        ("hash", "0" * 64),
        ("record", "{not json"),
    ],
)
def test_editing_a_column_beside_the_record_is_found(tmp_path, rules, column, value):
    """The readable columns are checked against the hashed record: an edit of any of them names #3."""
    path = tmp_path / "r.sqlite"
    _filled(path, rules)
    _edit(path, f"UPDATE records SET {column} = ? WHERE seq = 3", value)
    result = _verify(path)
    assert not result.ok and result.bad == 3 and "#3" in result.problem, result.problem


def test_a_record_edited_and_rehashed_breaks_the_link_to_the_next(tmp_path, rules):
    """Recomputing the edited record's hash does not help: #4 no longer follows #3, and both are named."""
    path = tmp_path / "r.sqlite"
    _filled(path, rules)
    record = _stored(path, 3)
    record["ref"] = "a different meeting"
    _store(path, 3, record, rehash=True)
    result = _verify(path)
    assert not result.ok and result.bad == 4 and "#4 does not follow #3" in result.problem


@pytest.mark.parametrize("seq", [1, 3, 6])
def test_deleting_a_record_is_found(tmp_path, rules, seq):
    """Deleting the first, a middle or the last record: verify fails and names it."""
    path = tmp_path / "r.sqlite"
    _filled(path, rules)
    _edit(path, "DELETE FROM records WHERE seq = ?", seq)
    result = _verify(path)
    assert not result.ok and result.bad == seq and f"#{seq} is missing" in result.problem, result.problem


def test_swapping_two_records_is_found(tmp_path, rules):
    """Records #3 and #4 exchanged (every column): verify fails at #3."""
    path = tmp_path / "r.sqlite"
    _filled(path, rules)
    db = sqlite3.connect(path)
    db.execute("UPDATE records SET seq = -3 WHERE seq = 3")
    db.execute("UPDATE records SET seq = 3 WHERE seq = 4")
    db.execute("UPDATE records SET seq = 4 WHERE seq = -3")
    db.commit()
    db.close()
    result = _verify(path)
    assert not result.ok and result.bad == 3 and "reordered" in result.problem


def _forge(path, after: dict, seq: int, ref: str) -> dict:
    """A record as a forger who knows the format would write it, chained to `after`."""
    forged = {**after, "seq": seq, "ref": ref, "prev_hash": after["hash"]}
    forged["hash"] = record_hash(forged)
    return forged


def _insert(path, record):
    db = sqlite3.connect(path)
    row = register_module._row(record)
    db.execute(
        f"INSERT INTO records ({', '.join(register_module.COLUMNS)}) VALUES "
        f"({', '.join('?' * len(register_module.COLUMNS))})",
        row + (json.dumps(record),),
    )
    db.commit()
    db.close()


def test_inserting_a_record_in_the_middle_is_found(tmp_path, rules):
    """A well-forged record slipped in after #3 (later ones renumbered): verify fails there."""
    path = tmp_path / "r.sqlite"
    written = _filled(path, rules)
    db = sqlite3.connect(path)
    for seq in range(6, 3, -1):
        db.execute("UPDATE records SET seq = ? WHERE seq = ?", (seq + 1, seq))
    db.commit()
    db.close()
    _insert(path, _forge(path, written[2], 4, "a decision never taken"))
    result = _verify(path)
    assert not result.ok and result.bad == 5, result.problem


def test_inserting_a_record_at_the_end_is_found(tmp_path, rules):
    """A well-forged record appended outside vires: the count vires wrote no longer matches."""
    path = tmp_path / "r.sqlite"
    written = _filled(path, rules)
    _insert(path, _forge(path, written[-1], 7, "a decision never taken"))
    result = _verify(path)
    assert not result.ok and result.bad == 7 and "inserted" in result.problem


def test_cutting_the_last_record_is_found_and_expect_head_finds_it_even_when_meta_is_forged(tmp_path, rules):
    """Delete #6: verify fails; fix `meta` too and only --expect-head (the head noted earlier) catches it."""
    path = tmp_path / "r.sqlite"
    written = _filled(path, rules)
    _edit(path, "DELETE FROM records WHERE seq = 6")
    assert _verify(path).bad == 6
    _edit(path, "UPDATE meta SET value = '5' WHERE key = 'count'")
    _edit(path, "UPDATE meta SET value = ? WHERE key = 'head'", written[4]["hash"])
    assert _verify(path).ok
    result = _verify(path, expect_head=written[5]["hash"])
    assert not result.ok and "cut from the end" in result.problem and result.bad == 6


def test_expect_head_accepts_a_prefix_and_a_head_with_records_after_it(tmp_path, rules):
    """A head noted at #4 still verifies after #5 and #6 are added, and says where it is."""
    path = tmp_path / "r.sqlite"
    written = _filled(path, rules)
    result = _verify(path, expect_head=written[3]["hash"][:10].upper())
    assert result.ok and result.expected_at == 4
    with pytest.raises(RegisterError):
        _verify(path, expect_head="not-a-hash")


def test_append_refuses_a_register_whose_head_was_tampered_with(tmp_path, rules):
    """Appending onto a chain whose last record was cut would hide the cut: nothing is appended."""
    path = tmp_path / "r.sqlite"
    _filled(path, rules)
    _edit(path, "DELETE FROM records WHERE seq = 6")
    with Register.open(path, create=True) as register, pytest.raises(RegisterError) as error:
        register.append(_entry(rules))
    assert error.value.diagnostics[0].code == "register-broken"
    assert _verify(path).count == 5


# ---- concurrency and crashes ------------------------------------------------------------------


def _writer(path, entries, barrier):
    barrier.wait()
    with Register.open(path, create=True) as register:
        for entry in entries:
            register.append(entry)


def test_eight_writers_at_once_append_every_record_in_one_chain(tmp_path, rules):
    """8 processes x 50 appends, started together on a register none has created yet: 400 records, intact,
    and each writer's records in its own order."""
    path = str(tmp_path / "r.sqlite")
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(8)
    writers = [
        context.Process(target=_writer, args=(path, [_entry(rules, n, w) for n in range(50)], barrier))
        for w in range(8)
    ]
    started = time.perf_counter()
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(120)
    elapsed = time.perf_counter() - started
    assert [writer.exitcode for writer in writers] == [0] * 8
    result = _verify(path)
    assert result.ok and result.count == 400, result.problem
    with Register.open(path) as register:
        refs = [found["ref"] for found in register.records()]
    for w in range(8):
        assert [r for r in refs if r.startswith(f"Board {w},")] == [f"Board {w}, item {n}" for n in range(50)]
    print(f"\n8 writers x 50 appends: {elapsed:.2f} s")


_KILLER = textwrap.dedent("""
    import json, os, signal, sqlite3, sys
    from vires.register.store import Register
    path, entry, kill_at = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3])
    inserts = 0
    def trace(statement):
        global inserts
        inserts += statement.startswith("INSERT INTO records")
        if kill_at and inserts == kill_at and statement == "COMMIT":
            os.kill(os.getpid(), signal.SIGKILL)  # the record is written, not committed
    connect = sqlite3.connect
    def traced(*args, **kwargs):
        db = connect(*args, **kwargs)
        db.set_trace_callback(trace)
        return db
    sqlite3.connect = traced
    with Register.open(path, create=True) as register:
        while True:
            register.append(entry)
""")


def test_a_writer_killed_before_commit_leaves_a_register_that_verifies(tmp_path, rules):
    """SIGKILL between writing record #6 and committing it: #1-#5 verify, #6 is absent, appends go on."""
    path = str(tmp_path / "r.sqlite")
    child = subprocess.run([sys.executable, "-c", _KILLER, path, json.dumps(_entry(rules)), "6"], timeout=60)
    assert child.returncode == -signal.SIGKILL
    result = _verify(path)
    assert result.ok and result.count == 5, result.problem
    with Register.open(path, create=True) as register:
        assert register.append(_entry(rules))["seq"] == 6
    assert _verify(path).ok


def test_writers_killed_at_random_moments_never_leave_a_broken_register(tmp_path, rules):
    """Five rounds of SIGKILL at a random moment of a busy writer: the register verifies after each."""
    import random

    path = str(tmp_path / "r.sqlite")
    counts = []
    for round_ in range(5):
        child = subprocess.Popen([sys.executable, "-c", _KILLER, path, json.dumps(_entry(rules)), "0"])
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not os.path.exists(path):
            time.sleep(0.01)
        time.sleep(0.3 + random.random() * 0.4)
        child.send_signal(signal.SIGKILL)
        child.wait(30)
        result = _verify(path)
        assert result.ok, f"round {round_}: {result.problem}"
        counts.append(result.count)
    assert counts == sorted(counts) and counts[-1] > 0


# ---- files that are not registers -------------------------------------------------------------


def _bytes(path):
    return open(path, "rb").read()


@pytest.mark.parametrize(
    "content", [b"not a database at all\n" * 200, b"\x00\xff" * 3000, b"SQLite format 3\x00" + b"\x00" * 84]
)
def test_a_file_that_is_not_sqlite_is_named_and_left_alone(tmp_path, content):
    """Garbage, binary bytes or a bare SQLite header: RegisterError naming the file, exit 2, file unchanged."""
    path = tmp_path / "garbage.sqlite"
    path.write_bytes(content)
    for create in (False, True):
        with pytest.raises(RegisterError) as error:
            Register.open(path, create=create)
        diagnostic = error.value.diagnostics[0]
        assert error.value.exit_code == 2 and diagnostic.location.file == str(path)
        assert diagnostic.code in ("not-a-register", "register-damaged")
    assert path.read_bytes() == content


def test_another_sqlite_database_is_not_a_register_and_is_left_alone(tmp_path):
    """An SQLite database of something else is refused for reading and writing, byte for byte unchanged."""
    path = tmp_path / "other.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE meta (name TEXT)")
    db.execute("CREATE TABLE records (x)")
    db.commit()
    db.close()
    before = _bytes(path)
    for create in (False, True):
        with pytest.raises(RegisterError) as error:
            Register.open(path, create=create)
        assert error.value.diagnostics[0].code == "not-a-register"
    assert _bytes(path) == before


def test_a_register_from_a_newer_vires_is_refused(tmp_path, rules):
    """Schema version above this vires's: refused (exit 2) with a hint to upgrade, records untouched."""
    path = tmp_path / "r.sqlite"
    _filled(path, rules, 2)
    _edit(path, "UPDATE meta SET value = ? WHERE key = 'schema_version'", str(register_module.SCHEMA_VERSION + 1))
    for create in (False, True):
        with pytest.raises(RegisterError) as error:
            Register.open(path, create=create)
        assert error.value.diagnostics[0].code == "register-too-new" and "upgrade" in error.value.diagnostics[0].hint
    assert _stored(path, 2)["seq"] == 2


def test_a_missing_register_is_not_created_by_reading(tmp_path):
    """list, verify and export open without creating: a missing file is an error and stays missing."""
    path = tmp_path / "none.sqlite"
    with pytest.raises(RegisterError) as error:
        Register.open(path)
    assert error.value.diagnostics[0].code == "no-register" and not path.exists()


def test_a_folder_or_an_unreadable_file_is_named(tmp_path):
    """A folder given as the register, and a file without read permission, are clear errors."""
    with pytest.raises(RegisterError) as error:
        Register.open(tmp_path, create=True)
    assert error.value.diagnostics[0].location.file == str(tmp_path)
    if os.geteuid() == 0:
        return  # root reads any file
    path = tmp_path / "locked.sqlite"
    path.write_bytes(b"")
    path.chmod(0)
    with pytest.raises(RegisterError) as error:
        Register.open(path)
    assert error.value.diagnostics[0].code == "register-unreadable"


def test_a_full_disk_fails_cleanly_and_keeps_every_record(tmp_path, rules, monkeypatch):
    """The database cannot grow (max_page_count at its size): register-full, nothing half-written, all kept."""
    path = tmp_path / "r.sqlite"
    _filled(path, rules, 3)
    connect = sqlite3.connect

    def full(*args, **kwargs):
        db = connect(*args, **kwargs)
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages}")
        return db

    monkeypatch.setattr(register_module.sqlite3, "connect", full)
    big = {**_entry(rules), "ref": "x" * 20000}
    with Register.open(path, create=True) as register, pytest.raises(RegisterError) as error:
        register.append(big)
    assert error.value.diagnostics[0].code == "register-full"
    assert error.value.diagnostics[0].location.file == str(path)
    monkeypatch.undo()
    result = _verify(path)
    assert result.ok and result.count == 3


def test_fingerprint_of_loaded_packs_ignores_how_the_rules_are_split_into_files(tmp_path):
    """One pack file, or the same rules split over two files in reverse order in another folder: one fingerprint."""
    from vires.pack.load import load

    header = "# yaml-language-server: $schema=../schemas/rulepack.schema.json\n"
    pack = "pack: {id: split, title: Split pack}\n"
    sections = {
        "sources": ["{id: constitution, title: Example Council Constitution, kind: constitution}"],
        "bodies": [
            "{id: council, name: Example Council, kind: statutory-body, level: place}",
            "{id: cabinet, name: Cabinet, kind: committee, part_of: council, level: place}",
        ],
        "functions": ["{id: finance.budget, name: Spend within the budget}", "{id: finance.precept, name: Precept}"],
        "powers": ["{id: p, holder: council, functions: [finance], source: {ref: constitution}}"],
        "delegations": [
            "{id: d1, from: council, to: cabinet, functions: [finance.budget], source: {ref: constitution}}",
            "{id: d2, from: council, to: cabinet, functions: [finance.precept], limit: 5, source: {ref: constitution}}",
        ],
    }

    def text(names, reverse=False):
        return "".join(
            f"{name}:\n" + "".join(f"  - {item}\n" for item in (items[::-1] if reverse else items))
            for name, items in sections.items()
            if name in names
        )

    one = tmp_path / "one"
    one.mkdir()
    (one / "pack.yaml").write_text(header + pack + text(sections))
    two = tmp_path / "two"
    (two / "rules").mkdir(parents=True)
    (two / "pack.yaml").write_text(header + pack + text(["sources", "delegations"], reverse=True))
    (two / "rules" / "a.yaml").write_text(header + text(["bodies", "functions", "powers"], reverse=True))
    assert fingerprint(load([str(one)])) == fingerprint(load([str(two)]))
    (one / "pack.yaml").write_text(header + pack + text(sections).replace("limit: 5", "limit: 6"))
    assert fingerprint(load([str(one)])) != fingerprint(load([str(two)]))
