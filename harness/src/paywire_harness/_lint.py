"""Cassette lint: find anything in a recorded cassette that looks like a real credential or an
unredacted personal e-mail address. Findings never repeat the value they found."""

from __future__ import annotations

import base64
import binascii
import contextlib
import gzip
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .scenarios import SCENARIOS

__all__ = ["Finding", "lint_cassette", "lint_text", "preview", "scenario_emails"]

STRIPE_KEY = re.compile(r"\b(?:sk|rk)_(live|test)_[A-Za-z0-9_]+")
ADYEN_KEY = re.compile(r"\bAQE[A-Za-z0-9+/=_.\-]{40,}")
BEARER = re.compile(r"\bBearer\s+([^\s\"',]+)", re.IGNORECASE)
EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@((?:[A-Za-z0-9\-]+\.)+[A-Za-z]{2,})")
SAFE_DOMAINS = ("example.com", "example.org", "example.net")
SAFE_TLDS = (".test", ".invalid", ".example", ".localhost")
PLACEHOLDER_WORDS = ("fake", "dummy", "redacted", "placeholder", "harness", "xxxx", "***", "<", "scrubbed", "example")
AUTH_HEADERS = frozenset({"authorization", "proxy-authorization", "x-api-key"})


@dataclass(frozen=True)
class Finding:
    """One suspicious value: where it is and what it looks like (never the value itself)."""

    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


def preview(value: str) -> str:
    """A value shortened beyond recognition: its first 8 characters and its length."""
    return f"{value[:8]}… ({len(value)} chars)"


def scenario_emails() -> frozenset[str]:
    """Every e-mail address the scenarios themselves use."""
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, str) and "@" in value:
            found.add(value.lower())

    for scenario in SCENARIOS:
        for call in scenario.calls:
            walk(call.request)
    return frozenset(found)


def _is_placeholder(value: str, fakes: frozenset[str]) -> bool:
    low = value.lower()
    return value in fakes or any(word in low for word in PLACEHOLDER_WORDS)


def _realistic(suffix: str) -> bool:
    """Stripe-like random suffixes: long, mixing letters and digits."""
    return len(suffix) >= 16 and any(c.isdigit() for c in suffix) and any(c.isalpha() for c in suffix)


def _safe_email(address: str, domain: str, allowed: frozenset[str]) -> bool:
    domain = domain.lower()
    if address.lower() in allowed:
        return True
    if any(domain == d or domain.endswith("." + d) for d in SAFE_DOMAINS):
        return True
    return domain.endswith(SAFE_TLDS)


def lint_text(text: str, where: str, fakes: frozenset[str], allowed_emails: frozenset[str]) -> Iterator[Finding]:
    """Findings in one piece of text."""
    for match in STRIPE_KEY.finditer(text):
        key = match.group(0)
        if _is_placeholder(key, fakes):
            continue
        suffix = key.split("_", 2)[2]
        if match.group(1) == "live" or _realistic(suffix):
            yield Finding(
                where,
                f"looks like a real {'live' if match.group(1) == 'live' else 'test'} "
                f"Stripe-style secret key {preview(key)}",
            )
    for match in ADYEN_KEY.finditer(text):
        if not _is_placeholder(match.group(0), fakes):
            yield Finding(where, f"looks like a real Adyen API key {preview(match.group(0))}")
    for match in BEARER.finditer(text):
        token = match.group(1)
        if not _is_placeholder(token, fakes) and not STRIPE_KEY.fullmatch(token):
            yield Finding(where, f"Authorization: Bearer value {preview(token)} is not a placeholder")
    for match in EMAIL.finditer(text):
        if not _safe_email(match.group(0), match.group(1), allowed_emails):
            local, _, domain = match.group(0).partition("@")
            yield Finding(where, f"unredacted personal e-mail address {local[:1]}***@{domain}")


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        data: bytes = value
        if data[:2] == b"\x1f\x8b":
            with contextlib.suppress(OSError, EOFError):
                data = gzip.decompress(data)
        return data.decode("utf-8", "replace")
    return "" if value is None else str(value)


def _header_values(headers: Any) -> Iterable[tuple[str, str]]:
    if not isinstance(headers, dict):
        return
    for name, values in headers.items():
        for value in values if isinstance(values, list) else [values]:
            yield str(name), _text(value)


def _auth_header(name: str, value: str, where: str, fakes: frozenset[str]) -> Iterator[Finding]:
    """An auth header must hold a placeholder (or the harness's fake credential)."""
    scheme, _, rest = value.partition(" ")
    if scheme.lower() == "basic" and rest:
        try:
            decoded = base64.b64decode(rest, validate=True).decode("utf-8", "replace")
        except (binascii.Error, ValueError):
            decoded = rest
        if not any(_is_placeholder(part, fakes) for part in decoded.split(":")):
            yield Finding(where, f"Basic credentials {preview(rest)} are not placeholders")
        return
    token = rest if scheme.lower() == "bearer" else value
    if token and not _is_placeholder(token, fakes):
        yield Finding(where, f"value {preview(token)} is not a placeholder or the harness.toml fake")


def _body_field(body: str, path: str) -> str | None:
    """The text at the dotted ``path`` of a JSON body, if there is one."""
    try:
        node: Any = json.loads(body)
    except ValueError:
        return None
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node if isinstance(node, str) else None


def lint_cassette(
    path: Path, fakes: Iterable[str] = (), auth_headers: Iterable[str] = (), auth_body_fields: Iterable[str] = ()
) -> list[Finding]:
    """Every finding in the vcrpy cassette at ``path`` (a YAML file); ``auth_headers`` and
    ``auth_body_fields`` are where the connector declares its credentials travel: they must hold
    the fake credentials or placeholders."""
    fake_set = frozenset(v for v in fakes if v)
    allowed = scenario_emails()
    headers_to_check = AUTH_HEADERS | {h.lower() for h in auth_headers}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return [Finding(path.name, f"cannot be read as a cassette: {type(exc).__name__}")]
    interactions = data.get("interactions") if isinstance(data, dict) else None
    if not isinstance(interactions, list):
        return [Finding(path.name, "no 'interactions' list: not a vcrpy cassette")]
    findings: list[Finding] = []
    for number, interaction in enumerate(interactions, 1):
        if not isinstance(interaction, dict):
            continue
        request = interaction.get("request") or {}
        response = interaction.get("response") or {}
        base = f"{path.name} interaction {number}"
        parts: list[tuple[str, str]] = [
            (f"{base} request uri", _text(request.get("uri"))),
            (f"{base} request body", _text(request.get("body"))),
        ]
        for field in auth_body_fields:
            value = _body_field(_text(request.get("body")), field)
            if value and not _is_placeholder(value, fake_set):
                findings.append(Finding(f"{base} request body {field}", f"value {preview(value)} is not the fake"))
        for name, value in _header_values(request.get("headers")):
            where = f"{base} request header {name}"
            if name.lower() in headers_to_check:
                findings.extend(_auth_header(name, value, where, fake_set))
            else:
                parts.append((where, value))
        body = response.get("body")
        parts.append((f"{base} response body", _text(body.get("string") if isinstance(body, dict) else body)))
        parts.extend((f"{base} response header {n}", v) for n, v in _header_values(response.get("headers")))
        for where, text in parts:
            findings.extend(lint_text(text, where, fake_set, allowed))
    return findings
