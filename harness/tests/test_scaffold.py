"""``paywire-harness new-connector``: the generated plugin installs, loads, runs, and the harness
says what is missing.

The main test installs the scaffold into a fresh virtual environment, offline: ``python -m venv
--without-pip`` (works where the running environment has no pip, e.g. a uv-made nox venv) plus a
``.pth`` file naming a folder of links to exactly the installed distributions that core's and the
harness's ``pyproject.toml`` declare (and their dependencies, pip, hatchling, pytest). Linking
the whole site-packages instead would leak the development environment's other plugins (and its
editable paywire) into the "fresh" one; ``--system-site-packages`` only helps from a base
interpreter. Then core, harness and the scaffold are installed from their folders with
``pip install --no-index --no-deps --no-build-isolation``: real wheels, real entry points.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
import tomllib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import paywire
from paywire_harness import all_checks, build_target, run_plan
from paywire_harness._cli import main
from paywire_harness._record import record
from paywire_harness._runner import Plan
from paywire_harness._scaffold import FILES, ScaffoldError, connector_names, render
from paywire_harness.scenarios import SCENARIOS

REPO = Path(__file__).resolve().parents[2]
BUILD_TOOLS = ("pip", "hatchling", "pytest")
"""Besides what core and harness declare: the installer, the build backend, the test runner."""


# -- names and folders ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "name", "distribution", "module", "display", "env"),
    [
        ("acme", "acme", "paywire-acme", "paywire_acme", "Acme", "PAYWIRE_ACME_"),
        ("Acme-Pay", "acme_pay", "paywire-acme-pay", "paywire_acme_pay", "Acme Pay", "PAYWIRE_ACME_PAY_"),
        ("my_psp2", "my_psp2", "paywire-my-psp2", "paywire_my_psp2", "My Psp2", "PAYWIRE_MY_PSP2_"),
    ],
)
def test_names_are_normalised(raw: str, name: str, distribution: str, module: str, display: str, env: str) -> None:
    names = connector_names(raw)
    assert (names.name, names.distribution, names.module, names.display_name, names.env_prefix) == (
        name,
        distribution,
        module,
        display,
        env,
    )


@pytest.mark.parametrize(
    "raw", ["", "2pay", "acme pay", "acme--pay", "acme_", "-acme", "acmé", "a/b", "sandbox", "paywire-acme", "x" * 41]
)
def test_bad_names_are_a_usage_error_and_write_nothing(
    raw: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(ScaffoldError):
        connector_names(raw)
    target = tmp_path / "new"
    assert main(["new-connector", "--path", str(target), "--", raw]) == 2
    assert "invalid connector name" in capsys.readouterr().err
    assert not target.exists()


def test_a_non_empty_folder_or_a_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    assert main(["new-connector", "acme", "--path", str(tmp_path)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]
    assert main(["new-connector", "acme", "--path", str(tmp_path / "keep.txt")]) == 2
    assert "not a directory" in capsys.readouterr().err


def test_generates_the_package_and_prints_next_steps(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "empty"
    target.mkdir()  # an existing empty folder is fine
    assert main(["new-connector", "acme-pay", "--path", str(target)]) == 0
    out = capsys.readouterr().out
    expected = {t.format(module="paywire_acme_pay", name="acme_pay") for _, t in FILES}
    assert {str(p.relative_to(target)) for p in target.rglob("*") if p.is_file()} == expected
    assert f"pip install -e '{target}[test]'" in out
    assert "paywire-harness run --connector acme_pay\n" in out
    assert "PAYWIRE_ACME_PAY_API_KEY=<your test key> paywire-harness record --connector acme_pay\n" in out
    cassettes = target / "src" / "paywire_acme_pay" / "cassettes"
    assert f"record the cassettes into {cassettes} (they ship in the wheel)" in out
    assert cassettes.is_dir() and not list(cassettes.glob("*.yaml"))


def test_rendered_files_are_complete() -> None:
    files = render(connector_names("acme-pay"))
    for path, text in files.items():
        assert "${" not in text and "$$" not in text, path
        if path.endswith(".py"):
            compile(text, path, "exec")
    project = tomllib.loads(files["pyproject.toml"])
    assert project["build-system"]["build-backend"] == "hatchling.build"
    assert project["project"]["name"] == "paywire-acme-pay"
    assert project["project"]["dependencies"] == ["paywire>=0.2,<0.3"]
    assert any(r.startswith("paywire-harness") for r in project["project"]["optional-dependencies"]["test"])
    assert project["project"]["entry-points"]["paywire"] == {"acme_pay": "paywire_acme_pay"}
    assert project["project"]["entry-points"]["paywire_harness.cassettes"] == {"acme_pay": "paywire_acme_pay:cassettes"}
    assert project["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == ["src/paywire_acme_pay"]
    config = tomllib.loads(files["src/paywire_acme_pay/cassettes/harness.toml"])
    assert set(config) == {"credentials"}
    readme = files["README.md"]
    assert "paywire-harness record --connector acme_pay" in readme
    assert "paywire-harness run --connector acme_pay --strict" in readme


def test_generated_code_is_lint_and_strict_typing_clean(tmp_path: Path) -> None:
    """Authors start from code that passes ``ruff`` and ``mypy --strict`` (with its own pyproject)."""
    pytest.importorskip("mypy", reason="mypy is a development tool, not a test dependency")
    pytest.importorskip("ruff", reason="ruff is a development tool, not a test dependency")
    package = tmp_path / "pkg"
    assert main(["new-connector", "lint-probe", "--path", str(package)]) == 0
    env = {**os.environ, "MYPYPATH": str(package / "src")}
    for command in (
        ["ruff", "check", "--no-cache", "."],
        ["ruff", "format", "--check", "--no-cache", "."],
        ["mypy", "--cache-dir", str(tmp_path / "mypy"), "src", "tests"],
    ):
        done = _run(sys.executable, "-m", *command, cwd=package, env=env, timeout=120)
        assert done.returncode == 0, f"{' '.join(command)}:\n{done.stdout}{done.stderr}"


# -- the generated connector, in process ---------------------------------------------------------


@contextmanager
def generated_connector(tmp_path: Path, raw: str) -> Iterator[tuple[Any, Path]]:
    """Scaffold ``raw``, import its module and register it in paywire's registry for the block."""
    package = tmp_path / "pkg"
    assert main(["new-connector", raw, "--path", str(package)]) == 0
    names = connector_names(raw)
    sys.path.insert(0, str(package / "src"))
    try:
        module = __import__(names.module)
        with paywire.registry().registered(module, name=names.name) as record:
            assert record.status == "loaded", record.error
            record.distribution, record.version = names.distribution, module.__version__  # as if installed
            yield module, package / "src" / names.module / "cassettes"
    finally:
        sys.path.remove(str(package / "src"))
        sys.modules.pop(names.module, None)


