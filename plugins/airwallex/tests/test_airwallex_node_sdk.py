"""The same customer through Airwallex's official SDK and through the connector, compared on the
wire (the fake Airwallex records both). Airwallex has no official Python SDK; its official server
SDK is the Node one, so this test runs only where it is installed:

    mkdir /tmp/awx-node && cd /tmp/awx-node && npm install @airwallex/node-sdk@2.1.0-beta.5
    AIRWALLEX_NODE_SDK_DIR=/tmp/awx-node pytest plugins/airwallex/tests/test_airwallex_node_sdk.py
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from airwallex_fake import TEST_API_KEY, TEST_CLIENT_ID, FakeAirwallex, Received
from airwallex_helpers import CREDENTIALS

import paywire

SDK_DIR = Path(os.environ.get("AIRWALLEX_NODE_SDK_DIR", "/nonexistent"))
pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or not (SDK_DIR / "node_modules" / "@airwallex" / "node-sdk").is_dir(),
    reason="needs node and @airwallex/node-sdk in $AIRWALLEX_NODE_SDK_DIR",
)
SCRIPT = Path(__file__).with_name("node_sdk_create.js")

CANONICAL: dict[str, Any] = {
    "merchant_customer_id": "user_42",
    "customer_name": "Zoë Roe",
    "email": "zoe@example.com",
    "phone_number": "+14155550100",
    "metadata": {"plan": "gold"},
    "address": {
        "billing_address": {
            "line1": "1 Main St",
            "line2": "Apt 4",
            "city": "San Francisco",
            "state": "CA",
            "zip_code": "94107",
            "country_alpha2_code": "US",
        }
    },
    "connector_feature_data": {"business_name": "Roe & Co"},
}
SDK_REQUEST = {  # the same customer as the SDK's PaymentAcceptanceCustomerCreateRequestRaw
    "request_id": "sdk-compare-1",
    "merchant_customer_id": "user_42",
    "first_name": "Zoë",
    "last_name": "Roe",
    "email": "zoe@example.com",
    "phone_number": "+14155550100",
    "metadata": {"plan": "gold"},
    "address": {
        "street": "1 Main St, Apt 4",
        "city": "San Francisco",
        "state": "CA",
        "postcode": "94107",
        "country_code": "US",
    },
    "business_name": "Roe & Co",
}
READ = ("authorization", "content-type", "x-api-version", "x-client-id", "x-api-key")
"""The headers Airwallex reads (the token itself differs: compared by scheme)."""


def read(seen: Received) -> tuple[str, str, dict[str, str], Any]:
    headers = {name: value for name, value in seen.headers.items() if name in READ}
    if "authorization" in headers:
        headers["authorization"] = headers["authorization"].split(" ", 1)[0]
    return seen.method, seen.path, headers, json.loads(seen.body)


def test_the_official_sdk_and_the_connector_send_the_same_requests() -> None:
    with FakeAirwallex() as fake:
        run = subprocess.run(
            ["node", str(SCRIPT), fake.url, TEST_CLIENT_ID, TEST_API_KEY, json.dumps(SDK_REQUEST)],
            env={**os.environ, "NODE_PATH": str(SDK_DIR / "node_modules")},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert run.returncode == 0, run.stderr
        assert json.loads(run.stdout)["id"].startswith("cus_")
        sdk = [read(seen) for seen in fake.received]
        fake.received.clear()
        fake.announce("sdk_compare", 1)  # a fresh account: the same request_id again
        with paywire.Client("airwallex", credentials=CREDENTIALS, base_url=fake.url) as client:
            client.customers.create(CANONICAL, idempotency_key="sdk-compare-1")
        ours = [read(seen) for seen in fake.received]
    assert ours == sdk  # login then create: method, path, the headers Airwallex reads, the parsed body
