"""An installed wheel, with no source tree, runs vires on the shipped packs with the packaged schemas."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_wheel_carries_packs_and_schemas_and_runs_outside_the_source_tree(tmp_path):
    """`pip wheel .` installed into a folder of its own answers `--help`, `check @NAME` and `ask @NAME`."""
    wheels, target, elsewhere = tmp_path / "wheels", tmp_path / "site", tmp_path / "elsewhere"
    elsewhere.mkdir()
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("vires-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    tops = {name.split("/")[0] for name in names}
    assert not tops & {"cli", "schemas", "rules", "bench", "tests"}, tops  # never top-level import names
    assert {"vires/engine/answer.py", "vires/cli/main.py", "vires/rules/england/pack.yaml"} <= names
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(target)}

    def vires(*args):
        return subprocess.run(
            [sys.executable, "-c", "from vires.cli.main import main; main()", *args],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
        )

    where = subprocess.run(
        [sys.executable, "-c", "import vires; print(vires.__file__)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    ).stdout
    assert where.startswith(str(target))
    assert vires("--help").returncode == 0
    checked = vires("check", "@city-and-hackney")
    assert checked.returncode == 0 and "0 errors" in checked.stdout
    asked = vires(
        "ask",
        "@london",
        "--body",
        "devolution-programme-board",
        "--decision",
        "finance.hold-budget",
        "--date",
        "2016-06-01",
    )
    assert asked.returncode == 1 and asked.stdout.startswith("Denied:")
