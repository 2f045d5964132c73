"""The harness's property checks on this connector, and the renamed-key check: the same
connector sending ``locale`` under another name must fail ``property:field-map``."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

import paywire
import paywire_mollie
from paywire_harness import CheckResult, Target
from paywire_harness.properties import property_checks

CHECKS = {check.name: check for check in property_checks()}
FAKE = paywire_mollie.MollieCredentials(api_key="test_paywirefake00000000000000000000")


class Renamed:
    """paywire-mollie under another connector name, except that the body key ``old`` is sent as ``new``."""

    def __init__(self, name: str, old: str, new: str) -> None:
        self.name, self.old, self.new = name, old, new

    @paywire.hookimpl
    def paywire_connector(self) -> paywire.ConnectorInfo:
        return dataclasses.replace(paywire_mollie.paywire_connector(), name=self.name)

    @paywire.hookimpl
    def paywire_create_customer_request(
        self, request: paywire.CreateCustomerRequest, credentials: Any, context: paywire.OperationContext
    ) -> paywire.HttpRequest:
        built = paywire_mollie.paywire_create_customer_request(request, credentials, context)
        body = {(self.new if key == self.old else key): value for key, value in json.loads(built.body).items()}
        return dataclasses.replace(built, body=paywire.json_body(body))

    @paywire.hookimpl
    def paywire_create_customer_response(self, response: paywire.HttpResponse) -> str:
        return paywire_mollie.paywire_create_customer_response(response)

    @paywire.hookimpl
    def paywire_error(self, response: paywire.HttpResponse) -> paywire.ConnectorError:
        return paywire_mollie.paywire_error(response)


@contextmanager
def target(plugin: Any, name: str) -> Iterator[Target]:
    with paywire.registry().registered(plugin, name=name):
        yield Target(connector=paywire.registry().connector(name), credentials=FAKE, cassette_dir=None)


def run(plugin: Any, name: str, check: str) -> CheckResult:
    with target(plugin, name) as the_target:
        return CHECKS[check].run(the_target)


@pytest.mark.parametrize(
    "check",
    [name for name in CHECKS if name != "property:error-never-success"],  # that one needs cassettes
)
def test_the_connector_passes_every_property(check: str) -> None:
    result = run(Renamed("mollie_same", "locale", "locale"), "mollie_same", check)
    assert result.outcome == "passed", result.message


def test_locale_renamed_language_fails_the_field_map() -> None:
    result = run(Renamed("mollie_language", "locale", "language"), "mollie_language", "property:field-map")
    assert result.outcome == "failed"
    assert "'preferred_locales' should be" in result.message and "at 'locale'" in result.message


def test_email_renamed_fails_the_field_map_too() -> None:
    result = run(Renamed("mollie_mail", "email", "emailAddress"), "mollie_mail", "property:field-map")
    assert result.outcome == "failed" and "'email'" in result.message
