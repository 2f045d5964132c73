"""A small fake of Stripe's ``POST /v1/customers`` on 127.0.0.1, for tests and for recording
cassettes. It answers as Stripe documents (reference: stripe-customers.md and stripe-python's
error handling): customer objects with ``cus_`` ids, ``Request-Id`` headers, idempotent replays
with ``Idempotent-Replayed: true``, ``idempotency_error`` for a key reused with other parameters,
``card_error`` for a declined ``source``, and error bodies ``{"error": {...}}``. Ids are derived
from the request, so recordings are reproducible.

Built on ``paywire_harness.fake.FakeProcessor`` (127.0.0.1 only, stops by itself, the harness's
fake-server contract): ``SCENARIO_REPLIES`` says what each scenario needs first, and the
connector's fake key (``FAKE_KEY``, what ``bad_credentials`` uses) is refused like any unknown key.
"""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import parse_qsl

from paywire_harness.fake import FakeProcessor, Received, Reply

__all__ = ["CREATED", "FAKE_KEY", "SCENARIO_REPLIES", "FakeStripe", "Received", "Reply", "unflatten"]

FAKE_KEY = "sk_test_paywire_fake_0000000000000000"
"""The Stripe connector's example (fake) key: Stripe would refuse it, so this fake does too."""

CREATED = 1767225600
"""The ``created`` timestamp of every customer (2026-01-01T00:00:00Z): fixed for reproducibility."""


