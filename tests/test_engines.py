"""Choosing an engine: --engine, VIRES_ENGINE, and the fallback where durable_rules cannot be imported."""

from __future__ import annotations

import pytest
from test_cli_errors import run

from vires.engine import choose as engines
from vires.errors import QuestionError, ViresWarning


def test_native_is_used_with_a_notice_where_durable_rules_cannot_be_imported(monkeypatch, capsys):
    """Asking for durable where it does not import gives the native engine and a notice, which the library
    gives as a warning (it never prints) and the command line shows as one line on stderr."""
    monkeypatch.setattr(engines, "durable_available", lambda: False)
    with pytest.warns(ViresWarning, match="durable_rules cannot be imported here; using the native engine"):
        assert engines.get_engine("durable").name == "native"
    assert capsys.readouterr().err == ""
    result = run(
        "ask",
        "@london",
        "--body",
        "devolution-programme-board",
        "--decision",
        "finance.hold-budget",
        "--date",
        "2016-06-01",
        "--engine",
        "durable",
    )
    assert result.stderr.splitlines() == ["vires: durable_rules cannot be imported here; using the native engine"]


def test_vires_engine_chooses_when_no_option_is_given(monkeypatch):
    """VIRES_ENGINE names the engine when the command line does not."""
    monkeypatch.setenv("VIRES_ENGINE", "native")
    assert engines.get_engine(None).name == "native"


def test_an_unknown_engine_is_refused_with_the_choices():
    """An engine name that does not exist is an error naming the two engines."""
    with pytest.raises(QuestionError) as raised:
        engines.get_engine("drools")
    assert "`durable` or `native`" in raised.value.diagnostics[0].hint
