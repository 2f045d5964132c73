"""The canary: a known fake key and fake personal data through every flow the core can reach, at
DEBUG logging. The key may appear only in the Authorization header the server received; personal
data never in a log record, and neither in any error, repr, CLI output or harness report."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import paywire

from .clients import TIMEOUT, async_client, sync_client
from .fault_server import Fault, FaultServer

CANARY = "sk_test_CANARY0000secret0key00"
PII = {
    "email": "canary.person@example.com",
    "customer_name": "Canaria Quill-Person",
    "phone_number": "+14155550123",
}
PII_VALUES = [*PII.values(), "Quill-Person", "canary.person"]


class Capture(logging.Handler):
    """Every record, rendered with its message, its extra fields and any traceback."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.texts: list[str] = []
        self.records: list[logging.LogRecord] = []
        self._fmt = logging.Formatter()

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        fields = {k: repr(v) for k, v in vars(record).items() if k not in ("msg", "args")}
        self.texts.append(record.getMessage() + " " + json.dumps(fields))
        if record.exc_info:
            self.texts.append(self._fmt.formatException(record.exc_info))


@pytest.fixture
def capture() -> Iterator[Capture]:
    handler = Capture()
    root = logging.getLogger()
    old = root.level
    root.setLevel(logging.DEBUG)
    root.addHandler(handler)  # every logger: paywire, httpx, httpcore, asyncio
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(old)


def _error_texts(exc: BaseException) -> list[str]:
    import traceback

    texts = ["".join(traceback.format_exception(exc))]
    seen: BaseException | None = exc
    while seen is not None:
        texts += [str(seen), repr(seen), *map(str, seen.args), *(repr(v) for v in vars(seen).values())]
        seen = seen.__cause__ or seen.__context__
    return texts


async def _async_flow(connector: str, url: str, call: str, visible: list[str]) -> None:
    async with async_client(connector, url, key=CANARY) as client:
        try:
            visible.append(repr(await client.customers.create(merchant_customer_id=call, **PII)))
        except paywire.PaywireError as exc:
            visible.extend(_error_texts(exc))


FLOWS: list[tuple[str, Any]] = [
    ("success", lambda call, n: Fault.OK),
    ("401", lambda call, n: Fault.UNAUTHORIZED),
    ("503 no retry", lambda call, n: Fault.ERROR_503_NO_RETRY),
    ("retries then success", lambda call, n: [Fault.ERROR_503, Fault.RESET_BEFORE, Fault.OK][min(n, 3) - 1]),
    ("outcome unknown", lambda call, n: Fault.ERROR_500_AFTER),
    ("reset after", lambda call, n: Fault.RESET_AFTER),
    ("stall", lambda call, n: Fault.STALL_BEFORE),
    ("truncated", lambda call, n: Fault.TRUNCATED),
    ("malformed", lambda call, n: Fault.MALFORMED),
    ("oversized", lambda call, n: Fault.OVERSIZED),
    ("drip", lambda call, n: Fault.DRIP),
    ("429", lambda call, n: Fault.RATE_LIMITED),
]


