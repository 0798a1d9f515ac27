"""Which packages the wheel holds; everything else about the build is in setup.cfg.

The library's packages are found under `vires/`. Three top-level folders are installed under
other names (setup.cfg `package_dir`), so they are listed here by name: `cli` as `vires.cli`,
`schemas` as `vires.schemas`, and `rules` as `vires.rules` with each shipped pack's folder.
"""

from setuptools import find_namespace_packages, find_packages, setup

MAPPED = ["vires.cli", "vires.schemas", "vires.rules"]
PACKS = ["vires.rules." + folder for folder in find_namespace_packages(where="rules")]

setup(packages=find_packages(include=["vires", "vires.*"]) + MAPPED + PACKS)
