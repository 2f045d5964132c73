"""Record ``cassettes/square/<scenario>.yaml`` by driving the real ``paywire.Client`` against the
local fake Square (``square_fake.py``) under vcrpy, then rewriting the fake's address to the
sandbox base URL the connector uses when the client gives no ``base_url``.

    python examples/square/tests/make_cassettes.py [--out DIR]

Each scenario's fake is scripted to answer as Square does in that situation (401 for another
token, 429, 503, 500 then success...). The Authorization header is replaced by a placeholder and
the fake's Date/Server headers are dropped, so a re-run writes identical files.

Scenarios whose input holds fields Square cannot carry (``UNSUPPORTED_FIELDS``) are recorded with
those fields removed, and declared skipped in ``harness.toml``: the harness replays scenario input
unchanged today (see the README, "Skipped scenarios").
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import vcr
from square_fake import FakeSquare

import paywire
import paywire_square
from paywire_harness.scenarios import SCENARIOS, Scenario

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE.parent / "cassettes" / "square"
TOKEN = "EAAA_fake_paywire_harness_token"
"""The fake token of ``harness.toml`` (never a real one)."""
BASE_URL = paywire_square.BASE_URLS["sandbox"]
MATCH_ON = ("method", "scheme", "host", "port", "path", "query", "body")
AUTH_PLACEHOLDER = "Bearer <SQUARE_ACCESS_TOKEN>"
VOLATILE_REQUEST_HEADERS = frozenset({"authorization", "host", "user-agent", "accept-encoding", "connection"})
"""Replaced (the token, the fake's address) or dropped (they vary with the machine, not the request)."""


def _script(name: str, square: FakeSquare) -> None:
    """Make the fake answer as Square does in scenario ``name``."""
    if name == "bad_credentials":
        square.state.token = "EAAA_fake_some_other_token"
    elif name == "rate_limited":
        square.fail_next(429, "RATE_LIMIT_ERROR", "RATE_LIMITED", "Rate limit exceeded.", {"Retry-After": "1"})
    elif name == "processor_down":
        square.fail_next(503, "API_ERROR", "SERVICE_UNAVAILABLE", "Service unavailable.")
    elif name == "retry_succeeds":
        square.fail_next(500, "API_ERROR", "INTERNAL_SERVER_ERROR", "An internal error has occurred.")


def _rewrite(fake_url: str) -> Callable[[Any], Any]:
    def before_record_request(request: Any) -> Any:
        request.uri = request.uri.replace(fake_url, BASE_URL)
        for key in [k for k in request.headers if k.lower() in VOLATILE_REQUEST_HEADERS]:
            del request.headers[key]
        request.headers["Host"] = BASE_URL.removeprefix("https://")
        request.headers["Authorization"] = AUTH_PLACEHOLDER
        return request

    return before_record_request


def _drop_volatile(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in [n for n in headers if n.lower() in ("date", "server")]:
        del headers[name]
    return response


def record(scenario: Scenario, out: Path) -> Path:
    """Record one scenario's cassette into ``out``; returns its path."""
    path = out / f"{scenario.name}.yaml"
    path.unlink(missing_ok=True)
    with FakeSquare(token=TOKEN) as square:
        _script(scenario.name, square)
        recorder = vcr.VCR(
            record_mode="all",
            match_on=MATCH_ON,
            before_record_request=_rewrite(square.url),
            before_record_response=_drop_volatile,
            decode_compressed_response=True,
        )
        credentials = {"access_token": TOKEN, "environment": "sandbox"}
        with (
            recorder.use_cassette(str(path)),
            paywire.Client(
                "square", credentials=credentials, base_url=square.url, max_retries=scenario.max_retries
            ) as client,
        ):
            for call in scenario.calls:
                request = call.canonical(paywire.registry().connector("square").info)
                try:
                    client.customers.create(request, idempotency_key=call.idempotency_key)
                except paywire.ConnectorError as exc:
                    if call.expect_error is None or exc.code is not call.expect_error:
                        raise
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for scenario in SCENARIOS:
        path = record(scenario, args.out)
        sys.stdout.write(f"recorded {path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
