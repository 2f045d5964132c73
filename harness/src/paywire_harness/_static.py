"""Static checks: what can be judged from a connector's declaration and files, without running it."""

from __future__ import annotations

import ast
import inspect
import re
import sys
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import SecretStr, ValidationError

import paywire

from ._checks import CheckResult, Outcome, Target
from ._expect import EXPECT_SUFFIX
from ._fieldmap import mapping_table, missing_from_map
from ._lint import lint_cassette, lint_text, scenario_emails

__all__ = ["STATIC_CHECKS", "failed_plugin_result", "static_checks"]

SECRET_NAME = re.compile(r"key|secret|token|password", re.IGNORECASE)
REQUEST_HOOK = "paywire_create_customer_request"
RESPONSE_HOOK = "paywire_create_customer_response"
ERROR_HOOK = "paywire_error"


def _implemented(connector: paywire.Connector) -> set[str]:
    plugin = connector.record.plugin
    pm = paywire.registry().pm
    return {name for name in dir(plugin) if pm.parse_hookimpl_opts(plugin, name) is not None}


class _Static:
    name = "static:?"

    def run(self, target: Target) -> CheckResult:
        try:
            problems = self.problems(target)
        except Exception as exc:  # never raise: report
            problems = [f"harness error: {type(exc).__name__}: {exc}"]
        outcome: Outcome = "failed" if problems else "passed"
        return CheckResult(target.name, self.name, outcome, "; ".join(problems))

    def problems(self, target: Target) -> list[str]:
        raise NotImplementedError


class MetadataCheck(_Static):
    """Display name, distribution, version, and a capability for every operation."""

    name = "static:metadata"

    def problems(self, target: Target) -> list[str]:
        info, record = target.connector.info, target.connector.record
        problems = []
        if not info.display_name.strip():
            problems.append("ConnectorInfo.display_name is empty")
        if not record.distribution:
            problems.append(
                "no distribution: the plugin must be installed from a package declaring a 'paywire' entry point"
            )
        if not record.version:
            problems.append("the distribution declares no version")
        missing = [op.value for op in paywire.Operation if op not in info.operations]
        if missing:
            problems.append(
                f"ConnectorInfo.operations declares no capability for {', '.join(missing)} "
                f"(say REMOTE, LOCAL or UNSUPPORTED explicitly)"
            )
        if info.idempotency is not None and info.idempotency.max_length < 1:
            problems.append("Idempotency.max_length must be positive")
        return problems


class HookimplsCheck(_Static):
    """Every hookimpl names a hookspec and takes only the spec's arguments."""

    name = "static:hookimpls"

    def problems(self, target: Target) -> list[str]:
        plugin = target.connector.record.plugin
        problems = []
        for hook in sorted(_implemented(target.connector)):
            spec = getattr(paywire.hookspecs, hook, None)
            if spec is None:
                problems.append(f"{hook} implements no hookspec")
                continue
            impl = getattr(plugin, hook)
            spec_args = set(inspect.signature(spec).parameters)
            extra = [a for a in inspect.signature(impl).parameters if a not in spec_args]
            if extra:
                problems.append(f"{hook} takes arguments the spec lacks: {', '.join(extra)}")
        return problems


class CapabilitiesCheck(_Static):
    """Declared capabilities are backed by the hooks they need."""

    name = "static:capabilities"

    def problems(self, target: Target) -> list[str]:
        info = target.connector.info
        hooks = _implemented(target.connector)
        capability = info.capability(paywire.Operation.CREATE_CUSTOMER)
        problems = []
        needed = {
            paywire.Capability.REMOTE: (REQUEST_HOOK, RESPONSE_HOOK),
            paywire.Capability.LOCAL: (REQUEST_HOOK,),
        }.get(capability, ())
        for hook in needed:
            if hook not in hooks:
                problems.append(f"customers.create is {capability.value.upper()} but {hook} is not implemented")
        idem = info.idempotency
        if capability is paywire.Capability.REMOTE and idem.kind == "local":
            problems.append("customers.create is REMOTE but its idempotency is 'local'")
        if capability is paywire.Capability.LOCAL and idem.kind not in ("local", "none"):
            problems.append(f"customers.create is LOCAL but its idempotency is {idem.kind!r}")
        if idem.on_the_wire and not idem.name:
            problems.append(f"Idempotency {idem.kind!r} names no {idem.kind}")
        for name in idem.natural_key:
            if name not in paywire.CANONICAL_FIELDS:
                problems.append(f"Idempotency.natural_key names {name!r}, which is not a canonical field")
        if info.token:
            for hook in ("paywire_token_request", "paywire_token_response"):
                if hook not in hooks:
                    problems.append(f"ConnectorInfo.token is set but {hook} is not implemented")
        if capability is paywire.Capability.UNSUPPORTED and REQUEST_HOOK in hooks:
            problems.append(f"customers.create is UNSUPPORTED but {REQUEST_HOOK} is implemented")
        if any(h != h.lower() for h in info.auth_headers):
            problems.append("ConnectorInfo.auth_headers must be lower-case")
        return problems


