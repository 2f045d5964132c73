"""Form encoding exactly as Stripe's own bindings do it (stripe-python ``_encode.py``).

Nested values use bracket keys (``address[city]``, ``shipping[address][line1]``), lists are
indexed (``preferred_locales[0]``), booleans are ``true``/``false``, ``None`` is left out, text
is UTF-8 percent-encoded with spaces as ``+``, and brackets are sent unescaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import quote_plus

__all__ = ["encode_form", "flatten"]


def _scalar(value: object) -> str:
    if isinstance(value, bool):  # before int: bool is an int
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    raise TypeError(f"cannot form-encode a {type(value).__name__}")


def _pairs(key: str, value: Any) -> Iterator[tuple[str, str]]:
    if type(value) is str:  # the common case first: no ABC checks for plain text
        yield key, value
        return
    if value is None:
        return
    if isinstance(value, dict | Mapping):
        for sub_key, sub_value in value.items():
            yield from _pairs(f"{key}[{sub_key}]", sub_value)
    elif isinstance(value, Sequence) and not isinstance(value, str | bytes):
        for index, item in enumerate(value):
            yield from _pairs(f"{key}[{index}]", item)
    else:
        yield key, _scalar(value)


def flatten(params: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The ``(bracket key, text value)`` pairs of nested ``params``, in order, ``None`` left out."""
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        pairs.extend(_pairs(key, value))
    return pairs


# Characters sent as they are: those quote_plus never escapes, and brackets (the common case).
_VERBATIM = re.compile(r"[A-Za-z0-9_.~\[\]-]*")
# quote_plus's escapes for the other ASCII characters: "+" for a space, "%XX" for the rest.
_ASCII_ESCAPES = {c: "+" if c == 32 else f"%{c:02X}" for c in range(128) if not _VERBATIM.fullmatch(chr(c))}


def _quote(text: str) -> str:
    """``quote_plus(text, safe="[]")``: brackets stay unescaped, as the bindings send them."""
    if _VERBATIM.fullmatch(text):
        return text
    return text.translate(_ASCII_ESCAPES) if text.isascii() else quote_plus(text, safe="[]")


def encode_form(params: Mapping[str, Any]) -> bytes:
    """The ``application/x-www-form-urlencoded`` body Stripe's bindings send for ``params``."""
    return "&".join(f"{_quote(key)}={_quote(value)}" for key, value in flatten(params)).encode("ascii")
