"""Property examples per second for request building, per installed connector.

Drives hypothesis-generated ``CreateCustomerRequest``s (``paywire_harness.strategies``) through
each connector's build hook; a ``PaywireError`` (input the processor cannot take, or a LOCAL
connector's own refusal) counts as an example too. Returns None when the harness is not installed.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

import paywire
from paywire import OperationContext


def _rate(examples: int, build: Any) -> float:
    from hypothesis import HealthCheck, given, settings

    from paywire_harness import strategies

    @settings(
        max_examples=examples, database=None, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
    )
    @given(strategies.create_customer_requests())
    def run(request: paywire.CreateCustomerRequest) -> None:
        with contextlib.suppress(paywire.PaywireError):
            build(request)

    started = time.perf_counter()
    run()
    return examples / (time.perf_counter() - started)


def _builder(name: str, connector: paywire.Connector) -> Any | None:
    fields = {
        f: "sk_test_" + "c" * 24 if f == "api_key" else "bench_value" for f in connector.info.credentials.model_fields
    }
    try:
        credentials = connector.info.credentials.model_validate(fields)
    except ValueError:
        return None  # credentials the bench cannot fake: skipped
    context = OperationContext(name, paywire.Operation.CREATE_CUSTOMER, "http://127.0.0.1:9", "bench-key")

    def build(request: paywire.CreateCustomerRequest) -> None:
        connector.call("paywire_create_customer_request", request=request, credentials=credentials, context=context)

    return build


def measure(examples: int) -> dict[str, float] | None:
    try:
        import hypothesis  # noqa: F401

        import paywire_harness  # noqa: F401
    except ImportError:
        return None
    out = {"(generation alone, no connector)": _rate(examples, lambda request: None)}
    for name, connector in sorted(paywire.registry().connectors().items()):
        if connector.info.capability(paywire.Operation.CREATE_CUSTOMER) is paywire.Capability.UNSUPPORTED:
            continue
        build = _builder(name, connector)
        if build is not None:
            out[name] = _rate(examples, build)
    return out
