"""Regenerate ``cassettes/authorizedotnet/``: every harness scenario that applies and every
Authorize.net-specific scenario (the ``*.expect.yaml`` files naming no standard scenario), recorded
by ``paywire-harness record --fake`` against the fake Authorize.net of ``authorizedotnet_fake.py``
on 127.0.0.1, with the expectations the recording proposes accepted.

    python plugins/authorizedotnet/tests/make_cassettes.py [--out DIR] [-q]

The recording goes through the real ``paywire.Client`` and this connector; the harness replaces
the credentials by the fake ones, the fake's address by the connector's sandbox URL and drops the
volatile headers, so re-running writes the same files. Scenarios skipped in ``harness.toml``, or
not applicable to the connector, are not recorded.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from authorizedotnet_fake import ACCOUNTS, FakeAuthorizeNet

from paywire_harness.testing import record_cassettes

CASSETTES = Path(__file__).resolve().parents[3] / "cassettes" / "authorizedotnet"
LOGIN = "paywireRecLogin"
"""The 'real' test account the fake accepts while recording: never written (the fake one is)."""


def main(argv: list[str] | None = None) -> int:
    return record_cassettes(
        "authorizedotnet",
        lambda: FakeAuthorizeNet(lifetime=300),
        committed=CASSETTES,
        environ={
            "PAYWIRE_AUTHORIZEDOTNET_API_LOGIN_ID": LOGIN,
            "PAYWIRE_AUTHORIZEDOTNET_TRANSACTION_KEY": ACCOUNTS[LOGIN],
        },
        argv=argv,
    )


if __name__ == "__main__":
    raise SystemExit(main())
