"""Loading and validating a connector's credentials, from the host, the environment or a file."""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, get_args

import pydantic
from pydantic import SecretStr

from ._connector import Credentials
from ._exceptions import ConfigurationError, FieldError
from ._models import field_errors_from
from ._redact import redact

__all__ = ["credentials_from_env", "credentials_from_file", "load_credentials"]


def env_prefix(connector: str) -> str:
    """``PAYWIRE_STRIPE_`` for ``stripe``."""
    return "PAYWIRE_" + connector.upper().replace("-", "_") + "_"


def credentials_from_env(
    connector: str, model: type[Credentials], environ: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The credential fields of ``model`` found as ``PAYWIRE_<CONNECTOR>_<FIELD>`` variables."""
    environ = os.environ if environ is None else environ
    prefix = env_prefix(connector)
    found = {}
    for field in model.model_fields:
        value = environ.get(prefix + field.upper())
        if value is not None:
            found[field] = value
    return found


def credentials_from_file(path: str | Path, connector: str) -> dict[str, Any]:
    """The ``[<connector>]`` table of a TOML file, or the ``"<connector>"`` object of a JSON file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    except (OSError, ValueError) as exc:
        # The parser's message may quote a line of the file, which may hold a key: say only where.
        raise ConfigurationError(f"cannot read credentials file {str(path)!r}: {type(exc).__name__}") from None
    section = data.get(connector) if isinstance(data, dict) else None
    if not isinstance(section, dict):
        raise ConfigurationError(f"credentials file {str(path)!r} has no [{connector}] section")
    return section


def _may_be_secret(model: type[Credentials], name: str, value: object) -> bool:
    """A value given for a secret field, or for an unknown (perhaps misspelled) one."""
    if not isinstance(value, str | SecretStr):
        return False
    field = model.model_fields.get(name)
    return field is None or field.annotation is SecretStr or SecretStr in get_args(field.annotation)


def _plain(value: str | SecretStr) -> str:
    return value.get_secret_value() if isinstance(value, SecretStr) else value


def load_credentials(
    connector: str, model: type[Credentials], given: Mapping[str, Any] | Credentials | None
) -> Credentials:
    """Validate ``given`` (or, when None, the environment) against ``model``.

    A missing or malformed field raises ``ConfigurationError`` naming the field; no value given
    ever appears in the message, even if a plugin's validator quotes it.
    """
    if isinstance(given, model):
        return given
    if isinstance(given, Credentials):
        raise ConfigurationError(f"credentials for {connector} must be {model.__name__}, not {type(given).__name__}")
    data = credentials_from_env(connector, model) if given is None else dict(given)
    try:
        return model.model_validate(data)
    except pydantic.ValidationError as exc:
        secrets = [_plain(value) for name, value in data.items() if _may_be_secret(model, name, value)]
        errors = [FieldError(e.field, redact(e.message, secrets), e.type) for e in field_errors_from(exc, model)]
        where = "" if given is not None else f" (read from {env_prefix(connector)}* variables)"
        raise ConfigurationError(f"invalid credentials for {connector}{where}", errors) from None