def _holds_secret(annotation: Any) -> bool:
    if annotation is SecretStr:
        return True
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _holds_secret(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return bool(args) and all(_holds_secret(a) for a in args)
    return False


class CredentialsCheck(_Static):
    """Credential fields named like secrets are ``SecretStr`` (masked when printed), a required
    secret refuses an empty value (an unset ``PAYWIRE_<CONNECTOR>_<FIELD>`` fails when the client
    is built, naming the field, not as a 401 later), and a REMOTE connector's credentials say
    whether they are live (``Credentials.live``)."""

    name = "static:credentials"

    def problems(self, target: Target) -> list[str]:
        info = target.connector.info
        model: type = info.credentials
        problems: list[str] = []
        if not (isinstance(model, type) and issubclass(model, paywire.Credentials)):
            return [f"ConnectorInfo.credentials {model!r} does not derive from paywire.Credentials"]
        for name, field in model.model_fields.items():
            if SECRET_NAME.search(name) and not _holds_secret(field.annotation):
                problems.append(f"credentials field {name!r} looks secret but is not SecretStr")
            elif field.is_required() and _holds_secret(field.annotation) and _accepts_empty(target, name):
                problems.append(f"credentials field {name!r} accepts an empty secret: require min_length=1")
        remote = paywire.Capability.REMOTE in info.operations.values()
        if remote and getattr(model, "live", None) is vars(paywire.Credentials)["live"]:
            problems.append(
                f"{model.__name__} does not say whether credentials are live: override the 'live' property "
                f"(the core refuses live credentials under test_mode, and `record` refuses to record with them)"
            )
        return problems


def _accepts_empty(target: Target, name: str) -> bool:
    """Whether the connector's credentials model validates with field ``name`` set to ``""`` and
    every other field as in the harness's fake credentials."""
    fields = {
        key: value.get_secret_value() if isinstance(value, SecretStr) else value for key, value in target.credentials
    }
    try:
        type(target.credentials).model_validate({**fields, name: ""})
    except ValidationError:
        return False
    return True


class CassetteLintCheck(_Static):
    """No real credential or unredacted personal e-mail in any cassette or expectation."""

    name = "static:cassette-lint"

    def problems(self, target: Target) -> list[str]:
        if target.cassette_dir is None or not target.cassette_dir.is_dir():
            return []
        fakes = frozenset(paywire.secret_values(target.credentials))
        problems: list[str] = []
        for path in sorted(target.cassette_dir.glob("*.y*ml")):
            if path.name.endswith(EXPECT_SUFFIX):
                text = path.read_text(encoding="utf-8", errors="replace")
                problems.extend(str(f) for f in lint_text(text, path.name, fakes, scenario_emails()))
            else:
                problems.extend(
                    str(f)
                    for f in lint_cassette(
                        path, fakes, target.connector.info.auth_headers, target.connector.info.auth_body_fields
                    )
                )
        return problems


class UnsupportedFieldsCheck(_Static):
    """``ConnectorInfo.unsupported_fields`` and ``limits`` name real canonical fields (the core
    refuses what they declare; a misspelled path would refuse nothing)."""

    name = "static:unsupported-fields"

    def problems(self, target: Target) -> list[str]:
        info = target.connector.info
        problems = []
        for path in sorted(info.unsupported_fields):
            if not any(f == path or f.startswith(path + ".") for f in paywire.CANONICAL_FIELDS):
                problems.append(f"unsupported_fields names {path!r}, which is not a canonical field")
        for path in sorted(info.limits):
            if path not in paywire.CANONICAL_FIELDS:
                problems.append(f"limits names {path!r}, which is not a canonical field")
        return problems


class FieldMapCheck(_Static):
    """A REMOTE connector says where every canonical field lands (``ConnectorInfo.fields``) or
    declares it unsupported; every mapping names canonical companions and at least one location."""

    name = "static:field-map"

    def problems(self, target: Target) -> list[str]:
        info = target.connector.info
        if info.capability(paywire.Operation.CREATE_CUSTOMER) is not paywire.Capability.REMOTE:
            return []
        problems = []
        missing = missing_from_map(info)
        if missing:
            problems.append(f"neither mapped in ConnectorInfo.fields nor declared unsupported: {', '.join(missing)}")
        for path, mapping in info.fields.items():
            if path not in paywire.CANONICAL_FIELDS:
                problems.append(f"fields maps {path!r}, which is not a canonical field")
            if not mapping.locations or not all(mapping.locations):
                problems.append(f"fields[{path!r}] names no location")
            bad = [f for f in mapping.with_fields if f not in paywire.CANONICAL_FIELDS]
            if bad:
                problems.append(f"fields[{path!r}].with_fields names non-canonical {', '.join(bad)}")
        return problems


def _package_files(plugin: object) -> list[tuple[str, str]]:
    """``(file name, source)`` of every module of the package a plugin module belongs to."""
    module = inspect.getmodule(plugin) if not isinstance(plugin, types.ModuleType) else plugin
    if module is None or module.__name__.startswith("paywire.") or not getattr(module, "__file__", None):
        return []
    top = sys.modules.get(module.__name__.partition(".")[0], module)
    root = Path(str(top.__file__)).parent if Path(str(top.__file__)).name == "__init__.py" else None
    paths = sorted(root.rglob("*.py")) if root is not None else [Path(str(module.__file__))]
    return [(str(path.relative_to(root) if root else path.name), path.read_text(encoding="utf-8")) for path in paths]


class PublicApiCheck(_Static):
    """The connector's package uses paywire's public API only: no ``paywire._private`` import, and
    every ``paywire.X`` it names is in ``paywire.__all__`` (the rest changes without notice)."""

    name = "static:public-api"

    def problems(self, target: Target) -> list[str]:
        problems = []
        for name, source in _package_files(target.connector.record.plugin):
            problems += [f"{name}:{line} {why}" for line, why in _private_uses(ast.parse(source))]
        return problems


def _names_paywire(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "paywire"


def _private_uses(tree: ast.AST) -> list[tuple[int, str]]:
    """``(line, what)`` for each use of paywire beyond its public API in ``tree``."""
    public = set(paywire.__all__) | {"hookspecs"}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "paywire":
            if node.module not in ("paywire", "paywire.hookspecs"):
                found.append((node.lineno, f"imports from {node.module}, not paywire's public API"))
            elif node.module == "paywire" and (private := sorted(a.name for a in node.names if a.name not in public)):
                found.append((node.lineno, f"imports {', '.join(private)}, not in paywire.__all__"))
        elif isinstance(node, ast.Import) and any(a.name.startswith("paywire._") for a in node.names):
            found.append((node.lineno, "imports a private paywire module"))
        elif _names_paywire(node) and isinstance(node, ast.Attribute) and node.attr not in public:
            found.append((node.lineno, f"uses paywire.{node.attr}, not in paywire.__all__"))
    return found


FIELDS_START, FIELDS_END = "<!-- fields:start -->\n", "<!-- fields:end -->"


class ReadmeFieldMapCheck(_Static):
    """A REMOTE connector's README shows its field map between ``<!-- fields:start -->`` and
    ``<!-- fields:end -->``, exactly as ``paywire-harness fields`` prints it from
    ``ConnectorInfo.fields``: the documentation cannot drift from the declaration. The README is
    read from the source folder of an editable install, else from the distribution's metadata."""

    name = "static:readme-field-map"

    def problems(self, target: Target) -> list[str]:
        record = target.connector.record
        remote = target.connector.info.capability(paywire.Operation.CREATE_CUSTOMER) is paywire.Capability.REMOTE
        if record.distribution is None or record.builtin or not remote:
            return []
        readme = _readme(record.distribution)
        if readme is None:
            return []
        how = f"paste `paywire-harness fields --connector {target.name}` between the markers"
        if FIELDS_START not in readme:
            return [
                f"{record.distribution}'s README shows no field map between {FIELDS_START.strip()} and "
                f"{FIELDS_END}: {how}"
            ]
        shown = readme.split(FIELDS_START, 1)[1].split(FIELDS_END, 1)[0]
        if shown != mapping_table(target.connector.info):
            return [f"the field map in {record.distribution}'s README differs from ConnectorInfo.fields: {how}"]
        return []


def _readme(distribution: str) -> str | None:
    """The README of an installed distribution: its source file when installed editable (the
    metadata's copy is as old as the install), else the long description in its metadata."""
    import json
    from importlib import metadata
    from urllib.parse import unquote, urlsplit

    try:
        dist = metadata.distribution(distribution)
    except metadata.PackageNotFoundError:
        return None
    direct = json.loads(dist.read_text("direct_url.json") or "{}")
    if direct.get("dir_info", {}).get("editable") and str(direct.get("url", "")).startswith("file://"):
        for name in ("README.md", "README.rst", "README"):
            path = Path(unquote(urlsplit(direct["url"]).path)) / name
            if path.is_file():
                return path.read_text(encoding="utf-8")
    payload = dist.metadata.get_payload()  # type: ignore[attr-defined]
    return payload if isinstance(payload, str) else None


STATIC_CHECKS: tuple[type[_Static], ...] = (
    MetadataCheck,
    HookimplsCheck,
    CapabilitiesCheck,
    CredentialsCheck,
    UnsupportedFieldsCheck,
    FieldMapCheck,
    ReadmeFieldMapCheck,
    PublicApiCheck,
    CassetteLintCheck,
)


def static_checks() -> list[_Static]:
    """One instance of every static check."""
    return [cls() for cls in STATIC_CHECKS]


def failed_plugin_result(record: paywire.PluginRecord) -> CheckResult:
    """A plugin that failed to load, reported as a failed ``static:hookimpls`` check."""
    where = f" ({record.distribution} {record.version})" if record.distribution else ""
    return CheckResult(
        record.name, HookimplsCheck.name, "failed", f"plugin {record.name!r}{where} failed to load: {record.error}"
    )
