"""The retry policy, one fault at a time: what is retried, what never is, and how long a call lasts."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Callable

import pytest

import paywire

from .clients import TIMEOUT, async_client, sync_client
from .fault_server import Fault, FaultServer


def first(fault: Fault, then: Fault = Fault.OK) -> Callable[[str | None, int], Fault]:
    return lambda call, n: fault if n == 1 else then


def always(fault: Fault) -> Callable[[str | None, int], Fault]:
    return lambda call, n: fault


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_refused_connections_are_retried_even_without_idempotency(flaky_noidem: str) -> None:
    port = _free_port()
    holder: list[FaultServer] = []
    starter = threading.Timer(0.1, lambda: holder.append(FaultServer(port=port).__enter__()))
    starter.start()
    policy = paywire.RetryPolicy(max_retries=10, backoff=0.03, max_backoff=0.05, deadline=2.0)
    try:
        with sync_client(flaky_noidem, f"http://127.0.0.1:{port}", policy) as client:
            result = client.customers.create(merchant_customer_id="refused", email="jane@example.com")
        assert result.connector_customer_id == "cus_000001"
        assert len(holder[0].seen) == 1  # every earlier attempt was refused before sending
    finally:
        starter.join()
        for server in holder:
            server.stop()


@pytest.mark.parametrize(
    "fault",
    [Fault.RESET_AFTER, Fault.STALL_AFTER, Fault.ERROR_500_AFTER, Fault.TRUNCATED, Fault.MALFORMED, Fault.OVERSIZED],
)
def test_an_ambiguous_failure_is_retried_with_the_same_key_when_keys_are_honoured(flaky: str, fault: Fault) -> None:
    with FaultServer(decide=first(fault), read_timeout=TIMEOUT.read, oversize=256 * 1024) as server:
        with sync_client(flaky, server.url) as client:
            result = client.customers.create(merchant_customer_id="m", idempotency_key="key-1")
        assert [c.id for c in server.created] == [result.connector_customer_id]
        assert [s.key for s in server.seen] == ["key-1", "key-1"]


@pytest.mark.parametrize(
    "fault",
    [Fault.RESET_AFTER, Fault.STALL_AFTER, Fault.ERROR_500_AFTER, Fault.TRUNCATED, Fault.MALFORMED, Fault.ERROR_503],
)
def test_an_ambiguous_failure_without_idempotency_is_an_unknown_outcome(flaky_noidem: str, fault: Fault) -> None:
    with FaultServer(decide=first(fault), read_timeout=TIMEOUT.read) as server:
        with sync_client(flaky_noidem, server.url) as client, pytest.raises(paywire.OutcomeUnknownError) as info:
            client.customers.create(merchant_customer_id="m", idempotency_key="key-2")
        assert len(server.seen) == 1  # never sent twice
        assert info.value.idempotency_key == "key-2"
        assert "outcome unknown" in str(info.value)


@pytest.mark.parametrize("fault", [Fault.ERROR_500, Fault.ERROR_502, Fault.ERROR_503, Fault.SLOW])
def test_5xx_and_in_flight_then_success(flaky: str, fault: Fault) -> None:
    # In flight: the first attempt is still held past the read timeout; 409s until it completes.
    policy = paywire.RetryPolicy(max_retries=3, backoff=0.1, max_backoff=0.2, deadline=1.0)
    with FaultServer(decide=first(fault), read_timeout=TIMEOUT.read) as server:
        with sync_client(flaky, server.url, policy) as client:
            result = client.customers.create(merchant_customer_id="m")
        assert [c.id for c in server.created] == [result.connector_customer_id]


@pytest.mark.parametrize(
    ("fault", "code"),
    [(Fault.UNAUTHORIZED, paywire.ErrorCode.AUTHENTICATION_FAILED), (Fault.OK, paywire.ErrorCode.INVALID_REQUEST)],
)
def test_4xx_validation_and_authentication_are_never_retried(flaky: str, fault: Fault, code: paywire.ErrorCode) -> None:
    with FaultServer(decide=always(fault)) as server:
        with sync_client(flaky, server.url) as client, pytest.raises(paywire.ConnectorError) as info:
            client.customers.create(email="invalid@example.com" if fault is Fault.OK else "ok@example.com")
        assert len(server.seen) == 1
        assert info.value.code is code
        assert not isinstance(info.value, paywire.OutcomeUnknownError)


def test_the_processor_saying_do_not_retry_is_obeyed(flaky: str) -> None:
    with FaultServer(decide=always(Fault.ERROR_503_NO_RETRY)) as server:
        with sync_client(flaky, server.url) as client, pytest.raises(paywire.OutcomeUnknownError):
            client.customers.create()
        assert len(server.seen) == 1


def test_retry_after_is_honoured(flaky: str) -> None:
    with FaultServer(decide=first(Fault.RATE_LIMITED), retry_after="0.3") as server:
        with sync_client(flaky, server.url) as client:
            client.customers.create()
        assert server.seen[1].at - server.seen[0].at >= 0.3


def test_a_retry_after_beyond_the_cap_is_not_waited_for(flaky: str) -> None:
    with FaultServer(decide=always(Fault.RATE_LIMITED), retry_after="60") as server:
        started = time.monotonic()
        with sync_client(flaky, server.url) as client, pytest.raises(paywire.ConnectorError) as info:
            client.customers.create()
        assert time.monotonic() - started < 0.5
        assert info.value.code is paywire.ErrorCode.RATE_LIMITED
        assert info.value.retry_after == 60
        assert not isinstance(info.value, paywire.OutcomeUnknownError)  # a 429 means nothing was done


def test_default_policy_gives_up_after_two_retries(flaky: str) -> None:
    policy = paywire.RetryPolicy(backoff=0.01, max_backoff=0.02)
    with FaultServer(decide=always(Fault.ERROR_503)) as server:
        with sync_client(flaky, server.url, policy) as client, pytest.raises(paywire.OutcomeUnknownError):
            client.customers.create()
        assert len(server.seen) == 3
        assert len({s.key for s in server.seen}) == 1


def test_an_earlier_ambiguous_attempt_keeps_the_outcome_unknown(flaky: str) -> None:
    """Attempt 1 created the customer but its reply was lost; attempt 2 was rate limited for too
    long to wait. The call must not report a plain 429: the customer exists."""
    decide = lambda call, n: Fault.RESET_AFTER if n == 1 else Fault.RATE_LIMITED  # noqa: E731
    with FaultServer(decide=decide, retry_after="60") as server:
        with sync_client(flaky, server.url) as client, pytest.raises(paywire.OutcomeUnknownError) as info:
            client.customers.create(idempotency_key="key-3")
        assert len(server.created) == 1
        assert info.value.idempotency_key == "key-3"


def test_backoff_grows_with_jitter_and_caps() -> None:
    policy = paywire.RetryPolicy(backoff=0.1, max_backoff=0.3)
    for _ in range(200):
        assert 0.05 <= policy.delay(1) <= 0.1
        assert 0.1 <= policy.delay(2) <= 0.2
        assert 0.15 <= policy.delay(5) <= 0.3
        assert policy.delay(1, retry_after=0.25) == 0.25
    assert len({policy.delay(1) for _ in range(20)}) > 1  # jittered


@pytest.mark.parametrize("fault", [Fault.DRIP, Fault.STALL_BEFORE, Fault.SLOW])
def test_a_lone_call_ends_at_its_deadline_sync(flaky: str, fault: Fault) -> None:
    policy = paywire.RetryPolicy(max_retries=100, backoff=0.01, max_backoff=0.02, deadline=0.6)
    slow = paywire.Timeout(connect=1.0, read=1.0, write=1.0, pool=1.0)  # per read: longer than the deadline
    with (
        FaultServer(decide=always(fault), read_timeout=0.4, drip_interval=0.05) as server,
        sync_client(flaky, server.url, policy, timeout=slow) as client,
    ):
        started = time.monotonic()
        with pytest.raises(paywire.OutcomeUnknownError) as info:
            client.customers.create()
        elapsed = time.monotonic() - started
    assert elapsed <= 0.6 + 0.05, elapsed
    assert info.value.code is paywire.ErrorCode.TIMEOUT


@pytest.mark.parametrize("fault", [Fault.DRIP, Fault.STALL_BEFORE])
def test_a_lone_call_ends_at_its_deadline_async(flaky: str, fault: Fault) -> None:
    policy = paywire.RetryPolicy(max_retries=100, backoff=0.01, max_backoff=0.02, deadline=0.6)
    slow = paywire.Timeout(connect=1.0, read=1.0, write=1.0, pool=1.0)

    async def call(url: str) -> float:
        async with async_client(flaky, url, policy, timeout=slow) as client:
            started = time.monotonic()
            with pytest.raises(paywire.OutcomeUnknownError):
                await client.customers.create()
            return time.monotonic() - started

    with FaultServer(decide=always(fault), read_timeout=0.4, drip_interval=0.05) as server:
        elapsed = asyncio.run(call(server.url))
    assert elapsed <= 0.6 + 0.05, elapsed


def test_an_oversized_reply_is_cut_at_the_cap(flaky_noidem: str) -> None:
    with (
        FaultServer(decide=always(Fault.OVERSIZED), oversize=8 * 1024 * 1024) as server,
        sync_client(flaky_noidem, server.url) as client,
        pytest.raises(paywire.OutcomeUnknownError) as info,
    ):
        client.customers.create()
    assert info.value.code is paywire.ErrorCode.UNPARSEABLE_RESPONSE
    assert "larger than" in str(info.value)


def test_a_user_key_longer_than_the_processor_allows_is_refused_before_sending(flaky: str) -> None:
    with FaultServer() as server:
        with sync_client(flaky, server.url) as client, pytest.raises(paywire.InvalidRequestError) as info:
            client.customers.create(idempotency_key="k" * 65)
        assert info.value.fields == ("idempotency_key",)
        assert server.seen == []


def test_every_error_carries_the_key(flaky: str) -> None:
    with FaultServer(decide=always(Fault.UNAUTHORIZED)) as server, sync_client(flaky, server.url) as client:
        with pytest.raises(paywire.ConnectorError) as info:
            client.customers.create(idempotency_key="key-4")
        assert info.value.idempotency_key == "key-4"
    with sync_client(flaky, "ftp://127.0.0.1/x") as client, pytest.raises(paywire.ConfigurationError) as config:
        client.customers.create(idempotency_key="key-5")
    assert config.value.idempotency_key == "key-5"
    policy = paywire.RetryPolicy(max_retries=0, deadline=0.001)
    with sync_client(flaky, "http://127.0.0.1:9", policy) as client:
        time.sleep(0.002)
        with pytest.raises(paywire.ConnectorError) as late:
            client.customers.create(idempotency_key="key-6")
    assert late.value.idempotency_key == "key-6"


@pytest.mark.parametrize(
    "build",
    [
        lambda: paywire.Timeout(read=0),
        lambda: paywire.Timeout(total=-1),
        lambda: paywire.RetryPolicy(max_retries=-1),
        lambda: paywire.RetryPolicy(deadline=0),
        lambda: paywire.RetryPolicy(backoff=-0.1),
    ],
)
def test_impossible_timeouts_and_policies_are_refused(build: Callable[[], object]) -> None:
    with pytest.raises(ValueError, match=r"positive|>= 0"):
        build()
