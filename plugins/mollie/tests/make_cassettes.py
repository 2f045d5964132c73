"""Regenerate ``cassettes/mollie/``: every harness scenario and every Mollie-specific scenario,
recorded by ``paywire-harness record --fake`` against the fake Mollie of ``mollie_fake.py`` on
127.0.0.1, with the expectations the recording proposes accepted.

    python plugins/mollie/tests/make_cassettes.py [--out DIR] [-q]

The recording goes through the real ``paywire.Client`` and this connector; the harness replaces
the key, the fake's address and the volatile headers, so re-running writes the same files. The
Mollie-specific scenarios are the ``*.expect.yaml`` files whose name is not a harness scenario:
their ``description`` and ``calls`` are written by hand, their outcomes proposed by the recording.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mollie_fake import FakeMollie

from paywire_harness import record

CASSETTES = Path(__file__).resolve().parents[3] / "cassettes" / "mollie"
REAL_KEY = "test_paywireRecordingKey000000000000"
"""The 'real' test key the fake accepts while recording: never written (the fake one is)."""


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
    with FakeMollie(lifetime=300) as server, open(os.devnull, "w") as devnull:
        return record(
            "mollie",
            [],
            base_url=server.url,
            cassettes=args.out,
            environ={"PAYWIRE_MOLLIE_API_KEY": REAL_KEY},
            accept=True,
            fake=True,
            out=devnull if args.quiet else sys.stderr,
        )


if __name__ == "__main__":
    raise SystemExit(main())
