"""``Client`` and ``AsyncClient``: the host API. Same shape, same settings, same engine."""

from __future__ import annotations

from collections.abc import Mapping
from types import TracebackType
from typing import Any, Self, TypeVar

from pydantic import BaseModel

from ._config import RetryPolicy, Timeout
from ._connector import Credentials, Operation
from ._credentials import load_credentials
from ._engine import CallSettings, FlowHooks, adrive, drive, run_operation
from ._models import CreateCustomerRequest, CreateCustomerResponse, validate_model
from ._plugins import Connector, registry
from ._transport import AsyncTransport, Transport, default_async_transport, default_transport

__all__ = ["AsyncClient", "Client"]

CREATE_CUSTOMER = FlowHooks(
    Operation.CREATE_CUSTOMER,
    "paywire_create_customer_request",
    "paywire_create_customer_response",
    CreateCustomerResponse,
)

M = TypeVar("M", bound=BaseModel)


def coerce_request(model: type[M], request: M | Mapping[str, Any] | None, fields: Mapping[str, Any]) -> M:
    """A validated request from a model instance, a mapping, or keyword fields (not both)."""
    if request is not None and fields:
        raise TypeError("pass either a request object or keyword fields, not both")
    return validate_model(model, request if request is not None else fields)


def _retry_policy(retry: RetryPolicy | None, max_retries: int | None, deadline: float | None) -> RetryPolicy:
    """``retry=`` as given, or the defaults with ``max_retries=``/``deadline=`` applied."""
    if retry is not None:
        if max_retries is not None or deadline is not None:
            raise TypeError("pass max_retries and deadline inside retry=RetryPolicy(...), not beside it")
        return retry
    defaults = RetryPolicy()
    return RetryPolicy(
        max_retries=defaults.max_retries if max_retries is None else max_retries,
        deadline=defaults.deadline if deadline is None else deadline,
    )


class _BaseClient:
    def __init__(
        self,
        connector: str,
        *,
        credentials: Mapping[str, Any] | Credentials | None = None,
        base_url: str | None = None,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        deadline: float | None = None,
        retry: RetryPolicy | None = None,
        options: Mapping[str, str] | None = None,
    ) -> None:
        self._connector: Connector = registry().connector(connector)
        info = self._connector.info
        self.credentials: Credentials = load_credentials(connector, info.credentials, credentials)
        self._settings = CallSettings(
            base_url=(base_url.rstrip("/") if base_url else info.base_url),
            timeout=Timeout.of(timeout),
            retry=_retry_policy(retry, max_retries, deadline),
            extras=dict(options or {}),
        )

    @property
    def connector(self) -> str:
        """The connector's name."""
        return self._connector.name

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._connector.name!r}, base_url={self._settings.base_url!r})"


class Client(_BaseClient):
    """A synchronous client for one connector.

    >>> client = paywire.Client("sandbox")
    >>> client.customers.create(email="jane@example.com").connector_customer_id
    'sbx_cus_...'

    ``credentials`` default to the ``PAYWIRE_<CONNECTOR>_<FIELD>`` environment variables.
    ``timeout`` is per attempt, ``deadline`` bounds a whole call with its retries;
    ``retry=paywire.RetryPolicy(...)`` sets every retry knob (backoff, Retry-After cap) at once.
    """

    def __init__(self, connector: str, *, transport: Transport | None = None, **settings: Any) -> None:
        super().__init__(connector, **settings)
        self._transport: Transport = transport or default_transport()
        self.customers = Customers(self)

    def close(self) -> None:
        """Close pooled connections."""
        self._transport.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: tuple[type[BaseException] | None, BaseException | None, TracebackType | None]) -> None:
        self.close()


class AsyncClient(_BaseClient):
    """An asyncio client for one connector; the same settings and behaviour as ``Client``.

    Its transport, unless ``transport=`` names one: ``AiohttpTransport`` when aiohttp is installed
    (``pip install paywire[aiohttp]``: several times the creates per second), else
    ``AsyncHttpxTransport`` (see ``paywire.default_async_transport``). Any number of creates may
    be in flight: beyond the transport's connections they wait their turn.
    """

    def __init__(self, connector: str, *, transport: AsyncTransport | None = None, **settings: Any) -> None:
        super().__init__(connector, **settings)
        self._transport: AsyncTransport = transport or default_async_transport()
        self.customers = AsyncCustomers(self)

    async def aclose(self) -> None:
        """Close pooled connections."""
        await self._transport.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


class Customers:
    """``client.customers``: customer operations."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def create(
        self,
        request: CreateCustomerRequest | Mapping[str, Any] | None = None,
        /,
        *,
        idempotency_key: str | None = None,
        **fields: Any,
    ) -> CreateCustomerResponse:
        """Create a customer at the processor; returns its ``connector_customer_id``.

        Pass a ``CreateCustomerRequest`` or its fields as keywords. Input is validated before
        anything is sent. ``idempotency_key`` is generated when absent and reused on retries.
        """
        c = self._client
        req = coerce_request(CreateCustomerRequest, request, fields)
        result: CreateCustomerResponse = drive(
            run_operation(c._connector, CREATE_CUSTOMER, req, c.credentials, c._settings, idempotency_key),
            c._transport,
        )
        return result


class AsyncCustomers:
    """``client.customers`` of an ``AsyncClient``."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def create(
        self,
        request: CreateCustomerRequest | Mapping[str, Any] | None = None,
        /,
        *,
        idempotency_key: str | None = None,
        **fields: Any,
    ) -> CreateCustomerResponse:
        """Create a customer at the processor (see ``Customers.create``)."""
        c = self._client
        req = coerce_request(CreateCustomerRequest, request, fields)
        result: CreateCustomerResponse = await adrive(
            run_operation(c._connector, CREATE_CUSTOMER, req, c.credentials, c._settings, idempotency_key),
            c._transport,
        )
        return result
