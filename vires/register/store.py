"""The decision register (SPEC 6): decisions appended to an SQLite file as a hash chain, and verified.

Each record holds the question, the outcome, the chosen chain with its citations, any override,
the reference to the minutes, the fingerprint of the rules it was judged under, the time, the
hash of the previous record and its own hash: sha256 over the canonical JSON of the record
without its `hash` (`vires.pack.fingerprint.canonical_json`), so anyone can check a record with a
few lines of code. Appends run in one `BEGIN IMMEDIATE` transaction that reads the head and
writes the next record, so writers never interleave; the database is in WAL mode and writers
wait for one another. A `meta` table names the file as a register, its schema version, and
the count and head vires last wrote, so records cut from the end show even without a noted
head. Library code raises `RegisterError`, never prints.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import time
import unicodedata
from pathlib import Path

import attrs

from vires import __version__
from vires.errors import Diagnostic, Location, RegisterError
from vires.pack.condition_kinds import KINDS
from vires.pack.fingerprint import canonical_json, fingerprint, sha256_hex

APPLICATION = "vires-register"
SCHEMA_VERSION = 1
DEFAULT_PATH = "vires-register.sqlite"
BUSY_TIMEOUT = 60.0  # seconds a writer waits while others append
RECORD_KEYS = (
    "seq",
    "recorded_at",
    "ref",
    "question",
    "outcome",
    "override",
    "chain",
    "reasons",
    "rules",
    "vires",
    "prev_hash",
    "hash",
)
# Columns kept beside the hashed record so the file reads well in any SQLite tool; verify checks them.
COLUMNS = (
    "seq",
    "recorded_at",
    "body",
    "decision",
    "decision_date",
    "outcome",
    "override",
    "ref",
    "prev_hash",
    "hash",
    "record",
)
_SCHEMA = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE records (seq INTEGER PRIMARY KEY, recorded_at TEXT NOT NULL, body TEXT NOT NULL, "
    "decision TEXT NOT NULL, decision_date TEXT NOT NULL, outcome TEXT NOT NULL, override TEXT, "
    "ref TEXT NOT NULL, prev_hash TEXT, hash TEXT NOT NULL UNIQUE, record TEXT NOT NULL)",
    "CREATE INDEX records_body ON records (body, decision_date)",
)


class Refused(RegisterError):
    """A denied decision offered without an override: nothing is written (exit 1, like a denial)."""

    exit_code = 1

    def __init__(self, diagnostics: list[Diagnostic], answer: dict):
        super().__init__(diagnostics)
        self.diagnostics = list(diagnostics)  # the denial first, then its reasons in the answer's order
        self.answer = answer


# ---- what a record says -------------------------------------------------------------------------


def check_request(question, ref: str, override: str | None = None) -> tuple[str, str | None]:
    """The ref and override, trimmed; RegisterError for a question with proposals or a bad ref or override."""
    if question.include_proposed:
        raise RegisterError.one(
            "in-force-only",
            "decisions are recorded under the rules in force only, so proposals cannot be included",
            hint="ask the question with proposals included to see what a proposal would allow",
            remedy="ask-proposed",
        )
    ref = _text(
        ref,
        "bad-ref",
        "the reference",
        'say where the decision was taken, e.g. "Board 12 Mar 2026, item 7"',
        remedy="ref",
    )
    if override is not None:
        override = _text(
            override,
            "bad-override",
            "the override's reason",
            'give the reason, e.g. "urgency: chair\'s action"',
            remedy="override-reason",
        )
    return ref, override


def decide(rules, question, *, ref: str, override: str | None = None) -> dict:
    """Evaluate `question` under the rules in force and give the record to append (no seq, time or hashes).

    Raises RegisterError as `check_request` does, Refused (exit 1) for a denied decision and
    RegisterError `conditional` (exit 2) for a conditional one, unless an override gives the reason
    it was taken all the same: the register holds only decisions shown lawful to take, or marked as
    overridden. An override of a permitted decision is not recorded: there is nothing to override.
    """
    ref, override = check_request(question, ref, override)
    answer = rules.ask(question)
    if answer["outcome"] == "denied" and override is None:
        who, what = question.body, question.decision
        reasons = [Diagnostic(r["code"], r["message"]) for r in answer["reasons"]]
        head = Diagnostic(
            "denied",
            f"`{who}` may not decide `{what}` on {question.date}; nothing was recorded",
            hint="if it was decided all the same, record it as an override, giving the reason",
            remedy="override",
        )
        raise Refused([head] + reasons, answer)
    if answer["outcome"] == "conditional" and override is None:
        outstanding = "; ".join(_outstanding_words(e) for e in answer["chains"][0]["outstanding"])
        raise RegisterError.one(
            "conditional",
            f"`{question.body}` may decide `{question.decision}` on {question.date} only once this is done: "
            f"{outstanding}; nothing was recorded",
            hint="give the facts that show it was done; or, if it was decided all the same, record it as an "
            "override, giving the reason",
            remedy="override-conditional",
        )
    return {
        "ref": ref,
        "question": answer["question"],
        "outcome": answer["outcome"],
        "override": override if answer["outcome"] != "permitted" else None,
        "chain": answer["chains"][0] if answer["chains"] else None,
        "reasons": answer["reasons"],
        "rules": {
            "fingerprint": fingerprint(rules.pack),
            "packs": [{"id": p.id, "version": p.version} for p in sorted(rules.pack.packs, key=lambda p: p.id)],
            "engine": rules.engine,
        },
        "vires": __version__,
    }


def _outstanding_words(entry: dict) -> str:
    """An outstanding entry in a few words, naming its rule: `consult `council` (d-director)`."""
    condition, rule = entry["condition"], entry["rule"]
    if condition == "where":
        what = "the question does not say " + ", ".join(f"`{m}`" for m in entry["missing"])
    elif condition == "any":
        what = f"one of {len(entry['value'])} alternatives"
    elif condition == "first_of":
        route, count = entry.get("route"), len(entry["value"])
        what = f"route {route} of {count} ordered routes" if route else f"one of {count} ordered routes"
    else:
        what = KINDS[condition].noun(entry["value"], _ids)
    return f"{what} (`{rule}`)" + (f": {entry['note']}" if entry.get("note") else "")


def _ids(value) -> str:
    return ", ".join(f"`{v}`" for v in (value if isinstance(value, list) else [value]))


def _text(value: str, code: str, option: str, hint: str, remedy: str) -> str:
    value = value.strip()
    problem = None
    if not value:
        problem = f"{option} is empty"
    elif any(unicodedata.category(c) == "Cc" for c in value):
        problem = f"{option} holds control characters (newlines, tabs or escapes)"
    else:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            problem = f"{option} is not valid text in UTF-8"
    if problem:
        raise RegisterError.one(code, problem, hint=hint, remedy=remedy)
    return value


def record_hash(record: dict) -> str:
    """sha256 (hex) of the canonical JSON of the record without its own `hash`."""
    return sha256_hex({key: value for key, value in record.items() if key != "hash"})


def ordered(record: dict) -> dict:
    """The record's keys in reading order (stored records have sorted keys)."""
    return {key: record[key] for key in RECORD_KEYS if key in record} | {
        key: value for key, value in record.items() if key not in RECORD_KEYS
    }


