"""Canonical fields by dotted path, and the checks the core makes for every connector before any
hook runs: the ``test_mode`` contradiction, declared unsupported fields, declared limits."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, SecretStr

from ._connector import ConnectorInfo, Credentials, Limit
from ._exceptions import FieldErrors
from ._models import Address, CreateCustomerRequest

__all__ = ["ADDRESS_PARTS", "CANONICAL_FIELDS", "check_request", "field_value", "set_fields"]

ADDRESS_PARTS: tuple[str, ...] = tuple(Address.model_fields)

CANONICAL_FIELDS: tuple[str, ...] = (
    "merchant_customer_id",
    "customer_name",
    "email",
    "phone_number",
    "description",
    "preferred_locales",
    *(f"address.{kind}.{part}" for kind in ("billing_address", "shipping_address") for part in ADDRESS_PARTS),
    "metadata",
    "connector_feature_data",
)
"""Every leaf field of ``CreateCustomerRequest`` that carries data to a processor (``test_mode``
decides behaviour and never travels)."""


def _plain(value: Any) -> Any:
    return value.get_secret_value() if isinstance(value, SecretStr) else value


def field_value(request: BaseModel, path: str) -> Any:
    """The value at the dotted ``path`` (``address.billing_address.city``), secrets revealed;
    None when it or a parent is absent."""
    node: Any = request
    for part in path.split("."):
        node = getattr(node, part, None) if isinstance(node, BaseModel) else None
        if node is None:
            return None
    return _plain(node)


def set_fields(request: CreateCustomerRequest) -> Iterator[tuple[str, Any]]:
    """``(path, value)`` for every canonical field ``request`` sets (empty lists and maps are unset)."""
    for path in CANONICAL_FIELDS:
        value = field_value(request, path)
        if _set(value):
            yield path, value


def _under(path: str, entry: str) -> bool:
    return path == entry or path.startswith(entry + ".")


def _check_limit(errors: FieldErrors, path: str, value: Any, limit: Limit) -> None:
    """Record where ``value`` (text, a list of text, or a text map) exceeds ``limit``."""
    if isinstance(value, str):
        if limit.max_length is not None:
            errors.max_length(path, value, limit.max_length)
        return
    if limit.max_items is not None and len(value) > limit.max_items:
        errors.add(path, f"{errors.processor} holds at most {limit.max_items} items", "too_long")
    pairs = value.items() if isinstance(value, dict) else ((None, item) for item in value)
    for key, item in pairs:
        where = path if key is None else f"{path}.{key}"
        if key is not None and limit.key_max_length is not None and len(key) > limit.key_max_length:
            errors.add(where, f"{errors.processor} keys are at most {limit.key_max_length} characters", "too_long")
        if limit.max_length is not None:
            errors.max_length(where, item, limit.max_length)


@functools.cache
def _leaves(entry: str) -> tuple[str, ...]:
    """The canonical fields at or under ``entry`` (``address.shipping_address``: its 12 parts)."""
    return tuple(path for path in CANONICAL_FIELDS if _under(path, entry))


def _set(value: Any) -> bool:
    return value is not None and value != {} and value != ()


def check_request(info: ConnectorInfo, request: CreateCustomerRequest, credentials: Credentials) -> FieldErrors:
    """Every field ``info`` says the processor cannot take as given: ``test_mode`` with live
    credentials, a declared unsupported field, a value beyond a declared limit (in canonical
    field order)."""
    errors = FieldErrors(info.display_name)
    if request.test_mode and credentials.live:
        errors.add("test_mode", f"test_mode is true but the credentials are for {info.display_name}'s live environment")
    found = FieldErrors(info.display_name)
    for path in sorted({leaf for entry in info.unsupported_fields for leaf in _leaves(entry)}):
        if _set(field_value(request, path)):
            found.add(path, f"{info.display_name} has no place for this field", "not_supported")
    for path, limit in info.limits.items():
        value = field_value(request, path)
        if _set(value):
            _check_limit(found, path, value, limit)
    errors.items.extend(sorted(found.items, key=lambda error: _position(error.field)))
    return errors


def _position(path: str) -> int:
    """Where the canonical field ``path`` (or the field it is part of, ``metadata.<key>``) comes."""
    return next((i for i, field in enumerate(CANONICAL_FIELDS) if _under(path, field)), len(CANONICAL_FIELDS))
