"""The same customer through Authorize.net's official Python SDK (``authorizenet`` 1.1.6, a test-only
dependency) and through paywire, to the fake Authorize.net on 127.0.0.1.

The SDK sends this request as XML (its PyXB bindings, generated from AnetApiSchema.xsd, write the
elements in schema order and refuse any value beyond a ``maxLength``); paywire sends the JSON form,
which Authorize.net translates into the same XML. So what is compared is what can honestly be
compared: the method and path, the element tree (every element's name, order and value, read back
by the fake's parsers), the limits each side enforces, the enumerations, the hosts, and the fake's
replies as the SDK reads them. The content types differ by design (``application/xml`` and
``application/json``), and the SDK adds its own ``clientId``. The SDK's input below is written from
its sample code (sample-code-python ``CustomerProfiles/create-customer-profile.py``), not from the
connector's output.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from authorizedotnet_fake import API_PATH, FakeAuthorizeNet, Node, Received, parse_json_tree, parse_xml_tree
from helpers import CREDENTIALS, KEY, LOGIN, client
from test_authorizedotnet_clients import REQUEST

import paywire
import paywire_authorizedotnet

authorizenet = pytest.importorskip("authorizenet")
pyxb = pytest.importorskip("pyxb")
from authorizenet import apicontractsv1 as contracts  # type: ignore[import-untyped]  # noqa: E402
from authorizenet.apicontrollers import createCustomerProfileController  # type: ignore[import-untyped]  # noqa: E402
from authorizenet.constants import constants  # type: ignore[import-untyped]  # noqa: E402


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The SDK passes the environment's proxies to requests explicitly: keep loopback direct."""
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)


def _sdk_request() -> Any:
    """REQUEST (test_authorizedotnet_clients.py) in the SDK's words."""
    auth = contracts.merchantAuthenticationType()
    auth.name = LOGIN
    auth.transactionKey = KEY
    address = contracts.customerAddressType()
    address.firstName = "Zoë"
    address.lastName = "Roe"
    address.address = "500 Market St, Floor 2"
    address.city = "San Francisco"
    address.state = "CA"
    address.zip = "94105"
    address.country = "US"
    address.phoneNumber = "+14155550199"
    profile = contracts.customerProfileType()
    profile.merchantCustomerId = "user_42"
    profile.description = "Client fidèle — 忠実な顧客"
    profile.email = "zoe+vip@example.com"
    profile.shipToList.append(address)
    request = contracts.createCustomerProfileRequest()
    request.merchantAuthentication = auth
    request.profile = profile
    return request


def _through_the_sdk() -> tuple[Received, Any]:
    with FakeAuthorizeNet() as server:
        controller = createCustomerProfileController(_sdk_request())
        controller.setenvironment(server.url + API_PATH)
        controller.execute()
        return server.received[0], controller.getresponse()


def _through_paywire() -> tuple[Received, paywire.CreateCustomerResponse]:
    with FakeAuthorizeNet() as server, client(base_url=server.url) as c:
        customer = c.customers.create(REQUEST)
        return server.received[0], customer


def _without_client_id(tree: Node) -> Node:
    name, content = tree
    assert isinstance(content, list)
    return name, [child for child in content if child[0] != "clientId"]


def test_paywire_sends_the_element_tree_the_sdk_sends() -> None:
    (sdk, sdk_reply), (ours, customer) = _through_the_sdk(), _through_paywire()
    assert (ours.method, ours.path) == (sdk.method, sdk.path) == ("POST", "/xml/v1/request.api")
    namespace, sdk_tree = parse_xml_tree(sdk.body)
    assert namespace == "AnetApi/xml/v1/schema/AnetApiSchema.xsd"
    our_tree = parse_json_tree(ours.body)
    assert _without_client_id(our_tree) == _without_client_id(sdk_tree)
    # Each names itself in clientId, in the same place (after merchantAuthentication).
    sdk_children, our_children = sdk_tree[1], our_tree[1]
    assert isinstance(sdk_children, list) and isinstance(our_children, list)
    first_two = ["merchantAuthentication", "clientId"]
    assert [name for name, _ in sdk_children][:2] == [name for name, _ in our_children][:2] == first_two
    # The same profile was created from both (ids derive from the values stored), and the SDK read the
    # fake's reply, byte-order mark included.
    assert str(sdk_reply.customerProfileId) == customer.connector_customer_id
    assert str(sdk_reply.messages.resultCode) == "Ok"


def test_the_content_types_differ_by_design() -> None:
    (sdk, _), (ours, _) = _through_the_sdk(), _through_paywire()
    assert sdk.headers["content-type"] == "application/xml"
    assert ours.headers["content-type"] == "application/json"
    # The SDK's two extra headers carry nothing Authorize.net documents; paywire does not send them.
    assert (sdk.headers.get("version"), sdk.headers.get("encoding")) == ("1.0", "utf-8")
    assert "version" not in ours.headers and "encoding" not in ours.headers


