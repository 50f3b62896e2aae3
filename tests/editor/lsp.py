"""A headless client of the real yaml-language-server (the server behind VS Code's YAML extension), over stdio."""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

SERVER = Path(__file__).resolve().parent / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"


def available() -> str | None:
    """None when the server can run, else why not (for a skip message)."""
    if shutil.which("node") is None:
        return "node saknas (installera nodejs)"
    if not SERVER.is_file():
        return "yaml-language-server saknas: kör `npm ci --prefix tests/editor` (görs av `make test`)"
    return None


class LanguageServer:
    def __init__(self, workspace: Path, settings: dict[str, Any]) -> None:
        self.workspace = workspace
        self.process = subprocess.Popen(
            ["node", str(SERVER), "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        self.settings = settings
        self._next = 0
        self.versions: dict[str, int] = {}
        threading.Thread(target=self._read, daemon=True).start()
        self.request("initialize", {
            "processId": None,
            "rootUri": workspace.as_uri(),
            "workspaceFolders": [{"uri": workspace.as_uri(), "name": workspace.name}],
            "capabilities": {"workspace": {"configuration": True}, "textDocument": {"publishDiagnostics": {}}},
        })
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": settings})

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value.strip())
            message = json.loads(stream.read(length).decode("utf-8"))
            if message.get("method") == "textDocument/publishDiagnostics":
                self.diagnostics[message["params"]["uri"]] = message["params"]["diagnostics"]
            elif message.get("method") == "workspace/configuration" and "id" in message:
                items = message["params"].get("items", [])
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": [self.settings.get(i.get("section", ""), None) for i in items]})
            elif "id" in message and "method" in message:  # any other request from the server: acknowledge
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            else:
                self.messages.put(message)

    def _send(self, payload: dict[str, Any]) -> None:
        body = json.dumps(payload).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params: dict[str, Any], timeout: float = 30) -> Any:
        self._next += 1
        ident = self._next
        self._send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                message = self.messages.get(timeout=0.5)
            except queue.Empty:
                continue
            if message.get("id") == ident:
                return message.get("result")
        raise TimeoutError(method)

    def diagnose(self, path: Path, timeout: float = 30) -> list[dict[str, Any]]:
        """Open `path` as the editor would (or send its new text when already open) and wait for the diagnostics."""
        uri = path.as_uri()
        text = path.read_text(encoding="utf-8")
        self.diagnostics.pop(uri, None)
        if uri in self.versions:
            self.versions[uri] += 1
            self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": self.versions[uri]}, "contentChanges": [{"text": text}]})
        else:
            self.versions[uri] = 1
            self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}})
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if uri in self.diagnostics:
                return self.diagnostics[uri]
            time.sleep(0.05)
        raise TimeoutError(f"inga diagnoser för {path}")

    def close(self) -> None:
        try:
            self.request("shutdown", {}, timeout=5)
            self.notify("exit", {})
            self.process.wait(timeout=5)
        except (TimeoutError, subprocess.TimeoutExpired, BrokenPipeError):
            self.process.kill()
