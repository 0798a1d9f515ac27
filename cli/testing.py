"""`vires test`: run decision-case files and say which cases pass."""

from __future__ import annotations

import sys

import click

from vires.cli.options import date_option, engine_option, handles_errors


def _location(result) -> str:
    location = getattr(result.case, "location", None)
    return str(location) if location is not None else result.file


def write_junit(path: str, results) -> None:
    """JUnit XML, one testcase per decision case, for CI systems that read it."""
    import xml.etree.ElementTree as ET

    failures = sum(not r.passed for r in results)
    suite = ET.Element("testsuite", name="vires decision cases", tests=str(len(results)),
                       failures=str(failures), errors="0")
    for result in results:
        case = ET.SubElement(suite, "testcase", classname=result.file, name=result.case.name)
        if not result.passed:
            failure = ET.SubElement(case, "failure", message="; ".join(result.problems) or result.error or "")
            failure.text = "\n".join(result.problems) or result.error
    ET.ElementTree(suite).write(path, encoding="utf-8", xml_declaration=True)


@click.command()
@click.argument("cases", nargs=-1, required=True, metavar="CASES...")
@date_option("Date for any case that gives none (every shipped case gives its own).")
@click.option("--junit", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Also write the results as JUnit XML to this file.")
@engine_option
@handles_errors
def test(cases, date, junit, engine):
    """Run decision cases (files or folders of case YAML) against the rules each file names.

    Prints one line a case and closes with `N passed, N failed`. A failing case shows what was
    expected, what vires answered, and the answer's explanation. Exit 1 when any case fails.
    """
    from vires.cases import load_cases
    from vires.cli.render import answer_text
    from vires.testing import run_cases

    case_files = load_cases(cases)
    results = []
    for result in run_cases(case_files, engine=engine, default_date=date):
        results.append(result)
        mark = "PASS" if result.passed else "FAIL"
        click.echo(f"{mark}  {_location(result)}  {result.case.name}")
        if result.passed:
            continue
        if result.error:
            click.echo(f"      {result.error}")
            continue
        for problem in result.problems:
            click.echo(f"      {problem}")
        if result.answer is not None:
            for line in answer_text(result.pack, result.answer).splitlines():
                click.echo(f"      | {line}" if line else "      |")
    passed = sum(r.passed for r in results)
    failed = len(results) - passed
    if junit:
        write_junit(junit, results)
    click.echo(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed or not results else 0)

