"""A small Language Server Protocol client for yaml-language-server, the server of Visual Studio Code's YAML
extension: it opens a document and returns the diagnostics the server publishes for it.

The server is found as `VIRES_YAML_LANGUAGE_SERVER`, on the PATH, or where `make yaml-language-server`
installs it (build/node); `find()` gives None when it is in none of them.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path

LOCAL = Path(__file__).parents[1] / "build" / "node" / "node_modules" / ".bin" / "yaml-language-server"


def find() -> str | None:
    """The yaml-language-server executable, or None."""
    named = os.environ.get("VIRES_YAML_LANGUAGE_SERVER")
    if named:
        return named
    return shutil.which("yaml-language-server") or (str(LOCAL) if LOCAL.exists() else None)


class Server:
    """One running server for a workspace folder, with the `yaml` settings an editor would give it."""

    def __init__(self, executable: str, root: Path, yaml_settings: dict):
        self.settings = yaml_settings
        self.process = subprocess.Popen(
            [executable, "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.messages: queue.Queue = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        folder = {"uri": root.as_uri(), "name": root.name}
        capabilities = {"workspace": {"configuration": True}}
        self._request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": root.as_uri(),
                "capabilities": capabilities,
                "workspaceFolders": [folder],
            },
        )
        self._notify("initialized", {})
        self._notify("workspace/didChangeConfiguration", {"settings": None})

    def diagnostics(self, path: Path, text: str, wait: float = 4.0) -> list[str]:
        """Open `text` as the document at `path`; the messages of the last diagnostics published for it."""
        uri = path.as_uri()
        self._notify(
            "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}
        )
        found = None
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            message = self._next(deadline)
            if message and message.get("method") == "textDocument/publishDiagnostics":
                if message["params"]["uri"] == uri:
                    found = [d["message"] for d in message["params"]["diagnostics"]]
                    deadline = min(deadline, time.monotonic() + 1.0)  # a later publication replaces this one
        assert found is not None, f"the server published no diagnostics for {path}"
        return found

    def close(self) -> None:
        self.process.kill()
        self.process.wait()

    # ---- the protocol --------------------------------------------------------------------------

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            headers = {}
            while (line := stream.readline().decode("ascii").strip()) != "":
                name, _, value = line.partition(":")
                headers[name.lower()] = value.strip()
            if not headers:
                return
            self.messages.put(json.loads(stream.read(int(headers["content-length"]))))

    def _send(self, message: dict) -> None:
        data = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.process.stdin.flush()

    def _notify(self, method: str, params) -> None:
        self._send({"method": method, "params": params})

    def _request(self, method: str, params) -> dict:
        self.next_id += 1
        self._send({"id": self.next_id, "method": method, "params": params})
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            message = self._next(deadline)
            if message and message.get("id") == self.next_id and "method" not in message:
                return message
        raise TimeoutError(method)

    def _next(self, deadline: float) -> dict | None:
        """The next message from the server, answering its own requests (its settings, as an editor would)."""
        try:
            message = self.messages.get(timeout=max(0.0, min(0.2, deadline - time.monotonic())))
        except queue.Empty:
            return None
        if "method" in message and "id" in message:
            result = None
            if message["method"] == "workspace/configuration":
                result = [self.settings if item.get("section") == "yaml" else {} for item in message["params"]["items"]]
            self._send({"id": message["id"], "result": result})
            return None
        return message