def _row(record: dict) -> tuple:
    question = record["question"]
    return (
        record["seq"],
        record["recorded_at"],
        question["body"],
        question["decision"],
        question["date"],
        record["outcome"],
        record["override"],
        record["ref"],
        record["prev_hash"],
        record["hash"],
    )


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# ---- verification --------------------------------------------------------------------------


@attrs.frozen
class Verification:
    """What `verify` found: the count, the head, and the first problem (None when the chain is intact)."""

    count: int
    head: str | None
    problem: str | None = None
    bad: int | None = None  # the first bad record's number, where one can be named
    expected_at: int | None = None  # the record whose hash `--expect-head` gave

    @property
    def ok(self) -> bool:
        return self.problem is None

    def to_json(self) -> dict:
        return {
            "ok": self.ok,
            "count": self.count,
            "head": self.head,
            "bad": self.bad,
            "problem": self.problem,
            "expected_at": self.expected_at,
        }


def _check_chain(rows, meta: dict) -> Verification:
    """Walk the rows in order: numbering, each record against its hash and columns, each link to the one before."""
    previous, count = None, 0
    for row in rows:
        seq = row[0]
        if seq != count + 1:
            return Verification(count, previous, _gap(count + 1, seq), min(seq, count + 1))
        problem = _problem(seq, row, previous)
        if problem:
            return Verification(count, previous, problem, seq)
        previous, count = row[COLUMNS.index("hash")], seq
    return _against_meta(count, previous, meta)


