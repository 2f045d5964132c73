"""``paywire.split_name``: one name, or a first and last name, or both, as given and family names."""

from __future__ import annotations

import pytest

from paywire import split_name


@pytest.mark.parametrize(
    ("customer_name", "first", "last", "expected"),
    [
        ("Jane Roe", None, None, ("Jane", "Roe")),
        ("Ana María López", None, None, ("Ana", "María López")),
        ("Madonna", None, None, ("Madonna", None)),
        ("  Jane   Roe ", None, None, ("Jane", "Roe")),
        (None, "Jane", "Roe", ("Jane", "Roe")),
        (None, None, "Roe", (None, "Roe")),
        ("Mary Ann Smith", "Mary Ann", "Smith", ("Mary Ann", "Smith")),
        ("Mary Ann Smith", "Mary Ann", None, ("Mary Ann", "Smith")),
        ("Zoë Ñúñez 山田", "Zoë", "Ñúñez", ("Zoë", "Ñúñez 山田")),
        ("Mary Ann Smith", None, "Smith", ("Mary Ann", "Smith")),
        ("Jane Roe", "John", "Roe", None),
        ("Jane Roe", "Jane", "Doe", None),
        ("Jane", None, "Roe", None),
    ],
)
def test_split_name(
    customer_name: str | None, first: str | None, last: str | None, expected: tuple[str | None, str | None] | None
) -> None:
    assert split_name(customer_name, first, last) == expected


def test_a_blank_name_is_no_name() -> None:
    assert split_name("   ") == (None, None)
