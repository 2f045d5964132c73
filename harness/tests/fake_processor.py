"""A tiny fake processor on 127.0.0.1 for the ``acme`` test connector, on the harness's own
``FakeProcessor``: JSON over HTTP, bearer auth (or a token from ``POST /v1/login``), idempotency
keys, and failures chosen by the scenario ``record --fake`` announces, else by the idempotency
key. ``always_succeed`` makes it answer every create with a customer (a fake that does not do
what a scenario asks).

It echoes the caller's key back in a response header and body field, so tests prove the
recorder scrubs responses too. It stops itself after ``lifetime`` seconds at most.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from paywire_harness.fake import FakeProcessor as Base
from paywire_harness.fake import Received, Reply

REAL_KEY = "sk_test_51Rec0rd1ngK3y9aZ7qLm2XwPt"
"""The 'real' test-mode key the fake processor accepts (never written to a cassette)."""


class FakeProcessor(Base):
    def __init__(self, lifetime: float = 60.0) -> None:
        super().__init__(lifetime=lifetime)
        self.announced: list[tuple[str, int]] = []
        self.always_succeed = False
        self.tokens: set[str] = set()
        """Tokens issued by ``POST /v1/login`` (for ``X-Api-Key: REAL_KEY``): accepted like the key."""
        self._attempts: dict[str, int] = {}
        self._replies: dict[str, tuple[bytes, dict[str, Any]]] = {}

    def announce(self, scenario: str, call: int) -> None:
        super().announce(scenario, call)
        self.announced.append((scenario, call))

    @staticmethod
    def _reply(status: int, body: dict[str, Any], key: str) -> Reply:
        data = json.dumps(body).encode()
        headers = {"Request-Id": "req_" + hashlib.sha256(data).hexdigest()[:10], "X-Echo-Key": key}
        return Reply(status, body, headers)

    def respond(self, received: Received) -> Reply:
        if received.path == "/v1/login":
            return self._login(received)
        api_key = received.headers.get("authorization", "").removeprefix("Bearer ")
        idem = received.headers.get("idempotency-key", "")
        if self.scenario is not None:  # the announced scenario decides, as a key would
            idem = self.scenario.replace("_", "-") + ":" + idem
        if received.path != "/v1/customers":
            return self._reply(404, {"error": {"code": "not_found", "message": "no such endpoint"}}, api_key)
        if api_key != REAL_KEY and api_key not in self.tokens:
            return self._reply(401, {"error": {"code": "invalid_api_key", "message": "invalid API key"}}, api_key)
        attempt = self._attempts[idem] = self._attempts.get(idem, 0) + 1
        fault = "" if self.always_succeed else idem
        if "rate-limited" in fault:
            return self._reply(429, {"error": {"code": "rate_limit", "message": "slow down"}}, api_key)
        if "processor-down" in fault:
            return self._reply(503, {"error": {"code": "unavailable", "message": "try later"}}, api_key)
        if "retry-succeeds" in fault and attempt == 1:
            return self._reply(500, {"error": {"code": "internal", "message": "oops"}}, api_key)
        seen = self._replies.get(idem)
        if seen is not None:
            if seen[0] != received.body:
                return self._reply(400, {"error": {"code": "idempotency_conflict", "message": "key reused"}}, api_key)
            return self._reply(200, seen[1], api_key)
        try:
            data = received.json()
        except ValueError:
            return self._reply(400, {"error": {"code": "bad_json", "message": "not JSON"}}, api_key)
        if data.get("email") == "rejected@example.com":
            error = {"code": "email_invalid", "message": "rejected", "param": "email"}
            return self._reply(400, {"error": error}, api_key)
        reply = {
            "id": "acme_cus_" + hashlib.sha256(idem.encode()).hexdigest()[:12],
            "email": data.get("email"),
            "key_hint": api_key,
        }
        self._replies[idem] = (received.body, reply)
        return self._reply(200, reply, api_key)

    def _login(self, received: Received) -> Reply:
        login_key = received.headers.get("x-api-key", "")
        if login_key != REAL_KEY:
            return self._reply(401, {"error": {"code": "invalid_api_key", "message": "invalid API key"}}, login_key)
        token = f"tok_{len(self.tokens) + 1}_" + hashlib.sha256(login_key.encode()).hexdigest()[:16]
        self.tokens.add(token)
        return self._reply(200, {"token": token, "expires_in": 1800}, "")


@contextmanager
def fake_processor(lifetime: float = 60.0) -> Iterator[FakeProcessor]:
    """Serve a fresh fake processor on 127.0.0.1 for the block (and at most ``lifetime`` seconds)."""
    with FakeProcessor(lifetime) as server:
        yield server
