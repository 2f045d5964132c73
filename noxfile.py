"""Development sessions: `nox` runs them all; `nox -s NAME` one of them; `nox -l` lists them.

Each package's tests run in an environment holding that package and what it declares, nothing
else, so a missing dependency or an accidental import of another plugin fails here.
"""

from __future__ import annotations

from pathlib import Path

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = False
nox.options.sessions = [
    "lint",
    "typecheck",
    "tests",
    "integration",
    "conformance",
    "example",
    "bench_smoke",
    "mutation_smoke",
]

PYTHON = "3.11"
PLUGINS = sorted(path.parent.name for path in Path("plugins").glob("*/pyproject.toml"))
"""The bundled connectors: every folder of plugins/ (a new connector needs no change here)."""
PLUGIN_DIRS = [f"./plugins/{name}" for name in PLUGINS]
PACKAGES = {
    "core": ["./core[test]"],
    **{name: ["./core[aiohttp]", "./harness", f"./plugins/{name}[test]"] for name in PLUGINS},
    "harness": ["./core", "./harness[test]"],
    "square": ["./core", "./harness", "./examples/square[test]"],
}
TEST_DIRS = {
    "core": "core/tests",
    **{name: f"plugins/{name}/tests" for name in PLUGINS},
    "harness": "harness/tests",
    "square": "examples/square/tests",
}
BENCH_DEPS = ["./core[aiohttp]", "./plugins/stripe", "./plugins/adyen", "./harness", "stripe>=12"]
SOURCES = ["core/src", *(f"plugins/{name}/src" for name in PLUGINS), "harness/src", "examples/square/src", "mutation"]


@nox.session(python=PYTHON)
@nox.parametrize("package", list(PACKAGES))
def tests(session: nox.Session, package: str) -> None:
    """Run one package's tests in its own environment."""
    session.install(*PACKAGES[package])
    session.run(
        "pytest", TEST_DIRS[package], *session.posargs, env={"PAYWIRE_PLUGINS": ""} if package == "core" else {}
    )


@nox.session(python=PYTHON)
def integration(session: nox.Session) -> None:
    """The tests that need several packages at once (skipped in the per-package sessions): the
    canary-secret test over harness reports, and the property checks against the real plugins."""
    session.install("./core[test]", *PLUGIN_DIRS, "./harness[test]")
    session.run("pytest", "core/tests/reliability/test_redaction.py", "core/tests/test_cli.py", *session.posargs)
    session.run("pytest", "harness/tests/test_properties.py", *session.posargs)


@nox.session(python=PYTHON)
def conformance(session: nox.Session) -> None:
    """Run the conformance harness over the bundled connectors, offline, and write its reports
    (aiohttp installed: scenarios replay on the sync, async httpx and async aiohttp paths)."""
    session.install("./core[aiohttp]", *PLUGIN_DIRS, "./harness")
    session.run(
        "paywire-harness",
        "run",
        "--strict",
        "--junit-xml",
        "reports/conformance.junit.xml",
        "--json",
        "reports/conformance.json",
        "--markdown",
        "reports/conformance.md",
        *session.posargs,
    )


@nox.session(python=PYTHON)
def example(session: nox.Session) -> None:
    """The external example plugin (Square), installed from its folder, proved by the harness."""
    session.install("./core[aiohttp]", "./harness", "./examples/square")
    session.run(
        "paywire-harness",
        "run",
        "--strict",
        "--connector",
        "square",
        "--cassettes",
        "examples/square/cassettes/square",
        "--junit-xml",
        "reports/square.junit.xml",
        "--json",
        "reports/square.json",
        "--markdown",
        "reports/square.md",
    )


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff: lint and formatting."""
    session.install("ruff>=0.15")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    """mypy --strict over every package's sources."""
    session.install("mypy>=1.15", "./core[aiohttp]", *PLUGIN_DIRS, "./harness[test]", "./examples/square")
    session.run("mypy", *SOURCES)


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """The full benchmark against nginx on 127.0.0.1 (needs: apt-get install nginx-light hyperfine)."""
    session.install(*BENCH_DEPS)
    session.run("python", "bench/run.py", *session.posargs)


@nox.session(python=PYTHON)
def bench_smoke(session: nox.Session) -> None:
    """Every comparison, tiny, on a Python loopback server: proves the bench runs (not a timing)."""
    session.install(*BENCH_DEPS)
    session.run("python", "bench/run.py", "--smoke", *session.posargs)


@nox.session(python=PYTHON)
def mutation(session: nox.Session) -> None:
    """Measure the harness: mutate each bundled connector, count the mutants the harness alone
    kills (``nox -s mutation -- --connector stripe``; default every connector, at least 90 %)."""
    session.install("./core[aiohttp]", *PLUGIN_DIRS, "./harness")
    connectors = (
        []
        if "--connector" in session.posargs
        else [a for name in PLUGINS if name != "adyen" for a in ("--connector", name)]
    )
    session.run(
        "python",
        "mutation/run.py",
        *connectors,
        "--fail-under",
        "90",
        "--json",
        "reports/mutation.json",
        "--markdown",
        "reports/mutation.md",
        *session.posargs,
    )


@nox.session(python=PYTHON)
def mutation_smoke(session: nox.Session) -> None:
    """A few Stripe mutants through the mutation runner: proves it works (not a score)."""
    session.install("./core[aiohttp]", "./plugins/stripe", "./harness")
    session.run("python", "mutation/run.py", "--connector", "stripe", "--limit", "6", *session.posargs)
