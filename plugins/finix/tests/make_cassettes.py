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

import argparse
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from finix_fake import FakeFinix

from paywire_harness import record

CASSETTES = Path(__file__).resolve().parents[3] / "cassettes" / "finix"
RECORDING_CREDENTIALS = {
    "PAYWIRE_FINIX_USERNAME": "USrecordingUser000000001",
    "PAYWIRE_FINIX_PASSWORD": "recording-only-password-00000001",
}
"""The 'real' sandbox credentials the fake accepts while recording: never written (the fakes are)."""


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
    with FakeFinix(lifetime=300) as server, open(os.devnull, "w") as devnull:
        return record(
            "finix",
            [],
            base_url=server.url,
            cassettes=args.out,
            environ=RECORDING_CREDENTIALS,
            accept=True,
            fake=True,
            out=devnull if args.quiet else sys.stderr,
        )


if __name__ == "__main__":
    raise SystemExit(main())