def _gap(expected: int, seq: int) -> str:
    if seq < expected:
        return f"record #{seq} was inserted: no record may come before #1"
    gone = f"#{expected}" if seq == expected + 1 else f"#{expected} to #{seq - 1}"
    return f"record {gone} is missing: deleted from the register"


def _problem(seq: int, row: tuple, previous: str | None) -> str | None:
    """What is wrong with record #seq: its number, its hash, its columns, its link to the one before."""
    try:
        record = json.loads(row[-1])
        if record["seq"] != seq:
            return f"record #{seq} holds record #{record['seq']}: records were reordered or renumbered"
        if record_hash(record) != record["hash"]:
            return f"record #{seq} was edited: its content no longer matches its hash"
        hashed = _row(record)
    except (TypeError, ValueError, KeyError):
        return f"record #{seq} was edited: its stored record is not a vires record"
    for name, column, value in zip(COLUMNS, row, hashed, strict=False):
        if column != value:
            return f"record #{seq} was edited: its `{name}` column says `{column}` but its hashed record says `{value}`"
    if record["prev_hash"] == previous:
        return None
    if seq == 1:
        return "record #1 names a previous record: the records before it were deleted"
    return (
        f"record #{seq} does not follow #{seq - 1}: #{seq - 1} was replaced or edited after #{seq} was "
        "recorded, or records were inserted, deleted or reordered between them"
    )


def _against_meta(count: int, head: str | None, meta: dict) -> Verification:
    """The count and head vires last wrote catch records cut from the end (unless meta was forged too)."""
    written = meta.get("count", "")
    if not written.isdigit():
        return Verification(
            count, head, "the register's `meta` table was edited: it no longer says how many records vires wrote"
        )
    written = int(written)
    if written > count:
        return Verification(
            count,
            head,
            f"record #{count + 1} is missing: vires wrote {written} records, so "
            f"{written - count} were cut from the end",
            count + 1,
        )
    if written < count:
        return Verification(
            count,
            head,
            f"record #{written + 1} was inserted: vires wrote {written} records, the register holds {count}",
            written + 1,
        )
    if (meta.get("head") or None) != head:
        return Verification(count, head, f"record #{count} was replaced: it is not the last record vires wrote", count)
    return Verification(count, head)


def _expect(result: Verification, expect_head: str, hashes: list[str]) -> Verification:
    """The chain must still contain the head noted earlier (records after it are later decisions)."""
    wanted = expect_head.strip().lower()
    if len(wanted) < 8 or any(c not in "0123456789abcdef" for c in wanted):
        raise RegisterError.one(
            "bad-head",
            f"`{expect_head}` is not a head hash",
            hint="give the head that verifying the register printed (at least its first 8 characters)",
            remedy="head",
        )
    found = [seq for seq, value in enumerate(hashes, 1) if value.startswith(wanted)]
    if len(found) > 1:
        raise RegisterError.one(
            "bad-head",
            f"`{expect_head}` begins the hashes of records " + ", ".join(f"#{s}" for s in found),
            hint="give more of the head hash",
        )
    if not found:
        return attrs.evolve(
            result,
            problem=f"the expected head {wanted[:12]}… is not in the register: records were "
            "cut from the end, or the register was rewritten",
            bad=result.count + 1,
        )
    return attrs.evolve(result, expected_at=found[0])


# ---- storage -------------------------------------------------------------------------------


