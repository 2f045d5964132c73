"""``paywire-harness record``: record scenarios against a processor's test environment.

Real credentials come from ``PAYWIRE_<CONNECTOR>_<FIELD>``. Before anything is written, every
credential value is replaced, in requests and responses alike, by the fake value of the same field
in ``harness.toml`` (so the replay, which uses those fakes, matches) or a ``redacted`` placeholder;
auth headers end up holding placeholders. Live keys are refused. A cassette recorded against
``--base-url`` is rewritten to the connector's default base URL.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

import vcr
from pydantic import SecretStr

import paywire

from ._config import ConfigError, cassette_dir_for, fake_credentials, load_config
from ._lint import AUTH_HEADERS, lint_cassette
from ._replay import ScenarioFailure, _check_call
from .scenarios import SCENARIOS, Scenario

__all__ = ["RecordRefused", "record"]


class RecordRefused(Exception):
    """Recording cannot start (unknown connector or scenario, live key, no credentials): exit 2."""


def _secrets(credentials: paywire.Credentials) -> dict[str, str]:
    """The credentials' secret values by field name."""
    out = {}
    for name in type(credentials).model_fields:
        value = getattr(credentials, name, None)
        if isinstance(value, SecretStr) and value.get_secret_value():
            out[name] = value.get_secret_value()
    return out


def refuse_live(credentials: paywire.Credentials) -> None:
    """Raise ``RecordRefused`` for live credentials (as the connector's credentials model says):
    cassettes are recorded against test environments only."""
    if credentials.live:
        raise RecordRefused("the credentials are live credentials (their model says so): record with test ones only")


class Scrubber:
    """Replaces credential values (and the recording base URL) in what vcrpy is about to write."""

    def __init__(
        self,
        replacements: Mapping[str, str],
        auth_headers: frozenset[str],
        base_url: str | None = None,
        default_base_url: str | None = None,
    ) -> None:
        # Longest first, so a value containing another is replaced whole.
        self.pairs = sorted(((k, v) for k, v in replacements.items() if len(k) >= 4), key=lambda p: -len(p[0]))
        self.auth_headers = auth_headers | AUTH_HEADERS
        self.base_url = base_url.rstrip("/") if base_url else None
        self.default_base_url = default_base_url.rstrip("/") if default_base_url else None
        self.rewrites: list[tuple[str, str]] = []
        if self.base_url and self.default_base_url:
            # The whole base URL first, then its host[:port] (the Host header, absolute links).
            self.rewrites = [
                (self.base_url, self.default_base_url),
                (urlsplit(self.base_url).netloc, urlsplit(self.default_base_url).netloc),
            ]

    def text(self, value: str) -> str:
        for secret, placeholder in self.pairs:
            value = value.replace(secret, placeholder)
        for old, new in self.rewrites:
            value = value.replace(old, new)
        return value

    def data(self, value: Any) -> Any:
        if isinstance(value, bytes):
            for secret, placeholder in self.pairs:
                value = value.replace(secret.encode(), placeholder.encode())
            for old, new in self.rewrites:
                value = value.replace(old.encode(), new.encode())
            return value
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.data(v) for v in value]
        return value

    def _header(self, name: str, value: Any) -> Any:
        value = self.data(value)
        if name.lower() in self.auth_headers:
            values = value if isinstance(value, list) else [value]
            cleaned = ["Basic <redacted>" if str(v).lower().startswith("basic ") else v for v in values]
            value = cleaned if isinstance(value, list) else cleaned[0]
        return value

    def request(self, request: Any) -> Any:
        """vcrpy ``before_record_request`` (it hands us a copy)."""
        request.uri = self.text(request.uri)
        if request.body is not None:
            request.body = self.data(request.body)
        for name in list(request.headers):
            request.headers[name] = self._header(name, request.headers[name])
        return request

    def response(self, response: dict[str, Any]) -> dict[str, Any]:
        """vcrpy ``before_record_response``."""
        body = response.get("body")
        if isinstance(body, dict) and "string" in body:
            body["string"] = self.data(body["string"])
        headers = response.get("headers") or {}
        for name in list(headers):
            headers[name] = self._header(name, headers[name])
        return response


