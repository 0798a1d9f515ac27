"""`vires test`: run decision-case files and say which cases pass."""

from __future__ import annotations

import sys

import click

from vires.cli.options import date_option, engine_option, fact_remedy, handles_errors


def _location(result) -> str:
    location = getattr(result.case, "location", None)
    return str(location) if location is not None else result.file


def write_junit(path: str, results) -> None:
    """JUnit XML, one testcase per decision case, for CI systems that read it."""
    import xml.etree.ElementTree as ET

    failures = sum(r.status == "failed" for r in results)
    pending = sum(r.pending for r in results)
    suite = ET.Element(
        "testsuite",
        name="vires decision cases",
        tests=str(len(results)),
        failures=str(failures),
        errors="0",
        skipped=str(pending),
    )
    for result in results:
        case = ET.SubElement(suite, "testcase", classname=result.file, name=result.case.name)
        if result.pending:
            ET.SubElement(case, "skipped", message=f"pending: {result.case.pending}")
        elif not result.passed:
            failure = ET.SubElement(case, "failure", message="; ".join(result.problems) or result.error or "")
            failure.text = "\n".join(result.problems) or result.error
    ET.ElementTree(suite).write(path, encoding="utf-8", xml_declaration=True)


@click.command()
@click.argument("cases", nargs=-1, required=True, metavar="CASES...")
@date_option("Ask every case on this date instead of its own: do the cases still hold then?")
@click.option(
    "--junit",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Also write the results as JUnit XML to this file.",
)
@click.option(
    "--draft",
    "drafts",
    multiple=True,
    type=click.Path(exists=True),
    help="Lay this draft over each case file's rules and show each case before -> after (repeatable).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Fail (exit 1) on pending cases too, as on failed ones.",
)
@engine_option
@handles_errors
def test(cases, date, junit, drafts, strict, engine):
    """Run decision cases (files or folders of case YAML) against the rules each file names.

    Prints one line a case and closes with `N passed, N failed`. A failing case shows what was
    expected, what vires answered, and the answer's explanation. Exit 1 when any case fails.

    A case marked `pending: "why"` is one the rules cannot yet answer as expected: it is shown as
    PENDING with its reason and counted apart, and the line says when it has come to answer as
    expected (then remove `pending`). With --strict, pending cases fail the run.

    With --draft, the cases run on the rules with the draft laid over them; each line also shows
    the outcome before -> after, and `CHANGED` marks the cases whose outcome the draft changes.
    """
    from vires.outputs.answer_text import answer_text
    from vires.review.case_files import load_cases
    from vires.review.run_cases import run_cases

    case_files = load_cases(cases)
    before_outcomes = {}
    rules_for = None
    if drafts:
        from vires.review.diff import open_draft

        opened = {}

        def opened_for(case_file):
            key = tuple(case_file.rules)
            if key not in opened:
                opened[key] = open_draft(list(key), list(drafts), engine)
            return opened[key]

        for result in run_cases(case_files, date=date, rules_for=lambda f: opened_for(f)[0]):
            before_outcomes[id(result.case)] = result.answer["outcome"] if result.answer else "error"
        rules_for = lambda f: opened_for(f)[1]  # noqa: E731
    results = []
    changed = 0
    for result in run_cases(case_files, engine=engine, date=date, rules_for=rules_for):
        results.append(result)
        mark = {"passed": "PASS", "failed": "FAIL", "pending": "PENDING"}[result.status]
        line = f"{mark}  {_location(result)}  {result.case.name}"
        if drafts:
            before = before_outcomes[id(result.case)]
            after = result.answer["outcome"] if result.answer else "error"
            line += f"  [{before} -> {after}]"
            if before != after:
                line += "  CHANGED"
                changed += 1
        click.echo(line)
        if result.pending:
            click.echo(f"      pending: {result.case.pending}")
            if result.passed:
                click.echo("      it now answers as expected: remove `pending` from the case")
            for problem in (result.error,) if result.error else result.problems:
                click.echo(f"      {problem}")
            continue
        if result.passed:
            continue
        if result.error:
            click.echo(f"      {result.error}")
            continue
        for problem in result.problems:
            click.echo(f"      {problem}")
        if result.answer is not None and result.pack is not None:
            for line in answer_text(result.pack, result.answer, fact_remedy).splitlines():
                click.echo(f"      | {line}" if line else "      |")
    passed = sum(r.status == "passed" for r in results)
    failed = sum(r.status == "failed" for r in results)
    pending = sum(r.pending for r in results)
    if junit:
        write_junit(junit, results)
    if drafts:
        click.echo(f"the draft changes the outcome of {changed} of {len(results)} cases")
    click.echo(f"{passed} passed, {failed} failed" + (f", {pending} pending" if pending else ""))
    sys.exit(1 if failed or (strict and pending) or not results else 0)
