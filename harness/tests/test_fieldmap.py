"""Field maps read back from built requests: a ``{key}`` placeholder is one key, whatever it holds."""

from __future__ import annotations

import json

import pytest

import paywire
from paywire_harness._fieldmap import field_map_problems, located

METADATA = paywire.FieldMap.to("metadata.{key}")


def _json(body: object) -> paywire.HttpRequest:
    return paywire.HttpRequest("POST", "https://processor.test/customers", {}, json.dumps(body).encode())


@pytest.mark.parametrize("key", ["plan", "a.b", ".", "0", "{x}"])
def test_a_json_map_key_is_one_path_segment(key: str) -> None:
    built = _json({"metadata": {key: "gold"}})
    assert located(built, "metadata.{key}", {"key": key}) == "gold"
    assert field_map_problems("metadata", METADATA, {key: "gold"}, built) is None


def test_a_dotted_key_split_into_nested_objects_is_not_the_key() -> None:
    built = _json({"metadata": {"a": {"b": "gold"}}})
    problem = field_map_problems("metadata", METADATA, {"a.b": "gold"}, built)
    assert problem is not None and "'metadata.a.b'" in problem


def test_form_keys_and_list_indexes_are_filled_as_before() -> None:
    form = paywire.HttpRequest("POST", "https://processor.test/customers", {}, b"metadata[a.b]=gold&tags[0]=x")
    assert field_map_problems("metadata", paywire.FieldMap.to("metadata[{key}]"), {"a.b": "gold"}, form) is None
    assert located(form, "tags[{index}]", {"index": "0"}) == "x"
    assert located(_json({"locales": ["en", "fr"]}), "locales.{index}", {"index": "1"}) == "fr"
    assert located(_json({"a": {"b": 1}}), "a.b") == 1
