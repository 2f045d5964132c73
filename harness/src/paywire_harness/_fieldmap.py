"""Field maps: where each canonical field lands on the wire (``ConnectorInfo.fields``).

``property:field-map`` builds requests holding one canonical field (with the fields it needs,
``FieldMap.with_fields``) and checks that its value lands exactly where the connector declares:
a body key renamed, a value sent to the wrong place or converted wrongly fails, whatever else the
request holds. ``static:field-map`` checks the declaration is complete: every canonical field is
mapped or declared unsupported. ``mapping_table`` prints the declaration as the README's table.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import parse_qsl

from hypothesis import strategies as st

import paywire

from . import strategies
from .scenarios import EVERY_FIELD, SCENARIOS, fit

__all__ = ["field_map_problems", "located", "mapping_table", "missing_from_map", "values_for"]

_MISSING = object()


def _node(data: Any, parts: list[str]) -> Any:
    """The value at the path ``parts`` of a JSON document (list items by index), or ``_MISSING``."""
    node = data
    for part in parts:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return _MISSING
    return node


def _body(request: paywire.HttpRequest) -> tuple[str, Any]:
    """``("json", document)`` or ``("form", {key: value})`` for a built request's body."""
    try:
        return "json", json.loads(request.body)
    except (ValueError, RecursionError):
        return "form", dict(parse_qsl(request.body.decode("utf-8", "replace"), keep_blank_values=True))


def located(request: paywire.HttpRequest, location: str, placeholders: Mapping[str, str] | None = None) -> Any:
    """The value a built request holds at ``location`` (JSON path or form key), or None.

    ``placeholders`` fill ``{key}``/``{index}``; in a JSON path a filled placeholder is one
    segment, whatever it holds (a metadata key ``a.b`` is the key ``a.b``, not ``a`` then ``b``).
    """
    kind, data = _body(request)
    fill = placeholders or {}
    if kind == "json":
        found = _node(data, [part.format_map(fill) for part in location.split(".")])
    else:
        found = data.get(location.format_map(fill), _MISSING)
    return None if found is _MISSING else found


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _same(expected: str, got: str | None, contains: bool) -> bool:
    if got is None:
        return False
    a, b = unicodedata.normalize("NFC", expected), unicodedata.normalize("NFC", got)
    return a in b if contains else a == b


def values_for(path: str, value: Any) -> Iterator[tuple[dict[str, str], str]]:
    """``(placeholders, text)`` for each value a canonical field holds: one for text, one per item
    of a list (``{index}``), one per pair of a map (``{key}``)."""
    if isinstance(value, str):
        yield {}, value
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield {"index": str(index)}, item
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str):
                yield {"key": key}, item


def field_map_problems(path: str, mapping: paywire.FieldMap, value: Any, built: paywire.HttpRequest) -> str | None:
    """Why ``built`` does not hold ``value`` of canonical ``path`` where ``mapping`` says, or None."""
    for placeholders, text in values_for(path, value):
        expected = mapping.convert(text) if mapping.convert else text
        locations = [location.format_map(placeholders) for location in mapping.locations]
        parts = [_text(located(built, location, placeholders)) for location in mapping.locations]
        got = mapping.join.join(p for p in parts if p is not None) if len(parts) > 1 else parts[0]
        if not expected.strip() and got is None:
            continue  # a blank value a processor leaves out
        if not _same(expected, got, mapping.contains):
            where = " + ".join(repr(location) for location in locations)
            relation = "hold" if mapping.contains else "be"
            return (
                f"{path!r} should {relation} {expected[:60]!r} at {where} (FieldMap), "
                f"but the request holds {got[:60] if got else got!r} there"
            )
    return None


def missing_from_map(info: paywire.ConnectorInfo) -> list[str]:
    """Canonical fields the connector neither maps nor declares unsupported."""
    unsupported = info.unsupported_fields
    return [
        path
        for path in paywire.CANONICAL_FIELDS
        if path not in info.fields and not any(path == u or path.startswith(u + ".") for u in unsupported)
    ]


# -- generating one field's value ---------------------------------------------------------------


def field_strategy(path: str) -> st.SearchStrategy[Any]:
    """Values for the canonical field ``path`` alone, as the full request strategy draws them."""
    *parents, leaf = path.split(".")
    if parents:
        return strategies.address_part(leaf)
    return strategies.request_field(leaf)


def sample_value(path: str) -> Any:
    """A realistic value of ``path`` from the harness's full example request (None if it has none)."""
    node: Any = EVERY_FIELD
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def with_path(base: Mapping[str, Any], path: str, value: Any) -> dict[str, Any]:
    """``base`` with ``path`` set to ``value`` (nested dicts made as needed)."""
    out: dict[str, Any] = json.loads(json.dumps(base))
    *parents, leaf = path.split(".")
    node = out
    for part in parents:
        node = node.setdefault(part, {})
    node[leaf] = value
    return out


def minimal_base(info: paywire.ConnectorInfo) -> dict[str, Any]:
    """The minimal scenario's input fitted to the connector: added when a field alone is refused."""
    minimal = next(s for s in SCENARIOS if s.name == "minimal")
    return fit(minimal.calls[0].request, info)


def mapping_table(info: paywire.ConnectorInfo) -> str:
    """The connector's field map as a Markdown table: canonical field, processor field, note."""
    rows = ["| canonical field | sent as | note |", "|---|---|---|"]
    for path in paywire.CANONICAL_FIELDS:
        mapping = info.fields.get(path)
        if any(path == u or path.startswith(u + ".") for u in info.unsupported_fields):
            rows.append(f"| `{path}` | refused | {info.display_name} has no place for it |")
        elif mapping is not None:
            separator = f" {mapping.join!r} " if mapping.join else " + "
            where = separator.join(f"`{loc}`" for loc in mapping.locations)
            note = mapping.note or ("converted" if mapping.convert else "")
            rows.append(f"| `{path}` | {where} | {note} |")
        else:
            rows.append(f"| `{path}` | **not mapped** | |")
    return "\n".join(rows) + "\n"
