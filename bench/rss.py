"""RSS growth over many creates: ``python bench/rss.py URL COUNT [sync|aiohttp]``; prints JSON.

RSS is read from /proc/self/status after a warm-up of 2,000 creates and at the end.
``python bench/rss.py URL COUNT peak CASE INFLIGHT``: the peak RSS growth while one async
contender (a name in ``workloads.ASYNC_CASES``) does COUNT creates with INFLIGHT in flight, after
a warm-up at 64 in flight: what so many waiting calls cost in memory.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import workloads


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def main() -> None:
    url, count = sys.argv[1], int(sys.argv[2])
    mode = sys.argv[3] if len(sys.argv) > 3 else "sync"
    if mode == "peak":
        setup, inflight = workloads.ASYNC_CASES[sys.argv[4]], int(sys.argv[5])
        asyncio.run(workloads.throughput(setup, url, 64, 640, 64))
        Path("/proc/self/clear_refs").write_text("5")  # peak RSS := RSS now
        base = rss_kib()
        rate, failed = asyncio.run(workloads.throughput(setup, url, inflight, count, 0))
        peak = next(
            int(line.split()[1])
            for line in Path("/proc/self/status").read_text().splitlines()
            if line.startswith("VmHWM:")
        )
        print(
            json.dumps(
                {
                    "case": sys.argv[4],
                    "inflight": inflight,
                    "count": count,
                    "failed": failed,
                    "peak_growth_mib": (peak - base) / 1024,
                    "rate": rate,
                }
            )
        )
        return
    warmup = min(2000, count)
    samples: list[tuple[int, int]] = []
    if mode == "sync":
        run, close = workloads.sync_paywire(url)
        run(warmup)
        samples.append((0, rss_kib()))
        step = max(count // 10, 1)
        for done in range(step, count + 1, step):
            run(step)
            samples.append((done, rss_kib()))
        close()
    else:

        async def go() -> None:
            for done in range(0, count + 1, max(count // 10, 1)):
                if done:
                    await workloads.throughput(workloads.async_paywire_aiohttp, url, 64, count // 10, 0)
                samples.append((done, rss_kib()))

        asyncio.run(workloads.throughput(workloads.async_paywire_aiohttp, url, 64, warmup, 0))
        asyncio.run(go())
    print(
        json.dumps(
            {
                "mode": mode,
                "count": count,
                "samples_kib": samples,
                "growth_mib": (samples[-1][1] - samples[0][1]) / 1024,
            }
        )
    )


if __name__ == "__main__":
    main()
