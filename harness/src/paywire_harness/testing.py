"""What a connector package's own tests need besides its fake (``paywire_harness.fake``).

- ``outcome``: what a client gives when the processor answers some replies (``reply``), with no
  server;
- ``record_cassettes``: the ``main`` of a ``make_cassettes.py`` that records every scenario
  against the connector's fake with ``paywire-harness record --fake``;
- ``check_rerecording``: recording again writes exactly the committed files;
- ``check_proven``: the harness proves every scenario from the cassettes the installed package
  ships (its static checks and scenarios, from any folder).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import paywire

from ._checks import CheckResult
from ._expect import EXPECT_SUFFIX
from ._record import record
from ._runner import all_checks, plan, run_plan
from .fake import FakeProcessor

__all__ = ["Replying", "check_proven", "check_rerecording", "outcome", "record_cassettes", "reply"]


def reply(status: int, body: Any = None, **headers: str) -> paywire.HttpResponse:
    """A processor's reply for ``outcome``: ``body`` as JSON (``bytes`` as they are), header names
    from keywords (``request_id="req_1"`` is ``request-id``), JSON content type unless given."""
    raw = body if isinstance(body, bytes) else b"" if body is None else json.dumps(body).encode()
    named = {name.replace("_", "-"): value for name, value in headers.items()}
    return paywire.HttpResponse(status, {"content-type": "application/json", **named}, raw)


class Replying:
    """A transport answering each request with the next canned reply (the last one repeats)."""

    def __init__(self, *responses: paywire.HttpResponse) -> None:
        if not responses:
            raise ValueError("Replying needs at least one reply")
        self.responses = list(responses)
        self.sent: list[paywire.HttpRequest] = []

    def send(self, request: paywire.HttpRequest, timeout: paywire.Timeout) -> paywire.HttpResponse:
        self.sent.append(request)
        return self.responses.pop(0) if len(self.responses) > 1 else self.responses[0]

    def close(self) -> None:
        pass


def outcome(
    connector: str,
    *responses: paywire.HttpResponse,
    request: Mapping[str, Any] | paywire.CreateCustomerRequest | None = None,
    credentials: Mapping[str, Any] | None = None,
    max_retries: int = 0,
    idempotency_key: str = "idem-1",
    **client: Any,
) -> paywire.CreateCustomerResponse | paywire.PaywireError:
    """What ``client.customers.create(request)`` gives when the processor answers ``responses``
    in turn: the customer, or the error raised (the core's work included: the request id, retries,
    redaction). ``credentials``: the connector's declared example credentials unless given."""
    from ._config import fake_credentials

    info = paywire.registry().connector(connector).info
    values = credentials if credentials is not None else fake_credentials(info.credentials)
    retry = paywire.RetryPolicy(max_retries=max_retries, backoff=0.001, max_backoff=0.01)
    with paywire.Client(connector, credentials=values, transport=Replying(*responses), retry=retry, **client) as c:
        try:
            return c.customers.create(request or {"email": "jane@example.com"}, idempotency_key=idempotency_key)
        except paywire.PaywireError as exc:
            return exc


def record_cassettes(
    connector: str,
    fake: Callable[[], FakeProcessor],
    *,
    committed: Path,
    environ: Mapping[str, str],
    argv: list[str] | None = None,
) -> int:
    """The ``main`` of a ``make_cassettes.py``: record every scenario (and every connector-specific
    one of ``committed``) against ``fake()`` into ``committed``, or ``--out DIR``, accepting the
    expectations it proposes; ``-q`` prints nothing. ``environ`` holds the "real" test credentials
    the fake accepts (``PAYWIRE_<CONNECTOR>_<FIELD>``): never written, the fakes are."""
    parser = argparse.ArgumentParser(description=f"Record cassettes/{connector}/ against a fake {connector}.")
    parser.add_argument("--out", type=Path, default=committed)
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing")
    args = parser.parse_args(argv)
    if args.out.resolve() != committed.resolve():  # start from the committed scenario definitions
        args.out.mkdir(parents=True, exist_ok=True)
        for path in committed.iterdir():
            if path.name == "harness.toml" or path.name.endswith(EXPECT_SUFFIX):
                shutil.copy(path, args.out / path.name)
    with fake() as server, open(os.devnull, "w") as devnull:
        return record(
            connector,
            [],
            base_url=server.url,
            cassettes=args.out,
            environ=environ,
            accept=True,
            fake=True,
            out=devnull if args.quiet else sys.stderr,
        )


def check_rerecording(main: Callable[[list[str]], int], committed: Path, tmp: Path) -> None:
    """Recording into ``tmp`` with ``main`` (a ``make_cassettes.py``'s) writes exactly the files
    of ``committed``, byte for byte (``AssertionError`` naming the first stale file)."""
    assert main(["--out", str(tmp), "-q"]) == 0, "recording failed"
    names = sorted(p.name for p in committed.iterdir() if p.suffix in (".yaml", ".toml"))
    assert sorted(p.name for p in tmp.iterdir()) == names, "recording writes other files than are committed"
    for name in names:
        assert (tmp / name).read_bytes() == (committed / name).read_bytes(), f"{name} is stale: record it again"


def check_proven(connector: str, *, checks: Iterable[str] = ("static:", "scenario:")) -> list[CheckResult]:
    """Run the harness's checks whose names start with ``checks`` on ``connector`` from the
    cassettes its installed package ships (not a local folder), strictly: every one must pass
    and at least one scenario must have run. Returns the results."""
    prefixes = tuple(checks)
    the_plan = plan([connector], strict=True, cwd=Path("/"))
    results = run_plan(the_plan, all_checks(properties=False), select=lambda name: name.startswith(prefixes))
    failed = [f"{r.check}: {r.message}" for r in results if r.outcome == "failed"]
    assert not failed, "\n".join(failed)
    assert any(r.check.startswith("scenario:") and r.outcome == "passed" for r in results), "no scenario ran"
    return results
