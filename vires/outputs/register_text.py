"""The decision register in words: what `record` says, the listing, `verify`'s verdict, and exports."""

from __future__ import annotations

import csv
import io
import json

from vires.outputs.answer_text import met_line, need_line
from vires.outputs.wording import long_date
from vires.pack.model import Pack
from vires.values import format_amount


def sentence(record: dict, amount: bool = False) -> str:
    """`hackney-hwbb may decide population-health.jsna (conditional)`; with `amount`, the amount before the outcome."""
    question = record["question"]
    what = question["decision"]
    if amount and question["amount"] is not None:
        what += f", {format_amount(question['amount'])}"
    verdict = record["outcome"] + ("; recorded by override" if record["override"] else "")
    if record["outcome"] == "denied":
        return f"{question['body']} may not decide {what} ({verdict})"
    return f"{question['body']} may decide {what} ({verdict})"


def detail(record: dict) -> str:
    """`£2,400,000 on 1 June 2026, by p-x > d-y`."""
    question = record["question"]
    text = f"{format_amount(question['amount'])} on " if question["amount"] is not None else "on "
    text += long_date(question["date"])
    if record["chain"]:
        text += ", by " + rule_ids(record)
    return text


def rule_ids(record: dict) -> str:
    return " > ".join(link["rule"] for link in record["chain"]["links"]) if record["chain"] else ""


def outstanding(record: dict) -> list[dict]:
    return record["chain"]["outstanding"] if record["chain"] else []


def needs(record: dict) -> list[str]:
    """The outstanding conditions in words, without their rules (the record keeps those)."""
    return [need_line(Pack(), entry).removeprefix("  - ").rpartition(" [")[0] for entry in outstanding(record)]


def short(digest: str | None) -> str:
    return f"{digest[:12]}…" if digest else "none"


def record_text(record: dict, pack=None) -> str:
    """What `vires record` says: one line a board secretary can paste, then the particulars.

    `pack`, the rules loaded, names the bodies in conditions; without it they are shown by id.
    """
    lines = [f"recorded #{record['seq']}: {sentence(record)} — {record['ref']}", f"  {detail(record)}"]
    if record["override"]:
        lines.append(f"  override: {record['override']}")
    if record["outcome"] == "denied" and record["reasons"]:
        lines += ["  why not:"] + [f"    - {r['code']}: {r['message']}" for r in record["reasons"]]
    pack = pack or Pack()
    if record["chain"] and record["chain"].get("met"):
        lines += ["  conditions met:"] + [f"  {met_line(pack, entry)}" for entry in record["chain"]["met"]]
    if outstanding(record):
        lines += ["  outstanding when recorded:"] + [f"  {need_line(pack, entry)}" for entry in outstanding(record)]
    if record["chain"] and record["chain"]["obligations"]:
        lines += ["  obligations:"] + [f"  {need_line(pack, entry)}" for entry in record["chain"]["obligations"]]
    lines.append(f"  hash {short(record['hash'])}; rules {short(record['rules']['fingerprint'])}")
    return "\n".join(lines)


def list_line(record: dict) -> str:
    return f"#{record['seq']}  {record['question']['date']}  {sentence(record, amount=True)} — {record['ref']}"


def verify_text(result) -> str:
    records = f"{result.count} record{'' if result.count == 1 else 's'}"
    if not result.ok:
        return f"verify: {records}, chain broken: {result.problem}"
    text = f"verify: {records}, chain intact; head {result.head or 'none yet'}"
    if result.expected_at is not None:
        later = result.count - result.expected_at
        text += f"; the expected head is record #{result.expected_at}"
        text += f", with {later} recorded since" if later else ", the last"
    return text


CSV_COLUMNS = (
    "seq",
    "recorded_at",
    "decision_date",
    "body",
    "decision",
    "amount",
    "facts",
    "outcome",
    "override",
    "outstanding",
    "chain",
    "limit",
    "accountable",
    "ref",
    "rules_fingerprint",
    "prev_hash",
    "hash",
)


def csv_row(record: dict) -> dict:
    question, chain = record["question"], record["chain"]
    return {
        "seq": record["seq"],
        "recorded_at": record["recorded_at"],
        "decision_date": question["date"],
        "body": question["body"],
        "decision": question["decision"],
        "amount": question["amount"],
        "facts": json.dumps(question["facts"], ensure_ascii=False, sort_keys=True) if question["facts"] else "",
        "outcome": record["outcome"],
        "override": record["override"],
        "outstanding": "; ".join(needs(record)),
        "chain": rule_ids(record),
        "limit": chain["limit"] if chain else None,
        "accountable": chain["accountable"] if chain else None,
        "ref": record["ref"],
        "rules_fingerprint": record["rules"]["fingerprint"],
        "prev_hash": record["prev_hash"],
        "hash": record["hash"],
    }


def _cell(value):
    """Text a spreadsheet would run as a formula (=, +, -, @ first) is kept as text with a leading quote."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(records: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for found in records:
        writer.writerow({key: _cell(value) for key, value in csv_row(found).items()})
    return out.getvalue()


def to_markdown(records: list[dict], result, path: str) -> str:
    def cell(text) -> str:
        return str(text).replace("\\", "\\\\").replace("|", "\\|")

    status = "chain intact" if result.ok else f"chain broken: {result.problem}"
    lines = [
        "# Decision register",
        "",
        f"`{cell(path)}`: {result.count} record{'' if result.count == 1 else 's'}, {status}; "
        f"head `{result.head or 'none yet'}`.",
        "",
        "| # | Decided | Body | Decision | Amount | Outcome | Authority | Reference |",
        "|---:|---|---|---|---:|---|---|---|",
    ]
    for found in records:
        question = found["question"]
        outcome = found["outcome"]
        notes = [f"recorded by override: {found['override']}"] if found["override"] else []
        if outstanding(found):
            notes.append("outstanding: " + "; ".join(needs(found)))
        if notes:
            outcome += f" ({'; '.join(notes)})"
        amount = format_amount(question["amount"]) if question["amount"] is not None else ""
        row = [
            found["seq"],
            long_date(question["date"]),
            question["body"],
            question["decision"],
            amount,
            outcome,
            rule_ids(found),
            found["ref"],
        ]
        lines.append("| " + " | ".join(cell(value) for value in row) + " |")
    return "\n".join(lines) + "\n"


def export_text(output_format: str, records: list[dict], result, path: str) -> str:
    """The records as `json`, `md` or `csv`, with the register's count and head where the format holds them."""
    if output_format == "json":
        return (
            json.dumps(
                {"register": path, "count": result.count, "head": result.head, "intact": result.ok, "records": records},
                indent=2,
                ensure_ascii=False,
            )
            + "\n"
        )
    if output_format == "md":
        return to_markdown(records, result, path)
    return to_csv(records)
