"""Regenerate ``cassettes/stripe/``: every harness scenario and every Stripe-specific scenario,
recorded by ``paywire-harness record --fake`` against the fake Stripe of ``stripe_fake_server.py``
on 127.0.0.1, with the expectations the recording proposes accepted.

    python plugins/stripe/tests/make_cassettes.py [--out DIR] [-q]

The recording goes through the real ``paywire.Client`` and this connector; the harness replaces
the key, the fake's address and the volatile headers, so re-running writes the same files. To
record against a real Stripe test-mode account instead, see ``cassettes/stripe/README.md``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stripe_fake_server import FakeStripe

from paywire_harness.testing import record_cassettes

CASSETTES = Path(__file__).resolve().parents[3] / "cassettes" / "stripe"
REAL_KEY = "sk_test_51PaywireRecordingKey0000000000"
"""The 'real' test key the fake accepts while recording: never written (the fake one is)."""


def main(argv: list[str] | None = None) -> int:
    return record_cassettes(
        "stripe",
        lambda: FakeStripe(lifetime=300),
        committed=CASSETTES,
        environ={"PAYWIRE_STRIPE_API_KEY": REAL_KEY},
        argv=argv,
    )


if __name__ == "__main__":
    raise SystemExit(main())
