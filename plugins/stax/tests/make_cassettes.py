"""Regenerate ``cassettes/stax/``: every harness scenario that applies to Stax and every
Stax-specific scenario, recorded by ``paywire-harness record --fake`` against the fake Stax of
``stax_fake.py`` on 127.0.0.1, with the expectations the recording proposes accepted.

    python plugins/stax/tests/make_cassettes.py [--out DIR] [-q]

The recording goes through the real ``paywire.Client`` and this connector; the harness replaces
the key, the fake's address and the volatile headers, so re-running writes the same files.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stax_fake import RECORDING_KEY, FakeStax

from paywire_harness.testing import record_cassettes

CASSETTES = Path(__file__).resolve().parents[3] / "cassettes" / "stax"


def main(argv: list[str] | None = None) -> int:
    return record_cassettes(
        "stax",
        lambda: FakeStax(lifetime=300),
        committed=CASSETTES,
        environ={"PAYWIRE_STAX_API_KEY": RECORDING_KEY},
        argv=argv,
    )


if __name__ == "__main__":
    raise SystemExit(main())
