"""Keeping secrets out of text: the one redaction the core, the CLI and the harness all use.

``redact(text, secrets)`` masks every secret value and every URL's user info and query;
``secret_values(credentials)`` lists what a credentials model holds that must never be shown.
Used on error and reporting paths only, so it may be thorough rather than fast.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import BaseModel, SecretBytes, SecretStr

__all__ = ["MASK", "redact", "redact_url", "secret_values"]

MASK = "***"

SHORTEST_SECRET = 4
"""Shorter values are not masked: searching for them would mangle ordinary text."""

# scheme://[userinfo@]host[:port][/path][?query][#fragment], as found inside free text.
_URL = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)(?:[^/\s@'\"<>]*@)?(?P<rest>[^\s'\"<>]*)")


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
    """``text`` with every secret value replaced by ``***`` and every URL made safe (``redact_url``)."""
    # Longest first, so a secret containing another is masked whole.
    for secret in sorted({s for s in secrets if len(s) >= SHORTEST_SECRET}, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return redact_url(text) if "://" in text else text


def secret_values(credentials: BaseModel) -> list[str]:
    """Every secret value a credentials model holds (its ``SecretStr``/``SecretBytes`` fields)."""
    found: list[str] = []
    for name in type(credentials).model_fields:
        value = getattr(credentials, name, None)
        if isinstance(value, SecretStr):
            found.append(value.get_secret_value())
        elif isinstance(value, SecretBytes):
            found.append(value.get_secret_value().decode("utf-8", "replace"))
    return [value for value in found if value]
