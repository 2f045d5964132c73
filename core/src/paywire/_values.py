"""Reading canonical values, without importing the canonical models (plugins import this at load)."""

from __future__ import annotations

from pydantic import SecretStr

__all__ = ["plain"]


def plain(value: SecretStr | str | None) -> str | None:
    """The text of a canonical value, ``SecretStr`` or ``str`` (None stays None)."""
    if value is None:
        return None
    return value.get_secret_value() if isinstance(value, SecretStr) else value
