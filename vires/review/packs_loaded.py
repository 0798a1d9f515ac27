"""The packs of one load as the lint sees them: which pack a file belongs to, what each builds on, which ship.

A lint finding about how packs fit together names whose it is: the user's pack that builds on
`@england`, not `@england` itself. Files outside every pack (a scheme file given beside `@england`)
belong to no pack, and build on everything loaded.
"""

from __future__ import annotations

import os

from vires.pack.load import resolve_spec, shipped_packs
from vires.pack.model import Pack, PackInfo


class PacksLoaded:
    """The packs of `pack`, by id, with the files, requirements and shipped packs among them."""

    def __init__(self, pack: Pack):
        self.infos: dict[str, PackInfo] = {info.id: info for info in pack.packs}
        self._roots = sorted(((os.path.realpath(info.root), info.id) for info in pack.packs), key=lambda r: -len(r[0]))
        self._of: dict[str, str | None] = {}
        shipped = {os.path.realpath(folder) for folder in shipped_packs().values()}
        self.shipped = {info.id for info in pack.packs if os.path.realpath(info.root) in shipped}
        direct = {info.id: self._required(info) for info in pack.packs}
        self._requires: dict[str, set[str]] = {}
        for pack_id in direct:
            found: set[str] = set()
            todo = list(direct[pack_id])
            while todo:
                required = todo.pop()
                if required not in found and required != pack_id:
                    found.add(required)
                    todo.extend(direct.get(required, ()))
            self._requires[pack_id] = found

    def of(self, file: str) -> str | None:
        """The id of the loaded pack a file belongs to (the deepest pack folder that holds it), or None."""
        if file not in self._of:
            real = os.path.realpath(file)
            self._of[file] = next(
                (pack for root, pack in self._roots if real == root or real.startswith(root + os.sep)), None
            )
        return self._of[file]

    def builds_on(self, pack_id: str | None, other: str | None) -> bool:
        """Does `pack_id` require `other`, directly or through the packs it requires? A file outside every
        pack (None) builds on every pack loaded."""
        if other is None or pack_id == other:
            return False
        return pack_id is None or other in self._requires.get(pack_id, set())

    def named(self, pack_id: str | None) -> str:
        """How a message names a pack: `@england` for a shipped one, `riverside` for one's own."""
        if pack_id is None:
            return "no pack"
        return f"@{pack_id}" if pack_id in self.shipped else f"`{pack_id}`"

    def _required(self, info: PackInfo) -> set[str]:
        """The ids of the loaded packs `info` names in `requires`."""
        folder = info.root if os.path.isdir(info.root) else os.path.dirname(info.root)
        found = set()
        for spec in info.requires:
            path, _ = resolve_spec(spec, folder, info.location)
            if path is not None:
                pack = self.of(path)
                if pack is not None:
                    found.add(pack)
        return found
