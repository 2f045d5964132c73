from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

import paywire

sys.path.insert(0, str(Path(__file__).parent))

HERE = Path(__file__).parent
ACME_CASSETTES = HERE / "cassettes" / "acme"

Register = Callable[..., paywire.PluginRecord]


@pytest.fixture
def register() -> Iterator[Register]:
    """Register in-process plugins for one test, as if installed from a distribution."""
    with ExitStack() as stack:

        def _register(
            plugin: object,
            name: str,
            *,
            distribution: str | None = "paywire-test-connectors",
            version: str | None = "0.0.1",
        ) -> paywire.PluginRecord:
            record = stack.enter_context(paywire.registry().registered(plugin, name=name))
            record.distribution, record.version = distribution, version
            return record

        yield _register


@pytest.fixture
def acme_cassettes(tmp_path: Path) -> Path:
    """A private copy of the committed acme cassettes and harness.toml."""
    target = tmp_path / "acme"
    shutil.copytree(ACME_CASSETTES, target)
    return target


pytest_plugins = ["pytester"]
