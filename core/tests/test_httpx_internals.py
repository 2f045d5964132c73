"""The one use of httpx internals (the sync attempt deadline, ``paywire._deadline``) fails loudly
on an httpx that changed them, and the installed httpx is one ``core/pyproject.toml`` admits."""

from __future__ import annotations

import re
from pathlib import Path

import httpcore
import httpx
import pytest
from packaging.specifiers import SpecifierSet

from paywire._deadline import _DeadlineBackend, bound
from paywire._transport import HttpxTransport

PYPROJECT = Path(__file__).parents[1] / "pyproject.toml"


def _declared(name: str) -> SpecifierSet:
    found = re.search(rf'"{name}(?P<spec>[<>=!~][^"]*)"', PYPROJECT.read_text())
    assert found, f"{name} has no version range in core/pyproject.toml"
    return SpecifierSet(found.group("spec"))


def test_the_installed_httpx_and_httpcore_are_in_the_declared_range() -> None:
    assert httpx.__version__ in _declared("httpx")
    assert httpcore.__version__ in _declared("httpcore")


def test_every_sync_pool_has_its_backend_bounded() -> None:
    transport = HttpxTransport()
    pools = transport._pools
    assert pools is not None
    assert isinstance(pools.direct._pool._network_backend, _DeadlineBackend)  # type: ignore[attr-defined]
    proxied = bound(httpx.HTTPTransport(proxy="http://127.0.0.1:9"))
    assert isinstance(proxied._pool._network_backend, _DeadlineBackend)  # type: ignore[attr-defined]
    transport.close()


def test_an_httpx_without_that_backend_is_refused_not_silently_unbounded(monkeypatch: pytest.MonkeyPatch) -> None:
    transport = httpx.HTTPTransport()
    monkeypatch.delattr(transport._pool, "_network_backend")
    with pytest.raises(RuntimeError, match="network backend"):
        bound(transport)
