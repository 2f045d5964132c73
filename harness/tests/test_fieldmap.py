"""Field-map locations: a ``{key}`` placeholder fills one JSON key, whatever the key holds."""

from __future__ import annotations

import json

import paywire
from paywire_harness._fieldmap import field_map_problems, located


def _json(data: object) -> paywire.HttpRequest:
    return paywire.HttpRequest("POST", "https://example.test/x", {}, json.dumps(data).encode())


def test_a_metadata_key_holding_dots_is_one_json_key() -> None:
    built = _json({"metadata": {".": "0", "a.b": "1", "plain": "2"}})
    mapping = paywire.FieldMap.to("metadata.{key}")
    assert field_map_problems("metadata", mapping, {".": "0", "a.b": "1", "plain": "2"}, built) is None
    assert located(built, "metadata.{key}", {"key": "a.b"}) == "1"


def test_a_value_elsewhere_is_still_found_missing() -> None:
    built = _json({"metadata": {"a": {"b": "1"}}})  # nested, not the key 'a.b'
    problem = field_map_problems("metadata", paywire.FieldMap.to("metadata.{key}"), {"a.b": "1"}, built)
    assert problem is not None and "'metadata.a.b'" in problem


def test_form_keys_are_filled_whole() -> None:
    built = paywire.HttpRequest("POST", "https://example.test/x", {}, b"metadata%5Ba.b%5D=1")
    assert field_map_problems("metadata", paywire.FieldMap.to("metadata[{key}]"), {"a.b": "1"}, built) is None
