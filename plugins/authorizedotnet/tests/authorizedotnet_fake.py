"""A fake Authorize.net ``POST /xml/v1/request.api`` (``createCustomerProfileRequest`` only) on
127.0.0.1, for tests and for recording cassettes.

Written from Authorize.net's published material, not from the connector:

- the schema, ``AnetApiSchema.xsd`` (AuthorizeNet/sdk-php @ 0c48e244, the file the Python SDK's
  bindings were generated from): ``SCHEMA`` below restates the sequences, ``maxLength``s and
  enumerations of the types a createCustomerProfileRequest holds. JSON is validated as the XML it
  is translated into (API reference, "A Note Regarding JSON Support": element order matters), so a
  key out of order, an unknown key or an over-long value is refused with ``E00003`` and the .NET
  schema validator's text (as quoted in AuthorizeNet/sample-code-csharp#106, sdk-node#31, #64);
- the API reference's createCustomerProfile sample reply (key order, numeric-string ids) and
  ``responseCodes.json`` (codes and texts); errors are HTTP 200 with ``messages.resultCode =
  "Error"``; every reply starts with a UTF-8 byte-order mark (sdk-php ``ApiOperationBase.php``,
  sdk-java's ``BOMStripperInputStream``, the Python SDK's ``text[3:]``);
- the Customer Profiles guide's "Duplicate Profile Verification": a profile whose
  merchantCustomerId, description and email all equal an existing profile's is refused with
  ``E00039`` "A duplicate record with ID <id> already exists." (the wording client libraries
  parse, e.g. AuthorizeNet/sdk-dotnet#280); an absent field here equals an absent field (how
  Authorize.net compares absent and empty values is not documented);
- ``E00041`` for a profile with none of the three (a recorded sandbox reply quoted by
  aviabird/gringotts), ``E00007`` for credentials it does not know, ``E00002`` for a content
  type other than JSON or XML.

It speaks JSON (``application/json``, ``text/json``) and XML (``text/xml``, ``application/xml``,
what the official Python SDK sends), answering in the request's format. Modelled where
Authorize.net publishes nothing: the e-mail ``rejected@example.com`` is refused with ``E00013``
"Email is invalid." (E00013's texts name the field, per responseCodes.json); the 5xx replies of
its front end are small HTML pages.

Built on ``paywire_harness.fake.FakeProcessor`` (127.0.0.1 only, stops by itself, the harness's
fake-server contract): ``SCENARIO_REPLIES`` says what each scenario needs first, and the first call
of a scenario also empties the profile store (so scenarios do not meet each other's profiles). The
connector's example credentials (``FAKE_LOGIN``/``FAKE_KEY``, what ``bad_credentials`` uses) are
refused like any unknown pair. Profile and address ids derive from the values stored, so
recordings are reproducible.
"""

from __future__ import annotations

import hashlib
import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from paywire_harness.fake import FakeProcessor, Received, Reply

__all__ = [
    "ACCOUNTS",
    "API_PATH",
    "BOM",
    "FAKE_KEY",
    "FAKE_LOGIN",
    "NS",
    "SCENARIO_REPLIES",
    "Answer",
    "Failure",
    "FakeAuthorizeNet",
    "Received",
    "Reply",
    "failure",
]

API_PATH = "/xml/v1/request.api"
NS = "AnetApi/xml/v1/schema/AnetApiSchema.xsd"
BOM = b"\xef\xbb\xbf"
FAKE_LOGIN, FAKE_KEY = "paywireFakeLogin", "paywireFakeKey00"
"""The connector's example credentials: Authorize.net would refuse them, so this fake does too."""
ACCOUNTS = {"paywireTestLogin": "paywireTestKey01", "paywireRecLogin": "paywireRecKey001"}
"""API login ID -> transaction key of the accounts the fake knows (tests, recording)."""
REJECTED_EMAILS = frozenset({"rejected@example.com"})

# -- the schema: what AnetApiSchema.xsd says of the types a createCustomerProfileRequest holds ----


@dataclass(frozen=True)
class El:
    """One element of a sequence: its name, its type (a key of SCHEMA, or None for text), how
    often it occurs, and the facets of its text."""

    name: str
    type: str | None = None
    optional: bool = True
    many: bool = False
    max_length: int | None = None
    enum: tuple[str, ...] = ()
    enum_type: str = ""


