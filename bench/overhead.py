"""What paywire costs per create apart from the network: ``python bench/overhead.py [N]``.

Runs ``Client.customers.create`` over an in-memory transport that returns the canned customer
reply, then times the steps of a create on their own: validation, the request a client builds
(``customers.prepare``), and a connector hook called through pluggy against the same function
called directly (what the plain pluggy call costs). Prints microseconds per call; ``--json``
prints them as JSON.
"""

from __future__ import annotations

import json
import sys
import timeit
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import servers
import workloads

import paywire
from paywire import HttpRequest, HttpResponse, OperationContext, Timeout

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
    hook = connector._table[name]["paywire_create_customer_request"]
    function = hook.get_hookimpls()[0].function
    create, prepare = client.customers.create, client.customers.prepare
    out = {
        "paywire create, canned reply (total overhead)": _us(lambda: create(**workloads.FIELDS), n),
        "  validate CreateCustomerRequest from kwargs": _us(
            lambda: paywire.CreateCustomerRequest.model_validate(workloads.FIELDS), n
        ),
        "  customers.prepare (checks, build hook, core headers and key)": _us(lambda: prepare(request), n),
        "  build hook through pluggy (Connector.call)": _us(
            lambda: connector.call(
                "paywire_create_customer_request", request=request, credentials=client.credentials, context=context
            ),
            n,
        ),
        "  the same hook function called directly": _us(
            lambda: function(request=request, credentials=client.credentials, context=context), n
        ),
    }
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
