"""Regenerate ``cassettes/braintree/``: every harness scenario that applies to Braintree and every
Braintree-specific scenario, recorded by ``paywire-harness record --fake`` against the fake
Braintree of ``braintree_fake.py`` on 127.0.0.1, with the expectations the recording proposes
accepted.

    python plugins/braintree/tests/make_cassettes.py [--out DIR] [-q]

The recording goes through the real ``paywire.Client`` and this connector; the harness replaces
the keys, the fake's address and the volatile headers, so re-running writes the same files.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from braintree_fake import FakeBraintree

from paywire_harness import record

CASSETTES = Path(__file__).resolve().parents[3] / "cassettes" / "braintree"
RECORDING_KEYS = {
    "PAYWIRE_BRAINTREE_PUBLIC_KEY": "recording_public_key",
    "PAYWIRE_BRAINTREE_PRIVATE_KEY": "recording_private_key_0123456789abcdef",
}
"""The 'real' sandbox keys the fake accepts while recording: never written (the fake ones are)."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=CASSETTES)
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing")
    args = parser.parse_args(argv)
    if args.out != CASSETTES:  # start from the scenario definitions and config of the committed folder
        args.out.mkdir(parents=True, exist_ok=True)
        for path in CASSETTES.iterdir():
            if path.name == "harness.toml" or path.name.endswith(".expect.yaml"):
                shutil.copy(path, args.out / path.name)
    with FakeBraintree(lifetime=300) as server, open(os.devnull, "w") as devnull:
        return record(
            "braintree",
            [],
            base_url=server.url,
            cassettes=args.out,
            environ=RECORDING_KEYS,
            accept=True,
            fake=True,
            out=devnull if args.quiet else sys.stderr,
        )


if __name__ == "__main__":
    raise SystemExit(main())
