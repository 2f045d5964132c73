"""Profile the sync create hot path against the local server: ``python bench/profile_hot.py [N]``.

Prints cProfile's top functions by own time and by cumulative time, per create.
"""

from __future__ import annotations

import cProfile
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import servers
import workloads


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    try:
        server = servers.start_nginx()
    except RuntimeError:
        server = servers.start_python()
    with server:
        run, close = workloads.sync_paywire(server.url)
        run(200)
        profiler = cProfile.Profile()
        profiler.enable()
        run(n)
        profiler.disable()
        close()
    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]
    print(f"{n} creates, {total / n * 1e6:.0f} us per create under cProfile")
    rows = []
    for (file, line, name), (_cc, ncalls, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append((tt, ct, ncalls, f"{Path(file).parent.name}/{Path(file).name}:{line}({name})"))
    print("\nown time per create (us), calls per create, function")
    for tt, _ct, ncalls, where in sorted(rows, reverse=True)[:25]:
        print(f"{tt / n * 1e6:8.1f} {ncalls / n:6.1f}  {where}")
    print("\ncumulative time per create (us), function")
    for _tt, ct, _ncalls, where in sorted(rows, key=lambda r: r[1], reverse=True)[:40]:
        print(f"{ct / n * 1e6:8.1f}  {where}")


if __name__ == "__main__":
    main()
