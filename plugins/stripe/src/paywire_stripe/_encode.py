"""Form encoding exactly as Stripe's own bindings do it (stripe-python ``_encode.py``).

Nested values use bracket keys (``address[city]``, ``shipping[address][line1]``), lists are
indexed (``preferred_locales[0]``), booleans are ``true``/``false``, ``None`` is left out, text
is UTF-8 percent-encoded with spaces as ``+``, and brackets are sent unescaped.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

__all__ = ["encode_form", "flatten"]


def _scalar(value: str | int | float | bool) -> str:
    if isinstance(value, bool):  # before int: bool is an int
        return "true" if value else "false"
    return str(value)


def _pairs(key: str, value: Any) -> Iterator[tuple[str, str]]:
    if value is None:
        return
    if isinstance(value, Mapping):
        for sub_key, sub_value in value.items():
            yield from _pairs(f"{key}[{sub_key}]", sub_value)
    elif isinstance(value, Sequence) and not isinstance(value, str | bytes):
        for index, item in enumerate(value):
            yield from _pairs(f"{key}[{index}]", item)
    else:
        yield key, _scalar(value)


def flatten(params: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The ``(bracket key, text value)`` pairs of nested ``params``, in order, ``None`` left out."""
    return [pair for key, value in params.items() for pair in _pairs(key, value)]


def encode_form(params: Mapping[str, Any]) -> bytes:
    """The ``application/x-www-form-urlencoded`` body Stripe's bindings send for ``params``."""
    return urlencode(flatten(params), safe="[]").encode("ascii")