@dataclass(frozen=True)
class Choice:
    """Exactly one of ``options`` (``merchantAuthenticationType``'s credential)."""

    options: tuple[El, ...]
    optional: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(option.name for option in self.options)


Particle = El | Choice
ANY = "any"
"""A complex type this fake does not model (payment profiles, impersonation): accepted as is."""

SCHEMA: dict[str, tuple[Particle, ...]] = {
    # ANetApiRequest, then createCustomerProfileRequest's own elements
    "createCustomerProfileRequest": (
        El("merchantAuthentication", "merchantAuthenticationType", optional=False),
        El("clientId", max_length=30),
        El("refId", max_length=20),
        El("profile", "customerProfileType", optional=False),
        El("validationMode", enum=("none", "testMode", "liveMode", "oldLiveMode"), enum_type="validationModeEnum"),
    ),
    "merchantAuthenticationType": (
        El("name", max_length=25),
        Choice(
            (
                El("transactionKey", optional=False, max_length=16),
                El("sessionToken"),
                El("password", max_length=40),
                El("impersonationAuthentication", ANY),
                El("fingerPrint", ANY),
                El("clientKey"),
                El("accessToken"),
            )
        ),
        El("mobileDeviceId", max_length=60),
    ),
    # customerProfileBaseType, then customerProfileType's extension
    "customerProfileType": (
        El("merchantCustomerId", max_length=20),
        El("description", max_length=255),
        El("email", max_length=255),
        El("paymentProfiles", ANY, many=True),
        El("shipToList", "customerAddressType", many=True),
        El("profileType", enum=("regular", "guest"), enum_type="customerProfileTypeEnum"),
    ),
    # nameAndAddressType, then customerAddressType's extension
    "customerAddressType": (
        El("firstName", max_length=50),
        El("lastName", max_length=50),
        El("company", max_length=50),
        El("address", max_length=60),
        El("city", max_length=40),
        El("state", max_length=40),
        El("zip", max_length=20),
        El("country", max_length=60),
        El("phoneNumber", max_length=25),
        El("faxNumber", max_length=25),
        El("email"),
    ),
}

Node = tuple[str, "str | list[Node]"]
"""An element: its name and its text, or its children in order."""


class SchemaError(Exception):
    """The request does not validate: the .NET schema validator's text."""


def _names(particle: Particle) -> tuple[str, ...]:
    return particle.names if isinstance(particle, Choice) else (particle.name,)


def _reachable(particles: tuple[Particle, ...], start: int) -> range:
    """The positions a next child may take from ``start``: up to the first required particle."""
    end = start
    while end < len(particles) and particles[end].optional:
        end += 1
    return range(start, min(end + 1, len(particles)))


def _possible(particles: tuple[Particle, ...], start: int) -> str:
    names = [name for i in _reachable(particles, start) for name in _names(particles[i])]
    return f" List of possible elements expected: '{', '.join(names)}' in namespace '{NS}'." if names else ""


def _text_facets(element: El, text: str) -> None:
    if element.max_length is not None and len(text) > element.max_length:
        raise SchemaError(
            f"The '{NS}:{element.name}' element is invalid - The value &#39;{text}&#39; is invalid according to its "
            f"datatype 'String' - The actual length is greater than the MaxLength value."
        )
    if element.enum and text not in element.enum:
        raise SchemaError(
            f"The '{NS}:{element.name}' element is invalid - The value &#39;{text}&#39; is invalid according to its "
            f"datatype '{NS}:{element.enum_type}' - The Enumeration constraint failed."
        )


def validate(name: str, type_name: str, children: list[Node]) -> None:
    """Raise ``SchemaError`` unless ``children`` are a valid content of ``type_name`` (an element
    called ``name``): each child in sequence order, required ones present, text within its facets."""
    particles = SCHEMA[type_name]
    last = -1
    for child, value in children:
        start = last if last >= 0 and _many(particles[last]) else last + 1
        index = next((i for i in _reachable(particles, start) if child in _names(particles[i])), None)
        if index is None:
            raise SchemaError(
                f"The element '{name}' in namespace '{NS}' has invalid child element '{child}' in namespace "
                f"'{NS}'.{_possible(particles, start)}"
            )
        particle = particles[index]
        element = next(o for o in particle.options if o.name == child) if isinstance(particle, Choice) else particle
        _check_value(element, value)
        last = index
    if any(not p.optional for p in particles[last + 1 :]):
        raise SchemaError(
            f"The element '{name}' in namespace '{NS}' has incomplete content.{_possible(particles, last + 1)}"
        )


