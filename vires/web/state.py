"""What the workbench serves: the rules loaded once at start, reloaded when a pack file changes, and drafts.

A reload that fails keeps the last good rules and keeps its errors, which every page shows. Uploaded
drafts are held in memory by the sha256 of their text (a bounded number, the oldest dropped first), so
that the page showing what a draft changes is a plain GET that can be bookmarked while the server runs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence

import attrs

from vires.api import Rules, open_rules
from vires.errors import Diagnostic, ViresError

LOG = logging.getLogger("vires.web")
DRAFTS_KEPT = 20  # drafts held in memory, at most 1 MB each
CACHED = 32  # pictures and schemes kept, each keyed by what it was drawn from


@attrs.frozen
class Draft:
    """An uploaded draft: its file name as the user gave it (made safe), its bytes, and the id its page has."""

    name: str
    data: bytes

    @property
    def id(self) -> str:
        return hashlib.sha256(self.name.encode("utf-8") + b"\0" + self.data).hexdigest()[:16]


class Workbench:
    """The rules being served and how to load them again; the register file; the case files; the drafts.

    `load` gives fresh `Rules` (it raises `ViresError` when the packs cannot be used); `paths` are the
    paths given at start (`@NAME`, files, folders), watched for changes when the server runs.
    """

    def __init__(
        self,
        load: Callable[[], Rules],
        paths: Sequence[str] = (),
        register: str = "vires-register.sqlite",
        cases: Sequence[str] = (),
        engine: str | None = None,
    ):
        self._load = load
        self.paths = tuple(paths)
        self.register = register
        self.cases = tuple(cases)
        self.engine = engine
        self.rules: Rules = load()  # a ViresError here is the caller's: nothing to serve
        self.loaded_at = dt.datetime.now()
        self.generation = 1  # counts successful loads; keys caches of what depends on the rules
        self.reload_errors: tuple[Diagnostic, ...] = ()
        self._seen = self._snapshot()
        self._drafts: OrderedDict[str, Draft] = OrderedDict()
        self._cache: OrderedDict[tuple, object] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def from_paths(cls, paths: Sequence[str], engine: str | None = None, **more) -> Workbench:
        """A workbench over the packs at `paths` (files, folders, `@NAME`)."""
        return cls(lambda: open_rules(list(paths), engine), paths, engine=engine, **more)

    # ---- reloading ---------------------------------------------------------------------------------

    def _files(self) -> list[str]:
        """Every file the rules were read from, and every rule file now under the folders given."""
        from vires.pack.load import rule_files

        files = set(self.rules.pack.files)
        for path in self.paths:
            if not path.startswith("@") and os.path.isdir(path):
                files.update(rule_files(path))
        return sorted(files)

    def _snapshot(self) -> dict[str, tuple[int, int] | None]:
        found: dict[str, tuple[int, int] | None] = {}
        for file in self._files():
            try:
                stat = os.stat(file)
                found[file] = (stat.st_mtime_ns, stat.st_size)
            except OSError:
                found[file] = None
        return found

    def reload_if_changed(self) -> bool:
        """Load the rules again when a file changed; True when the rules served changed.

        A load that fails keeps the rules served and records its errors in `reload_errors`.
        """
        seen = self._snapshot()
        if seen == self._seen:
            return False
        self._seen = seen
        try:
            rules = self._load()
        except ViresError as error:
            self.reload_errors = tuple(error.diagnostics)
            LOG.warning("the rules changed but cannot be loaded; still serving the last good rules")
            return False
        self.rules, self.loaded_at, self.reload_errors = rules, dt.datetime.now(), ()
        self.generation += 1
        self._seen = self._snapshot()  # the files of the new rules, which may be others
        LOG.info("the rules changed and were loaded again")
        return True

    def watch(self, stop: threading.Event, every: float = 1.0) -> None:
        """Look for changed pack files every `every` seconds until `stop` is set (run in a thread of its own)."""
        while not stop.wait(every):
            try:
                self.reload_if_changed()
            except Exception:  # noqa: BLE001 - the watcher must outlive any one failed look
                LOG.exception("looking for changed rule files failed")

    # ---- drafts ------------------------------------------------------------------------------------

    def keep_draft(self, draft: Draft) -> str:
        """Hold `draft` (dropping the oldest beyond `DRAFTS_KEPT`); its id."""
        with self._lock:
            self._drafts[draft.id] = draft
            self._drafts.move_to_end(draft.id)
            while len(self._drafts) > DRAFTS_KEPT:
                self._drafts.popitem(last=False)
        return draft.id

    def draft(self, draft_id: str) -> Draft | None:
        with self._lock:
            return self._drafts.get(draft_id)

    # ---- what is slow to draw ----------------------------------------------------------------------

    def cached(self, key: tuple, make: Callable[[], object]) -> object:
        """`make()`, kept under `key` (which must say everything it depends on) among the last `CACHED`.

        For what Graphviz draws and schemes: deterministic, so the same key gives the same bytes.
        """
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        made = make()
        with self._lock:
            self._cache[key] = made
            while len(self._cache) > CACHED:
                self._cache.popitem(last=False)
        return made
