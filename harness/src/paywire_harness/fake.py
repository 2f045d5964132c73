"""A fake processor on 127.0.0.1: the base every connector's fake builds on.

A connector is checked against its processor, so its fake is written from the processor's API
reference or official SDK, never from the connector's output. What every fake needs besides is
here: a loopback server that stops by itself, the requests it received, replies served first in
a scenario, and the harness's fake-server contract (``paywire-harness record --fake``)::

    class FakeAcme(FakeProcessor):
        scenario_replies = {"rate_limited": [Reply(429, {"error": "slow down"})]}

        def respond(self, received: Received) -> Reply:
            if received.headers.get("authorization") != "Bearer real_test_key":
                return Reply(401, {"error": "bad key"})
            return Reply(201, {"id": "cus_" + received.digest()[:12]})

    with FakeAcme() as fake:
        client = paywire.Client("acme", credentials=..., base_url=fake.url)

The contract: ``POST /__paywire_harness__/scenario`` with ``{"scenario", "call"}`` announces the
next call of a scenario; on a scenario's first call the fake queues ``scenario_replies[name]``,
served (one per request) before ``respond`` is asked; ``finish`` sees every reply on its way out.
Requests are handled one at a time, so ``respond`` may keep state without locks.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, ClassVar, Self

__all__ = ["CONTROL_PATH", "FakeProcessor", "Received", "Reply"]

CONTROL_PATH = "/__paywire_harness__/scenario"


@dataclass(frozen=True)
class Received:
    """One request as the fake received it (header names lower-case)."""

    method: str
    path: str
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        """The body as JSON (``ValueError`` when it is not)."""
        return json.loads(self.body)

    def digest(self, *salt: str) -> str:
        """A hex digest of the body (and ``salt``): for ids that are the same on every recording."""
        return hashlib.sha256(self.body + "\0".join(salt).encode()).hexdigest()


@dataclass(frozen=True)
class Reply:
    """What the fake answers: a JSON document (or raw ``bytes``), with extra headers."""

    status: int
    body: Any = None
    headers: Mapping[str, str] = field(default_factory=dict)
    content_type: str = "application/json"

    def with_headers(self, headers: Mapping[str, str]) -> Reply:
        """This reply with ``headers`` added (they win over the reply's own)."""
        return dataclasses.replace(self, headers={**self.headers, **headers})

    def payload(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        return b"" if self.body is None else json.dumps(self.body).encode()


class FakeProcessor:
    """A fake processor: subclass it, implement ``respond``; use it as a context manager.

    ``script``: replies served first, whatever the request; ``lifetime``: seconds after which the
    server stops by itself (a test that dies never leaves it running).
    """

    scenario_replies: ClassVar[Mapping[str, Sequence[Reply]]] = {}
    """Scenario name -> the replies served first in it (a 429, a 503, a 500 then the real answer)."""
    reply_headers: ClassVar[Mapping[str, str]] = {}
    """Headers added to every reply (a request id header is usually set per reply instead)."""

    def __init__(self, *, script: Sequence[Reply] = (), lifetime: float = 60.0) -> None:
        self.script: list[Reply] = list(script)
        self.received: list[Received] = []
        self.scenario: str | None = None
        self.call = 0
        self.attempt = 0
        """Requests received for the announced call so far, the one being answered included."""
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self.__handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._timer = threading.Timer(lifetime, self._server.shutdown)
        self._timer.daemon = True

    # -- what a subclass writes ------------------------------------------------------------------

    def respond(self, received: Received) -> Reply:
        """The processor's answer to ``received`` (called one request at a time)."""
        raise NotImplementedError

    def finish(self, received: Received, reply: Reply) -> Reply:
        """Every reply, scripted or not, on its way out: add what the processor sends on every reply
        (a request id, an echoed version header). As it is by default."""
        return reply

    def announce(self, scenario: str, call: int) -> None:
        """The harness announces the next call of ``scenario``: queue its replies on the first."""
        self.scenario, self.call, self.attempt = scenario, call, 0
        if call == 1:
            self.script = list(self.scenario_replies.get(scenario, ()))

    def reply_digest(self, *salt: str) -> str:
        """A hex digest of the announced scenario, call and attempt (and ``salt``): ids for the
        reply being made (a request id, a trace id) that ``respond`` and ``finish`` agree on, the
        same on every recording whatever was recorded before it."""
        parts = (self.scenario or "", str(self.call), str(self.attempt), *salt)
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    # -- running ---------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The base URL to give a client (``base_url=``) or ``paywire-harness record --base-url``."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> Self:
        self._thread.start()
        self._timer.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._timer.cancel()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __answer(self, received: Received) -> Reply:
        with self._lock:
            if received.path == CONTROL_PATH:
                announced = received.json()
                self.announce(str(announced["scenario"]), int(announced["call"]))
                return Reply(204)
            self.received.append(received)
            self.attempt += 1
            return self.finish(received, self.script.pop(0) if self.script else self.respond(received))

    def __handler(self) -> type[BaseHTTPRequestHandler]:
        fake, answer = self, self.__answer  # private names: a subclass's own helpers cannot shadow them

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {name.lower(): value for name, value in self.headers.items()}
                reply = answer(Received(self.command, self.path, headers, body))
                payload = reply.payload()
                self.send_response_only(reply.status)  # no Date or Server: recordings stay the same
                if payload:
                    self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(payload)))
                for name, value in {**fake.reply_headers, **reply.headers}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler
