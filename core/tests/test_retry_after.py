"""``paywire.parse_retry_after``: both forms RFC 9110 allows, and what it refuses."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

import paywire

NOW = datetime(2026, 11, 29, 10, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("120", 120.0),
        (" 1.5 ", 1.5),
        ("Sun, 29 Nov 2026 10:02:00 GMT", 120.0),  # an HTTP date, two minutes after NOW
        ("Sun, 29 Nov 2026 09:59:00 GMT", 0.0),  # already past: no wait
        ("-5", 0.0),  # never a negative wait
    ],
)
def test_delta_seconds_and_http_dates(value: str, seconds: float) -> None:
    assert paywire.parse_retry_after(value, now=NOW) == seconds


@pytest.mark.parametrize("value", [None, "", "soon", "nan", "inf"])
def test_absent_or_unusable_values_are_none(value: str | None) -> None:
    assert paywire.parse_retry_after(value, now=NOW) is None
