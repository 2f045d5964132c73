"""A misbehaving customer API on 127.0.0.1, for reliability tests.

Raw asyncio sockets in a background thread, so it can do what well-behaved servers never do:
refuse connections, reset before or after creating the customer, stall past the client's read
timeout, hold a key "in flight", answer 5xx or 429 with ``Retry-After``, send truncated, malformed,
oversized or byte-by-byte replies. It honours ``Idempotency-Key`` like a processor (one customer per
key, the same reply replayed), records every customer it creates and every request it reads.

Faults are drawn per request from a seeded RNG keyed on (call, attempt), so a run is reproducible
whatever the interleaving. The server is bounded: it stops by itself after ``lifetime`` seconds,
reads at most 64 KiB per request, and every stall or drip has an end.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import json
import random
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Created", "Fault", "FaultServer", "Seen"]

MAX_REQUEST = 64 * 1024


class Fault(enum.StrEnum):
    OK = "ok"
    RESET_BEFORE = "reset_before"  # read the request, reset without acting
    RESET_AFTER = "reset_after"  # create the customer, then reset without replying
    STALL_BEFORE = "stall_before"  # never act, say nothing past the read timeout
    STALL_AFTER = "stall_after"  # create, then say nothing past the read timeout
    SLOW = "slow"  # hold the key "in flight" past the read timeout, then create
    ERROR_500 = "500"  # no action, HTTP 500 with a JSON error
    ERROR_502 = "502"  # no action, HTTP 502 with an HTML page
    ERROR_503 = "503"  # no action, HTTP 503, should-retry: true
    ERROR_500_AFTER = "500_after"  # create, then answer HTTP 500 anyway
    RATE_LIMITED = "429"  # no action, HTTP 429 with Retry-After
    TRUNCATED = "truncated"  # create, reply cut short of its Content-Length
    MALFORMED = "malformed"  # create, 200 with a body that is not JSON
    OVERSIZED = "oversized"  # create, 200 with a body larger than the client's cap
    DRIP = "drip"  # create, reply one byte at a time, each in time, the whole far too late
    UNAUTHORIZED = "401"  # no action, HTTP 401
    ERROR_503_NO_RETRY = "503_no_retry"  # no action, HTTP 503, should-retry: false


@dataclass
class Seen:
    """One request the server read."""

    key: str | None
    call: str | None
    authorization: str | None
    fault: Fault
    at: float


@dataclass
class Created:
    """One customer the server created."""

    id: str
    key: str | None
    call: str | None
    email: str | None


@dataclass
class FaultServer:
    """Start with ``with FaultServer(...) as server:``; ``server.url`` is its base URL."""

    seed: int = 0
    weights: Mapping[Fault, float] = field(default_factory=lambda: {Fault.OK: 1.0})
    """Relative odds of each fault per request."""
    read_timeout: float = 0.2
    """The client's read timeout: stalls last ``stall_factor`` times this."""
    stall_factor: float = 2.0
    retry_after: str = "0"
    oversize: int = 2 * 1024 * 1024
    drip_interval: float = 0.05
    drip_limit: float = 3.0
    refuse_every: float = 0.0
    """Seconds between windows where the port refuses connections (0: never)."""
    refuse_for: float = 0.03
    close_after_reply: float = 0.2
    """Odds of closing a connection after a good reply (so new connections get made)."""
    lifetime: float = 120.0
    port: int = 0
    decide: Callable[[str | None, int], Fault] | None = None
    """Overrides ``weights``: the fault for (call, attempt number)."""

    url: str = ""
    seen: list[Seen] = field(default_factory=list)
    created: list[Created] = field(default_factory=list)
    faults: Counter[str] = field(default_factory=Counter)
    refusals: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._by_key: dict[str, Created] = {}
        self._in_flight: set[str] = set()
        self._attempts: Counter[str] = Counter()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name="fault-server", daemon=True)
        self._ready = threading.Event()
        self._stopped = False
        self._port = self.port
        self._server: asyncio.Server | None = None
        self._counter = 0

    # -- lifecycle ---------------------------------------------------------------------------
    def __enter__(self) -> FaultServer:
        self._thread.start()
        if not self._ready.wait(5):
            raise RuntimeError("fault server did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        if not self._stopped and self._loop.is_running():
            self._loop.call_soon_threadsafe(self._main_task.cancel)
        self._thread.join(10)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._main_task = self._loop.create_task(self._main())
        with contextlib.suppress(asyncio.CancelledError):
            self._loop.run_until_complete(self._main_task)
        # Cancel connection handlers still stalling or dripping, then close the loop.
        pending = [t for t in asyncio.all_tasks(self._loop) if not t.done()]
        for task in pending:
            task.cancel()
        self._loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        self._loop.close()
        self._stopped = True

    async def _main(self) -> None:
        await self._listen()
        self.url = f"http://127.0.0.1:{self._port}"
        self._ready.set()
        try:
            async with asyncio.timeout(self.lifetime):  # bounded: stops by itself
                if self.refuse_every > 0:
                    await self._refuse_now_and_then()
                else:
                    await asyncio.Event().wait()
        except TimeoutError:
            pass
        finally:
            if self._server is not None:
                self._server.close()

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(
            self._connection, "127.0.0.1", self._port, reuse_address=True, backlog=256
        )
        self._port = self._server.sockets[0].getsockname()[1]

    async def _refuse_now_and_then(self) -> None:
        rng = random.Random(self.seed)
        while True:
            await asyncio.sleep(self.refuse_every * (0.5 + rng.random()))
            assert self._server is not None
            self._server.close()  # the port refuses connections until it listens again
            self.refusals += 1
            await asyncio.sleep(self.refuse_for)
            await self._listen()

    # -- the API -----------------------------------------------------------------------------
    def customer_for(self, call: str) -> list[Created]:
        with self._lock:
            return [c for c in self.created if c.call == call]

    def set_weights(self, weights: Mapping[Fault, float]) -> None:
        with self._lock:
            self.weights = dict(weights)
            self.decide = None

    def _fault(self, ident: str | None) -> Fault:
        with self._lock:
            n = self._attempts[ident or ""] = self._attempts[ident or ""] + 1
            if self.decide is not None:
                return self.decide(ident, n)
            rng = random.Random(f"{self.seed}:{ident}:{n}")
            kinds = list(self.weights)
            return rng.choices(kinds, weights=[self.weights[k] for k in kinds])[0]

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                request = await self._read(reader)
                if request is None:
                    return
                if not await self._answer(request, writer):
                    return
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            return
        except asyncio.CancelledError:  # the server is stopping: end quietly
            return
        finally:
            if not writer.is_closing():
                writer.close()

    async def _read(self, reader: asyncio.StreamReader) -> tuple[dict[str, str], bytes] | None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError:
            return None
        if len(head) > MAX_REQUEST:
            raise ValueError("headers too large")
        lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        if length > MAX_REQUEST:
            raise ValueError("body too large")
        body = await reader.readexactly(length)
        return headers, body

    async def _answer(self, request: tuple[dict[str, str], bytes], writer: asyncio.StreamWriter) -> bool:
        """Answer one request; False: the connection is done."""
        headers, body = request
        try:
            data = json.loads(body)
        except ValueError:
            data = {}
        key = headers.get("idempotency-key")
        call = data.get("merchant_customer_id")
        fault = self._fault(call or key)
        with self._lock:
            self.seen.append(Seen(key, call, headers.get("authorization"), fault, time.monotonic()))
            self.faults[fault.value] += 1
        stall = self.read_timeout * self.stall_factor

        if isinstance(data.get("email"), str) and data["email"].startswith("invalid"):
            await self._reply(writer, 400, {"error": {"code": "invalid_email", "param": "email"}})
            return True
        if key is not None:
            with self._lock:
                if key in self._in_flight:
                    busy = True
                else:
                    busy = False
                    done = self._by_key.get(key)
            if busy:
                await self._reply(writer, 409, {"error": {"code": "in_flight"}})
                return True
        else:
            done = None

        # Faults that never act.
        if fault is Fault.RESET_BEFORE:
            _reset(writer)
            return False
        if fault is Fault.STALL_BEFORE:
            await asyncio.sleep(stall)
            _reset(writer)
            return False
        if fault in _REFUSALS:
            if fault is Fault.UNAUTHORIZED:
                await self._reply(writer, 401, {"error": {"code": "invalid_api_key"}})
            elif fault is Fault.ERROR_503_NO_RETRY:
                await self._reply(writer, 503, {"error": {"code": "unavailable"}}, {"should-retry": "false"})
            elif fault is Fault.ERROR_500:
                await self._reply(writer, 500, {"error": {"code": "internal"}})
            elif fault is Fault.ERROR_502:
                await self._raw(writer, 502, b"<html>bad gateway</html>", "text/html")
            elif fault is Fault.ERROR_503:
                await self._reply(writer, 503, {"error": {"code": "unavailable"}}, {"should-retry": "true"})
            else:
                await self._reply(writer, 429, {"error": {"code": "rate_limit"}}, {"retry-after": self.retry_after})
            return True

        # Act (or replay what was done for this key), then maybe misbehave.
        if done is None:
            if key is not None:
                with self._lock:
                    self._in_flight.add(key)
            try:
                if fault is Fault.SLOW:
                    await asyncio.sleep(stall)
                done = self._create(key, call, data.get("email"))
            finally:
                if key is not None:
                    with self._lock:
                        self._in_flight.discard(key)
        reply = json.dumps({"id": done.id, "object": "customer"}).encode()
        if fault is Fault.RESET_AFTER:
            _reset(writer)
            return False
        if fault is Fault.STALL_AFTER:
            await asyncio.sleep(stall)
            _reset(writer)
            return False
        if fault is Fault.ERROR_500_AFTER:
            await self._reply(writer, 500, {"error": {"code": "internal"}})
            return True
        if fault is Fault.TRUNCATED:
            writer.write(_head(200, len(reply), "application/json") + reply[: len(reply) // 2])
            await writer.drain()
            _reset(writer)
            return False
        if fault is Fault.MALFORMED:
            await self._raw(writer, 200, b'{"id": "cus_' + reply[:5], "application/json")
            return True
        if fault is Fault.OVERSIZED:
            await self._oversized(writer)
            return False
        if fault is Fault.DRIP:
            await self._drip(writer, _head(200, len(reply), "application/json") + reply)
            return False
        close = random.Random(f"{self.seed}:{key}:close").random() < self.close_after_reply
        await self._raw(writer, 200, reply, "application/json", close=close)
        return not close

    def _create(self, key: str | None, call: str | None, email: Any) -> Created:
        with self._lock:
            self._counter += 1
            created = Created(f"cus_{self._counter:06d}", key, call, email if isinstance(email, str) else None)
            self.created.append(created)
            if key is not None:
                self._by_key[key] = created
            return created

    async def _reply(
        self, writer: asyncio.StreamWriter, status: int, data: Any, headers: Mapping[str, str] | None = None
    ) -> None:
        await self._raw(writer, status, json.dumps(data).encode(), "application/json", headers=headers)

    async def _raw(
        self,
        writer: asyncio.StreamWriter,
        status: int,
        body: bytes,
        content_type: str,
        *,
        headers: Mapping[str, str] | None = None,
        close: bool = False,
    ) -> None:
        writer.write(_head(status, len(body), content_type, headers, close=close) + body)
        await writer.drain()

    async def _oversized(self, writer: asyncio.StreamWriter) -> None:
        # Chunked, so no Content-Length gives the size away: the client must count.
        writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n")
        chunk = b"x" * 65536
        sent = 0
        while sent < self.oversize:
            writer.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            await writer.drain()
            sent += len(chunk)
        writer.write(b"0\r\n\r\n")
        await writer.drain()

    async def _drip(self, writer: asyncio.StreamWriter, reply: bytes) -> None:
        end = time.monotonic() + self.drip_limit
        for i in range(len(reply)):
            if time.monotonic() > end:
                break
            writer.write(reply[i : i + 1])
            await writer.drain()
            await asyncio.sleep(self.drip_interval)


_REFUSALS = frozenset(
    {
        Fault.ERROR_500,
        Fault.ERROR_502,
        Fault.ERROR_503,
        Fault.RATE_LIMITED,
        Fault.UNAUTHORIZED,
        Fault.ERROR_503_NO_RETRY,
    }
)


def _head(
    status: int, length: int, content_type: str, headers: Mapping[str, str] | None = None, *, close: bool = False
) -> bytes:
    lines = [f"HTTP/1.1 {status} X", f"content-type: {content_type}", f"content-length: {length}", "request-id: req_x"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    if close:
        lines.append("connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with a TCP RST, as a crashed server or a middlebox would."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()