class Register:
    """One register file. Open it with `Register.open(path)`; use it as a context manager."""

    def __init__(self, path: str, db: sqlite3.Connection):
        self.path = path
        self._db = db

    @classmethod
    def open(cls, path: str | Path, *, create: bool = False) -> Register:
        """Open the register at `path` (creating it if `create`); RegisterError for anything not a register."""
        path = str(path)
        where = Path(path)
        with _storage_errors(path, "open"):
            if where.is_dir():
                raise _error(
                    path,
                    "not-a-register",
                    "this is a folder, not a register file",
                    "name the register file",
                    remedy="register",
                )
            if not create and not where.exists():
                raise _error(
                    path,
                    "no-register",
                    "no register here",
                    "record a decision first, or name another register file",
                    remedy="register-first",
                )
            if create and not where.parent.is_dir():
                raise _error(
                    path,
                    "no-register",
                    f"cannot create the register: no folder `{where.parent}`",
                    "create the folder first, or name another register file",
                    remedy="register-folder",
                )
            # Readers open read-write where they may, only so that the last to close tidies away the WAL
            # files; they never write. A read-only file is opened read-only.
            writable = os.access(where, os.W_OK) and os.access(where.parent, os.W_OK)
            mode = "rwc" if create else "rw" if writable else "ro"
            db = sqlite3.connect(
                f"{where.resolve().as_uri()}?mode={mode}", uri=True, timeout=BUSY_TIMEOUT, isolation_level=None
            )
        register = cls(path, db)
        try:
            with _storage_errors(path, "open"):
                if register._kind() == "empty":
                    if not create:
                        raise _error(
                            path,
                            "not-a-register",
                            "this file is empty, not a vires register",
                            "record a decision into it",
                            remedy="register-record",
                        )
                    register._initialise()
                db.execute("PRAGMA synchronous = FULL")
        except BaseException:
            db.close()
            raise
        return register

    def _kind(self) -> str:
        """`empty` (a new database) or `register`; RegisterError for any other database."""
        db, path = self._db, self.path
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return "empty"
        try:
            meta = dict(db.execute("SELECT key, value FROM meta")) if {"meta", "records"} <= tables else {}
        except sqlite3.Error:
            meta = {}
        if meta.get("application") != APPLICATION:
            raise _error(
                path,
                "not-a-register",
                "this SQLite database is not a vires register; nothing was changed",
                "name the register file",
                remedy="register",
            )
        try:
            version = int(meta.get("schema_version", ""))
        except ValueError:
            version = 0
        if version > SCHEMA_VERSION:
            raise _error(
                path,
                "register-too-new",
                f"this register has schema version {version}; this vires "
                f"(version {__version__}) reads version {SCHEMA_VERSION} and older",
                "upgrade vires to read and write it",
            )
        if version < 1:
            raise _error(
                path,
                "not-a-register",
                f"this register's schema version `{meta.get('schema_version')}` is not a version vires ever wrote",
                "restore the register from a backup",
            )
        return "register"

    def _initialise(self) -> None:
        """Create the tables in a new database; a writer that lost the race finds them made."""
        db = self._db
        self._use_wal()
        with self._transaction():
            if self._kind() == "empty":
                for statement in _SCHEMA:
                    db.execute(statement)
                db.executemany(
                    "INSERT INTO meta (key, value) VALUES (?, ?)",
                    [
                        ("application", APPLICATION),
                        ("schema_version", str(SCHEMA_VERSION)),
                        ("created_at", _now()),
                        ("created_by", f"vires {__version__}"),
                        ("count", "0"),
                        ("head", ""),
                    ],
                )

    def _use_wal(self) -> None:
        """Switch a new database to WAL, waiting out writers that race to create it.

        SQLite may refuse the switch as locked at once, without waiting for the busy timeout, while
        another process is creating the same register; so wait here, within the same timeout.
        """
        deadline = time.monotonic() + BUSY_TIMEOUT
        while True:
            try:
                if self._db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    self._db.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    @contextlib.contextmanager
    def _transaction(self, begin: str = "BEGIN IMMEDIATE"):
        db = self._db
        db.execute(begin)
        try:
            yield
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise

    def append(self, entry: dict) -> dict:
        """Append `entry` (from `decide`) as the next record, atomically; the record as written."""
        db = self._db
        with _storage_errors(self.path, "write to"), self._transaction():
            last = db.execute("SELECT seq, hash FROM records ORDER BY seq DESC LIMIT 1").fetchone()
            seq, head = (last[0], last[1]) if last else (0, None)
            meta = dict(db.execute("SELECT key, value FROM meta WHERE key IN ('count', 'head')"))
            if meta.get("count") != str(seq) or (meta.get("head") or None) != head:
                raise _error(
                    self.path,
                    "register-broken",
                    "the register's last record is not the one vires last wrote, so nothing was appended",
                    "verify the register to see what changed",
                    remedy="verify-changes",
                )
            record = {**entry, "seq": seq + 1, "recorded_at": _now(), "prev_hash": head}
            record["hash"] = record_hash(record)
            stored = canonical_json(record).decode("ascii")
            db.execute(
                f"INSERT INTO records ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                _row(record) + (stored,),
            )
            db.executemany(
                "UPDATE meta SET value = ? WHERE key = ?", [(str(seq + 1), "count"), (record["hash"], "head")]
            )
        return ordered(record)

    def records(self, body: str | None = None, since: dt.date | None = None) -> list[dict]:
        """The records in order, optionally only those of `body` and decided on or after `since`."""
        query = "SELECT record FROM records WHERE (? IS NULL OR body = ?) AND (? IS NULL OR decision_date >= ?)"
        day = since.isoformat() if since else None
        with _storage_errors(self.path, "read"):
            rows = self._db.execute(query + " ORDER BY seq", (body, body, day, day)).fetchall()
        try:
            return [ordered(json.loads(stored)) for (stored,) in rows]
        except (TypeError, ValueError):
            raise _error(
                self.path,
                "register-broken",
                "a stored record is not valid JSON",
                "verify the register to name it",
                remedy="verify-name",
            ) from None

    def verify(self, expect_head: str | None = None) -> Verification:
        """Check every record against its hash and the one before it, in one consistent read."""
        db = self._db
        with _storage_errors(self.path, "read"), self._transaction("BEGIN"):
            rows = db.execute(f"SELECT {', '.join(COLUMNS)} FROM records ORDER BY seq").fetchall()
            meta = dict(db.execute("SELECT key, value FROM meta"))
        result = _check_chain(rows, meta)
        if expect_head is not None and result.ok:
            result = _expect(result, expect_head, [row[COLUMNS.index("hash")] for row in rows])
        return result

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _error(path: str, code: str, message: str, hint: str | None = None, remedy: str | None = None) -> RegisterError:
    return RegisterError.one(code, message, Location(path), hint, remedy)


