"""Per-connector configuration: where its cassettes are and its ``harness.toml``.

``<cassettes>/harness.toml``::

    [credentials]          # fake credentials used for replay (never real ones)
    api_key = "sk_test_paywire_harness_fake"

    [skip]                 # scenario or check name -> why it does not apply
    rate_limited = "the processor's test environment cannot be made to rate-limit"

The cassette folder of a connector is, in order: ``--cassettes DIR`` (one connector only), the
folder its distribution declares under the ``paywire_harness.cassettes`` entry-point group
(name = connector, value = a package holding the cassettes, or ``package:folder`` for a folder
inside one), ``./cassettes/<name>``.
"""

from __future__ import annotations

import importlib.resources
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import pydantic
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

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
    """The folder ``connector``'s distribution ships its cassettes in: the entry point's value is
    a package (``paywire_acme_cassettes``) or a folder inside one (``paywire_acme:cassettes``)."""
    from importlib.metadata import entry_points

    for ep in entry_points(group=CASSETTE_ENTRY_POINT_GROUP, name=connector):
        try:
            root = importlib.resources.files(ep.module)
        except (ImportError, TypeError, ValueError) as exc:
            raise ConfigError(
                f"entry point {CASSETTE_ENTRY_POINT_GROUP}:{ep.name} = {ep.value!r} is not an importable package: {exc}"
            ) from None
        folder = Path(str(root)) / ep.attr if ep.attr else Path(str(root))
        if not folder.is_dir():
            raise ConfigError(f"entry point {CASSETTE_ENTRY_POINT_GROUP}:{ep.name} = {ep.value!r}: no folder {folder}")
        return folder
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


def fake_credentials(model: type[paywire.Credentials]) -> dict[str, Any]:
    """Fake credentials the connector declares: each field's first ``examples`` value, else its
    default; fields with neither get a placeholder (and must then be given in harness.toml)."""
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if info.examples:
            values[name] = info.examples[0]
        elif info.is_required():
            values[name] = f"paywire-harness-fake-{name}"
    return values


def _fake(
    connector: paywire.Connector, config: HarnessConfig, cassette_dir: Path | None
) -> tuple[paywire.Credentials, str | None]:
    """The fake credentials to replay with: harness.toml's ``[credentials]``, else the connector's
    declared examples; and what is wrong with them, if anything."""
    model = connector.info.credentials
    problem = None
    for source, values in (("harness.toml", config.credentials), ("examples", fake_credentials(model))):
        if source == "harness.toml" and not values:
            continue
        try:
            credentials = paywire.load_credentials(connector.name, model, values)
        except paywire.ConfigurationError as exc:
            where = cassette_dir / CONFIG_FILE if cassette_dir else CONFIG_FILE
            problem = problem or (
                f"[credentials] in {where} must hold fake credentials for {connector.name}: {exc}"
                if source == "harness.toml"
                else f"no fake credentials for {connector.name}: give its credentials fields examples=[...] "
                f"(pydantic Field) or [credentials] in {CONFIG_FILE}: {exc}"
            )
            continue
        if credentials.live:
            return credentials, f"the fake credentials for {connector.name} are live credentials: use test ones"
        return credentials, problem
    return model.model_construct(), problem


def build_target(
    connector: paywire.Connector,
    *,
    cassettes: Path | None = None,
    strict: bool = False,
    cwd: Path | None = None,
) -> TargetSetup:
    """The ``Target`` for ``connector``: cassette folder, fake credentials and skips."""
    problems: list[str] = []
    cassette_dir: Path | None = None
    config = HarnessConfig()
    try:
        cassette_dir = cassette_dir_for(connector.name, cassettes, cwd=cwd)
        config = load_config(cassette_dir)
    except ConfigError as exc:
        problems.append(str(exc))
    credentials, problem = _fake(connector, config, cassette_dir)
    if problem:
        problems.append(problem)
    target = Target(
        connector=connector, credentials=credentials, cassette_dir=cassette_dir, skips=dict(config.skip), strict=strict
    )
    return TargetSetup(target, problems)
