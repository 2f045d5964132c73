"""Record ``cassettes/square/``: every harness scenario, by ``paywire-harness record --fake``
against the local fake Square (``square_fake.py``), with the expectations it proposes accepted.

    python examples/square/tests/make_cassettes.py [--out DIR] [-q]

This is the workflow a connector author follows with a fake of their processor: the fake keeps
the harness's contract (scenario announcements, the fake credentials refused), the harness
records through the real ``paywire.Client``, projects each scenario's input onto what Square
holds, replaces the token and the fake's address, and drops what varies between runs, so a
re-run writes identical files.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from square_fake import FakeSquare

from paywire_harness import record

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE.parent / "cassettes" / "square"
RECORDING_TOKEN = "EAAA_paywire_recording_token_0000"
"""The token the fake accepts while recording (the fake one of ``harness.toml`` is written instead)."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing")
    args = parser.parse_args(argv)
    if args.out != DEFAULT_OUT:
        args.out.mkdir(parents=True, exist_ok=True)
        shutil.copy(DEFAULT_OUT / "harness.toml", args.out / "harness.toml")
    with FakeSquare(token=RECORDING_TOKEN, lifetime=120) as square, open(os.devnull, "w") as devnull:
        return record(
            "square",
            [],
            base_url=square.url,
            cassettes=args.out,
            environ={"PAYWIRE_SQUARE_ACCESS_TOKEN": RECORDING_TOKEN, "PAYWIRE_SQUARE_ENVIRONMENT": "sandbox"},
            accept=True,
            fake=True,
            out=devnull if args.quiet else sys.stderr,
        )


if __name__ == "__main__":
    sys.exit(main())
