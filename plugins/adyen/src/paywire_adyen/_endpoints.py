"""Which Checkout API base URL a call goes to: test, the merchant's live URL, or an override."""

from __future__ import annotations

from ._credentials import AdyenCredentials

__all__ = ["API_VERSION", "LIVE_URL", "TEST_URL", "checkout_base_url", "checkout_url"]

API_VERSION = "v71"
TEST_URL = f"https://checkout-test.adyen.com/{API_VERSION}"
LIVE_URL = "https://{prefix}-checkout-live.adyenpayments.com/checkout/" + API_VERSION


def checkout_base_url(credentials: AdyenCredentials, override: str | None = None) -> str:
    """The Checkout base URL: ``override`` (the client's ``base_url=``, a proxy or a local test
    server) when given, else the test URL or the live URL built from ``live_url_prefix``."""
    if override:
        return override.rstrip("/")
    if credentials.environment == "live":
        # The credentials model guarantees a prefix for live; checked again for a model built
        # with model_construct().
        if not credentials.live_url_prefix:
            raise ValueError("live_url_prefix is required for the live environment")
        return LIVE_URL.format(prefix=credentials.live_url_prefix)
    return TEST_URL


def checkout_url(credentials: AdyenCredentials, path: str, override: str | None = None) -> str:
    """The full URL of a Checkout endpoint, e.g. ``checkout_url(creds, "/storedPaymentMethods")``."""
    return checkout_base_url(credentials, override) + "/" + path.lstrip("/")
