"""Keeping secrets out of text: messages of errors raised by plugins, httpx and the network.

Used on error paths only, so it may be thorough rather than fast.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import BaseModel, SecretBytes, SecretStr

__all__ = ["MASK", "credential_values", "redact", "redact_url"]

MASK = "***"

# scheme://[userinfo@]host[:port][/path][?query][#fragment], as found inside free text.
_URL = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)(?:[^/\s@'\"<>]*@)?(?P<rest>[^\s'\"<>]*)")

_SHORTEST_SECRET = 4


def redact_url(url: str) -> str:
    """``url`` without credentials in it: user info, query string and fragment are masked."""
    return _URL.sub(_safe_url, url)


def _safe_url(match: re.Match[str]) -> str:
    rest = match.group("rest")
    for sep in ("?", "#"):
        if sep in rest:
            rest = rest.split(sep, 1)[0] + sep + MASK
    at = match.group(0)[len(match.group("scheme")) :].split("/", 1)[0]
    userinfo = MASK + "@" if "@" in at else ""
    return match.group("scheme") + userinfo + rest


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with every URL made safe (``redact_url``) and every secret value replaced by ``***``."""
    # Longest first, so a secret containing another is masked whole.
    for secret in sorted({s for s in secrets if len(s) >= _SHORTEST_SECRET}, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return redact_url(text) if "://" in text else text


def credential_values(credentials: BaseModel) -> list[str]:
    """Every secret value held by a credentials model (``SecretStr``/``SecretBytes`` fields)."""
    found: list[str] = []
    for name in type(credentials).model_fields:
        value = getattr(credentials, name, None)
        if isinstance(value, SecretStr):
            found.append(value.get_secret_value())
        elif isinstance(value, SecretBytes):
            found.append(value.get_secret_value().decode("utf-8", "replace"))
    return found
