"""Which proxy a request goes through, from the environment, by httpx's rules.

``HTTP_PROXY``, ``HTTPS_PROXY`` and ``ALL_PROXY`` (any case) name a proxy per scheme; ``NO_PROXY``
lists hosts that go direct (``*`` turns every proxy off). This is what
``httpx.Client(trust_env=True)`` does: the same variables read the same way (``urllib.request.getproxies``),
the same patterns, the same most-specific-first order. httpx has no public function for it, so
``core/tests/test_proxy.py`` checks these answers against ``httpx.Client``'s own, case by case.

The environment is read once, when a transport is built (as httpx does); a transport holds no
``Proxies`` at all when no variable is set, so calls pay nothing for this. A proxy URL may hold
credentials: ``Proxies`` never prints one (its repr shows scheme, host and port only).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.request import getproxies

import httpx

__all__ = ["Hidden", "Proxies", "environment_proxies"]


@dataclass(frozen=True, slots=True)
class _Pattern:
    """httpx's mount pattern (``all://``, ``https://``, ``all://*example.com``, ``http://host:8080``)."""

    scheme: str  # "" for any
    host: str  # "" for any
    port: int | None
    host_regex: re.Pattern[str] | None

    @classmethod
    def parse(cls, pattern: str) -> _Pattern:
        url = httpx.URL(pattern)
        scheme = "" if url.scheme == "all" else url.scheme
        host = "" if url.host == "*" else url.host
        if not host:
            regex = None
        elif host.startswith("*."):  # *.example.com: www.example.com, not example.com
            regex = re.compile(f"^.+\\.{re.escape(host[2:])}$")
        elif host.startswith("*"):  # *example.com: www.example.com and example.com
            regex = re.compile(f"^(.+\\.)?{re.escape(host[1:])}$")
        else:
            regex = re.compile(f"^{re.escape(host)}$")
        return cls(scheme, host, url.port, regex)

    def matches(self, url: httpx.URL) -> bool:
        if self.scheme and self.scheme != url.scheme:
            return False
        if self.host_regex is not None and not self.host_regex.match(url.host):
            return False
        return self.port is None or self.port == url.port

    @property
    def priority(self) -> tuple[int, int, int]:
        """httpx's order: a port first, then the longer host, then the longer scheme."""
        return (0 if self.port is not None else 1, -len(self.host), -len(self.scheme))


class Proxies:
    """The proxy (or none) for each request origin; answers are kept per origin."""

    def __init__(self, mounts: dict[str, str | None]) -> None:
        patterns = [(_Pattern.parse(key), None if url is None else httpx.Proxy(url)) for key, url in mounts.items()]
        self._rules = sorted(patterns, key=lambda rule: rule[0].priority)  # stable, as httpx's sort
        self._by_origin: dict[tuple[str, str, int | None], httpx.Proxy | None] = {}

    def for_url(self, url: httpx.URL) -> httpx.Proxy | None:
        """The proxy for ``url``, or None to go direct."""
        origin = (url.scheme, url.host, url.port)
        try:
            return self._by_origin[origin]
        except KeyError:
            found = next((proxy for pattern, proxy in self._rules if pattern.matches(url)), None)
            self._by_origin[origin] = found
            return found

    def distinct(self) -> list[httpx.Proxy]:
        """Every proxy named, once each."""
        found: dict[int, httpx.Proxy] = {}
        for _pattern, proxy in self._rules:
            if proxy is not None:
                found.setdefault(id(proxy), proxy)
        return list(found.values())

    def needs_socks(self) -> bool:
        """Whether a SOCKS proxy is named (httpx reaches it with ``httpx[socks]``; aiohttp cannot)."""
        return any(proxy.url.scheme.startswith("socks") for proxy in self.distinct())

    def secrets(self) -> Hidden:
        """The user names and passwords the proxy URLs hold, to keep out of any message."""
        return Hidden(part for proxy in self.distinct() for part in (proxy.auth or ()) if part)

    def __repr__(self) -> str:
        shown = sorted({_origin(proxy.url) for _pattern, proxy in self._rules if proxy is not None})
        return f"Proxies({', '.join(shown)})"


class Hidden(tuple[str, ...]):
    """Secret values, kept to be masked elsewhere: their repr shows none of them."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Hidden({len(self)} values)"


def _origin(url: httpx.URL) -> str:
    port = f":{url.port}" if url.port is not None else ""
    return f"{url.scheme}://{url.host}{port}"


def environment_proxies() -> Proxies | None:
    """The environment's proxies (httpx's ``get_environment_proxies`` rules), or None when none applies."""
    found = getproxies()
    mounts: dict[str, str | None] = {}
    for scheme in ("http", "https", "all"):
        if found.get(scheme):
            url = found[scheme]
            mounts[f"{scheme}://"] = url if "://" in url else f"http://{url}"
    if not mounts:
        return None
    for host in (h.strip() for h in found.get("no", "").split(",")):
        if host == "*":
            return None
        if not host:
            continue
        # As curl and httpx read NO_PROXY: ".example.com" spares subdomains only, "example.com"
        # the domain and its subdomains; addresses and localhost match exactly.
        if "://" in host:
            mounts[host] = None
        elif _is_ip(host, ipaddress.IPv4Address):
            mounts[f"all://{host}"] = None
        elif _is_ip(host, ipaddress.IPv6Address):
            mounts[f"all://[{host}]"] = None
        elif host.lower() == "localhost":
            mounts[f"all://{host}"] = None
        else:
            mounts[f"all://*{host}"] = None
    return Proxies(mounts)


def _is_ip(host: str, kind: type[ipaddress.IPv4Address] | type[ipaddress.IPv6Address]) -> bool:
    try:
        kind(host.split("/")[0])
    except ValueError:
        return False
    return True