def unflatten(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Nested params from bracket keys (``a[b][0]=x``), as Stripe reads a form body."""
    root: dict[str, Any] = {}
    for key, value in pairs:
        head, _, rest = key.partition("[")
        path = [head] + ([p.rstrip("]") for p in rest.split("[")] if rest else [])
        node: Any = root
        for part, following in zip(path, [*path[1:], None], strict=True):
            if following is None:
                node[part] = value
            else:
                node = node.setdefault(part, {})
    result: dict[str, Any] = _lists(root)
    return result


def _lists(value: Any) -> Any:
    if isinstance(value, dict):
        if value and all(k.isdigit() for k in value):
            return [_lists(value[k]) for k in sorted(value, key=int)]
        return {k: _lists(v) for k, v in value.items()}
    return value


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def _base62(hex_digest: str, length: int) -> str:
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    number, out = int(hex_digest, 16), list[str]()
    while len(out) < length:
        number, rem = divmod(number, 62)
        out.append(alphabet[rem])
    return "".join(out)


_ADDRESS_KEYS = ("city", "country", "line1", "line2", "postal_code", "state")


def _address(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, dict):
        return None
    return {k: value.get(k) for k in _ADDRESS_KEYS}


def customer_object(customer_id: str, params: dict[str, Any]) -> dict[str, Any]:
    """The customer object Stripe returns for ``params`` (fields as in Stripe's documented example)."""
    shipping = params.get("shipping")
    return {
        "id": customer_id,
        "object": "customer",
        "address": _address(params.get("address")),
        "balance": 0,
        "created": CREATED,
        "currency": None,
        "default_source": None,
        "delinquent": False,
        "description": params.get("description"),
        "discount": None,
        "email": params.get("email"),
        "invoice_prefix": customer_id[4:12].upper(),
        "invoice_settings": {
            "custom_fields": None,
            "default_payment_method": None,
            "footer": None,
            "rendering_options": None,
        },
        "livemode": False,
        "metadata": params.get("metadata", {}),
        "name": params.get("name"),
        "next_invoice_sequence": 1,
        "phone": params.get("phone"),
        "preferred_locales": params.get("preferred_locales", []),
        "shipping": (
            {"address": _address(shipping.get("address")), "name": shipping.get("name"), "phone": shipping.get("phone")}
            if isinstance(shipping, dict)
            else None
        ),
        "tax_exempt": "none",
        "test_clock": None,
    }


_API_ERROR = {"error": {"message": "An unknown error occurred", "type": "api_error"}}
_RATE_LIMIT = {
    "error": {
        "code": "rate_limit",
        "doc_url": "https://stripe.com/docs/error-codes/rate-limit",
        "message": "Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.",
        "type": "invalid_request_error",
    }
}
_IN_USE = {
    "error": {
        "code": "idempotency_key_in_use",
        "doc_url": "https://stripe.com/docs/error-codes/idempotency-key-in-use",
        "message": "There is currently another in-progress request using this Idempotent Key (that probably means "
        "you submitted twice, and the other request is still going through).",
        "type": "invalid_request_error",
    }
}

_LOCK_TIMEOUT = {
    "error": {
        "code": "lock_timeout",
        "doc_url": "https://stripe.com/docs/error-codes/lock-timeout",
        "message": "This object cannot be accessed right now because another API request or Stripe process is "
        "currently accessing it. If you see this error intermittently, retry the request.",
        "type": "invalid_request_error",
    }
}
_FORBIDDEN = {
    "error": {
        "message": "The provided key 'rk_test_*****************************0000' does not have the required "
        "permissions for this endpoint on account 'acct_1PaywireFake0000'. Having the 'rak_customer_write' "
        "permission would allow this request to continue.",
        "type": "invalid_request_error",
    }
}
_NOT_FOUND = {
    "error": {
        "message": "Unrecognized request URL (POST: /v1/customers). Please see https://stripe.com/docs or we can "
        "help at https://support.stripe.com/.",
        "type": "invalid_request_error",
    }
}

SCENARIO_REPLIES: dict[str, list[Reply]] = {
    "rate_limited": [Reply(429, _RATE_LIMIT)],
    # stripe-python waits for a Retry-After it is given (``_http_client.py``, _sleep_time_seconds).
    "rate_limited_retry_after": [Reply(429, _RATE_LIMIT, {"Retry-After": "2"})],
    # A 409 other than a key in use, with Stripe's word that retrying is safe (stripe-python retries it).
    "should_retry_true": [Reply(409, _LOCK_TIMEOUT, {"Stripe-Should-Retry": "true"})],
    "not_found": [Reply(404, _NOT_FOUND)],
    # A restricted key without the customers permission (Stripe's documented 403 text).
    "restricted_key_forbidden": [Reply(403, _FORBIDDEN)],
    # Stripe's word on a 429 that a retry is safe: kept as the error's retryable hint.
    "rate_limited_should_retry": [Reply(429, _RATE_LIMIT, {"Stripe-Should-Retry": "true"})],
    # A 200 that is not a customer object (a misrouted request through a proxy, a list).
    "wrong_object": [Reply(200, {"object": "list", "data": [], "has_more": False, "url": "/v1/customers"})],
    "processor_down": [Reply(503, _API_ERROR)],
    # Stripe-Should-Retry: true is Stripe's word that the 500 was not stored under the key.
    "retry_succeeds": [Reply(500, _API_ERROR, {"Stripe-Should-Retry": "true"})],
    # Stripe's older form of a rate limit: HTTP 400 with code rate_limit (stripe-python retries it).
    "legacy_rate_limit": [Reply(400, _RATE_LIMIT)],
    "should_retry_false": [Reply(500, _API_ERROR, {"Stripe-Should-Retry": "false"})],
    "idempotency_in_use": [Reply(409, _IN_USE)],
    "idempotency_in_use_retried": [Reply(409, _IN_USE)],
    # A 409 without Stripe-Should-Retry: stripe-python retries any 409.
    "lock_timeout_retried": [Reply(409, _LOCK_TIMEOUT)],
    # stripe-python reads Stripe-Should-Retry before any body (``_should_retry``): it holds on a
    # reply whose body is not a Stripe error object (here none at all).
    "should_retry_false_without_body": [Reply(503, b"", {"Stripe-Should-Retry": "false"}, content_type="text/plain")],
    # A proxy's page in front of Stripe: no Stripe error body.
    "gateway_html": [Reply(502, b"<html><body><h1>502 Bad Gateway</h1></body></html>", content_type="text/html")],
}
"""Replies served first for the calls of a scenario, whatever the request (then Stripe's behaviour)."""


def _masked(key: str) -> str:
    prefix = key[: key.find("_", 3) + 1] if key.count("_") >= 2 else ""
    return prefix + "*" * max(len(key) - len(prefix) - 4, 0) + key[-4:]


class FakeStripe(FakeProcessor):
    """The fake Stripe. Configure it, then use it as a context manager; ``url`` is its base URL.

    - ``accepted_keys``: API keys it accepts (None: any ``sk_test_``/``rk_test_`` key).
    - ``rejected_emails``: e-mail addresses answered with 400 ``email_invalid`` (param ``email``).
    - ``script``: replies served first, in order, whatever the request (429, 5xx...).
    """

    scenario_replies = SCENARIO_REPLIES

    def __init__(
        self,
        *,
        accepted_keys: set[str] | None = None,
        rejected_emails: set[str] | None = None,
        script: list[Reply] | None = None,
        lifetime: float = 60.0,
    ) -> None:
        super().__init__(script=script or (), lifetime=lifetime)
        self.accepted_keys = accepted_keys
        self.rejected_emails = rejected_emails or {"rejected@example.com"}
        self._idempotent: dict[str, tuple[bytes, Reply, str]] = {}

    # -- Stripe's behaviour ----------------------------------------------------------------
    def _request_id(self) -> str:
        """The ``Request-Id`` of the reply being made."""
        return "req_" + _base62(self.reply_digest("request"), 14)

    def finish(self, received: Received, reply: Reply) -> Reply:
        """What Stripe sends on every reply: a request id, the version and the idempotency key read."""
        key = received.headers.get("idempotency-key", "")
        headers = {
            "Cache-Control": "no-cache, no-store",
            "Request-Id": self._request_id(),
            "Stripe-Version": received.headers.get("stripe-version", ""),
        }
        if key:
            headers["Idempotency-Key"] = key
        return Reply(reply.status, reply.body, {**headers, **reply.headers})

    def announce(self, scenario: str, call: int) -> None:
        super().announce(scenario, call)
        if scenario == "deleted_customer" and call == 1:
            self.script = [Reply(200, {"id": "cus_NffrFeUfNV2Hib", "object": "customer", "deleted": True})]

    def respond(self, received: Received) -> Reply:
        """Stripe's answer to ``received``."""
        key = received.headers.get("idempotency-key", "")
        request_id = self._request_id()  # the one finish() gives this reply
        if received.method != "POST" or received.path != "/v1/customers":
            return self._error(404, "invalid_request_error", "Unrecognized request URL.", request_id)
        auth = received.headers.get("authorization", "")
        api_key = auth.removeprefix("Bearer ")
        if not auth.startswith("Bearer ") or not self._accepts(api_key):
            message = f"Invalid API Key provided: {_masked(api_key)}" if api_key else "You did not provide an API key."
            return Reply(401, {"error": {"message": message, "type": "invalid_request_error"}})
        params = unflatten(parse_qsl(received.body.decode("ascii"), keep_blank_values=True))
        if params.get("source") == "tok_chargeDeclined":  # Stripe's test token for a declined card
            return self._declined(request_id)
        if params.get("email") in self.rejected_emails:
            # Validation failures are not stored under the idempotency key (Stripe's contract).
            message = f"Invalid email address: {params['email']}"
            return self._error(400, "invalid_request_error", message, request_id, code="email_invalid", param="email")
        seen = self._idempotent.get(key) if key else None
        if seen is not None:
            body, reply, original = seen
            if body != received.body:
                message = (
                    "Keys for idempotent requests can only be used with the same parameters they were first "
                    f"used with. Try using a key other than '{key}' if you meant to execute a different request."
                )
                return self._error(400, "idempotency_error", message, request_id)
            return reply.with_headers({"Idempotent-Replayed": "true", "Original-Request": original})
        customer_id = "cus_" + _base62(_digest("customer", key, received.body.decode("ascii")), 14)
        reply = Reply(200, customer_object(customer_id, params))
        if key:
            self._idempotent[key] = (received.body, reply, request_id)
        return reply

    def _accepts(self, key: str) -> bool:
        if self.accepted_keys is not None:
            return key in self.accepted_keys
        return key.startswith(("sk_test_", "rk_test_")) and key != FAKE_KEY

    @staticmethod
    def _declined(request_id: str) -> Reply:
        """Stripe's card error for a customer whose ``source`` is declined (advice and network codes kept)."""
        error = {
            "advice_code": "try_again_later",
            "code": "card_declined",
            "decline_code": "generic_decline",
            "doc_url": "https://stripe.com/docs/error-codes/card-declined",
            "message": "Your card was declined.",
            "network_decline_code": "05",
            "param": "",
            "request_log_url": f"https://dashboard.stripe.com/test/logs/{request_id}?t={CREATED}",
            "type": "card_error",
        }
        return Reply(402, {"error": error})

    @staticmethod
    def _error(status: int, kind: str, message: str, request_id: str, **fields: str) -> Reply:
        error: dict[str, Any] = {}
        if "code" in fields:
            error["code"] = fields["code"]
            error["doc_url"] = "https://stripe.com/docs/error-codes/" + fields["code"].replace("_", "-")
        error["message"] = message
        if "param" in fields:
            error["param"] = fields["param"]
        error["request_log_url"] = f"https://dashboard.stripe.com/test/logs/{request_id}?t={CREATED}"
        error["type"] = kind
        return Reply(status, {"error": error})