def test_the_canary_key_and_personal_data_leak_nowhere(
    flaky: str, capture: Capture, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    visible: list[str] = []  # everything a host could print: errors, reprs, results
    auth_headers: set[str | None] = set()
    for label, decide in FLOWS:
        with FaultServer(decide=decide, read_timeout=TIMEOUT.read, retry_after="5", oversize=256 * 1024) as server:
            with sync_client(flaky, server.url, key=CANARY) as client:
                visible += [repr(client), repr(client.credentials), str(client.credentials)]
                try:
                    visible.append(repr(client.customers.create(merchant_customer_id=label, **PII)))
                except paywire.PaywireError as exc:
                    visible += _error_texts(exc)

            asyncio.run(_async_flow(flaky, server.url, label + "-a", visible))
        auth_headers |= {seen.authorization for seen in server.seen}
        assert server.seen, label

    # Invalid input (never sent), a bad base URL quoting the key, a refused connection.
    with sync_client(flaky, "http://127.0.0.1:9", key=CANARY) as client:
        for fields in ({"email": "not-an-email " + PII["email"]}, {"phone_number": PII["phone_number"] + "x"}):
            with pytest.raises(paywire.InvalidRequestError) as info:
                client.customers.create(**fields)
            visible += _error_texts(info.value)
    for url in (f"http://user:{CANARY}@127.0.0.1:9/?key={CANARY}", f"ftp://127.0.0.1/{CANARY}"):
        with sync_client(flaky, url, key=CANARY) as client, pytest.raises(paywire.PaywireError) as error:
            client.customers.create(**PII)
        visible += _error_texts(error.value)
    with pytest.raises(paywire.ConfigurationError) as config:
        paywire.Client(flaky, credentials={"api_key": CANARY, "api_secret": CANARY})
    visible += _error_texts(config.value)

    # The CLI, in-process, credentials from the environment.
    monkeypatch.setenv("PAYWIRE_FLAKY_API_KEY", CANARY)
    from paywire._cli import main

    for decide in (lambda call, n: Fault.OK, lambda call, n: Fault.UNAUTHORIZED, lambda c, n: Fault.ERROR_500_AFTER):
        with FaultServer(decide=decide) as server:
            for extra in ([], ["--json"]):
                argv = ["customers", "create", "--connector", flaky, "--base-url", server.url, "--email", PII["email"]]
                main([*argv, "--name", PII["customer_name"], "--max-retries", "1", *extra])
        auth_headers |= {seen.authorization for seen in server.seen}
    out, err = capsys.readouterr()
    visible += [out, err]

    assert auth_headers == {f"Bearer {CANARY}"}  # the key did go out, where it belongs
    everything = visible + capture.texts
    assert capture.records, "DEBUG logging produced nothing: the test would prove nothing"
    assert {"connector", "operation", "attempt", "status", "duration", "request_id"} <= set(
        vars(next(r for r in capture.records if r.name == "paywire"))
    )
    leaks = [text for text in everything if CANARY in text]
    assert not leaks, leaks[0]
    pii_in_logs = [text for text in capture.texts if any(value in text for value in PII_VALUES)]
    assert not pii_in_logs, pii_in_logs[0]
    pii_in_errors = [t for t in visible if any(v in t for v in PII_VALUES) and "connector_customer_id" not in t]
    assert not pii_in_errors, pii_in_errors[0]


HARNESS = shutil.which("paywire-harness") or str(Path(sys.executable).with_name("paywire-harness"))


@pytest.mark.skipif(not Path(HARNESS).exists(), reason="paywire-harness is not installed")
def test_the_canary_key_is_not_in_harness_reports(tmp_path: Path) -> None:
    env = {**os.environ, "PAYWIRE_SANDBOX_API_KEY": CANARY, "PAYWIRE_LOG_LEVEL": "DEBUG"}
    report_json, report_xml = tmp_path / "report.json", tmp_path / "report.xml"
    proc = subprocess.run(
        [HARNESS, "run", "--connector", "sandbox", "--json", str(report_json), "--junit-xml", str(report_xml)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode in (0, 1), proc.stderr
    texts = [proc.stdout, proc.stderr]
    texts += [p.read_text() for p in (report_json, report_xml) if p.exists()]
    assert any(texts), "the harness wrote nothing"
    assert not [t for t in texts if CANARY in t]


def test_the_cli_subprocess_keeps_the_key_out_of_its_output() -> None:
    env = {**os.environ, "PAYWIRE_SANDBOX_API_KEY": CANARY}
    for email in (PII["email"], "timeout@fail.paywire.test", "not-an-email"):
        proc = subprocess.run(
            [sys.executable, "-m", "paywire", "customers", "create", "--connector", "sandbox", "--email", email],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
        assert CANARY not in proc.stdout + proc.stderr
        assert PII["email"] not in proc.stderr
