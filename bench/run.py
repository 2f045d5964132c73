"""The paywire benchmark: ``python bench/run.py`` (full, nginx) or ``python bench/run.py --smoke``.

Runs every comparison side by side in one process run, in interleaved rounds (A, B, C, A, B, C,
...) so that drift on a shared machine hits every contender alike, then prints medians and
ratios and writes ``bench/results/<UTC time>.json``. See docs/performance.md.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

import servers  # noqa: E402
import startup  # noqa: E402
import workloads  # noqa: E402

FULL = {
    "sync_n": 2000,
    "sync_rounds": 7,
    "threads_total": 3000,
    "threads_rounds": 3,
    "async_total": 6000,
    "async_slow_total": 2000,
    "async_rounds": 5,
    "inflight": (64, 1000, 10_000),
    "async_1000_total": 3000,
    "async_10000_rounds": 2,
    "proxy_creates": 200,
    "startup_runs": 20,
    "rss_count": 100_000,
}
SMOKE = {
    "sync_n": 30,
    "sync_rounds": 2,
    "threads_total": 100,
    "threads_rounds": 1,
    "async_total": 200,
    "async_slow_total": 100,
    "async_rounds": 1,
    "inflight": (64, 200, 500),
    "async_1000_total": 200,
    "async_10000_rounds": 1,
    "proxy_creates": 5,
    "startup_runs": 2,
    "rss_count": 2000,
}
SLOW = {"raw httpx.AsyncClient", "stripe bindings (async)"}
THREADS = (64, 1000)
THREAD_CASES = ("raw httpx.Client", "paywire Client")


def machine() -> dict[str, Any]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    load = os.getloadavg()
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "loadavg_at_start": [round(x, 2) for x in load],
    }


T = TypeVar("T")


def _turns(items: Iterable[T], round_: int) -> list[T]:
    """The contenders in order, reversed every other round: no contender always runs first."""
    ordered = list(items)
    return ordered if round_ % 2 == 0 else ordered[::-1]


def bench_sync(url: str, cfg: dict[str, Any]) -> dict[str, float]:
    cases = {name: make(url) for name, make in workloads.SYNC_CASES.items()}
    times: dict[str, list[float]] = {name: [] for name in cases}
    for run, _close in cases.values():
        run(max(cfg["sync_n"] // 10, 5))
    for round_ in range(cfg["sync_rounds"]):
        for name, (run, _close) in _turns(cases.items(), round_):
            times[name].append(run(cfg["sync_n"]))
    for _run, close in cases.values():
        close()
    return {name: statistics.median(values) * 1e6 for name, values in times.items()}


def bench_token(url: str, cfg: dict[str, Any]) -> dict[str, float]:
    """A create with a cached exchanged token vs one with a static key (same body and reply):
    µs per sync create and creates/s at 64 in flight on the default AsyncClient."""
    sync = {name: make(url) for name, make in workloads.TOKEN_SYNC_CASES.items()}
    times: dict[str, list[float]] = {name: [] for name in sync}
    for run, _close in sync.values():
        run(max(cfg["sync_n"] // 10, 5))  # the token client logs in here, once
    for round_ in range(cfg["sync_rounds"]):
        for name, (run, _close) in _turns(sync.items(), round_):
            times[name].append(run(cfg["sync_n"]))
    for _run, close in sync.values():
        close()
    out = {f"{name} us": statistics.median(values) * 1e6 for name, values in times.items()}
    rates: dict[str, list[float]] = {name: [] for name in workloads.TOKEN_ASYNC_CASES}
    for round_ in range(cfg["async_rounds"]):
        for name, setup in _turns(workloads.TOKEN_ASYNC_CASES.items(), round_):
            rate, failed = asyncio.run(workloads.throughput(setup, url, 64, cfg["async_total"], 64))
            assert failed == 0, f"{name}: {failed} creates failed"
            rates[name].append(rate)
    out |= {f"{name} /s": statistics.median(values) for name, values in rates.items()}
    return out


def bench_async(url: str, cfg: dict[str, Any], inflight: int) -> tuple[dict[str, float], dict[str, int]]:
    """Creates/s and failed creates per contender at ``inflight``.

    ``cfg["inflight"]`` holds three levels (full: 64, 1,000, 10,000): the first does ``async_total``
    creates (fewer for the slow contenders), the second ``async_1000_total``, the last as many
    creates as in flight, in fewer rounds, without the Stripe bindings (minutes at that size).
    """
    first, second, top = cfg["inflight"]
    cases = {n: s for n, s in workloads.ASYNC_CASES.items() if inflight < top or n != "stripe bindings (async)"}
    rates: dict[str, list[float]] = {name: [] for name in cases}
    errors: dict[str, int] = dict.fromkeys(cases, 0)
    rounds = cfg["async_10000_rounds"] if inflight >= top else cfg["async_rounds"]
    for round_ in range(rounds):
        for name, setup in _turns(cases.items(), round_):
            if inflight == first:
                total = cfg["async_slow_total"] if name in SLOW else cfg["async_total"]
            else:
                total = cfg["async_1000_total"] if inflight == second else inflight
            rate, failed = asyncio.run(workloads.throughput(setup, url, inflight, max(total, inflight), inflight))
            rates[name].append(rate)
            errors[name] += failed
    return {name: statistics.median(values) for name, values in rates.items()}, errors


def bench_inflight_memory(url: str, inflight: int) -> dict[str, float]:
    """Peak RSS growth (MiB) while each contender has ``inflight`` creates in flight, each in a fresh
    process (not raw httpx, which collapses there and takes minutes, nor the Stripe bindings)."""
    growth: dict[str, float] = {}
    for name in workloads.ASYNC_CASES:
        if name not in SLOW:
            out = subprocess.run(
                [sys.executable, str(HERE / "rss.py"), url, str(inflight), "peak", name, str(inflight)],
                check=True,
                capture_output=True,
                text=True,
            )
            growth[name] = json.loads(out.stdout)["peak_growth_mib"]
    return growth


def bench_threads(url: str, cfg: dict[str, Any]) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, int]]]:
    """Sync creates/s and failures with one client shared by 64 and by 1,000 threads."""
    rates: dict[str, dict[str, list[float]]] = {str(t): {n: [] for n in THREAD_CASES} for t in THREADS}
    errors: dict[str, dict[str, int]] = {str(t): dict.fromkeys(THREAD_CASES, 0) for t in THREADS}
    for round_ in range(cfg["threads_rounds"]):
        for threads in THREADS:
            for name in _turns(THREAD_CASES, round_):
                rate, failed = workloads.threaded(workloads.SYNC_CASES[name], url, threads, cfg["threads_total"])
                rates[str(threads)][name].append(rate)
                errors[str(threads)][name] += failed
    medians = {t: {n: statistics.median(v) for n, v in by.items()} for t, by in rates.items()}
    return medians, errors


def bench_proxy(url: str, cfg: dict[str, Any]) -> dict[str, Any]:
    """Sync and async creates with HTTP_PROXY set to a loopback forward proxy, then with NO_PROXY
    covering the host: how many creates succeeded, and how many the proxy relayed."""
    sys.path.insert(0, str(HERE.parent / "core" / "tests"))
    from forward_proxy import ForwardProxy

    n = cfg["proxy_creates"]
    results: dict[str, Any] = {}
    saved = {k: os.environ.pop(k) for k in list(os.environ) if k.lower().endswith("_proxy")}
    proxy = ForwardProxy(lifetime=600)
    try:
        for case, extra in (("HTTP_PROXY", {}), ("HTTP_PROXY + NO_PROXY=127.0.0.1", {"NO_PROXY": "127.0.0.1"})):
            os.environ.update({"HTTP_PROXY": proxy.url, **extra})
            relayed = len(proxy.seen)
            run, close = workloads.sync_paywire(url)
            run(n)
            close()
            asyncio.run(workloads.throughput(workloads.async_paywire_default, url, 16, n, 0))
            asyncio.run(workloads.throughput(workloads.async_paywire_httpx, url, 16, n, 0))
            results[case] = {"creates": 3 * n, "relayed_by_proxy": len(proxy.seen) - relayed}
            for name in ("HTTP_PROXY", *extra):
                os.environ.pop(name)
    finally:
        proxy.close()
        os.environ.update(saved)
    return results


def bench_rss(url: str, count: int, mode: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, str(HERE / "rss.py"), url, str(count), mode], check=True, capture_output=True, text=True
    )
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b else "-"


def report(results: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    sync = results["sync_us_per_create"]
    base = sync["raw httpx.Client"]
    lines.append("sync create (median us per create; ratio to raw httpx.Client; target paywire <= 1.15x)")
    lines += [f"  {name:42} {us:9.0f} us  {_ratio(us, base)}" for name, us in sync.items()]
    token = results["token"]
    if token:
        lines.append("a cached exchanged token vs a static key, same create (target: equal within noise)")
        lines.append(
            f"  sync   {token['token, cached (sync) us']:9.0f} vs {token['static key (sync) us']:9.0f} us  "
            f"{_ratio(token['token, cached (sync) us'], token['static key (sync) us'])}"
        )
        lines.append(
            f"  async  {token['token, cached (async) /s']:9.0f} vs {token['static key (async) /s']:9.0f} /s  "
            f"{_ratio(token['token, cached (async) /s'], token['static key (async) /s'])}"
        )
    for threads, rates in results["threads_creates_per_s"].items():
        failed = results["threads_failed_creates"][threads]
        lines.append(f"sync creates/s, one client shared by {threads} threads (ratio to raw httpx.Client)")
        lines += [
            f"  {name:42} {rate:9.0f} /s  {_ratio(rate, rates['raw httpx.Client'])}"
            + (f"  ({failed[name]} creates FAILED)" if failed[name] else "")
            for name, rate in rates.items()
        ]
    for inflight, rates in results["async_creates_per_s"].items():
        raw, raw_httpx = rates["raw aiohttp"], rates["raw httpx.AsyncClient"]
        stripe_async = rates.get("stripe bindings (async)", 0.0)
        lines.append(
            f"async creates/s with {inflight} in flight (ratio to raw aiohttp | to raw httpx.AsyncClient | "
            "to stripe async)"
        )
        failed = results["async_failed_creates"][inflight]
        lines += [
            f"  {name:42} {rate:9.0f} /s  {_ratio(rate, raw)} | {_ratio(rate, raw_httpx)} | "
            f"{_ratio(rate, stripe_async)}" + (f"  ({failed[name]} creates FAILED)" if failed[name] else "")
            for name, rate in rates.items()
        ]
    by_inflight = results["async_creates_per_s"]
    if "64" in by_inflight and len(by_inflight) > 1:
        lines.append("async throughput relative to 64 in flight (target >= 1.0x at 1,000, 0 failures)")
        for name in by_inflight["64"]:
            shown = [
                f"{n}: {_ratio(rates[name], by_inflight['64'][name])}"
                for n, rates in by_inflight.items()
                if n != "64" and name in rates
            ]
            lines.append(f"  {name:42} " + "  ".join(shown))
    for name, mib in results["async_peak_rss_mib"].items():
        top = results["config"]["inflight"][-1]
        lines.append(f"peak RSS growth with {top:,} creates in flight, {name}: +{mib:.1f} MiB")
    for case, seen in results["proxy"].items():
        lines.append(
            f"proxy, {case}: {seen['creates']} creates (sync, async default, async httpx), "
            f"{seen['relayed_by_proxy']} relayed by the loopback proxy"
        )
    st = results["startup_ms"]
    base = st["import pydantic, httpx, pluggy"]
    lines.append("startup (median ms; ratio to the import baseline; target <= 1.5x)")
    lines += [f"  {name:42} {ms:9.1f} ms  {_ratio(ms, base)}" for name, ms in st.items()]
    for mode, rss in results["rss"].items():
        lines.append(
            f"RSS over {rss['count']:,} creates ({mode}): {rss['growth_mib']:+.2f} MiB after warm-up "
            f"(target < 5 MiB); samples KiB {[s[1] for s in rss['samples_kib']]}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes and a Python server: seconds, for CI")
    parser.add_argument("--out", type=Path, help="JSON output path (default bench/results/<time>.json)")
    parser.add_argument("--skip", default="", help="comma-separated: sync,token,threads,async,proxy,startup,rss")
    args = parser.parse_args(argv)
    cfg = SMOKE if args.smoke else FULL
    skip = set(filter(None, args.skip.split(",")))
    try:
        server = servers.start_python() if args.smoke else servers.start_nginx()
    except RuntimeError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2
    results: dict[str, Any] = {
        "mode": "smoke" if args.smoke else "full",
        "machine": machine(),
        "config": cfg,
        "server": server.kind,
        "connector": workloads.connector_name(),
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    with server:
        print(f"server: {server.kind} at {server.url}; connector: {results['connector']}", flush=True)
        results["sync_us_per_create"] = {} if "sync" in skip else bench_sync(server.url, cfg)
        results["token"] = {} if "token" in skip else bench_token(server.url, cfg)
        results["threads_creates_per_s"], results["threads_failed_creates"] = (
            ({}, {}) if "threads" in skip else bench_threads(server.url, cfg)
        )
        results["async_creates_per_s"], results["async_failed_creates"] = {}, {}
        if "async" not in skip:
            for n in cfg["inflight"]:
                rates, failed = bench_async(server.url, cfg, n)
                results["async_creates_per_s"][str(n)], results["async_failed_creates"][str(n)] = rates, failed
        results["async_peak_rss_mib"] = {} if "rss" in skip else bench_inflight_memory(server.url, cfg["inflight"][-1])
        results["proxy"] = {} if "proxy" in skip else bench_proxy(server.url, cfg)
        results["rss"] = (
            {}
            if "rss" in skip
            else {
                "sync": bench_rss(server.url, cfg["rss_count"], "sync"),
                "async aiohttp": bench_rss(server.url, cfg["rss_count"], "aiohttp"),
            }
        )
    results["startup_ms"] = (
        {} if "startup" in skip else {k: v * 1000 for k, v in startup.measure(cfg["startup_runs"]).items()}
    )
    out = args.out or HERE / "results" / f"{results['started'].replace(':', '')}-{results['mode']}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    if not skip:
        print("\n".join(report(results)))
    else:
        print(json.dumps(results, indent=2))
    print(f"written: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