def _pick_scenarios(names: Sequence[str]) -> list[Scenario]:
    known = {s.name: s for s in SCENARIOS}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise RecordRefused(f"unknown scenario(s) {', '.join(unknown)}; known: {', '.join(known)}")
    if not names:
        raise RecordRefused("give at least one --scenario")
    return [known[n] for n in dict.fromkeys(names)]


def record(
    connector_name: str,
    scenario_names: Sequence[str],
    *,
    base_url: str | None = None,
    cassettes: Path | None = None,
    environ: Mapping[str, str] | None = None,
    out: TextIO | None = None,
) -> int:
    """Record the scenarios; returns 0 when every cassette was written and behaved as expected."""
    out = out or sys.stderr
    environ = os.environ if environ is None else environ
    try:
        connector = paywire.registry().connector(connector_name)
    except paywire.PaywireError as exc:
        raise RecordRefused(str(exc)) from None
    info = connector.info
    if info.capability(paywire.Operation.CREATE_CUSTOMER) is not paywire.Capability.REMOTE:
        raise RecordRefused(f"{connector_name} does not call a processor for customers.create: nothing to record")
    scenarios = _pick_scenarios(scenario_names)
    try:
        directory = cassette_dir_for(connector_name, cassettes) or Path.cwd() / "cassettes" / connector_name
        config = load_config(directory)
    except ConfigError as exc:
        raise RecordRefused(str(exc)) from None
    model = info.credentials
    found = paywire.credentials_from_env(connector_name, model, environ)
    try:
        real = paywire.load_credentials(connector_name, model, found)
    except paywire.ConfigurationError as exc:
        raise RecordRefused(
            f"{exc} (set {' '.join('PAYWIRE_' + connector_name.upper() + '_' + f.upper() for f in model.model_fields)})"
        ) from None
    refuse_live(real)
    fake = paywire.load_credentials(connector_name, model, config.credentials or fake_credentials(model))
    fakes = _secrets(fake)
    real_values = _secrets(real)
    replacements = {value: fakes.get(name, f"paywire_harness_redacted_{name}") for name, value in real_values.items()}
    scrubber = Scrubber(replacements, info.auth_headers, base_url, info.base_url_for(fake))
    directory.mkdir(parents=True, exist_ok=True)
    recorder = vcr.VCR(
        record_mode="all",
        decode_compressed_response=True,
        before_record_request=scrubber.request,
        before_record_response=scrubber.response,
    )
    status = 0
    for scenario in scenarios:
        path = directory / f"{scenario.name}.yaml"
        path.unlink(missing_ok=True)
        credentials: Any = fake if scenario.name == "bad_credentials" else real
        note = "outcome as expected"
        with (
            recorder.use_cassette(str(path)) as cassette,
            paywire.Client(
                connector_name, credentials=credentials, base_url=base_url, max_retries=scenario.max_retries
            ) as client,
        ):
            for index, call in enumerate(scenario.calls, 1):
                try:
                    outcome: Any = client.customers.create(call.canonical(info), idempotency_key=call.idempotency_key)
                except paywire.ConnectorError as exc:
                    outcome = exc
                except Exception as exc:
                    note, status = f"call {index} raised {type(exc).__name__}", 1
                    break
                try:
                    _check_call(index, call, outcome, info)
                except ScenarioFailure as exc:
                    note, status = f"outcome differs from the scenario: {exc}", 1
        interactions = len(cassette)
        if not path.is_file():
            out.write(f"{scenario.name}: nothing recorded ({note})\n")
            status = 1
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if any(len(v) >= 4 and v in text for v in real_values.values()):
            path.unlink()
            out.write(f"{scenario.name}: a credential survived scrubbing; {path} was deleted\n")
            status = 1
            continue
        findings = lint_cassette(path, fakes.values(), info.auth_headers)
        for finding in findings:
            out.write(f"{scenario.name}: lint: {finding}\n")
        if findings:
            status = 1
        out.write(f"recorded {path}: {interactions} interaction(s); {note}\n")
    return status
