"""Regenerate ``cassettes/finix/``: every harness scenario that applies to Finix and every
Finix-specific scenario (the ``*.expect.yaml`` files naming no standard scenario), recorded by
``paywire-harness record --fake`` against the fake Finix of ``finix_fake.py`` on 127.0.0.1, with
the expectations the recording proposes accepted.

    python plugins/finix/tests/make_cassettes.py [--out DIR] [-q]

The recording goes through the real ``paywire.Client`` and this connector; the harness replaces
the credentials, the fake's address and the volatile headers, so re-running writes the same files.
To record against a Finix sandbox instead: ``PAYWIRE_FINIX_USERNAME=... PAYWIRE_FINIX_PASSWORD=...
paywire-harness record --connector finix`` (the fake-only scenarios then need the fake).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from finix_fake import FakeFinix

from paywire_harness.testing import record_cassettes

CASSETTES = Path(__file__).resolve().parents[3] / "cassettes" / "finix"
RECORDING_CREDENTIALS = {
    "PAYWIRE_FINIX_USERNAME": "USrecordingUser000000001",
    "PAYWIRE_FINIX_PASSWORD": "recording-only-password-00000001",
}
"""The 'real' sandbox credentials the fake accepts while recording: never written (the fakes are)."""


def main(argv: list[str] | None = None) -> int:
    return record_cassettes(
        "finix", lambda: FakeFinix(lifetime=300), committed=CASSETTES, environ=RECORDING_CREDENTIALS, argv=argv
    )


if __name__ == "__main__":
    raise SystemExit(main())
