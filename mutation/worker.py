"""One harness run against a mutated copy of a connector, in a process forked from a warm server
(``multiprocessing``'s forkserver with paywire, the harness and their libraries preloaded), so a
run costs the checks, not the imports. Kept apart from ``run.py`` so the forkserver can import it."""

from __future__ import annotations

import os
import sys

PRELOAD = ["paywire", "paywire_harness._cli", "paywire_harness.properties", "hypothesis", "vcr", "yaml", "httpx"]


def harness(connector: str, root: str, extra: tuple[str, ...]) -> None:
    """Run ``paywire-harness run --strict`` on ``connector``, importing it from ``root`` first;
    exits with the run's status (output discarded)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    sys.path.insert(0, root)
    os.environ["PAYWIRE_PLUGINS"] = connector
    sys.dont_write_bytecode = True
    from paywire_harness._cli import main

    code = main(["run", "--connector", connector, "--strict", "--hypothesis-profile", "ci", *extra])
    os._exit(code)
