"""What paywire costs per create apart from the network: ``python bench/overhead.py [N]``.

Runs ``Client.customers.create`` over an in-memory transport that returns the canned customer
reply, then times each step of the hot path on its own (validation, the idempotency key, hook
calls through pluggy and the watchdog, reply handling, the transport's request building), with
what paywire avoids shown for comparison.
Prints microseconds per call; ``--json`` prints them as JSON.
"""

from __future__ import annotations

import json
import sys
import timeit
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import httpx
import servers
import workloads

import paywire
from paywire import HttpRequest, HttpResponse, OperationContext, Timeout
from paywire._keys import random_uuid
from paywire._models import validate_model
from paywire._transport import _RequestBuilder

REPLY = HttpResponse(
    200, {"content-type": "application/json", "request-id": "req_bench"}, servers.CUSTOMER_JSON.encode()
)


class CannedTransport:
    """A sync transport that answers every request with the customer reply, without I/O."""

    def send(self, request: HttpRequest, timeout: Timeout) -> HttpResponse:
        return REPLY

    def close(self) -> None:
        pass


def _us(stmt: Any, n: int) -> float:
    return min(timeit.repeat(stmt, number=n, repeat=5)) / n * 1e6


def measure(n: int) -> dict[str, float]:
    name = workloads.connector_name()
    client = paywire.Client(
        name, credentials={"api_key": workloads.API_KEY}, base_url="http://127.0.0.1:9", transport=CannedTransport()
    )
    connector = paywire.registry().connector(name)
    request = paywire.CreateCustomerRequest(**workloads.FIELDS)
    context = OperationContext(name, paywire.Operation.CREATE_CUSTOMER, "http://127.0.0.1:9", "k")
    built = connector.call(
        "paywire_create_customer_request", request=request, credentials=client.credentials, context=context
    )
    result = connector.call("paywire_create_customer_response", request=request, response=REPLY, context=context)
    hooks = connector._hooks
    impl_build = hooks["paywire_create_customer_request"].get_hookimpls()[0].function
    from paywire._watchdog import watchdog

    hx = httpx.Client()
    builder = _RequestBuilder(hx, own_pool=True)
    timeout = Timeout()
    create = client.customers.create
    out = {
        "paywire create, canned reply (total overhead)": _us(lambda: create(**workloads.FIELDS), n),
        "  validate CreateCustomerRequest from kwargs": _us(
            lambda: validate_model(paywire.CreateCustomerRequest, workloads.FIELDS), n
        ),
        "  idempotency key (paywire._keys.random_uuid)": _us(random_uuid, n),
        "  for comparison: str(uuid.uuid4()), one system call each": _us(lambda: str(uuid.uuid4()), n),
        "  OperationContext(...)": _us(
            lambda: OperationContext(name, paywire.Operation.CREATE_CUSTOMER, "http://x", "k"), n
        ),
        "  build hook: connector function alone": _us(
            lambda: impl_build(request=request, credentials=client.credentials, context=context), n
        ),
        "  build hook: via pluggy (Connector.call)": _us(
            lambda: connector.call(
                "paywire_create_customer_request", request=request, credentials=client.credentials, context=context
            ),
            n,
        ),
        "  build hook: via pluggy + watchdog": _us(
            lambda: watchdog.run(
                5.0,
                name,
                "hook",
                connector.call,
                "paywire_create_customer_request",
                request=request,
                credentials=client.credentials,
                context=context,
            ),
            n,
        ),
        "  response hook: via pluggy": _us(
            lambda: connector.call(
                "paywire_create_customer_response", request=request, response=REPLY, context=context
            ),
            n,
        ),
        "  result.model_copy(update=...) (skipped when the hook names connector and key)": _us(
            lambda: result.model_copy(update={"connector": name, "idempotency_key": "k"}), n
        ),
        "  Timeout.capped()": _us(lambda: timeout.capped(100.0), n),
        "  transport: the httpx.Request paywire builds for httpx's pool": _us(lambda: builder.build(built, timeout), n),
        "  for comparison: httpx.Client.build_request": _us(
            lambda: hx.build_request(
                built.method, built.url, headers=built.headers, content=built.body, timeout=httpx.Timeout(5.0)
            ),
            n,
        ),
    }
    hx.close()
    client.close()
    return out


def main() -> None:
    n = int(next((a for a in sys.argv[1:] if a.isdigit()), "2000"))
    figures = measure(n)
    if "--json" in sys.argv:
        print(json.dumps(figures, indent=2))
        return
    for what, us in figures.items():
        print(f"{us:8.1f} us  {what}")


if __name__ == "__main__":
    main()
