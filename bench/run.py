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
    "async_total": 6000,
    "async_slow_total": 2000,
    "async_rounds": 5,
    "startup_runs": 20,
    "rss_count": 100_000,
}
SMOKE = {
    "sync_n": 30,
    "sync_rounds": 2,
    "async_total": 200,
    "async_slow_total": 100,
    "async_rounds": 1,
    "startup_runs": 2,
    "rss_count": 2000,
}
SLOW = {"paywire AsyncClient (httpx transport)", "raw httpx.AsyncClient", "stripe bindings (async)"}


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


def bench_sync(url: str, cfg: dict[str, int]) -> dict[str, float]:
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


def bench_async(url: str, cfg: dict[str, int], inflight: int) -> tuple[dict[str, float], dict[str, int]]:
    rates: dict[str, list[float]] = {name: [] for name in workloads.ASYNC_CASES}
    errors: dict[str, int] = dict.fromkeys(workloads.ASYNC_CASES, 0)
    for round_ in range(cfg["async_rounds"]):
        for name, setup in _turns(workloads.ASYNC_CASES.items(), round_):
            total = cfg["async_slow_total"] if name in SLOW else cfg["async_total"]
            rate, failed = asyncio.run(workloads.throughput(setup, url, inflight, max(total, inflight), inflight))
            rates[name].append(rate)
            errors[name] += failed
    return {name: statistics.median(values) for name, values in rates.items()}, errors


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
    for inflight, rates in results["async_creates_per_s"].items():
        raw, stripe_async = rates["raw aiohttp"], rates["stripe bindings (async)"]
        lines.append(
            f"async creates/s with {inflight} in flight (ratio to raw aiohttp | to stripe async; "
            "target paywire >= 0.5x | >= 15x)"
        )
        failed = results["async_failed_creates"][inflight]
        lines += [
            f"  {name:42} {rate:9.0f} /s  {_ratio(rate, raw)} | {_ratio(rate, stripe_async)}"
            + (f"  ({failed[name]} creates FAILED)" if failed[name] else "")
            for name, rate in rates.items()
        ]
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
    parser.add_argument("--skip", default="", help="comma-separated: sync,async,startup,rss")
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
        results["async_creates_per_s"], results["async_failed_creates"] = {}, {}
        if "async" not in skip:
            for n in (64, 1000):
                rates, failed = bench_async(server.url, cfg, n)
                results["async_creates_per_s"][str(n)], results["async_failed_creates"][str(n)] = rates, failed
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
