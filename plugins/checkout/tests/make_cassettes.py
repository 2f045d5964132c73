"""Regenerate ``cassettes/checkout/``: every harness scenario that applies to Checkout.com and every
Checkout.com-specific scenario, recorded by ``paywire-harness record --fake`` against the fake
Checkout.com of ``checkout_fake.py`` on 127.0.0.1, with the expectations the recording proposes
accepted.

    python plugins/checkout/tests/make_cassettes.py [--out DIR] [-q]

The recording goes through the real ``paywire.Client`` and this connector; the harness replaces
the key, the fake's address and the volatile headers, so re-running writes the same files.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from checkout_fake import FakeCheckout

from paywire_harness.testing import record_cassettes

CASSETTES = Path(__file__).resolve().parents[3] / "cassettes" / "checkout"
REAL_KEY = "sk_sbox_paywirerecordingkeyaaaaaa22"
"""The 'real' sandbox key the fake accepts while recording: never written (the fake one is)."""
REAL_PREFIX = "pwrecord"
"""The recording account's prefix: never reaches a cassette (the address becomes the fake one's URL)."""


def main(argv: list[str] | None = None) -> int:
    return record_cassettes(
        "checkout",
        lambda: FakeCheckout(lifetime=300),
        committed=CASSETTES,
        environ={"PAYWIRE_CHECKOUT_SECRET_KEY": REAL_KEY, "PAYWIRE_CHECKOUT_PREFIX": REAL_PREFIX},
        argv=argv,
    )


if __name__ == "__main__":
    raise SystemExit(main())
