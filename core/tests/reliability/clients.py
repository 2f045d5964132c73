"""Building clients with short timeouts and backoff for the reliability tests."""

from __future__ import annotations

from typing import Any

import paywire

FAKE_KEY = "sk_test_FAKE0reliability0key0000"

TIMEOUT = paywire.Timeout(connect=0.2, read=0.15, write=0.2, pool=0.5)
DEADLINE = 1.0
POLICY = paywire.RetryPolicy(max_retries=3, backoff=0.01, max_backoff=0.05, max_retry_after=0.5, deadline=DEADLINE)
CAP = 64 * 1024


def sync_client(
    connector: str, url: str, policy: paywire.RetryPolicy = POLICY, *, key: str = FAKE_KEY, **kw: Any
) -> paywire.Client:
    kw.setdefault("timeout", TIMEOUT)
    kw.setdefault("transport", paywire.HttpxTransport(max_response_bytes=CAP))
    return paywire.Client(connector, credentials={"api_key": key}, base_url=url, retry=policy, **kw)


def async_client(
    connector: str, url: str, policy: paywire.RetryPolicy = POLICY, *, key: str = FAKE_KEY, **kw: Any
) -> paywire.AsyncClient:
    kw.setdefault("timeout", TIMEOUT)
    kw.setdefault("transport", paywire.AsyncHttpxTransport(max_response_bytes=CAP))
    return paywire.AsyncClient(connector, credentials={"api_key": key}, base_url=url, retry=policy, **kw)