class _Processor(ThreadingHTTPServer):
    """Answers every POST with the next queued (status, body); records what it got."""

    daemon_threads = True

    def __init__(self, replies: list[tuple[int, dict[str, Any]]]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.replies = replies
        self.requests: list[tuple[str, dict[str, str], bytes]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: _Processor

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.requests.append((self.path, dict(self.headers), body))
        status, reply = self.server.replies.pop(0)
        data = json.dumps(reply).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Request-Id", "req_42")
        self.end_headers()
        self.wfile.write(data)


@contextmanager
def processor(replies: list[tuple[int, dict[str, Any]]], lifetime: float = 30.0) -> Iterator[_Processor]:
    server = _Processor(replies)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    timer = threading.Timer(lifetime, server.shutdown)  # stops by itself
    timer.start()
    try:
        yield server
    finally:
        timer.cancel()
        server.shutdown()
        server.server_close()


def test_the_skeleton_sends_a_generic_json_post_and_reads_the_reply(tmp_path: Path) -> None:
    credentials = {"api_key": "scaffold_fake_key_123"}
    replies: list[tuple[int, dict[str, Any]]] = [
        (201, {"id": "cus_generated_1"}),
        (402, {"error": {"code": "card_declined", "message": "no"}}),
    ]
    with (
        generated_connector(tmp_path, "scaffold-probe"),
        processor(replies) as server,
        paywire.Client("scaffold_probe", credentials=credentials, base_url=server.url, max_retries=0) as client,
    ):
        customer = client.customers.create(
            email="jane@example.com", customer_name="Jane Roe", merchant_customer_id="user_42", idempotency_key="k1"
        )
        with pytest.raises(paywire.ConnectorError) as refused:
            client.customers.create(email="jane@example.com", idempotency_key="k2")
    assert customer.connector_customer_id == "cus_generated_1"
    assert customer.merchant_customer_id == "user_42"
    path, headers, body = server.requests[0]
    assert path == "/customers"
    assert headers["Idempotency-Key"] == "k1"
    assert headers["Authorization"] == "Bearer scaffold_fake_key_123"
    assert json.loads(body) == {"reference": "user_42", "name": "Jane Roe", "email": "jane@example.com"}
    error = refused.value
    assert error.code is paywire.ErrorCode.PAYMENT_REQUIRED
    assert (error.connector_code, error.status_code, error.request_id) == ("card_declined", 402, "req_42")


def test_the_harness_reports_every_missing_cassette_with_the_record_command(tmp_path: Path) -> None:
    with generated_connector(tmp_path, "scaffold-probe2") as (_, cassettes):
        connector = paywire.registry().connectors()["scaffold_probe2"]
        setup = build_target(connector, cassettes=cassettes)
        assert setup.problems == []
        results = run_plan(Plan(setups=[setup]), all_checks(properties=False))
    by_check = {r.check: r for r in results}
    statics = [r for r in results if r.check.startswith("static:")]
    assert statics and all(r.outcome == "passed" for r in statics), [(r.check, r.message) for r in statics]
    for scenario in SCENARIOS:
        result = by_check[f"scenario:{scenario.name}"]
        assert result.outcome == "failed"
        assert f"missing cassette {cassettes / (scenario.name + '.yaml')}" in result.message
        assert f"paywire-harness record --connector scaffold_probe2 --scenario {scenario.name}" in result.message


def test_a_recorded_scenario_then_passes(tmp_path: Path) -> None:
    """The README's workflow: record against a server (here a local one), replay offline."""
    out = io.StringIO()
    with (
        generated_connector(tmp_path, "scaffold-probe3") as (_, cassettes),
        processor([(200, {"id": "cus_9"})] * 2) as server,
    ):
        environ = {"PAYWIRE_SCAFFOLD_PROBE3_API_KEY": "probe_test_key_not_in_cassettes"}
        unreviewed = record(
            "scaffold_probe3", ["minimal"], base_url=server.url, cassettes=cassettes, environ=environ, out=out
        )
        assert unreviewed == 1 and not (cassettes / "minimal.yaml").exists()
        assert "rerun with --accept" in out.getvalue()
        status = record(
            "scaffold_probe3",
            ["minimal"],
            base_url=server.url,
            cassettes=cassettes,
            environ=environ,
            out=out,
            accept=True,
        )
        assert status == 0, out.getvalue()
        assert "connector_customer_id: cus_9" in (cassettes / "minimal.expect.yaml").read_text(encoding="utf-8")
        connector = paywire.registry().connectors()["scaffold_probe3"]
        checks = [c for c in all_checks(properties=False) if c.name in ("scenario:minimal", "static:cassette-lint")]
        results = run_plan(Plan(setups=[build_target(connector, cassettes=cassettes)]), checks)
    assert {r.check: r.outcome for r in results} == {
        "static:config": "passed",
        "scenario:minimal": "passed",
        "static:cassette-lint": "passed",
    }, [r.message for r in results]
    cassette = (cassettes / "minimal.yaml").read_text(encoding="utf-8")
    assert "probe_test_key_not_in_cassettes" not in cassette
    assert "https://api.scaffold-probe3.example/customers" in cassette


# -- the generated package, installed into a fresh environment -----------------------------------


def _declared(pyproject: Path) -> list[str]:
    return list(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"])


def _closure(requirements: Iterable[str]) -> dict[str, metadata.Distribution]:
    """The installed distributions ``requirements`` need, transitively (markers evaluated, no extras)."""
    found: dict[str, metadata.Distribution] = {}
    todo = [Requirement(r) for r in requirements]
    while todo:
        requirement = todo.pop()
        key = canonicalize_name(requirement.name)
        if key in found or key in ("paywire", "paywire-harness"):
            continue
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue
        try:
            found[key] = metadata.distribution(requirement.name)
        except metadata.PackageNotFoundError:
            pytest.fail(f"{requirement.name} is not installed in {sys.prefix}: pip install -e 'harness[test]'")
        todo.extend(Requirement(r) for r in found[key].requires or ())
    return found


def _link_distributions(distributions: Iterable[metadata.Distribution], folder: Path) -> None:
    """Link each distribution's top-level files (packages, modules, .dist-info) into ``folder``."""
    folder.mkdir()
    for dist in distributions:
        if dist.files is None:
            pytest.fail(f"{dist.metadata['Name']} has no RECORD: cannot tell its files")
        for top in {f.parts[0] for f in dist.files if ".." not in f.parts}:
            if top == "__pycache__" or top.endswith(".pth") or (folder / top).exists():
                continue
            (folder / top).symlink_to(Path(str(dist.locate_file(top))))


def _run(*args: str | Path, cwd: Path, env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture(scope="module")
def fresh_env(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A new venv holding core and harness, installed from their folders; offline."""
    root = tmp_path_factory.mktemp("fresh")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=60)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    needed = [*_declared(REPO / "core" / "pyproject.toml"), *_declared(REPO / "harness" / "pyproject.toml")]
    _link_distributions(_closure([*needed, *BUILD_TOOLS]).values(), root / "deps")
    (Path(purelib) / "paywire_test_deps.pth").write_text(str(root / "deps") + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PAYWIRE_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1", CI="1")
    env["PATH"] = str(bindir) + os.pathsep + env.get("PATH", "")
    installed = _run(
        python,
        *("-m", "pip", "install", "--quiet", "--no-index", "--no-deps", "--no-build-isolation"),
        REPO / "core",
        REPO / "harness",
        cwd=root,
        env=env,
        timeout=120,
    )
    assert installed.returncode == 0, installed.stderr
    return bindir, env


def test_scaffold_installs_into_a_fresh_environment_and_the_harness_says_what_is_missing(
    fresh_env: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    bindir, env = fresh_env
    package = tmp_path / "paywire-acme-pay"

    made = _run(bindir / "paywire-harness", "new-connector", "acme-pay", "--path", package, cwd=tmp_path, env=env)
    assert made.returncode == 0, made.stderr
    assert "next steps:" in made.stdout  # the templates ship in the harness's wheel

    installed = _run(
        bindir / "python",
        *("-m", "pip", "install", "--quiet", "--no-index", "--no-deps", "--no-build-isolation"),
        package,
        cwd=tmp_path,
        env=env,
    )
    assert installed.returncode == 0, installed.stderr

    listed = _run(bindir / "paywire", "connectors", "--json", cwd=tmp_path, env=env)
    assert listed.returncode == 0, listed.stderr
    rows = {row["name"]: row for row in json.loads(listed.stdout)}
    assert set(rows) == {"sandbox", "acme_pay"}  # fresh: none of the development environment's plugins
    row = rows["acme_pay"]
    assert (row["status"], row["distribution"], row["version"]) == ("loaded", "paywire-acme-pay", "0.1.0")
    assert row["operations"] == {"customers.create": "remote"}

    # The cassette folder shipped in the wheel (empty but for harness.toml), found by entry point.
    located = _run(
        bindir / "python",
        "-c",
        "from paywire_harness import cassette_dir_for; print(cassette_dir_for('acme_pay'))",
        cwd=tmp_path,
        env=env,
    )
    cassettes = Path(located.stdout.strip())
    assert cassettes.parts[-2:] == ("paywire_acme_pay", "cassettes") and (cassettes / "harness.toml").is_file()
    report_path = tmp_path / "report.json"
    ran = _run(
        bindir / "paywire-harness",
        *("run", "--connector", "acme_pay", "--json", report_path),
        cwd=tmp_path,
        env=env,
    )
    assert ran.returncode == 1, ran.stdout + ran.stderr
    assert "Traceback" not in ran.stdout + ran.stderr
    results = {r["check"]: r for r in json.loads(report_path.read_text())["results"]}
    missing = {name for name, r in results.items() if r["outcome"] == "failed"}
    assert missing == {f"scenario:{s.name}" for s in SCENARIOS}, {n: results[n]["message"] for n in missing}
    for scenario in SCENARIOS:
        message = results[f"scenario:{scenario.name}"]["message"]
        assert f"missing cassette {cassettes / scenario.name}.yaml" in message
        assert f"paywire-harness record --connector acme_pay --scenario {scenario.name}" in message
        assert f"missing cassette {cassettes / scenario.name}.yaml" in ran.stdout
    properties = [r for name, r in results.items() if name.startswith("property:")]
    assert properties and all(r["outcome"] == "passed" for r in properties)

    tested = _run(bindir / "python", "-m", "pytest", "-p", "no:cacheprovider", "-rA", cwd=package, env=env)
    assert tested.returncode == 1, tested.stdout + tested.stderr
    for test in ("installed_and_loaded", "the_harness_checks_this_connector", "a_reply_becomes_a_customer"):
        assert f"PASSED tests/test_conformance.py::test_{test}" in tested.stdout, tested.stdout
    assert "PASSED acme_pay::property:no-silent-drops" in tested.stdout
    assert "FAILED acme_pay::scenario:minimal - acme_pay::scenario:minimal failed:" in tested.stdout
    assert "Traceback" not in tested.stdout + tested.stderr
