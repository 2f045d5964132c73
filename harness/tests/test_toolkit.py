"""The toolkit for connector packages' own tests: the fake processor base, canned replies,
recording against a fake, re-recording, and proving a connector from its shipped cassettes."""

from __future__ import annotations

import shutil
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import ClassVar

import httpx
import pytest
from conftest import ACME_CASSETTES
from connectors import make_acme
from fake_processor import REAL_KEY, FakeProcessor

import paywire
from paywire_harness.fake import CONTROL_PATH, Received, Reply
from paywire_harness.fake import FakeProcessor as Base
from paywire_harness.testing import check_proven, check_rerecording, outcome, record_cassettes


class Echo(Base):
    scenario_replies: ClassVar[Mapping[str, Sequence[Reply]]] = {
        "rate_limited": [Reply(429, {"error": "slow"}, {"Retry-After": "1"})]
    }

    def respond(self, received: Received) -> Reply:
        if received.path == "/raw":
            return Reply(200, b"\xef\xbb\xbf{}", content_type="text/plain")
        return Reply(201, {"id": "cus_" + received.digest()[:8], "seen": received.json()})


def test_the_fake_base_serves_scripts_scenarios_and_records_requests() -> None:
    with Echo(script=[Reply(503, {"error": "down"})]) as fake, httpx.Client(base_url=fake.url) as http:
        assert http.post("/customers", json={"a": 1}).status_code == 503  # the script first
        created = http.post("/customers", json={"a": 1})
        assert created.status_code == 201 and created.json()["seen"] == {"a": 1}
        assert "date" not in created.headers and "server" not in created.headers  # recordings stay the same
        assert http.post(CONTROL_PATH, json={"scenario": "rate_limited", "call": 1}).status_code == 204
        limited = http.post("/customers", json={})
        assert (limited.status_code, limited.headers["retry-after"]) == (429, "1")
        assert http.post("/customers", json={}).status_code == 201
        raw = http.get("/raw")
        assert (raw.content, raw.headers["content-type"]) == (b"\xef\xbb\xbf{}", "text/plain")
    assert [r.path for r in fake.received] == ["/customers"] * 4 + ["/raw"]  # announcements are not requests
    assert fake.received[0].headers["content-type"] == "application/json"
    assert (fake.scenario, fake.call) == ("rate_limited", 1)


class Numbered(Base):
    def respond(self, received: Received) -> Reply:
        return Reply(200, {"request_id": self.reply_digest("request")})


def test_reply_ids_depend_on_the_scenario_call_and_attempt_not_on_earlier_traffic() -> None:
    def ids(before: int) -> list[str]:
        with Numbered() as fake, httpx.Client(base_url=fake.url) as http:
            for _ in range(before):  # another scenario's traffic, recorded earlier
                http.post(CONTROL_PATH, json={"scenario": "other", "call": 1})
                http.post("/x")
            http.post(CONTROL_PATH, json={"scenario": "minimal", "call": 1})
            first, retry = (http.post("/x").json()["request_id"] for _ in range(2))
            http.post(CONTROL_PATH, json={"scenario": "minimal", "call": 2})
            return [first, retry, http.post("/x").json()["request_id"]]

    alone = ids(0)
    assert ids(3) == alone  # recording a scenario before this one changes none of its ids
    assert len(set(alone)) == 3  # each attempt and each call its own id


def test_the_fake_stops_by_itself() -> None:
    fake = Echo(lifetime=0.2).__enter__()
    url = fake.url
    time.sleep(0.5)
    with pytest.raises(httpx.HTTPError):
        httpx.post(url + "/customers", json={}, timeout=0.5)
    fake.__exit__(None, None, None)


def test_outcome_is_what_a_client_gives_for_canned_replies(register) -> None:
    register(make_acme("acme"), "acme")
    down = paywire.HttpResponse(503, {"content-type": "application/json"}, b'{"error": {"code": "x"}}')
    created = paywire.HttpResponse(200, {"request-id": "req_1"}, b'{"id": "cus_1"}')
    error = outcome("acme", down)
    assert isinstance(error, paywire.ConnectorError) and error.code is paywire.ErrorCode.PROCESSOR_UNAVAILABLE
    customer = outcome("acme", down, created, max_retries=1, request={"email": "jane@example.com"})
    assert isinstance(customer, paywire.CreateCustomerResponse) and customer.connector_customer_id == "cus_1"


def test_recording_against_a_fake_and_recording_again(register, tmp_path: Path) -> None:
    register(make_acme("acme"), "acme")
    committed = tmp_path / "committed"
    committed.mkdir()
    shutil.copy(ACME_CASSETTES / "harness.toml", committed / "harness.toml")

    def main(argv: list[str]) -> int:
        return record_cassettes(
            "acme", FakeProcessor, committed=committed, environ={"PAYWIRE_ACME_API_KEY": REAL_KEY}, argv=argv
        )

    assert main(["-q"]) == 0
    assert (committed / "minimal.yaml").is_file() and (committed / "minimal.expect.yaml").is_file()
    check_rerecording(main, committed, tmp_path / "again")
    (committed / "minimal.yaml").write_text((committed / "minimal.yaml").read_text() + "# edited\n")
    with pytest.raises(AssertionError, match=r"minimal\.yaml is stale"):
        check_rerecording(main, committed, tmp_path / "third")


def test_check_proven(register) -> None:
    results = check_proven("sandbox")
    assert {r.outcome for r in results} <= {"passed", "skipped"}
    register(make_acme("acme"), "acme")
    with pytest.raises(AssertionError, match="not proven: no cassettes for acme"):
        check_proven("acme")  # no cassettes found from anywhere but this repository
