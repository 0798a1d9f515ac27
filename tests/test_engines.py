"""Choosing an engine: --engine, VIRES_ENGINE, and the fallback where durable_rules cannot be imported."""

from __future__ import annotations

import pytest

from vires.engine import choose as engines
from vires.errors import QuestionError


def test_native_is_used_with_a_notice_where_durable_rules_cannot_be_imported(monkeypatch, capsys):
    """Asking for durable where it does not import gives the native engine and one line on stderr."""
    monkeypatch.setattr(engines, "durable_available", lambda: False)
    engine = engines.get_engine("durable")
    assert engine.name == "native"
    notice = capsys.readouterr().err.splitlines()
    assert notice == ["vires: durable_rules cannot be imported here; using the native engine"]


def test_vires_engine_chooses_when_no_option_is_given(monkeypatch):
    """VIRES_ENGINE names the engine when the command line does not."""
    monkeypatch.setenv("VIRES_ENGINE", "native")
    assert engines.get_engine(None).name == "native"


def test_an_unknown_engine_is_refused_with_the_choices():
    """An engine name that does not exist is an error naming the two engines."""
    with pytest.raises(QuestionError) as raised:
        engines.get_engine("drools")
    assert "`durable` or `native`" in raised.value.diagnostics[0].hint
