"""``Client`` and ``AsyncClient``: the host API. Same shape, same settings, same engine."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from types import TracebackType
from typing import Any, Self

from pydantic import SecretStr

from ._config import RetryPolicy, Timeout
from ._connector import AccessToken, Capability, ConnectorInfo, Credentials
from ._credentials import load_credentials
from ._engine import CallSettings, adrive, drive, prepare_request, run_operation, run_token_exchange
from ._exceptions import ConfigurationError, FieldError
from ._http import HttpRequest
from ._models import CreateCustomerRequest, CreateCustomerResponse, validate_model
from ._plugins import Connector, registry
from ._tokens import TokenCache
from ._transport import AsyncTransport, Transport, default_async_transport, default_transport

__all__ = ["AsyncClient", "Client"]


def coerce_request(request: CreateCustomerRequest | Mapping[str, Any] | None, fields: Mapping[str, Any]) -> Any:
    """A validated request from a model instance, a mapping, or keyword fields (not both)."""
    if request is not None and fields:
        raise TypeError("pass either a request object or keyword fields, not both")
    return validate_model(CreateCustomerRequest, request if request is not None else fields)


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


def check_options(info: ConnectorInfo, given: Mapping[str, Any] | None) -> dict[str, str]:
    """Every option ``info`` declares, from ``given`` or its default; ``ConfigurationError`` naming
    each unknown or invalid one."""
    declared = {option.name: option for option in info.options}
    errors: list[FieldError] = []
    for name in given or {}:
        if name not in declared:
            hint = difflib.get_close_matches(name, list(declared), n=1)
            known = f"known: {', '.join(declared)}" if declared else f"{info.name} takes no options"
            errors.append(
                FieldError(
                    f"options.{name}", f"unknown option ({f'did you mean {hint[0]!r}? ' if hint else ''}{known})"
                )
            )
    values = {name: (given or {}).get(name, option.default) for name, option in declared.items()}
    for name, value in values.items():
        problem = declared[name].check(value)
        if problem is not None:
            errors.append(FieldError(f"options.{name}", problem))
    if errors:
        raise ConfigurationError(f"invalid options for {info.name}", errors)
    return values


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
        options = check_options(info, options)
        url = base_url or info.base_url_for(self.credentials)
        if url is None and Capability.REMOTE in info.operations.values():
            raise ConfigurationError(f"{connector} declares no base URL: give base_url=")
        headers = {"User-Agent": self._connector.user_agent}
        headers.update({o.header: options[o.name] for o in info.options if o.header})
        self._settings = CallSettings(
            base_url=(url or "").rstrip("/"),
            timeout=Timeout.of(timeout),
            retry=_retry_policy(retry, max_retries, deadline),
            options=options,
            headers=headers,
            tokens=TokenCache() if info.token else None,
        )

    @property
    def connector(self) -> str:
        """The connector's name."""
        return self._connector.name

    @property
    def base_url(self) -> str:
        """Where requests go: ``base_url=`` as given, else the connector's URL for these credentials."""
        return self._settings.base_url

    @property
    def options(self) -> Mapping[str, str]:
        """The connector's options: those given, and the defaults of the others."""
        return self._settings.options

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._connector.name!r}, base_url={self._settings.base_url!r})"


class Client(_BaseClient):
    """A synchronous client for one connector.

    >>> client = paywire.Client("sandbox")
    >>> client.customers.create(email="jane@example.com").connector_customer_id
    'sbx_cus_...'

    ``credentials`` default to the ``PAYWIRE_<CONNECTOR>_<FIELD>`` environment variables.
    ``timeout`` is per attempt, ``deadline`` bounds a whole call with its retries;
    ``retry=paywire.RetryPolicy(...)`` sets every retry knob (backoff, Retry-After cap) at once;
    ``options=`` the connector's options (``paywire connectors --json`` lists them).
    """

    def __init__(self, connector: str, *, transport: Transport | None = None, **settings: Any) -> None:
        super().__init__(connector, **settings)
        self._transport: Transport = transport or default_transport()
        self.customers = Customers(self)

    def _token(self, stale: SecretStr | None) -> SecretStr:
        tokens = self._settings.tokens
        assert tokens is not None

        def exchange() -> AccessToken:
            token: AccessToken = drive(
                run_token_exchange(self._connector, self.credentials, self._settings), self._transport
            )
            return token

        return tokens.get(stale, exchange)

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

    async def _token(self, stale: SecretStr | None) -> SecretStr:
        tokens = self._settings.tokens
        assert tokens is not None

        async def exchange() -> AccessToken:
            token: AccessToken = await adrive(
                run_token_exchange(self._connector, self.credentials, self._settings), self._transport
            )
            return token

        return await tokens.aget(stale, exchange)

    async def aclose(self) -> None:
        """Close pooled connections."""
        await self._transport.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


class _Prepare:
    _client: _BaseClient

    def prepare(
        self,
        request: CreateCustomerRequest | Mapping[str, Any] | None = None,
        /,
        *,
        idempotency_key: str | None = None,
        **fields: Any,
    ) -> HttpRequest:
        """The request ``create`` would send first, built but not sent (a dry run): every check
        ``create`` makes, the connector's request, and what the core adds (``User-Agent``, option
        headers, the idempotency key). A token-based connector's request carries the client's
        current token, or a placeholder when it holds none. ``NotSupportedError`` for a connector
        that computes customers locally."""
        c = self._client
        return prepare_request(
            c._connector, coerce_request(request, fields), c.credentials, c._settings, idempotency_key
        )


class Customers(_Prepare):
    """``client.customers``: customer operations."""

    _client: Client

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
        operation = run_operation(
            c._connector, coerce_request(request, fields), c.credentials, c._settings, idempotency_key
        )
        result: CreateCustomerResponse = drive(operation, c._transport, c._token)
        return result


class AsyncCustomers(_Prepare):
    """``client.customers`` of an ``AsyncClient``."""

    _client: AsyncClient

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
        operation = run_operation(
            c._connector, coerce_request(request, fields), c.credentials, c._settings, idempotency_key
        )
        result: CreateCustomerResponse = await adrive(operation, c._transport, c._token)
        return result
