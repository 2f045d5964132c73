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
    digest = hashlib.sha256(context.idempotency_key.encode()).hexdigest()[:12]
    return paywire.CreateCustomerResponse(
        merchant_customer_id=request.merchant_customer_id, connector_customer_id=f"wrk_{digest}"
    )
