"""A healthy third-party connector the core has never heard of (computes ids locally)."""

import hashlib

import paywire


@paywire.hookimpl
def paywire_connector() -> paywire.ConnectorInfo:
    return paywire.ConnectorInfo(
        name="working",
        display_name="Working Extra",
        credentials=paywire.NoCredentials,
        operations={paywire.Operation.CREATE_CUSTOMER: paywire.Capability.LOCAL},
    )


@paywire.hookimpl
def paywire_create_customer_request(request, context):
    return "wrk_" + hashlib.sha256(context.idempotency_key.encode()).hexdigest()[:12]
