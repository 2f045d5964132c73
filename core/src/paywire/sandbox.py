"""The built-in ``sandbox`` connector: an in-memory processor, no network, no credentials.

It behaves like a real processor so host apps can test against it: it issues ids
(``sbx_cus_...``), honours idempotency keys (the same key with the same request returns the same
customer; with a different request, an ``idempotency_conflict`` error), and fails on demand.

Magic inputs: an e-mail address ``<code>@fail.paywire.test`` fails with that canonical code::

    invalid_request        400  sandbox code "invalid_email", param "email"
    authentication_failed  401  sandbox code "invalid_api_key"
    permission_denied      403  sandbox code "forbidden"
    rate_limited           429  sandbox code "rate_limit", retry_after 1.0
    processor_unavailable  503  sandbox code "unavailable"
    timeout                -    no reply (status_code None)

Any other ``@fail.paywire.test`` address is an ``invalid_request``. It is also the smallest
complete connector: read it next to ``docs/writing-a-connector.md``.
"""

from __future__ import annotations

import threading
import uuid

from pydantic import SecretStr

from ._connector import Capability, ConnectorInfo, Credentials, Idempotency, Operation, OperationContext
from ._exceptions import ConnectorError, ErrorCode
from ._models import CreateCustomerRequest
from .hookspecs import hookimpl

__all__ = ["FAIL_DOMAIN", "SandboxCredentials", "reset"]

FAIL_DOMAIN = "fail.paywire.test"

_FAILURES: dict[str, tuple[int | None, str]] = {
    "invalid_request": (400, "invalid_email"),
    "authentication_failed": (401, "invalid_api_key"),
    "permission_denied": (403, "forbidden"),
    "rate_limited": (429, "rate_limit"),
    "processor_unavailable": (503, "unavailable"),
    "timeout": (None, "timeout"),
}


class SandboxCredentials(Credentials):
    """The sandbox needs no credentials; an ``api_key`` is accepted and ignored."""

    api_key: SecretStr | None = None


class _Processor:
    """The in-memory processor: customers by id, and replies by idempotency key."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.customers: dict[str, CreateCustomerRequest] = {}
        self.replies: dict[str, tuple[CreateCustomerRequest, str]] = {}

    def create(self, request: CreateCustomerRequest, key: str) -> str:
        with self.lock:
            seen = self.replies.get(key)
            if seen is not None:
                if seen[0] != request:
                    raise _error(
                        ErrorCode.IDEMPOTENCY_CONFLICT,
                        400,
                        "idempotency_key_reused",
                        "this idempotency key was used with a different request",
                    )
                return seen[1]
            customer_id = "sbx_cus_" + uuid.uuid4().hex[:16]
            self.customers[customer_id] = request
            self.replies[key] = (request, customer_id)
            return customer_id


_processor = _Processor()


def reset() -> None:
    """Forget every customer and idempotency key (for tests)."""
    global _processor
    _processor = _Processor()


def _error(
    code: ErrorCode,
    status: int | None,
    connector_code: str,
    message: str,
    *,
    param: str | None = None,
    retry_after: float | None = None,
) -> ConnectorError:
    return ConnectorError(
        code,
        message,
        connector="sandbox",
        connector_code=connector_code,
        connector_message=message,
        status_code=status,
        request_id="sbx_req_" + uuid.uuid4().hex[:12],
        param=param,
        retry_after=retry_after,
    )


def _magic_failure(request: CreateCustomerRequest) -> ConnectorError | None:
    if request.email is None:
        return None
    local, _, domain = request.email.get_secret_value().rpartition("@")
    if domain.lower() != FAIL_DOMAIN:
        return None
    status, connector_code = _FAILURES.get(local, _FAILURES["invalid_request"])
    code = ErrorCode(local) if local in _FAILURES else ErrorCode.INVALID_REQUEST
    return _error(
        code,
        status,
        connector_code,
        f"sandbox failure on demand: {code.value}",
        param="email" if code is ErrorCode.INVALID_REQUEST else None,
        retry_after=1.0 if code is ErrorCode.RATE_LIMITED else None,
    )


@hookimpl
def paywire_connector() -> ConnectorInfo:
    return ConnectorInfo(
        name="sandbox",
        display_name="Sandbox (in-memory)",
        credentials=SandboxCredentials,
        operations={Operation.CREATE_CUSTOMER: Capability.LOCAL},
        idempotency=Idempotency.local(max_length=255),
        auth_headers=frozenset(),
    )


@hookimpl
def paywire_create_customer_request(request: CreateCustomerRequest, context: OperationContext) -> str:
    failure = _magic_failure(request)
    if failure is not None:
        raise failure
    return _processor.create(request, context.idempotency_key)
