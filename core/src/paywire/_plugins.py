"""Plugin discovery and the connector registry.

Plugins are found through the ``paywire`` entry-point group and loaded one entry point at a
time: a plugin that fails to import, implements a hook no spec defines, or describes itself
wrongly is recorded as failed with the reason, and every other plugin still loads.
``PAYWIRE_PLUGINS`` limits which entry points load (unset: all; ``a,b``: those; empty: none).
Built-in plugins (the ``sandbox`` connector) are registered exactly like third-party ones.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.metadata
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

import pluggy

from . import hookspecs
from ._connector import PLUGIN_API_VERSION, ConnectorInfo
from ._exceptions import ConfigurationError, PaywireError, PluginError
from ._version import USER_AGENT, __version__

__all__ = ["ENTRY_POINT_GROUP", "Connector", "PluginRecord", "Registry", "registry"]

ENTRY_POINT_GROUP = "paywire"
ALLOW_LIST_ENV = "PAYWIRE_PLUGINS"
BUILTIN_PLUGINS = ("paywire.sandbox",)

# Hooks whose implementation belongs to one connector: called on that connector's plugin only.
FLOW_HOOKS = (
    "paywire_create_customer_request",
    "paywire_create_customer_response",
    "paywire_error",
    "paywire_token_request",
    "paywire_token_response",
)


@dataclass
class PluginRecord:
    """One plugin as discovered: where it came from, and whether it loaded."""

    name: str
    distribution: str | None = None
    version: str | None = None
    builtin: bool = False
    status: Literal["loaded", "failed"] = "loaded"
    error: str | None = None
    info: ConnectorInfo | None = None
    """The connector it provides; None for a failed plugin or a non-connector plugin."""
    plugin: object | None = field(default=None, repr=False)

    @property
    def is_connector(self) -> bool:
        return self.info is not None

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready description (the ``paywire connectors --json`` row)."""
        info = self.info
        return {
            "name": self.name,
            "display_name": info.display_name if info else None,
            "distribution": self.distribution,
            "version": self.version,
            "builtin": self.builtin,
            "status": self.status,
            "error": self.error,
            "operations": {op.value: cap.value for op, cap in info.operations.items()} if info else {},
            "idempotency": (
                {"kind": info.idempotency.kind, "name": info.idempotency.name or None}
                if info and info.idempotency.kind != "none"
                else None
            ),
            "token": info.token if info else None,
            "options": {o.name: o.default for o in info.options} if info else {},
            "credentials": list(info.credentials.model_fields) if info else [],
        }


class Connector:
    """A loaded connector: its declaration and its flow hooks, reached on its plugin alone."""

    def __init__(self, record: PluginRecord, table: dict[str, dict[str, Any]], observer: Any) -> None:
        assert record.info is not None
        self.record = record
        self.info: ConnectorInfo = record.info
        self.name = record.name
        self._table = table
        """The registry's live hook table (connector -> hook -> caller): plugins registered later
        (a wrapper, another connector) are taken into account by connectors already handed out."""
        self._observer = observer

    @property
    def observer(self) -> Any | None:
        """The ``paywire_operation_finished`` hook, or None when no plugin observes."""
        return self._observer if self._observer.get_hookimpls() else None

    def __repr__(self) -> str:
        return f"<Connector {self.name!r} from {self.record.distribution}>"

    @property
    def user_agent(self) -> str:
        """``paywire/<version> (python <version>) <distribution>/<version>``: sent on every request."""
        record = self.record
        return f"{USER_AGENT} {record.distribution}/{record.version}" if record.distribution else USER_AGENT

    def call(self, hook: str, **kwargs: Any) -> Any:
        """Call one flow hook. A PaywireError passes through; anything else raised becomes a
        PluginError naming the plugin (a wrapper's, when a wrapper raised)."""
        hooks = self._table.get(self.name)
        if hooks is None:
            raise PluginError("is no longer registered", plugin=self.name)
        caller = hooks[hook]
        try:
            return caller(**kwargs)
        except PaywireError:
            raise
        except Exception as exc:
            culprit = _raising_plugin(caller, exc) or self.name
            raise PluginError(f"hook {hook} raised {type(exc).__name__}: {exc}", plugin=culprit) from exc