def _many(particle: Particle) -> bool:
    return isinstance(particle, El) and particle.many


def _check_value(element: El, value: str | list[Node]) -> None:
    if element.type == ANY:
        return
    if element.type is None:
        if isinstance(value, list):
            raise SchemaError(f"The element '{element.name}' in namespace '{NS}' cannot contain child elements.")
        _text_facets(element, value)
        return
    if isinstance(value, str):
        if value.strip():
            raise SchemaError(
                f"The element '{element.name}' in namespace '{NS}' cannot contain text."
                f"{_possible(SCHEMA[element.type], 0)}"
            )
        value = []
    validate(element.name, element.type, value)


# -- JSON and XML into one tree -------------------------------------------------------------------


class _Object(list[tuple[str, Any]]):
    """A JSON object's pairs, in order (told apart from a JSON array)."""


def _from_json(value: Any) -> str | list[Node]:
    """An element's content: an object's pairs become children (an array under a key becomes that
    element repeated, as Authorize.net's JSON-to-XML translation does), a scalar becomes text."""
    if isinstance(value, _Object):
        nodes: list[Node] = []
        for key, item in value:
            items = item if isinstance(item, list) and not isinstance(item, _Object) else [item]
            nodes += [(key, _from_json(one)) for one in items]
        return nodes
    if isinstance(value, list):
        raise ValueError("an array is not an element's content")
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def parse_json_tree(body: bytes) -> Node:
    """The JSON request as a tree (ValueError when it is not one object with one root key)."""
    data = json.loads(body.removeprefix(BOM), object_pairs_hook=_Object)
    if not (isinstance(data, _Object) and len(data) == 1):
        raise ValueError("not an object with one root key")
    name, content = data[0]
    return name, _from_json(content)


def _local(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return namespace, name
    return "", tag


def _from_xml(element: ET.Element) -> str | list[Node]:
    children = list(element)
    if not children:
        return element.text or ""
    return [(_local(child.tag)[1], _from_xml(child)) for child in children]


def parse_xml_tree(body: bytes) -> tuple[str, Node]:
    """``(namespace, tree)`` of an XML request."""
    root = ET.fromstring(body.removeprefix(BOM))  # noqa: S314 - loopback test input
    namespace, name = _local(root.tag)
    return namespace, (name, _from_xml(root))


def _get(children: list[Node], name: str) -> str | list[Node] | None:
    return next((value for key, value in children if key == name), None)


def _all(children: list[Node], name: str) -> list[str | list[Node]]:
    return [value for key, value in children if key == name]


# -- replies -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """Authorize.net's answer: ``messages`` and, for a created profile, the ids (rendered by
    ``reply`` as JSON or XML, after a BOM, with HTTP 200)."""

    code: str
    text: str
    profile_id: str | None = None
    address_ids: tuple[str, ...] = ()
    payment_ids: tuple[str, ...] = ()
    root: str = "createCustomerProfileResponse"
    lists: bool = True
    """A createCustomerProfile reply carries the (possibly empty) id lists; an ErrorResponse does not."""

    @property
    def ok(self) -> bool:
        return self.code.startswith("I")

    def reply(self, *, xml: bool = False) -> Reply:
        """The HTTP reply: this answer in the request's format (JSON unless ``xml``)."""
        if xml:
            return Reply(200, self.xml(), content_type="application/xml; charset=utf-8")
        return Reply(200, self.json(), content_type="application/json; charset=utf-8")

    def json(self) -> bytes:
        data: dict[str, Any] = {}
        if self.profile_id is not None:
            data["customerProfileId"] = self.profile_id
        if self.lists:
            data["customerPaymentProfileIdList"] = list(self.payment_ids)
            data["customerShippingAddressIdList"] = list(self.address_ids)
            data["validationDirectResponseList"] = []
        data["messages"] = {
            "resultCode": "Ok" if self.ok else "Error",
            "message": [{"code": self.code, "text": self.text}],
        }
        return BOM + json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()

    def xml(self) -> bytes:
        def ids(name: str, values: tuple[str, ...]) -> str:
            inner = "".join(f"<numericString>{v}</numericString>" for v in values)
            return f"<{name}>{inner}</{name}>" if values else f"<{name} />"

        text = self.text.replace("&", "&amp;").replace("<", "&lt;")
        parts = [
            f"<messages><resultCode>{'Ok' if self.ok else 'Error'}</resultCode><message><code>{self.code}</code>"
            f"<text>{text}</text></message></messages>"
        ]
        if self.profile_id is not None:
            parts.append(f"<customerProfileId>{self.profile_id}</customerProfileId>")
        if self.lists:
            parts += [
                ids("customerPaymentProfileIdList", self.payment_ids),
                ids("customerShippingAddressIdList", self.address_ids),
                "<validationDirectResponseList />",
            ]
        document = (
            f'<?xml version="1.0" encoding="utf-8"?><{self.root} xmlns:xsi="http://www.w3.org/2001/XMLSchema-'
            f'instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns="{NS}">{"".join(parts)}</{self.root}>'
        )
        return BOM + document.encode()


