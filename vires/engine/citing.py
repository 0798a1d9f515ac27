"""Answers cite rules as written: a link of a delegation to several recipients by the delegation's own id.

The engines and the answer step know each link by its own id (`rule_id→to`, `vires.pack.model.LINK`), so a
delegation to several recipients is several delegations to them; the answer a person or a case reads names the
delegation's id, and tells its links apart by their `to` (which every delegation link of an answer gives).
"""

from __future__ import annotations

from typing import Any

from vires.pack.model import LINK, Pack


def cite_as_written(found: Any, pack: Pack) -> Any:
    """`found` (an answer's JSON-ready data) with every link id that stands alone as a value (a link's or
    reason's `rule`, a chain's rule ids) replaced by its delegation's id, and `to` added beside a `rule`
    naming one link of several (outstanding and met entries, obligations, reasons); messages keep the link id."""
    if isinstance(found, dict):
        cited = {key: cite_as_written(value, pack) for key, value in found.items()}
        link = pack.delegations.get(found.get("rule") or "")
        if link is not None and link.of is not None and "to" not in found:
            cited["to"] = link.to  # which link of the delegation an entry or reason is about
        return cited
    if isinstance(found, list):
        return [cite_as_written(value, pack) for value in found]
    if isinstance(found, str) and LINK in found:
        link = pack.delegations.get(found)
        return link.rule_id if link is not None else found
    return found
