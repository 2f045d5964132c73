"""Regenerate ``cassettes/airwallex/``: every harness scenario that applies and every
Airwallex-specific scenario, recorded by ``paywire-harness record --fake`` against the fake
Airwallex of ``airwallex_fake.py`` on 127.0.0.1, with the expectations the recording proposes
accepted.

    python plugins/airwallex/tests/make_cassettes.py [--out DIR] [-q]

The recording goes through the real ``paywire.Client`` and this connector; the harness replaces
the credentials, the tokens, the fake's address and the volatile headers, so re-running writes
the same files. Scenarios skipped in ``harness.toml`` are not recorded.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from airwallex_fake import TEST_API_KEY, TEST_CLIENT_ID, FakeAirwallex

from paywire_harness import SCENARIOS, record

CASSETTES = Path(__file__).resolve().parents[3] / "cassettes" / "airwallex"
EXPECT = ".expect.yaml"


def scenario_names(folder: Path) -> list[str]:
    """The standard scenarios, then the connector-specific ones, less those skipped in harness.toml."""
    skipped = tomllib.loads((folder / "harness.toml").read_text(encoding="utf-8")).get("skip", {})
    standard = [s.name for s in SCENARIOS]
    custom = sorted(p.name.removesuffix(EXPECT) for p in folder.glob(f"*{EXPECT}"))
    return [name for name in dict.fromkeys([*standard, *custom]) if name not in skipped]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=CASSETTES)
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing")
    args = parser.parse_args(argv)
    if args.out != CASSETTES:  # start from the scenario definitions and config of the committed folder
        args.out.mkdir(parents=True, exist_ok=True)
        for path in CASSETTES.iterdir():
            if path.name == "harness.toml" or path.name.endswith(EXPECT):
                shutil.copy(path, args.out / path.name)
    with FakeAirwallex(lifetime=300) as server, open(os.devnull, "w") as devnull:
        return record(
            "airwallex",
            scenario_names(args.out),
            base_url=server.url,
            cassettes=args.out,
            environ={"PAYWIRE_AIRWALLEX_CLIENT_ID": TEST_CLIENT_ID, "PAYWIRE_AIRWALLEX_API_KEY": TEST_API_KEY},
            accept=True,
            fake=True,
            out=devnull if args.quiet else sys.stderr,
        )


if __name__ == "__main__":
    raise SystemExit(main())