def test_the_hosts_are_the_sdks() -> None:
    assert constants.SANDBOX == paywire_authorizedotnet.TEST_BASE_URL + paywire_authorizedotnet.API_PATH
    assert constants.PRODUCTION == paywire_authorizedotnet.BASE_URL + paywire_authorizedotnet.API_PATH


LIMITS: list[tuple[Callable[[], Any], str, str, int]] = [
    (contracts.customerProfileType, "merchantCustomerId", "merchant_customer_id", 20),
    (contracts.customerProfileType, "description", "description", 255),
    (contracts.customerAddressType, "firstName", "address.shipping_address.first_name", 50),
    (contracts.customerAddressType, "lastName", "address.shipping_address.last_name", 50),
    (contracts.customerAddressType, "address", "address.shipping_address.line1", 60),
    (contracts.customerAddressType, "city", "address.shipping_address.city", 40),
    (contracts.customerAddressType, "state", "address.shipping_address.state", 40),
    (contracts.customerAddressType, "zip", "address.shipping_address.zip_code", 20),
]


def _sdk_accepts(make: Callable[[], Any], element: str, value: str) -> bool:
    try:
        setattr(make(), element, value)
    except pyxb.SimpleFacetValueError:
        return False
    return True


def _paywire_accepts(field: str, value: str) -> bool:
    data: dict[str, Any] = {"email": "jane@example.com"}
    node = data
    *parents, leaf = field.split(".")
    for part in parents:
        node = node.setdefault(part, {})
    node[leaf] = value
    try:
        with client() as c:
            c.customers.prepare(data)
    except paywire.InvalidRequestError:
        return False
    return True


@pytest.mark.parametrize(("make", "element", "field", "limit"), LIMITS, ids=[entry[2] for entry in LIMITS])
def test_each_side_refuses_exactly_beyond_the_schemas_limit(
    make: Callable[[], Any], element: str, field: str, limit: int
) -> None:
    at, beyond = "x" * limit, "x" * (limit + 1)
    assert (_sdk_accepts(make, element, at), _sdk_accepts(make, element, beyond)) == (True, False)
    assert (_paywire_accepts(field, at), _paywire_accepts(field, beyond)) == (True, False)


def test_what_paywire_leaves_to_the_canonical_model_fits_the_sdks_limits() -> None:
    """email (canonical <= 254), country (an alpha-2 code) and phoneNumber ('+' + code + at most 15
    digits) have no declared limit: the SDK accepts their longest canonical values."""
    assert _sdk_accepts(contracts.customerProfileType, "email", "x" * 254)
    assert _sdk_accepts(contracts.customerAddressType, "country", "US")
    assert _sdk_accepts(contracts.customerAddressType, "phoneNumber", "+998" + "9" * 15)
    assert not _sdk_accepts(contracts.customerAddressType, "phoneNumber", "9" * 26)


def test_credentials_limits_are_the_sdks() -> None:
    for element, field, limit in (("name", "api_login_id", 25), ("transactionKey", "transaction_key", 16)):
        assert _sdk_accepts(contracts.merchantAuthenticationType, element, "x" * limit)
        assert not _sdk_accepts(contracts.merchantAuthenticationType, element, "x" * (limit + 1))
        with pytest.raises(paywire.ConfigurationError):
            paywire.Client("authorizedotnet", credentials={**CREDENTIALS, field: "x" * (limit + 1)})
        paywire.Client("authorizedotnet", credentials={**CREDENTIALS, field: "x" * limit}).close()


def test_enumerations_are_the_sdks() -> None:
    profile_types = [e.value() for e in contracts.customerProfileTypeEnum._CF_enumeration.items()]
    assert profile_types == ["regular", "guest"]
    for value in profile_types:
        with client() as c:
            c.customers.prepare({"email": "jane@example.com", "connector_feature_data": {"profileType": value}})
    result_codes = [e.value() for e in contracts.messageTypeEnum._CF_enumeration.items()]
    assert result_codes == ["Ok", "Error"]  # the two the response hook tells apart (anything else: unparseable)


def test_the_sdk_reads_the_fakes_duplicate_reply() -> None:
    """The fake's E00039, read by the SDK, says what the connector reads from the JSON form."""
    with FakeAuthorizeNet() as server:
        for _ in range(2):
            controller = createCustomerProfileController(_sdk_request())
            controller.setenvironment(server.url + API_PATH)
            controller.execute()
        reply = controller.getresponse()
        with client(base_url=server.url) as c, pytest.raises(paywire.ConnectorError) as info:
            c.customers.create(REQUEST)
    assert str(reply.messages.resultCode) == "Error"
    code, text = (child.text for child in reply.messages.message[0].iterchildren())  # .text is lxml's own
    assert (code, text) == (info.value.connector_code, info.value.connector_message)
    assert code == "E00039"