@contextlib.contextmanager
def _storage_errors(path: str, doing: str):
    """SQLite's and the operating system's errors as one RegisterError naming the file."""
    try:
        yield
    except sqlite3.Error as error:
        raise _sqlite_error(path, doing, error) from None
    except OSError as error:
        raise _error(
            path,
            "register-unreadable",
            f"cannot {doing} the register: {error.strerror or error}",
            "check the file's name and permissions",
        ) from None


def _sqlite_error(path: str, doing: str, error: sqlite3.Error) -> RegisterError:
    """SQLite's error, known by its name (or words of its message on Pythons before 3.11), as a RegisterError."""
    name, text = getattr(error, "sqlite_errorname", "") or "", str(error)

    def is_(prefix: str, words: str) -> bool:
        return name.startswith(prefix) or words in text

    if is_("SQLITE_FULL", "is full"):
        return _error(
            path,
            "register-full",
            f"cannot {doing} the register: the disk (or the database's size limit) is full; nothing was written",
            "free some space, then record the decision again",
        )
    if is_("SQLITE_NOTADB", "not a database"):
        return _error(
            path,
            "not-a-register",
            "this file is not an SQLite database, so not a vires register; nothing was changed",
            "name the register file",
            remedy="register",
        )
    if is_("SQLITE_CORRUPT", "malformed"):
        return _error(
            path,
            "register-damaged",
            "the register's SQLite file is damaged",
            "restore it from a backup, then verify it",
            remedy="verify-restored",
        )
    if is_("SQLITE_BUSY", "locked"):
        return _error(
            path,
            "register-busy",
            f"another writer held the register for more than {BUSY_TIMEOUT:.0f} s; nothing was written",
            "try again",
        )
    if is_("SQLITE_READONLY", "readonly"):
        return _error(
            path,
            "register-read-only",
            f"cannot {doing} the register: it is read-only",
            "check the permissions of the file and its folder",
        )
    if is_("SQLITE_CANTOPEN", "unable to open"):
        return _error(
            path,
            "register-unreadable",
            f"cannot {doing} the register: the file cannot be opened",
            "check the file's name and permissions",
        )
    return _error(path, "register-failed", f"cannot {doing} the register: {text}")
