"""Tokens obtained by exchange, credentials in the body, natural-key duplicates and errors inside a
2xx reply, on every client a host can pick (``Client``, ``AsyncClient`` on httpx and on aiohttp),
against a loopback server that counts what it is asked."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import inspect
import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import token_connector
from token_connector import API_KEY, CLIENT_ID, TRANSACTION_KEY, NaturalConnector, TokenConnector

import paywire

pytest.importorskip("aiohttp")

PATHS = ("sync", "async httpx", "async aiohttp")
FAST = paywire.RetryPolicy(max_retries=2, backoff=0.001, max_backoff=0.01)


@dataclass
class Processor:
    """What the loopback processor does and what it saw."""

    url: str = ""
    logins: int = 0
    login_delay: float = 0.0
    login_status: int = 201
    expires_in: float | None = 1800
    issued: list[str] = field(default_factory=list)
    revoked: set[str] = field(default_factory=set)
    creates: list[str] = field(default_factory=list)
    """The bearer token of every create request, in order."""
    profiles: dict[tuple[Any, Any], str] = field(default_factory=dict)
    fail_after_create: int = 0
    """Natural: answer this many creates with HTTP 500 after storing the profile (an ambiguous failure)."""
    slow_after_create: int = 0
    """Natural: answer this many creates with an error inside a 200 saying the processor timed out."""
    natural_requests: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, Any]]:
        if path == "/login":
            return self._login(headers)
        if path == "/customers":
            return self._create(headers, body)
        if path == "/api":
            return self._natural(json.loads(body)["request"])
        return 404, {"code": "not_found"}

    def _login(self, headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
        with self.lock:
            self.logins += 1
        time.sleep(self.login_delay)
        if self.login_status != 201 or headers.get("x-api-key") != API_KEY or headers.get("x-client-id") != CLIENT_ID:
            # A hostile processor: its message repeats the key it refused.
            return self.login_status if self.login_status != 201 else 401, {
                "code": "credentials_invalid",
                "message": f"bad key {headers.get('x-api-key')}",
            }
        with self.lock:
            token = f"tok-{len(self.issued) + 1}-" + hashlib.sha256(str(time.time()).encode()).hexdigest()[:24]
            self.issued.append(token)
        return 201, {"token": token, "expires_in": self.expires_in}

    def _create(self, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, Any]]:
        token = headers.get("authorization", "").removeprefix("Bearer ")
        with self.lock:
            self.creates.append(token)
        if token not in self.issued or token in self.revoked:
            return 401, {"code": "unauthorized", "message": f"token {token} is not valid"}
        request_id = json.loads(body).get("request_id", "")
        return 201, {"id": "cus_" + hashlib.sha256(request_id.encode()).hexdigest()[:12]}

    def _natural(self, request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        with self.lock:
            self.natural_requests.append(request)
            if request["auth"].get("transactionKey") != TRANSACTION_KEY:
                return 200, {"result": "Error", "code": "E00007", "text": "User authentication failed."}
            profile = request["profile"]
            if profile.get("email") == "bad@example.com":
                return 200, {"result": "Error", "code": "E00003", "text": "The 'email' element is invalid."}
            natural = (profile.get("merchantCustomerId"), profile.get("email"))
            existing = self.profiles.get(natural)
            if existing is not None:
                text = f"A duplicate record with ID {existing} already exists."
                return 200, {"result": "Error", "code": "DUP", "text": text, "existing": existing}
            profile_id = str(900000 + len(self.profiles))
            self.profiles[natural] = profile_id
            if self.fail_after_create > 0:
                self.fail_after_create -= 1
                return 500, {"result": "Error", "code": "E00001", "text": "An error occurred during processing."}
            if self.slow_after_create > 0:
                self.slow_after_create -= 1
                return 200, {"result": "Error", "code": "SLOW", "text": "The operation timed out."}
            return 200, {"result": "Ok", "id": profile_id}


@pytest.fixture
def processor() -> Iterator[Processor]:
    state = Processor()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            status, reply = state.answer(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            data = json.dumps(reply).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.send_header("x-trace-id", "trace-1")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 1024

    server = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    stopper = threading.Timer(120, server.shutdown)  # stops by itself
    stopper.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        stopper.cancel()
        server.shutdown()
        server.server_close()


@pytest.fixture(autouse=True)
def _connectors() -> Iterator[None]:
    with (
        paywire.registry().registered(TokenConnector(), name="tokenco"),
        paywire.registry().registered(NaturalConnector(), name="naturalco"),
    ):
        yield


TOKEN_CREDENTIALS = {"client_id": CLIENT_ID, "api_key": API_KEY}
NATURAL_CREDENTIALS = {"login": "naturalco_login", "transaction_key": TRANSACTION_KEY}


Create = Callable[..., Any]


def _run(path: str, processor: Processor, calls: Callable[[Create], Any], **kw: Any) -> Any:
    """Run ``calls(create)`` on one client of ``path``; ``create(**fields)`` returns the customer
    or the ``PaywireError`` raised (sync: may be called from threads; async: awaitable)."""
    connector = kw.pop("connector", "tokenco")
    credentials = kw.pop("credentials", TOKEN_CREDENTIALS)
    settings = {"credentials": credentials, "base_url": processor.url, "retry": FAST, **kw}
    if path == "sync":
        with paywire.Client(connector, **settings) as client:

            def create(**fields: Any) -> Any:
                try:
                    return client.customers.create(**fields)
                except paywire.PaywireError as exc:
                    return exc

            return calls(create)

    async def main() -> Any:
        transport = paywire.AiohttpTransport() if path == "async aiohttp" else paywire.AsyncHttpxTransport()
        async with paywire.AsyncClient(connector, transport=transport, **settings) as client:

            async def create(**fields: Any) -> Any:
                try:
                    return await client.customers.create(**fields)
                except paywire.PaywireError as exc:
                    return exc

            result = calls(create)
            return await result if inspect.isawaitable(result) else result

    return asyncio.run(main())


def _many(path: str, n: int) -> Callable[[Create], Any]:
    """``n`` creates at once: threads for the sync client, tasks for the async ones."""

    def calls(create: Create) -> Any:
        if path == "sync":
            with ThreadPoolExecutor(max_workers=n) as pool:
                return list(pool.map(lambda i: create(email=f"c{i}@example.com"), range(n)))
        return asyncio.gather(*(create(email=f"c{i}@example.com") for i in range(n)))

    return calls


def _one_after_another(path: str, *steps: Callable[[], None]) -> Callable[[Create], Any]:
    """A create before each step and one after the last; the step runs between creates."""

    def calls(create: Create) -> Any:
        if path == "sync":
            results = [create(email="a@example.com")]
            for step in steps:
                step()
                results.append(create(email="a@example.com"))
            return results

        async def sequence() -> list[Any]:
            results = [await create(email="a@example.com")]
            for step in steps:
                await asyncio.to_thread(step)
                results.append(await create(email="a@example.com"))
            return results

        return sequence()

    return calls


def _in_turn(path: str, requests: list[dict[str, Any]]) -> Callable[[Create], Any]:
    """The creates of ``requests``, one after the other; their results in order."""

    def calls(create: Create) -> Any:
        if path == "sync":
            return [create(**fields) for fields in requests]

        async def sequence() -> list[Any]:
            return [await create(**fields) for fields in requests]

        return sequence()

    return calls


@pytest.mark.parametrize("path", PATHS)
def test_a_thousand_creates_on_a_cold_client_make_one_login(processor: Processor, path: str) -> None:
    processor.login_delay = 0.3  # every create arrives while the one exchange is in flight
    results = _run(path, processor, _many(path, 1000))
    assert [type(r).__name__ for r in results if not isinstance(r, paywire.CreateCustomerResponse)] == []
    assert processor.logins == 1
    assert len(processor.creates) == 1000 and set(processor.creates) == {processor.issued[0]}


@pytest.mark.parametrize("path", PATHS)
def test_an_expiring_token_is_renewed_once_before_the_next_create(processor: Processor, path: str) -> None:
    processor.expires_in = 1.0  # renewed a tenth of its lifetime early: after 0.9 s

    def expire() -> None:
        assert processor.logins == 1  # none in between
        time.sleep(1.0)

    results = _run(path, processor, _one_after_another(path, lambda: None, expire))
    assert all(isinstance(r, paywire.CreateCustomerResponse) for r in results), results
    assert processor.logins == 2
    first, second = processor.issued
    assert processor.creates == [first, first, second]


@pytest.mark.parametrize("path", PATHS)
def test_a_refused_token_costs_one_refresh_and_the_create_succeeds(processor: Processor, path: str) -> None:
    results = _run(path, processor, _one_after_another(path, lambda: processor.revoked.update(processor.issued)))
    assert all(isinstance(r, paywire.CreateCustomerResponse) for r in results), results
    assert processor.logins == 2
    first, second = processor.issued
    assert processor.creates == [first, first, second]  # the refused attempt, then its one retry


def _refuse_every_token(processor: Processor) -> None:
    """From now on the processor refuses every token, including those it issues next."""
    original = processor._create

    def refuse(headers: dict[str, str], body: bytes) -> tuple[int, dict[str, Any]]:
        processor.revoked.update(processor.issued)
        return original(headers, body)

    processor._create = refuse  # type: ignore[method-assign]


@pytest.mark.parametrize("path", PATHS)
def test_a_token_refused_again_after_the_refresh_is_an_authentication_error(processor: Processor, path: str) -> None:
    _refuse_every_token(processor)
    [result] = _run(path, processor, _one_after_another(path))
    assert isinstance(result, paywire.ConnectorError) and result.code is paywire.ErrorCode.AUTHENTICATION_FAILED
    assert processor.logins == 2 and len(processor.creates) == 2  # one refresh, never a loop


@pytest.mark.parametrize("path", PATHS)
def test_a_failed_login_is_one_authentication_error_naming_the_connector(
    processor: Processor, path: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    processor.login_status = 401
    processor.login_delay = 0.2
    results = _run(path, processor, _many(path, 20))
    assert processor.logins == 1 and processor.creates == []
    codes = {(type(r).__name__, r.code, r.connector) for r in results}
    assert codes == {("ConnectorError", paywire.ErrorCode.AUTHENTICATION_FAILED, "tokenco")}
    texts = [str(r) + repr(r) + repr(vars(r)) for r in results] + [
        r.getMessage() + repr(vars(r)) for r in caplog.records
    ]
    assert not any(API_KEY in text for text in texts)  # the login reply repeated it


@pytest.mark.parametrize("path", PATHS)
def test_no_token_or_key_in_logs_errors_or_reprs(
    processor: Processor, path: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    # A create succeeds; then every token is refused with a reply that repeats it.
    results = _run(path, processor, _one_after_another(path, lambda: _refuse_every_token(processor)))
    assert isinstance(results[0], paywire.CreateCustomerResponse) and isinstance(results[1], paywire.ConnectorError)
    texts = [str(r) + repr(r) + repr(vars(r)) for r in results]
    texts += [r.getMessage() + repr(vars(r)) for r in caplog.records]
    secrets = [API_KEY, *processor.issued]
    assert len(processor.issued) == 2 and not [s for s in secrets for t in texts if s in t]


class StrictTokenConnector(TokenConnector):
    """TokenCo with a field its processor cannot hold, refused by the core before any hook runs."""

    @paywire.hookimpl
    def paywire_connector(self) -> paywire.ConnectorInfo:
        info = super().paywire_connector()
        return dataclasses.replace(info, name="tokenstrict", unsupported_fields=frozenset({"description"}))


@pytest.mark.parametrize("path", PATHS)
def test_invalid_input_is_refused_before_the_token_exchange(processor: Processor, path: str) -> None:
    def calls(create: Create) -> Any:
        return create(email="jane@example.com", description="no place for it")

    with paywire.registry().registered(StrictTokenConnector(), name="tokenstrict"):
        refused = _run(path, processor, calls, connector="tokenstrict")
    assert isinstance(refused, paywire.InvalidRequestError) and refused.fields == ("description",)
    assert processor.logins == 0 and processor.creates == []  # not even a login for a request never sent


# -- credentials in the body, natural-key duplicates, errors inside a 2xx reply ---------------------


@pytest.mark.parametrize("path", PATHS)
def test_a_retry_after_an_ambiguous_failure_returns_the_profile_it_created(processor: Processor, path: str) -> None:
    processor.fail_after_create = 1  # stored, then HTTP 500: did it happen?

    def calls(create: Create) -> Any:
        return create(merchant_customer_id="m-1", email="jane@example.com")

    result = _run(path, processor, calls, connector="naturalco", credentials=NATURAL_CREDENTIALS)
    assert isinstance(result, paywire.CreateCustomerResponse), result
    assert result.connector_customer_id == "900000" and len(processor.profiles) == 1
    assert len(processor.natural_requests) == 2  # the ambiguous attempt and the retry the duplicate answered


@pytest.mark.parametrize("path", PATHS)
def test_a_timeout_inside_a_200_is_ambiguous_like_a_5xx(processor: Processor, path: str) -> None:
    processor.slow_after_create = 2

    requests = [{"merchant_customer_id": "m-1", "email": "jane@example.com"}, {"email": "solo@example.com"}]
    retried, unknown = _run(
        path, processor, _in_turn(path, requests), connector="naturalco", credentials=NATURAL_CREDENTIALS
    )
    assert isinstance(retried, paywire.CreateCustomerResponse) and retried.connector_customer_id == "900000"
    assert isinstance(unknown, paywire.OutcomeUnknownError)  # no merchant id: a retry could duplicate
    assert len(processor.natural_requests) == 3 and len(processor.profiles) == 2


@pytest.mark.parametrize("path", PATHS)
def test_a_duplicate_on_a_first_attempt_is_the_callers_error(processor: Processor, path: str) -> None:
    processor.profiles[("m-1", "jane@example.com")] = "900123"

    def calls(create: Create) -> Any:
        return create(merchant_customer_id="m-1", email="jane@example.com")

    error = _run(path, processor, calls, connector="naturalco", credentials=NATURAL_CREDENTIALS)
    assert isinstance(error, paywire.ConnectorError)
    assert (error.code, error.duplicate_of, error.connector_code) == (paywire.ErrorCode.DUPLICATE, "900123", "DUP")


@pytest.mark.parametrize("path", PATHS)
def test_without_every_natural_field_an_ambiguous_failure_is_not_retried(processor: Processor, path: str) -> None:
    processor.fail_after_create = 1

    def calls(create: Create) -> Any:
        return create(email="jane@example.com")  # no merchant_customer_id: a retry could duplicate

    error = _run(path, processor, calls, connector="naturalco", credentials=NATURAL_CREDENTIALS)
    assert isinstance(error, paywire.OutcomeUnknownError), error
    assert error.idempotency_key and error.request is not None
    assert len(processor.natural_requests) == 1
    # What the host reconciles with carries no credential, even though the body held one.
    assert TRANSACTION_KEY not in repr(error.request) + str(error) + repr(vars(error))


@pytest.mark.parametrize("path", PATHS)
def test_an_error_inside_a_200_is_an_error_never_a_customer(processor: Processor, path: str) -> None:
    def calls(create: Create) -> Any:
        return create(merchant_customer_id="m-2", email="bad@example.com")

    error = _run(path, processor, calls, connector="naturalco", credentials=NATURAL_CREDENTIALS)
    assert isinstance(error, paywire.ConnectorError)
    assert (error.code, error.connector_code, error.status_code) == (paywire.ErrorCode.INVALID_REQUEST, "E00003", 200)
    assert len(processor.natural_requests) == 1  # a definite refusal: not retried


def test_body_credentials_are_redacted_from_logs(processor: Processor, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    credentials = {"login": "naturalco_login", "transaction_key": "wrong_but_secret_key_0001"}
    error = _run(
        "sync", processor, lambda create: create(email="x@example.com"), connector="naturalco", credentials=credentials
    )
    assert isinstance(error, paywire.ConnectorError)
    texts = [r.getMessage() + repr(vars(r)) for r in caplog.records] + [str(error), repr(vars(error))]
    assert caplog.records and not any("wrong_but_secret_key_0001" in t for t in texts)
    assert token_connector.NATURAL_AUTH in paywire.registry().connector("naturalco").info.auth_body_fields
