"""``paywire-harness new-connector NAME --path DIR``: a complete connector plugin to start from.

The generated package installs, loads (``paywire connectors`` lists it) and runs a generic JSON
``POST {base_url}/customers``; the harness then reports what is still missing — every scenario's
cassette, with the ``paywire-harness record`` command that records it. The files come from the
``_templates/connector`` folder of this package (``string.Template``: ``${name}`` placeholders).
"""

from __future__ import annotations

import importlib.resources
import os
import re
import shlex
import string
import sys
import types
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ConnectorNames", "ScaffoldError", "connector_names", "next_steps", "render", "scaffold"]

MAX_NAME_LENGTH = 40
RESERVED = frozenset({"sandbox"})
"""Connector names the core already uses (its built-in plugins)."""

_NAME = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
_TEMPLATES = ("_templates", "connector")

FILES: tuple[tuple[str, str], ...] = (
    ("pyproject.toml.tmpl", "pyproject.toml"),
    ("README.md.tmpl", "README.md"),
    ("gitignore.tmpl", ".gitignore"),
    ("module.py.tmpl", "src/{module}/__init__.py"),
    ("", "src/{module}/py.typed"),
    ("conftest.py.tmpl", "tests/conftest.py"),
    ("test_conformance.py.tmpl", "tests/test_conformance.py"),
    ("harness.toml.tmpl", "src/{module}/cassettes/harness.toml"),
)
"""Template (empty: an empty file) -> path in the generated package."""


class ScaffoldError(Exception):
    """A bad connector name or target folder (a usage error: exit status 2)."""


@dataclass(frozen=True)
class ConnectorNames:
    """Every spelling of one connector's name."""

    name: str
    """Connector and entry-point name: ``acme_pay``."""
    distribution: str
    """``paywire-acme-pay``."""
    module: str
    """``paywire_acme_pay``."""
    display_name: str
    """``Acme Pay`` (the author edits it)."""
    class_prefix: str
    """``AcmePay``, for ``AcmePayCredentials``."""
    env_prefix: str
    """``PAYWIRE_ACME_PAY_``: where paywire reads credentials from the environment."""
    host: str
    """``acme-pay``, for the placeholder base URL."""


def connector_names(raw: str) -> ConnectorNames:
    """Normalise ``raw`` (lower case, ``-`` -> ``_``) and check it can name a connector."""
    name = raw.strip().lower().replace("-", "_")
    if not _NAME.fullmatch(name):
        raise ScaffoldError(
            f"invalid connector name {raw!r}: use letters, digits and single '-' or '_' between them, "
            f"starting with a letter (e.g. 'acme' or 'acme-pay')"
        )
    if len(name) > MAX_NAME_LENGTH:
        raise ScaffoldError(f"invalid connector name {raw!r}: at most {MAX_NAME_LENGTH} characters")
    if name in RESERVED:
        raise ScaffoldError(f"invalid connector name {raw!r}: {name!r} is paywire's built-in connector")
    if name.startswith("paywire_"):
        raise ScaffoldError(
            f"invalid connector name {raw!r}: give it without the prefix ({name.removeprefix('paywire_')!r}); "
            f"the distribution is named paywire-<name>"
        )
    words = name.split("_")
    return ConnectorNames(
        name=name,
        distribution="paywire-" + "-".join(words),
        module="paywire_" + name,
        display_name=" ".join(w.capitalize() for w in words),
        class_prefix="".join(w.capitalize() for w in words),
        env_prefix=f"PAYWIRE_{name.upper()}_",
        host="-".join(words),
    )


def record_command(names: ConnectorNames) -> str:
    """The command that records every scenario of ``names`` into its package's cassette folder."""
    return f"{names.env_prefix}API_KEY=<your test key> paywire-harness record --connector {names.name}"


def _template(filename: str) -> str:
    folder = importlib.resources.files("paywire_harness").joinpath(*_TEMPLATES)
    return folder.joinpath(filename).read_text(encoding="utf-8")


def render(names: ConnectorNames) -> dict[str, str]:
    """The generated package: relative path -> content."""
    values = {
        "name": names.name,
        "distribution": names.distribution,
        "module": names.module,
        "display_name": names.display_name,
        "class_prefix": names.class_prefix,
        "env_prefix": names.env_prefix,
        "host": names.host,
        "record_command": record_command(names),
    }
    files = {}
    for template, target in FILES:
        path = target.format(module=names.module, name=names.name)
        files[path] = string.Template(_template(template)).substitute(values) if template else ""
    module = files[f"src/{names.module}/__init__.py"]
    files["README.md"] = files["README.md"].replace(_FIELDS_PLACEHOLDER, _fields_table(names.module, module))
    return files


_FIELDS_PLACEHOLDER = "<!-- the field map, from ConnectorInfo.fields -->\n"


def _fields_table(module_name: str, source: str) -> str:
    """The generated module's field map, as ``paywire-harness fields`` prints it (so that the
    README's copy, checked by ``static:readme-field-map``, starts out true)."""
    from ._fieldmap import mapping_table

    module = types.ModuleType(module_name)
    sys.modules[module_name] = module  # pydantic resolves the credentials' annotations through it
    try:
        exec(compile(source, f"<{module_name}>", "exec"), module.__dict__)  # noqa: S102 (our own template)
        return mapping_table(module.paywire_connector())
    finally:
        del sys.modules[module_name]


def _check_target(path: Path) -> None:
    if path.exists() and not path.is_dir():
        raise ScaffoldError(f"--path {path}: exists and is not a directory")
    if path.is_dir() and any(path.iterdir()):
        raise ScaffoldError(f"--path {path}: directory is not empty (give a new or empty one)")


def scaffold(raw_name: str, path: Path) -> tuple[ConnectorNames, list[Path]]:
    """Write the package for connector ``raw_name`` into ``path`` (new or empty); the files written."""
    names = connector_names(raw_name)
    _check_target(path)
    written = []
    for relative, content in render(names).items():
        target = path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
        written.append(target)
    return names, written


def next_steps(names: ConnectorNames, path: Path) -> str:
    """What to do after generating, with commands that work from the current directory."""
    shown = str(path) if path.is_absolute() or str(path).startswith(".") else f".{os.sep}{path}"
    cassettes = path / "src" / names.module / "cassettes"
    return "\n".join(
        [
            "next steps:",
            "  1. install it, beside paywire and paywire-harness:",
            f"       pip install -e {shlex.quote(shown + '[test]')}",
            f"  2. check that paywire loads it ({names.name} ... loaded):",
            "       paywire connectors",
            "  3. see what is still missing (at first, every scenario's cassette):",
            f"       paywire-harness run --connector {names.name}",
            f"  4. fill in the TODOs of {path / 'src' / names.module / '__init__.py'}",
            "     (guide: docs/writing-a-connector.md in paywire's repository)",
            f"  5. record the cassettes into {cassettes} (they ship in the wheel),",
            "     against your processor's test environment or a fake of it (--base-url URL --fake):",
            f"       {record_command(names)}",
            "  6. run its tests too (the harness checks are test items there):",
            f"       cd {shlex.quote(shown)} && pytest",
            f"  more in {path / 'README.md'}",
            "",
        ]
    )
