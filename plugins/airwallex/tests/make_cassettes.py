"""Regenerate ``cassettes/airwallex/``: every harness scenario that applies and every
Airwallex-specific scenario, recorded by ``paywire-harness record --fake`` against the fake
Airwallex of ``airwallex_fake.py`` on 127.0.0.1, with the expectations the recording proposes
accepted.

    python plugins/airwallex/tests/make_cassettes.py [--out DIR] [-q]

The recording goes through the real ``paywire.Client`` and this connector; the harness replaces
the credentials, the tokens, the fake's address and the volatile headers, so re-running writes
the same files. Scenarios skipped in ``harness.toml`` or not applicable (``idempotency_replay``:
Airwallex does not replay) are not recorded.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from airwallex_fake import TEST_API_KEY, TEST_CLIENT_ID, FakeAirwallex

from paywire_harness.testing import record_cassettes

CASSETTES = Path(__file__).resolve().parents[3] / "cassettes" / "airwallex"


def main(argv: list[str] | None = None) -> int:
    return record_cassettes(
        "airwallex",
        lambda: FakeAirwallex(lifetime=300),
        committed=CASSETTES,
        environ={"PAYWIRE_AIRWALLEX_CLIENT_ID": TEST_CLIENT_ID, "PAYWIRE_AIRWALLEX_API_KEY": TEST_API_KEY},
        argv=argv,
    )


if __name__ == "__main__":
    raise SystemExit(main())
