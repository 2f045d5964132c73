"""The compared workloads: one customer create each, through paywire and through what a user
would otherwise write (raw httpx, raw aiohttp) or pick (Stripe's official bindings).

Every workload posts the same form body with the same headers to the same local server, makes
a fresh idempotency key per create, and reads the customer id out of the JSON reply.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

import paywire

API_KEY = "sk_test_" + "b" * 24
FIELDS: dict[str, Any] = {"email": "jane@example.com", "customer_name": "Jane Roe", "merchant_customer_id": "user_42"}
STRIPE_PARAMS: dict[str, Any] = {
    "email": "jane@example.com",
    "name": "Jane Roe",
    "metadata": {"paywire_merchant_customer_id": "user_42"},
}


def connector_name() -> str:
    """``stripe`` when the paywire-stripe plugin is installed, else the bench's stand-in."""
    if "stripe" in paywire.registry().connectors():
        return "stripe"
    import stripe_like

    if "benchstripe" not in paywire.registry().connectors():
        paywire.registry().register(stripe_like, name="benchstripe")
    return "benchstripe"


def wire_request(base_url: str) -> paywire.HttpRequest:
    """The exact request paywire sends for ``FIELDS`` (the raw clients send the same bytes)."""
    with paywire.Client(connector_name(), credentials={"api_key": API_KEY}, base_url=base_url) as client:
        return client.customers.prepare(FIELDS, idempotency_key="k")


def _headers(template: paywire.HttpRequest) -> dict[str, str]:
    return {k: v for k, v in template.headers.items() if k.lower() != "idempotency-key"}


# -- sync: seconds per create, measured over ``n`` sequential creates ----------------------------

SyncCase = Callable[[int], float]


def sync_paywire(base_url: str) -> tuple[SyncCase, Callable[[], None]]:
    client = paywire.Client(connector_name(), credentials={"api_key": API_KEY}, base_url=base_url)

    def run(n: int) -> float:
        create = client.customers.create
        started = time.perf_counter()
        for _ in range(n):
            assert create(**FIELDS).connector_customer_id.startswith("cus_")
        return (time.perf_counter() - started) / n

    return run, client.close


def sync_raw_httpx(base_url: str) -> tuple[SyncCase, Callable[[], None]]:
    template = wire_request(base_url)
    headers, body, url = _headers(template), template.body, template.url
    client = httpx.Client()

    def run(n: int) -> float:
        started = time.perf_counter()
        for _ in range(n):
            reply = client.post(url, content=body, headers={**headers, "Idempotency-Key": str(uuid.uuid4())})
            reply.raise_for_status()
            assert json.loads(reply.content)["id"].startswith("cus_")
        return (time.perf_counter() - started) / n

    return run, client.close


def _stripe_client(base_url: str, **kwargs: Any) -> Any:
    import stripe

    return stripe.StripeClient(API_KEY, base_addresses={"api": base_url}, max_network_retries=0, **kwargs)


def sync_stripe(base_url: str) -> tuple[SyncCase, Callable[[], None]]:
    client = _stripe_client(base_url)

    def run(n: int) -> float:
        create = client.v1.customers.create
        started = time.perf_counter()
        for _ in range(n):
            assert create(params=dict(STRIPE_PARAMS)).id.startswith("cus_")
        return (time.perf_counter() - started) / n

    return run, lambda: None


def threaded(
    make: Callable[[str], tuple[SyncCase, Callable[[], None]]], base_url: str, threads: int, total: int
) -> tuple[float, int]:
    """(successful creates per second, failed creates): ``threads`` threads share ``total`` creates
    through one client (``make``'s), each create being one call of its ``run(1)``."""
    import threading

    run, close = make(base_url)
    left, errors = total, 0
    lock = threading.Lock()

    def worker() -> None:
        nonlocal left, errors
        while True:
            with lock:
                if left <= 0:
                    return
                left -= 1
            try:
                run(1)
            except Exception:
                with lock:
                    errors += 1

    workers = [threading.Thread(target=worker) for _ in range(threads)]
    started = time.perf_counter()
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    elapsed = time.perf_counter() - started
    close()
    return (total - errors) / elapsed, errors


SYNC_CASES: dict[str, Callable[[str], tuple[SyncCase, Callable[[], None]]]] = {
    "raw httpx.Client": sync_raw_httpx,
    "paywire Client": sync_paywire,
    "stripe bindings (sync)": sync_stripe,
}

# -- async: creates per second with ``inflight`` concurrent creates ------------------------------

AsyncCreate = Callable[[], Awaitable[None]]
AsyncSetup = Callable[[str], Awaitable[tuple[AsyncCreate, Callable[[], Awaitable[None]]]]]


async def async_paywire_default(base_url: str) -> tuple[AsyncCreate, Callable[[], Awaitable[None]]]:
    """``AsyncClient`` as a user gets it, no transport named (aiohttp here, when installed)."""
    client = paywire.AsyncClient(connector_name(), credentials={"api_key": API_KEY}, base_url=base_url)

    async def create() -> None:
        assert (await client.customers.create(**FIELDS)).connector_customer_id.startswith("cus_")

    return create, client.aclose


