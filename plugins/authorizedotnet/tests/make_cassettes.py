"""Regenerate ``cassettes/authorizedotnet/``: every harness scenario that applies and every
Authorize.net-specific scenario (the ``*.expect.yaml`` files naming no standard scenario), recorded
by ``paywire-harness record --fake`` against the fake Authorize.net of ``authorizedotnet_fake.py``
on 127.0.0.1, with the expectations the recording proposes accepted.

    python plugins/authorizedotnet/tests/make_cassettes.py [--out DIR] [-q]

The recording goes through the real ``paywire.Client`` and this connector; the harness replaces
the credentials by the fake ones, the fake's address by the connector's sandbox URL and drops the
volatile headers, so re-running writes the same files. Scenarios skipped in ``harness.toml`` are
not recorded.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from authorizedotnet_fake import ACCOUNTS, FakeAuthorizeNet

from paywire_harness import SCENARIOS, load_config, record

CASSETTES = Path(__file__).resolve().parents[3] / "cassettes" / "authorizedotnet"
LOGIN = "paywireRecLogin"
"""The 'real' test account the fake accepts while recording: never written (the fake one is)."""


def scenario_names(folder: Path) -> list[str]:
    """The standard scenarios, then the connector-specific ones, less those ``harness.toml`` skips."""
    standard = [s.name for s in SCENARIOS]
    custom = sorted(p.name.removesuffix(".expect.yaml") for p in folder.glob("*.expect.yaml"))
    skipped = load_config(folder).skip
    return [name for name in dict.fromkeys([*standard, *custom]) if name not in skipped]


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
    environ = {
        "PAYWIRE_AUTHORIZEDOTNET_API_LOGIN_ID": LOGIN,
        "PAYWIRE_AUTHORIZEDOTNET_TRANSACTION_KEY": ACCOUNTS[LOGIN],
    }
    with FakeAuthorizeNet(lifetime=300) as server, open(os.devnull, "w") as devnull:
        return record(
            "authorizedotnet",
            scenario_names(args.out),
            base_url=server.url,
            cassettes=args.out,
            environ=environ,
            accept=True,
            fake=True,
            out=devnull if args.quiet else sys.stderr,
        )


if __name__ == "__main__":
    raise SystemExit(main())
