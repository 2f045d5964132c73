"""Hypothesis profiles for the property checks: ``ci`` (reproducible) and ``nightly`` (thorough).

The profile is chosen by ``--hypothesis-profile`` (CLI and pytest), else ``PAYWIRE_HARNESS_PROFILE``,
else ``ci`` when the ``CI`` variable is set, else ``default``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

__all__ = ["PROFILES", "PROFILE_ENV", "load_profile", "profile_name"]

PROFILE_ENV = "PAYWIRE_HARNESS_PROFILE"

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    database=None,
    max_examples=200,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "nightly",
    deadline=None,
    database=None,
    max_examples=5_000,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)

PROFILES = ("default", "ci", "nightly")


def profile_name(requested: str | None = None) -> str:
    """The profile to use: ``requested``, else the environment's choice."""
    if requested:
        return requested
    from_env = os.environ.get(PROFILE_ENV)
    if from_env:
        return from_env
    return "ci" if os.environ.get("CI") else "default"


def load_profile(requested: str | None = None) -> str:
    """Load the chosen profile; returns its name. Unknown names raise ``ValueError``."""
    name = profile_name(requested)
    try:
        settings.get_profile(name)  # check first: a failed load_profile still changes the current name
    except Exception as exc:  # hypothesis raises InvalidArgument for an unknown profile
        raise ValueError(f"unknown hypothesis profile {name!r} (known: {', '.join(PROFILES)})") from exc
    settings.load_profile(name)
    return name