async def async_paywire_httpx(base_url: str) -> tuple[AsyncCreate, Callable[[], Awaitable[None]]]:
    """``AsyncClient`` on httpx: the default when aiohttp is not installed."""
    client = paywire.AsyncClient(
        connector_name(), credentials={"api_key": API_KEY}, base_url=base_url, transport=paywire.AsyncHttpxTransport()
    )

    async def create() -> None:
        assert (await client.customers.create(**FIELDS)).connector_customer_id.startswith("cus_")

    return create, client.aclose


async def async_paywire_aiohttp(base_url: str) -> tuple[AsyncCreate, Callable[[], Awaitable[None]]]:
    from paywire._aiohttp import AiohttpTransport

    client = paywire.AsyncClient(
        connector_name(), credentials={"api_key": API_KEY}, base_url=base_url, transport=AiohttpTransport()
    )

    async def create() -> None:
        assert (await client.customers.create(**FIELDS)).connector_customer_id.startswith("cus_")

    return create, client.aclose


async def async_raw_aiohttp(base_url: str) -> tuple[AsyncCreate, Callable[[], Awaitable[None]]]:
    import aiohttp

    template = wire_request(base_url)
    headers, body, url = _headers(template), template.body, template.url
    session = aiohttp.ClientSession()

    async def create() -> None:
        async with session.post(url, data=body, headers={**headers, "Idempotency-Key": str(uuid.uuid4())}) as reply:
            reply.raise_for_status()
            assert json.loads(await reply.read())["id"].startswith("cus_")

    return create, session.close


async def async_raw_httpx(base_url: str) -> tuple[AsyncCreate, Callable[[], Awaitable[None]]]:
    template = wire_request(base_url)
    headers, body, url = _headers(template), template.body, template.url
    client = httpx.AsyncClient()

    async def create() -> None:
        reply = await client.post(url, content=body, headers={**headers, "Idempotency-Key": str(uuid.uuid4())})
        reply.raise_for_status()
        assert json.loads(reply.content)["id"].startswith("cus_")

    return create, client.aclose


async def async_stripe(base_url: str) -> tuple[AsyncCreate, Callable[[], Awaitable[None]]]:
    client = _stripe_client(base_url)

    async def create() -> None:
        assert (await client.v1.customers.create_async(params=dict(STRIPE_PARAMS))).id.startswith("cus_")

    async def close() -> None:
        closer = getattr(client._requestor._get_http_client(), "close_async", None)
        if closer is not None:
            await closer()

    return create, close


ASYNC_CASES: dict[str, AsyncSetup] = {
    "raw aiohttp": async_raw_aiohttp,
    "paywire AsyncClient (default = aiohttp)": async_paywire_default,
    "paywire AsyncClient (httpx transport)": async_paywire_httpx,
    "raw httpx.AsyncClient": async_raw_httpx,
    "stripe bindings (async)": async_stripe,
}


async def throughput(setup: AsyncSetup, base_url: str, inflight: int, total: int, warmup: int) -> tuple[float, int]:
    """(successful creates per second, failed creates): ``inflight`` workers share ``total`` creates.

    A failed create (a pool timeout under load, say) is counted, not raised: collapse is a result.
    """
    create, close = await setup(base_url)
    errors = 0
    try:
        await asyncio.gather(*(create() for _ in range(min(warmup, inflight, 64))), return_exceptions=True)
        left = total

        async def worker() -> None:
            nonlocal left, errors
            while left > 0:
                left -= 1
                try:
                    await create()
                except Exception:
                    errors += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(inflight)))
        return (total - errors) / (time.perf_counter() - started), errors
    finally:
        await close()


# -- a token obtained by exchange vs a static key: the same create otherwise -------------------------


def _bearer_connector(token: bool) -> str:
    """``benchtoken`` or ``benchstatic`` (``token_like.py``), registered on first use."""
    import token_like

    name = "benchtoken" if token else "benchstatic"
    if name not in paywire.registry().connectors():
        paywire.registry().register(token_like.TokenLike(name, token=token), name=name)
    return name


def _sync_bearer(token: bool) -> Callable[[str], tuple[SyncCase, Callable[[], None]]]:
    def make(base_url: str) -> tuple[SyncCase, Callable[[], None]]:
        client = paywire.Client(_bearer_connector(token), credentials={"api_key": API_KEY}, base_url=base_url)

        def run(n: int) -> float:
            create = client.customers.create
            started = time.perf_counter()
            for _ in range(n):
                assert create(**FIELDS).connector_customer_id.startswith("cus_")
            return (time.perf_counter() - started) / n

        return run, client.close

    return make


def _async_bearer(token: bool) -> AsyncSetup:
    async def setup(base_url: str) -> tuple[AsyncCreate, Callable[[], Awaitable[None]]]:
        client = paywire.AsyncClient(_bearer_connector(token), credentials={"api_key": API_KEY}, base_url=base_url)

        async def create() -> None:
            assert (await client.customers.create(**FIELDS)).connector_customer_id.startswith("cus_")

        return create, client.aclose

    return setup


TOKEN_SYNC_CASES = {"static key (sync)": _sync_bearer(False), "token, cached (sync)": _sync_bearer(True)}
TOKEN_ASYNC_CASES = {"static key (async)": _async_bearer(False), "token, cached (async)": _async_bearer(True)}
