"""Regenerate ``cassettes/checkout/``: every harness scenario that applies to Checkout.com and every
Checkout.com-specific scenario, recorded by ``paywire-harness record --fake`` against the fake
Checkout.com of ``checkout_fake.py`` on 127.0.0.1, with the expectations the recording proposes
accepted.

    python plugins/checkout/tests/make_cassettes.py [--out DIR] [-q]

The recording goes through the real ``paywire.Client`` and this connector; the harness replaces
the key, the fake's address and the volatile headers, so re-running writes the same files.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from checkout_fake import FakeCheckout

from paywire_harness import record

CASSETTES = Path(__file__).resolve().parents[3] / "cassettes" / "checkout"
REAL_KEY = "sk_sbox_paywirerecordingkeyaaaaaa22"
"""The 'real' sandbox key the fake accepts while recording: never written (the fake one is)."""
REAL_PREFIX = "pwrecord"
"""The recording account's prefix: never reaches a cassette (the address becomes the fake one's URL)."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=CASSETTES)
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing")
    args = parser.parse_args(argv)
    if args.out != CASSETTES:  # start from the scenario definitions and config of the committed folder
        args.out.mkdir(parents=True, exist_ok=True)
        for path in CASSETTES.iterdir():
            if path.name == "harness.toml" or path.name.endswith(".expect.yaml"):
                shutil.copy(path, args.out / path.name)
    with FakeCheckout(lifetime=300) as server, open(os.devnull, "w") as devnull:
        return record(
            "checkout",
            [],
            base_url=server.url,
            cassettes=args.out,
            environ={"PAYWIRE_CHECKOUT_SECRET_KEY": REAL_KEY, "PAYWIRE_CHECKOUT_PREFIX": REAL_PREFIX},
            accept=True,
            fake=True,
            out=devnull if args.quiet else sys.stderr,
        )


if __name__ == "__main__":
    raise SystemExit(main())
