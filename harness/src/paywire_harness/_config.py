"""Per-connector configuration: where its cassettes are and its ``harness.toml``.

``<cassettes>/harness.toml``::

    [credentials]          # fake credentials used for replay (never real ones)
    api_key = "sk_test_paywire_harness_fake"

    [skip]                 # scenario or check name -> why it does not apply
    rate_limited = "the processor's test environment cannot be made to rate-limit"

The cassette folder of a connector is, in order: ``--cassettes DIR`` (one connector only), the
package its distribution declares under the ``paywire_harness.cassettes`` entry-point group
(name = connector, value = an importable package holding the cassettes), ``./cassettes/<name>``.
"""

from __future__ import annotations

import importlib.resources
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import pydantic
from pydantic import BaseModel, ConfigDict, Field, SecretStr, StringConstraints

import paywire

from ._checks import Target

__all__ = [
    "CASSETTE_ENTRY_POINT_GROUP",
    "CONFIG_FILE",
    "HarnessConfig",
    "TargetSetup",
    "build_target",
    "cassette_dir_for",
    "load_config",
]

CASSETTE_ENTRY_POINT_GROUP = "paywire_harness.cassettes"
CONFIG_FILE = "harness.toml"

Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class HarnessConfig(BaseModel):
    """A connector's ``harness.toml``; unknown keys are errors, so a typo cannot hide."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    credentials: dict[str, Any] = Field(default_factory=dict)
    """Fake credentials for replay, validated with the connector's credentials model."""
    skip: dict[str, Reason] = Field(default_factory=dict)
    """Scenario or check name -> the non-empty reason it is skipped."""


class ConfigError(Exception):
    """A connector's harness configuration is unusable; the message says where and why."""


def load_config(cassette_dir: Path | None) -> HarnessConfig:
    """The ``harness.toml`` of ``cassette_dir`` (an empty config when there is none)."""
    if cassette_dir is None:
        return HarnessConfig()
    path = cassette_dir / CONFIG_FILE
    if not path.is_file():
        return HarnessConfig()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read: {exc}") from None
    try:
        return HarnessConfig.model_validate(data)
    except pydantic.ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
            for e in exc.errors(include_input=False, include_url=False)
        )
        raise ConfigError(f"{path}: {problems}") from None


def _entry_point_dir(connector: str) -> Path | None:
    from importlib.metadata import entry_points

    for ep in entry_points(group=CASSETTE_ENTRY_POINT_GROUP):
        if ep.name != connector:
            continue
        try:
            root = importlib.resources.files(ep.value)
        except (ImportError, TypeError, ValueError) as exc:
            raise ConfigError(
                f"entry point {CASSETTE_ENTRY_POINT_GROUP}:{ep.name} = {ep.value!r} is not an importable package: {exc}"
            ) from None
        return Path(str(root))
    return None


def cassette_dir_for(connector: str, explicit: Path | None = None, *, cwd: Path | None = None) -> Path | None:
    """Where ``connector``'s cassettes are, or None when it has none anywhere."""
    if explicit is not None:
        return explicit
    declared = _entry_point_dir(connector)
    if declared is not None:
        return declared
    local = (cwd or Path.cwd()) / "cassettes" / connector
    return local if local.is_dir() else None


@dataclass
class TargetSetup:
    """A target ready to check, and the configuration problems found on the way."""

    target: Target
    problems: list[str] = field(default_factory=list)
    unconfigured: bool = False
    """No cassette folder anywhere and no usable fake credentials: the harness cannot exercise this
    connector beyond its static checks (skipped, or failed under ``--strict``)."""


def _secret_values(credentials: BaseModel) -> list[str]:
    values = []
    for name in type(credentials).model_fields:
        value = getattr(credentials, name, None)
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if isinstance(value, str) and value:
            values.append(value)
    return values


def credential_values(credentials: paywire.Credentials) -> list[str]:
    """Every non-empty string value of ``credentials`` (secret or not), for masking."""
    return _secret_values(credentials)


def build_target(
    connector: paywire.Connector,
    *,
    cassettes: Path | None = None,
    strict: bool = False,
    cwd: Path | None = None,
) -> TargetSetup:
    """The ``Target`` for ``connector``: cassette folder, fake credentials and skips."""
    problems: list[str] = []
    unconfigured = False
    cassette_dir: Path | None = None
    config = HarnessConfig()
    try:
        cassette_dir = cassette_dir_for(connector.name, cassettes, cwd=cwd)
        config = load_config(cassette_dir)
    except ConfigError as exc:
        problems.append(str(exc))
    model = connector.info.credentials
    try:
        credentials = paywire.load_credentials(connector.name, model, config.credentials)
    except paywire.ConfigurationError as exc:
        credentials = model.model_construct()
        if cassette_dir is None and not problems:
            unconfigured = True
            problems.append(
                f"no cassette folder and no {CONFIG_FILE} for {connector.name}: give --cassettes DIR, declare a "
                f"'{CASSETTE_ENTRY_POINT_GROUP}' entry point, or create ./cassettes/{connector.name}/{CONFIG_FILE} "
                f"with fake [credentials]"
            )
        else:
            where = (cassette_dir / CONFIG_FILE) if cassette_dir else f"cassettes/{connector.name}/{CONFIG_FILE}"
            problems.append(f"{where}: [credentials] must hold fake credentials for {connector.name}: {exc}")
    target = Target(
        connector=connector, credentials=credentials, cassette_dir=cassette_dir, skips=dict(config.skip), strict=strict
    )
    return TargetSetup(target, problems, unconfigured)
