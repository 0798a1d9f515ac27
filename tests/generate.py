"""Generate a large synthetic rule pack (one folder, many files) to time `vires check`; never committed.

    python tests/generate.py OUT_DIR [FILES]

Each file is one council: 6 bodies and 20 rules (3 powers, 12 delegations, 2 reservations, 1
prohibition, 2 requirements), shaped like a real scheme of delegation, plus the HWB power every
council's board inherits from `pack.yaml`. One council in 50 has three flaws, so the lint reports
real findings at scale: an expired delegation still in force, a proposed delegation an HWB may not
make, and a limit above the delegator's.
"""

from __future__ import annotations

import sys
from pathlib import Path

HEADER = "# yaml-language-server: $schema=../schemas/rulepack.schema.json\n"

PACK = (
    HEADER
    + """pack: {id: generated, title: Generated national-scale pack, status: in-force, version: "1"}
sources:
  - {id: act, title: Example Act, kind: statute, date: 2020-01-01}
  - {id: scheme, title: Example Scheme of Delegation, kind: scheme, date: 2025-04-01}
functions:
%(functions)s
powers:
  - id: p-hwb-core
    holder: {type: health-and-wellbeing-board}
    functions: [population-health]
    delegable: [{kind: sub-committee, part_of: $delegator}]
    source: {ref: act, section: "s.196"}
prohibitions:
  - id: x-single-member
    applies_to: {kind: member}
    functions: [licensing]
    reason: no decision may be taken by a single councillor
    source: {ref: act, section: "s.101"}
"""
)

FUNCTIONS = [
    "finance.budget",
    "finance.precept",
    "finance.treasury",
    "finance.virement",
    "services.contracts",
    "services.grants",
    "services.public-health",
    "services.housing",
    "licensing.premises",
    "licensing.taxi",
    "population-health.jsna",
    "population-health.jhws",
    "planning.applications",
    "planning.enforcement",
]

COUNCIL = (
    HEADER
    + """bodies:
  - {id: %(o)s-council, name: Council %(n)s, kind: statutory-body, type: executive-council, level: place}
  - {id: %(o)s-cabinet, name: Cabinet %(n)s, kind: committee, part_of: %(o)s-council, level: place}
  - {id: %(o)s-hwb, name: HWB %(n)s, kind: committee, type: health-and-wellbeing-board, part_of: %(o)s-council,
     level: place, accountable_to: [%(o)s-council]}
  - {id: %(o)s-hwb-sub, name: HWB sub-committee %(n)s, kind: sub-committee, part_of: %(o)s-hwb, level: neighbourhood}
  - {id: %(o)s-director, name: Director %(n)s, kind: officer, part_of: %(o)s-council, level: place}
  - {id: %(o)s-leader, name: Leader %(n)s, kind: member, part_of: %(o)s-council, level: place}
powers:
  - {id: %(o)s-p-finance, holder: %(o)s-council, functions: [finance], limit: 50000000,
     source: {ref: act, section: "s.1"}}
  - {id: %(o)s-p-services, holder: %(o)s-council, functions: [services, planning], source: {ref: act, section: "s.2"}}
  - {id: %(o)s-p-licensing, holder: %(o)s-council, functions: [licensing], source: {ref: act, section: "s.3"}}
delegations:
  - {id: %(o)s-d1, from: %(o)s-council, to: %(o)s-cabinet, functions: [finance], except: [finance.precept],
     limit: 10000000, delegable: true, source: {ref: scheme, section: "1"}}
  - {id: %(o)s-d2, from: %(o)s-cabinet, to: %(o)s-director, functions: [finance.budget], limit: 500000,
     conditions: [{consult: %(o)s-leader}], source: {ref: scheme, section: "2"}}
  - {id: %(o)s-d3, from: %(o)s-cabinet, to: %(o)s-director, functions: [finance.virement], limit: %(virement)s,
     source: {ref: scheme, section: "3"}}
  - {id: %(o)s-d4, from: %(o)s-council, to: %(o)s-cabinet, functions: [services], delegable: true,
     source: {ref: scheme, section: "4"}}
  - {id: %(o)s-d5, from: %(o)s-cabinet, to: %(o)s-director, functions: [services.contracts], limit: 250000,
     where: {area: area-%(n)s}, source: {ref: scheme, section: "5"}}
  - {id: %(o)s-d6, from: %(o)s-cabinet, to: %(o)s-leader, functions: [services.grants], limit: 50000,
     source: {ref: scheme, section: "6"}}
  - {id: %(o)s-d7, from: %(o)s-council, to: %(o)s-director, functions: [licensing], source: {ref: scheme, section: "7"}}
  - {id: %(o)s-d8, from: %(o)s-hwb, to: %(o)s-hwb-sub, functions: [population-health],
     source: {ref: scheme, section: "8"}}
  - {id: %(o)s-d9, from: %(o)s-council, to: %(o)s-cabinet, functions: [planning], delegable: true,
     valid: {from: 2020-04-01, until: %(until)s}, source: {ref: scheme, section: "9"}}
  - {id: %(o)s-d10, from: %(o)s-cabinet, to: %(o)s-director, functions: [planning.applications], limit: 100000,
     source: {ref: scheme, section: "10"}}
  - {id: %(o)s-d11, from: %(o)s-council, to: %(o)s-hwb, functions: [services.public-health], delegable: true,
     source: {ref: scheme, section: "11"}}
  - {id: %(o)s-d12, from: %(o)s-hwb, to: %(o)s-%(jsna)s, functions: [population-health.jsna], status: proposed,
     source: {ref: scheme, section: "12"}}
reservations:
  - {id: %(o)s-r1, body: %(o)s-council, functions: [finance.precept], source: {ref: act, section: "s.101(6)"}}
  - {id: %(o)s-r2, body: %(o)s-cabinet, functions: [services.housing], source: {ref: scheme, section: "0.1"}}
prohibitions:
  - {id: %(o)s-x1, applies_to: {body: %(o)s-leader}, functions: [planning], source: {ref: scheme, section: "0.2"}}
requirements:
  - id: %(o)s-q1
    applies_to: {within: %(o)s-council}
    where: {amount: {min: 500000}}
    conditions: [{any: [{notice_days: 28}, {approval_of: %(o)s-leader}]}]
    source: {ref: act, section: "reg 9"}
  - {id: %(o)s-q2, applies_to: {body: %(o)s-director}, functions: [services.contracts],
     conditions: [{report_to: %(o)s-cabinet}], source: {ref: scheme, section: "0.3"}}
"""
)

RULES_PER_FILE = 20


def write_packs(folder: Path, files: int = 1000) -> dict:
    """Write `pack.yaml` and `files - 1` council files under `folder`; return what was written."""
    folder.mkdir(parents=True, exist_ok=True)
    functions = "\n".join(f"  - {{id: {f}, name: {f.replace('.', ' ')}}}" for f in FUNCTIONS)
    (folder / "pack.yaml").write_text(PACK % {"functions": functions})
    for n in range(1, files):
        flawed = n % 50 == 0
        (folder / f"council-{n:04}.yaml").write_text(
            COUNCIL
            % {
                "o": f"c{n:04}",
                "n": n,
                "virement": 20_000_000 if flawed else 5_000_000,
                "until": "2024-03-31" if flawed else "2030-03-31",
                "jsna": "director" if flawed else "hwb-sub",
            }
        )
    councils = files - 1
    return {"files": files, "rules": 2 + RULES_PER_FILE * councils, "bodies": 6 * councils}


if __name__ == "__main__":
    written = write_packs(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1000)
    print(f"{written['files']} files, {written['rules']} rules, {written['bodies']} bodies")