@dataclass(frozen=True)
class Failure(Reply):
    """A reply of Authorize.net's front end instead of the API's: an HTTP error page (``failure``
    makes one). With ``after_processing`` the request is processed first (the profile is stored,
    the reply lost)."""

    after_processing: bool = False


def failure(status: int, title: str, *, after_processing: bool = False) -> Failure:
    """The front end's error page for ``status``."""
    page = f"<html><head><title>{status} {title}</title></head><body><h1>{title}</h1></body></html>"
    return Failure(status, page.encode(), content_type="text/html", after_processing=after_processing)


_E00053 = Answer("E00053", "Server too busy", lists=False)
_E00104 = Answer("E00104", "Server in maintenance", lists=False)
_SCHEMA_REFUSAL = Answer(
    "E00003",
    f"The element 'profile' in namespace '{NS}' has invalid child element 'merchantCustomerId' in namespace "
    f"'{NS}'. List of possible elements expected: 'paymentProfiles, shipToList, profileType' in namespace '{NS}'.",
    root="ErrorResponse",
    lists=False,
)
"""What the schema validator answers to a profile whose email comes before its merchantCustomerId."""

_CODES = (
    # responseCodes.json's texts; the codes the connector maps that no other scenario meets
    ("E00001", "An error occurred during processing. Please try again."),
    ("E00002", "The content-type specified is not supported."),
    ("E00004", "The name of the requested API method is invalid."),
    ("E00005", "The transaction key or API key is invalid or not present."),
    ("E00006", "The API user name is invalid or not present."),
    ("E00008", "User authentication failed. The account or API user is inactive."),
    ("E00009", "The payment gateway account is in Test Mode. The request cannot be processed."),
    ("E00010", "User authentication failed. You do not have the appropriate permissions."),
    ("E00011", "Access denied. You do not have the appropriate permissions."),
    ("E00014", "A required field is not present."),
    ("E00015", "The field length is invalid."),
    ("E00016", "The field type is invalid."),
    ("E00041", "One or more fields in the profile must contain a value."),
    ("E00044", "Customer Information Manager is not enabled."),
    ("E00045", "The root node does not reference a valid XML namespace."),
    ("E00049", "The operation timed out before it could be completed."),
    ("E00059", "The authentication type is not allowed for this method call."),
)

SCENARIO_REPLIES: dict[str, list[Reply]] = {
    "error_codes": [Answer(code, text, lists=False).reply() for code, text in _CODES],
    "rate_limited": [_E00053.reply()],
    "processor_down": [failure(503, "Service Unavailable")],
    "retry_succeeds": [failure(500, "Internal Server Error")],
    "retry_succeeds_natural_key": [failure(500, "Internal Server Error")],
    "retry_meets_duplicate": [failure(502, "Bad Gateway", after_processing=True)],
    "ambiguous_failure_not_retried": [failure(502, "Bad Gateway", after_processing=True)],
    "maintenance_then_success": [_E00104.reply()],
    "error_in_200_names_field": [_SCHEMA_REFUSAL.reply()],
}
"""Replies served first in these scenarios, whatever the request (then Authorize.net's behaviour)."""


def _number(*parts: str) -> str:
    """A stable 9-digit id (Authorize.net's profile ids are numeric strings)."""
    digest = hashlib.sha256("\x00".join(parts).encode()).hexdigest()
    return str(500_000_000 + int(digest[:12], 16) % 400_000_000)


