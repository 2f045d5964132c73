"""The same buyer through Finix's official Python SDK (``finix`` 5.0.0, a test-only dependency)
and through paywire, to the fake Finix on 127.0.0.1: the two requests must say the same thing.

The SDK's request is written here from Finix's API reference (the ``Identity - Buyer`` example:
``entity`` with names, e-mail, phone and ``personal_address``, and ``tags``), not from the
connector's output. The SDK 5.0.0 predates ``type``; it passes extra keys through unchanged with
``_check_type=False``, so ``type: PERSONAL`` is given to it as the newer reference documents it.
The SDK's documented limits and hosts are compared with the connector's declarations too.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from finix_fake import FakeFinix, Received
from finix_helpers import CREDENTIALS, PASSWORD, USERNAME
from test_finix_clients import REQUEST

import paywire
import paywire_finix
from paywire_finix._transform import LIMITS

finix = pytest.importorskip("finix")
from finix.model.create_identity_request import CreateIdentityRequest  # type: ignore[import-untyped]  # noqa: E402
from finix.model.create_identity_request_entity import CreateIdentityRequestEntity  # type: ignore[import-untyped]  # noqa: E402
from finix.model.create_identity_request_entity_personal_address import (  # type: ignore[import-untyped]  # noqa: E402
    CreateIdentityRequestEntityPersonalAddress,
)

# REQUEST (test_finix_clients.py) in Finix's words: the name split in two, the phone as digits, the
# country in alpha-3, the merchant's id as the tag paywire documents.
FINIX_IDENTITY: dict[str, Any] = {
    "entity": {
        "first_name": "Zoë",
        "last_name": "Roe",
        "email": "zoe+vip@example.com",
        "phone": "14155550100",
        "personal_address": {
            "line1": "741 Douglass St",
            "line2": "Apartment 7",
            "city": "San Mateo",
            "region": "CA",
            "postal_code": "94114",
            "country": "USA",
        },
    },
    "tags": {"plan": "gold", "order number": "25", paywire_finix.MERCHANT_ID_TAG: "user_42"},
    "type": "PERSONAL",
}
MEANINGFUL_HEADERS = ("authorization", "content-type", "accept", "finix-version")
"""What Finix reads; the SDK's User-Agent and Accept-Encoding are its own."""


def _through_the_sdk() -> Received:
    with FakeFinix() as server:
        configuration = finix.Configuration(environment=server.url, username=USERNAME, password=PASSWORD)
        client = finix.FinixClient(configuration)
        identity = client.identities.create(
            create_identity_request=CreateIdentityRequest(**FINIX_IDENTITY, _check_type=False)
        )
        assert identity.id.startswith("ID")
        return server.received[0]


def _through_paywire() -> Received:
    with FakeFinix() as server, paywire.Client("finix", credentials=CREDENTIALS, base_url=server.url) as client:
        client.customers.create(REQUEST)
        return server.received[0]


def test_paywire_sends_what_finixs_own_sdk_sends() -> None:
    sdk, ours = _through_the_sdk(), _through_paywire()
    assert (ours.method, ours.path) == (sdk.method, sdk.path) == ("POST", "/identities")
    assert json.loads(ours.body) == json.loads(sdk.body) == FINIX_IDENTITY
    assert {h: ours.headers.get(h) for h in MEANINGFUL_HEADERS} == {h: sdk.headers.get(h) for h in MEANINGFUL_HEADERS}


def test_the_pinned_version_is_the_sdks() -> None:
    """paywire-finix reads Finix's replies as of the version it pins: the one the SDK sends."""
    sent = _through_the_sdk().headers["finix-version"]
    assert sent == paywire_finix.FINIX_VERSION == "2022-02-01"


def test_the_hosts_are_the_sdks() -> None:
    assert finix.configuration.Environment.SANDBOX.value == paywire_finix.SANDBOX_URL
    assert finix.configuration.Environment.PRODUCTION.value == paywire_finix.BASE_URL


def _documented_maxima(model: type[Any]) -> dict[str, int]:
    """``field -> N`` for every "(max N characters)" in an SDK model's docstring."""
    doc = model.__init__.__doc__ or ""
    return {m[1]: int(m[2]) for m in re.finditer(r"(\w+) \(str[^)]*\): [^\n]*?\(max (\d+) characters\)", doc)}


@pytest.mark.parametrize(
    ("canonical", "model", "finix_field"),
    [
        ("address.billing_address.first_name", CreateIdentityRequestEntity, "first_name"),
        ("address.billing_address.last_name", CreateIdentityRequestEntity, "last_name"),
        ("email", CreateIdentityRequestEntity, "email"),
        ("address.billing_address.email", CreateIdentityRequestEntity, "email"),
        ("address.billing_address.line1", CreateIdentityRequestEntityPersonalAddress, "line1"),
        ("address.billing_address.line2", CreateIdentityRequestEntityPersonalAddress, "line2"),
        ("address.billing_address.city", CreateIdentityRequestEntityPersonalAddress, "city"),
        ("address.billing_address.zip_code", CreateIdentityRequestEntityPersonalAddress, "postal_code"),
    ],
)
def test_the_declared_limits_are_the_sdks(canonical: str, model: type[Any], finix_field: str) -> None:
    assert LIMITS[canonical].max_length == _documented_maxima(model)[finix_field]
