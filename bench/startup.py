"""Startup: ``paywire connectors`` against ``python -c "import pydantic, httpx, pluggy"``.

Uses hyperfine when installed (``apt-get install hyperfine``), else repeated subprocess timings.
``plugin_dir(n)`` writes ``n`` tiny installed plugin distributions (module + ``.dist-info`` with a
``paywire`` entry point, as ``pip install --target`` leaves them) to put on ``PYTHONPATH``.
Bytecode caching is left on (PYTHONDONTWRITEBYTECODE removed) so runs see what users see.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["measure", "plugin_dir"]

_PLUGIN = '''\
"""Bench dummy plugin {i}."""
import paywire
from paywire import hookimpl


class Keys(paywire.Credentials):
    api_key: str = ""


@hookimpl
def paywire_connector() -> paywire.ConnectorInfo:
    return paywire.ConnectorInfo(
        name="dummy{i:02d}", display_name="Dummy {i}", credentials=Keys,
        operations={{paywire.Operation.CREATE_CUSTOMER: paywire.Capability.REMOTE}},
    )
'''


def plugin_dir(n: int) -> str:
    root = tempfile.mkdtemp(prefix="paywire-bench-plugins-")
    for i in range(n):
        module = f"paywire_dummy{i:02d}"
        Path(root, f"{module}.py").write_text(_PLUGIN.format(i=i))
        info = Path(root, f"paywire_dummy{i:02d}-0.1.0.dist-info")
        info.mkdir()
        info.joinpath("METADATA").write_text(f"Metadata-Version: 2.1\nName: paywire-dummy{i:02d}\nVersion: 0.1.0\n")
        info.joinpath("entry_points.txt").write_text(f"[paywire]\ndummy{i:02d} = {module}\n")
        info.joinpath("RECORD").write_text("")
        info.joinpath("INSTALLER").write_text("bench\n")
    return root


def _paywire_cmd() -> list[str]:
    script = Path(sys.executable).with_name("paywire")
    return [str(script), "connectors"] if script.exists() else [sys.executable, "-m", "paywire", "connectors"]


def _env(extra_path: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if extra_path:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (extra_path, env.get("PYTHONPATH")) if p)
    return env


def _times(cmd: list[str], env: dict[str, str], runs: int) -> list[float]:
    """Wall seconds of ``runs`` runs (after 3 warm-up runs)."""
    if shutil.which("hyperfine"):
        out = Path(tempfile.mkstemp(suffix=".json")[1])
        subprocess.run(
            ["hyperfine", "-N", "--warmup", "3", "--runs", str(runs), "--export-json", str(out), shlex.join(cmd)],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        times: list[float] = json.loads(out.read_text())["results"][0]["times"]
        out.unlink()
        return times
    times = []
    for i in range(runs + 3):
        started = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
        if i >= 3:
            times.append(time.perf_counter() - started)
    return times


def measure(runs: int, plugins: int = 50, extra_path: str | None = None, passes: int = 5) -> dict[str, float]:
    """Median seconds per command; ``extra_path`` puts another paywire copy first (a proposal).

    The commands take turns in short passes (A, B, C, A, B, C, ...; ``runs`` split over
    ``passes``, after one dropped warm-up pass) and each result is the median of all its runs,
    so that drift on a shared machine (sigma ~20 ms on ~150 ms here) hits every contender alike."""
    baseline = [sys.executable, "-c", "import pydantic, httpx, pluggy"]
    many = plugin_dir(plugins)
    try:
        env = _env(extra_path)
        env_many = _env(os.pathsep.join(p for p in (extra_path, many) if p))
        subprocess.run(_paywire_cmd(), env=env_many, check=True, stdout=subprocess.DEVNULL)  # fail loudly
        commands = {
            "import pydantic, httpx, pluggy": (baseline, env),
            "paywire connectors": (_paywire_cmd(), env),
            f"paywire connectors (+{plugins} plugins)": (_paywire_cmd(), env_many),
        }
        passes = max(1, min(passes, runs))
        per_pass = -(-runs // passes)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for n in range(passes + 1):  # the first pass warms caches for everyone and is dropped
            for name, (cmd, cmd_env) in commands.items():
                taken = _times(cmd, cmd_env, per_pass)
                if n:
                    times[name].extend(taken)
        return {name: statistics.median(values) for name, values in times.items()}
    finally:
        shutil.rmtree(many, ignore_errors=True)