JSON_TYPES = ("application/json", "text/json")
XML_TYPES = ("text/xml", "application/xml")


class FakeAuthorizeNet(FakeProcessor):
    """The fake Authorize.net. Use it as a context manager; ``url`` is its base URL.

    - ``accounts``: API login ID -> transaction key it accepts (default ``ACCOUNTS``);
    - ``script``: replies served first, in order, whatever the request (``Answer(...).reply()``,
      ``failure(...)``).
    """

    scenario_replies = SCENARIO_REPLIES
    reply_headers: ClassVar[Mapping[str, str]] = {"Cache-Control": "private", "Access-Control-Allow-Origin": "*"}

    def __init__(
        self, *, accounts: dict[str, str] | None = None, script: Sequence[Reply] = (), lifetime: float = 60.0
    ) -> None:
        super().__init__(script=script, lifetime=lifetime)
        self.accounts = dict(ACCOUNTS if accounts is None else accounts)
        self.profiles: dict[tuple[str | None, str | None, str | None], str] = {}

    # -- Authorize.net's behaviour -------------------------------------------------------------
    def announce(self, scenario: str, call: int) -> None:
        """A scenario starts with an empty profile store (and its queued replies)."""
        super().announce(scenario, call)
        if call == 1:
            self.profiles = {}

    def finish(self, received: Received, reply: Reply) -> Reply:
        """A front-end failure ``after_processing`` hides a request Authorize.net did process."""
        if isinstance(reply, Failure) and reply.after_processing:
            self.respond(received)
        return reply

    def respond(self, received: Received) -> Reply:
        """Authorize.net's answer to ``received``, in the request's format."""
        kind = received.headers.get("content-type", "").split(";")[0].strip().lower()
        xml = kind in XML_TYPES
        return self._process(received, xml, kind).reply(xml=xml)

    def _process(self, received: Received, xml: bool, kind: str) -> Answer:
        if received.method != "POST" or received.path != API_PATH:
            return Answer("E00001", "An error occurred during processing. Please try again.", lists=False)
        if kind not in JSON_TYPES + XML_TYPES:
            return Answer("E00002", "The content-type specified is not supported.", lists=False)
        try:
            if xml:
                namespace, (root, content) = parse_xml_tree(received.body)
                if namespace != NS:
                    return Answer("E00045", "The root node does not reference a valid XML namespace.", lists=False)
            else:
                root, content = parse_json_tree(received.body)
        except (ValueError, ET.ParseError):
            return Answer("E00001", "An error occurred during processing. Please try again.", lists=False)
        if root not in SCHEMA or isinstance(content, str):
            return Answer("E00004", "The name of the requested API method is invalid.", lists=False)
        try:
            validate(root, root, content)
        except SchemaError as exc:
            return Answer("E00003", str(exc), root="ErrorResponse", lists=False)
        return self._create(content)

    def _create(self, request: list[Node]) -> Answer:
        auth = _get(request, "merchantAuthentication")
        assert isinstance(auth, list)
        login, key = _get(auth, "name"), _get(auth, "transactionKey")
        if not isinstance(login, str) or self.accounts.get(login) != key:
            return Answer("E00007", "User authentication failed due to invalid authentication values.", lists=False)
        profile = _get(request, "profile")
        assert isinstance(profile, list)
        values = (
            _text(_get(profile, "merchantCustomerId")),
            _text(_get(profile, "description")),
            _text(_get(profile, "email")),
        )
        if not any(values):
            return Answer("E00041", "One or more fields in the profile must contain a value.")
        if values[2] in REJECTED_EMAILS:
            return Answer("E00013", "Email is invalid.")
        existing = self.profiles.get(values)
        if existing is not None:
            return Answer("E00039", f"A duplicate record with ID {existing} already exists.")
        profile_id = _number("profile", *(v or "" for v in values))
        self.profiles[values] = profile_id
        addresses = tuple(
            _number("address", profile_id, str(index), json.dumps(address))
            for index, address in enumerate(_all(profile, "shipToList"))
        )
        payments = tuple(
            _number("payment", profile_id, str(index)) for index, _ in enumerate(_all(profile, "paymentProfiles"))
        )
        return Answer("I00001", "Successful.", profile_id, addresses, payments)


def _text(value: str | list[Node] | None) -> str | None:
    return value if isinstance(value, str) and value != "" else None