def _raising_plugin(caller: Any, exc: BaseException) -> str | None:
    """The plugin whose hook implementation raised ``exc`` (the deepest one in its traceback):
    a wrapper of another plugin is named, not the connector it wrapped."""
    owners = {
        impl.function.__code__: impl.plugin_name
        for impl in caller.get_hookimpls()
        if hasattr(impl.function, "__code__")
    }
    found = None
    tb = exc.__traceback__
    while tb is not None:
        found = owners.get(tb.tb_frame.f_code, found)
        tb = tb.tb_next
    return found


def _allowed_names() -> set[str] | None:
    raw = os.environ.get(ALLOW_LIST_ENV)
    if raw is None:
        return None
    return {part.strip() for part in raw.split(",") if part.strip()}


def _close_match(name: str, known: list[str]) -> list[str]:
    return difflib.get_close_matches(name, known, n=1)


class Registry:
    """The plugin manager and every plugin record. Loads entry points once, on first use."""

    def __init__(self, *, load_entry_points: bool = True) -> None:
        self.pm = pluggy.PluginManager(ENTRY_POINT_GROUP)
        self.pm.add_hookspecs(hookspecs)
        self._records: dict[str, PluginRecord] = {}
        self._connectors: dict[str, Connector] = {}
        self._hook_table: dict[str, dict[str, Any]] = {}
        self._load_entry_points = load_entry_points
        self._loaded = False
        self._lock = threading.RLock()

    # -- loading ---------------------------------------------------------------------------
    def _ensure_loaded(self) -> None:
        if not self._loaded:
            with self._lock:
                if not self._loaded:
                    self._loaded = True
                    self._load()

    def _load(self) -> None:
        for module_name in BUILTIN_PLUGINS:
            module = importlib.import_module(module_name)
            record = PluginRecord(module_name.rsplit(".", 1)[1], "paywire", __version__, builtin=True)
            self._add(module, record, rebuild=False)
        if self._load_entry_points:
            self._load_from_entry_points()
        self._rebuild_connectors()

    def _load_from_entry_points(self) -> None:
        allowed = _allowed_names()
        try:
            found = importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
        except Exception as exc:  # e.g. an unreadable entry_points.txt: list what did load
            name = "(entry points)"
            self._records[name] = PluginRecord(
                name, status="failed", error=f"discovery failed: {type(exc).__name__}: {exc}"
            )
            return
        for ep in found:
            if allowed is not None and ep.name not in allowed:
                continue
            dist = ep.dist
            record = PluginRecord(ep.name, dist.name if dist else None, dist.version if dist else None)
            if ep.name in self._records:
                record.status, record.error = "failed", f"name {ep.name!r} is already taken by another plugin"
                self._records.setdefault(f"{ep.name} ({record.distribution})", record)
                continue
            try:
                plugin = ep.load()  # one at a time: a broken plugin must not stop the others
            except Exception as exc:
                record.status, record.error = "failed", f"import failed: {type(exc).__name__}: {exc}"
                self._records[ep.name] = record
                continue
            self._add(plugin, record, rebuild=False)

    def _add(self, plugin: object, record: PluginRecord, *, rebuild: bool = True) -> PluginRecord:
        """Register one plugin and validate it; on any problem record the reason and unregister.
        ``rebuild=False`` leaves the connector table to the caller (one rebuild per batch)."""
        self._records[record.name] = record
        try:
            self._register_checked(plugin, record.name)
        except (pluggy.PluginValidationError, ValueError, PluginError) as exc:
            record.status, record.error = "failed", str(exc).removeprefix(f"plugin {record.name!r}: ")
            return record
        record.plugin = plugin
        try:
            record.info = self._describe(plugin, record.name)
        except PluginError as exc:
            self.pm.unregister(plugin)
            record.plugin = None
            record.status, record.error = "failed", str(exc).removeprefix(f"plugin {record.name!r}: ")
            return record
        if rebuild:
            self._rebuild_connectors()
        return record

    def _register_checked(self, plugin: object, name: str) -> None:
        """``pm.register`` refusing hooks no spec defines (pluggy accepts them until ``check_pending``)."""
        known = [name for name in dir(hookspecs) if name.startswith("paywire_")]
        for hook in dir(plugin):
            if self.pm.parse_hookimpl_opts(plugin, hook) is not None and hook not in known:
                hint = _close_match(hook, known)
                suffix = f" (did you mean {hint[0]!r}?)" if hint else ""
                raise ValueError(f"implements unknown hook {hook!r}{suffix}")
        self.pm.register(plugin, name=name)

    def _describe(self, plugin: object, name: str) -> ConnectorInfo | None:
        impls = [i for i in self.pm.hook.paywire_connector.get_hookimpls() if i.plugin is plugin]
        if not impls:
            return None
        try:
            info = impls[0].function()
        except Exception as exc:
            raise PluginError(f"paywire_connector raised {type(exc).__name__}: {exc}", plugin=name) from exc
        if not isinstance(info, ConnectorInfo):
            raise PluginError(f"paywire_connector returned {type(info).__name__}, not ConnectorInfo", plugin=name)
        if info.name != name:
            raise PluginError(f"declares connector name {info.name!r} but is registered as {name!r}", plugin=name)
        low, high = info.plugin_api
        if not low <= PLUGIN_API_VERSION <= high:
            raise PluginError(
                f"supports plugin API {low}..{high}, but this paywire provides plugin API {PLUGIN_API_VERSION}",
                plugin=name,
            )
        return info

    def _rebuild_connectors(self) -> None:
        """The connector table: each connector's flow hooks reach its own plugin (and the wrappers
        of non-connector plugins), never another connector's."""
        connectors = [r for r in self._records.values() if r.status == "loaded" and r.info is not None]
        table = {
            record.name: {
                hook: self.pm.subset_hook_caller(hook, [r.plugin for r in connectors if r is not record])
                for hook in FLOW_HOOKS
            }
            for record in connectors
        }
        self._hook_table.clear()
        self._hook_table.update(table)  # in place: connectors handed out earlier see the new table
        finished = self.pm.hook.paywire_operation_finished
        self._connectors = {
            record.name: known
            if (known := self._connectors.get(record.name)) and known.record is record
            else Connector(record, self._hook_table, finished)
            for record in connectors
        }

    # -- public ----------------------------------------------------------------------------
    def records(self) -> list[PluginRecord]:
        """Every plugin discovered, loaded or failed, in discovery order."""
        self._ensure_loaded()
        return list(self._records.values())

    def connectors(self) -> dict[str, Connector]:
        """Every connector that loaded, by name."""
        self._ensure_loaded()
        return dict(self._connectors)

    def connector(self, name: str) -> Connector:
        """The loaded connector ``name``; ConfigurationError/PluginError if unknown or broken."""
        self._ensure_loaded()
        found = self._connectors.get(name)
        if found is not None:
            return found
        record = self._records.get(name)
        if record is not None and record.status == "failed":
            raise PluginError(f"failed to load: {record.error}", plugin=name)
        known = sorted(self._connectors)
        hint = _close_match(name, known)
        msg = f"unknown connector {name!r}; installed: {', '.join(known) or 'none'}"
        if hint:
            msg += f" (did you mean {hint[0]!r}?)"
        raise ConfigurationError(msg)

    def register(self, plugin: object, name: str | None = None) -> PluginRecord:
        """Register an in-process plugin (module, class or instance), as tests do."""
        self._ensure_loaded()
        with self._lock:
            name = name or getattr(plugin, "__name__", None) or type(plugin).__name__
            if name in self._records:
                raise ValueError(f"a plugin named {name!r} is already registered")
            return self._add(plugin, PluginRecord(name, distribution=None, version=None))

    def unregister(self, name: str) -> None:
        """Remove a plugin registered with ``register``."""
        with self._lock:
            record = self._records.pop(name, None)
            if record is not None and record.plugin is not None:
                self.pm.unregister(record.plugin)
            self._rebuild_connectors()

    @contextmanager
    def registered(self, plugin: object, name: str | None = None) -> Iterator[PluginRecord]:
        """Register ``plugin`` for the duration of a ``with`` block."""
        record = self.register(plugin, name)
        try:
            yield record
        finally:
            self.unregister(record.name)


_registry: Registry | None = None
_registry_lock = threading.Lock()


def registry() -> Registry:
    """The process-wide registry (plugins load on first use)."""
    global _registry
    if _registry is None:
        with _registry_lock:
            if _registry is None:
                _registry = Registry()
    return _registry
