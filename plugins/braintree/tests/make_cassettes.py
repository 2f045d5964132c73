"""Regenerate ``cassettes/braintree/``: every harness scenario that applies to Braintree and every
Braintree-specific scenario, recorded by ``paywire-harness record --fake`` against the fake
Braintree of ``braintree_fake.py`` on 127.0.0.1, with the expectations the recording proposes
accepted.

    python plugins/braintree/tests/make_cassettes.py [--out DIR] [-q]

The recording goes through the real ``paywire.Client`` and this connector; the harness replaces
the keys, the fake's address and the volatile headers, so re-running writes the same files.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from braintree_fake import FakeBraintree

from paywire_harness.testing import record_cassettes

CASSETTES = Path(__file__).resolve().parents[3] / "cassettes" / "braintree"
RECORDING_KEYS = {
    "PAYWIRE_BRAINTREE_PUBLIC_KEY": "recording_public_key",
    "PAYWIRE_BRAINTREE_PRIVATE_KEY": "recording_private_key_0123456789abcdef",
}
"""The 'real' sandbox keys the fake accepts while recording: never written (the fake ones are)."""


def main(argv: list[str] | None = None) -> int:
    return record_cassettes(
        "braintree",
        lambda: FakeBraintree(lifetime=300),
        committed=CASSETTES,
        environ=RECORDING_KEYS,
        argv=argv,
    )


if __name__ == "__main__":
    raise SystemExit(main())
