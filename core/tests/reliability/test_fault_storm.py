"""Thousands of creates through random faults: no duplicate, no lost result, no missed deadline.

Each call is one logical create (its own ``merchant_customer_id``). The server records every
customer it creates; afterwards, for every call:

- a returned customer is the one the server created for that call, under the key it returned;
- an ``OutcomeUnknownError`` carries the call's idempotency key (and retrying with it reconciles);
- any other error means the server created nothing for that call;
- the call ended within its deadline.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import paywire

from .clients import DEADLINE, async_client, sync_client
from .fault_server import Fault, FaultServer

CALLS = 1000
TOLERANCE = 0.3
"""Seconds a call may end after its deadline in a storm: the server and 16 concurrent calls share one
process and one GIL, so timers fire late by up to ~0.1 s (GC pauses more). A lone call's bound is
checked to 50 ms in test_retry_policy.py."""

DEFINITE = (Fault.UNAUTHORIZED, Fault.ERROR_503_NO_RETRY)
STORM = {Fault.OK: 0.45} | {f: 0.55 / (len(Fault) - 3) for f in Fault if f is not Fault.OK and f not in DEFINITE}


@dataclass
class Outcome:
    call: str
    result: paywire.CreateCustomerResponse | None
    error: paywire.PaywireError | None
    duration: float

    @property
    def key(self) -> str | None:
        if self.result is not None:
            return self.result.idempotency_key
        return getattr(self.error, "idempotency_key", None)


def _fields(i: int, prefix: str) -> dict[str, str]:
    email = f"invalid{i}@example.com" if i % 20 == 0 else f"jane.{i}@example.com"
    return {"merchant_customer_id": f"{prefix}-{i}", "email": email, "customer_name": f"Jane Roe {i}"}


def _sync_storm(client: paywire.Client, prefix: str, n: int) -> list[Outcome]:
    def one(i: int) -> Outcome:
        fields = _fields(i, prefix)
        started = time.monotonic()
        try:
            result = client.customers.create(**fields)
        except paywire.PaywireError as exc:
            return Outcome(fields["merchant_customer_id"], None, exc, time.monotonic() - started)
        return Outcome(fields["merchant_customer_id"], result, None, time.monotonic() - started)

    with ThreadPoolExecutor(16) as pool:
        return list(pool.map(one, range(n)))


async def _async_storm(client: paywire.AsyncClient, prefix: str, n: int) -> list[Outcome]:
    gate = asyncio.Semaphore(16)

    async def one(i: int) -> Outcome:
        fields = _fields(i, prefix)
        async with gate:
            started = time.monotonic()
            try:
                result = await client.customers.create(**fields)
            except paywire.PaywireError as exc:
                return Outcome(fields["merchant_customer_id"], None, exc, time.monotonic() - started)
            return Outcome(fields["merchant_customer_id"], result, None, time.monotonic() - started)

    return await asyncio.gather(*(one(i) for i in range(n)))


def _check(server: FaultServer, outcomes: list[Outcome], *, idempotent: bool) -> Counter[str]:
    """Assert the three properties; return a tally of outcomes for the caller's sanity checks."""
    per_key = Counter(c.key for c in server.created if c.key is not None)
    per_call = Counter(c.call for c in server.created)
    assert not [k for k, n in per_key.items() if n > 1], "duplicate customers for one idempotency key"
    assert not [c for c, n in per_call.items() if n > 1], "duplicate customers for one logical call"

    keys_seen: dict[str | None, set[str | None]] = {}
    for seen in server.seen:
        keys_seen.setdefault(seen.call, set()).add(seen.key)

    tally: Counter[str] = Counter()
    for o in outcomes:
        created = server.customer_for(o.call)
        assert o.duration <= DEADLINE + TOLERANCE, f"{o.call} took {o.duration:.3f} s"
        assert o.key, f"{o.call}: no idempotency key on {o.result or o.error!r}"
        if idempotent:
            # The same key on every attempt of the call, and it is the one the host is shown.
            assert keys_seen.get(o.call, {o.key}) == {o.key}, f"{o.call}: keys {keys_seen.get(o.call)}"
        if o.result is not None:
            assert [c.id for c in created] == [o.result.connector_customer_id], f"{o.call}: result not the created"
            tally["success"] += 1
        elif isinstance(o.error, paywire.OutcomeUnknownError):
            assert o.error.idempotency_key == o.key
            tally["unknown (created)" if created else "unknown (nothing created)"] += 1
        else:
            assert created == [], f"{o.call}: {o.error!r} says nothing happened, but the server created a customer"
            tally[f"definite {o.error.code.value if o.error else '?'}"] += 1
    return tally


def _reconcile(server: FaultServer, client: paywire.Client, outcomes: list[Outcome]) -> int:
    """Retry every unknown outcome with its key on a healthy server: each finds its one customer."""
    server.set_weights({Fault.OK: 1.0})
    done = 0
    for o in outcomes:
        if isinstance(o.error, paywire.OutcomeUnknownError):
            before = server.customer_for(o.call)
            index = int(o.call.rsplit("-", 1)[1])
            result = client.customers.create(**_fields(index, o.call.rsplit("-", 1)[0]), idempotency_key=o.key)
            after = server.customer_for(o.call)
            assert len(after) == 1
            if before:
                assert result.connector_customer_id == before[0].id  # replayed, not created again
            done += 1
    return done


def _assert_storm_was_hostile(server: FaultServer, tally: Counter[str]) -> None:
    assert set(server.faults) == {f.value for f in STORM}, f"some faults never happened: {server.faults}"
    assert server.refusals > 0
    assert tally["success"] > CALLS // 2
    assert tally["unknown (created)"] + tally["unknown (nothing created)"] > 0


def test_sync_storm(flaky: str) -> None:
    with (
        FaultServer(seed=1, weights=STORM, read_timeout=0.15, refuse_every=0.3, oversize=256 * 1024) as server,
        sync_client(flaky, server.url) as client,
    ):
        outcomes = _sync_storm(client, "sync", CALLS)
        tally = _check(server, outcomes, idempotent=True)
        _assert_storm_was_hostile(server, tally)
        assert _reconcile(server, client, outcomes) > 0
        assert tally["definite invalid_request"] == CALLS // 20
    print(dict(tally), dict(server.faults))


def test_async_storm(flaky: str) -> None:
    async def run(server: FaultServer) -> list[Outcome]:
        async with async_client(flaky, server.url) as client:
            return await _async_storm(client, "async", CALLS)

    with FaultServer(seed=2, weights=STORM, read_timeout=0.15, refuse_every=0.3, oversize=256 * 1024) as server:
        outcomes = asyncio.run(run(server))
        tally = _check(server, outcomes, idempotent=True)
        _assert_storm_was_hostile(server, tally)
        with sync_client(flaky, server.url) as client:
            assert _reconcile(server, client, outcomes) > 0
    print(dict(tally), dict(server.faults))


def test_storm_without_idempotency_never_retries_an_ambiguous_failure(flaky_noidem: str) -> None:
    with FaultServer(seed=3, weights=STORM, read_timeout=0.15, refuse_every=0.3, oversize=256 * 1024) as server:
        with sync_client(flaky_noidem, server.url) as client:
            outcomes = _sync_storm(client, "noidem", 400)
        tally = _check(server, outcomes, idempotent=False)
    # Every request of a call that could have reached the server was its last.
    attempts = Counter(seen.call for seen in server.seen)
    for o in outcomes:
        if o.result is not None and attempts[o.call] > 1:
            assert len(server.customer_for(o.call)) == 1
    assert tally["unknown (created)"] > 0
    print(dict(tally))
